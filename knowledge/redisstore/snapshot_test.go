package redisstore_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// TestSnapshots: a snapshot of several chunks reads back byte for byte; a
// new one replaces it in one step while the old one's chunks stay
// readable for a while and then expire; a failed write leaves the current
// one; a deleted one is gone with all its keys.
func TestSnapshots(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbsnap")
		if _, ok, err := s.Snapshot(ctx); ok || err != nil {
			t.Fatalf("Snapshot on an empty store = %v, %v; want none", ok, err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		first := make([]byte, 2<<20+12345) // three chunks, the last short
		for i := range first {
			first[i] = byte(rng.IntN(256))
		}
		m1, err := s.WriteSnapshot(ctx, redisstore.SnapshotMeta{Pos: "1-0", Index: "ix1", Screen: "v1", Entries: 7},
			func(w io.Writer) error {
				// In odd pieces, across chunk boundaries.
				for b := first; len(b) > 0; {
					k := min(len(b), 300001)
					if _, err := w.Write(b[:k]); err != nil {
						return err
					}
					b = b[k:]
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		if m1.Chunks != 3 || m1.Bytes != int64(len(first)) || m1.ID == "" {
			t.Errorf("meta = %+v, want 3 chunks of %d bytes", m1, len(first))
		}
		cur, ok, err := s.Snapshot(ctx)
		if err != nil || !ok || cur.ID != m1.ID || cur.Pos != "1-0" || cur.Index != "ix1" || cur.Screen != "v1" || cur.Entries != 7 {
			t.Fatalf("Snapshot = %+v, %v, %v", cur, ok, err)
		}
		got, err := io.ReadAll(s.OpenSnapshot(ctx, cur))
		if err != nil || !bytes.Equal(got, first) {
			t.Fatalf("read back %d bytes (%v), want %d identical", len(got), err, len(first))
		}
		// The current snapshot's chunks have no TTL.
		for _, k := range keysOf(t, rdb, "kbsnap:snapshot:"+m1.ID+":*") {
			if ttl := rdb.TTL(ctx, k).Val(); ttl != -1 {
				t.Errorf("%s has TTL %v, want none", k, ttl)
			}
		}

		// A write that fails midway changes nothing.
		boom := errors.New("encoder failed")
		if _, err := s.WriteSnapshot(ctx, redisstore.SnapshotMeta{Pos: "2-0"}, func(w io.Writer) error {
			if _, err := w.Write(make([]byte, 1<<20+1)); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("failed write = %v, want %v", err, boom)
		}
		if cur, _, _ := s.Snapshot(ctx); cur.ID != m1.ID {
			t.Errorf("a failed write replaced the snapshot")
		}

		// A replacement: the old chunks stay readable, with a TTL.
		reader := s.OpenSnapshot(ctx, m1)
		m2, err := s.WriteSnapshot(ctx, redisstore.SnapshotMeta{Pos: "3-0"}, func(w io.Writer) error {
			_, err := w.Write([]byte("second"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if cur, _, _ := s.Snapshot(ctx); cur.ID != m2.ID || cur.Chunks != 1 {
			t.Errorf("current = %+v, want the second", cur)
		}
		if old, err := io.ReadAll(reader); err != nil || !bytes.Equal(old, first) {
			t.Errorf("a reader of the replaced snapshot got %d bytes, %v", len(old), err)
		}
		for _, k := range keysOf(t, rdb, "kbsnap:snapshot:"+m1.ID+":*") {
			if ttl := rdb.TTL(ctx, k).Val(); ttl <= 0 {
				t.Errorf("replaced chunk %s has TTL %v, want one", k, ttl)
			}
		}
		// Once they expire, reading the old one says so.
		for _, k := range keysOf(t, rdb, "kbsnap:snapshot:"+m1.ID+":*") {
			rdb.Del(ctx, k)
		}
		if _, err := io.ReadAll(s.OpenSnapshot(ctx, m1)); !errors.Is(err, redisstore.ErrSnapshotGone) {
			t.Errorf("reading an expired snapshot = %v, want ErrSnapshotGone", err)
		}

		if err := s.DeleteSnapshot(ctx); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.Snapshot(ctx); ok {
			t.Errorf("snapshot still there after DeleteSnapshot")
		}
		for _, k := range keysOf(t, rdb, "kbsnap:snapshot:*") {
			if rdb.TTL(ctx, k).Val() == -1 {
				t.Errorf("%s left without a TTL after DeleteSnapshot", k)
			}
		}

		// A damaged meta is no snapshot.
		rdb.Set(ctx, "kbsnap:snapshot:meta", "{not json", 0)
		if _, ok, err := s.Snapshot(ctx); ok || err != nil {
			t.Errorf("damaged meta = %v, %v; want none", ok, err)
		}
	})
}

func keysOf(t *testing.T, rdb *redis.Client, pattern string) []string {
	t.Helper()
	keys, err := rdb.Keys(t.Context(), pattern).Result()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(keys)
	return keys
}
