package handlers_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// BenchmarkSummarize measures what the LLM path adds to an answer, apart
// from the model's own time: the fake endpoint answers at once, so each
// "miss" is prompt building, the HTTP round trip on loopback, decoding,
// the citation checks and the cache write. "hit" is a repeated question
// answered from the Redis cache, to compare with the extractive path
// (BenchmarkAsk). Run on a real redis-server, as in production.
func BenchmarkSummarize(b *testing.B) {
	qs, err := searchtest.BenchQuestions()
	if err != nil {
		b.Fatal(err)
	}
	fake := llmtest.New(b, "One London trust cleared its backlog with AI triage [1]; guidance applies [2].")
	app, _ := llmAppB(b, fake, 5*time.Second)
	var answers []handlers.Answer
	for _, q := range qs {
		ans, err := app.Ask(b.Context(), handlers.AskRequest{Question: q})
		if err != nil {
			b.Fatal(err)
		}
		if ans.Confident() {
			answers = append(answers, ans)
		}
	}
	b.Run("miss", func(b *testing.B) {
		var lat searchtest.Latencies
		for i := 0; b.Loop(); i++ {
			ans := answers[i%len(answers)]
			// A unique follow-up context makes every call a cache miss.
			var info handlers.SummaryInfo
			lat.Time(func() { _, info = app.Summarize(b.Context(), ans, fmt.Sprintf("context %d", i)) })
			if info.Fallback != "" || info.CacheHit {
				b.Fatalf("fallback %q, cache hit %v: want a fresh summary", info.Fallback, info.CacheHit)
			}
		}
		lat.Report(b)
	})
	b.Run("hit", func(b *testing.B) {
		for _, ans := range answers {
			app.Summarize(b.Context(), ans, "")
		}
		var lat searchtest.Latencies
		for i := 0; b.Loop(); i++ {
			ans := answers[i%len(answers)]
			var info handlers.SummaryInfo
			lat.Time(func() { _, info = app.Summarize(b.Context(), ans, "") })
			if !info.CacheHit {
				b.Fatalf("question %d was not a cache hit", i)
			}
		}
		lat.Report(b)
	})
}
