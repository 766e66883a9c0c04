package handlers

import (
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// entryFields lists every field of an entry that holds text, ids included:
// an identifier must not enter the knowledge base as an id, a tag or a
// contact any more than as a title. The id, link and contact are machine
// values, screened each on its own (privacy.Field.Alone).
func entryFields(e knowledge.Entry) []privacy.Field {
	return []privacy.Field{
		{Name: "id", Text: e.ID, Alone: true}, {Name: "title", Text: e.Title}, {Name: "summary", Text: e.Summary},
		{Name: "body", Text: e.Body}, {Name: "tags", Text: strings.Join(e.Tags, "\n")},
		{Name: "source", Text: e.Source}, {Name: "url", Text: e.URL, Alone: true}, {Name: "contact", Text: e.Contact, Alone: true},
	}
}

// fieldFinding is a field of an entry that holds an identifier (several
// fields joined by "+" when it is split across them), and its kind.
type fieldFinding struct {
	field string
	kind  privacy.Kind
}

// screenEntry runs the privacy screen over every field of an entry and
// returns each field that holds an identifier, in field order; when no
// field does on its own, the fields are screened together, so an
// identifier split across two of them is found too.
func (a *App) screenEntry(e knowledge.Entry) []fieldFinding {
	fields := entryFields(e)
	var out []fieldFinding
	for _, f := range fields {
		if finding, ok := a.screener.First(f.Text); ok {
			out = append(out, fieldFinding{field: f.Name, kind: finding.Kind})
		}
	}
	if len(out) == 0 {
		if ff, ok := a.screener.ScreenFields(fields); ok {
			out = append(out, fieldFinding{field: strings.Join(ff.Fields, "+"), kind: ff.Kind})
		}
	}
	return out
}
