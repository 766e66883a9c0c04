package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// TestWriteCorpus checks the streamed corpus is exactly what knowledge.Write
// makes of searchtest.Entries(n, Seed), and that the import parser takes it.
func TestWriteCorpus(t *testing.T) {
	const n = 40
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := writeCorpus(path, n); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := searchtest.Entries(n, searchtest.Seed)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := knowledge.Write(&want, knowledge.FormatJSONL, entries); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("writeCorpus differs from knowledge.Write(searchtest.Entries(%d, Seed)):\ngot  %.300s\nwant %.300s", n, got, want.Bytes())
	}
	recs, err := knowledge.Parse("corpus.jsonl", knowledge.FormatJSONL, bytes.NewReader(got))
	if err != nil {
		t.Fatalf("the import parser refuses the corpus: %v", err)
	}
	if len(recs) != n {
		t.Errorf("parsed %d entries, want %d", len(recs), n)
	}
}
