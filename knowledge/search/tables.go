package search

import "slices"

// tables are the index's statistics: how many entries hold each stem or
// concept (for weighting a question's terms) and each surface word (for
// typo correction). Strings are interned to small ids, so each entry's
// features are a few compact sorted slices rather than maps: at 10,000
// entries that is the difference of about 100 MB.
type tables struct {
	keyID     map[string]uint32
	keyDF     []int32
	wordID    map[string]uint32
	wordName  []string
	wordCount []int32
	// byLen lists word ids by length in characters, for typo correction.
	byLen map[int][]uint32
}

func newTables() *tables {
	return &tables{keyID: map[string]uint32{}, wordID: map[string]uint32{}, byLen: map[int][]uint32{}}
}

// internKey returns the id of a stem or concept key, adding it if new.
func (t *tables) internKey(k string) uint32 {
	if id, ok := t.keyID[k]; ok {
		return id
	}
	id := uint32(len(t.keyDF))
	t.keyID[k] = id
	t.keyDF = append(t.keyDF, 0)
	return id
}

// internWord returns the id of a surface word, adding it if new.
func (t *tables) internWord(w string) uint32 {
	if id, ok := t.wordID[w]; ok {
		return id
	}
	id := uint32(len(t.wordName))
	t.wordID[w] = id
	t.wordName = append(t.wordName, w)
	t.wordCount = append(t.wordCount, 0)
	n := len([]rune(w))
	t.byLen[n] = append(t.byLen[n], id)
	return id
}

// df is how many indexed entries hold key.
func (t *tables) df(k string) int {
	if id, ok := t.keyID[k]; ok {
		return int(t.keyDF[id])
	}
	return 0
}

// wordCountOf is how many indexed entries hold the surface word w.
func (t *tables) wordCountOf(w string) int {
	if id, ok := t.wordID[w]; ok {
		return int(t.wordCount[id])
	}
	return 0
}

// count adds (sign 1) or removes (sign -1) a document's keys and words.
func (t *tables) count(d *doc, sign int32) {
	for _, k := range d.keys {
		t.keyDF[k] += sign
	}
	for _, w := range d.words {
		t.wordCount[w] += sign
	}
}

// rawFeatures are an entry's features as strings, computed without the
// tables so that a rebuild can compute them in parallel.
type rawFeatures struct {
	keys, strong, words []string
}

// intern turns raw features into a doc using the tables.
func (t *tables) intern(raw rawFeatures) *doc {
	d := &doc{
		keys:   make([]uint32, 0, len(raw.keys)),
		strong: make([]uint32, 0, len(raw.strong)),
		words:  make([]uint32, 0, len(raw.words)),
	}
	for _, k := range raw.keys {
		d.keys = append(d.keys, t.internKey(k))
	}
	for _, k := range raw.strong {
		d.strong = append(d.strong, t.internKey(k))
	}
	for _, w := range raw.words {
		d.words = append(d.words, t.internWord(w))
	}
	slices.Sort(d.keys)
	slices.Sort(d.strong)
	return d
}

// has reports whether the sorted ids hold id.
func has(ids []uint32, id uint32) bool {
	_, ok := slices.BinarySearch(ids, id)
	return ok
}

// holds reports whether d holds key k (in any field, or in its lead when
// lead is true).
func (t *tables) holds(d *doc, k string, lead bool) bool {
	id, ok := t.keyID[k]
	if !ok {
		return false
	}
	if lead {
		return has(d.strong, id)
	}
	return has(d.keys, id)
}
