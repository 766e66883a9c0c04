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
	// So is a word of everyday English (its unit weighs less than
	// genericWeight) held by more than 1/genericShare of the entries.
	genericWeight = 0.15
	genericShare  = 10
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
	// A field's length normalisation, 1 - b + b·len/avg, as two
	// constants; and the hot loop's arrays in locals.
	var norm0, norm1 [numFields]float64
	for f := range numFields {
		avg := max(ix.fieldLen[f]/float64(ix.live), 1)
		norm0[f], norm1[f] = 1-bs[f], bs[f]/avg
	}
	alive, allLens, docs, score := ix.alive, ix.lens, ix.docs, acc.score
	n := float64(ix.live)
	filtered := hasFilter(q)
	for _, u := range p.units {
		for _, a := range u.alts {
			df := int(ix.df[a.term])
			if ix.live >= commonMinEntries && (df*commonShare > ix.live || u.weight < genericWeight && df*genericShare > ix.live) {
				// A term most entries hold ("AI", "staff"), or a word of
				// everyday English that many hold ("one", "tells"),
				// ranks little and would cost a walk over much of the
				// index: it still counts in every candidate's coverage.
				continue
			}
			w := idf(n, float64(df)) * a.factor
			if u.context {
				w *= contextFactor
			}
			for _, ps := range ix.postings[a.term] {
				if !alive[ps.doc] || filtered && !passes(&docs[ps.doc].entry, &q) {
					continue
				}
				lens := &allLens[ps.doc]
				tf := 0.0
				for f := range numFields {
					if ps.tf[f] > 0 {
						tf += weights[f] * float64(ps.tf[f]) / (norm0[f] + norm1[f]*float64(lens[f]))
					}
				}
				if score[ps.doc] == 0 {
					touched = append(touched, ps.doc)
				}
				score[ps.doc] += w * tf * (k1 + 1) / (k1 + tf)
			}
		}
	}
	mask := maskOf(&p.intents)
	metaOnly := len(touched) == 0 && (p.intents.topical() || hasFilter(q))
	if metaOnly || p.intents.topical() && len(touched) < candidates {
		// "which community trusts stopped a pilot": every entry the
		// metadata (or, with no topic, the filters) picks is a candidate
		// too, however few of the question's words it holds. Such an
		// entry ranks below every entry holding a word, so with enough
		// of those already there is no need to look. Among themselves
		// they rank by how much metadata they match, then in index order,
		// so the walk stops once enough match all of it.
		best := 0.0
		if !p.intents.empty() {
			best = 1
		}
		perfect := 0
		for i := range ix.docs {
			d := &ix.docs[i]
			if !d.alive || acc.score[i] != 0 || !passes(&d.entry, &q) {
				continue
			}
			fit := mask.fit(&p.intents, ix.meta[i])
			if fit > 0 || metaOnly && p.intents.empty() {
				touched = append(touched, uint32(i))
				acc.score[i] = 1e-9
				if fit >= best {
					if perfect++; perfect >= candidates {
						break
					}
				}
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
			meta = mask.fit(&p.intents, ix.meta[i])
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
		s := scored{doc: r.doc, bm25: acc.score[r.doc], meta: metaFit(&ix.docs[r.doc].entry, &p.intents)}
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
		cv := ix.coverage(c.doc, p)
		c.share, c.lead, c.covered = cv.share, cv.lead, cv.covered
		text := 0.0
		if best > 0 {
			text = c.bm25 / best
		}
		if metaOnly {
			c.score = c.meta
		} else {
			c.score = rankScore(cv, text, c.meta, ix.docs[c.doc].entry.Kind, len(p.intents.kinds) > 0)
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

// cover is how an entry covers a question: the weighted share of the
// question's units it holds (a unit held only in the body counts
// bodyCredit), the same share counting only its lead, the share each of
// its fields holds, and how it covers each unit (0 not, 1 in the body
// only, 2 in the lead).
type cover struct {
	share, lead float64
	fields      [numFields]float64
	covered     []uint8
}

// rankScore is a candidate's score in [0, 1], from how it covers the
// question, its BM25F against the best candidate's (text), how much of the
// named metadata it matches, and its kind.
//
// The weights were learnt by a listwise ranking fit (a linear model, the
// softmax likelihood of the right entry among each question's candidates)
// on the development question sets of four knowledge bases, written in
// December 2026 by writers who saw only the entries and a persona; then
// scaled to sum to 1. TestFitRanking (dev_test.go) refits them: held out
// a knowledge base at a time, the learnt score put the right entry first
// for 0.768, 0.825, 0.963 and 0.863 of the answerable questions of the
// seed and the second to fourth knowledge bases, against 0.722, 0.850,
// 0.900 and 0.825 for the share-and-text score it replaces (0.6 × share +
// 0.4 × text). What it learnt: words in an entry's title and tags say
// most, its summary and body little beyond the coverage they add; and a
// use case (a general description of one AI application) is the least
// often what a question asks for when another kind of entry matches about
// as well.
func rankScore(cv cover, text, meta float64, kind knowledge.Kind, named bool) float64 {
	s := 0.200*cv.share + 0.227*text + 0.144*cv.lead + 0.038*meta +
		0.169*cv.fields[fTitle] + 0.144*cv.fields[fTags] + 0.041*cv.fields[fSummary] + 0.037*cv.fields[fBody]
	switch {
	case named:
		// The question names the kinds it wants: its metadata says.
	case kind == knowledge.KindUseCase:
		s -= 0.107
	case kind == knowledge.KindPilot:
		s -= 0.031
	case kind == knowledge.KindInsight:
		s -= 0.009
	}
	return math.Max(0, math.Min(1, s))
}

// coverage is how entry i covers the question. Caller holds ix.mu.
func (ix *Index) coverage(i uint32, p parsed) cover {
	d := &ix.docs[i]
	cv := cover{covered: make([]uint8, len(p.units))}
	total, got, gotLead := 0.0, 0.0, 0.0
	var gotField [numFields]float64
	// Named metadata counts like a unit the entry covers when its
	// metadata matches: "ongoing GP pilots" is half about being ongoing.
	for _, m := range metaChecks(d.entry, p.intents, p.units) {
		total += m.weight
		if m.hit {
			got += m.weight
			gotLead += m.weight
		}
	}
	for ui, u := range p.units {
		total += u.weight
		credit, leadCredit := 0.0, 0.0
		var fieldCredit [numFields]float64
		for _, a := range u.alts {
			in := ix.fieldsHolding(a.term, i)
			switch {
			case in&leadFields != 0:
				credit = max(credit, a.factor)
				leadCredit = max(leadCredit, a.factor)
				cv.covered[ui] = 2
			case in != 0:
				credit = max(credit, bodyCredit*a.factor)
				cv.covered[ui] = max(cv.covered[ui], 1)
			}
			for f := range numFields {
				if in&(1<<f) != 0 {
					fieldCredit[f] = max(fieldCredit[f], a.factor)
				}
			}
		}
		if u.org != "" && d.entry.OrgType == u.org {
			credit, leadCredit, cv.covered[ui] = 1, 1, 2
		}
		got += u.weight * credit
		gotLead += u.weight * leadCredit
		for f := range numFields {
			gotField[f] += u.weight * fieldCredit[f]
		}
	}
	if total == 0 {
		return cv
	}
	cv.share, cv.lead = got/total, gotLead/total
	for f := range numFields {
		cv.fields[f] = gotField[f] / total
	}
	return cv
}

// leadFields are the bits of the lead fields in fieldsHolding's answer.
const leadFields = 1<<fTitle | 1<<fTags | 1<<fSummary

// fieldsHolding says which fields of entry i hold term t, a bit per field.
// Caller holds ix.mu.
func (st *state) fieldsHolding(t, i uint32) uint8 {
	ps := st.postings[t]
	j, ok := slices.BinarySearchFunc(ps, i, func(p posting, doc uint32) int { return cmp.Compare(p.doc, doc) })
	if !ok {
		return 0
	}
	var in uint8
	for f := range numFields {
		if ps[j].tf[f] > 0 {
			in |= 1 << f
		}
	}
	return in
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
func metaFit(e *knowledge.Entry, in *intents) float64 {
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

// metaBits holds an entry's kind, organisation type, outcome, evidence
// and stop reason as one bit each, so that the metadata fit of thousands
// of touched entries is a few ANDs over a compact array (state.meta)
// instead of string comparisons across their entries.
type metaBits uint64

// metaMask is the bits a question's intents name, per kind of metadata.
type metaMask struct{ kinds, orgs, outcomes, evidence, stops metaBits }

// metaBitsOf packs e's metadata; a value outside the enumerations sets no
// bit (it matches no intent, as its string would match none).
func metaBitsOf(e *knowledge.Entry) metaBits {
	var b metaBits
	off := 0
	b |= bitOf(knowledge.Kinds(), e.Kind, &off)
	b |= bitOf(knowledge.OrgTypes(), e.OrgType, &off)
	b |= bitOf(knowledge.Outcomes(), e.Outcome, &off)
	b |= bitOf(knowledge.EvidenceLevels(), e.Evidence, &off)
	b |= bitOf(knowledge.StopReasons(), e.StopReason, &off)
	return b
}

// maskOf packs a question's intents like metaBitsOf.
func maskOf(in *intents) metaMask {
	var m metaMask
	off := 0
	m.kinds = bitsOf(knowledge.Kinds(), in.kinds, &off)
	m.orgs = bitsOf(knowledge.OrgTypes(), in.orgTypes, &off)
	m.outcomes = bitsOf(knowledge.Outcomes(), in.outcomes, &off)
	m.evidence = bitsOf(knowledge.EvidenceLevels(), in.evidence, &off)
	m.stops = bitsOf(knowledge.StopReasons(), in.stopReasons, &off)
	return m
}

// bitOf is v's bit among all, from *off; it moves *off past all.
func bitOf[T comparable](all []T, v T, off *int) metaBits {
	i := slices.Index(all, v)
	base := *off
	*off += len(all)
	if i < 0 {
		return 0
	}
	return 1 << (base + i)
}

func bitsOf[T comparable](all []T, vs []T, off *int) metaBits {
	var b metaBits
	base := *off
	for _, v := range vs {
		o := base
		b |= bitOf(all, v, &o)
	}
	*off += len(all)
	return b
}

// fit is metaFit over bits: the same weights, summed in the same order.
// named says which kinds of metadata the question names at all (an intent
// whose value is unknown to the enumerations still counts as named).
func (m metaMask) fit(in *intents, b metaBits) float64 {
	total, hit := 0.0, 0.0
	add := func(named bool, mask metaBits, w float64) {
		if named {
			total += w
			if b&mask != 0 {
				hit += w
			}
		}
	}
	add(len(in.kinds) > 0, m.kinds, kindMetaWeight)
	add(len(in.orgTypes) > 0, m.orgs, metaWeight)
	add(len(in.outcomes) > 0, m.outcomes, metaWeight)
	add(len(in.evidence) > 0, m.evidence, metaWeight)
	add(len(in.stopReasons) > 0, m.stops, metaWeight)
	if total == 0 {
		return 0
	}
	return hit / total
}

func metaKinds(in intents) int { return len(metaChecks(knowledge.Entry{}, in, nil)) }

// passes reports whether an entry passes a query's hard filters.
func passes(e *knowledge.Entry, q *Query) bool {
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
