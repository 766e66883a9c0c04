package search_test

import (
	"hash/fnv"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// meaning is a toy embedding for tests: one dimension per concept of a
// small table (words that mean the same land on one dimension), and a few
// hashed dimensions for every other word, so that texts sharing a concept
// but no word are close.
func meaning(text string) []float32 {
	concepts := [][]string{
		{"backlog", "queue", "budge", "pile", "waiting", "unreported"},
		{"abandoned", "binned", "scrapped", "stopped", "ditched", "dropped"},
		{"free", "freebie", "gratis", "trial", "pilot"},
		{"regulations", "regs", "rules", "law", "legal"},
		{"xray", "x", "ray", "radiograph", "fracture", "imaging"},
	}
	v := make([]float32, len(concepts)+16)
	for _, w := range search.Tokens(text) {
		hit := false
		for i, c := range concepts {
			if slices.Contains(c, w) {
				v[i] += 1
				hit = true
			}
		}
		if !hit {
			h := fnv.New32a()
			h.Write([]byte(w))
			v[len(concepts)+int(h.Sum32()%16)] += 0.15
		}
	}
	return v
}

func vectorsFor(entries []knowledge.Entry) (map[string][]float32, [][]float32) {
	vecs := map[string][]float32{}
	for _, e := range entries {
		vecs[e.ID] = meaning(search.EmbeddingText(e, false))
	}
	var bank [][]float32
	for _, q := range search.OffTopicQuestions() {
		bank = append(bank, meaning(q))
	}
	return vecs, bank
}

// TestHybridFindsMeaning: an entry that shares no word with a question is
// found through the vectors, and only when vectors are given; off, the
// answer is word search's exactly.
func TestHybridFindsMeaning(t *testing.T) {
	entries := []knowledge.Entry{
		{ID: "pilot-queue", Kind: knowledge.KindPilot, Title: "Reporting backlog cleared by triage software", Summary: "The unreported pile fell by half.", Status: knowledge.StatusApproved},
		{ID: "pilot-dermatology", Kind: knowledge.KindPilot, Title: "Dermatology photos sorted before clinic", Summary: "Skin photos reviewed remotely.", Status: knowledge.StatusApproved},
		{ID: "guidance-dpia", Kind: knowledge.KindGuidance, Title: "DPIA before any pilot", Summary: "Complete a data protection impact assessment first.", Status: knowledge.StatusApproved},
	}
	for i := range 30 {
		entries = append(entries, knowledge.Entry{ID: "filler-" + strings.Repeat("a", i+1), Kind: knowledge.KindInsight,
			Title: "Staff survey theme " + strings.Repeat("z", i+1), Summary: "Staff views on digital change and training.", Status: knowledge.StatusApproved})
	}
	ix := newIndex(t, entries)
	q := "our queue didnt budge for months"
	off := ask(t, ix, search.Query{Text: q})
	vecs, bank := vectorsFor(entries)
	ix.SetVectors("toy", vecs, bank)
	if m, n := ix.VectorModel(); m != "toy" || n != len(entries) {
		t.Fatalf("VectorModel = %q, %d", m, n)
	}
	on := ask(t, ix, search.Query{Text: q, Vector: meaning(q)})
	if len(on.Hits) == 0 || on.Hits[0].Entry.ID != "pilot-queue" {
		t.Errorf("hybrid: got %v (%s), want pilot-queue first\n%s", ids(on), on.Confidence, on.Explanation)
	}
	if _, ok := on.Explanation.Features["vector_similarity"]; !ok {
		t.Errorf("hybrid explanation lacks the vector similarity")
	}
	// Without the question's vector (embeddings failed or off) the
	// answer is word search's.
	again := ask(t, ix, search.Query{Text: q})
	if !slices.Equal(ids(again), ids(off)) || again.Confidence != off.Confidence {
		t.Errorf("no question vector: %v %s, want word search's %v %s", ids(again), again.Confidence, ids(off), off.Confidence)
	}
	// A vector of another length is ignored, not an error.
	if odd := ask(t, ix, search.Query{Text: q, Vector: []float32{1, 2, 3}}); !slices.Equal(ids(odd), ids(off)) {
		t.Errorf("mismatched vector changed the answer: %v", ids(odd))
	}
	// Vectors follow edits and deletions.
	if err := ix.Delete("pilot-queue"); err != nil {
		t.Fatal(err)
	}
	if res := ask(t, ix, search.Query{Text: q, Vector: meaning(q)}); slices.Contains(ids(res), "pilot-queue") {
		t.Errorf("a deleted entry is still found by its vector")
	}
	ix.SetVectors("", nil, nil)
	if m, _ := ix.VectorModel(); m != "" {
		t.Errorf("vectors still on after SetVectors(nil)")
	}
}

// TestHybridCalibration: with vectors, off-topic questions are still
// rarely answered with confidence.
func TestHybridCalibration(t *testing.T) {
	ix := seededIndex(t)
	entries := ix.Entries()
	vecs, bank := vectorsFor(entries)
	ix.SetVectors("toy", vecs, bank)
	c := ix.Calibration()
	_, hybrid, ok := strings.Cut(c, "with vectors (toy)")
	if !ok || !strings.Contains(hybrid, "off-topic high 3.") && !strings.Contains(hybrid, "off-topic high 2.") {
		t.Errorf("calibration %q, want about 3%% of the bank high with vectors", c)
	}
	// A question without a vector (the embeddings endpoint failed) is
	// decided as word search decides it, thresholds and all.
	words := seededIndex(t)
	for _, q := range []string{"ambient scribe in primary care", "what do I need before a DPIA",
		"where is the canteen", "chatbot for outpatient letters", "how did the sepsis alert pilot go"} {
		got, want := ask(t, ix, search.Query{Text: q, Explain: true}), ask(t, words, search.Query{Text: q, Explain: true})
		if !slices.Equal(ids(got), ids(want)) || got.Confidence != want.Confidence ||
			got.Explanation.High != want.Explanation.High || got.Explanation.Low != want.Explanation.Low {
			t.Errorf("%q without a vector: %v %s (high %.2f), want word search's %v %s (high %.2f)", q,
				ids(got), got.Confidence, got.Explanation.High, ids(want), want.Confidence, want.Explanation.High)
		}
	}
	if withVec := ask(t, ix, search.Query{Text: "where is the canteen", Vector: meaning("where is the canteen"), Explain: true}); withVec.Explanation.High == ask(t, words, search.Query{Text: "where is the canteen", Explain: true}).Explanation.High {
		t.Errorf("a question with a vector used the word-only thresholds")
	}
	for _, q := range []string{"where is the canteen", "who is on call for cardiology tonight"} {
		if res := ask(t, ix, search.Query{Text: q, Vector: meaning(q)}); res.Confidence == knowledge.ConfidenceHigh {
			t.Errorf("%s: answered with confidence %v", q, ids(res))
		}
	}
	// A rebuild keeps the vectors.
	if err := ix.Rebuild(entries); err != nil {
		t.Fatal(err)
	}
	if m, n := ix.VectorModel(); m != "toy" || n != len(entries) {
		t.Errorf("after rebuild VectorModel = %q, %d", m, n)
	}
}
