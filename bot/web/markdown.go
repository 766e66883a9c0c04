package web

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// newMarkdown returns the renderer for entry bodies: CommonMark with
// tables, strikethrough and autolinks, and never raw HTML. goldmark leaves
// raw HTML out unless told otherwise (html.WithUnsafe, never set here) and
// drops links with dangerous schemes (javascript:, vbscript:, file:, data:
// except images); text is escaped.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
}

// renderMarkdown renders an entry's body. goldmark's output is safe HTML
// by construction (see newMarkdown), which is why it may be marked so.
func (s *Server) renderMarkdown(body string) template.HTML {
	var buf bytes.Buffer
	if err := s.md.Convert([]byte(body), &buf); err != nil {
		// Convert only fails when writing fails, and a buffer does not.
		return template.HTML(template.HTMLEscapeString(body))
	}
	return template.HTML(buf.String())
}
