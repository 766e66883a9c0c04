package search

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/gob"
)

// DevFeatures exposes, for development tools in tests, the features and
// evidence of a question's best candidate and its id.
func (ix *Index) DevFeatures(text, context string) (map[string]float64, string, float64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := ix.parse(text, context)
	cands := ix.rank(p, Query{Limit: 3})
	f := ix.features(p, cands, false)
	out := map[string]float64{}
	for i, n := range featureNames() {
		out[n] = f.v[i]
	}
	out["best_lead"] = f.bestLead
	id := ""
	if len(cands) > 0 {
		id = ix.docs[cands[0].doc].entry.ID
	}
	return out, id, ix.calib.evidence(f)
}

// OffTopicBank returns the shipped off-topic questions.
func OffTopicBank() string { return offTopicBank }

var _ = context.Background

// WithFingerprintForTest rewrites a snapshot's fingerprint, as if another
// build had written it.
func WithFingerprintForTest(data []byte, fp string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var f snapshotFile
	if err := gob.NewDecoder(zr).Decode(&f); err != nil {
		return nil, err
	}
	f.Fingerprint = fp
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	if err := gob.NewEncoder(zw).Encode(&f); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
