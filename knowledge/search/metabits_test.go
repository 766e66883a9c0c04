package search

import (
	"math/rand/v2"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// TestMetaBitsAgreeWithMetaFit: the packed metadata fit of the hot loop is
// exactly metaFit, for every kind of metadata and random intents, values
// outside the enumerations included; and the enumerations fit in a word.
func TestMetaBitsAgreeWithMetaFit(t *testing.T) {
	if n := len(knowledge.Kinds()) + len(knowledge.OrgTypes()) + len(knowledge.Outcomes()) +
		len(knowledge.EvidenceLevels()) + len(knowledge.StopReasons()); n > 64 {
		t.Fatalf("%d metadata values do not fit in 64 bits", n)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(all []string) string {
		if rng.IntN(len(all)+2) >= len(all) {
			return []string{"", "unheard-of"}[rng.IntN(2)]
		}
		return all[rng.IntN(len(all))]
	}
	some := func(all []string) []string {
		var out []string
		for range rng.IntN(3) {
			out = append(out, pick(all))
		}
		return out
	}
	strs := func(n int, f func(int) string) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	kinds := strs(len(knowledge.Kinds()), func(i int) string { return string(knowledge.Kinds()[i]) })
	orgs := strs(len(knowledge.OrgTypes()), func(i int) string { return string(knowledge.OrgTypes()[i]) })
	outs := strs(len(knowledge.Outcomes()), func(i int) string { return string(knowledge.Outcomes()[i]) })
	evs := strs(len(knowledge.EvidenceLevels()), func(i int) string { return string(knowledge.EvidenceLevels()[i]) })
	stops := strs(len(knowledge.StopReasons()), func(i int) string { return string(knowledge.StopReasons()[i]) })
	conv := func(ss []string) []knowledge.Kind {
		out := make([]knowledge.Kind, len(ss))
		for i, s := range ss {
			out[i] = knowledge.Kind(s)
		}
		return out
	}
	for range 20000 {
		e := knowledge.Entry{Kind: knowledge.Kind(pick(kinds)), OrgType: knowledge.OrgType(pick(orgs)),
			Outcome: knowledge.Outcome(pick(outs)), Evidence: knowledge.Evidence(pick(evs)), StopReason: knowledge.StopReason(pick(stops))}
		in := intents{kinds: conv(some(kinds))}
		for _, s := range some(orgs) {
			in.orgTypes = append(in.orgTypes, knowledge.OrgType(s))
		}
		for _, s := range some(outs) {
			in.outcomes = append(in.outcomes, knowledge.Outcome(s))
		}
		for _, s := range some(evs) {
			in.evidence = append(in.evidence, knowledge.Evidence(s))
		}
		for _, s := range some(stops) {
			in.stopReasons = append(in.stopReasons, knowledge.StopReason(s))
		}
		want := metaFit(&e, &in)
		// An unknown value matches the same unknown intent as strings;
		// the parser only ever names enumerated values, so such draws
		// are not compared (an entry's unknown values are).
		if hasUnknown(in) {
			continue
		}
		if got := maskOf(&in).fit(&in, metaBitsOf(&e)); got != want {
			t.Fatalf("entry %+v intents %+v: bits fit %v, metaFit %v", e, in, got, want)
		}
	}
}

func hasUnknown(in intents) bool {
	bad := func(s string) bool { return s == "" || s == "unheard-of" }
	for _, k := range in.kinds {
		if bad(string(k)) {
			return true
		}
	}
	for _, o := range in.orgTypes {
		if bad(string(o)) {
			return true
		}
	}
	for _, o := range in.outcomes {
		if bad(string(o)) {
			return true
		}
	}
	for _, e := range in.evidence {
		if bad(string(e)) {
			return true
		}
	}
	for _, r := range in.stopReasons {
		if bad(string(r)) {
			return true
		}
	}
	return false
}
