// Package search finds the approved entries that answer a question: a
// bleve full-text index (BM25, English stemming, field boosts) for
// candidates, a domain vocabulary of NHS and AI terms (vocabulary.yaml)
// used at index and query time, typo correction that never "corrects" an
// ordinary English word, metadata read from everyday words, and a
// relevance check that returns nothing rather than the least-bad entry.
//
// A tour: index.go (Index, Rebuild, Upsert, Delete), tables.go (interned
// statistics), vocabulary.go (Vocabulary, Tokens), query.go (Search, the
// relevance check), explain.go (why an answer was chosen).
package search

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// englishWordsGz is a list of ordinary English words: typo correction never
// "corrects" a real word ("parking") into a knowledge-base term ("marking").
// See english-words.LICENSE.
//
//go:embed english-words.txt.gz
var englishWordsGz []byte

// Index is the search index over approved entries: a bleve full-text index
// (field boosts, English stemming, BM25) plus, per entry, the set of stems
// and vocabulary concepts that the relevance check needs. It is safe for
// concurrent use; writers (Upsert, Delete, Rebuild) take a lock that
// searches share.
type Index struct {
	lg      *slog.Logger
	vocab   *Vocabulary
	english map[string]bool
	stemmer analysis.Analyzer
	mapping mapping.IndexMapping

	mu   sync.RWMutex
	bl   bleve.Index
	docs map[string]*doc
	tab  *tables

	stemMu sync.RWMutex
	stems  map[string]string
}

// doc is what the relevance check knows about one indexed entry: ids in
// the index's tables, sorted.
type doc struct {
	entry  knowledge.Entry
	keys   []uint32 // stems and "c:"-prefixed concepts
	strong []uint32 // the keys found in the title, tags or summary
	words  []uint32 // distinct surface words, for the typo dictionary
}

// conceptKey is how a concept appears among an entry's keys.
func conceptKey(c string) string { return "c:" + c }

// New returns an empty index using vocab.
func New(lg *slog.Logger, vocab *Vocabulary) (*Index, error) {
	english, err := loadEnglish()
	if err != nil {
		return nil, err
	}
	im := newMapping()
	stemmer := im.AnalyzerNamed(en.AnalyzerName)
	if stemmer == nil {
		return nil, fmt.Errorf("search: analyzer %q missing", en.AnalyzerName)
	}
	ix := &Index{
		lg: lg, vocab: vocab, english: english, stemmer: stemmer, mapping: im,
		stems: map[string]string{},
	}
	bl, err := newBleve(im)
	if err != nil {
		return nil, err
	}
	ix.bl = bl
	ix.docs = map[string]*doc{}
	ix.tab = newTables()
	return ix, nil
}

func loadEnglish() (map[string]bool, error) {
	zr, err := gzip.NewReader(bytes.NewReader(englishWordsGz))
	if err != nil {
		return nil, fmt.Errorf("search: read word list: %w", err)
	}
	words := make(map[string]bool, 40000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		words[sc.Text()] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("search: read word list: %w", err)
	}
	return words, nil
}

// Field names and the boosts a question's words get in each: a word in the
// title says more about an entry than the same word deep in its body.
const (
	fieldTitle   = "title"
	fieldTags    = "tags"
	fieldSummary = "summary"
	fieldBody    = "body"
	// The concepts of the title, tags and summary (the lead) and of the
	// body, so a concept in the lead ranks above one deep in the body.
	fieldConceptsLead = "concepts_lead"
	fieldConceptsBody = "concepts_body"
	leadBoost         = 2.5
	fieldKind         = "kind"
	fieldCategory     = "category"
	fieldOrgType      = "org_type"
	fieldOutcome      = "outcome"
)

func fieldBoosts() []struct {
	name  string
	boost float64
} {
	return []struct {
		name  string
		boost float64
	}{{fieldTitle, 3}, {fieldTags, 2.5}, {fieldSummary, 2}, {fieldBody, 1}}
}

func newMapping() *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.DefaultAnalyzer = en.AnalyzerName
	im.ScoringModel = bleveindex.BM25Scoring
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	dm := bleve.NewDocumentStaticMapping()
	for _, f := range []string{fieldTitle, fieldTags, fieldSummary, fieldBody} {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		dm.AddFieldMappingsAt(f, fm)
	}
	for _, f := range []string{fieldKind, fieldCategory, fieldOrgType, fieldOutcome, fieldConceptsLead, fieldConceptsBody} {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = false
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		fm.DocValues = false
		dm.AddFieldMappingsAt(f, fm)
	}
	im.DefaultMapping = dm
	return im
}

// newBleve makes an in-memory scorch index: nothing to persist, since the
// index is always rebuilt from Redis, the source of truth.
func newBleve(im mapping.IndexMapping) (bleve.Index, error) {
	bl, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: new index: %w", err)
	}
	return bl, nil
}

// blevedoc is what bleve indexes for an entry: its text fields, the
// vocabulary concepts found in each (so that a concept in the title ranks
// above the same concept deep in the body) and its metadata.
type blevedoc struct {
	Title        string   `json:"title"`
	Tags         []string `json:"tags"`
	Summary      string   `json:"summary"`
	Body         string   `json:"body"`
	ConceptsLead []string `json:"concepts_lead"`
	ConceptsBody []string `json:"concepts_body"`
	Kind         string   `json:"kind"`
	Category     string   `json:"category"`
	OrgType      string   `json:"org_type"`
	Outcome      string   `json:"outcome"`
}

// Len is the number of indexed (approved) entries.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.docs)
}

// Get returns an indexed entry by id.
func (ix *Index) Get(id string) (knowledge.Entry, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	d, ok := ix.docs[id]
	if !ok {
		return knowledge.Entry{}, false
	}
	return d.entry.Clone(), true
}

// Entries returns every indexed entry, in no particular order.
func (ix *Index) Entries() []knowledge.Entry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]knowledge.Entry, 0, len(ix.docs))
	for _, d := range ix.docs {
		out = append(out, d.entry.Clone())
	}
	return out
}

// Rebuild replaces the whole index with the approved entries among
// entries. Searches keep using the old index until the new one is ready.
func (ix *Index) Rebuild(entries []knowledge.Entry) error {
	var approved []knowledge.Entry
	for _, e := range entries {
		if e.Approved() {
			approved = append(approved, e)
		}
	}
	// Features are the costly part and need no shared state: compute them
	// on every core, then intern them in order.
	raws := make([]rawFeatures, len(approved))
	bds := make([]blevedoc, len(approved))
	workers := max(1, min(runtime.GOMAXPROCS(0), len(approved)/100+1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(approved); i += workers {
				raws[i], bds[i] = ix.features(approved[i])
			}
		}()
	}
	wg.Wait()
	bl, err := newBleve(ix.mapping)
	if err != nil {
		return err
	}
	tab := newTables()
	docs := make(map[string]*doc, len(approved))
	batch := bl.NewBatch()
	for i, e := range approved {
		d := tab.intern(raws[i])
		d.entry = e.Clone()
		docs[e.ID] = d
		tab.count(d, 1)
		if err := batch.Index(e.ID, bds[i]); err != nil {
			return fmt.Errorf("search: index %s: %w", e.ID, err)
		}
		if batch.Size() >= 2000 {
			if err := bl.Batch(batch); err != nil {
				return fmt.Errorf("search: build: %w", err)
			}
			batch.Reset()
		}
	}
	if err := bl.Batch(batch); err != nil {
		return fmt.Errorf("search: build: %w", err)
	}
	ix.mu.Lock()
	old := ix.bl
	ix.bl, ix.docs, ix.tab = bl, docs, tab
	ix.mu.Unlock()
	if old != nil {
		_ = old.Close() // in-memory: closing only frees it
	}
	if len(approved) >= bigRebuild {
		// A large build leaves hundreds of megabytes of garbage (analysis
		// buffers, the old index) that the runtime would keep mapped for
		// minutes: hand it back now, once.
		debug.FreeOSMemory()
	}
	return nil
}

// bigRebuild is the size from which a rebuild returns its garbage to the
// operating system at once.
const bigRebuild = 2000

// Upsert adds or replaces one entry. An entry that is not approved is
// removed instead: only approved entries are ever searchable.
func (ix *Index) Upsert(e knowledge.Entry) error {
	if !e.Approved() {
		return ix.Delete(e.ID)
	}
	raw, bd := ix.features(e)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.bl.Index(e.ID, bd); err != nil {
		return fmt.Errorf("search: index %s: %w", e.ID, err)
	}
	if old, ok := ix.docs[e.ID]; ok {
		ix.tab.count(old, -1)
	}
	d := ix.tab.intern(raw)
	d.entry = e.Clone()
	ix.docs[e.ID] = d
	ix.tab.count(d, 1)
	return nil
}

// Delete removes an entry; removing an absent entry is not an error.
func (ix *Index) Delete(id string) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	old, ok := ix.docs[id]
	if !ok {
		return nil
	}
	if err := ix.bl.Delete(id); err != nil {
		return fmt.Errorf("search: delete %s: %w", id, err)
	}
	ix.tab.count(old, -1)
	delete(ix.docs, id)
	return nil
}

// features computes what the index keeps about an entry. It touches no
// shared state but the stem cache.
func (ix *Index) features(e knowledge.Entry) (rawFeatures, blevedoc) {
	bd := blevedoc{
		Title: e.Title, Tags: e.Tags, Summary: e.Summary, Body: e.Body,
		Kind: string(e.Kind), Category: string(e.Category), OrgType: string(e.OrgType), Outcome: string(e.Outcome),
	}
	fields := []struct {
		text     string
		concepts *[]string
		lead     bool
	}{
		{e.Title, &bd.ConceptsLead, true}, {strings.Join(e.Tags, ". "), &bd.ConceptsLead, true},
		{e.Summary, &bd.ConceptsLead, true}, {e.Body, &bd.ConceptsBody, false},
	}
	keys := map[string]bool{}
	lead := map[string]bool{}
	seenWord := map[string]bool{}
	var raw rawFeatures
	for _, f := range fields {
		toks := Tokens(f.text)
		for _, t := range toks {
			if !seenWord[t] {
				seenWord[t] = true
				raw.words = append(raw.words, t)
			}
			if s := ix.stem(t); s != "" {
				keys[s] = true
				if f.lead {
					lead[s] = true
				}
			}
		}
		for _, sp := range ix.vocab.concepts.match(toks) {
			k := conceptKey(sp.value)
			if !slices.Contains(*f.concepts, sp.value) {
				*f.concepts = append(*f.concepts, sp.value)
			}
			keys[k] = true
			if f.lead {
				lead[k] = true
			}
		}
	}
	for k := range keys {
		raw.keys = append(raw.keys, k)
	}
	for k := range lead {
		raw.strong = append(raw.strong, k)
	}
	return raw, bd
}

// stem returns the English stem of one token as the index analyses it, or
// "" for a stop word. Results are cached: the vocabulary of a knowledge base
// is small and stems are asked for again and again.
func (ix *Index) stem(tok string) string {
	ix.stemMu.RLock()
	s, ok := ix.stems[tok]
	ix.stemMu.RUnlock()
	if ok {
		return s
	}
	ts := ix.stemmer.Analyze([]byte(tok))
	s = ""
	if len(ts) > 0 {
		s = string(ts[0].Term)
	}
	ix.stemMu.Lock()
	if len(ix.stems) > 200000 {
		ix.stems = map[string]string{} // bound memory against hostile input
	}
	ix.stems[tok] = s
	ix.stemMu.Unlock()
	return s
}

// idf is the BM25 inverse document frequency of a key; a key no entry holds
// weighs most. Caller holds ix.mu.
func (ix *Index) idf(key string) float64 {
	n := float64(len(ix.docs))
	df := float64(ix.tab.df(key))
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
