package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// logBuffer is a slog handler's output that tests can read while an App
// writes to it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// has reports whether a record with msg was logged.
func (l *logBuffer) has(msg string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Contains(l.buf.String(), `"msg":"`+msg+`"`)
}

// reset forgets what was logged.
func (l *logBuffer) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Reset()
}

// loggedApp is appOn with its log kept.
func loggedApp(t *testing.T, rdb *redis.Client, ns string) (*testApp, *logBuffer) {
	t.Helper()
	vocab, err := search.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
	if err != nil {
		t.Fatal(err)
	}
	store := redisstore.New(rdb, ns)
	logs := &logBuffer{}
	app := handlers.New(slog.New(slog.NewJSONHandler(logs, nil)), handlers.Deps{
		Store: store, Index: ix, Screener: privacy.New(privacy.DefaultAllowList()),
	})
	return &testApp{App: app, store: store, rdb: rdb}, logs
}

// TestIndexSnapshots: the first replica builds the index and writes a
// snapshot; the next loads it and replays the changes made since, and
// answers exactly as the first; a snapshot it cannot trust (another
// version, another privacy screen, damaged, or older than the change log)
// is not loaded and it builds instead.
func TestIndexSnapshots(t *testing.T) {
	rdb := redistest.Client(t)
	ctx := t.Context()
	first, firstLog := loggedApp(t, rdb, "kb")
	if _, err := first.EnsureSeeded(ctx); err != nil {
		t.Fatal(err)
	}
	if err := first.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if !firstLog.has("search index built") {
		t.Fatalf("the first replica did not build its index")
	}
	if wrote, err := first.WriteIndexSnapshot(ctx, false); err != nil || !wrote {
		t.Fatalf("first snapshot: wrote %v, %v", wrote, err)
	}
	if wrote, err := first.WriteIndexSnapshot(ctx, true); err != nil || wrote {
		t.Errorf("a snapshot of an unchanged index was written again (%v)", err)
	}
	meta, ok, err := first.store.Snapshot(ctx)
	if err != nil || !ok || meta.Screen != privacy.Version || meta.Entries == 0 {
		t.Fatalf("snapshot meta %+v, %v, %v", meta, ok, err)
	}

	// A change after the snapshot: replayed by the next replica.
	added := knowledge.Entry{
		ID: "pilot-snapshot-otter", Kind: knowledge.KindPilot, Status: knowledge.StatusApproved,
		Title: "Otter triage pilot in podiatry", Summary: "Podiatry triaged otter wound photos with AI.",
		OrgType: knowledge.OrgCommunity, Outcome: knowledge.OutcomeSuccess,
	}
	if err := first.store.Put(ctx, added); err != nil {
		t.Fatal(err)
	}
	if err := first.SyncIndex(ctx); err != nil {
		t.Fatal(err)
	}
	questions := []string{"otter wound photos in podiatry", "what do I need before a DPIA",
		"has anyone piloted an ambient scribe in primary care?", "where is the canteen"}
	second, secondLog := loggedApp(t, rdb, "kb")
	if err := second.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if !secondLog.has("search index loaded from snapshot") {
		t.Errorf("the second replica did not load the snapshot")
	}
	for _, q := range questions {
		a, b := first.ask(t, q), second.ask(t, q)
		if !slices.Equal(sourceIDs(a), sourceIDs(b)) || a.Confidence != b.Confidence {
			t.Errorf("%q: built %v %s, loaded %v %s", q, sourceIDs(a), a.Confidence, sourceIDs(b), b.Confidence)
		}
	}
	if got := sourceIDs(second.ask(t, questions[0])); len(got) == 0 || got[0] != added.ID {
		t.Errorf("a change made after the snapshot was not replayed: %v", got)
	}

	// The index moved on: a forced write (or an old snapshot) records it.
	if wrote, err := first.WriteIndexSnapshot(ctx, true); err != nil || !wrote {
		t.Errorf("forced snapshot after a change: wrote %v, %v", wrote, err)
	}
	if m, _, _ := first.store.Snapshot(ctx); m.ID == meta.ID || m.Pos == meta.Pos {
		t.Errorf("snapshot not replaced: %+v", m)
	}

	untrusted := []struct {
		name string
		harm func(t *testing.T)
	}{
		{"another version", func(t *testing.T) { rewriteMeta(t, rdb, func(m *redisstore.SnapshotMeta) { m.Index = "other" }) }},
		{"another privacy screen", func(t *testing.T) { rewriteMeta(t, rdb, func(m *redisstore.SnapshotMeta) { m.Screen = "2020-01-01" }) }},
		{"a lost chunk", func(t *testing.T) {
			m, _, _ := first.store.Snapshot(ctx)
			rdb.Del(ctx, fmt.Sprintf("kb:snapshot:%s:0", m.ID))
		}},
		{"a damaged chunk", func(t *testing.T) {
			m, _, _ := first.store.Snapshot(ctx)
			rdb.SetRange(ctx, fmt.Sprintf("kb:snapshot:%s:0", m.ID), 20, "garbage garbage garbage")
		}},
		{"older than the change log", func(t *testing.T) {
			rdb.XTrimMaxLen(ctx, "kb:changes", 0)
			if err := first.store.Put(ctx, added); err != nil { // a change the log holds
				t.Fatal(err)
			}
		}},
	}
	for _, u := range untrusted {
		t.Run(u.name, func(t *testing.T) {
			if wrote, err := first.WriteIndexSnapshot(ctx, true); err != nil {
				t.Fatal(err)
			} else if _, ok, _ := first.store.Snapshot(ctx); !ok {
				t.Fatalf("no snapshot to harm (wrote %v)", wrote)
			}
			if err := first.SyncIndex(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := first.WriteIndexSnapshot(ctx, true); err != nil {
				t.Fatal(err)
			}
			u.harm(t)
			r, log := loggedApp(t, rdb, "kb")
			if err := r.LoadIndex(ctx); err != nil {
				t.Fatal(err)
			}
			if !log.has("search index built") {
				t.Errorf("it did not build")
			}
			for _, q := range questions {
				if a, b := first.ask(t, q), r.ask(t, q); !slices.Equal(sourceIDs(a), sourceIDs(b)) {
					t.Errorf("%q: %v, want %v", q, sourceIDs(b), sourceIDs(a))
				}
			}
			// And it writes a good one over it.
			if wrote, err := r.WriteIndexSnapshot(ctx, false); err != nil || !wrote {
				t.Errorf("no snapshot written over an unusable one: %v, %v", wrote, err)
			}
		})
	}
}

func rewriteMeta(t *testing.T, rdb *redis.Client, change func(*redisstore.SnapshotMeta)) {
	t.Helper()
	b, err := rdb.Get(t.Context(), "kb:snapshot:meta").Bytes()
	if err != nil {
		t.Fatal(err)
	}
	var m redisstore.SnapshotMeta
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	change(&m)
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	rdb.Set(t.Context(), "kb:snapshot:meta", b, 0)
}

// TestImportIntoARunningReplica: a replica following the change log takes
// an import of hundreds of entries by patching them in (no second index
// beside the first), then refreshes, and answers as a replica that built
// from scratch, confidence and all.
func TestImportIntoARunningReplica(t *testing.T) {
	rdb := redistest.Client(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	running, log := loggedApp(t, rdb, "kb")
	if _, err := running.EnsureSeeded(ctx); err != nil {
		t.Fatal(err)
	}
	if err := running.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}
	log.reset()
	followed := make(chan struct{})
	go func() {
		defer close(followed)
		running.FollowChanges(ctx)
	}()
	more, err := searchtest.Entries(400, searchtest.Seed)
	if err != nil {
		t.Fatal(err)
	}
	for lo := 0; lo < len(more); lo += 100 {
		if err := running.store.Put(ctx, more[lo:lo+100]...); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(30 * time.Second)
	for !log.has("search index refreshed") {
		if time.Now().After(deadline) {
			t.Fatal("no refresh 30 s after the import")
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	if log.has("search index built") {
		t.Errorf("the running replica built a second index for the import")
	}
	fresh, _ := loggedApp(t, rdb, "kb")
	if err := fresh.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"what do I need before a DPIA", "chatbot for outpatient letters",
		"has anyone piloted an ambient scribe in primary care?", "where is the canteen"} {
		a, b := running.ask(t, q), fresh.ask(t, q)
		if !slices.Equal(sourceIDs(a), sourceIDs(b)) || a.Confidence != b.Confidence {
			t.Errorf("%q: refreshed %v %s, built %v %s", q, sourceIDs(a), a.Confidence, sourceIDs(b), b.Confidence)
		}
	}
	cancel()
	<-followed
}
