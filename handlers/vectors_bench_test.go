package handlers_test

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// timedEmbedder times each call of the embeddings client it wraps: the
// model's share of a question's time (here the local fake's: a loopback
// HTTP round trip).
type timedEmbedder struct {
	handlers.Embedder
	last time.Duration
}

func (e *timedEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	start := time.Now()
	v, err := e.Embedder.Embed(ctx, texts)
	e.last = time.Since(start)
	return v, err
}

// percentile is the p-th percentile (nearest rank) of ds, in ms.
func percentile(ds []time.Duration, p float64) float64 {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(math.Ceil(p/100*float64(len(s)))) - 1
	return float64(s[min(max(rank, 0), len(s)-1)]) / float64(time.Millisecond)
}

// BenchmarkAskHybrid times App.Ask with hybrid search on (the real
// embeddings client against the local fake) and off, question by question
// over the search question set, at 1,000 and 10,000 entries. It reports
// word search's p50/p99 (words-*), the embeddings call's (model-*), and
// the hybrid answer's time without the embeddings call (hybrid-*): what
// hybrid search adds beyond the model is hybrid-p99 − words-p99. The
// fake's vectors have llmtest.Dims() dimensions; BenchmarkVectorSearch
// measures real sizes.
func BenchmarkAskHybrid(b *testing.B) {
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
			rdb := redistest.Embedded(b)
			words := appOn(b, rdb, "kb")
			for start := 0; start < len(entries); start += 1000 {
				if err := words.store.Put(b.Context(), entries[start:min(start+1000, len(entries))]...); err != nil {
					b.Fatal(err)
				}
			}
			if err := words.LoadIndex(b.Context()); err != nil {
				b.Fatal(err)
			}
			fake := llmtest.New(b, "unused")
			emb := &timedEmbedder{Embedder: newEmbedder(b, fake)}
			hybrid := buildApp(b, handlers.Deps{Store: redisstore.New(rdb, "kb"), Embedder: emb, LLMTimeout: 10 * time.Second})
			if err := hybrid.LoadIndex(b.Context()); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if err := hybrid.LoadVectors(b.Context(), nil); err != nil {
				b.Fatal(err)
			}
			load := time.Since(start)
			var wordsLat, hybridLat, modelLat []time.Duration
			for i := 0; b.Loop(); i++ {
				q := qs[i%len(qs)]
				t0 := time.Now()
				if _, err := words.Ask(b.Context(), handlers.AskRequest{Question: q}); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				ans, err := hybrid.Ask(b.Context(), handlers.AskRequest{Question: q})
				if err != nil || ans.VectorFallback != "" {
					b.Fatalf("hybrid ask: %v, fallback %q", err, ans.VectorFallback)
				}
				total := time.Since(t1)
				wordsLat = append(wordsLat, t1.Sub(t0))
				hybridLat = append(hybridLat, total-emb.last)
				modelLat = append(modelLat, emb.last)
			}
			b.ReportMetric(percentile(wordsLat, 50), "words-p50-ms")
			b.ReportMetric(percentile(wordsLat, 99), "words-p99-ms")
			b.ReportMetric(percentile(hybridLat, 50), "hybrid-p50-ms")
			b.ReportMetric(percentile(hybridLat, 99), "hybrid-p99-ms")
			b.ReportMetric(percentile(modelLat, 50), "model-p50-ms")
			b.ReportMetric(percentile(modelLat, 99), "model-p99-ms")
			b.ReportMetric(load.Seconds(), "load-vectors-s")
		})
	}
}

// BenchmarkVectorSearch measures hybrid search at 10,000 entries with
// vectors of real models' sizes (384: all-MiniLM; 768: nomic-embed-text;
// 1536: text-embedding-3-small), random unit vectors: a search with the
// question's vector against one without (exact cosine over every entry,
// fused with the words), the time SetVectors takes (it recalibrates
// against the off-topic bank), and the heap the vectors hold.
func BenchmarkVectorSearch(b *testing.B) {
	qs, err := searchtest.BenchQuestions()
	if err != nil {
		b.Fatal(err)
	}
	entries, err := searchtest.Corpus(10000)
	if err != nil {
		b.Fatal(err)
	}
	for _, dims := range []int{384, 768, 1536} {
		b.Run(fmt.Sprintf("entries=10000/dims=%d", dims), func(b *testing.B) {
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
			base := searchtest.HeapInuse()
			rng := rand.New(rand.NewPCG(1, uint64(dims)))
			random := func() []float32 {
				v := make([]float32, dims)
				for i := range v {
					v[i] = float32(rng.NormFloat64())
				}
				return v
			}
			vecs := make(map[string][]float32, len(entries))
			for _, e := range ix.Entries() {
				vecs[e.ID] = random()
			}
			bank := make([][]float32, len(search.OffTopicQuestions()))
			for i := range bank {
				bank[i] = random()
			}
			questions := make([][]float32, 256)
			for i := range questions {
				questions[i] = random()
			}
			start := time.Now()
			ix.SetVectors("bench", vecs, bank)
			setTime := time.Since(start)
			vecs, bank = nil, nil
			// What stays is the index's unit copies (and the questions'
			// vectors, 256 of them).
			held := searchtest.HeapInuse()
			var with, without []time.Duration
			for i := 0; b.Loop(); i++ {
				q := qs[i%len(qs)]
				t0 := time.Now()
				if _, err := ix.Search(b.Context(), search.Query{Text: q}); err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if _, err := ix.Search(b.Context(), search.Query{Text: q, Vector: questions[i%len(questions)]}); err != nil {
					b.Fatal(err)
				}
				with = append(with, time.Since(t1))
				without = append(without, t1.Sub(t0))
			}
			b.ReportMetric(percentile(without, 50), "words-p50-ms")
			b.ReportMetric(percentile(without, 99), "words-p99-ms")
			b.ReportMetric(percentile(with, 50), "hybrid-p50-ms")
			b.ReportMetric(percentile(with, 99), "hybrid-p99-ms")
			b.ReportMetric(setTime.Seconds(), "setvectors-s")
			if held > base {
				b.ReportMetric(float64(held-base)/(1<<20), "vectors-MB")
			}
			if m, _ := ix.VectorModel(); m != "bench" {
				b.Fatal("vectors lost")
			}
		})
	}
}
