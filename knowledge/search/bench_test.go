package search_test

import (
	"flag"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// benchSizes are the knowledge-base sizes benchmarked: the seed plus
// generated entries up to the number. A busy community of practice might
// reach the first in a few years; the second is headroom.
func benchSizes() []int { return []int{1000, 10000} }

// benchIndex builds an index over a corpus of n entries.
func benchIndex(b *testing.B, entries []knowledge.Entry) *search.Index {
	b.Helper()
	vocab, err := search.DefaultVocabulary()
	if err != nil {
		b.Fatal(err)
	}
	ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
	if err != nil {
		b.Fatal(err)
	}
	if err := ix.Rebuild(entries); err != nil {
		b.Fatal(err)
	}
	if got := ix.Len(); got != len(entries) {
		b.Fatalf("index holds %d entries, want %d", got, len(entries))
	}
	return ix
}

func benchCorpus(b *testing.B, n int) []knowledge.Entry {
	b.Helper()
	entries, err := searchtest.Corpus(n)
	if err != nil {
		b.Fatal(err)
	}
	return entries
}

// BenchmarkSearch asks the question set, in turn, of an index of the seed
// plus generated entries, timing each question for p50 and p99. At 10,000
// entries it also reports the memory the index holds.
func BenchmarkSearch(b *testing.B) {
	qs, err := searchtest.BenchQuestions()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			entries := benchCorpus(b, n)
			base := searchtest.HeapInuse()
			ix := benchIndex(b, entries)
			var lat searchtest.Latencies
			found := 0
			for i := 0; b.Loop(); i++ {
				var hits []search.Hit
				lat.Time(func() {
					var res search.Result
					res, err = ix.Search(b.Context(), search.Query{Text: qs[i%len(qs)], Limit: 3})
					hits = res.Hits
				})
				if err != nil {
					b.Fatal(err)
				}
				if len(hits) > 0 {
					found++
				}
			}
			lat.Report(b)
			b.ReportMetric(float64(found)/float64(b.N), "answered/op")
			if n >= 10000 {
				searchtest.ReportMemory(b, base)
			}
			_ = ix.Len() // keep the index live until memory is read
		})
	}
}

// BenchmarkBuild times a full rebuild of the index, what every replica
// does at start and whenever it falls too far behind the change log, and
// reports the memory the built index holds.
//
// A rebuild of 10,000 entries takes seconds, so under an iteration count
// meant for searches (make bench runs -bench . -benchtime 2000x) it would
// run for hours: it skips itself then, and is run on its own with
// -bench Build -benchtime 3x.
func BenchmarkBuild(b *testing.B) {
	if n, ok := benchIterations(); ok && n > maxBuildIterations {
		b.Skipf("-benchtime %dx would rebuild 10,000 entries %d times; run -bench Build -benchtime 3x", n, n)
	}
	b.Run("entries=10000", func(b *testing.B) {
		entries := benchCorpus(b, 10000)
		vocab, err := search.DefaultVocabulary()
		if err != nil {
			b.Fatal(err)
		}
		base := searchtest.HeapInuse()
		ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := ix.Rebuild(entries); err != nil {
				b.Fatal(err)
			}
		}
		if got := ix.Len(); got != len(entries) {
			b.Fatalf("index holds %d entries, want %d", got, len(entries))
		}
		searchtest.ReportMemory(b, base)
		_ = ix.Len()
	})
}

// maxBuildIterations is the most rebuilds BenchmarkBuild will do.
const maxBuildIterations = 20

// benchIterations returns N when -test.benchtime is a count of iterations
// (Nx) rather than a duration.
func benchIterations() (int, bool) {
	f := flag.Lookup("test.benchtime")
	if f == nil {
		return 0, false
	}
	v, ok := strings.CutSuffix(f.Value.String(), "x")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
