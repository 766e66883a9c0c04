package handlers_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// The podiatry pilot is on a topic the seed does not cover, so a question
// about it finds it or nothing.
const (
	podiatryID       = "pilot-podiatry-foot-ulcer-photos"
	podiatryQuestion = "has anyone used AI to measure diabetic foot ulcers in podiatry?"
)

// podiatryLine is the podiatry pilot as an import line with the given status.
func podiatryLine(status string) string {
	return fmt.Sprintf(`{"id": %q, "kind": "pilot", "title": "AI measurement of diabetic foot ulcers from photos in community podiatry", `+
		`"summary": "A community podiatry team used an AI app to measure diabetic foot ulcers from photographs; wound measurements took a third of the time.", `+
		`"tags": ["podiatry", "wound care"], "category": "diagnostics_imaging", "org_type": "community", "outcome": "success", "evidence": "internal_audit", `+
		`"source": "Community podiatry service, 2026", "status": %q, "created_at": "2026-02-01"}`, podiatryID, status)
}

func TestImportNewEntryIsSearchable(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.count(t)
	if ans := a.ask(t, podiatryQuestion); ans.Confident() {
		t.Fatalf("before import, %q found %v; want nothing (the test needs an unseen topic)", podiatryQuestion, sourceIDs(ans))
	}
	res, err := a.importJSONL(t, "new.jsonl", podiatryLine("approved"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(handlers.ImportResult{Created: 1}, res); diff != "" {
		t.Errorf("ImportResult (-want +got):\n%s", diff)
	}
	if got := a.count(t); got != before+1 {
		t.Errorf("store holds %d entries, want %d", got, before+1)
	}
	// At once: no SyncIndex, no FollowChanges.
	ans := a.ask(t, podiatryQuestion)
	if !ans.Confident() || !slices.Contains(sourceIDs(ans), podiatryID) {
		t.Errorf("after import, Found = %v with sources %v; want %s", ans.Confident(), sourceIDs(ans), podiatryID)
	}
}

func TestImportUpdate(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	if _, err := a.importJSONL(t, "v1.jsonl", podiatryLine("approved")); err != nil {
		t.Fatal(err)
	}
	before := a.count(t)
	v2 := strings.Replace(podiatryLine("approved"), "a third of the time", "half the time", 1)
	newer := `{"id": "insight-podiatry-second", "kind": "insight", "title": "Podiatry teams want photo measurement", "summary": "Several podiatry teams asked for AI wound photo measurement."}`
	res, err := a.importJSONL(t, "v2.jsonl", v2, newer)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(handlers.ImportResult{Created: 1, Updated: 1}, res); diff != "" {
		t.Errorf("ImportResult (-want +got):\n%s", diff)
	}
	if got := a.count(t); got != before+1 {
		t.Errorf("store holds %d entries, want %d", got, before+1)
	}
	e, err := a.store.Get(t.Context(), podiatryID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.Summary, "half the time") {
		t.Errorf("stored summary = %q, want the updated one", e.Summary)
	}
	ans := a.ask(t, podiatryQuestion)
	i := slices.Index(sourceIDs(ans), podiatryID)
	if i < 0 {
		t.Fatalf("sources = %v, want %s", sourceIDs(ans), podiatryID)
	}
	if s := ans.Sources[i].Summary; !strings.Contains(s, "half the time") {
		t.Errorf("answer's source summary = %q, want the updated one", s)
	}
}

func TestImportOnlyApprovedAnswers(t *testing.T) {
	t.Parallel()
	for _, status := range []string{"pending", "rejected", "archived"} {
		t.Run(status, func(t *testing.T) {
			t.Parallel()
			a := newApp(t)
			res, err := a.importJSONL(t, "s.jsonl", podiatryLine(status))
			if err != nil {
				t.Fatal(err)
			}
			if res.Created != 1 {
				t.Errorf("Created = %d, want 1", res.Created)
			}
			if err := a.SyncIndex(t.Context()); err != nil {
				t.Fatal(err)
			}
			if ans := a.ask(t, podiatryQuestion); ans.Confident() || slices.Contains(sourceIDs(ans), podiatryID) {
				t.Errorf("a %s entry answered: Found = %v, sources %v", status, ans.Confident(), sourceIDs(ans))
			}
			// A fresh replica building its index from scratch must agree.
			b := appOn(t, a.rdb, "kb")
			if err := b.LoadIndex(t.Context()); err != nil {
				t.Fatal(err)
			}
			if ans := b.ask(t, podiatryQuestion); slices.Contains(sourceIDs(ans), podiatryID) {
				t.Errorf("a %s entry answered after LoadIndex: sources %v", status, sourceIDs(ans))
			}
		})
	}
}

func TestArchivedDisappears(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		archive func(t *testing.T, a *testApp)
	}{
		{"by import", func(t *testing.T, a *testApp) {
			if _, err := a.importJSONL(t, "archive.jsonl", podiatryLine("archived")); err != nil {
				t.Fatal(err)
			}
		}},
		{"in the store by another replica", func(t *testing.T, a *testApp) {
			_, _, err := a.store.Update(t.Context(), podiatryID, func(e *knowledge.Entry) error {
				e.Status = knowledge.StatusArchived
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"deleted from the store", func(t *testing.T, a *testApp) {
			if err := a.store.Delete(t.Context(), podiatryID); err != nil {
				t.Fatal(err)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newApp(t)
			if _, err := a.importJSONL(t, "new.jsonl", podiatryLine("approved")); err != nil {
				t.Fatal(err)
			}
			if ans := a.ask(t, podiatryQuestion); !slices.Contains(sourceIDs(ans), podiatryID) {
				t.Fatalf("approved entry not found: sources %v", sourceIDs(ans))
			}
			tc.archive(t, a)
			if err := a.SyncIndex(t.Context()); err != nil {
				t.Fatal(err)
			}
			if ans := a.ask(t, podiatryQuestion); ans.Confident() || slices.Contains(sourceIDs(ans), podiatryID) {
				t.Errorf("after archiving and SyncIndex: Found = %v, sources %v; want nothing", ans.Confident(), sourceIDs(ans))
			}
		})
	}
}

func TestImportRefusesPatientData(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	before := a.export(t, knowledge.FormatJSONL)
	countBefore := a.count(t)
	withNHS := `{"id": "pilot-with-patient", "kind": "pilot", "title": "Discharge summaries", "summary": "Drafted by AI.", "body": "It worked for the patient 999 000 0018 on ward 4."}`
	_, err := a.importJSONL(t, "lessons.jsonl", podiatryLine("approved"), withNHS)
	var ie *knowledge.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("Import = %v, want a *knowledge.ImportError", err)
	}
	want := []knowledge.LineError{{File: "lessons.jsonl", Line: 2, Field: "body", Msg: "looks like an NHS number"}}
	if diff := cmp.Diff(want, ie.Errs); diff != "" {
		t.Errorf("import errors (-want +got):\n%s", diff)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "lessons.jsonl:2: body: ") || !strings.Contains(msg, "looks like an NHS number") {
		t.Errorf("error = %q, want lessons.jsonl:2: body: … looks like an NHS number", msg)
	}
	for _, s := range []string{"999 000 0018", "9990000018", "0018"} {
		if strings.Contains(msg, s) {
			t.Errorf("error = %q, repeats the number", msg)
		}
	}
	if got := a.count(t); got != countBefore {
		t.Errorf("store holds %d entries after a refused import, want %d", got, countBefore)
	}
	if after := a.export(t, knowledge.FormatJSONL); !bytes.Equal(before, after) {
		t.Errorf("store changed after a refused import (%d bytes exported before, %d after)", len(before), len(after))
	}
}

func TestImportErrorsWriteNothing(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	good := podiatryLine("approved")
	for _, tc := range []struct {
		name   string
		format knowledge.Format
		file   string
		want   string // the first problem, FILE:LINE: field: reason
	}{
		{"bad json", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot",`, "f:2: invalid JSON"},
		{"not an object", knowledge.FormatJSONL, good + "\n" + `["id"]`, "f:2: want one JSON object per line"},
		{"unknown field", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "S", "outcom": "success"}`, "f:2: outcom: unknown field"},
		{"bad enum", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "robot", "title": "T", "summary": "S"}`, "f:2: kind: must be one of"},
		{"bad outcome", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "S", "outcome": "great"}`, "f:2: outcome: must be one of"},
		{"missing required", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T"}`, "f:2: summary: required"},
		{"missing id", knowledge.FormatJSONL, good + "\n" + `{"kind": "pilot", "title": "T", "summary": "S"}`, "f:2: id: required"},
		{"overlong title", knowledge.FormatJSONL, good + "\n" + fmt.Sprintf(`{"id": "x", "kind": "pilot", "title": %q, "summary": "S"}`, strings.Repeat("t", knowledge.MaxTitleLen+1)), "f:2: title: at most 150 characters"},
		{"overlong body", knowledge.FormatJSONL, good + "\n" + fmt.Sprintf(`{"id": "x", "kind": "pilot", "title": "T", "summary": "S", "body": %q}`, strings.Repeat("b", knowledge.MaxBodyLen+1)), "f:2: body: at most 8000 characters"},
		{"wrong type", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "S", "tags": "one"}`, "f:2: tags: want a list of strings"},
		{"bad date", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "S", "created_at": "yesterday"}`, "f:2: created_at: want a date"},
		{"duplicate ids", knowledge.FormatJSONL, good + "\n" + good, "f:2: id: duplicate of the entry on line 1"},
		{"phone in the summary", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "Call 07700 900123 for details."}`, "f:2: summary: looks like a phone number"},
		{"email in the source", knowledge.FormatJSONL, good + "\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "S", "source": "jane.smith@nhs.net"}`, "f:2: source: looks like a personal email address"},
		{"yaml unknown field", knowledge.FormatYAML, "- id: x\n  kind: pilot\n  title: T\n  summary: S\n- id: y\n  kind: pilot\n  title: T\n  summary: S\n  titel: T\n", "f:9: titel: unknown field"},
		{"yaml bad enum", knowledge.FormatYAML, "- id: x\n  kind: pilot\n  title: T\n  summary: S\n  org_type: hospital\n", "f:1: org_type: must be one of"},
		// One entry without the list is read as an entry (a --- stream of one).
		{"yaml one entry, not a list", knowledge.FormatYAML, "id: x\nkind: pilot\n", "f:1: title: required"},
		{"yaml neither entry nor list", knowledge.FormatYAML, "just words\n", "f:1: want an entry"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := a.export(t, knowledge.FormatJSONL)
			res, err := a.Import(t.Context(), "f", tc.format, strings.NewReader(tc.file))
			var ie *knowledge.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Import = %+v, %v; want a *knowledge.ImportError", res, err)
			}
			if got := ie.Errs[0].Error(); !strings.HasPrefix(got, tc.want) {
				t.Errorf("first problem = %q, want it to start %q", got, tc.want)
			}
			if res != (handlers.ImportResult{}) {
				t.Errorf("ImportResult = %+v, want zero", res)
			}
			if after := a.export(t, knowledge.FormatJSONL); !bytes.Equal(before, after) {
				t.Errorf("store changed after a failed import (%d bytes exported before, %d after)", len(before), len(after))
			}
			if _, err := a.store.Get(t.Context(), podiatryID); !errors.Is(err, knowledge.ErrNotFound) {
				t.Errorf("the good line was written: Get(%s) = %v, want not found", podiatryID, err)
			}
		})
	}
}

// TestExportImportRoundTrip restores a backup of the seeded store into an
// empty namespace of the same Redis: the restored store exports the same
// bytes. Entries of every status and both date forms are included.
func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	extra := []string{
		podiatryLine("pending"),
		`{"id": "insight-rejected-one", "kind": "insight", "title": "Rejected & odd <chars> \"quoted\"", "summary": "Summary with ünïcödé and a tab\tinside.", "status": "rejected", "created_at": "2026-03-01T09:30:00Z", "updated_at": "2026-03-02T10:00:00+01:00"}`,
		`{"id": "guidance-archived-one", "kind": "guidance", "title": "Old guidance", "summary": "Superseded.", "body": "Line one.\n\nLine two.", "tags": ["old", "x-ray"], "url": "https://example.org/a?b=c&d=e", "contact": "U012AB3CD", "status": "archived", "reviewed_at": "2025-01-01", "review_due": "2025-07-01"}`,
	}
	if _, err := a.importJSONL(t, "extra.jsonl", extra...); err != nil {
		t.Fatal(err)
	}
	for _, format := range []knowledge.Format{knowledge.FormatJSONL, knowledge.FormatYAML} {
		t.Run(string(format), func(t *testing.T) {
			t.Parallel()
			backup := a.export(t, format)
			b := appOn(t, a.rdb, "other-"+string(format))
			if err := b.LoadIndex(t.Context()); err != nil {
				t.Fatal(err)
			}
			res, err := b.Import(t.Context(), "backup."+string(format), format, bytes.NewReader(backup))
			if err != nil {
				t.Fatal(err)
			}
			if want := (handlers.ImportResult{Created: a.count(t)}); res != want {
				t.Errorf("ImportResult = %+v, want %+v", res, want)
			}
			restored := b.export(t, format)
			if !bytes.Equal(backup, restored) {
				t.Errorf("export after restore differs from the backup (-backup +restored):\n%s", cmp.Diff(string(backup), string(restored)))
			}
			// The restored replica answers like the original.
			if ans := b.ask(t, "has anyone used AI to clear an x-ray backlog?"); !slices.Contains(sourceIDs(ans), "pilot-fracture-ai-xray-backlog") {
				t.Errorf("restored store does not answer the x-ray question: sources %v", sourceIDs(ans))
			}
		})
	}
}

func TestExportEmpty(t *testing.T) {
	t.Parallel()
	a := appOn(t, redistest.Client(t), "kb")
	for _, tc := range []struct {
		format knowledge.Format
		want   string
	}{
		{knowledge.FormatJSONL, ""},
		{knowledge.FormatYAML, "[]\n"},
	} {
		t.Run(string(tc.format), func(t *testing.T) {
			if got := string(a.export(t, tc.format)); got != tc.want {
				t.Errorf("export of an empty store = %q, want %q", got, tc.want)
			}
			res, err := a.Import(t.Context(), "empty", tc.format, strings.NewReader(tc.want))
			if err != nil || res != (handlers.ImportResult{}) {
				t.Errorf("Import(empty export) = %+v, %v; want nothing, no error", res, err)
			}
		})
	}
}

// TestSeedPassesPrivacyScreen: the shipped seed must hold nothing the
// privacy screen refuses, or kbbot would ship what it refuses to store.
func TestSeedPassesPrivacyScreen(t *testing.T) {
	t.Parallel()
	screen := privacy.New(privacy.DefaultAllowList())
	for _, e := range seedEntries(t) {
		t.Run(e.ID, func(t *testing.T) {
			for _, f := range []struct{ name, text string }{
				{"title", e.Title}, {"summary", e.Summary}, {"body", e.Body},
				{"tags", strings.Join(e.Tags, "\n")}, {"source", e.Source},
			} {
				for _, found := range screen.Find(f.text) {
					t.Errorf("%s holds %s at bytes %d-%d (%q)", f.name, found.Kind, found.Start, found.End, f.text[found.Start:found.End])
				}
			}
		})
	}
}
