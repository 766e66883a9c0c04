package search

import (
	_ "embed"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// offTopicBank is a fixed bank of questions NHS staff ask that a knowledge
// base about adopting AI cannot answer (clinical, HR and rota, estates and
// IT, named people and places, other NHS services, small talk), written
// for kbbot and shipped in the binary. No evaluation question is in it.
//
//go:embed offtopic.txt
var offTopicBank string

// Calibration: at every build, the off-topic bank is asked of the new index,
// and the high and low thresholds are set where only a small share of its
// questions would clear them: a knowledge base that grows, or covers more
// ground, collects more evidence for any question, and its thresholds rise
// with it. Questions made from its own entries (a few words of an entry's
// title and summary, sometimes with a synonym swapped in or chatty words
// added, as staff ask) keep the high threshold from rising past where most
// of them are answered, and report how the fit went.
const (
	// offTopicHighShare and offTopicLowShare are the shares of the bank
	// allowed to clear the high and the low threshold.
	offTopicHighShare = 0.03
	offTopicLowShare  = 0.35
	// pseudoEntries bounds how many entries questions are made from, and
	// pseudoPerEntry how many from each.
	pseudoEntries  = 400
	pseudoPerEntry = 2
	// minPseudo is the fewest usable positives worth fitting on; fewer,
	// and the default calibration is kept.
	minPseudo = 12
	// calibrationSeed makes the same knowledge base calibrate the same.
	calibrationSeed = 20261207
)

// calibrate fits the word-only confidence decision to a freshly built
// state.
func (ix *Index) calibrate(st *state) calibration {
	def := defaultCalibration()
	if st.live == 0 {
		return def
	}
	view := &Index{lg: ix.lg, vocab: ix.vocab, lex: ix.lex, stem: ix.stem, state: st}
	ask := func(text string) ([]scored, features) {
		p := view.parse(text, "")
		cands := view.rank(p, Query{Limit: 3})
		return cands, view.features(p, cands, false)
	}
	var neg []features
	for _, q := range OffTopicQuestions() {
		_, f := ask(q)
		neg = append(neg, f)
	}
	var pos []features
	rng := rand.New(rand.NewPCG(calibrationSeed, uint64(st.live)))
	synonyms := conceptPhrases(ix.vocab)
	docs := make([]uint32, 0, st.live)
	for i, d := range st.docs {
		if d.alive {
			docs = append(docs, uint32(i))
		}
	}
	rng.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	if len(docs) > pseudoEntries {
		docs = docs[:pseudoEntries]
	}
	for _, i := range docs {
		for range pseudoPerEntry {
			q := pseudoQuestion(rng, view, &st.docs[i], synonyms)
			if q == "" {
				continue
			}
			cands, f := ask(q)
			if len(cands) > 0 && cands[0].doc == i {
				pos = append(pos, f)
			}
		}
	}
	if len(pos) < minPseudo {
		return def
	}
	c := def
	c.samples = len(pos) + len(neg)
	negScores := scoresOf(c, neg)
	c.high = quantile(negScores, 1-offTopicHighShare)
	c.low = quantile(negScores, 1-offTopicLowShare)
	// A knowledge base whose own questions never clear the bar would
	// answer nothing with confidence: keep the bar where most of them do.
	posScores := scoresOf(c, pos)
	c.high = math.Min(c.high, quantile(posScores, 0.5))
	c.low = math.Min(c.low, c.high)
	c.offTopicHigh = shareAtLeast(negScores, c.high)
	c.offTopicLow = shareAtLeast(negScores, c.low)
	c.pseudoHigh = shareAtLeast(posScores, c.high)
	c.fitted = true
	return c
}

// chattyWords are everyday words staff add to a question that no entry's
// topic depends on; pseudo-questions borrow them so that the calibration
// learns to expect them.
func chattyWords() []string {
	return []string{
		"massive", "quick", "really", "sorted", "catch", "team", "trust", "experience", "advice", "ideas",
		"thoughts", "worth", "problem", "issue", "stuff", "area", "local", "recently", "currently", "plans",
		"proper", "actually", "somewhere", "sharing", "wondering", "considering", "keen", "options", "ward",
		"department", "colleagues", "manager", "service", "project", "approach", "best", "practice",
	}
}

// templates wrap a pseudo-question's words as staff ask.
func templates() []string {
	return []string{
		"%s", "%s?", "has anyone done %s", "any experience of %s?", "how do we %s", "what about %s",
		"looking for advice on %s", "%s - anyone?", "whats the deal with %s", "we are thinking about %s, any tips",
		"is there anything on %s", "who has tried %s",
	}
}

// pseudoQuestion makes a question an entry answers from its own words: one
// to three words of its title, up to two of its summary, sometimes a
// concept said another way, sometimes chatty words; "" when the entry has
// too few words.
func pseudoQuestion(rng *rand.Rand, ix *Index, d *doc, synonyms map[string][]string) string {
	content := func(text string) []string {
		var out []string
		for _, t := range words.Tokens(text) {
			if len(t) >= 3 && !ix.lex.stop[t] && !isNumber(t) {
				out = append(out, t)
			}
		}
		return out
	}
	title, summary := content(d.entry.Title), content(d.entry.Summary)
	if len(title) == 0 {
		return ""
	}
	pick := func(from []string, n int) []string {
		if n >= len(from) {
			return slices.Clone(from)
		}
		idx := rng.Perm(len(from))[:n]
		slices.Sort(idx)
		out := make([]string, n)
		for i, j := range idx {
			out[i] = from[j]
		}
		return out
	}
	ws := pick(title, 1+rng.IntN(3))
	if len(summary) > 0 {
		ws = append(ws, pick(summary, rng.IntN(3))...)
	}
	// A concept said another way: "ambient scribe" for "AVT".
	if rng.IntN(3) == 0 {
		for i, w := range ws {
			if alts := synonyms[w]; len(alts) > 0 {
				ws[i] = alts[rng.IntN(len(alts))]
				break
			}
		}
	}
	if rng.IntN(5) < 2 {
		cw := chattyWords()
		ws = append(ws, cw[rng.IntN(len(cw))])
		if rng.IntN(3) == 0 {
			ws = append([]string{cw[rng.IntN(len(cw))]}, ws...)
		}
	}
	ts := templates()
	return strings.Replace(ts[rng.IntN(len(ts))], "%s", strings.Join(ws, " "), 1)
}

// conceptPhrases maps each one-word phrase of a concept to the concept's
// other phrases.
func conceptPhrases(v *Vocabulary) map[string][]string {
	byConcept := map[string][]string{}
	for phrase, c := range v.concepts.phrases {
		byConcept[c] = append(byConcept[c], phrase)
	}
	out := map[string][]string{}
	for _, phrases := range byConcept {
		slices.Sort(phrases)
		for _, p := range phrases {
			if strings.Contains(p, " ") {
				continue
			}
			for _, o := range phrases {
				if o != p {
					out[p] = append(out[p], o)
				}
			}
		}
	}
	return out
}

func scoresOf(c calibration, fs []features) []float64 {
	out := make([]float64, len(fs))
	for i, f := range fs {
		if f.found {
			out[i] = c.evidence(f)
		}
	}
	slices.Sort(out)
	return out
}

// quantile returns the q-quantile of sorted values (the smallest value with
// at least q of them at or below it), nudged just above it so that exactly
// that share clears it.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 1
	}
	i := min(len(sorted)-1, int(math.Ceil(q*float64(len(sorted))))-1)
	return math.Nextafter(sorted[max(i, 0)], math.Inf(1))
}

func shareAtLeast(sorted []float64, t float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i, _ := slices.BinarySearch(sorted, t)
	return float64(len(sorted)-i) / float64(len(sorted))
}

// calibrateHybrid fits the decision for questions with a vector to st
// and its vectors vs, and sets vs's similarity scale: the off-topic bank
// is asked with its vectors, and the thresholds are set where the same
// shares of it clear them. The bank's nearest entries are found once and
// serve both. With the word-only calibration not fitted (a knowledge base
// too small), the default is kept. Caller owns vs.
func (ix *Index) calibrateHybrid(st *state, vs *vectorSet, words calibration) calibration {
	view := &Index{lg: ix.lg, vocab: ix.vocab, lex: ix.lex, stem: ix.stem, state: st, vectors: vs}
	qs := OffTopicQuestions()
	near := make([][]ranked, len(qs))
	var best []float64
	for i := range qs {
		if i < len(vs.bank) {
			near[i] = view.nearest(vs.bank[i], vectorCandidates, nil)
			if len(near[i]) > 0 {
				best = append(best, near[i][0].key)
			}
		}
	}
	vs.bankMean, vs.bankStd = meanStd(best)
	if !words.fitted || st.live == 0 {
		return defaultCalibration()
	}
	var neg []features
	for i, q := range qs {
		p := view.parse(q, "")
		cands := view.rank(p, Query{Limit: 3})
		hasVec := i < len(vs.bank)
		if hasVec {
			cands = view.fuseNear(p, vs.bank[i], cands, near[i])
		}
		neg = append(neg, view.features(p, cands, hasVec))
	}
	c := defaultCalibration()
	c.samples = len(neg)
	negScores := scoresOf(c, neg)
	c.high = quantile(negScores, 1-offTopicHighShare)
	c.low = math.Min(quantile(negScores, 1-offTopicLowShare), c.high)
	c.offTopicHigh = shareAtLeast(negScores, c.high)
	c.offTopicLow = shareAtLeast(negScores, c.low)
	c.fitted = true
	return c
}
