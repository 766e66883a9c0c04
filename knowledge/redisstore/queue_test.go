package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// The work queue's conformance tests: each runs against a real
// redis-server and the embedded store.

func TestQueueEnqueueClaimsTheEventFirst(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		id, added, err := s.Enqueue(ctx, "Ev1", time.Hour, []byte(`{"kind":"ask"}`))
		if err != nil || !added || id == "" {
			t.Fatalf("Enqueue = %q, %v, %v; want an id, true, nil", id, added, err)
		}
		// A redelivery is recognised and takes no queue space.
		if _, added, err := s.Enqueue(ctx, "Ev1", time.Hour, []byte(`{"kind":"ask"}`)); err != nil || added {
			t.Errorf("Enqueue of a redelivered event = added %v, %v; want false, nil", added, err)
		}
		// The claim is the same one ClaimEvent takes.
		if first, err := s.ClaimEvent(ctx, "Ev1", time.Hour); err != nil || first {
			t.Errorf("ClaimEvent after Enqueue = %v, %v; want false (already claimed)", first, err)
		}
		if ttl, err := rdb.TTL(ctx, "kbq:event:Ev1").Result(); err != nil || ttl <= 0 || ttl > time.Hour {
			t.Errorf("event claim TTL = %v, %v; want at most an hour", ttl, err)
		}
		// Work without an event id (a slash command) is never deduplicated.
		for range 2 {
			if _, added, err := s.Enqueue(ctx, "", 0, []byte(`{"kind":"stats"}`)); err != nil || !added {
				t.Fatalf("Enqueue without an event id = %v, %v; want true, nil", added, err)
			}
		}
		st, err := s.QueueStats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Depth != 3 || st.Pending != 0 {
			t.Errorf("stats = %+v, want depth 3, none pending", st)
		}
		if age := time.Since(st.Oldest); age < 0 || age > time.Minute {
			t.Errorf("oldest job queued %v ago, want just now", age)
		}
		jobs, err := s.ReadJobs(ctx, "c1", 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 3 || string(jobs[0].Data) != `{"kind":"ask"}` || jobs[0].ID != id || jobs[0].Attempt != 1 {
			t.Fatalf("ReadJobs = %+v, want the three jobs in order, first attempt", jobs)
		}
		if more, err := s.ReadJobs(ctx, "c2", 10, 0); err != nil || len(more) != 0 {
			t.Errorf("a second consumer read %d jobs, %v; want none (each job goes to one worker)", len(more), err)
		}
		for _, j := range jobs {
			if err := s.FinishJob(ctx, j.ID); err != nil {
				t.Fatal(err)
			}
		}
		if st, _ := s.QueueStats(ctx); st.Depth != 0 || st.Pending != 0 || !st.Oldest.IsZero() {
			t.Errorf("stats after finishing every job = %+v, want an empty queue", st)
		}
	})
}

func TestQueueRefusesAtItsBound(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		for i := range 3 {
			if _, _, err := s.EnqueueLimit(ctx, fmt.Sprintf("Ev%d", i), time.Hour, 3, []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		_, added, err := s.EnqueueLimit(ctx, "EvFull", time.Hour, 3, []byte("x"))
		if !errors.Is(err, redisstore.ErrQueueFull) || added {
			t.Fatalf("Enqueue at the bound = %v, %v; want ErrQueueFull", added, err)
		}
		// Nothing was claimed, so the event can be queued once there is room,
		// and nothing queued before was dropped to make room.
		if n, _ := rdb.Exists(ctx, "kbq:event:EvFull").Result(); n != 0 {
			t.Errorf("the refused event was claimed")
		}
		jobs, err := s.ReadJobs(ctx, "c1", 1, 0)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("ReadJobs = %v, %v", jobs, err)
		}
		if err := s.FinishJob(ctx, jobs[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, added, err := s.EnqueueLimit(ctx, "EvFull", time.Hour, 3, []byte("x")); err != nil || !added {
			t.Errorf("Enqueue once there is room = %v, %v; want true, nil", added, err)
		}
		if n, _ := rdb.XLen(ctx, "kbq:queue").Result(); n != 3 {
			t.Errorf("queue holds %d jobs, want 3", n)
		}
	})
}

func TestQueueReclaimAndRenew(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		if _, _, err := s.Enqueue(ctx, "", 0, []byte("job")); err != nil {
			t.Fatal(err)
		}
		jobs, err := s.ReadJobs(ctx, "dead", 1, 0)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("ReadJobs = %v, %v", jobs, err)
		}
		// Still within its lease: nobody takes it.
		if got, err := s.ReclaimJobs(ctx, "alive", time.Hour, 10); err != nil || len(got) != 0 {
			t.Errorf("ReclaimJobs within the lease = %v, %v; want none", got, err)
		}
		// Past it, another worker takes it over as a second attempt.
		got, err := s.ReclaimJobs(ctx, "alive", 0, 10)
		if err != nil || len(got) != 1 {
			t.Fatalf("ReclaimJobs past the lease = %v, %v; want the job", got, err)
		}
		if got[0].ID != jobs[0].ID || string(got[0].Data) != "job" || got[0].Attempt != 2 {
			t.Errorf("reclaimed %+v, want the job as attempt 2", got[0])
		}
		// The first worker has lost it: renewing no longer keeps it.
		if n, err := s.RenewJobs(ctx, "dead", jobs[0].ID); err != nil || n != 0 {
			t.Errorf("RenewJobs by the old owner = %d, %v; want 0", n, err)
		}
		if n, err := s.RenewJobs(ctx, "alive", jobs[0].ID); err != nil || n != 1 {
			t.Errorf("RenewJobs by the owner = %d, %v; want 1", n, err)
		}
		if st, _ := s.QueueStats(ctx); st.Pending != 1 || st.Depth != 1 {
			t.Errorf("stats = %+v, want one pending job", st)
		}
	})
}

func TestQueueHandBackAndRetry(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		for _, d := range []string{"a", "b"} {
			if _, _, err := s.Enqueue(ctx, "", 0, []byte(d)); err != nil {
				t.Fatal(err)
			}
		}
		jobs, err := s.ReadJobs(ctx, "stopping", 2, 0)
		if err != nil || len(jobs) != 2 {
			t.Fatalf("ReadJobs = %v, %v", jobs, err)
		}
		// a is handed back at shutdown (not its fault); b failed.
		if err := s.HandBackJobs(ctx, jobs[0]); err != nil {
			t.Fatal(err)
		}
		if err := s.RetryJob(ctx, jobs[1]); err != nil {
			t.Fatal(err)
		}
		// Both are available at once, even to a worker with a long lease.
		got, err := s.ReclaimJobs(ctx, "other", time.Minute, 10)
		if err != nil || len(got) != 2 {
			t.Fatalf("ReclaimJobs = %v, %v; want both jobs at once", got, err)
		}
		attempts := map[string]int{}
		for _, j := range got {
			attempts[string(j.Data)] = j.Attempt
		}
		if attempts["a"] != 1 || attempts["b"] != 2 {
			t.Errorf("attempts = %v, want a: 1 (a hand-back does not count), b: 2", attempts)
		}
	})
}

func TestQueueDeadLetter(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		if _, _, err := s.Enqueue(ctx, "", 0, []byte("poison")); err != nil {
			t.Fatal(err)
		}
		jobs, _ := s.ReadJobs(ctx, "c", 1, 0)
		if len(jobs) != 1 {
			t.Fatalf("ReadJobs = %v", jobs)
		}
		if err := s.DeadLetter(ctx, jobs[0], "failed 5 attempts"); err != nil {
			t.Fatal(err)
		}
		dead, err := s.DeadJobs(ctx, 10)
		if err != nil || len(dead) != 1 || dead[0].Data != "poison" || dead[0].Reason != "failed 5 attempts" {
			t.Fatalf("DeadJobs = %+v, %v", dead, err)
		}
		st, _ := s.QueueStats(ctx)
		if st.Depth != 0 || st.Pending != 0 || st.Dead != 1 {
			t.Errorf("stats = %+v, want an empty queue and one dead job", st)
		}
		if ttl, _ := rdb.TTL(ctx, "kbq:queue:dead").Result(); ttl <= 0 {
			t.Errorf("dead-letter list TTL = %v, want it to expire", ttl)
		}
	})
}

// TestQueueAfterRedisLostItsData: FLUSHALL takes the stream and its group;
// the next read makes them again and new work flows.
func TestQueueAfterRedisLostItsData(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		if _, _, err := s.Enqueue(ctx, "Ev1", time.Hour, []byte("before")); err != nil {
			t.Fatal(err)
		}
		before, _ := s.ReadJobs(ctx, "c", 1, 0)
		if err := rdb.FlushAll(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Enqueue(ctx, "Ev2", time.Hour, []byte("after")); err != nil {
			t.Fatal(err)
		}
		jobs, err := s.ReadJobs(ctx, "c", 10, 0)
		if err != nil || len(jobs) != 1 || string(jobs[0].Data) != "after" {
			t.Fatalf("ReadJobs after FLUSHALL = %v, %v; want the job added since", jobs, err)
		}
		// Finishing a job Redis forgot is not an error.
		if len(before) == 1 {
			if err := s.FinishJob(ctx, before[0].ID); err != nil {
				t.Errorf("FinishJob of a lost job = %v, want nil", err)
			}
		}
	})
}

// discard is a logger for tests that check behaviour, not logs.
func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestWorkersDoEveryJobOnce: two processes' workers share the queue; every
// job is done exactly once.
func TestWorkersDoEveryJobOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		const n = 200
		var mu sync.Mutex
		done := map[string]int{}
		all := make(chan struct{})
		h := redisstore.Handler{Do: func(ctx context.Context, j redisstore.Job) error {
			mu.Lock()
			defer mu.Unlock()
			done[string(j.Data)]++
			if len(done) == n {
				close(all)
			}
			return nil
		}}
		a := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "a", Workers: 4}, h, nil)
		b := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "b", Workers: 4}, h, nil)
		for i := range n {
			if _, _, err := s.Enqueue(ctx, fmt.Sprintf("Ev%d", i), time.Hour, fmt.Appendf(nil, "job-%d", i)); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-all:
		case <-time.After(20 * time.Second):
			t.Fatalf("only %d of %d jobs done", len(done), n)
		}
		for _, w := range []*redisstore.Workers{a, b} {
			sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			if err := w.Stop(sctx); err != nil {
				t.Errorf("Stop: %v", err)
			}
			cancel()
		}
		for k, c := range done {
			if c != 1 {
				t.Errorf("%s done %d times, want once", k, c)
			}
		}
		if st, _ := s.QueueStats(ctx); st.Depth != 0 {
			t.Errorf("queue depth after every job = %d, want 0", st.Depth)
		}
	})
}

// TestWorkersStopHandsBackRunningJobs: a stopping process waits for its
// running job until its deadline, then hands it back; another process
// does it at once, and the hand-back is not counted as an attempt.
func TestWorkersStopHandsBackRunningJobs(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		started := make(chan struct{})
		stuck := redisstore.Handler{Do: func(ctx context.Context, j redisstore.Job) error {
			close(started)
			<-ctx.Done() // until Stop gives up on it
			return ctx.Err()
		}}
		a := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "a", Workers: 1, Lease: time.Hour}, stuck, nil)
		if _, _, err := s.Enqueue(ctx, "", 0, []byte("slow")); err != nil {
			t.Fatal(err)
		}
		<-started
		sctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		defer cancel()
		if err := a.Stop(sctx); err != nil {
			t.Fatalf("Stop: %v", err)
		}
		got := make(chan redisstore.Job, 1)
		b := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "b", Workers: 1, Lease: time.Hour},
			redisstore.Handler{Do: func(ctx context.Context, j redisstore.Job) error { got <- j; return nil }}, nil)
		defer b.Stop(ctx)
		select {
		case j := <-got:
			if string(j.Data) != "slow" || j.Attempt != 1 {
				t.Errorf("the other process got %+v, want the slow job as attempt 1", j)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the handed-back job was not taken over (with a one-hour lease it must be at once)")
		}
	})
}

// TestWorkersReclaimFromADeadProcess: a job taken by a process that died
// is done by another once its lease has run out.
func TestWorkersReclaimFromADeadProcess(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		if _, _, err := s.Enqueue(ctx, "", 0, []byte("orphan")); err != nil {
			t.Fatal(err)
		}
		if jobs, err := s.ReadJobs(ctx, "killed", 1, 0); err != nil || len(jobs) != 1 {
			t.Fatalf("ReadJobs = %v, %v", jobs, err)
		}
		got := make(chan redisstore.Job, 1)
		w := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "b", Workers: 2, Lease: 300 * time.Millisecond},
			redisstore.Handler{Do: func(ctx context.Context, j redisstore.Job) error { got <- j; return nil }}, nil)
		defer w.Stop(ctx)
		select {
		case j := <-got:
			// Attempt 2, or later when a busy machine lets the 300 ms
			// lease lapse again before the first reclaimer is done.
			if string(j.Data) != "orphan" || j.Attempt < 2 {
				t.Errorf("reclaimed %+v, want the orphan as attempt 2 or later", j)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the dead process's job was never reclaimed")
		}
	})
}

// TestWorkersDeadLetterAfterMaxAttempts: a job that panics every time is
// tried MaxAttempts times, then dead-lettered and its user told once.
func TestWorkersDeadLetterAfterMaxAttempts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		var tries atomic.Int32
		gaveUp := make(chan redisstore.Job, 2)
		h := redisstore.Handler{
			Do:     func(ctx context.Context, j redisstore.Job) error { tries.Add(1); panic("poison") },
			GiveUp: func(ctx context.Context, j redisstore.Job) { gaveUp <- j },
		}
		w := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "a", Workers: 2, MaxAttempts: 3}, h, nil)
		defer w.Stop(ctx)
		if _, _, err := s.Enqueue(ctx, "", 0, []byte("poison")); err != nil {
			t.Fatal(err)
		}
		select {
		case j := <-gaveUp:
			if string(j.Data) != "poison" {
				t.Errorf("gave up on %q", j.Data)
			}
		case <-time.After(20 * time.Second):
			t.Fatalf("never gave up after %d tries", tries.Load())
		}
		if n := tries.Load(); n != 3 {
			t.Errorf("tried %d times, want 3", n)
		}
		dead, err := s.DeadJobs(ctx, 10)
		if err != nil || len(dead) != 1 {
			t.Errorf("DeadJobs = %v, %v; want the job", dead, err)
		}
		if st, _ := s.QueueStats(ctx); st.Depth != 0 {
			t.Errorf("queue depth = %d, want 0", st.Depth)
		}
		select {
		case j := <-gaveUp:
			t.Errorf("gave up twice on %q", j.Data)
		default:
		}
	})
}

// TestWorkersWaitWhilePaused: nothing is taken while Paused says so.
func TestWorkersWaitWhilePaused(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbq")
		var paused atomic.Bool
		paused.Store(true)
		got := make(chan string, 1)
		w := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "a", Workers: 1, Paused: paused.Load},
			redisstore.Handler{Do: func(ctx context.Context, j redisstore.Job) error { got <- string(j.Data); return nil }}, nil)
		defer w.Stop(ctx)
		if _, _, err := s.Enqueue(ctx, "", 0, []byte("later")); err != nil {
			t.Fatal(err)
		}
		// The reader polls Paused every 200 ms: after two rounds the job
		// must still be waiting.
		select {
		case d := <-got:
			t.Fatalf("job %q ran while paused", d)
		case <-time.After(500 * time.Millisecond):
		}
		if st, _ := s.QueueStats(ctx); st.Depth != 1 || st.Pending != 0 {
			t.Errorf("stats while paused = %+v, want the job waiting, undelivered", st)
		}
		paused.Store(false)
		select {
		case d := <-got:
			if d != "later" {
				t.Errorf("ran %q", d)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("job never ran after the pause")
		}
	})
}

// TestWorkersYieldButNeverStarve: while Yield says the process has more
// urgent work, at most two jobs run at once, and every job still runs.
func TestWorkersYieldButNeverStarve(t *testing.T) {
	rdb := redistest.Client(t)
	ctx := t.Context()
	s := redisstore.New(rdb, "kbq")
	var running, most atomic.Int32
	started := make(chan struct{}, 10)
	release := make(chan struct{})
	done := make(chan struct{}, 10)
	w := s.StartWorkers(ctx, discard(), redisstore.WorkerConfig{Consumer: "a", Workers: 8, Yield: func() bool { return true }},
		redisstore.Handler{Do: func(ctx context.Context, j redisstore.Job) error {
			n := running.Add(1)
			for {
				m := most.Load()
				if n <= m || most.CompareAndSwap(m, n) {
					break
				}
			}
			started <- struct{}{}
			<-release
			running.Add(-1)
			done <- struct{}{}
			return nil
		}}, nil)
	defer w.Stop(ctx)
	const n = 6
	for i := range n {
		if _, _, err := s.Enqueue(ctx, "", 0, fmt.Appendf(nil, "job-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("no job started while the workers were yielding")
		}
	}
	if q, _ := s.QueueStats(ctx); q.Pending > 2 {
		t.Errorf("%d jobs taken while yielding, want at most 2", q.Pending)
	}
	close(release)
	for i := range n {
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d jobs ran while the workers kept yielding", i, n)
		}
	}
	if m := most.Load(); m > 2 {
		t.Errorf("%d jobs ran at once while yielding, want at most 2", m)
	}
}
