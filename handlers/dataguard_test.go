package handlers_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestCheckDataAfterFlush: Redis loses everything under a running replica.
// Following the change log must not swap the index for an empty one (every
// question would become "nothing found" and a gap); the index stays, not
// ready, until CheckData reseeds and rebuilds it.
func TestCheckDataAfterFlush(t *testing.T) {
	for _, seed := range []bool{true, false} {
		name := map[bool]string{true: "seed on", false: "seed off"}[seed]
		t.Run(name, func(t *testing.T) {
			a := newApp(t)
			ctx := t.Context()
			if c, err := a.CheckData(ctx, seed); err != nil || c.Lost != "" {
				t.Fatalf("CheckData on a healthy store = %+v, %v; want nothing lost", c, err)
			}
			if err := a.rdb.FlushAll(ctx).Err(); err != nil {
				t.Fatal(err)
			}
			err := a.SyncIndex(ctx)
			if err == nil || a.IndexReady() {
				t.Fatalf("SyncIndex after FLUSHALL = %v, ready %v; want an error and not ready", err, a.IndexReady())
			}
			if ans := a.ask(t, "has anyone used AI to clear an x-ray backlog?"); len(ans.Sources) == 0 {
				t.Errorf("the index was emptied before the data was restored")
			}
			c, err := a.CheckData(ctx, seed)
			if err != nil {
				t.Fatal(err)
			}
			if c.Lost != handlers.LossEmpty || c.Reseeded != seed || !c.First {
				t.Errorf("CheckData = %+v, want lost %q (noticed first here), reseeded %v", c, handlers.LossEmpty, seed)
			}
			if !a.IndexReady() {
				t.Errorf("index not ready after CheckData restored it")
			}
			ans := a.ask(t, "has anyone used AI to clear an x-ray backlog?")
			if seed && (a.count(t) == 0 || len(ans.Sources) == 0) {
				t.Errorf("after the reseed: %d entries, %d sources; want the seed answering", a.count(t), len(ans.Sources))
			}
			if !seed && (a.count(t) != 0 || len(ans.Sources) != 0) {
				t.Errorf("seed off: %d entries, %d sources; want nothing invented", a.count(t), len(ans.Sources))
			}
			// Once restored, the next check finds nothing wrong.
			if c, err := a.CheckData(ctx, seed); err != nil || c.Lost != "" {
				t.Errorf("CheckData after restoring = %+v, %v; want nothing lost", c, err)
			}
		})
	}
}

// TestCheckDataChangeLogBackwards: a failover to an older copy leaves a
// change log behind what the replica applied; the index is rebuilt from
// what the store now holds.
func TestCheckDataChangeLogBackwards(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	if _, err := a.importJSONL(t, "a.jsonl", podiatryLine("approved")); err != nil {
		t.Fatal(err)
	}
	if err := a.SyncIndex(ctx); err != nil {
		t.Fatal(err)
	}
	// The "older copy": the podiatry entry and every change log record
	// since it are gone, and the log ends earlier.
	if err := a.store.Delete(ctx, podiatryID); err != nil {
		t.Fatal(err)
	}
	if err := a.rdb.Del(ctx, "kb:changes").Err(); err != nil {
		t.Fatal(err)
	}
	if err := a.rdb.XAdd(ctx, &redis.XAddArgs{Stream: "kb:changes", ID: "1-1", Values: []string{"id", "x"}}).Err(); err != nil {
		t.Fatal(err)
	}
	c, err := a.CheckData(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Lost != handlers.LossBackwards || c.Reseeded {
		t.Errorf("CheckData = %+v, want lost %q without a reseed", c, handlers.LossBackwards)
	}
	if _, err := a.store.Get(ctx, podiatryID); !errors.Is(err, knowledge.ErrNotFound) {
		t.Fatalf("the entry is still in the store: %v", err)
	}
	for _, id := range sourceIDs(a.ask(t, podiatryQuestion)) {
		if id == podiatryID {
			t.Errorf("still answering from %s, which the older copy does not hold", podiatryID)
		}
	}
}

// TestCheckDataReloadsVectors: with hybrid search on, Redis losing its
// data takes the kept vectors with it, and the index's vectors may be of
// entries that are gone. After the restore, questions go by words alone
// (never by stale vectors) until a pass has loaded every vector afresh,
// embedding again, and keeping in Redis, what was lost; KeepVectors runs
// that pass by itself.
func TestCheckDataReloadsVectors(t *testing.T) {
	rdb := redistest.Client(t)
	fake := llmtest.New(t, "unused")
	a := hybridApp(t, rdb, fake, hybridOptions{})
	ctx := t.Context()
	if c, err := a.CheckData(ctx, true); err != nil || c.Lost != "" {
		t.Fatalf("CheckData on a healthy store = %+v, %v; want nothing lost", c, err)
	}
	lose := func(t *testing.T) {
		t.Helper()
		if err := rdb.FlushAll(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		c, err := a.CheckData(ctx, true)
		if err != nil || c.Lost != handlers.LossEmpty || !c.Reseeded {
			t.Fatalf("CheckData after FLUSHALL = %+v, %v; want lost and reseeded", c, err)
		}
	}
	kept := func(t *testing.T) int {
		t.Helper()
		ids, err := a.store.VectorIDs(ctx, redisstore.VectorsEntries, embedModel)
		if err != nil {
			t.Fatal(err)
		}
		return len(ids)
	}

	t.Run("reload", func(t *testing.T) {
		lose(t)
		if ans := a.ask(t, meaningQuestion); ans.VectorFallback != handlers.FallbackNotReady {
			t.Errorf("right after the restore: fallback %q, want %q (no stale vectors)", ans.VectorFallback, handlers.FallbackNotReady)
		}
		n := fake.EmbeddedTexts()
		if err := a.LoadVectors(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got, want := fake.EmbeddedTexts()-n, seedSize+bankSize(); got != want {
			t.Errorf("the pass after the restore embedded %d texts, want %d (every entry and the bank: Redis lost them)", got, want)
		}
		if got := kept(t); got != seedSize {
			t.Errorf("%d entry vectors kept in Redis after the pass, want %d", got, seedSize)
		}
		ans := a.ask(t, meaningQuestion)
		if ids := sourceIDs(ans); ans.VectorFallback != "" || len(ids) == 0 || ids[0] != meaningEntry {
			t.Errorf("after the pass: fallback %q, sources %v; want hybrid search finding %s", ans.VectorFallback, ids, meaningEntry)
		}
	})

	t.Run("KeepVectors reloads by itself", func(t *testing.T) {
		kctx, cancel := context.WithCancel(ctx)
		defer cancel()
		progress := make(chan handlers.VectorProgress, 1000)
		stopped := make(chan struct{})
		go func() {
			defer close(stopped)
			a.KeepVectors(kctx, func(p handlers.VectorProgress) { progress <- p })
		}()
		// Its first pass: everything loaded already, nothing to embed.
		waitProgress(t, progress, func(p handlers.VectorProgress) bool { return p.Phase == "entries" && p.Done() == p.Total })
		n := fake.EmbeddedTexts()
		lose(t)
		waitProgress(t, progress, func(p handlers.VectorProgress) bool { return p.Phase == "bank" })
		waitProgress(t, progress, func(p handlers.VectorProgress) bool {
			return p.Phase == "entries" && p.Total == seedSize && p.Done() == p.Total
		})
		// Wait for the pass to finish by running one of our own.
		if err := a.LoadVectors(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got, want := fake.EmbeddedTexts()-n, seedSize+bankSize(); got != want {
			t.Errorf("KeepVectors embedded %d texts after the loss, want %d", got, want)
		}
		if got := kept(t); got != seedSize {
			t.Errorf("%d entry vectors kept in Redis, want %d", got, seedSize)
		}
		if ans := a.ask(t, meaningQuestion); ans.VectorFallback != "" {
			t.Errorf("after KeepVectors' pass: fallback %q, want hybrid search", ans.VectorFallback)
		}
		cancel()
		<-stopped
	})
}

// waitProgress waits for a progress report that ok accepts.
func waitProgress(t *testing.T, ch <-chan handlers.VectorProgress, ok func(handlers.VectorProgress) bool) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case p := <-ch:
			if ok(p) {
				return
			}
		case <-timeout:
			t.Fatal("no such progress report within 20 s")
		}
	}
}
