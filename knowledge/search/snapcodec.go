package search

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// A snapshot on the wire: zstd-compressed gob, a header first (so that a
// snapshot of another version is refused before the rest is read), then
// parts of at most a few megabytes each. One gob message for the whole
// index (a hundred megabytes at 50,000 entries) made the decoder grow a
// buffer that size by copying, which cost more than the rest of loading.

// snapshotHeader is the first message: what the parts hold, and the small
// things.
type snapshotHeader struct {
	Format      int
	Fingerprint string
	Tag         string
	Terms       int // how many terms, entries and bytes the parts hold
	Entries     int
	Postings    int
	DocTerms    int
	FieldLen    [numFields]float64
	Words       map[string]int32
	Calibration calibrationFile
}

// snapshotPart is one of the following messages: a slice of each section,
// in order; most parts hold one section.
type snapshotPart struct {
	Terms    []string
	DF       []int32
	Postings []byte
	Entries  []knowledge.Entry
	Lens     [][numFields]uint16
	DocTerms []byte
}

// Part sizes: terms and entries per part, and bytes of postings and entry
// terms per part.
const (
	partTerms   = 50000
	partEntries = 2000
	partBytes   = 4 << 20
)

// encodeSnapshot writes f.
func encodeSnapshot(w io.Writer, f *snapshotFile) error {
	zw, err := zstd.NewWriter(w, zstd.WithEncoderLevel(zstd.SpeedFastest))
	if err != nil {
		return fmt.Errorf("search: write snapshot: %w", err)
	}
	bw := bufio.NewWriterSize(zw, 1<<16)
	enc := gob.NewEncoder(bw)
	err = enc.Encode(&snapshotHeader{
		Format: f.Format, Fingerprint: f.Fingerprint, Tag: f.Tag,
		Terms: len(f.Terms), Entries: len(f.Entries), Postings: len(f.Postings), DocTerms: len(f.DocTerms),
		FieldLen: f.FieldLen, Words: f.Words, Calibration: f.Calibration,
	})
	for i := 0; err == nil && i < len(f.Terms); i += partTerms {
		j := min(i+partTerms, len(f.Terms))
		err = enc.Encode(&snapshotPart{Terms: f.Terms[i:j], DF: f.DF[i:j]})
	}
	for i := 0; err == nil && i < len(f.Postings); i += partBytes {
		err = enc.Encode(&snapshotPart{Postings: f.Postings[i:min(i+partBytes, len(f.Postings))]})
	}
	for i := 0; err == nil && i < len(f.Entries); i += partEntries {
		j := min(i+partEntries, len(f.Entries))
		err = enc.Encode(&snapshotPart{Entries: f.Entries[i:j], Lens: f.Lens[i:j]})
	}
	for i := 0; err == nil && i < len(f.DocTerms); i += partBytes {
		err = enc.Encode(&snapshotPart{DocTerms: f.DocTerms[i:min(i+partBytes, len(f.DocTerms))]})
	}
	if err == nil {
		err = bw.Flush()
	}
	if cerr := zw.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("search: write snapshot: %w", err)
	}
	return nil
}

// decodeSnapshot reads a snapshot; check, when set, vets the header
// before the parts are read.
func decodeSnapshot(r io.Reader, check func(*snapshotHeader) error) (snapshotFile, error) {
	zr, err := zstd.NewReader(r, zstd.WithDecoderConcurrency(2))
	if err != nil {
		return snapshotFile{}, fmt.Errorf("search: read snapshot: %w", err)
	}
	defer zr.Close()
	dec := gob.NewDecoder(bufio.NewReaderSize(zr, 1<<16))
	var h snapshotHeader
	if err := dec.Decode(&h); err != nil {
		return snapshotFile{}, fmt.Errorf("search: read snapshot: %w", err)
	}
	if check != nil {
		if err := check(&h); err != nil {
			return snapshotFile{}, err
		}
	}
	const most = 1 << 31 // no index has more of anything; a damaged header might
	if h.Terms < 0 || h.Entries < 0 || h.Postings < 0 || h.DocTerms < 0 ||
		h.Terms > most || h.Entries > most || h.Postings > most || h.DocTerms > most {
		return snapshotFile{}, errors.New("search: read snapshot: damaged header")
	}
	f := snapshotFile{
		Format: h.Format, Fingerprint: h.Fingerprint, Tag: h.Tag, FieldLen: h.FieldLen, Words: h.Words,
		Calibration: h.Calibration,
		Terms:       make([]string, 0, min(h.Terms, 1<<20)), DF: make([]int32, 0, min(h.Terms, 1<<20)),
		Postings: make([]byte, 0, min(h.Postings, 1<<28)), DocTerms: make([]byte, 0, min(h.DocTerms, 1<<28)),
		Entries: make([]knowledge.Entry, 0, min(h.Entries, 1<<20)), Lens: make([][numFields]uint16, 0, min(h.Entries, 1<<20)),
	}
	for len(f.Terms) < h.Terms || len(f.Postings) < h.Postings || len(f.Entries) < h.Entries || len(f.DocTerms) < h.DocTerms {
		var p snapshotPart
		if err := dec.Decode(&p); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return snapshotFile{}, fmt.Errorf("search: read snapshot: %w", err)
		}
		if len(p.DF) != len(p.Terms) || len(p.Lens) != len(p.Entries) {
			return snapshotFile{}, errors.New("search: read snapshot: damaged part")
		}
		f.Terms, f.DF = append(f.Terms, p.Terms...), append(f.DF, p.DF...)
		f.Postings = append(f.Postings, p.Postings...)
		f.Entries, f.Lens = append(f.Entries, p.Entries...), append(f.Lens, p.Lens...)
		f.DocTerms = append(f.DocTerms, p.DocTerms...)
		if len(f.Terms) > h.Terms || len(f.Postings) > h.Postings || len(f.Entries) > h.Entries || len(f.DocTerms) > h.DocTerms {
			return snapshotFile{}, errors.New("search: read snapshot: damaged part")
		}
	}
	return f, nil
}
