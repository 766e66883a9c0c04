package handlers_test

import (
	"fmt"
	"testing"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// BenchmarkAsk times App.Ask end to end, in process, as `kbbot ask` on the
// embedded store runs it: privacy screen, search and building the answer,
// over the seed plus generated entries, cycling through the search
// question set. It reports p50 and p99 per question and, at 10,000
// entries, the memory held.
func BenchmarkAsk(b *testing.B) {
	qs, err := searchtest.BenchQuestions()
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			entries, err := searchtest.Corpus(n)
			if err != nil {
				b.Fatal(err)
			}
			base := searchtest.HeapInuse()
			a := appOn(b, redistest.Embedded(b), "kb")
			for start := 0; start < len(entries); start += 1000 {
				if err := a.store.Put(b.Context(), entries[start:min(start+1000, len(entries))]...); err != nil {
					b.Fatal(err)
				}
			}
			if err := a.LoadIndex(b.Context()); err != nil {
				b.Fatal(err)
			}
			var lat searchtest.Latencies
			found := 0
			for i := 0; b.Loop(); i++ {
				var ans handlers.Answer
				lat.Time(func() {
					ans, err = a.Ask(b.Context(), handlers.AskRequest{Question: qs[i%len(qs)]})
				})
				if err != nil {
					b.Fatal(err)
				}
				if ans.Confident() {
					found++
				}
			}
			lat.Report(b)
			b.ReportMetric(float64(found)/float64(b.N), "answered/op")
			if n >= 10000 {
				searchtest.ReportMemory(b, base)
			}
			_ = a.IndexReady() // keep the app live until memory is read
		})
	}
}
