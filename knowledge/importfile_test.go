package knowledge_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
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
		{"yaml one entry, not a list", "a.yaml", "id: a\n", []string{"a.yaml:1: kind: required"}},
		{"yaml scalar", "a.yaml", "hello\n", []string{"a.yaml:1: want an entry (field: value lines) or a list of entries"}},
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

// TestReadFindings: each case is a way an import used to lose data or
// report problems a few at a time (issue 14).
func TestReadFindings(t *testing.T) {
	entry := func(id string) string {
		return `{"id":"` + id + `","kind":"insight","title":"T","summary":"S"}`
	}
	yamlEntry := func(id string) string { return "id: " + id + "\nkind: insight\ntitle: T\nsummary: S\n" }
	var sixty strings.Builder
	for i := range 60 {
		fmt.Fprintf(&sixty, `{"id":"e%d","kind":"robot","title":"T","summary":"S"}`+"\n", i)
	}
	tests := []struct {
		name, file, input string
		wantIDs           []string // the records read, when there is no problem
		wantProblems      []string // the problems listed, in order
		wantCount         int      // all problems, listed or not (0: len(wantProblems))
	}{
		{"yaml stream of two documents", "a.yaml", yamlEntry("a") + "---\n" + yamlEntry("b"), []string{"a", "b"}, nil, 0},
		{"yaml stream of a list and an entry", "a.yaml", "- " + strings.ReplaceAll(strings.TrimSpace(yamlEntry("a")), "\n", "\n  ") + "\n---\n" + yamlEntry("b") + "---\n", []string{"a", "b"}, nil, 0},
		{"yaml stream with an empty document", "a.yaml", "---\n" + yamlEntry("a") + "---\n---\n" + yamlEntry("b"), []string{"a", "b"}, nil, 0},
		{"utf-8 bom, jsonl", "a.jsonl", "\xEF\xBB\xBF" + entry("a") + "\n" + entry("b") + "\n", []string{"a", "b"}, nil, 0},
		{"utf-8 bom, yaml", "a.yaml", "\xEF\xBB\xBF" + yamlEntry("a"), []string{"a"}, nil, 0},
		{"crlf line ends", "a.jsonl", entry("a") + "\r\n" + entry("b") + "\r\n", []string{"a", "b"}, nil, 0},
		{"json key given twice", "a.jsonl", `{"id":"a","kind":"insight","title":"T","title":"U","summary":"S"}`, nil,
			[]string{"a.jsonl:1: title: given twice in one entry"}, 0},
		{"yaml key given twice", "a.yaml", "- id: a\n  kind: insight\n  summary: S\n  summary: T\n  title: X\n", nil,
			[]string{"a.yaml:4: summary: given twice in one entry"}, 0},
		{"every problem of one entry", "a.jsonl", `{"id":"a","kind":"robot","titel":"T","tags":"x","outcome":"great"}`, nil,
			[]string{"a.jsonl:1: titel: unknown field", "a.jsonl:1: tags: want a list of strings", "a.jsonl:1: kind: must be one of",
				"a.jsonl:1: title: required", "a.jsonl:1: summary: required", "a.jsonl:1: outcome: must be one of"}, 0},
		{"every problem of the file in one run", "a.jsonl",
			`{"id":"a","kind":"insight","title":"T","summary":"S","colour":"x"}` + "\n" + // read
				`{"id":"b","kind":"insight","title":"T"}` + "\n" + // validation
				`{"id": "c",` + "\n" + // syntax
				entry("a") + "\n", // duplicate
			nil, []string{"a.jsonl:1: colour: unknown field", "a.jsonl:2: summary: required", "a.jsonl:3: invalid JSON", "a.jsonl:4: id: duplicate of the entry on line 1"}, 0},
		{"more than 50 problems are counted", "a.jsonl", sixty.String(), nil,
			slices.Repeat([]string{": kind: must be one of"}, knowledge.MaxShownProblems), 60},
		{"two objects on one line", "a.jsonl", entry("a") + entry("b"), nil, []string{"a.jsonl:1: want one JSON object per line"}, 0},
		{"not utf-8 (Windows-1252 pound sign)", "a.jsonl", `{"id":"a","kind":"insight","title":"Cost ` + "\xA3" + `5","summary":"S"}`, nil,
			[]string{"a.jsonl:1: not UTF-8 text"}, 0},
		{"utf-16", "a.jsonl", "\xFF\xFE{\x00", nil, []string{"a.jsonl:1: the file is UTF-16: save it as UTF-8"}, 0},
		{"a line too long does not stop the lines after it", "a.jsonl",
			`{"id":"a","kind":"insight","title":"T","summary":"` + strings.Repeat("s", 1<<20) + `"}` + "\n" + `{"id":"b","kind":"insight","title":"T"}` + "\n", nil,
			[]string{"a.jsonl:1: line longer than", "a.jsonl:2: summary: required"}, 0},
		{"yaml syntax error says what was not read", "a.yaml", yamlEntry("a") + "---\ntitle: [unclosed\n", nil,
			[]string{"a.yaml:", "invalid YAML", "nothing after it was read"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := knowledge.FormatOf(tt.file)
			if err != nil {
				t.Fatal(err)
			}
			var p knowledge.Problems
			recs := knowledge.Read(tt.file, f, strings.NewReader(tt.input), &p)
			err = p.Err()
			if tt.wantProblems == nil {
				if err != nil {
					t.Fatalf("problems: %v", err)
				}
				var ids []string
				for _, r := range recs {
					ids = append(ids, r.Entry.ID)
				}
				if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
					t.Errorf("ids read (-want +got):\n%s", diff)
				}
				return
			}
			var ie *knowledge.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Read: %v, want an *ImportError", err)
			}
			if tt.name == "yaml syntax error says what was not read" {
				// One problem holding every fragment.
				for _, w := range tt.wantProblems {
					if !strings.Contains(ie.Errs[0].Error(), w) {
						t.Errorf("problem %q lacks %q", ie.Errs[0].Error(), w)
					}
				}
			} else {
				if len(ie.Errs) != len(tt.wantProblems) {
					t.Fatalf("%d problems listed, want %d:\n%s", len(ie.Errs), len(tt.wantProblems), errLines(ie))
				}
				for i, w := range tt.wantProblems {
					if got := ie.Errs[i].Error(); !strings.HasPrefix(got, w) && !strings.Contains(got, w) {
						t.Errorf("problem %d = %q, want %q", i+1, got, w)
					}
				}
			}
			want := tt.wantCount
			if want == 0 {
				want = len(tt.wantProblems)
			}
			if ie.Count() != want {
				t.Errorf("Count() = %d, want %d", ie.Count(), want)
			}
			if strings.Contains(err.Error(), "\xA3") || strings.Contains(err.Error(), "great") || strings.Contains(err.Error(), "robot") {
				t.Errorf("error %q quotes the file", err)
			}
		})
	}
}

func errLines(ie *knowledge.ImportError) string {
	var b strings.Builder
	for _, e := range ie.Errs {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}
