package redisstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// TestLeaseDueOnce: replicas racing for the same due jobs each get
// different ones, and together exactly all of them. A leased job stays
// scheduled until it is removed: if its replica never finishes it, it is
// due again when the lease ends (at least once).
func TestLeaseDueOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kb")
		now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
		for i := range 50 {
			if err := s.Schedule(ctx, now.Add(-time.Minute), fmt.Sprintf(`{"job":%d}`, i)); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Schedule(ctx, now.Add(time.Hour), `{"job":"later"}`); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		claimed := map[string]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				jobs, err := redisstore.New(redis.NewClient(rdb.Options()), "kb").LeaseDue(ctx, now, 10*time.Minute, 100)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				for _, j := range jobs {
					claimed[j]++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(claimed) != 50 {
			t.Errorf("%d jobs claimed, want the 50 due ones", len(claimed))
		}
		for j, n := range claimed {
			if n != 1 {
				t.Errorf("job %s claimed %d times, want once", j, n)
			}
		}
		// Leased, not removed: nobody gets them again within the lease.
		if again, err := s.LeaseDue(ctx, now.Add(9*time.Minute), 10*time.Minute, 100); err != nil || len(again) != 0 {
			t.Errorf("LeaseDue within the lease = %d jobs, %v; want none", len(again), err)
		}
		// One finishes; the other 49 are due again when their lease ends.
		if err := s.Unschedule(ctx, `{"job":0}`); err != nil {
			t.Fatal(err)
		}
		again, err := s.LeaseDue(ctx, now.Add(11*time.Minute), 10*time.Minute, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 49 {
			t.Errorf("%d jobs due again after their lease, want the 49 not finished", len(again))
		}
		left, err := s.ScheduledJobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != 50 {
			t.Errorf("%d jobs scheduled, want the 49 leased and the one not yet due", len(left))
		}
		// A failed job is replaced by its next attempt.
		if err := s.Reschedule(ctx, `{"job":1}`, now.Add(time.Hour), `{"job":1,"attempt":1}`); err != nil {
			t.Fatal(err)
		}
		left, _ = s.ScheduledJobs(ctx)
		if _, old := left[`{"job":1}`]; old || len(left) != 50 {
			t.Errorf("after Reschedule the schedule holds %d jobs (old one there: %v), want 50 without it", len(left), old)
		}
	})
}

func TestLock(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		a := redisstore.New(rdb, "kb")
		b := redisstore.New(redis.NewClient(rdb.Options()), "kb")
		tokA, ok, err := a.TryLock(ctx, "scheduler", time.Minute)
		if err != nil || !ok {
			t.Fatalf("first TryLock = %v, %v; want the lock", ok, err)
		}
		if _, ok, err := b.TryLock(ctx, "scheduler", time.Minute); err != nil || ok {
			t.Fatalf("second TryLock = %v, %v; want refused while held", ok, err)
		}
		if err := b.Unlock(ctx, "scheduler", "not-the-token"); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := b.TryLock(ctx, "scheduler", time.Minute); ok {
			t.Fatal("a wrong token released someone else's lock")
		}
		if err := a.Unlock(ctx, "scheduler", tokA); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := b.TryLock(ctx, "scheduler", time.Minute); err != nil || !ok {
			t.Fatalf("TryLock after release = %v, %v; want the lock", ok, err)
		}
	})
}

func TestClaimEventOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kb")
		var wg sync.WaitGroup
		var mu sync.Mutex
		firsts := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.ClaimEvent(ctx, "Ev123", time.Hour)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if firsts != 1 {
			t.Errorf("%d claims succeeded, want exactly 1", firsts)
		}
	})
}
