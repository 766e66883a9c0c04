package search

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Snapshots: a built index is written once and loaded by every process
// that opens the same knowledge base, instead of each one rebuilding it
// (at 50,000 entries a build takes seconds and several times the memory).
// A snapshot carries a tag from the caller (the change-log position it
// covers: the caller replays later changes) and a fingerprint of
// everything that shapes an index (this format, the vocabulary, the word
// lists and the off-topic bank): a snapshot from another version of kbbot
// is not loaded, and the caller rebuilds.

// snapshotFormat changes whenever the index's structures, how entries are
// analysed, or how candidates are ranked change (a snapshot keeps the
// calibration fitted to the ranking that built it). 3: the learnt ranking
// score (rankScore).
const snapshotFormat = 3

// ErrSnapshotStale says a snapshot was written by another version of
// kbbot (or with another vocabulary): rebuild instead.
var ErrSnapshotStale = errors.New("search: snapshot from another version")

type snapshotFile struct {
	Format      int
	Fingerprint string
	Tag         string
	Terms       []string
	DF          []int32
	Postings    []byte // per term: count, then (doc delta, four counts) each
	Entries     []knowledge.Entry
	Lens        [][numFields]uint16
	DocTerms    []byte // per doc: three delta-coded id lists (terms, lead, sig)
	FieldLen    [numFields]float64
	Words       map[string]int32
	Calibration calibrationFile
}

type calibrationFile struct {
	Weights                               [numFeatures]float64
	Bias, High, Low                       float64
	Fitted                                bool
	OffTopicHigh, OffTopicLow, PseudoHigh float64
	Samples                               int
}

// Fingerprint identifies what shapes an index built by this binary: a
// snapshot with another is not loaded.
func (ix *Index) Fingerprint() string { return ix.print }

// fingerprint computes the Fingerprint.
func fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "format %d\n", snapshotFormat)
	h.Write(vocabularyYAML)
	h.Write(englishWordsGz)
	h.Write(thesaurusGz)
	io.WriteString(h, offTopicBank)
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// WriteSnapshot writes the index, compacted, with tag. It holds the read
// lock while it copies the index (Capture), not while it encodes.
func (ix *Index) WriteSnapshot(w io.Writer, tag string) error {
	return ix.Capture(tag).Encode(w)
}

// Snapshot is a copy of an index taken by Capture, to encode.
type Snapshot struct{ f snapshotFile }

// Capture copies the index, compacted, with tag, under the read lock: the
// copy is consistent with whatever the caller knows of the index at that
// moment (the change-log position it covers). It takes a fraction of
// encoding's time.
func (ix *Index) Capture(tag string) *Snapshot {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return &Snapshot{f: ix.snapshot(tag)}
}

// Entries is how many entries the snapshot holds.
func (s *Snapshot) Entries() int { return len(s.f.Entries) }

// Encode writes the snapshot (snapcodec.go).
func (s *Snapshot) Encode(w io.Writer) error { return encodeSnapshot(w, &s.f) }

// snapshot copies the state into its file form, leaving dead entries out.
// Caller holds ix.mu.
func (ix *Index) snapshot(tag string) snapshotFile {
	f := snapshotFile{
		Format: snapshotFormat, Fingerprint: ix.print, Tag: tag,
		Terms: slices.Clip(ix.terms), DF: slices.Clone(ix.df), FieldLen: ix.fieldLen, Words: map[string]int32{},
		Calibration: calibrationFile{
			Weights: ix.calib.weights, Bias: ix.calib.bias, High: ix.calib.high, Low: ix.calib.low,
			Fitted: ix.calib.fitted, OffTopicHigh: ix.calib.offTopicHigh, OffTopicLow: ix.calib.offTopicLow,
			PseudoHigh: ix.calib.pseudoHigh, Samples: ix.calib.samples,
		},
	}
	remap := make([]uint32, len(ix.docs))
	n := uint32(0)
	for i, d := range ix.docs {
		if d.alive {
			remap[i] = n
			n++
			f.Entries = append(f.Entries, d.entry)
			f.Lens = append(f.Lens, d.lens)
			f.DocTerms = appendIDs(f.DocTerms, d.terms)
			f.DocTerms = appendIDs(f.DocTerms, d.lead)
			f.DocTerms = appendIDs(f.DocTerms, d.sig)
		}
	}
	for _, ps := range ix.postings {
		live := 0
		for _, p := range ps {
			if ix.docs[p.doc].alive {
				live++
			}
		}
		f.Postings = binary.AppendUvarint(f.Postings, uint64(live))
		prev := uint32(0)
		for _, p := range ps {
			if !ix.docs[p.doc].alive {
				continue
			}
			d := remap[p.doc]
			f.Postings = binary.AppendUvarint(f.Postings, uint64(d-prev))
			f.Postings = append(f.Postings, p.tf[:]...)
			prev = d
		}
	}
	for w, c := range ix.words {
		if c > 0 {
			f.Words[w] = c
		}
	}
	return f
}

// appendIDs appends a sorted id list, delta-coded after its length.
func appendIDs(b []byte, ids []uint32) []byte {
	b = binary.AppendUvarint(b, uint64(len(ids)))
	prev := uint32(0)
	for _, id := range ids {
		b = binary.AppendUvarint(b, uint64(id-prev))
		prev = id
	}
	return b
}

// ReadSnapshot replaces the index with a snapshot and returns its tag. A
// snapshot of another version is refused with ErrSnapshotStale, and a
// damaged one with an error; the index is then unchanged. Vectors are not
// part of a snapshot: those the index holds are carried over (by entry
// id), and the caller gives those it lacks.
func (ix *Index) ReadSnapshot(r io.Reader) (string, error) {
	f, err := decodeSnapshot(r, func(h *snapshotHeader) error {
		if h.Format != snapshotFormat || h.Fingerprint != ix.print {
			return ErrSnapshotStale
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	st, err := f.state()
	if err != nil {
		return "", err
	}
	c := calibration{
		weights: f.Calibration.Weights, bias: f.Calibration.Bias, high: f.Calibration.High, low: f.Calibration.Low,
		fitted: f.Calibration.Fitted, offTopicHigh: f.Calibration.OffTopicHigh, offTopicLow: f.Calibration.OffTopicLow,
		pseudoHigh: f.Calibration.PseudoHigh, samples: f.Calibration.Samples,
	}
	ix.swap(st, nil, c)
	return f.Tag, nil
}

// state rebuilds the in-memory state from a snapshot's file form, checking
// every id it decodes.
func (f *snapshotFile) state() (*state, error) {
	bad := func(what string) error { return fmt.Errorf("search: read snapshot: damaged %s", what) }
	if len(f.DF) != len(f.Terms) || len(f.Lens) != len(f.Entries) {
		return nil, bad("lengths")
	}
	st := newState()
	st.sorted = false
	st.terms, st.df, st.fieldLen = f.Terms, f.DF, f.FieldLen
	for i, t := range f.Terms {
		st.termID[t] = uint32(i)
	}
	nd := uint32(len(f.Entries))
	ids := func(b []byte) ([]uint32, []byte, error) {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(len(b)) {
			return nil, nil, bad("entry terms")
		}
		b = b[k:]
		out := make([]uint32, n)
		prev := uint64(0)
		for i := range out {
			d, k := binary.Uvarint(b)
			if k <= 0 {
				return nil, nil, bad("entry terms")
			}
			b = b[k:]
			prev += d
			if prev >= uint64(len(f.Terms)) {
				return nil, nil, bad("entry terms")
			}
			out[i] = uint32(prev)
		}
		return out, b, nil
	}
	rest := f.DocTerms
	for i, e := range f.Entries {
		var d doc
		var err error
		if d.terms, rest, err = ids(rest); err != nil {
			return nil, err
		}
		if d.lead, rest, err = ids(rest); err != nil {
			return nil, err
		}
		if d.sig, rest, err = ids(rest); err != nil {
			return nil, err
		}
		d.entry, d.alive, d.lens = e, true, f.Lens[i]
		st.docs = append(st.docs, d)
		st.alive = append(st.alive, true)
		st.meta = append(st.meta, metaBitsOf(&e))
		st.lens = append(st.lens, d.lens)
		st.byID[e.ID] = uint32(i)
		st.live++
	}
	st.postings = make([][]posting, len(f.Terms))
	b := f.Postings
	for t := range f.Terms {
		n, k := binary.Uvarint(b)
		if k <= 0 || n > uint64(nd) {
			return nil, bad("postings")
		}
		b = b[k:]
		ps := make([]posting, n)
		doc := uint64(0)
		for i := range ps {
			d, k := binary.Uvarint(b)
			if k <= 0 || len(b) < k+numFields {
				return nil, bad("postings")
			}
			// Coverage finds an entry in a term's postings by binary
			// search: after the first, every entry is a later one.
			if i > 0 && d == 0 {
				return nil, bad("postings")
			}
			doc += d
			if doc >= uint64(nd) {
				return nil, bad("postings")
			}
			ps[i].doc = uint32(doc)
			copy(ps[i].tf[:], b[k:k+numFields])
			b = b[k+numFields:]
		}
		st.postings[t] = ps
	}
	for w, c := range f.Words {
		st.words[w] = c
		st.addWord(w)
	}
	st.finish()
	return st, nil
}
