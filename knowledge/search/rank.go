package search

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Result is what a search found: the entries, best first, and which kind
// of answer they make. With nothing relevant (ConfidenceNone) Hits is
// empty.
type Result struct {
	Hits       []Hit
	Confidence knowledge.Confidence
	// Explanation says why, when the query asked for it.
	Explanation *Explanation
}

// Hit is one relevant entry, best first.
type Hit struct {
	Entry knowledge.Entry
	// Score is in [0, 1]: how much of the question the entry covers, how
	// well it ranks on the words, and how well its metadata fits what the
	// question names.
	Score float64
}

// Ranking tuning.
const (
	k1 = 1.2
	// candidates is how many entries, best by BM25F, are looked at closely.
	candidates = 40
	// Weights of the final score's parts.
	weightShare = 0.6
	weightText  = 0.4
	// bodyCredit is the credit for a unit an entry holds only in its body:
	// an entry is about what its title, tags and summary say.
	bodyCredit = 0.5
	// metaBoost scales a matching entry's BM25F for each kind of metadata
	// the question names.
	metaBoost = 0.25
	// A term held by more than 1/commonShare of the entries is left out of
	// the BM25F walk once the knowledge base has commonMinEntries.
	commonShare      = 3
	commonMinEntries = 2000
	// duplicateJaccard is the overlap of lead words from which two entries
	// are near-duplicates: the lesser takes no place in the top results
	// while other entries are left.
	duplicateJaccard = 0.6
)

// scored is a candidate entry with what the ranking and the confidence
// decision know about it.
type scored struct {
	doc   uint32
	bm25  float64
	meta  float64 // share of named metadata it matches, in [0, 1]
	share float64 // weighted share of the question's units it covers
	lead  float64 // the same, counting only its title, tags and summary
	score float64
	// covered marks, per unit of the question, how the entry covers it:
	// 0 not, 1 in the body only, 2 in the lead.
	covered []uint8
	// cos and fused are hybrid search's: the cosine with the question and
	// the reciprocal-rank-fused score.
	cos, fused float64
}

// Search returns the approved entries that answer q, best first, at most
// q.Limit, and how sure it is: high when they answer it, low when they look
// related (shown with a hedge), none (no hits) when nothing is relevant.
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if q.Limit <= 0 {
		q.Limit = 3
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := ix.parse(q.Text, q.Context)
	cands := ix.rank(p, q)
	u := ix.hybrid(q)
	if u != nil {
		cands = ix.fuse(p, q, u, cands)
	}
	cal := ix.calib
	if u != nil {
		cal = ix.vectors.calib
	}
	dec := cal.decide(ix.features(p, cands, u != nil))
	res := Result{Confidence: dec.confidence}
	if dec.confidence != knowledge.ConfidenceNone {
		for _, c := range diversify(ix.state, cands, q.Limit) {
			res.Hits = append(res.Hits, Hit{Entry: ix.docs[c.doc].entry.Clone(), Score: math.Round(c.score*1000) / 1000})
		}
	}
	if q.Explain {
		res.Explanation = ix.explain(p, cands, dec, cal, q.Limit)
	}
	return res, nil
}

// rank scores the entries that hold any of the question's terms (or, for a
// question of metadata alone, that match it) and returns the best
// candidates, best first. Caller holds ix.mu.
func (ix *Index) rank(p parsed, q Query) []scored {
	if ix.live == 0 {
		return nil
	}
	acc := ix.scores()
	defer ix.pool.Put(acc)
	touched := acc.touched[:0]
	weights, bs := fieldWeights(), fieldB()
	var avg [numFields]float64
	for f := range numFields {
		avg[f] = max(ix.fieldLen[f]/float64(ix.live), 1)
	}
	n := float64(ix.live)
	filtered := hasFilter(q)
	for _, u := range p.units {
		for _, a := range u.alts {
			df := int(ix.df[a.term])
			if ix.live >= commonMinEntries && df*commonShare > ix.live {
				// A term most entries hold ("AI", "staff") ranks
				// nothing and would cost a walk over most of the index:
				// it still counts in every candidate's coverage.
				continue
			}
			w := idf(n, float64(df)) * a.factor
			if u.context {
				w *= contextFactor
			}
			for _, ps := range ix.postings[a.term] {
				if !ix.alive[ps.doc] || filtered && !passes(ix.docs[ps.doc].entry, q) {
					continue
				}
				lens := &ix.lens[ps.doc]
				tf := 0.0
				for f := range numFields {
					if ps.tf[f] > 0 {
						tf += weights[f] * float64(ps.tf[f]) / (1 - bs[f] + bs[f]*float64(lens[f])/avg[f])
					}
				}
				if acc.score[ps.doc] == 0 {
					touched = append(touched, ps.doc)
				}
				acc.score[ps.doc] += w * tf * (k1 + 1) / (k1 + tf)
			}
		}
	}
	metaOnly := len(touched) == 0 && (p.intents.topical() || hasFilter(q))
	if p.intents.topical() || metaOnly {
		// "which community trusts stopped a pilot": every entry the
		// metadata (or, with no topic, the filters) picks is a candidate
		// too, however few of the question's words it holds.
		for i := range ix.docs {
			d := &ix.docs[i]
			if d.alive && acc.score[i] == 0 && passes(d.entry, q) && (metaFit(d.entry, p.intents) > 0 || metaOnly && p.intents.empty()) {
				touched = append(touched, uint32(i))
				acc.score[i] = 1e-9
			}
		}
	}
	// The best candidates by BM25F and by how much of the named metadata
	// they match (by metadata first, when there is nothing else), kept in
	// a small heap: there may be thousands of touched entries.
	named := !p.intents.empty()
	kinds := float64(metaKinds(p.intents))
	key := func(i uint32) (float64, float64) {
		meta := 0.0
		if named {
			meta = metaFit(ix.docs[i].entry, p.intents)
		}
		bm := acc.score[i]
		if meta > 0 && !metaOnly {
			bm *= 1 + metaBoost*meta*kinds
		}
		if metaOnly {
			return meta, bm
		}
		return bm * (1 + meta), meta
	}
	h := make(topK, 0, candidates)
	for _, i := range touched {
		k, tie := key(i)
		h.offer(ranked{doc: i, key: k, tie: tie}, candidates)
	}
	out := make([]scored, 0, len(h))
	for _, r := range h.sorted() {
		s := scored{doc: r.doc, bm25: acc.score[r.doc], meta: metaFit(ix.docs[r.doc].entry, p.intents)}
		if s.meta > 0 && !metaOnly {
			s.bm25 *= 1 + metaBoost*s.meta*float64(metaKinds(p.intents))
		}
		out = append(out, s)
	}
	for _, i := range touched {
		acc.score[i] = 0
	}
	acc.touched = touched[:0]
	best := 0.0
	for _, c := range out {
		best = max(best, c.bm25)
	}
	for i := range out {
		c := &out[i]
		c.share, c.lead, c.covered = ix.coverage(&ix.docs[c.doc], p)
		text := 0.0
		if best > 0 {
			text = c.bm25 / best
		}
		if metaOnly {
			c.score = c.meta
		} else {
			c.score = weightShare*c.share + weightText*text
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return strings.Compare(ix.docs[a.doc].entry.ID, ix.docs[b.doc].entry.ID)
	})
	return out
}

// coverage is the weighted share of the question's units that d covers
// (a unit held only in the body counts bodyCredit), the same share counting
// only d's lead, and how d covers each unit.
func (ix *Index) coverage(d *doc, p parsed) (share, lead float64, covered []uint8) {
	covered = make([]uint8, len(p.units))
	total, got, gotLead := 0.0, 0.0, 0.0
	// Named metadata counts like a unit the entry covers when its
	// metadata matches: "ongoing GP pilots" is half about being ongoing.
	for _, m := range metaChecks(d.entry, p.intents, p.units) {
		total += m.weight
		if m.hit {
			got += m.weight
			gotLead += m.weight
		}
	}
	for i, u := range p.units {
		total += u.weight
		credit, leadCredit := 0.0, 0.0
		for _, a := range u.alts {
			switch {
			case d.holds(a.term, true):
				credit = max(credit, a.factor)
				leadCredit = max(leadCredit, a.factor)
				covered[i] = 2
			case d.holds(a.term, false):
				credit = max(credit, bodyCredit*a.factor)
				covered[i] = max(covered[i], 1)
			}
		}
		if u.org != "" && d.entry.OrgType == u.org {
			credit, leadCredit, covered[i] = 1, 1, 2
		}
		got += u.weight * credit
		gotLead += u.weight * leadCredit
	}
	if total == 0 {
		return 0, 0, covered
	}
	return got / total, gotLead / total, covered
}

// metaCheck is one kind of metadata a question names, whether an entry
// matches it, and how much it weighs against the question's words.
type metaCheck struct {
	hit    bool
	weight float64
}

// Weights of named metadata, in units of a word's weight: an outcome,
// organisation type, evidence level or reason for stopping says much of
// what a question wants; a kind of entry ("guidance on") less.
const (
	metaWeight     = 0.6
	kindMetaWeight = 0.35
	kindShare      = 0.3
)

// metaChecks lists the metadata a question names, checked against an
// entry: its kind, organisation type, outcome, evidence and (for stopped
// pilots) why it stopped.
//
// An organisation type whose words are also a concept of the question
// ("primary care") is counted once, by that unit.
func metaChecks(e knowledge.Entry, in intents, units []unit) []metaCheck {
	var out []metaCheck
	add := func(named, ok bool, w float64) {
		if named {
			out = append(out, metaCheck{hit: ok, weight: w})
		}
	}
	orgInUnit := slices.ContainsFunc(units, func(u unit) bool { return u.org != "" })
	// A kind of entry is a preference: it never outweighs what the
	// question is about ("which AI tools are being trialled most" wants
	// the statistic, not any pilot).
	topic := 0.0
	for _, u := range units {
		topic += u.weight
	}
	add(len(in.kinds) > 0, slices.Contains(in.kinds, e.Kind), min(kindMetaWeight, kindShare*topic))
	add(len(in.orgTypes) > 0 && !orgInUnit, slices.Contains(in.orgTypes, e.OrgType), metaWeight)
	add(len(in.outcomes) > 0, slices.Contains(in.outcomes, e.Outcome), metaWeight)
	add(len(in.evidence) > 0, slices.Contains(in.evidence, e.Evidence), metaWeight)
	add(len(in.stopReasons) > 0, slices.Contains(in.stopReasons, e.StopReason), metaWeight)
	return out
}

// metaFit is the weighted share of the metadata a question names that an
// entry matches. It is metaChecks without the allocation, for the hot loop
// over every touched entry.
func metaFit(e knowledge.Entry, in intents) float64 {
	total, hit := 0.0, 0.0
	add := func(named, ok bool, w float64) {
		if named {
			total += w
			if ok {
				hit += w
			}
		}
	}
	add(len(in.kinds) > 0, slices.Contains(in.kinds, e.Kind), kindMetaWeight)
	add(len(in.orgTypes) > 0, slices.Contains(in.orgTypes, e.OrgType), metaWeight)
	add(len(in.outcomes) > 0, slices.Contains(in.outcomes, e.Outcome), metaWeight)
	add(len(in.evidence) > 0, slices.Contains(in.evidence, e.Evidence), metaWeight)
	add(len(in.stopReasons) > 0, slices.Contains(in.stopReasons, e.StopReason), metaWeight)
	if total == 0 {
		return 0
	}
	return hit / total
}

func metaKinds(in intents) int { return len(metaChecks(knowledge.Entry{}, in, nil)) }

// passes reports whether an entry passes a query's hard filters.
func passes(e knowledge.Entry, q Query) bool {
	return (q.Kind == "" || e.Kind == q.Kind) && (q.Category == "" || e.Category == q.Category) &&
		(q.OrgType == "" || e.OrgType == q.OrgType) && (q.Outcome == "" || e.Outcome == q.Outcome) &&
		(q.Evidence == "" || e.Evidence == q.Evidence) && (q.Stage == "" || e.Stage == q.Stage)
}

func hasFilter(q Query) bool {
	return q.Kind != "" || q.Category != "" || q.OrgType != "" || q.Outcome != "" || q.Evidence != "" || q.Stage != ""
}

// diversify picks the top limit candidates, passing over an entry that is
// a near-duplicate of one already picked (two write-ups of the same pilot)
// while other entries are left.
func diversify(st *state, cands []scored, limit int) []scored {
	var out, dups []scored
	for _, c := range cands {
		if len(out) == limit {
			break
		}
		dup := false
		for _, o := range out {
			if jaccard(st.docs[c.doc].sig, st.docs[o.doc].sig) >= duplicateJaccard {
				dup = true
				break
			}
		}
		if dup {
			dups = append(dups, c)
			continue
		}
		out = append(out, c)
	}
	for _, d := range dups {
		if len(out) == limit {
			break
		}
		out = append(out, d)
	}
	return out
}

// jaccard is the overlap of two sorted id sets.
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	i, j, both := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// scoreArrays is a per-search accumulator, recycled through Index.pool.
type scoreArrays struct {
	score   []float64
	touched []uint32
}

// scores returns a zeroed accumulator sized for the index. Caller holds
// ix.mu and puts it back.
func (ix *Index) scores() *scoreArrays {
	a, _ := ix.pool.Get().(*scoreArrays)
	if a == nil {
		a = &scoreArrays{}
	}
	if len(a.score) < len(ix.docs) {
		a.score = make([]float64, len(ix.docs))
	}
	return a
}

// ranked is an entry in the candidate heap.
type ranked struct {
	doc      uint32
	key, tie float64
}

// less orders ranked entries worst first.
func (a ranked) less(b ranked) bool {
	if a.key != b.key {
		return a.key < b.key
	}
	if a.tie != b.tie {
		return a.tie < b.tie
	}
	return a.doc > b.doc
}

// topK is a min-heap of the best entries seen so far.
type topK []ranked

// offer adds r if it is among the best k.
func (h *topK) offer(r ranked, k int) {
	if len(*h) < k {
		*h = append(*h, r)
		h.up(len(*h) - 1)
		return
	}
	if !(*h)[0].less(r) {
		return
	}
	(*h)[0] = r
	h.down(0)
}

func (h topK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].less(h[p]) {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func (h topK) down(i int) {
	for {
		l, best := 2*i+1, i
		if l < len(h) && h[l].less(h[best]) {
			best = l
		}
		if r := l + 1; r < len(h) && h[r].less(h[best]) {
			best = r
		}
		if best == i {
			return
		}
		h[i], h[best] = h[best], h[i]
		i = best
	}
}

// sorted returns the heap's entries best first.
func (h topK) sorted() []ranked {
	out := slices.Clone(h)
	slices.SortFunc(out, func(a, b ranked) int {
		switch {
		case b.less(a):
			return -1
		case a.less(b):
			return 1
		}
		return 0
	})
	return out
}
