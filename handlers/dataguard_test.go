package handlers_test

import (
	"errors"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
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
