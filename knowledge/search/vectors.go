package search

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Hybrid search: when an embeddings model is configured, every entry has a
// vector of its meaning, and a question's own vector finds entries that
// share no word with it ("the queue didn't budge" → a backlog that was not
// cleared). The vectors come from outside (handlers embed and cache them);
// here they are held per entry, searched by exact cosine, fused with the
// word ranking, and read by the confidence decision. Without vectors,
// nothing here runs and search is word search alone.

// Fusion and confidence tuning for hybrid search.
const (
	// rrfK is reciprocal rank fusion's constant: the word and the vector
	// rankings each add 1/(rrfK + rank).
	rrfK = 60
	// vectorCandidates is how many entries the vector ranking offers.
	vectorCandidates = candidates
	// vectorWeight is what one standard deviation of similarity above the
	// off-topic bank's mean adds to the evidence score (before the
	// logistic), so that a strong meaning match can answer a question whose
	// words match little.
	vectorWeight = 1.5
)

// EmbeddingText is the text of an entry that is embedded: its title,
// summary and (unless titlesOnly, KBBOT_LLM_CONTEXT=titles) body. Its
// hash, with the model's name, is what a cached vector is valid for.
func EmbeddingText(e knowledge.Entry, titlesOnly bool) string {
	parts := []string{e.Title, e.Summary}
	if len(e.Tags) > 0 {
		parts = append(parts, strings.Join(e.Tags, ", "))
	}
	if !titlesOnly && e.Body != "" {
		parts = append(parts, e.Body)
	}
	return strings.Join(parts, "\n\n")
}

// vectorSet is one model's vectors, normalised to unit length: by entry id
// as given, and by the current state's document number for searching (a
// slice, nil where an entry has none, so that a scan walks memory in
// order).
type vectorSet struct {
	model string
	dims  int
	byID  map[string][]float32
	byDoc [][]float32
	// bank holds the off-topic questions' vectors, for calibration; their
	// best matches' mean and standard deviation set the scale of a
	// question's similarity.
	bank              [][]float32
	bankMean, bankStd float64
	// calib is the confidence calibration of questions that have a
	// vector; a question without one (the embeddings endpoint failed) is
	// decided by the index's word-only calibration.
	calib calibration
}

// index maps the vectors onto a state's document numbers. Caller holds
// the write lock (or owns st).
func (vs *vectorSet) index(st *state) {
	vs.byDoc = make([][]float32, len(st.docs))
	for id, v := range vs.byID {
		if i, ok := st.byID[id]; ok {
			vs.byDoc[i] = v
		}
	}
}

// clone copies the set, with a map of its own, so that a copy can be
// indexed and calibrated for a new state outside the lock. nil stays nil.
func (vs *vectorSet) clone() *vectorSet {
	if vs == nil {
		return nil
	}
	c := *vs
	c.byID = maps.Clone(vs.byID)
	c.byDoc = slices.Clone(vs.byDoc)
	return &c
}

// setDoc gives document i its vector (nil for none), growing the slice
// for a document added since the last index.
func (vs *vectorSet) setDoc(i uint32, v []float32) {
	if int(i) >= len(vs.byDoc) {
		if v == nil {
			return
		}
		vs.byDoc = append(vs.byDoc, make([][]float32, int(i)+1-len(vs.byDoc))...)
	}
	vs.byDoc[i] = v
}

// count is how many documents have a vector.
func (vs *vectorSet) count() int {
	n := 0
	for _, v := range vs.byDoc {
		if v != nil {
			n++
		}
	}
	return n
}

// SetVectors gives the index one model's entry vectors (by entry id) and
// the vectors of the off-topic bank's questions (in the bank's order, as
// OffTopicQuestions returns it), and calibrates questions with a vector;
// questions without one keep the word-only calibration. Vectors of other
// lengths than the first, of unknown entries, or of zero length are left
// out. A nil map turns hybrid search off.
//
// Calibrating asks the whole bank, which takes seconds at 10,000 entries
// of long vectors: it runs under the read lock, so searches go on
// meanwhile, and the vectors are switched in under the write lock.
func (ix *Index) SetVectors(model string, vecs map[string][]float32, bank [][]float32) {
	if vecs == nil {
		ix.mu.Lock()
		ix.vectors = nil
		ix.mu.Unlock()
		return
	}
	vs := &vectorSet{model: model, byID: map[string][]float32{}}
	for id, v := range vecs {
		if vs.dims == 0 {
			vs.dims = len(v)
		}
		if u := unit32(v); u != nil && len(u) == vs.dims {
			vs.byID[id] = u
		}
	}
	for _, q := range bank {
		if u := unit32(q); u != nil && len(u) == vs.dims {
			vs.bank = append(vs.bank, u)
		}
	}
	ix.mu.RLock()
	vs.index(ix.state)
	vs.calib = ix.calibrateHybrid(ix.state, vs, ix.calib)
	ix.mu.RUnlock()
	ix.mu.Lock()
	defer ix.mu.Unlock()
	vs.index(ix.state) // entries added or rebuilt meanwhile
	ix.vectors = vs
}

// SetVector adds or replaces one entry's vector (after an edit or an
// approval), if the index has vectors of that model.
func (ix *Index) SetVector(model, id string, v []float32) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.vectors == nil || ix.vectors.model != model {
		return
	}
	i, ok := ix.byID[id]
	if !ok {
		return
	}
	if u := unit32(v); u != nil && len(u) == ix.vectors.dims {
		ix.vectors.byID[id] = u
		ix.vectors.setDoc(i, u)
	}
}

// VectorModel is the model whose vectors the index holds ("" for none),
// and how many entries have one.
func (ix *Index) VectorModel() (string, int) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.vectors == nil {
		return "", 0
	}
	return ix.vectors.model, ix.vectors.count()
}

// hybrid reports whether a query can use the vectors: the index has some,
// and the question's vector has their length. Caller holds ix.mu.
func (ix *Index) hybrid(q Query) []float32 {
	if ix.vectors == nil || len(q.Vector) != ix.vectors.dims {
		return nil
	}
	return unit32(q.Vector)
}

// OffTopicQuestions returns the off-topic bank, for embedding.
func OffTopicQuestions() []string {
	var out []string
	for _, q := range strings.Split(offTopicBank, "\n") {
		if q = strings.TrimSpace(q); q != "" {
			out = append(out, q)
		}
	}
	return out
}

// nearest returns the k entries most similar to u, best first, with their
// cosine as key; filter, when set, must pass. Caller holds ix.mu.
func (ix *Index) nearest(u []float32, k int, filter func(uint32) bool) []ranked {
	h := make(topK, 0, k)
	for i, v := range ix.vectors.byDoc {
		if v == nil || !ix.docs[i].alive || filter != nil && !filter(uint32(i)) {
			continue
		}
		h.offer(ranked{doc: uint32(i), key: dot(u, v)}, k)
	}
	return h.sorted()
}

// similarity is a question's cosine with entry i, or 0 without a vector.
func (vs *vectorSet) similarity(u []float32, i uint32) float64 {
	if int(i) < len(vs.byDoc) && vs.byDoc[i] != nil {
		return dot(u, vs.byDoc[i])
	}
	return 0
}

// normalised turns a cosine into standard deviations above the off-topic
// bank's best matches.
func (vs *vectorSet) normalised(cos float64) float64 {
	if vs.bankStd <= 0 {
		return 0
	}
	return (cos - vs.bankMean) / vs.bankStd
}

// fuse reorders word candidates with the vector ranking by reciprocal rank
// fusion, adding the entries the vectors find that the words did not.
// Caller holds ix.mu.
func (ix *Index) fuse(p parsed, q Query, u []float32, cands []scored) []scored {
	near := ix.nearest(u, vectorCandidates, func(i uint32) bool { return passes(&ix.docs[i].entry, &q) })
	return ix.fuseNear(p, u, cands, near)
}

// fuseNear is fuse with the vector ranking already found.
func (ix *Index) fuseNear(p parsed, u []float32, cands []scored, near []ranked) []scored {
	vs := ix.vectors
	vecRank := map[uint32]int{}
	for r, n := range near {
		vecRank[n.doc] = r + 1
	}
	in := map[uint32]bool{}
	for _, c := range cands {
		in[c.doc] = true
	}
	for _, n := range near {
		if in[n.doc] {
			continue
		}
		// A meaning match the words missed: scored like the others, with
		// no word evidence.
		c := scored{doc: n.doc, meta: metaFit(&ix.docs[n.doc].entry, &p.intents)}
		cv := ix.coverage(n.doc, p)
		c.share, c.lead, c.covered = cv.share, cv.lead, cv.covered
		cands = append(cands, c)
	}
	for i := range cands {
		c := &cands[i]
		c.cos = vs.similarity(u, c.doc)
		fused := 1 / float64(rrfK+i+1)
		if r, ok := vecRank[c.doc]; ok {
			fused += 1 / float64(rrfK+r)
		}
		c.fused = fused
	}
	// The word ranking's score keeps breaking ties and stays the shown
	// score; the order is the fused one.
	best := 2.0 / float64(rrfK+1)
	slices.SortStableFunc(cands, func(a, b scored) int {
		if c := cmp.Compare(b.fused, a.fused); c != 0 {
			return c
		}
		return cmp.Compare(b.score, a.score)
	})
	for i := range cands {
		cands[i].score = cands[i].fused / best
	}
	return cands
}

// unit32 returns v scaled to unit length, or nil for a zero or non-finite
// vector.
func unit32(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil
	}
	inv := 1 / math.Sqrt(n)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}

// dot is the dot product of two vectors of one length, four at a time.
func dot(a, b []float32) float64 {
	var s0, s1, s2, s3 float32
	n := len(a) &^ 3
	b = b[:len(a)]
	for i := 0; i < n; i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for i := n; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return float64(s0 + s1 + s2 + s3)
}

func meanStd(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	m := 0.0
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	v := 0.0
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return m, math.Sqrt(v / float64(len(xs)))
}
