package knowledge_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

func sampleEntries() []knowledge.Entry {
	return []knowledge.Entry{
		{
			ID: "pilot-fracture-triage", Kind: knowledge.KindPilot,
			Title:   "AI fracture triage cleared an X-ray backlog",
			Summary: "An acute trust used AI to triage unreported X-rays & cleared its backlog.",
			Body:    "## What happened\n\n- Reporting radiographers saw flagged films first.\n- 12,000 films in 3 months.",
			Tags:    []string{"x-ray", "fracture detection", "a&e"}, Category: knowledge.CategoryDiagnosticsImaging,
			OrgType: knowledge.OrgAcuteTrust, Stage: knowledge.StagePilot, Outcome: knowledge.OutcomeSuccess,
			Evidence: knowledge.EvidenceAnecdotal, Source: "UCLPartners and the Health Foundation (March 2025)",
			URL: "https://example.org/report", Contact: "U012AB3CD", Status: knowledge.StatusApproved,
			CreatedAt:  knowledge.Date{Time: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), DateOnly: true},
			UpdatedAt:  knowledge.NewDate(time.Date(2025, 4, 2, 10, 30, 0, 0, time.UTC)),
			ReviewedAt: knowledge.Date{Time: time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC), DateOnly: true},
		},
		{
			ID: "guidance-dpia", Kind: knowledge.KindGuidance, Title: "DPIA: \"what\" and 'when'",
			Summary:   "Do a Data Protection Impact Assessment before processing: it is a legal duty.",
			Status:    knowledge.StatusPending,
			ReviewDue: knowledge.Date{Time: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), DateOnly: true},
		},
		{
			ID: "pilot-cxr-stopped", Kind: knowledge.KindPilot, Title: "Chest X-ray AI stopped",
			Summary: "Too many false positives.", Outcome: knowledge.OutcomeAbandoned, StopReason: knowledge.StopPerformance,
			Status: knowledge.StatusArchived, Body: "line one\nline two: with colon\n  indented: yes",
		},
	}
}

// TestRoundTrip: export → import → export is byte-identical, in both formats.
func TestRoundTrip(t *testing.T) {
	for _, f := range []knowledge.Format{knowledge.FormatJSONL, knowledge.FormatYAML} {
		t.Run(string(f), func(t *testing.T) {
			var first bytes.Buffer
			if err := knowledge.Write(&first, f, sampleEntries()); err != nil {
				t.Fatal(err)
			}
			recs, err := knowledge.Parse("backup."+string(f), f, bytes.NewReader(first.Bytes()))
			if err != nil {
				t.Fatalf("Parse(own export): %v\n%s", err, first.String())
			}
			var got []knowledge.Entry
			for _, r := range recs {
				got = append(got, r.Entry)
			}
			var second bytes.Buffer
			if err := knowledge.Write(&second, f, got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(first.String(), second.String()); diff != "" {
				t.Errorf("second export differs (-first +second):\n%s", diff)
			}
			if len(got) != 3 {
				t.Fatalf("got %d entries, want 3", len(got))
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	long := strings.Repeat("x", 151)
	tests := []struct {
		name, file, input string
		want              []string // each must appear in the error text, in order
	}{
		{"bad json", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s"}` + "\n" + `{"id": "b",`, []string{"a.jsonl:2: invalid JSON"}},
		{"unknown field", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","titel":"x"}`, []string{"a.jsonl:1: titel: unknown field"}},
		{"bad enum", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","outcome":"great"}`, []string{"a.jsonl:1: outcome: must be one of success"}},
		{"missing required", "a.jsonl", `{"id":"a","kind":"pilot","summary":"s"}`, []string{"a.jsonl:1: title: required"}},
		{"overlong title", "a.jsonl", `{"id":"a","kind":"pilot","title":"` + long + `","summary":"s"}`, []string{"a.jsonl:1: title: at most 150 characters"}},
		{"duplicate id", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s"}` + "\n\n" + `{"id":"a","kind":"insight","title":"t","summary":"s"}`, []string{"a.jsonl:3: id: duplicate of the entry on line 1"}},
		{"wrong type", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","tags":"x"}`, []string{"a.jsonl:1: tags: want a list of strings"}},
		{"bad date", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","created_at":"yesterday"}`, []string{"a.jsonl:1: created_at: want a date"}},
		{"bad id", "a.jsonl", `{"id":"Has Spaces","kind":"pilot","title":"t","summary":"s"}`, []string{"a.jsonl:1: id: use lowercase"}},
		{"stop reason without abandon", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","outcome":"success","stop_reason":"supplier"}`, []string{"stop_reason: only an abandoned pilot"}},
		{"outcome on guidance", "a.jsonl", `{"id":"a","kind":"guidance","title":"t","summary":"s","outcome":"success"}`, []string{"outcome: only pilots"}},
		{"bad contact", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","contact":"bob"}`, []string{"contact: must be a Slack user id"}},
		{"bad url", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","url":"javascript:alert(1)"}`, []string{"url: must be an http"}},
		{"url with slack markup", "a.jsonl", `{"id":"a","kind":"pilot","title":"t","summary":"s","url":"https://x.org/a|<!channel>"}`, []string{"url: must not contain"}},
		{"two bad lines", "a.jsonl", `{"id":"a","kind":"x","title":"t","summary":"s"}` + "\n" + `{"id":"b","kind":"pilot","title":"t"}`, []string{"a.jsonl:1: kind:", "(and 1 more)"}},
		{"yaml unknown field", "a.yaml", "- id: a\n  kind: pilot\n  title: t\n  summary: s\n  sumary: x\n", []string{"a.yaml:5: sumary: unknown field"}},
		{"yaml bad enum", "a.yaml", "- id: a\n  kind: pilot\n  title: t\n  summary: s\n- id: b\n  kind: blog\n  title: t\n  summary: s\n", []string{"a.yaml:5: kind: must be one of"}},
		{"yaml not a list", "a.yaml", "id: a\n", []string{"a.yaml:1: want a list of entries"}},
		{"yaml syntax", "a.yaml", "- id: a\n  title: [unclosed\n", []string{"a.yaml:", "invalid YAML"}},
		{"yaml tags not list", "a.yml", "- id: a\n  kind: pilot\n  title: t\n  summary: s\n  tags: {a: b}\n", []string{"a.yml:5: tags: want a list of strings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := knowledge.FormatOf(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			recs, err := knowledge.Parse(tt.file, f, strings.NewReader(tt.input))
			if err == nil {
				t.Fatalf("Parse succeeded with %d records, want an error", len(recs))
			}
			if recs != nil {
				t.Errorf("got %d records with an error, want none (all or nothing)", len(recs))
			}
			var ie *knowledge.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T %v is not an *ImportError", err, err)
			}
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("error %q does not contain %q", msg, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

func TestParseDefaultsAndNormalises(t *testing.T) {
	in := `{"id":"a","kind":"insight","title":"  Title ","summary":"s","tags":["Chest X-Ray","chest x-ray","  AVT  "]}`
	recs, err := knowledge.Parse("a.jsonl", knowledge.FormatJSONL, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	got := recs[0].Entry
	if got.Status != knowledge.StatusApproved {
		t.Errorf("status = %q, want approved (the import default)", got.Status)
	}
	if diff := cmp.Diff([]string{"chest x-ray", "avt"}, got.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	if got.Title != "Title" {
		t.Errorf("title = %q, want trimmed", got.Title)
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]knowledge.Format{"a.jsonl": "jsonl", "b.YAML": "yaml", "c.yml": "yaml"} {
		got, err := knowledge.FormatOf(name)
		if err != nil || got != want {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := knowledge.FormatOf("a.csv"); err == nil {
		t.Error("FormatOf(a.csv) succeeded, want an error")
	}
}

func TestDueForReview(t *testing.T) {
	day := func(s string) knowledge.Date { d, _ := knowledge.ParseDate(s); return d }
	tests := []struct {
		name string
		e    knowledge.Entry
		want string
	}{
		{"guidance six months", knowledge.Entry{Kind: knowledge.KindGuidance, ReviewedAt: day("2025-01-31")}, "2025-07-31"},
		{"pilot twelve months", knowledge.Entry{Kind: knowledge.KindPilot, ReviewedAt: day("2025-01-31")}, "2026-01-31"},
		{"explicit due wins", knowledge.Entry{Kind: knowledge.KindPilot, ReviewedAt: day("2025-01-31"), ReviewDue: day("2025-02-01")}, "2025-02-01"},
		{"falls back to created", knowledge.Entry{Kind: knowledge.KindInsight, CreatedAt: day("2024-05-05")}, "2025-05-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.DueForReview().Format(time.DateOnly); got != tt.want {
				t.Errorf("DueForReview = %s, want %s", got, tt.want)
			}
		})
	}
}
