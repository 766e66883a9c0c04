package search_test

import (
	"fmt"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// TestGenerator checks the benchmark corpus generator: the same seed makes
// the same entries, every entry is one import would accept and the privacy
// screen would pass, bodies are the promised length, and the mix covers
// every kind and organisation type. A benchmark over entries that the real
// system would refuse would measure nothing useful.
func TestGenerator(t *testing.T) {
	const n = 400
	a, err := searchtest.Entries(n, searchtest.Seed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := searchtest.Entries(n, searchtest.Seed)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two generators with one seed differ (-first +second):\n%s", diff)
	}
	other, err := searchtest.Entries(n, searchtest.Seed+1)
	if err != nil {
		t.Fatal(err)
	}
	if cmp.Equal(a, other) {
		t.Errorf("generators with different seeds made the same entries")
	}

	screen := privacy.New(privacy.DefaultAllowList())
	ids := map[string]bool{}
	kinds := map[knowledge.Kind]int{}
	orgs := map[knowledge.OrgType]int{}
	for _, e := range a {
		if ids[e.ID] {
			t.Errorf("id %s generated twice", e.ID)
		}
		ids[e.ID] = true
		kinds[e.Kind]++
		orgs[e.OrgType]++
		if diff := cmp.Diff(knowledge.Normalize(e), e); diff != "" {
			t.Errorf("%s is not normalised (-normalised +got):\n%s", e.ID, diff)
		}
		if errs := knowledge.Validate(e); errs != nil {
			t.Errorf("%s: Validate = %v, want no problems", e.ID, errs)
		}
		if !e.Approved() {
			t.Errorf("%s: status %q, want approved", e.ID, e.Status)
		}
		if got := utf8.RuneCountInString(e.Body); got < searchtest.MinBody || got > searchtest.MaxBody {
			t.Errorf("%s: body has %d characters, want %d to %d", e.ID, got, searchtest.MinBody, searchtest.MaxBody)
		}
		for field, text := range map[string]string{"title": e.Title, "summary": e.Summary, "body": e.Body, "source": e.Source} {
			if f := screen.Find(text); len(f) > 0 {
				t.Errorf("%s: %s holds %v, want nothing the privacy screen refuses", e.ID, field, f)
			}
		}
	}
	for _, k := range knowledge.Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no entry of kind %s in %d", k, n)
		}
	}
	for _, o := range knowledge.OrgTypes() {
		if orgs[o] == 0 {
			t.Errorf("no entry from org type %s in %d", o, n)
		}
	}
}

// TestCorpus checks that the benchmark knowledge base has exactly the size
// asked for and starts with the seed, so benchmarks of "1000 entries"
// index 1000 entries.
func TestCorpus(t *testing.T) {
	for _, n := range []int{10, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			got, err := searchtest.Corpus(n)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Errorf("Corpus(%d) has %d entries, want %d", n, len(got), n)
			}
			if got[0].ID != "guidance-before-you-pilot" {
				t.Errorf("Corpus(%d)[0] = %s, want the first seed entry", n, got[0].ID)
			}
		})
	}
}
