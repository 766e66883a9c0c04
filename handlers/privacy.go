package handlers

import (
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// entryFields lists every field of an entry that holds text, ids included:
// an identifier must not enter the knowledge base as an id, a tag or a
// contact any more than as a title.
func entryFields(e knowledge.Entry) []privacy.Field {
	return []privacy.Field{
		{Name: "id", Text: e.ID}, {Name: "title", Text: e.Title}, {Name: "summary", Text: e.Summary},
		{Name: "body", Text: e.Body}, {Name: "tags", Text: strings.Join(e.Tags, "\n")},
		{Name: "source", Text: e.Source}, {Name: "url", Text: e.URL}, {Name: "contact", Text: e.Contact},
	}
}

// screenEntry runs the privacy screen over an entry's fields, one by one
// and together, and returns the first field that holds an identifier, and
// its kind.
func (a *App) screenEntry(e knowledge.Entry) (string, privacy.Kind, bool) {
	ff, found := a.screener.ScreenFields(entryFields(e))
	if !found {
		return "", "", false
	}
	return strings.Join(ff.Fields, "+"), ff.Kind, true
}
