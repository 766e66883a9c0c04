package handlers

import (
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// screenEntry runs the privacy screen over an entry's free-text fields and
// returns the first field that holds an identifier, and its kind.
func (a *App) screenEntry(e knowledge.Entry) (string, privacy.Kind, bool) {
	for _, f := range []struct{ name, text string }{
		{"title", e.Title}, {"summary", e.Summary}, {"body", e.Body},
		{"tags", strings.Join(e.Tags, "\n")}, {"source", e.Source}, {"url", e.URL},
	} {
		if finding, ok := a.screener.First(f.text); ok {
			return f.name, finding.Kind, true
		}
	}
	return "", "", false
}
