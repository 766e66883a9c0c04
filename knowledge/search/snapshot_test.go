package search_test

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// TestSnapshotRoundTrip: an index loaded from a snapshot answers every
// question exactly as the index it was written from, dead entries left
// out; a damaged or foreign snapshot is refused and changes nothing.
func TestSnapshotRoundTrip(t *testing.T) {
	ix := seededIndex(t)
	// Some churn, so the snapshot has dead entries to leave out.
	gone := ix.Entries()[0]
	if err := ix.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf, "1712345678-0"); err != nil {
		t.Fatal(err)
	}
	loaded := newIndex(t, nil)
	tag, err := loaded.ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil || tag != "1712345678-0" {
		t.Fatalf("ReadSnapshot = %q, %v", tag, err)
	}
	if loaded.Len() != ix.Len() || loaded.Calibration() != ix.Calibration() {
		t.Fatalf("loaded %d entries (%s), want %d (%s)", loaded.Len(), loaded.Calibration(), ix.Len(), ix.Calibration())
	}
	if _, ok := loaded.Get(gone.ID); ok {
		t.Errorf("a deleted entry came back")
	}
	f, err := os.Open("testdata/2026-12-07-dev-seed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden, err := search.ParseGolden("dev", f)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range golden {
		a := ask(t, ix, search.Query{Text: g.Q, Context: g.Context})
		b := ask(t, loaded, search.Query{Text: g.Q, Context: g.Context})
		if !slices.Equal(ids(a), ids(b)) || a.Confidence != b.Confidence {
			t.Errorf("%q: original %v %s, loaded %v %s", g.Q, ids(a), a.Confidence, ids(b), b.Confidence)
		}
	}
	// It keeps working as an index: changes apply.
	e := gone
	if err := loaded.Upsert(e); err != nil {
		t.Fatal(err)
	}
	if _, ok := loaded.Get(e.ID); !ok {
		t.Errorf("upsert after loading a snapshot lost the entry")
	}

	t.Run("damaged", func(t *testing.T) {
		fresh := newIndex(t, nil)
		data := bytes.Clone(buf.Bytes())
		for _, b := range [][]byte{data[:len(data)/2], append(data[:20:20], bytes.Repeat([]byte{0xff}, 200)...), []byte("not a snapshot")} {
			if _, err := fresh.ReadSnapshot(bytes.NewReader(b)); err == nil {
				t.Errorf("a damaged snapshot was read")
			}
		}
		if fresh.Len() != 0 {
			t.Errorf("a refused snapshot changed the index (%d entries)", fresh.Len())
		}
	})
}

// TestSnapshotFromAnotherVersion: a snapshot whose fingerprint differs is
// refused as stale.
func TestSnapshotFromAnotherVersion(t *testing.T) {
	ix := seededIndex(t)
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf, "x"); err != nil {
		t.Fatal(err)
	}
	stale, err := search.WithFingerprintForTest(buf.Bytes(), "another-build")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newIndex(t, nil).ReadSnapshot(bytes.NewReader(stale)); !errors.Is(err, search.ErrSnapshotStale) {
		t.Errorf("ReadSnapshot = %v, want ErrSnapshotStale", err)
	}
}
