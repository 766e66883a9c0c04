// Package search finds the approved entries that answer a question, and
// says how sure it is: a confident answer, related entries shown with a
// hedge, or nothing.
//
// A tour:
//   - index.go: Index, an in-memory inverted index over approved entries
//     (title, tags, summary and body, and the vocabulary concepts found in
//     each), built, patched and swapped under a lock.
//   - analyze.go: stemming, stop words, the English word list and the
//     WordNet thesaurus.
//   - vocabulary.go: the domain vocabulary (vocabulary.yaml): concepts,
//     abbreviations and the everyday names of metadata.
//   - query.go: how a question becomes weighted units of meaning, with
//     typo correction and synonyms for words no entry holds.
//   - rank.go: BM25F scoring, coverage, metadata and diversity.
//   - confidence.go and calibrate.go: the high, low or none decision and
//     its calibration against an off-topic bank at every build.
//   - explain.go: why a question got the answer it got.
//   - eval.go: scoring a file of golden questions (kbbot eval).
//
// The full-text engine is written here rather than taken from bleve: the
// confidence decision needs, for every candidate, which of the question's
// terms it holds and in which field, which bleve does not expose cheaply;
// and a compact index of sorted postings is several times faster and
// smaller at 50,000 entries, and simple to snapshot.
package search

import (
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Fields of an entry, in the order postings count them. The lead fields
// (title, tags, summary) say what an entry is about; the body has the
// detail.
const (
	fTitle = iota
	fTags
	fSummary
	fBody
	numFields
)

// fieldWeights are BM25F's field weights: a word in the title says more
// about an entry than the same word deep in its body. fieldB are the
// length normalisations (short fields barely).
func fieldWeights() [numFields]float64 { return [numFields]float64{3, 2.5, 2, 1} }
func fieldB() [numFields]float64       { return [numFields]float64{0.3, 0.3, 0.5, 0.75} }

// posting is one entry's counts of one term, by field (capped at 255).
type posting struct {
	doc uint32
	tf  [numFields]uint8
}

// doc is what the index keeps about one entry.
type doc struct {
	entry knowledge.Entry
	alive bool
	lens  [numFields]uint16 // terms per field
	// terms are the entry's term ids, sorted; lead those in its title,
	// tags or summary.
	terms, lead []uint32
	// sig is a short signature of the lead, for spotting near-duplicates.
	sig []uint32
}

// Index is the search index over approved entries. It is safe for
// concurrent use: searches share a read lock; Rebuild, Upsert and Delete
// take the write lock only to swap or patch.
type Index struct {
	lg    *slog.Logger
	vocab *Vocabulary
	lex   *lexicon
	stem  *stemmer

	mu sync.RWMutex
	*state
	// vectors are the entries' embeddings (nil: word search only).
	vectors *vectorSet
	// calib is the confidence calibration of the current state.
	calib calibration
	// pool recycles per-search score arrays.
	pool sync.Pool
	// print is the fingerprint of what shapes this binary's indexes
	// (snapshot.go).
	print string
	// changes counts every change to the state (to tell whether one was
	// made during a Refresh); patched counts the entries patched in since
	// the last build or refresh.
	changes uint64
	patched int
}

// state is the index proper: terms, postings and documents. A rebuild makes
// a new one and swaps it in.
type state struct {
	termID   map[string]uint32
	terms    []string
	postings [][]posting
	df       []int32 // live entries holding each term
	docs     []doc
	// alive and lens repeat each doc's flag and field lengths in arrays of
	// their own, for the hot loop over postings.
	alive    []bool
	lens     [][numFields]uint16
	meta     []metaBits
	byID     map[string]uint32
	live     int
	fieldLen [numFields]float64 // total terms per field over live entries
	// words counts live entries holding each surface word, for typo
	// correction; wordList holds them sorted (for completing short forms)
	// and wordBuckets by first letter and length (for typos). Words whose
	// count falls to zero stay listed and are skipped.
	words       map[string]int32
	wordList    []string
	wordBuckets map[uint32][]string
	sorted      bool
}

func newState() *state {
	return &state{termID: map[string]uint32{}, byID: map[string]uint32{}, words: map[string]int32{}, wordBuckets: map[uint32][]string{}, sorted: true}
}

// bucketKey groups words by first byte and length: a typo rarely changes a
// word's first letter.
func bucketKey(first byte, n int) uint32 { return uint32(first)<<16 | uint32(min(n, 0xffff)) }

// New returns an empty index using vocab.
func New(lg *slog.Logger, vocab *Vocabulary) (*Index, error) {
	lex, err := loadLexicon()
	if err != nil {
		return nil, err
	}
	ix := &Index{lg: lg, vocab: vocab, lex: lex, stem: newStemmer(lex.stop), state: newState(), print: fingerprint()}
	ix.calib = defaultCalibration()
	return ix, nil
}

// Len is the number of indexed (approved) entries.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.live
}

// Get returns an indexed entry by id.
func (ix *Index) Get(id string) (knowledge.Entry, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	i, ok := ix.byID[id]
	if !ok {
		return knowledge.Entry{}, false
	}
	return ix.docs[i].entry.Clone(), true
}

// Entries returns every indexed entry, in no particular order.
func (ix *Index) Entries() []knowledge.Entry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]knowledge.Entry, 0, ix.live)
	for _, d := range ix.docs {
		if d.alive {
			out = append(out, d.entry.Clone())
		}
	}
	return out
}

// analysed is an entry taken apart: its terms with counts per field, its
// surface words and its lead signature. Computing it touches no shared
// state but the stem cache, so a rebuild does it on every core.
type analysed struct {
	counts map[string]*[numFields]uint8
	lens   [numFields]uint16
	words  []string
	sig    []string
}

// analyse takes an entry apart for indexing.
func (ix *Index) analyse(e knowledge.Entry) analysed {
	a := analysed{counts: map[string]*[numFields]uint8{}}
	texts := [numFields]string{e.Title, strings.Join(e.Tags, ". "), e.Summary, e.Body}
	seenWord := map[string]bool{}
	sig := map[string]bool{}
	for f, text := range texts {
		toks := words.Tokens(text)
		add := func(term string) {
			c := a.counts[term]
			if c == nil {
				c = new([numFields]uint8)
				a.counts[term] = c
			}
			if c[f] < math.MaxUint8 {
				c[f]++
			}
			if a.lens[f] < math.MaxUint16 {
				a.lens[f]++
			}
		}
		for _, t := range toks {
			if !seenWord[t] {
				seenWord[t] = true
				a.words = append(a.words, t)
			}
			if s := ix.stem.stem(t); s != "" {
				add(s)
				if f != fBody && len(s) > 2 {
					sig[s] = true
				}
			}
		}
		for _, sp := range ix.vocab.concepts.match(toks) {
			add(conceptTerm(sp.value))
		}
	}
	for s := range sig {
		a.sig = append(a.sig, s)
	}
	return a
}

// conceptTerm is how a vocabulary concept appears among an entry's terms.
func conceptTerm(c string) string { return "c:" + c }

// Rebuild replaces the whole index with the approved entries among
// entries, and recalibrates its confidence. Searches keep using the old
// index until the new one is ready.
func (ix *Index) Rebuild(entries []knowledge.Entry) error {
	var approved []knowledge.Entry
	for _, e := range entries {
		if e.Approved() {
			approved = append(approved, e)
		}
	}
	slices.SortFunc(approved, func(a, b knowledge.Entry) int { return strings.Compare(a.ID, b.ID) })
	// Entries are analysed a batch at a time, on every core, and added in
	// order: a batch's analyses are garbage once added, so a build holds
	// little more than the index it makes.
	st := newState()
	st.sorted = false
	as := make([]analysed, min(buildBatch, len(approved)))
	for lo := 0; lo < len(approved); lo += buildBatch {
		batch := approved[lo:min(lo+buildBatch, len(approved))]
		workers := max(1, min(runtime.GOMAXPROCS(0), len(batch)/100+1))
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(batch); i += workers {
					as[i] = ix.analyse(batch[i])
				}
			}()
		}
		wg.Wait()
		for i, e := range batch {
			st.add(e, as[i])
			as[i] = analysed{}
		}
	}
	st.finish()
	ix.swap(st, nil, ix.calibrate(st))
	return nil
}

// swap makes st the index's state, with calib, and carries the vectors
// over: they are by entry id, mapped onto st (a copy, so searches of the
// old state are untouched) and calibrated for it, outside the lock. If
// still is set, st replaces the state only if nothing changed the index
// since still was read (else only the calibrations are taken).
func (ix *Index) swap(st *state, still *uint64, calib calibration) bool {
	ix.mu.RLock()
	orig := ix.vectors
	vs := orig.clone()
	ix.mu.RUnlock()
	if vs != nil {
		vs.index(st)
		vs.calib = ix.calibrateHybrid(st, vs, calib)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.calib = calib
	if still != nil && *still != ix.changes {
		if vs != nil && ix.vectors == orig {
			cur := ix.vectors.clone()
			cur.calib, cur.bankMean, cur.bankStd = vs.calib, vs.bankMean, vs.bankStd
			ix.vectors = cur
		}
		return false
	}
	if ix.vectors != orig {
		// Vectors were set while this built: keep them, on the new state
		// (their calibration is the previous state's until the next build).
		vs = ix.vectors.clone()
		if vs != nil {
			vs.index(st)
		}
	}
	ix.state, ix.vectors = st, vs
	ix.changes++
	ix.patched = 0
	return true
}

// add appends an entry to the state.
func (st *state) add(e knowledge.Entry, a analysed) {
	id := uint32(len(st.docs))
	d := doc{entry: e.Clone(), alive: true, lens: a.lens}
	for term, c := range a.counts {
		t := st.intern(term)
		st.postings[t] = append(st.postings[t], posting{doc: id, tf: *c})
		st.df[t]++
		d.terms = append(d.terms, t)
		if c[fTitle] > 0 || c[fTags] > 0 || c[fSummary] > 0 {
			d.lead = append(d.lead, t)
		}
	}
	for _, s := range a.sig {
		d.sig = append(d.sig, st.intern(s))
	}
	slices.Sort(d.terms)
	slices.Sort(d.lead)
	slices.Sort(d.sig)
	for _, w := range a.words {
		if st.words[w]++; st.words[w] == 1 {
			st.addWord(w)
		}
	}
	for f := range numFields {
		st.fieldLen[f] += float64(a.lens[f])
	}
	st.docs = append(st.docs, d)
	st.alive = append(st.alive, true)
	st.meta = append(st.meta, metaBitsOf(&e))
	st.lens = append(st.lens, a.lens)
	st.byID[e.ID] = id
	st.live++
}

// addWord lists a word the first time any entry holds it. During a
// rebuild (sorted false) the list is sorted once at the end, by finish.
func (st *state) addWord(w string) {
	if st.sorted {
		i, found := slices.BinarySearch(st.wordList, w)
		if found {
			return
		}
		st.wordList = slices.Insert(st.wordList, i, w)
	} else {
		st.wordList = append(st.wordList, w)
	}
	k := bucketKey(w[0], len(w))
	if !slices.Contains(st.wordBuckets[k], w) {
		st.wordBuckets[k] = append(st.wordBuckets[k], w)
	}
}

// finish ends a rebuild: the word list is sorted from now on.
func (st *state) finish() {
	slices.Sort(st.wordList)
	st.wordList = slices.Compact(st.wordList)
	st.sorted = true
}

// intern returns a term's id, adding it if new.
func (st *state) intern(term string) uint32 {
	if t, ok := st.termID[term]; ok {
		return t
	}
	t := uint32(len(st.terms))
	st.termID[term] = t
	st.terms = append(st.terms, term)
	st.postings = append(st.postings, nil)
	st.df = append(st.df, 0)
	return t
}

// remove takes entry i out of the statistics. Its postings stay, skipped
// as dead, until the next rebuild.
func (st *state) remove(i uint32, words []string) {
	d := &st.docs[i]
	if !d.alive {
		return
	}
	d.alive = false
	st.alive[i] = false
	for _, t := range d.terms {
		st.df[t]--
	}
	for f := range numFields {
		st.fieldLen[f] -= float64(d.lens[f])
	}
	for _, w := range words {
		st.words[w]--
	}
	delete(st.byID, d.entry.ID)
	st.live--
	d.entry = knowledge.Entry{ID: d.entry.ID}
}

// buildBatch is how many entries a rebuild analyses at a time.
const buildBatch = 1000

// Upsert adds or replaces one entry. An entry that is not approved is
// removed instead: only approved entries are ever searchable. The
// calibration is kept (a single entry barely moves it); the next rebuild
// redoes it.
func (ix *Index) Upsert(e knowledge.Entry) error {
	if !e.Approved() {
		return ix.Delete(e.ID)
	}
	a := ix.analyse(e)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if i, ok := ix.byID[e.ID]; ok {
		ix.remove(i, ix.analyse(ix.docs[i].entry).words)
		if ix.vectors != nil {
			ix.vectors.setDoc(i, nil) // the entry's new document takes it below
		}
	}
	ix.add(e, a)
	if ix.vectors != nil {
		// The entry keeps its vector (its text may have changed: the
		// caller re-embeds it and calls SetVector).
		if v, ok := ix.vectors.byID[e.ID]; ok {
			ix.vectors.setDoc(ix.byID[e.ID], v)
		}
	}
	ix.changes++
	ix.patched++
	ix.compactIfNeeded()
	return nil
}

// Delete removes an entry; removing an absent entry is not an error.
func (ix *Index) Delete(id string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	i, ok := ix.byID[id]
	if !ok {
		return nil
	}
	ix.remove(i, ix.analyse(ix.docs[i].entry).words)
	if ix.vectors != nil {
		delete(ix.vectors.byID, id)
		ix.vectors.setDoc(i, nil)
	}
	ix.changes++
	ix.patched++
	ix.compactIfNeeded()
	return nil
}

// compactIfNeeded drops dead entries from the state once they are half
// of it, so patched postings do not grow without bound even if Refresh
// is never called (it compacts, out of the lock, at a quarter). It copies
// what is analysed already: nothing is analysed again. Caller holds the
// write lock.
func (ix *Index) compactIfNeeded() {
	dead := len(ix.docs) - ix.live
	if dead < 64 || dead*2 < len(ix.docs) {
		return
	}
	f := ix.snapshot("")
	st, err := f.state()
	if err != nil {
		ix.lg.Error("search index compaction failed", "err", err)
		return
	}
	ix.state = st
	ix.changes++
	if ix.vectors != nil {
		ix.vectors.index(st)
	}
}

// NeedsRefresh reports whether the index has changed enough since it was
// built or last refreshed to be worth a Refresh: a quarter of its
// documents dead, or more entries patched in than refreshAfter (or a
// tenth of it, when larger).
func (ix *Index) NeedsRefresh() bool {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	dead := len(ix.docs) - ix.live
	return dead >= 64 && dead*4 >= len(ix.docs) || ix.patched >= max(refreshAfter, ix.live/10)
}

// refreshAfter is how many patched entries make a refresh worthwhile.
const refreshAfter = 200

// Refresh compacts the index and calibrates it again (a knowledge base that
// grew by an import needs thresholds of its new size), as a rebuild would
// but from what is analysed already and without holding the lock: searches
// and changes go on, and a change made meanwhile keeps the current state
// (the new calibrations are taken all the same).
func (ix *Index) Refresh() error {
	ix.mu.RLock()
	f := ix.snapshot("")
	still := ix.changes
	ix.mu.RUnlock()
	st, err := f.state()
	if err != nil {
		return err
	}
	ix.swap(st, &still, ix.calibrate(st))
	return nil
}

// idf is BM25's inverse document frequency of a term held by df of n
// entries.
func idf(n, df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }

// termWeight is a term's weight in a question, in (0, 1]: its IDF over the
// IDF of a term no entry holds. A word the knowledge base lacks therefore
// weighs like the rarest term, never more, at any size.
func (st *state) termWeight(df int) float64 {
	n := float64(max(st.live, 1))
	top := idf(n, 0)
	if top <= 0 {
		return 1
	}
	return idf(n, float64(df)) / top
}

// dfOf is how many live entries hold a term (0 for an unknown term).
func (st *state) dfOf(term string) int {
	if t, ok := st.termID[term]; ok {
		return int(st.df[t])
	}
	return 0
}

// String describes the index for logs and explanations.
func (ix *Index) String() string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return fmt.Sprintf("search index: %d entries, %d terms", ix.live, len(ix.terms))
}
