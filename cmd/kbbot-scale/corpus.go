package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// writeCorpus writes searchtest.Entries(n, searchtest.Seed) to path as JSON
// lines, the import format (knowledge.Write's form: one entry a line, HTML
// left unescaped, in id order, which is the order the generator makes
// them). It streams entry by entry rather than calling Entries, so this
// process never holds the corpus: its own peak memory would otherwise be
// carried into every child's rusage (see rusagePeakKiB).
func writeCorpus(path string, n int) error {
	g, err := searchtest.NewGenerator(searchtest.Seed)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for range n {
		if err := enc.Encode(g.Entry()); err != nil {
			f.Close()
			return fmt.Errorf("corpus: write: %w", err)
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("corpus: write %s: %w", path, err)
	}
	return f.Close()
}
