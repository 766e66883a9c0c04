package search

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"log/slog"
	"math"
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

	mu    sync.RWMutex
	bl    bleve.Index
	docs  map[string]*doc
	df    map[string]int // stem or concept key → number of entries holding it
	words map[string]int // surface word → number of entries holding it
	byLen map[int]map[string]bool

	stemMu sync.RWMutex
	stems  map[string]string
}

// doc is what the relevance check knows about one indexed entry.
type doc struct {
	entry  knowledge.Entry
	keys   map[string]bool // stems and "c:"-prefixed concepts
	strong map[string]bool // the keys found in the title, tags or summary
	words  []string        // distinct surface words, for the typo dictionary
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
	ix.df = map[string]int{}
	ix.words = map[string]int{}
	ix.byLen = map[int]map[string]bool{}
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
	fieldTitle    = "title"
	fieldTags     = "tags"
	fieldSummary  = "summary"
	fieldBody     = "body"
	fieldConcepts = "concepts" // concepts_title, concepts_summary, …: one per text field
	fieldKind     = "kind"
	fieldCategory = "category"
	fieldOrgType  = "org_type"
	fieldOutcome  = "outcome"
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
	keywordFields := []string{fieldKind, fieldCategory, fieldOrgType, fieldOutcome}
	for _, f := range fieldBoosts() {
		keywordFields = append(keywordFields, fieldConcepts+"_"+f.name)
	}
	for _, f := range keywordFields {
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
	Title           string   `json:"title"`
	Tags            []string `json:"tags"`
	Summary         string   `json:"summary"`
	Body            string   `json:"body"`
	ConceptsTitle   []string `json:"concepts_title"`
	ConceptsTags    []string `json:"concepts_tags"`
	ConceptsSummary []string `json:"concepts_summary"`
	ConceptsBody    []string `json:"concepts_body"`
	Kind            string   `json:"kind"`
	Category        string   `json:"category"`
	OrgType         string   `json:"org_type"`
	Outcome         string   `json:"outcome"`
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
	bl, err := newBleve(ix.mapping)
	if err != nil {
		return err
	}
	docs := map[string]*doc{}
	batch := bl.NewBatch()
	for _, e := range entries {
		if !e.Approved() {
			continue
		}
		d, bd := ix.features(e)
		docs[e.ID] = d
		if err := batch.Index(e.ID, bd); err != nil {
			return fmt.Errorf("search: index %s: %w", e.ID, err)
		}
		if batch.Size() >= 1000 {
			if err := bl.Batch(batch); err != nil {
				return fmt.Errorf("search: build: %w", err)
			}
			batch.Reset()
		}
	}
	if err := bl.Batch(batch); err != nil {
		return fmt.Errorf("search: build: %w", err)
	}
	df := map[string]int{}
	words := map[string]int{}
	byLen := map[int]map[string]bool{}
	for _, d := range docs {
		countDoc(d, df, words, byLen, 1)
	}
	ix.mu.Lock()
	old := ix.bl
	ix.bl, ix.docs, ix.df, ix.words, ix.byLen = bl, docs, df, words, byLen
	ix.mu.Unlock()
	if old != nil {
		_ = old.Close() // in-memory: closing only frees it
	}
	return nil
}

// Upsert adds or replaces one entry. An entry that is not approved is
// removed instead: only approved entries are ever searchable.
func (ix *Index) Upsert(e knowledge.Entry) error {
	if !e.Approved() {
		return ix.Delete(e.ID)
	}
	d, bd := ix.features(e)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.bl.Index(e.ID, bd); err != nil {
		return fmt.Errorf("search: index %s: %w", e.ID, err)
	}
	if old, ok := ix.docs[e.ID]; ok {
		countDoc(old, ix.df, ix.words, ix.byLen, -1)
	}
	ix.docs[e.ID] = d
	countDoc(d, ix.df, ix.words, ix.byLen, 1)
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
	countDoc(old, ix.df, ix.words, ix.byLen, -1)
	delete(ix.docs, id)
	return nil
}

// countDoc adds (sign 1) or removes (sign -1) a document's keys and words
// from the frequency tables.
func countDoc(d *doc, df, words map[string]int, byLen map[int]map[string]bool, sign int) {
	for k := range d.keys {
		df[k] += sign
		if df[k] <= 0 {
			delete(df, k)
		}
	}
	for _, w := range d.words {
		words[w] += sign
		n := len([]rune(w))
		switch {
		case words[w] <= 0:
			delete(words, w)
			delete(byLen[n], w)
		case sign > 0 && words[w] == 1:
			if byLen[n] == nil {
				byLen[n] = map[string]bool{}
			}
			byLen[n][w] = true
		}
	}
}

// features computes what the index keeps about an entry.
func (ix *Index) features(e knowledge.Entry) (*doc, blevedoc) {
	fields := []struct {
		text     string
		concepts *[]string
		strong   bool
	}{
		{e.Title, nil, true}, {strings.Join(e.Tags, ". "), nil, true},
		{e.Summary, nil, true}, {e.Body, nil, false},
	}
	bd := blevedoc{
		Title: e.Title, Tags: e.Tags, Summary: e.Summary, Body: e.Body,
		Kind: string(e.Kind), Category: string(e.Category), OrgType: string(e.OrgType), Outcome: string(e.Outcome),
	}
	fields[0].concepts, fields[1].concepts = &bd.ConceptsTitle, &bd.ConceptsTags
	fields[2].concepts, fields[3].concepts = &bd.ConceptsSummary, &bd.ConceptsBody
	d := &doc{entry: e.Clone(), keys: map[string]bool{}, strong: map[string]bool{}}
	seenWord := map[string]bool{}
	for _, f := range fields {
		toks := Tokens(f.text)
		for _, t := range toks {
			if !seenWord[t] {
				seenWord[t] = true
				d.words = append(d.words, t)
			}
			if s := ix.stem(t); s != "" {
				d.keys[s] = true
				if f.strong {
					d.strong[s] = true
				}
			}
		}
		for _, sp := range ix.vocab.concepts.match(toks) {
			k := conceptKey(sp.value)
			if !slices.Contains(*f.concepts, sp.value) {
				*f.concepts = append(*f.concepts, sp.value)
			}
			d.keys[k] = true
			if f.strong {
				d.strong[k] = true
			}
		}
	}
	return d, bd
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
	df := float64(ix.df[key])
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}
