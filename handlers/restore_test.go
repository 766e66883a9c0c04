package handlers_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestRestoreAnswersTheSame is the documented backup check: export, lose
// everything (FLUSHALL), restore with import, and ask a fixed set of
// questions: the answers and their sources must be the same.
func TestRestoreAnswersTheSame(t *testing.T) {
	ctx := t.Context()
	rdb := redistest.Client(t)
	newApp := func() *handlers.App {
		app := buildApp(t, handlers.Deps{Store: redisstore.New(rdb, "kb")})
		if _, err := app.EnsureSeeded(ctx); err != nil {
			t.Fatal(err)
		}
		if err := app.LoadIndex(ctx); err != nil {
			t.Fatal(err)
		}
		return app
	}
	app := newApp()
	// A change of our own, so the backup is not just the seed.
	extra := `{"id":"pilot-local-dna-texts","kind":"pilot","title":"Text reminders cut missed appointments","summary":"A community trust sent AI-timed text reminders and missed appointments fell.","outcome":"success","evidence":"internal_audit","org_type":"community","status":"approved"}` + "\n" +
		`{"id":"pilot-pending","kind":"pilot","title":"Pending lesson","summary":"Waiting.","status":"pending"}` + "\n"
	if _, err := app.Import(ctx, "extra.jsonl", knowledge.FormatJSONL, bytes.NewReader([]byte(extra))); err != nil {
		t.Fatal(err)
	}
	questions := []string{
		"has anyone used AI to clear an x-ray backlog?",
		"what do I need before a DPIA?",
		"any1 done AVT in primary care?",
		"did text reminders reduce DNAs?",
		"where do I park at the hospital?",
	}
	answers := func(a *handlers.App) [][]string {
		var out [][]string
		for _, q := range questions {
			ans, err := a.Ask(ctx, handlers.AskRequest{Question: q})
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{ans.Text}
			for _, s := range ans.Sources {
				ids = append(ids, s.ID)
			}
			out = append(out, ids)
		}
		return out
	}
	before := answers(app)
	var backup bytes.Buffer
	if _, err := app.Export(ctx, &backup, knowledge.FormatJSONL); err != nil {
		t.Fatal(err)
	}
	if err := rdb.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	restored := newApp() // a fresh replica on the empty Redis: it seeds first
	if _, err := restored.Import(ctx, "backup.jsonl", knowledge.FormatJSONL, bytes.NewReader(backup.Bytes())); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, answers(restored)); diff != "" {
		t.Errorf("answers after restore differ (-before +after):\n%s", diff)
	}
	var again bytes.Buffer
	if _, err := restored.Export(ctx, &again, knowledge.FormatJSONL); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(backup.Bytes(), again.Bytes()) {
		t.Error("the restored store does not export the same backup")
	}
}
