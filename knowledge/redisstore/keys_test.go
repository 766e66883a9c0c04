package redisstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// TestRecordKinds: each kind's records live under NAMESPACE:KIND:ID with
// the TTL the layout table in keys.go gives, and read back as written.
func TestRecordKinds(t *testing.T) {
	const day = 24 * time.Hour
	kinds := []struct {
		kind redisstore.Kind
		key  string
		ttl  time.Duration // 0: no expiry
	}{
		{redisstore.KindThread, "thread", 14 * day},
		{redisstore.KindAnswer, "answer", 90 * day},
		{redisstore.KindAnswerMessage, "answermsg", 90 * day},
		{redisstore.KindSummary, "llmcache", 7 * day},
		{redisstore.KindSubmission, "submission", 0},
		{redisstore.KindDecision, "decision", 0},
		{redisstore.KindDecisionClaim, "decisionclaim", 90 * day},
		{redisstore.KindExpert, "expert", 0},
		{redisstore.KindDigest, "digest", 0},
		{redisstore.KindDelivery, "delivery", 7 * day},
		{redisstore.KindOutcomes, "outcomes", 0},
		{redisstore.KindVote, "vote", 90 * day},
		{redisstore.KindSubscription, "notify", 90 * day},
	}
	type rec struct {
		Who string `json:"who"`
		N   int    `json:"n"`
	}
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbkeys")
		for _, k := range kinds {
			t.Run(k.key, func(t *testing.T) {
				r := redisstore.RecordOf[rec](s, k.kind)
				id := redisstore.MessageID("C1", "1710000000.000100")
				want := rec{Who: "U1", N: 3}
				if err := r.Set(ctx, id, want); err != nil {
					t.Fatal(err)
				}
				key := "kbkeys:" + k.key + ":C1:1710000000.000100"
				ttl, err := rdb.TTL(ctx, key).Result()
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case k.ttl == 0 && ttl != -1:
					t.Errorf("TTL of %s = %v, want none", key, ttl)
				case k.ttl > 0 && (ttl <= k.ttl-time.Minute || ttl > k.ttl):
					t.Errorf("TTL of %s = %v, want %v", key, ttl, k.ttl)
				}
				if got := k.kind.TTL(); got != k.ttl {
					t.Errorf("%s.TTL() = %v, want %v", k.key, got, k.ttl)
				}
				got, found, err := r.Get(ctx, id)
				if err != nil || !found || got != want {
					t.Errorf("Get = %+v, %v, %v; want %+v, true, nil", got, found, err, want)
				}
				if ok, err := r.SetOnce(ctx, id, rec{Who: "U2"}); err != nil || ok {
					t.Errorf("SetOnce over an existing record = %v, %v; want false, nil", ok, err)
				}
				if err := r.Delete(ctx, id); err != nil {
					t.Fatal(err)
				}
				if _, found, err := r.Get(ctx, id); err != nil || found {
					t.Errorf("Get after Delete = found %v, %v; want not found", found, err)
				}
				if ok, err := r.SetOnce(ctx, id, rec{Who: "U2"}); err != nil || !ok {
					t.Errorf("SetOnce on a free id = %v, %v; want true, nil", ok, err)
				}
				if took, err := r.Take(ctx, id); err != nil || !took {
					t.Errorf("Take of a record = %v, %v; want true, nil", took, err)
				}
				if took, err := r.Take(ctx, id); err != nil || took {
					t.Errorf("Take of a taken record = %v, %v; want false, nil", took, err)
				}
			})
		}
	})
}

// TestLayout: the writers put exactly the keys the layout table names.
func TestLayout(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kblayout")
		e := entry("lesson-one", knowledge.StatusPending)
		if err := s.CreateSubmission(ctx, e, "U1", map[string]string{"author": "U1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, redisstore.ListGaps, map[string]string{"question": "q"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, redisstore.ListFeedback, map[string]bool{"helpful": true}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddToSet(ctx, redisstore.SetExperts, "U2"); err != nil {
			t.Fatal(err)
		}
		if err := s.AppendAudit(ctx, map[string]string{"action": "submit"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Schedule(ctx, time.Now(), `{"kind":"digest"}`); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.TryLock(ctx, redisstore.LockScheduler, time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ClaimEvent(ctx, "Ev1", redisstore.EventClaimTTL); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Enqueue(ctx, "Ev2", redisstore.EventClaimTTL, []byte(`{"kind":"ask"}`)); err != nil {
			t.Fatal(err)
		}
		if jobs, err := s.ReadJobs(ctx, "c", 1, 0); err != nil || len(jobs) != 1 {
			t.Fatalf("ReadJobs = %v, %v", jobs, err)
		} else if err := s.DeadLetter(ctx, jobs[0], "test"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Enqueue(ctx, "", 0, []byte(`{"kind":"stats"}`)); err != nil {
			t.Fatal(err)
		}
		if err := redisstore.RecordOf[string](s, redisstore.KindDelivery).Set(ctx, "job.1", "sent"); err != nil {
			t.Fatal(err)
		}
		if err := s.Incr(ctx, redisstore.QuestionsCounter("2026-W09"), "high", redisstore.QuestionsCounterTTL); err != nil {
			t.Fatal(err)
		}
		keys, err := rdb.Keys(ctx, "kblayout:*").Result()
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(keys)
		want := []string{
			"kblayout:audit",
			"kblayout:changes",
			"kblayout:count:questions:2026-W09",
			"kblayout:delivery:job.1",
			"kblayout:entry:lesson-one",
			"kblayout:event:Ev1",
			"kblayout:event:Ev2",
			"kblayout:ids",
			"kblayout:list:feedback",
			"kblayout:list:gaps",
			"kblayout:lock:scheduler",
			"kblayout:queue",
			"kblayout:queue:dead",
			"kblayout:schedule",
			"kblayout:set:author:U1",
			"kblayout:set:experts",
			"kblayout:status:pending",
			"kblayout:submission:lesson-one",
		}
		if !slices.Equal(keys, want) {
			t.Errorf("keys = %q\nwant %q", keys, want)
		}
		gaps, err := redisstore.ListOf[map[string]string](ctx, s, redisstore.ListGaps, 10)
		if err != nil || len(gaps) != 1 || gaps[0]["question"] != "q" {
			t.Errorf("ListOf(gaps) = %v, %v; want the one gap written", gaps, err)
		}
		ids, err := s.SubmissionsBy(ctx, "U1")
		if err != nil || !slices.Equal(ids, []string{"lesson-one"}) {
			t.Errorf("SubmissionsBy(U1) = %q, %v; want [lesson-one]", ids, err)
		}
		if ttl, err := rdb.TTL(ctx, "kblayout:event:Ev1").Result(); err != nil || ttl <= 0 || ttl > time.Hour {
			t.Errorf("event claim TTL = %v, %v; want at most an hour", ttl, err)
		}
	})
}

// TestCounters: Incr counts per field under count:NAME, renews the
// counter's expiry, and Counts reads several counters at once, empty for
// one never written.
func TestCounters(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbcount")
		w1, w2 := redisstore.QuestionsCounter("2026-W08"), redisstore.QuestionsCounter("2026-W09")
		for _, f := range []string{"high", "high", "none", "low", "high"} {
			if err := s.Incr(ctx, w1, f, redisstore.QuestionsCounterTTL); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Counts(ctx, w1, w2)
		if err != nil {
			t.Fatal(err)
		}
		want := []map[string]int{{"high": 3, "low": 1, "none": 1}, {}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Counts (-want +got):\n%s", diff)
		}
		ttl, err := rdb.TTL(ctx, "kbcount:count:questions:2026-W08").Result()
		if err != nil || ttl <= redisstore.QuestionsCounterTTL-time.Minute || ttl > redisstore.QuestionsCounterTTL {
			t.Errorf("counter TTL = %v, %v; want %v", ttl, err, redisstore.QuestionsCounterTTL)
		}
	})
}

// TestExpiring: ids scored by expiry are listed until they expire, soonest
// first, and dropped once past.
func TestExpiring(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbexp")
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		for id, in := range map[string]time.Duration{"a": time.Hour, "b": time.Minute, "gone": -time.Minute} {
			if err := s.AddExpiring(ctx, redisstore.ExpiringNotify, id, now.Add(in)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Unexpired(ctx, redisstore.ExpiringNotify, now)
		if err != nil || !slices.Equal(got, []string{"b", "a"}) {
			t.Errorf("Unexpired = %q, %v; want [b a]", got, err)
		}
		if err := s.RemoveExpiring(ctx, redisstore.ExpiringNotify, "b"); err != nil {
			t.Fatal(err)
		}
		got, err = s.Unexpired(ctx, redisstore.ExpiringNotify, now.Add(2*time.Hour))
		if err != nil || len(got) != 0 {
			t.Errorf("Unexpired after expiry = %q, %v; want none", got, err)
		}
		if n, err := rdb.ZCard(ctx, "kbexp:expiring:notify").Result(); err != nil || n != 0 {
			t.Errorf("the expired ids are still stored: %d, %v", n, err)
		}
	})
}
