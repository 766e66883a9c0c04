package redisstore_test

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
)

// BenchmarkScrub times the privacy migration over 50,000 entries (the seed
// entries, about 1.9 KB of JSON each, copied under new ids) and the
// records a busy deployment keeps beside them, one in a hundred holding an
// identifier, on a real redis-server. Each iteration is a new screen
// version, so each screens everything; the first also cleans.
//
//	go test -run '^$' -bench Scrub -benchtime 3x ./knowledge/redisstore/
func BenchmarkScrub(b *testing.B) {
	const (
		entries = 50000
		answers = 20000
		threads = 10000
		gaps    = 5000 // the lists' cap
	)
	rdb := redistest.Client(b)
	s := redisstore.New(rdb, "kb")
	ctx := b.Context()
	base, err := seed.Entries()
	if err != nil {
		b.Fatal(err)
	}
	flagged := func(i int, text string) string {
		if i%100 == 0 {
			return text + " (patient 999 000 0018)"
		}
		return text
	}
	batch := make([]knowledge.Entry, 0, 1000)
	for i := range entries {
		e := base[i%len(base)].Clone()
		e.ID = fmt.Sprintf("%s-%d", e.ID, i)
		e.Body = flagged(i, e.Body)
		batch = append(batch, e)
		if len(batch) == cap(batch) {
			if err := s.Put(ctx, batch...); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := rdb.Pipeline()
	for i := range answers {
		id := fmt.Sprintf("%024x", 0xa0000000+i)
		p.Set(ctx, "kb:answer:"+id, js(map[string]any{"id": id, "question": flagged(i, "has anyone used AI to clear an x-ray backlog?"),
			"text": base[i%len(base)].Summary, "confidence": "high", "source_ids": []string{base[i%len(base)].ID}, "asker": "U024BE7LH", "at": at}), 90*24*time.Hour)
	}
	for i := range threads {
		p.Set(ctx, fmt.Sprintf("kb:thread:C0ABCDEF1:17%08d.%06d", i, i), js(map[string]any{"asker": "U024BE7LH", "question": flagged(i, "how do we run a DPIA for ambient voice?")}), 14*24*time.Hour)
	}
	for i := range gaps {
		p.LPush(ctx, "kb:list:gaps", js(map[string]any{"question": flagged(i, "who has tried AI for discharge letters?"), "kind": "not_found", "at": at}))
		p.LPush(ctx, "kb:list:feedback", js(map[string]any{"answer_id": "a1", "user": "U024BE7LH", "helpful": false, "reason": flagged(i, "not what I asked"), "via": "button", "at": at}))
		p.RPush(ctx, "kb:audit", js(map[string]any{"at": at, "actor": "U024BE7LH", "action": "reject", "entry_id": "pilot-x", "reason": flagged(i, "duplicate of another lesson")}))
	}
	if _, err := p.Exec(ctx); err != nil {
		b.Fatal(err)
	}
	sc := privacy.New(privacy.DefaultAllowList())
	b.ResetTimer()
	for i := range b.N {
		cpu0 := cpuTime(b)
		rep, err := s.Scrub(ctx, sc, redisstore.ScrubConfig{Version: fmt.Sprint("bench-", i)})
		if err != nil {
			b.Fatal(err)
		}
		// CPU seconds of this process (not Redis's): the figure that does
		// not depend on what else the machine runs.
		b.ReportMetric((cpuTime(b) - cpu0).Seconds(), "cpu_s")
		if i == 0 {
			b.ReportMetric(float64(rep.Kinds["entry"].Redacted), "entries_redacted")
		}
		b.ReportMetric(float64(rep.Keys)/rep.Elapsed.Seconds(), "keys/s")
	}
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "workers")
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
