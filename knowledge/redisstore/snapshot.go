package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Search index snapshots: one process builds the index and writes it here;
// every other process that opens the knowledge base loads it and replays
// the change log from the position it covers, instead of rebuilding. A
// snapshot is written in chunks under a fresh id, and becomes current only
// when the meta key is switched to it, in one step; a reader that started
// on the previous one can finish, because the previous chunks expire
// rather than vanish.
const (
	// snapshotChunk is the size of one chunk: small enough that no single
	// Redis command blocks the server for long.
	snapshotChunk = 1 << 20
	// snapshotGrace is how long a replaced snapshot's chunks stay for
	// readers that started on it.
	snapshotGrace = 10 * time.Minute
	// snapshotReadAhead is how many chunks a reader fetches in one round
	// trip.
	snapshotReadAhead = 8
)

// ErrSnapshotGone says a snapshot's chunks were missing (it was replaced
// more than snapshotGrace ago, or deleted): read the meta again or
// rebuild.
var ErrSnapshotGone = errors.New("redisstore: snapshot chunks missing")

// SnapshotMeta describes the current snapshot. Pos is the change-log
// position its index covers; Index and Screen are what the writer's
// search index and privacy screen were (a reader with others rebuilds).
type SnapshotMeta struct {
	ID      string    `json:"id"`
	Pos     string    `json:"pos"`
	Index   string    `json:"index"`
	Screen  string    `json:"screen"`
	Entries int       `json:"entries"`
	Bytes   int64     `json:"bytes"`
	Chunks  int       `json:"chunks"`
	Written time.Time `json:"written"`
}

func (s *Store) snapshotMetaKey() string { return s.key("snapshot", "meta") }
func (s *Store) snapshotChunkKey(id string, n int) string {
	return s.key("snapshot", id, strconv.Itoa(n))
}

// Snapshot returns the current snapshot's meta, and false when there is
// none.
func (s *Store) Snapshot(ctx context.Context) (SnapshotMeta, bool, error) {
	b, err := s.rdb.Get(ctx, s.snapshotMetaKey()).Bytes()
	if errors.Is(err, redis.Nil) {
		return SnapshotMeta{}, false, nil
	}
	if err != nil {
		return SnapshotMeta{}, false, fmt.Errorf("redisstore: snapshot meta: %w", err)
	}
	var m SnapshotMeta
	if err := json.Unmarshal(b, &m); err != nil || m.ID == "" || m.Chunks < 0 {
		// A damaged meta is no snapshot: the caller rebuilds and writes
		// a new one over it.
		return SnapshotMeta{}, false, nil
	}
	return m, true, nil
}

// WriteSnapshot stores a new snapshot, written by write, and makes it the
// current one with meta (its ID, Chunks, Bytes and Written are set here).
// The previous snapshot's chunks expire after a grace period. If anything
// fails, the current snapshot stays, and the chunks written so far expire
// on their own (each is written with a TTL, lifted at the switch).
func (s *Store) WriteSnapshot(ctx context.Context, meta SnapshotMeta, write func(io.Writer) error) (SnapshotMeta, error) {
	var raw [8]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return meta, fmt.Errorf("redisstore: snapshot id: %w", err)
	}
	meta.ID = hex.EncodeToString(raw[:])
	w := &chunkWriter{ctx: ctx, s: s, id: meta.ID, buf: make([]byte, 0, snapshotChunk)}
	if err := write(w); err != nil {
		return meta, fmt.Errorf("redisstore: write snapshot: %w", err)
	}
	if err := w.flush(); err != nil {
		return meta, err
	}
	meta.Chunks, meta.Bytes, meta.Written = w.n, w.total, time.Now().UTC()
	b, err := json.Marshal(meta)
	if err != nil {
		return meta, fmt.Errorf("redisstore: snapshot meta: %w", err)
	}
	old, hadOld, err := s.Snapshot(ctx)
	if err != nil {
		return meta, err
	}
	if _, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, s.snapshotMetaKey(), b, 0)
		// Chunks were written with a TTL so that an abandoned write
		// leaves nothing behind; the current snapshot's are kept.
		for n := range w.n {
			p.Persist(ctx, s.snapshotChunkKey(meta.ID, n))
		}
		if hadOld && old.ID != meta.ID {
			for n := range old.Chunks {
				p.Expire(ctx, s.snapshotChunkKey(old.ID, n), snapshotGrace)
			}
		}
		return nil
	}); err != nil {
		return meta, fmt.Errorf("redisstore: switch snapshot: %w", err)
	}
	return meta, nil
}

// DeleteSnapshot removes the current snapshot (after the privacy
// migration rewrote entries it holds, or by hand): the next start
// rebuilds.
func (s *Store) DeleteSnapshot(ctx context.Context) error {
	m, ok, err := s.Snapshot(ctx)
	if err != nil || !ok {
		if err == nil {
			err = s.rdb.Del(ctx, s.snapshotMetaKey()).Err()
		}
		return err
	}
	keys := []string{s.snapshotMetaKey()}
	for n := range m.Chunks {
		keys = append(keys, s.snapshotChunkKey(m.ID, n))
	}
	for len(keys) > 0 {
		batch := keys[:min(len(keys), 500)]
		keys = keys[len(batch):]
		if err := s.rdb.Del(ctx, batch...).Err(); err != nil {
			return fmt.Errorf("redisstore: delete snapshot: %w", err)
		}
	}
	return nil
}

// OpenSnapshot returns a reader of the snapshot meta describes, fetching
// its chunks a few at a time as it is read. A missing chunk reads as
// ErrSnapshotGone.
func (s *Store) OpenSnapshot(ctx context.Context, meta SnapshotMeta) io.Reader {
	return &chunkReader{ctx: ctx, s: s, meta: meta}
}

// chunkWriter stores what is written as chunks of snapshotChunk bytes,
// each with a TTL until the snapshot is switched in.
type chunkWriter struct {
	ctx   context.Context
	s     *Store
	id    string
	buf   []byte
	n     int
	total int64
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		k := min(len(p), snapshotChunk-len(w.buf))
		w.buf = append(w.buf, p[:k]...)
		p, written = p[k:], written+k
		if len(w.buf) == snapshotChunk {
			if err := w.flush(); err != nil {
				return written, err
			}
		}
	}
	return written, nil
}

func (w *chunkWriter) flush() error {
	if len(w.buf) == 0 {
		return nil
	}
	if err := w.s.rdb.Set(w.ctx, w.s.snapshotChunkKey(w.id, w.n), w.buf, snapshotGrace).Err(); err != nil {
		return fmt.Errorf("redisstore: write snapshot chunk %d: %w", w.n, err)
	}
	w.n++
	w.total += int64(len(w.buf))
	w.buf = w.buf[:0]
	return nil
}

// chunkReader reads a snapshot's chunks in order.
type chunkReader struct {
	ctx   context.Context
	s     *Store
	meta  SnapshotMeta
	next  int
	ahead [][]byte
	cur   []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if len(r.ahead) > 0 {
			r.cur, r.ahead = r.ahead[0], r.ahead[1:]
			continue
		}
		if r.next >= r.meta.Chunks {
			return 0, io.EOF
		}
		if err := r.fetch(); err != nil {
			return 0, err
		}
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}

// fetch reads the next few chunks in one round trip.
func (r *chunkReader) fetch() error {
	end := min(r.next+snapshotReadAhead, r.meta.Chunks)
	keys := make([]string, 0, end-r.next)
	for n := r.next; n < end; n++ {
		keys = append(keys, r.s.snapshotChunkKey(r.meta.ID, n))
	}
	cmds, err := r.s.rdb.Pipelined(r.ctx, func(p redis.Pipeliner) error {
		for _, k := range keys {
			p.Get(r.ctx, k)
		}
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("redisstore: read snapshot: %w", err)
	}
	for _, c := range cmds {
		b, err := c.(*redis.StringCmd).Bytes()
		if errors.Is(err, redis.Nil) {
			return ErrSnapshotGone
		}
		if err != nil {
			return fmt.Errorf("redisstore: read snapshot: %w", err)
		}
		r.ahead = append(r.ahead, b)
	}
	r.next = end
	return nil
}
