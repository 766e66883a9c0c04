package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

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

// refusal is generated entries a binary's import refused (its privacy
// screen can flag a generated entry: a contact id's digits beside a tag's
// number read as an NHS number): they are left out of that binary's
// corpus, and the report says so. Lines are those of the generated corpus.
type refusal struct {
	Binary  string   `json:"binary"`
	Size    int      `json:"size"`
	Lines   []int    `json:"lines"`
	Reasons []string `json:"reasons"`
}

// problem is one line an import refused, and why.
type problem struct {
	line   int
	reason string
}

// refusedLines reads an import's problems, "PATH:LINE: field: reason", out
// of its stderr, in the order given.
func refusedLines(stderr, path string) []problem {
	var ps []problem
	for l := range strings.SplitSeq(stderr, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), path+":")
		if !ok {
			continue
		}
		num, reason, ok := strings.Cut(rest, ": ")
		n, err := strconv.Atoi(num)
		if !ok || err != nil || n < 1 {
			continue
		}
		ps = append(ps, problem{n, reason})
	}
	return ps
}

// originalLine maps a line of a corpus filtered of the (sorted) lines
// dropped to its line in the corpus it was filtered from.
func originalLine(line int, dropped []int) int {
	for _, d := range dropped {
		if d > line {
			break
		}
		line++
	}
	return line
}

// filterCorpus copies src to dst without the given lines (1-based).
func filterCorpus(src, dst string, drop []int) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	skip := map[int]bool{}
	for _, n := range drop {
		skip[n] = true
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	bw := bufio.NewWriter(out)
	for n := 1; sc.Scan(); n++ {
		if skip[n] {
			continue
		}
		_, _ = bw.Write(sc.Bytes()) // a write error is returned by Flush
		_ = bw.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		out.Close()
		return fmt.Errorf("corpus: read %s: %w", src, err)
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return fmt.Errorf("corpus: write %s: %w", dst, err)
	}
	return out.Close()
}
