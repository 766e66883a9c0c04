package search_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/internal/glove"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// TestDev prints evaluation reports on development sets named in
// KBBOT_DEV_SETS ("entries.jsonl:questions.jsonl,…"; "seed" for the seed).
func TestDev(t *testing.T) {
	spec := os.Getenv("KBBOT_DEV_SETS")
	if spec == "" {
		t.Skip("KBBOT_DEV_SETS not set")
	}
	wv := devGlove(t)
	for _, pair := range strings.Split(spec, ",") {
		qf, entries, ix, qs := devSet(t, pair, wv)
		r, err := ix.Evaluate(t.Context(), qs)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("== %s (%d entries) %s\n", qf, len(entries), ix.Calibration())
		fmt.Printf("recall@1 %.3f recall@3 %.3f MRR %.3f | high right %.3f | answerable high&right %.3f | unanswerable not high %.3f | baseline r@3 %.3f mrr %.3f | rank r@3 %.3f\n",
			r.Recall1, r.Recall3, r.MRR, r.HighRight, r.AnswerableHighRight, r.UnanswerableNotHigh, r.BaselineRecall3, r.BaselineMRR, r.RankRecall3)
		fmt.Printf("answerable %v unanswerable %v\n", r.AnswerableKinds, r.UnanswerableKinds)
		if out := os.Getenv("KBBOT_DEV_FEATURES"); out != "" {
			var devQ, devTop string
			fw, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			names := []string{"share", "concept_in_lead", "text_score", "known_words", "metadata", "lead_mass", "content", "best_lead", "lead", "score1", "topcov", "nunits", "margin", "share2", "bmratio"}
			byID := map[string]knowledge.Entry{}
			for _, e := range entries {
				byID[e.ID] = e
			}
			row := func(group string, f map[string]float64, ev float64) {
				fmt.Fprintf(fw, "%s\t%s", qf, group)
				for _, n := range names {
					fmt.Fprintf(fw, "\t%.3f", f[n])
				}
				if wv != nil {
					// The best entry's soft coverage of the question, of
					// it and of its lead, and its vector's cosine.
					e := byID[devTop]
					fmt.Fprintf(fw, "\t%.3f\t%.3f\t%.3f", devSoft(wv, devQ, devText(e, true)), devSoft(wv, devQ, devText(e, false)),
						devCos(wv.Vector(devQ), wv.Vector(search.EmbeddingText(e, false))))
				}
				fmt.Fprintf(fw, "\t%.3f\n", ev)
			}
			for _, g := range qs {
				f, id, ev := ix.DevFeatures(g.Q, g.Context)
				devQ, devTop = g.Q, id
				group := "unanswerable"
				if len(g.Relevant) > 0 {
					group = "wrong"
					for _, r := range g.Relevant {
						if r == id {
							group = "right"
						}
					}
				}
				row(group, f, ev)
			}
			for _, q := range strings.Split(search.OffTopicBank(), "\n") {
				if q != "" && words.SmallTalk(q) == "" {
					f, id, ev := ix.DevFeatures(q, "")
					devQ, devTop = q, id
					row("offtopic", f, ev)
				}
			}
			fw.Close()
		}
		if out := os.Getenv("KBBOT_DEV_CANDS"); out != "" {
			fw, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			for qi, g := range qs {
				if len(g.Relevant) == 0 {
					continue
				}
				ids, fs := ix.DevCandidates(g.Q, g.Context, g.Vector, 15)
				for i, id := range ids {
					rel := 0
					if slices.Contains(g.Relevant, id) {
						rel = 1
					}
					b, _ := json.Marshal(fs[i])
					fmt.Fprintf(fw, "%s\t%d\t%d\t%s\n", qf, qi, rel, b)
				}
			}
			fw.Close()
		}
		if os.Getenv("KBBOT_DEV_MISSES") != "" {
			for _, m := range r.Misses {
				fmt.Printf("- %q ctx=%q want %v got %v %s: %s\n", m.Q, m.Context, m.Relevant, m.Got, m.Confidence, m.Why)
				if os.Getenv("KBBOT_DEV_MISSES") == "explain" {
					fmt.Print(m.Explanation.String())
				}
			}
		}
	}
}

// rankingFeatures are the candidate features the learnt ranking score
// (rankScore) combines, in DevCandidates' names; "fixed" is the score it
// replaced, 0.6 × share + 0.4 × text.
func rankingFeatures() []string {
	return []string{"fixed", "share", "lead", "text", "meta", "f_title", "f_tags", "f_summary", "f_body", "k_pilot", "k_use_case", "k_guidance", "k_insight"}
}

// TestFitRanking refits the ranking score's weights on the development
// sets named in KBBOT_DEV_SETS (as TestDev) when KBBOT_FIT_RANKING is set:
// a listwise fit (the softmax likelihood of the right entries among each
// answerable question's 15 best candidates), first holding out each
// knowledge base in turn to report recall@1 on it against the fixed score,
// then on all of them, printing the weights scaled as rankScore uses them.
func TestFitRanking(t *testing.T) {
	spec := os.Getenv("KBBOT_DEV_SETS")
	if spec == "" || os.Getenv("KBBOT_FIT_RANKING") == "" {
		t.Skip("KBBOT_DEV_SETS or KBBOT_FIT_RANKING not set")
	}
	type cand struct {
		rel bool
		x   []float64
	}
	type question struct {
		kb    string
		cands []cand
	}
	wv := devGlove(t)
	names := rankingFeatures()
	if x := os.Getenv("KBBOT_FIT_EXTRA"); x != "" {
		names = append(names, strings.Split(x, "+")...)
	}
	var qs []question
	for _, pair := range strings.Split(spec, ",") {
		kb, _, _ := strings.Cut(pair, ":")
		_, entries, ix, golden := devSet(t, pair, wv)
		byID := map[string]knowledge.Entry{}
		for _, e := range entries {
			byID[e.ID] = e
		}
		for _, g := range golden {
			if len(g.Relevant) == 0 {
				continue
			}
			q := question{kb: kb}
			ids, fs := ix.DevCandidates(g.Q, g.Context, g.Vector, 15)
			for i, id := range ids {
				fs[i]["fixed"] = 0.6*fs[i]["share"] + 0.4*fs[i]["text"]
				if wv != nil {
					fs[i]["soft"] = devSoft(wv, g.Q, devText(byID[id], true))
					fs[i]["softlead"] = devSoft(wv, g.Q, devText(byID[id], false))
				}
				x := make([]float64, len(names))
				for j, n := range names {
					x[j] = fs[i][n]
				}
				q.cands = append(q.cands, cand{rel: slices.Contains(g.Relevant, id), x: x})
			}
			qs = append(qs, q)
		}
	}
	score := func(w, x []float64) float64 {
		s := 0.0
		for i := range w {
			s += w[i] * x[i]
		}
		return s
	}
	fit := func(train []question) []float64 {
		const rate, l2, iters = 0.5, 0.001, 300
		w := make([]float64, len(names))
		var data []question
		for _, q := range train {
			if slices.ContainsFunc(q.cands, func(c cand) bool { return c.rel }) {
				data = append(data, q)
			}
		}
		for range iters {
			g := make([]float64, len(names))
			for _, q := range data {
				zs := make([]float64, len(q.cands))
				top := math.Inf(-1)
				for i, c := range q.cands {
					zs[i] = score(w, c.x)
					top = max(top, zs[i])
				}
				z, r := 0.0, 0.0
				for i, c := range q.cands {
					zs[i] = math.Exp(zs[i] - top)
					z += zs[i]
					if c.rel {
						r += zs[i]
					}
				}
				for i, c := range q.cands {
					coef := zs[i] / z
					if c.rel {
						coef -= zs[i] / r
					}
					for j := range g {
						g[j] += coef * c.x[j]
					}
				}
			}
			for j := range w {
				w[j] -= rate * (g[j]/float64(len(data)) + l2*w[j])
			}
		}
		return w
	}
	recall1 := func(w []float64, test []question) float64 {
		right := 0
		for _, q := range test {
			best, bestScore := -1, math.Inf(-1)
			for i, c := range q.cands {
				if s := score(w, c.x); s > bestScore {
					best, bestScore = i, s
				}
			}
			if best >= 0 && q.cands[best].rel {
				right++
			}
		}
		return float64(right) / float64(max(len(test), 1))
	}
	fixed := make([]float64, len(names))
	fixed[0] = 1
	var kbs []string
	for _, q := range qs {
		if !slices.Contains(kbs, q.kb) {
			kbs = append(kbs, q.kb)
		}
	}
	for _, kb := range kbs {
		var train, test []question
		for _, q := range qs {
			if q.kb == kb {
				test = append(test, q)
			} else {
				train = append(train, q)
			}
		}
		shipped := 0 // the candidates come in the shipped score's order
		for _, q := range test {
			if len(q.cands) > 0 && q.cands[0].rel {
				shipped++
			}
		}
		fmt.Printf("held out %s (%d answerable): learnt recall@1 %.3f, fixed %.3f, shipped %.3f\n", kb, len(test), recall1(fit(train), test), recall1(fixed, test), float64(shipped)/float64(max(len(test), 1)))
	}
	w := fit(qs)
	// As rankScore uses them: "fixed" folded into share and text, the
	// positive weights scaled to sum to 1, the kind priors shifted so the
	// largest is 0.
	w[1] += 0.6 * w[0]
	w[3] += 0.4 * w[0]
	sum, kindMax := 0.0, math.Inf(-1)
	for j, n := range names[1:] {
		if !strings.HasPrefix(n, "k_") {
			sum += w[j+1]
		} else {
			kindMax = max(kindMax, w[j+1])
		}
	}
	for j, n := range names[1:] {
		v := w[j+1] / sum
		if strings.HasPrefix(n, "k_") {
			v = (w[j+1] - kindMax) / sum
		}
		fmt.Printf("%s %.3f\n", n, v)
	}
}

// devSet reads one "entries:questions" pair of KBBOT_DEV_SETS and indexes
// the entries.
func devSet(t *testing.T, pair string, wv *glove.Model) (string, []knowledge.Entry, *search.Index, []search.Golden) {
	t.Helper()
	kb, qf, _ := strings.Cut(pair, ":")
	entries := devEntries(t, kb)
	vocab, _ := search.DefaultVocabulary()
	ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(entries); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(qf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := search.ParseGolden(qf, f)
	if err != nil {
		t.Fatal(err)
	}
	if wv != nil {
		devEmbed(ix, wv, entries, qs)
	}
	return qf, entries, ix, qs
}

// devEntries reads a development knowledge base: "seed", or an entries file
// in the import format.
func devEntries(t *testing.T, kb string) []knowledge.Entry {
	t.Helper()
	if kb == "seed" {
		entries, err := seed.Entries()
		if err != nil {
			t.Fatal(err)
		}
		return entries
	}
	f, err := os.Open(kb)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := knowledge.Parse(kb, knowledge.FormatJSONL, f)
	if err != nil {
		t.Fatal(err)
	}
	var entries []knowledge.Entry
	for _, r := range recs {
		entries = append(entries, r.Entry)
	}
	return entries
}

// devGlove loads the word vectors named by KBBOT_DEV_GLOVE (a file
// internal/glovegen wrote), or returns nil when it is not set. With them,
// TestDev searches as hybrid search would with their text vectors as its
// embeddings; TestFitRanking's candidates include the entries nearest a
// question's vector and offer the features "cos" (that cosine) and "soft"
// and "softlead" (devSoft, of the whole entry and of its lead) to
// KBBOT_FIT_EXTRA ("soft+softlead"); and KBBOT_DEV_FEATURES adds the best
// entry's soft, softlead and cosine to each row.
func devGlove(t *testing.T) *glove.Model {
	t.Helper()
	path := os.Getenv("KBBOT_DEV_GLOVE")
	if path == "" {
		return nil
	}
	m, err := glove.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// devEmbed gives the index and the questions the word vectors' text
// vectors, as hybrid search does with an embeddings model (a follow-up's
// thread question at half weight).
func devEmbed(ix *search.Index, m *glove.Model, entries []knowledge.Entry, qs []search.Golden) {
	vecs := map[string][]float32{}
	for _, e := range entries {
		vecs[e.ID] = m.Vector(search.EmbeddingText(e, false))
	}
	var bank [][]float32
	for _, q := range search.OffTopicQuestions() {
		bank = append(bank, m.Vector(q))
	}
	ix.SetVectors(m.Model(), vecs, bank)
	for i := range qs {
		v := m.Vector(qs[i].Q)
		if qs[i].Context != "" {
			for j, x := range m.Vector(qs[i].Context) {
				v[j] += 0.5 * x
			}
		}
		qs[i].Vector = v
	}
}

// devText is an entry's lead (title, tags, summary) and, when whole, its
// body.
func devText(e knowledge.Entry, whole bool) string {
	s := e.Title + " " + strings.Join(e.Tags, " ") + " " + e.Summary
	if whole {
		s += " " + e.Body
	}
	return s
}

// devCos is two unit vectors' cosine.
func devCos(a, b []float32) float64 {
	c := 0.0
	for i := range a {
		c += float64(a[i]) * float64(b[i])
	}
	return c
}

// devSoft is how well an entry's words cover a question's, softly: each
// question word's weight times its best cosine with any entry word.
func devSoft(m *glove.Model, q, text string) float64 {
	ew := m.Words(text)
	seen := map[int32]bool{}
	num, den := 0.0, 0.0
	for _, w := range m.Words(q) {
		if seen[w] {
			continue
		}
		seen[w] = true
		wt := float64(m.Weight(w))
		if wt < 0.3 {
			continue
		}
		best := float32(0)
		for _, t := range ew {
			if s := m.Sim(w, t); s > best {
				best = s
			}
		}
		num += wt * float64(best)
		den += wt
	}
	if den == 0 {
		return 0
	}
	return num / den
}
