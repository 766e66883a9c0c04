package bot

import (
	"fmt"
	"html"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Markdown to mrkdwn. Entry bodies are Markdown (DESIGN: "details,
// Markdown"); Slack renders its own mrkdwn, where "## What happened" shows
// as two hashes. goldmark parses the Markdown (CommonMark, with GitHub's
// strikethrough, tables and bare links), and the tree is written back as
// mrkdwn: headings and **strong** become *bold*, *emphasis* _italic_,
// lists • items (numbered ones keep their numbers), [label](url) links
// <url|label>, quotes and code as Slack writes them. Every piece of text
// goes through safe, so a body cannot carry markup into Slack either.

// markdown is the parser: safe for concurrent use once built.
func markdown() goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Table, extension.Linkify))
}

// mdToMrkdwn converts Markdown to mrkdwn.
func mdToMrkdwn(src string) string {
	return strings.Join(mdParagraphs(src), "\n\n")
}

// mdParagraphs converts Markdown to mrkdwn, one string per top-level block
// (heading, paragraph, list, quote, code).
func mdParagraphs(src string) []string {
	source := []byte(src)
	doc := markdown().Parser().Parse(text.NewReader(source))
	w := mdWriter{src: source}
	var out []string
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if s := strings.TrimRight(w.block(n, 0), "\n "); strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// mrkdwnSections converts Markdown to mrkdwn cut into pieces of at most max
// characters, each whole blocks where they fit: the texts of consecutive
// section blocks, for Slack's 3,000-character limit per section.
func mrkdwnSections(src string, max int) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, p := range mdParagraphs(src) {
		for _, piece := range splitLong(p, max) {
			if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+2+utf8.RuneCountInString(piece) > max {
				flush()
			}
			if cur.Len() > 0 {
				cur.WriteString("\n\n")
			}
			cur.WriteString(piece)
		}
	}
	flush()
	return out
}

// splitLong cuts mrkdwn longer than max characters at line breaks, or else
// at spaces, never inside an entity (&amp;) or a <link|label>.
func splitLong(s string, max int) []string {
	var out []string
	for utf8.RuneCountInString(s) > max {
		r := []rune(s)
		cut := max
		window := string(r[:max])
		if i := strings.LastIndex(window, "\n"); i > len(window)/2 {
			cut = utf8.RuneCountInString(window[:i])
		} else if i := strings.LastIndex(window, " "); i > len(window)/2 {
			cut = utf8.RuneCountInString(window[:i])
		}
		head := string(r[:cut])
		if i := strings.LastIndex(head, "<"); i >= 0 && !strings.Contains(head[i:], ">") {
			head = head[:i]
		}
		if i := strings.LastIndex(head, "&"); i >= 0 && !strings.Contains(head[i:], ";") {
			head = head[:i]
		}
		if head == "" {
			head = string(r[:max]) // nothing better: cut hard
		}
		out = append(out, strings.TrimRight(head, " \n"))
		s = strings.TrimLeft(s[len(head):], " \n")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// mdWriter writes a goldmark tree as mrkdwn.
type mdWriter struct {
	src []byte
}

// block writes a block node at list depth depth.
func (w mdWriter) block(n ast.Node, depth int) string {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return w.inlines(n)
	case *ast.Heading:
		return bold(w.inlines(n))
	case *ast.List:
		return w.list(n, depth)
	case *ast.Blockquote:
		var lines []string
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			for _, l := range strings.Split(w.block(c, depth), "\n") {
				lines = append(lines, ">"+" "+l)
			}
		}
		return strings.Join(lines, "\n")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		return "```\n" + safe(strings.TrimRight(w.lines(n), "\n")) + "\n```"
	case *ast.HTMLBlock:
		return safe(strings.TrimRight(w.lines(n), "\n"))
	case *ast.ThematicBreak:
		return "───────"
	case *east.Table:
		var rows []string
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, strings.TrimSpace(w.inlines(c)))
			}
			row := strings.Join(cells, " | ")
			if _, head := r.(*east.TableHeader); head {
				row = bold(row)
			}
			rows = append(rows, row)
		}
		return strings.Join(rows, "\n")
	}
	var parts []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		parts = append(parts, w.block(c, depth))
	}
	return strings.Join(parts, "\n")
}

// list writes a list: • items, or numbered from the list's start, nested
// lists indented under their item.
func (w mdWriter) list(n *ast.List, depth int) string {
	indent := strings.Repeat("    ", depth)
	var lines []string
	i := n.Start
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "•"
		if n.IsOrdered() {
			marker = fmt.Sprintf("%d.", i)
			i++
		}
		first := true
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok {
				lines = append(lines, w.list(sub, depth+1))
				continue
			}
			for _, l := range strings.Split(w.block(c, depth), "\n") {
				if first {
					lines = append(lines, indent+marker+" "+l)
					first = false
					continue
				}
				lines = append(lines, indent+"   "+l)
			}
		}
		if first {
			lines = append(lines, indent+marker)
		}
	}
	return strings.Join(lines, "\n")
}

// lines is the raw text of a code or HTML block.
func (w mdWriter) lines(n ast.Node) string {
	var b strings.Builder
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		b.Write(seg.Value(w.src))
	}
	return b.String()
}

// inlines writes the inline children of n.
func (w mdWriter) inlines(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.WriteString(w.inline(c))
	}
	return b.String()
}

// inline writes one inline node.
func (w mdWriter) inline(n ast.Node) string {
	switch n := n.(type) {
	case *ast.Text:
		s := safe(plainText(n.Segment.Value(w.src)))
		if n.SoftLineBreak() || n.HardLineBreak() {
			s += "\n"
		}
		return s
	case *ast.String:
		return safe(plainText(n.Value))
	case *ast.CodeSpan:
		return "`" + safe(string(w.rawText(n))) + "`"
	case *ast.Emphasis:
		if n.Level >= 2 {
			return bold(w.inlines(n))
		}
		return wrapText("_", w.inlines(n))
	case *east.Strikethrough:
		return wrapText("~", w.inlines(n))
	case *ast.Link:
		return openLink(string(n.Destination), string(w.rawText(n)))
	case *ast.AutoLink:
		u := string(n.URL(w.src))
		if n.AutoLinkType == ast.AutoLinkEmail {
			return safe(u)
		}
		return link(u, u)
	case *ast.Image:
		return openLink(string(n.Destination), string(w.rawText(n)))
	case *ast.RawHTML:
		var b strings.Builder
		for i := 0; i < n.Segments.Len(); i++ {
			seg := n.Segments.At(i)
			b.Write(seg.Value(w.src))
		}
		return safe(b.String())
	}
	return w.inlines(n)
}

// rawText is the plain text under n (a link's label, a code span).
func (w mdWriter) rawText(n ast.Node) []byte {
	var b []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b = append(b, plainText(t.Segment.Value(w.src))...)
		case *ast.String:
			b = append(b, t.Value...)
		default:
			b = append(b, w.rawText(c)...)
		}
	}
	return b
}

// openLink is a Markdown link as mrkdwn, never disguised: a label that
// does not show where the link goes is followed by the link's host, so
// "[NHS guidance](https://elsewhere.example)" reads "NHS guidance
// (elsewhere.example)".
func openLink(dest, label string) string {
	l := link(dest, label)
	u, err := url.Parse(dest)
	if err != nil || safeURL(dest) == "" || strings.Contains(strings.ToLower(label), strings.ToLower(u.Hostname())) {
		return l
	}
	return l + " (" + safe(u.Hostname()) + ")"
}

// plainText resolves Markdown's backslash escapes and HTML entities: the
// text as its author meant it, before safe escapes it for Slack.
func plainText(b []byte) string {
	return html.UnescapeString(string(util.UnescapePunctuations(b)))
}

// bold and wrapText put mrkdwn emphasis around text, outside its leading
// and trailing spaces (Slack ignores "* bold *").
func bold(s string) string { return wrapText("*", s) }

func wrapText(mark, s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return s
	}
	lead := s[:strings.Index(s, t)]
	trail := s[len(lead)+len(t):]
	return lead + mark + t + mark + trail
}
