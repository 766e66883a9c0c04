package handlers_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestImportRefusesIdentifiersInEveryField: an identifier in any field of
// an import line, in any layout, ids included, or split across two fields,
// is refused with the field named, and nothing is written.
func TestImportRefusesIdentifiersInEveryField(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.export(t, knowledge.FormatJSONL)
	base := map[string]any{
		"id": "pilot-discharge-summaries", "kind": "pilot", "title": "Discharge summaries drafted by AI",
		"summary": "Drafted by AI and checked by a doctor.", "body": "It worked on ward 4.",
		"tags": []string{"discharge"}, "source": "A London trust, 2025",
	}
	line := func(changes map[string]any) string {
		m := map[string]any{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	tests := []struct {
		name    string
		changes map[string]any
		field   string
	}{
		{"id", map[string]any{"id": "9434765919"}, "id"},
		{"title, two spaces", map[string]any{"title": "Discharge for 943  476  5919"}, "title"},
		{"summary, tabs", map[string]any{"summary": "Checked 943\t476\t5919 by hand."}, "summary"},
		{"body, invisible joiners", map[string]any{"body": "Seen 943\u200d476\u200d5919 on ward 4."}, "body"},
		{"body, Devanagari", map[string]any{"body": "Seen ९४३ ४७६ ५९१९ on ward 4."}, "body"},
		{"tags, split", map[string]any{"tags": []string{"943", "476", "5919"}}, "tags"},
		{"source, date of birth in words", map[string]any{"source": "Jane Smith born on the 3rd of April 1961"}, "source"},
		{"contact, email", map[string]any{"contact": "first.last.team@nhs.net"}, "contact"},
		{"url, phone", map[string]any{"url": "https://example.org/call/07700.900.123"}, "url"},
		{"split across title and summary", map[string]any{"title": "Discharge summaries 943 476", "summary": "5919 drafted by AI."}, "title+summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.importJSONL(t, "lessons.jsonl", line(tt.changes))
			var ie *knowledge.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Import = %v, want a *knowledge.ImportError", err)
			}
			found := false
			for _, le := range ie.Errs {
				// A contact must be a Slack user id, so an address there
				// is refused by validation before the screen sees it.
				found = found || le.Field == tt.field && (strings.HasPrefix(le.Msg, "looks like") || tt.field == "contact")
			}
			if !found {
				t.Errorf("import errors = %+v, want one on %s saying what it looks like", ie.Errs, tt.field)
			}
			for _, v := range []string{"9434765919", "5919", "07700", "first.last", "1961"} {
				if strings.Contains(err.Error(), v) {
					t.Errorf("error %q repeats %q", err, v)
				}
			}
		})
	}
	if after := a.export(t, knowledge.FormatJSONL); !bytes.Equal(before, after) {
		t.Errorf("the store changed after refused imports")
	}
}

// TestImportMachineValuesAreNotJoined: an entry's id, contact and link
// are screened each on its own, not run into the neighbouring fields,
// where their digits made identifiers of ordinary words (a Slack user id
// before a tag "10 year health plan" read as ten digits; an id's digits
// after a tag "number" as a hospital number). Three generated entries were
// refused that way.
func TestImportMachineValuesAreNotJoined(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	lines := []string{
		`{"id":"gen-042009","kind":"pilot","title":"Using the 10 year health plan to cut paperwork","summary":"A community team cut paperwork.","tags":["10 year health plan"],"contact":"U80049652","source":"Synthetic write-up from a community nursing team"}`,
		`{"id":"gen-047959","kind":"pilot","title":"Co-production in talking therapies","summary":"A service reviewed its pathway.","tags":["co-production","a&e","number"],"contact":"UC9AD9AE0"}`,
		`{"id":"gen-049007","kind":"pilot","title":"OneLondon in an ICB","summary":"An ICB triaged email.","tags":["onelondon","stop criteria","a&e","number"]}`,
	}
	res, err := a.importJSONL(t, "generated.jsonl", lines...)
	if err != nil || res.Created != 3 {
		t.Fatalf("import = %+v, %v; want 3 entries in", res, err)
	}
	// The machine values are still screened on their own.
	if _, err := a.importJSONL(t, "id.jsonl", `{"id":"pilot-9434765919","kind":"pilot","title":"A pilot","summary":"It worked."}`); err == nil {
		t.Errorf("an NHS number as an id was let in")
	}
}

// TestFreshKnowledgeBaseNeedsNoMigration: the first writes to an empty
// namespace (the seed, an import) pass this privacy screen, so they record
// its version and serve's migration skips them; a namespace that already
// held anything keeps whatever version it had (none here), and is migrated.
func TestFreshKnowledgeBaseNeedsNoMigration(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t)
	ctx := t.Context()
	screened := func(ns string) string {
		v, _ := rdb.Get(ctx, ns+":privacy:screened").Result()
		return v
	}
	seeded := appOn(t, rdb, "fresh1")
	if _, err := seeded.EnsureSeeded(ctx); err != nil {
		t.Fatal(err)
	}
	if got := screened("fresh1"); got != privacy.Version {
		t.Errorf("after seeding an empty namespace: screened %q, want %q", got, privacy.Version)
	}
	imported := appOn(t, rdb, "fresh2")
	if _, err := imported.importJSONL(t, "kb.jsonl", `{"id":"pilot-a","kind":"pilot","title":"A pilot","summary":"It worked."}`); err != nil {
		t.Fatal(err)
	}
	if got := screened("fresh2"); got != privacy.Version {
		t.Errorf("after importing into an empty namespace: screened %q, want %q", got, privacy.Version)
	}
	// Something was there before (a record an older kbbot kept).
	rdb.Set(ctx, "old:thread:C1:1.0", `{"question":"kept by an older version"}`, 0)
	old := appOn(t, rdb, "old")
	if _, err := old.importJSONL(t, "kb.jsonl", `{"id":"pilot-a","kind":"pilot","title":"A pilot","summary":"It worked."}`); err != nil {
		t.Fatal(err)
	}
	if got := screened("old"); got != "" {
		t.Errorf("a namespace with older records was marked screened %q", got)
	}
}
