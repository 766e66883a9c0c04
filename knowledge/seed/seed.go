// Package seed holds the curated knowledge base that ships inside the
// binary: approved entries written from the UCLPartners / Health Foundation
// report and the NHS guidance notes, each naming its source. kbbot loads it
// into an empty store, once, and never into a store that has entries.
package seed

import (
	"bytes"
	_ "embed"
	"fmt"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

//go:embed seed.jsonl
var seedJSONL []byte

// Entries parses the shipped seed content. It is checked by the same
// importer as any other file, so a bad seed line fails the tests, not a user.
func Entries() ([]knowledge.Entry, error) {
	recs, err := knowledge.Parse("seed.jsonl", knowledge.FormatJSONL, bytes.NewReader(seedJSONL))
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	out := make([]knowledge.Entry, len(recs))
	for i, r := range recs {
		out[i] = r.Entry
	}
	return out, nil
}
