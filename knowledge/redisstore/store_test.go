package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// forEachBackend runs the test against a real redis-server and the embedded
// store: the conformance suite of STYLE.md.
func forEachBackend(t *testing.T, f func(t *testing.T, rdb *redis.Client)) {
	for name, newClient := range redistest.Backends() {
		t.Run(name, func(t *testing.T) { f(t, newClient(t)) })
	}
}

func entry(id string, st knowledge.Status) knowledge.Entry {
	return knowledge.Entry{ID: id, Kind: knowledge.KindInsight, Title: "Title " + id, Summary: "Summary " + id, Status: st}
}

func TestPutGet(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbtest")
		want := entry("a", knowledge.StatusApproved)
		want.Tags = []string{"x"}
		if err := s.Put(ctx, want, entry("b", knowledge.StatusPending)); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Get (-want +got):\n%s", diff)
		}
		if _, err := s.Get(ctx, "missing"); !errors.Is(err, knowledge.ErrNotFound) {
			t.Errorf("Get(missing) = %v, want ErrNotFound", err)
		}
		counts, err := s.CountByStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts[knowledge.StatusApproved] != 1 || counts[knowledge.StatusPending] != 1 {
			t.Errorf("counts = %v, want 1 approved 1 pending", counts)
		}
		// Changing the status moves the entry between indexes.
		moved := entry("b", knowledge.StatusApproved)
		if err := s.Put(ctx, moved); err != nil {
			t.Fatal(err)
		}
		approved, err := s.ByStatus(ctx, knowledge.StatusApproved, 0, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(approved) != 2 {
			t.Errorf("approved = %d entries, want 2", len(approved))
		}
		pending, _ := s.ByStatus(ctx, knowledge.StatusPending, 0, false)
		if len(pending) != 0 {
			t.Errorf("pending = %d entries after approval, want 0", len(pending))
		}
		// Keys live under the namespace only.
		keys, err := rdb.Keys(ctx, "*").Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if len(k) < 7 || k[:7] != "kbtest:" {
				t.Errorf("key %q is outside the namespace", k)
			}
		}
	})
}

func TestAllSortedAndNamespaced(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		a := redisstore.New(rdb, "one")
		b := redisstore.New(rdb, "two")
		if err := a.Put(ctx, entry("c", "approved"), entry("a", "pending"), entry("b", "rejected")); err != nil {
			t.Fatal(err)
		}
		all, err := a.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range all {
			ids = append(ids, e.ID)
		}
		if diff := cmp.Diff([]string{"a", "b", "c"}, ids); diff != "" {
			t.Errorf("All ids (-want +got):\n%s", diff)
		}
		if n, _ := b.Count(ctx); n != 0 {
			t.Errorf("other namespace sees %d entries, want 0", n)
		}
	})
}

// TestGetManyLongList reads more entries than one MGET takes, in several
// chunks at once: in the order asked, without the deleted ones, and a
// chunk that cannot be decoded fails the whole read, naming the entry. No
// ids read nothing, without an error.
func TestGetManyLongList(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kb")
		var es []knowledge.Entry
		for i := range 2345 {
			es = append(es, entry(fmt.Sprintf("e%05d", i), knowledge.StatusApproved))
		}
		if err := s.Put(ctx, es...); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, "e00007", "e01500", "e02344"); err != nil {
			t.Fatal(err)
		}
		all, err := s.All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, e := range es {
			if e.ID != "e00007" && e.ID != "e01500" && e.ID != "e02344" {
				want = append(want, e.ID)
			}
		}
		var got []string
		for _, e := range all {
			got = append(got, e.ID)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("All ids (-want +got):\n%s", diff)
		}
		// In the order asked, deleted ids skipped.
		asked := []string{"e02000", "e00007", "e00001"}
		for i := 2343; i >= 0; i -= 2 {
			asked = append(asked, fmt.Sprintf("e%05d", i))
		}
		many, err := s.GetMany(ctx, asked)
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, e := range many {
			got = append(got, e.ID)
		}
		want = slices.DeleteFunc(slices.Clone(asked), func(id string) bool { return id == "e00007" || id == "e01500" })
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetMany ids (-want +got):\n%s", diff)
		}
		if none, err := s.GetMany(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("GetMany(no ids) = %d entries, %v; want none and no error", len(none), err)
		}
		if err := rdb.Set(ctx, "kb:entry:e01999", "{not json", 0).Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.All(ctx); err == nil || !strings.Contains(err.Error(), "e01999") {
			t.Errorf("All with an undecodable entry = %v, want an error naming e01999", err)
		}
	})
}

func TestSeedIfEmpty(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kb")
		seed := []knowledge.Entry{entry("s1", "approved"), entry("s2", "approved")}
		ok, err := s.SeedIfEmpty(ctx, seed)
		if err != nil || !ok {
			t.Fatalf("first SeedIfEmpty = %v, %v; want true", ok, err)
		}
		ok, err = s.SeedIfEmpty(ctx, []knowledge.Entry{entry("s3", "approved")})
		if err != nil || ok {
			t.Fatalf("second SeedIfEmpty = %v, %v; want false (never seed a non-empty store)", ok, err)
		}
		if n, _ := s.Count(ctx); n != 2 {
			t.Errorf("count = %d, want 2", n)
		}
	})
}

func TestSeedOnceUnderRace(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		var wg sync.WaitGroup
		results := make([]bool, 8)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each "replica" seeds its own distinct content: only one may win.
				s := redisstore.New(rdb, "kb")
				ok, err := s.SeedIfEmpty(ctx, []knowledge.Entry{entry(fmt.Sprintf("r%d", i), "approved")})
				if err != nil {
					t.Error(err)
				}
				results[i] = ok
			}()
		}
		wg.Wait()
		wins := 0
		for _, ok := range results {
			if ok {
				wins++
			}
		}
		if wins != 1 {
			t.Errorf("%d replicas seeded, want exactly 1", wins)
		}
		if n, _ := redisstore.New(rdb, "kb").Count(ctx); n != 1 {
			t.Errorf("count = %d, want 1", n)
		}
	})
}

func TestUpdateIsAtomic(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kb")
		if err := s.Put(ctx, entry("p", knowledge.StatusPending)); err != nil {
			t.Fatal(err)
		}
		// Many concurrent "approve if pending": exactly one may see pending.
		var wg sync.WaitGroup
		var mu sync.Mutex
		decided := 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _, err := s.Update(ctx, "p", func(e *knowledge.Entry) error {
					if e.Status != knowledge.StatusPending {
						return knowledge.Errorf(knowledge.EConflict, "", "already decided")
					}
					e.Status = knowledge.StatusApproved
					return nil
				})
				if err == nil {
					mu.Lock()
					decided++
					mu.Unlock()
				} else if !errors.Is(err, knowledge.ErrConflict) {
					t.Errorf("Update: %v", err)
				}
			}()
		}
		wg.Wait()
		if decided != 1 {
			t.Errorf("%d updates decided, want 1", decided)
		}
		if _, _, err := s.Update(ctx, "nope", func(*knowledge.Entry) error { return nil }); !errors.Is(err, knowledge.ErrNotFound) {
			t.Errorf("Update(missing) = %v, want ErrNotFound", err)
		}
	})
}

func TestChanges(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kb")
		pos, err := s.LastChange(ctx)
		if err != nil || pos != "0" {
			t.Fatalf("LastChange on empty = %q, %v; want 0", pos, err)
		}
		if err := s.Put(ctx, entry("a", "approved"), entry("b", "approved")); err != nil {
			t.Fatal(err)
		}
		if err := s.Delete(ctx, "a"); err != nil {
			t.Fatal(err)
		}
		ch, ok, err := s.Changes(ctx, "0", 0)
		if err != nil || !ok {
			t.Fatalf("Changes = %v, %v", ok, err)
		}
		var ids []string
		for _, c := range ch {
			ids = append(ids, c.ID)
		}
		if diff := cmp.Diff([]string{"a", "b", "a"}, ids); diff != "" {
			t.Errorf("changed ids (-want +got):\n%s", diff)
		}
		last := ch[len(ch)-1].Pos
		if got, _ := s.LastChange(ctx); got != last {
			t.Errorf("LastChange = %s, want %s", got, last)
		}
		// Nothing new: an immediate empty answer.
		more, ok, err := s.Changes(ctx, last, 0)
		if err != nil || !ok || len(more) != 0 {
			t.Errorf("Changes(after last) = %v, %v, %v; want none", more, ok, err)
		}
		// A blocking read wakes on the next change.
		done := make(chan []redisstore.Change)
		go func() {
			c, _, err := s.Changes(ctx, last, 5*time.Second)
			if err != nil {
				t.Error(err)
			}
			done <- c
		}()
		// Write from a second client, as another replica would.
		other := redisstore.New(redis.NewClient(rdb.Options()), "kb")
		if err := other.Put(ctx, entry("c", "approved")); err != nil {
			t.Fatal(err)
		}
		select {
		case c := <-done:
			if len(c) != 1 || c[0].ID != "c" {
				t.Errorf("blocking Changes = %v, want c", c)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("blocking Changes did not wake")
		}
		// A position that no longer exists means: reload everything.
		if err := rdb.Del(ctx, "kb:changes").Err(); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.Changes(ctx, last, 0); err != nil || ok {
			t.Errorf("Changes(after trimmed) ok = %v, %v; want false", ok, err)
		}
	})
}

func TestRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	s := redisstore.New(rdb, "kb")
	srv.Stop()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	err := s.Put(ctx, entry("a", "approved"))
	if err == nil {
		t.Fatal("Put with Redis down succeeded")
	}
	if !strings.Contains(err.Error(), "redisstore: put") {
		t.Errorf("error %q does not say where it failed", err)
	}
}
