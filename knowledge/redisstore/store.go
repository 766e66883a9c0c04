// Package redisstore is kbbot's only store, on go-redis: knowledge entries
// and their status indexes, the change log every replica's search index
// follows, and the small records the use cases keep (event claims, threads,
// answers, gaps, feedback, experts, submissions, the audit log, scheduled
// jobs and locks). Every key starts with the namespace; keys.go lists every
// key with its type, TTL and writer. Multi-key changes are transactions
// (MULTI/EXEC, with WATCH where a read decides the write), so an entry and
// its indexes change together or not at all.
//
// It works on any redis.UniversalClient: a server, Sentinel, Cluster (with
// a {hash-tagged} namespace) or the embedded miniredis (embedded.go).
package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Store is kbbot's only store: entries, their status indexes and the change
// log, plus (in other files) event claims, gaps, experts, the audit log and
// scheduled jobs. It works on any go-redis client: a real server, a
// Sentinel or Cluster setup through redis.UniversalClient, or the embedded
// miniredis.
type Store struct {
	rdb redis.UniversalClient
	ns  string
	now func() time.Time
}

// Option configures a Store.
type Option func(*Store)

// WithClock replaces time.Now, for tests of dates and schedules.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// New returns a Store whose keys all start with namespace + ":". Set the
// namespace to "{kb}" on Redis Cluster so every key hashes to one slot and
// transactions work.
func New(rdb redis.UniversalClient, namespace string, opts ...Option) *Store {
	s := &Store{rdb: rdb, ns: namespace, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

// changeLogLen bounds the change stream. A replica that falls further
// behind than this rebuilds its index from scratch instead of replaying.
const changeLogLen = 10000

// key builds a namespaced key.
func (s *Store) key(parts ...string) string {
	return s.ns + ":" + strings.Join(parts, ":")
}

func (s *Store) entryKey(id string) string { return s.key("entry", id) }
func (s *Store) idsKey() string            { return s.key("ids") }
func (s *Store) statusKey(st knowledge.Status) string {
	return s.key("status", string(st))
}
func (s *Store) changesKey() string { return s.key("changes") }

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("redisstore: ping: %w", err)
	}
	return nil
}

// Get returns the entry with the given id, or an error matching
// knowledge.ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (knowledge.Entry, error) {
	b, err := s.rdb.Get(ctx, s.entryKey(id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return knowledge.Entry{}, knowledge.Errorf(knowledge.ENotFound, "", "no entry %q", id)
	}
	if err != nil {
		return knowledge.Entry{}, fmt.Errorf("redisstore: get %s: %w", id, err)
	}
	return decode(id, b)
}

// GetMany returns the entries with the given ids, in that order, skipping
// ids that no longer exist. A long list is read in chunks by a few readers
// at once, so that decoding one chunk overlaps reading the next (an
// export of 50,000 entries spent most of its time waiting on one or the
// other).
func (s *Store) GetMany(ctx context.Context, ids []string) ([]knowledge.Entry, error) {
	const chunk, readers = 500, 4
	if len(ids) == 0 {
		return nil, nil // MGET takes at least one key
	}
	if len(ids) <= chunk {
		return s.getChunk(ctx, ids)
	}
	parts := make([][]knowledge.Entry, (len(ids)+chunk-1)/chunk)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	var first error // the first failure; the reads it cancels say less
	parallel(readers, len(parts), func(i int) {
		if ctx.Err() != nil {
			return
		}
		part, err := s.getChunk(ctx, ids[i*chunk:min((i+1)*chunk, len(ids))])
		if err != nil {
			mu.Lock()
			if first == nil {
				first = err
			}
			mu.Unlock()
			cancel()
			return
		}
		parts[i] = part
	})
	if first == nil {
		first = ctx.Err() // the caller's context ended before every chunk was read
	}
	if first != nil {
		return nil, first
	}
	out := make([]knowledge.Entry, 0, len(ids))
	for _, p := range parts {
		out = append(out, p...)
	}
	return out, nil
}

// parallel runs f(0)…f(n-1) on at most workers goroutines.
func parallel(workers, n int, f func(i int)) {
	workers = min(workers, n)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// getChunk reads ids with one MGET.
func (s *Store) getChunk(ctx context.Context, ids []string) ([]knowledge.Entry, error) {
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = s.entryKey(id)
	}
	vals, err := s.rdb.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: get %d entries: %w", len(ids), err)
	}
	out := make([]knowledge.Entry, 0, len(ids))
	for i, v := range vals {
		str, ok := v.(string)
		if !ok {
			continue // deleted between listing and reading
		}
		e, err := decode(ids[i], []byte(str))
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// All returns every entry, whatever its status, sorted by id.
func (s *Store) All(ctx context.Context) ([]knowledge.Entry, error) {
	ids, err := s.rdb.ZRange(ctx, s.idsKey(), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: list ids: %w", err)
	}
	return s.GetMany(ctx, ids)
}

// ByStatus returns the entries with the given status, oldest status change
// first (so the moderation queue reads oldest first). newestFirst reverses it.
func (s *Store) ByStatus(ctx context.Context, st knowledge.Status, limit int, newestFirst bool) ([]knowledge.Entry, error) {
	stop := int64(-1)
	if limit > 0 {
		stop = int64(limit - 1)
	}
	var ids []string
	var err error
	if newestFirst {
		ids, err = s.rdb.ZRevRange(ctx, s.statusKey(st), 0, stop).Result()
	} else {
		ids, err = s.rdb.ZRange(ctx, s.statusKey(st), 0, stop).Result()
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: list %s: %w", st, err)
	}
	return s.GetMany(ctx, ids)
}

// PageByStatus returns up to limit entries with the given status, oldest
// status change first, skipping the first offset, and how many have that
// status in all: one page of the moderation queue. The count and the page
// are read in one transaction, so they agree.
func (s *Store) PageByStatus(ctx context.Context, st knowledge.Status, offset, limit int) ([]knowledge.Entry, int, error) {
	var ids *redis.StringSliceCmd
	var total *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		total = p.ZCard(ctx, s.statusKey(st))
		ids = p.ZRange(ctx, s.statusKey(st), int64(offset), int64(offset+limit-1))
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("redisstore: page %s: %w", st, err)
	}
	entries, err := s.GetMany(ctx, ids.Val())
	return entries, int(total.Val()), err
}

// CountByStatus returns how many entries have each status.
func (s *Store) CountByStatus(ctx context.Context) (map[knowledge.Status]int, error) {
	pipe := s.rdb.Pipeline()
	cmds := map[knowledge.Status]*redis.IntCmd{}
	for _, st := range knowledge.Statuses() {
		cmds[st] = pipe.ZCard(ctx, s.statusKey(st))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("redisstore: count by status: %w", err)
	}
	out := map[knowledge.Status]int{}
	for st, c := range cmds {
		out[st] = int(c.Val())
	}
	return out, nil
}

// Count returns the number of entries of any status.
func (s *Store) Count(ctx context.Context) (int, error) {
	n, err := s.rdb.ZCard(ctx, s.idsKey()).Result()
	if err != nil {
		return 0, fmt.Errorf("redisstore: count: %w", err)
	}
	return int(n), nil
}

// Put creates or replaces entries in one transaction: each entry, its place
// in the status indexes and a change record are written together or not at
// all. Entries must already be validated.
func (s *Store) Put(ctx context.Context, entries ...knowledge.Entry) error {
	if len(entries) == 0 {
		return nil
	}
	payloads, err := encodeAll(entries)
	if err != nil {
		return err
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		s.queuePut(ctx, p, entries, payloads)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: put %d entries: %w", len(entries), err)
	}
	return nil
}

// queuePut adds the commands that write entries to a transaction.
func (s *Store) queuePut(ctx context.Context, p redis.Pipeliner, entries []knowledge.Entry, payloads [][]byte) {
	now := float64(s.now().UnixMilli())
	for i, e := range entries {
		p.Set(ctx, s.entryKey(e.ID), payloads[i], 0)
		p.ZAdd(ctx, s.idsKey(), redis.Z{Score: 0, Member: e.ID})
		for _, st := range knowledge.Statuses() {
			if st != e.Status {
				p.ZRem(ctx, s.statusKey(st), e.ID)
			}
		}
		// Keep the original time when the status is unchanged, so the
		// queue's order is the order of submission.
		p.ZAddArgs(ctx, s.statusKey(e.Status), redis.ZAddArgs{NX: true, Members: []redis.Z{{Score: now, Member: e.ID}}})
		s.queueChange(ctx, p, e.ID)
	}
}

// queueChange records that id changed, for every replica's search index.
func (s *Store) queueChange(ctx context.Context, p redis.Pipeliner, id string) {
	p.XAdd(ctx, &redis.XAddArgs{
		Stream: s.changesKey(),
		MaxLen: changeLogLen,
		Approx: true,
		Values: []string{"id", id},
	})
}

// Delete removes entries and their index records in one transaction.
func (s *Store) Delete(ctx context.Context, ids ...string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for _, id := range ids {
			p.Del(ctx, s.entryKey(id))
			p.ZRem(ctx, s.idsKey(), id)
			for _, st := range knowledge.Statuses() {
				p.ZRem(ctx, s.statusKey(st), id)
			}
			s.queueChange(ctx, p, id)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: delete %d entries: %w", len(ids), err)
	}
	return nil
}

// SeedIfEmpty writes entries only if the knowledge base holds no entry at
// all, and reports whether it did. Several replicas starting together seed
// once: the emptiness check and the write are one optimistic transaction on
// the id index, so a racing replica's write aborts ours and we look again.
func (s *Store) SeedIfEmpty(ctx context.Context, entries []knowledge.Entry) (bool, error) {
	payloads, err := encodeAll(entries)
	if err != nil {
		return false, err
	}
	seeded := false
	txf := func(tx *redis.Tx) error {
		n, err := tx.ZCard(ctx, s.idsKey()).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			seeded = false
			return nil
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			s.queuePut(ctx, p, entries, payloads)
			return nil
		})
		seeded = err == nil
		return err
	}
	for range 5 {
		err = s.rdb.Watch(ctx, txf, s.idsKey())
		if !errors.Is(err, redis.TxFailedErr) {
			break
		}
	}
	if err != nil {
		return false, fmt.Errorf("redisstore: seed: %w", err)
	}
	return seeded, nil
}

// Update reads an entry, lets change edit it, and writes it back, atomically:
// if the entry changes in between (another moderator, another replica), the
// read is repeated and change runs again on the fresh copy. change returns an
// error to abort without writing (a *knowledge.Error passes through as is).
// It returns the entry as it was before and as written.
func (s *Store) Update(ctx context.Context, id string, change func(*knowledge.Entry) error) (before, after knowledge.Entry, err error) {
	txf := func(tx *redis.Tx) error {
		b, err := tx.Get(ctx, s.entryKey(id)).Bytes()
		if errors.Is(err, redis.Nil) {
			return knowledge.Errorf(knowledge.ENotFound, "", "no entry %q", id)
		}
		if err != nil {
			return err
		}
		if before, err = decode(id, b); err != nil {
			return err
		}
		after = before.Clone()
		if err := change(&after); err != nil {
			return err
		}
		after.ID = id
		payload, err := json.Marshal(after)
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			s.queuePut(ctx, p, []knowledge.Entry{after}, [][]byte{payload})
			return nil
		})
		return err
	}
	for range 10 {
		err = s.rdb.Watch(ctx, txf, s.entryKey(id))
		if !errors.Is(err, redis.TxFailedErr) {
			break
		}
	}
	var ke *knowledge.Error
	if errors.As(err, &ke) {
		return before, after, err
	}
	if err != nil {
		return before, after, fmt.Errorf("redisstore: update %s: %w", id, err)
	}
	return before, after, nil
}

// Change is one record of the change log: entry ID changed at stream
// position Pos.
type Change struct {
	Pos string
	ID  string
}

// Changes returns the changes after position after ("0" for all), waiting up
// to block for the first one when there are none yet (0: do not wait). The
// second result is false when the record at after has been trimmed from the
// log (or the log was reset), so the caller must reload everything rather
// than replay.
func (s *Store) Changes(ctx context.Context, after string, block time.Duration) ([]Change, bool, error) {
	if after == "" {
		after = "0"
	}
	if after != "0" {
		// Stream ids only grow and trimming drops the oldest, so if our
		// last position is gone, so may be records we never saw.
		here, err := s.rdb.XRangeN(ctx, s.changesKey(), after, after, 1).Result()
		if err != nil {
			return nil, false, fmt.Errorf("redisstore: read changes: %w", err)
		}
		if len(here) == 0 {
			return nil, false, nil
		}
	}
	args := &redis.XReadArgs{Streams: []string{s.changesKey(), after}, Count: 1000, Block: -1}
	if block > 0 {
		args.Block = block
	}
	streams, err := s.rdb.XRead(ctx, args).Result()
	if errors.Is(err, redis.Nil) {
		return nil, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("redisstore: read changes: %w", err)
	}
	var out []Change
	for _, st := range streams {
		for _, m := range st.Messages {
			id, _ := m.Values["id"].(string)
			out = append(out, Change{Pos: m.ID, ID: id})
		}
	}
	return out, true, nil
}

// LastChange returns the newest change position, "0" for an empty log. A
// reader that loads everything first and then follows from this position
// misses nothing.
func (s *Store) LastChange(ctx context.Context) (string, error) {
	msgs, err := s.rdb.XRevRangeN(ctx, s.changesKey(), "+", "-", 1).Result()
	if err != nil {
		return "", fmt.Errorf("redisstore: last change: %w", err)
	}
	if len(msgs) == 0 {
		return "0", nil
	}
	return msgs[0].ID, nil
}

func encodeAll(entries []knowledge.Entry) ([][]byte, error) {
	out := make([][]byte, len(entries))
	for i, e := range entries {
		if e.ID == "" {
			return nil, knowledge.Errorf(knowledge.EInvalid, "id", "required")
		}
		b, err := json.Marshal(e)
		if err != nil {
			return nil, fmt.Errorf("redisstore: encode %s: %w", e.ID, err)
		}
		out[i] = b
	}
	return out, nil
}

func decode(id string, b []byte) (knowledge.Entry, error) {
	var e knowledge.Entry
	if err := json.Unmarshal(b, &e); err != nil {
		return knowledge.Entry{}, fmt.Errorf("redisstore: decode %s: %w", id, err)
	}
	return e, nil
}

// Existing reports which of ids already have an entry.
func (s *Store) Existing(ctx context.Context, ids []string) (map[string]bool, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.IntCmd, len(ids))
	for i, id := range ids {
		cmds[i] = pipe.Exists(ctx, s.entryKey(id))
	}
	if len(ids) > 0 {
		if _, err := pipe.Exec(ctx); err != nil {
			return nil, fmt.Errorf("redisstore: check %d ids: %w", len(ids), err)
		}
	}
	out := make(map[string]bool, len(ids))
	for i, c := range cmds {
		if c.Val() > 0 {
			out[ids[i]] = true
		}
	}
	return out, nil
}
