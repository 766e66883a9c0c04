package search

import (
	"bytes"
	"encoding/binary"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// checkPostings fails unless every term's postings name entries of the
// state in strictly increasing order, which coverage's binary search and
// the snapshot's delta coding both rely on.
func checkPostings(t *testing.T, when string, ix *Index) {
	t.Helper()
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	for term, ps := range ix.postings {
		for i, p := range ps {
			if int(p.doc) >= len(ix.docs) {
				t.Fatalf("%s: term %q: posting %d names entry %d of %d", when, ix.terms[term], i, p.doc, len(ix.docs))
			}
			if i > 0 && p.doc <= ps[i-1].doc {
				t.Fatalf("%s: term %q: postings out of order at %d: %d after %d", when, ix.terms[term], i, p.doc, ps[i-1].doc)
			}
		}
	}
}

// TestPostingsStaySortedByEntry: through a rebuild, replacements, new
// entries, deletions, the compaction they trigger, a refresh and a
// snapshot's round trip, every term's postings stay sorted by entry, and
// coverage reads the same from the index as from a fresh rebuild of the
// same entries.
func TestPostingsStaySortedByEntry(t *testing.T) {
	entries, err := searchtest.Entries(400, 3)
	if err != nil {
		t.Fatal(err)
	}
	ix := builtIndex(t, entries[:300])
	checkPostings(t, "rebuild", ix)
	live := map[string]knowledge.Entry{}
	for _, e := range entries[:300] {
		live[e.ID] = e
	}
	rng := rand.New(rand.NewPCG(5, 9))
	compacted := false
	for step := range 500 {
		before := ix.docCount()
		e := entries[rng.IntN(len(entries))]
		switch rng.IntN(3) {
		case 0:
			if err := ix.Delete(e.ID); err != nil {
				t.Fatal(err)
			}
			delete(live, e.ID)
		default:
			// A replacement whose words change, or a new entry.
			e.Summary += " revised " + strings.Repeat("again ", step%3)
			if err := ix.Upsert(e); err != nil {
				t.Fatal(err)
			}
			live[e.ID] = e
		}
		compacted = compacted || ix.docCount() < before
	}
	checkPostings(t, "changes and compaction", ix)
	if !compacted {
		t.Fatal("the changes did not compact the index: the test does not reach compaction")
	}
	if err := ix.Refresh(); err != nil {
		t.Fatal(err)
	}
	checkPostings(t, "refresh", ix)
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf, "t"); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.ReadSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	checkPostings(t, "snapshot", ix)

	var all []knowledge.Entry
	for _, e := range live {
		all = append(all, e)
	}
	fresh := builtIndex(t, all)
	if ix.Len() != fresh.Len() {
		t.Fatalf("%d entries after the changes, %d rebuilt", ix.Len(), fresh.Len())
	}
	for _, q := range []string{"ambient scribe pilot in primary care", "radiology backlog", "DPIA chatbot", "revised again"} {
		for id := range live {
			a, b := coverageOf(ix, q, id), coverageOf(fresh, q, id)
			if a.share != b.share || a.lead != b.lead || a.fields != b.fields {
				t.Fatalf("%q on %s: coverage %+v after the changes, %+v rebuilt", q, id, a, b)
			}
		}
	}
}

// docCount is how many entries the state holds, dead ones included: it
// falls only when the index compacts.
func (ix *Index) docCount() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.docs)
}

// coverageOf is how entry id covers question q.
func coverageOf(ix *Index, q, id string) cover {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.coverage(ix.byID[id], ix.parse(q, ""))
}

// TestSnapshotRefusesUnsortedPostings: a snapshot whose postings name an
// entry twice (a zero gap) is damaged, and the index stays as it was.
func TestSnapshotRefusesUnsortedPostings(t *testing.T) {
	entries, err := searchtest.Entries(20, 4)
	if err != nil {
		t.Fatal(err)
	}
	ix := builtIndex(t, entries)
	f := ix.snapshot("t")
	// Find a term held by two entries or more and make its second gap 0.
	b := f.Postings
	for range f.Terms {
		n, k := binary.Uvarint(b)
		start := len(f.Postings) - len(b) + k
		b = b[k:]
		if n >= 2 {
			_, k0 := binary.Uvarint(b)
			second := start + k0 + numFields
			if f.Postings[second] == 0 || f.Postings[second]&0x80 != 0 {
				t.Fatalf("unexpected gap encoding %#x", f.Postings[second])
			}
			f.Postings = slices.Concat(f.Postings[:second], []byte{0}, f.Postings[second+1:])
			break
		}
		for range n {
			_, k := binary.Uvarint(b)
			b = b[k+numFields:]
		}
	}
	if _, err := f.state(); err == nil || !strings.Contains(err.Error(), "damaged postings") {
		t.Fatalf("a zero gap in postings: got %v, want damaged postings", err)
	}
}

// builtIndex is an index of the default vocabulary built from entries.
func builtIndex(t *testing.T, entries []knowledge.Entry) *Index {
	t.Helper()
	vocab, err := DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := New(slog.New(slog.DiscardHandler), vocab)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Rebuild(entries); err != nil {
		t.Fatal(err)
	}
	return ix
}
