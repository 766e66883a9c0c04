package search

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Golden is one question of an evaluation file: the question, the thread's
// first question when it follows one up, and the entries that answer it
// (none: the knowledge base should not answer it).
type Golden struct {
	Q        string   `json:"q"`
	Context  string   `json:"context,omitempty"`
	Relevant []string `json:"relevant"`
	// Persona and Note describe the question; they are not scored.
	Persona string `json:"persona,omitempty"`
	Note    string `json:"note,omitempty"`
	// Vector is the question's embedding for hybrid search (Query.Vector),
	// set by the caller; never read from a file.
	Vector []float32 `json:"-"`
}

// ParseGolden reads an evaluation file (JSON Lines). Every problem is
// reported as FILE:LINE: reason, all of them at once.
func ParseGolden(name string, r io.Reader) ([]Golden, error) {
	var qs []Golden
	var problems []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		if len(text) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		var g struct {
			Golden
			Relevant *[]string `json:"relevant"`
		}
		switch err := dec.Decode(&g); {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s:%d: %v", name, line, err))
			continue
		case strings.TrimSpace(g.Q) == "":
			problems = append(problems, fmt.Sprintf("%s:%d: q: missing", name, line))
			continue
		case g.Relevant == nil:
			problems = append(problems, fmt.Sprintf("%s:%d: relevant: missing (use [] for a question the knowledge base should not answer)", name, line))
			continue
		}
		g.Golden.Relevant = *g.Relevant
		qs = append(qs, g.Golden)
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, fmt.Sprintf("%s:%d: %v", name, line+1, err))
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no questions", name)
	}
	return qs, nil
}

// EvalReport scores a knowledge base against golden questions. Ratios are
// in [0, 1]; an answer is right when its first source is one the question
// lists.
type EvalReport struct {
	Questions    int `json:"questions"`
	Answerable   int `json:"answerable"`
	Unanswerable int `json:"unanswerable"`
	// Over answerable questions: a relevant entry first, in the sources
	// shown (at most 3), and the mean reciprocal rank of the first.
	Recall1 float64 `json:"recall_at_1"`
	Recall3 float64 `json:"recall_at_3"`
	MRR     float64 `json:"mrr"`
	// HighRight is the share of high-confidence answers that are right;
	// AnswerableHighRight the share of answerable questions answered right
	// with high confidence; UnanswerableNotHigh the share of unanswerable
	// ones not answered with high confidence.
	HighRight           float64 `json:"high_right"`
	AnswerableHighRight float64 `json:"answerable_high_right"`
	UnanswerableNotHigh float64 `json:"unanswerable_not_high"`
	// Counts of each kind of answer, for answerable and unanswerable
	// questions.
	AnswerableKinds   map[knowledge.Confidence]int `json:"answerable_kinds"`
	UnanswerableKinds map[knowledge.Confidence]int `json:"unanswerable_kinds"`
	// Baseline is plain BM25 over the same entries (every field alike, no
	// vocabulary, no threshold), for comparison.
	BaselineRecall3 float64 `json:"baseline_recall_at_3"`
	BaselineMRR     float64 `json:"baseline_mrr"`
	// RankRecall3 is recall@3 of the ranking alone, as if every answer
	// showed its sources: how much of the recall the confidence decision
	// costs.
	RankRecall3 float64    `json:"rank_recall_at_3"`
	Misses      []EvalMiss `json:"misses"`
}

// EvalMiss is a question the knowledge base did not answer as it should.
type EvalMiss struct {
	Q           string               `json:"q"`
	Context     string               `json:"context,omitempty"`
	Relevant    []string             `json:"relevant"`
	Got         []string             `json:"got"`
	Confidence  knowledge.Confidence `json:"confidence"`
	Why         string               `json:"why"`
	Explanation *Explanation         `json:"explanation,omitempty"`
}

// Evaluate asks every golden question and scores the answers.
func (ix *Index) Evaluate(ctx context.Context, qs []Golden) (EvalReport, error) {
	const shown = 3
	r := EvalReport{
		Questions:         len(qs),
		AnswerableKinds:   map[knowledge.Confidence]int{},
		UnanswerableKinds: map[knowledge.Confidence]int{},
	}
	high, highRight := 0, 0
	var unNotHigh, ansHighRight int
	var r1, r3, mrr, b3, bmrr, rr3 float64
	for _, g := range qs {
		res, err := ix.Search(ctx, Query{Text: g.Q, Context: g.Context, Limit: shown, Explain: true, Vector: g.Vector})
		if err != nil {
			return r, err
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.Entry.ID)
		}
		rank := firstRelevant(got, g.Relevant)
		right := rank == 1
		if res.Confidence == knowledge.ConfidenceHigh {
			high++
			if right {
				highRight++
			}
		}
		miss := EvalMiss{Q: g.Q, Context: g.Context, Relevant: g.Relevant, Got: got, Confidence: res.Confidence, Explanation: res.Explanation}
		if len(g.Relevant) == 0 {
			r.Unanswerable++
			r.UnanswerableKinds[res.Confidence]++
			if res.Confidence != knowledge.ConfidenceHigh {
				unNotHigh++
			} else {
				miss.Why = "answered with high confidence, but the knowledge base should not answer it"
				r.Misses = append(r.Misses, miss)
			}
			continue
		}
		r.Answerable++
		r.AnswerableKinds[res.Confidence]++
		if rank == 1 {
			r1++
		}
		if rank > 0 {
			r3++
			mrr += 1 / float64(rank)
		}
		if right && res.Confidence == knowledge.ConfidenceHigh {
			ansHighRight++
		}
		switch {
		case rank == 0 && len(got) == 0:
			miss.Why = "nothing found"
		case rank == 0:
			miss.Why = "no relevant entry among the sources"
		case res.Confidence != knowledge.ConfidenceHigh:
			miss.Why = fmt.Sprintf("relevant entry at %d, but the answer is %s", rank, res.Confidence)
		case rank > 1:
			miss.Why = fmt.Sprintf("relevant entry at %d, not first", rank)
		}
		if miss.Why != "" {
			r.Misses = append(r.Misses, miss)
		}
		var ranked []string
		for i, c := range res.Explanation.Candidates {
			if i == shown {
				break
			}
			ranked = append(ranked, c.ID)
		}
		if firstRelevant(ranked, g.Relevant) > 0 {
			rr3++
		}
		base := ix.baseline(g.Q+" "+g.Context, shown)
		if br := firstRelevant(base, g.Relevant); br > 0 {
			b3++
			bmrr += 1 / float64(br)
		}
	}
	ratio := func(a float64, b int) float64 {
		if b == 0 {
			return 0
		}
		return math.Round(a/float64(b)*1000) / 1000
	}
	r.Recall1, r.Recall3, r.MRR = ratio(r1, r.Answerable), ratio(r3, r.Answerable), ratio(mrr, r.Answerable)
	r.BaselineRecall3, r.BaselineMRR = ratio(b3, r.Answerable), ratio(bmrr, r.Answerable)
	r.RankRecall3 = ratio(rr3, r.Answerable)
	r.HighRight = ratio(float64(highRight), high)
	r.AnswerableHighRight = ratio(float64(ansHighRight), r.Answerable)
	r.UnanswerableNotHigh = ratio(float64(unNotHigh), r.Unanswerable)
	return r, nil
}

// firstRelevant is the 1-based rank of the first relevant id in got, or 0.
func firstRelevant(got, relevant []string) int {
	for i, id := range got {
		if slices.Contains(relevant, id) {
			return i + 1
		}
	}
	return 0
}

// baseline ranks entries by plain BM25 over all their text, every field
// alike, with the same stemming and stop words and nothing else: the
// comparison kbbot's search must beat.
func (ix *Index) baseline(text string, k int) []string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.live == 0 {
		return nil
	}
	total := 0.0
	for _, l := range ix.fieldLen {
		total += l
	}
	avg := max(total/float64(ix.live), 1)
	n := float64(ix.live)
	score := map[uint32]float64{}
	seen := map[string]bool{}
	for _, t := range words.Tokens(text) {
		s := ix.stem.stem(t)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		id, ok := ix.termID[s]
		if !ok {
			continue
		}
		w := idf(n, float64(ix.df[id]))
		for _, ps := range ix.postings[id] {
			d := &ix.docs[ps.doc]
			if !d.alive {
				continue
			}
			tf, l := 0.0, 0.0
			for f := range numFields {
				tf += float64(ps.tf[f])
				l += float64(d.lens[f])
			}
			const b = 0.75
			score[ps.doc] += w * tf * (k1 + 1) / (tf + k1*(1-b+b*l/avg))
		}
	}
	type hit struct {
		doc   uint32
		score float64
	}
	var hs []hit
	for d, s := range score {
		hs = append(hs, hit{d, s})
	}
	slices.SortFunc(hs, func(a, b hit) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	var out []string
	for i := 0; i < len(hs) && i < k; i++ {
		out = append(out, ix.docs[hs[i].doc].entry.ID)
	}
	return out
}

// Calibration describes the current confidence calibration, for logs and
// `kbbot check`: whether it was fitted to this knowledge base, the share of
// the off-topic bank that clears each threshold, and the share of the
// knowledge base's own questions answered with high confidence.
func (ix *Index) Calibration() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.calib
	if !c.fitted {
		return "default calibration (knowledge base too small to fit)"
	}
	out := fmt.Sprintf("calibrated on %d questions: off-topic high %.1f%%, low %.1f%%; own questions high %.1f%%",
		c.samples, 100*c.offTopicHigh, 100*c.offTopicLow, 100*c.pseudoHigh)
	if vs := ix.vectors; vs != nil && vs.calib.fitted {
		out += fmt.Sprintf("; with vectors (%s): off-topic high %.1f%%, low %.1f%%",
			vs.model, 100*vs.calib.offTopicHigh, 100*vs.calib.offTopicLow)
	}
	return out
}
