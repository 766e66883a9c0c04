package seed_test

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
)

// noteURLHosts maps each entry whose document the reference notes
// (shared/reference/nhs-ai-guidance-notes.md) both name and give an address
// for to the host its url must point at. The notes give only three
// addresses: the NHS England Transformation Directorate site (home of DTAC,
// the NHS AI Lab resources and the IG guidance), the DSPT site and the AI and
// Digital Regulations Service. They give none for DCB0129, DCB0160, NICE,
// the MHRA, the National Data Guardian, the ambient scribing long-reads or
// the report itself, so those entries carry no url: a guessed address is
// worse than none, and `source` must stand alone anyway.
func noteURLHosts() map[string]string {
	const (
		transform = "transform.england.nhs.uk"
		dspt      = "dsptoolkit.nhs.uk"
		aidrs     = "digitalregulations.innovation.nhs.uk"
	)
	return map[string]string{
		"guidance-dtac":                         transform, // DTAC pages, Transformation Directorate
		"guidance-buyers-guide":                 transform, // NHS AI Lab resources
		"guidance-copilot-ig":                   transform, // IG guidance
		"guidance-lawful-basis-confidentiality": transform, // IG guidance on ambient scribing
		"use-case-dna-prediction":               transform, // AI: How to get it right, NHS AI Lab resources
		"guidance-dspt-caf":                     dspt,
		"guidance-aidrs":                        aidrs,
		"guidance-local-validation":             aidrs, // the adopters' topic on planning local validation
	}
}

// contentProblems returns what is wrong with e as curated content, one line
// per problem, or nil. hosts is the table of required url hosts (see
// noteURLHosts); a url anywhere must point at one of its hosts, since those
// are the only addresses the reference notes give.
func contentProblems(e knowledge.Entry, hosts map[string]string) []string {
	var probs []string
	add := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }

	if strings.TrimSpace(e.Source) == "" {
		add("source: empty; name the document (title, publisher, date) that holds the facts")
	}
	if e.URL != "" {
		u, err := url.Parse(e.URL)
		switch {
		case err != nil || u.Scheme != "https":
			add("url: %q is not an https link", e.URL)
		case !slices.Contains(slices.Collect(maps.Values(hosts)), u.Host):
			add("url: host %q is not an address the reference notes give", u.Host)
		}
	}
	if want, ok := hosts[e.ID]; ok {
		u, err := url.Parse(e.URL)
		if e.URL == "" || err != nil || u.Host != want {
			add("url: want a link to %s, which the reference notes give for this document", want)
		}
	}
	if e.Kind == knowledge.KindPilot {
		if e.Stage == "" {
			add("stage: a pilot needs a stage")
		}
		if e.Outcome == "" {
			add("outcome: a pilot needs an outcome")
		}
		if e.Evidence == "" {
			add("evidence: a pilot needs an evidence level (anecdotal when no data was published)")
		}
		if e.Outcome == knowledge.OutcomeAbandoned && e.StopReason == "" {
			add("stop_reason: an abandoned pilot needs a stop reason")
		}
	}
	body := figures(e.Body)
	for _, f := range []struct{ name, text string }{{"title", e.Title}, {"summary", e.Summary}} {
		for _, fig := range sortedKeys(figures(f.text)) {
			if !body[fig] {
				add("%s: figure %q does not appear in the body", f.name, fig)
			}
		}
	}
	if e.ReviewedAt.IsZero() {
		add("reviewed_at: not set")
	} else {
		want := e.ReviewedAt.AddDate(1, 0, 0)
		if e.Kind == knowledge.KindGuidance {
			want = e.ReviewedAt.AddDate(0, 6, 0)
		}
		if !e.ReviewDue.Time.Equal(want) {
			add("review_due: %s, want %s (guidance 6 months after reviewed_at, others 12)",
				e.ReviewDue, want.Format(time.DateOnly))
		}
	}
	// A long run of digits in an id could pass for an identifier (an NHS or
	// phone number) on a screen or in a log; the standards' short numbers
	// (dcb0129, bs30440) are fine.
	if regexp.MustCompile(`\d{6,}`).MatchString(e.ID) {
		add("id: a run of six or more digits could look like an identifier")
	}
	return probs
}

// figures returns the numbers written in s: runs of digits, with any
// decimal or thousands separators and a trailing %, that are not part of a
// word or code (DCB0129, HTE12). "over 68%" gives "68%", "£21 million" "21".
func figures(s string) map[string]bool {
	out := map[string]bool{}
	for _, tok := range regexp.MustCompile(`\p{L}*\d[\d.,]*%?\p{L}*`).FindAllString(s, -1) {
		if strings.IndexFunc(tok, unicode.IsLetter) >= 0 {
			continue
		}
		out[strings.TrimRight(tok, ".,")] = true
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestSeedContent holds the shipped seed to the curation rules: every entry
// names its source, links its document where the reference notes give the
// address (and nowhere else), every pilot has a stage, outcome and evidence
// level, every figure in a title or summary is in the body that explains it,
// and every entry has been reviewed with a consistent review date.
func TestSeedContent(t *testing.T) {
	entries, err := seed.Entries()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("seed has no entries")
	}
	hosts := noteURLHosts()
	byID := map[string]knowledge.Entry{}
	for _, e := range entries {
		if _, dup := byID[e.ID]; dup {
			t.Errorf("%s: id used twice", e.ID)
		}
		byID[e.ID] = e
		for _, p := range contentProblems(e, hosts) {
			t.Errorf("%s: %s", e.ID, p)
		}
	}
	for id := range hosts {
		if _, ok := byID[id]; !ok {
			t.Errorf("url table names %s, which is not in the seed", id)
		}
	}
}

// TestContentChecksCatchBrokenEntries shows that each rule of
// contentProblems can fail: a valid entry passes, and each broken copy is
// reported with the problem it has.
func TestContentChecksCatchBrokenEntries(t *testing.T) {
	hosts := map[string]string{"guidance-example-linked": "transform.england.nhs.uk"}
	reviewed := knowledge.Day(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	pilot := func() knowledge.Entry {
		return knowledge.Entry{
			ID: "pilot-example", Kind: knowledge.KindPilot, Title: "Backlog cleared: 30% faster",
			Summary: "Reporting was 30% faster over 6 months.",
			Body:    "- Reporting time fell by 30% in 6 months (internal audit).",
			Stage:   knowledge.StagePilot, Outcome: knowledge.OutcomeSuccess, Evidence: knowledge.EvidenceInternalAudit,
			Source: "Example trust, internal audit (2026)", Status: knowledge.StatusApproved,
			ReviewedAt: reviewed, ReviewDue: knowledge.Day(reviewed.AddDate(1, 0, 0)),
		}
	}
	guidance := func() knowledge.Entry {
		return knowledge.Entry{
			ID: "guidance-example-linked", Kind: knowledge.KindGuidance, Title: "DTAC",
			Summary: "The national baseline for buying digital tools (2021).", Body: "Launched in 2021.",
			Source: "NHS England, DTAC (2021)", URL: "https://transform.england.nhs.uk/", Status: knowledge.StatusApproved,
			ReviewedAt: reviewed, ReviewDue: knowledge.Day(reviewed.AddDate(0, 6, 0)),
		}
	}
	for name, e := range map[string]knowledge.Entry{"pilot": pilot(), "guidance": guidance()} {
		if got := contentProblems(e, hosts); len(got) != 0 {
			t.Fatalf("valid %s reported: %q", name, got)
		}
	}

	cases := []struct {
		name  string
		entry func() knowledge.Entry
		want  []string // the start of each expected problem, in order
	}{
		{"empty source", func() knowledge.Entry { e := pilot(); e.Source = " "; return e }, []string{"source: empty"}},
		{"guidance without the url the notes give", func() knowledge.Entry { e := guidance(); e.URL = ""; return e }, []string{"url: want a link to transform.england.nhs.uk"}},
		{"guidance linking elsewhere", func() knowledge.Entry { e := guidance(); e.URL = "https://www.example.org/dtac"; return e }, []string{"url: host \"www.example.org\" is not an address", "url: want a link to transform.england.nhs.uk"}},
		{"guessed url on any entry", func() knowledge.Entry { e := pilot(); e.URL = "https://www.nice.org.uk/guidance/hte20"; return e }, []string{"url: host \"www.nice.org.uk\" is not an address"}},
		{"plain http url", func() knowledge.Entry { e := pilot(); e.URL = "http://transform.england.nhs.uk/"; return e }, []string{"url: \"http://transform.england.nhs.uk/\" is not an https link"}},
		{"pilot without stage", func() knowledge.Entry { e := pilot(); e.Stage = ""; return e }, []string{"stage: a pilot needs a stage"}},
		{"pilot without outcome", func() knowledge.Entry { e := pilot(); e.Outcome = ""; return e }, []string{"outcome: a pilot needs an outcome"}},
		{"pilot without evidence", func() knowledge.Entry { e := pilot(); e.Evidence = ""; return e }, []string{"evidence: a pilot needs an evidence level"}},
		{"abandoned pilot without stop reason", func() knowledge.Entry { e := pilot(); e.Outcome = knowledge.OutcomeAbandoned; return e }, []string{"stop_reason: an abandoned pilot needs a stop reason"}},
		{"summary figure missing from body", func() knowledge.Entry { e := pilot(); e.Summary = "Reporting was 35% faster over 6 months."; return e }, []string{"summary: figure \"35%\" does not appear in the body"}},
		{"summary says 68% where body says a different figure", func() knowledge.Entry {
			e := pilot()
			e.Title, e.Summary, e.Body = "Early adopters", "68% rated it early.", "- Over 86% rated it early."
			return e
		}, []string{"summary: figure \"68%\" does not appear in the body"}},
		{"title figure missing from body", func() knowledge.Entry { e := pilot(); e.Title = "Backlog cleared in 9 weeks"; return e }, []string{"title: figure \"9\" does not appear in the body"}},
		{"never reviewed", func() knowledge.Entry {
			e := pilot()
			e.ReviewedAt, e.ReviewDue = knowledge.Date{}, knowledge.Date{}
			return e
		}, []string{"reviewed_at: not set"}},
		{"guidance due in 12 months", func() knowledge.Entry {
			e := guidance()
			e.ReviewDue = knowledge.Day(reviewed.AddDate(1, 0, 0))
			return e
		}, []string{"review_due: 2027-12-07, want 2027-06-07"}},
		{"pilot without review_due", func() knowledge.Entry { e := pilot(); e.ReviewDue = knowledge.Date{}; return e }, []string{"review_due: "}},
		{"identifier-like id", func() knowledge.Entry { e := pilot(); e.ID = "pilot-9990000018"; return e }, []string{"id: a run of six or more digits"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := contentProblems(tc.entry(), hosts)
			ok := len(got) == len(tc.want)
			for i := 0; ok && i < len(got); i++ {
				ok = strings.HasPrefix(got[i], tc.want[i])
			}
			if !ok {
				t.Errorf("problems = %q, want %d starting %q", got, len(tc.want), tc.want)
			}
		})
	}
}

// TestFigures pins what counts as a figure, so the summary rule neither
// misses a percentage nor trips over standard names such as DCB0129.
func TestFigures(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"over 68% early, 16% moderate, under 3% advanced", []string{"16%", "3%", "68%"}},
		{"DCB0129, HTE12 and BS 30440:2023", []string{"2023", "30440"}},
		{"the £21 million fund (2023).", []string{"2023", "21"}},
		{"Art. 6(1)(e) and 1,000 entries", []string{"1", "1,000", "6"}},
		{"no figures at all", nil},
	} {
		got := sortedKeys(figures(tc.in))
		if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("figures(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
