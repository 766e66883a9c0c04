package handlers

import (
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// fieldFinding is a field of an entry that holds an identifier, and its kind.
type fieldFinding struct {
	field string
	kind  privacy.Kind
}

// screenEntry runs the privacy screen over an entry's free-text fields and
// returns each field that holds an identifier, in field order.
func (a *App) screenEntry(e knowledge.Entry) []fieldFinding {
	var out []fieldFinding
	for _, f := range []struct{ name, text string }{
		{"title", e.Title}, {"summary", e.Summary}, {"body", e.Body},
		{"tags", strings.Join(e.Tags, "\n")}, {"source", e.Source}, {"url", e.URL},
	} {
		if finding, ok := a.screener.First(f.text); ok {
			out = append(out, fieldFinding{field: f.name, kind: finding.Kind})
		}
	}
	return out
}
