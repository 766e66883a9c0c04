package redisstore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// The privacy migration: once per version of the privacy screen, every
// value kbbot keeps in Redis is screened again and what the screen flags is
// redacted or removed, so a deployment that stored text under an older,
// weaker screen is cleaned too. `kbbot serve` runs it at start-up, before
// it serves; the read-only commands never do.
//
// It works on the layout by Redis type, not by record type: every key
// under the namespace is SCANned in batches, key names are screened, and
// then strings, list elements, set and sorted-set members, hash fields and
// values, and stream entries are screened as values (redact.go). A record
// kind added later is covered without code. What it does with a finding:
//
//   - a key whose name holds flagged text is deleted; an entry through the
//     store (Delete), so its indexes and the change log follow;
//   - a record that is only the text a person wrote (deleteWhenFlagged: a
//     thread's first question, a gap, a cached summary), a plain set or
//     sorted-set member (an id) and a stream entry are deleted;
//   - any other record is kept with each flagged span replaced by Marker;
//     an entry's change goes through the change log like any edit.
//
// Each write checks that the value is still the one that was screened (a
// script or WATCH), so a run racing live traffic, or another run, never
// overwrites a newer value; a run stopped half way is simply run again.
// The version done is kept in Redis (privacy:screened), and a lock makes
// one replica do the work while the others wait for it.

// scrubDoneKey holds the screen version the stored data was last cleaned
// with; scrubLock is the lock the cleaning replica holds.
const (
	scrubDoneKey = "privacy:screened"
	scrubLock    = "privacy-scrub"
)

// scrubLockTTL is how long the lock outlives a replica that died holding
// it; the holder renews it every third of that.
const scrubLockTTL = 30 * time.Second

// deleteWhenFlagged reports whether a record of kind is nothing but the
// text a person wrote, so that a record holding an identifier is deleted
// rather than redacted: a thread (who asked and the first question), a gap
// (a question that found nothing and a reason) and a cached AI summary.
func deleteWhenFlagged(kind string) bool {
	switch kind {
	case string(KindThread), string(KindSummary), "list:" + string(ListGaps):
		return true
	}
	return false
}

// ScrubConfig says which screen version to clean with and how.
type ScrubConfig struct {
	// Version names the privacy screen. Scrub does nothing when the
	// stored data was already cleaned with this version.
	Version string
	// Batch is how many keys, elements or members one round trip reads
	// (default 1000).
	Batch int
	// Workers screen values in parallel (default GOMAXPROCS).
	Workers int
	// Wait is how often a replica waiting for another's run looks again
	// (default 500 ms).
	Wait time.Duration
	// Progress, when set, is called after each batch of keys with how
	// many have been scanned.
	Progress func(keys int)
}

// ScrubCount is what a privacy migration did to the records of one kind.
type ScrubCount struct {
	// Checked records (keys, or elements and members of a collection),
	// Redacted (kept with markers) and Deleted.
	Checked, Redacted, Deleted int
}

// ScrubReport says what a privacy migration did, in counts only: it never
// holds a value, so it is safe to log and export as metrics.
type ScrubReport struct {
	Version string
	// Ran is false when the data had already been cleaned with Version
	// (by this replica or another) and nothing was read.
	Ran bool
	// Keys is how many keys were scanned.
	Keys int
	// Kinds counts by record kind: the first part of a key after the
	// namespace ("entry", "thread", "audit"), or two for lists and sets
	// ("list:gaps", "set:author").
	Kinds map[string]ScrubCount
	// Found counts the identifiers redacted or deleted, by kind; a record
	// deleted for its key name or id counts under the kind that flagged it.
	Found map[privacy.Kind]int
	// InvalidEntries are the ids of entries that no longer pass validation
	// after redaction (a title made too long by its marker, say): a
	// moderator should edit them.
	InvalidEntries []string
	Elapsed        time.Duration
}

// ScrubbedVersion returns the screen version the stored data was last
// cleaned with, "" if never.
func (s *Store) ScrubbedVersion(ctx context.Context) (string, error) {
	v, err := s.rdb.Get(ctx, s.key(scrubDoneKey)).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redisstore: read privacy screen version: %w", err)
	}
	return v, nil
}

// Scrub is the privacy migration (see the top of this file): unless the
// stored data was already cleaned with cfg.Version, it screens every key
// under the namespace with sc and redacts or deletes what sc flags, then
// records the version. Replicas that start together clean once: one holds
// the lock and the others wait until it has finished (or died, when the
// lock expires and the next one takes over). An error, ctx's included,
// leaves the version unrecorded, so the next start runs it again.
func (s *Store) Scrub(ctx context.Context, sc *privacy.Screener, cfg ScrubConfig) (ScrubReport, error) {
	if cfg.Version == "" {
		return ScrubReport{}, errors.New("redisstore: scrub: no screen version")
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 1000
	}
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 500 * time.Millisecond
	}
	rep := ScrubReport{Version: cfg.Version, Kinds: map[string]ScrubCount{}, Found: map[privacy.Kind]int{}}
	start := time.Now()

	token, done, err := s.scrubTurn(ctx, cfg)
	if err != nil || done {
		return rep, err
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = s.Unlock(uctx, scrubLock, token) // it expires anyway
	}()
	stopRenew := s.renewLock(ctx, scrubLock, token, scrubLockTTL)
	defer stopRenew()

	// A search index snapshot holds entries as they were when it was
	// written, compressed (it cannot be screened in place): it goes, and
	// the next start builds the index from the screened entries.
	if err := s.DeleteSnapshot(ctx); err != nil {
		return rep, err
	}
	r := &scrubRun{s: s, sc: sc, cfg: cfg, rep: &rep, prefix: s.ns + ":", deleted: map[string]bool{}}
	for _, phase := range []func(context.Context) error{r.entryIDs, r.allKeys, r.allStreams} {
		if err := phase(ctx); err != nil {
			return rep, err
		}
	}
	if err := s.rdb.Set(ctx, s.key(scrubDoneKey), cfg.Version, 0).Err(); err != nil {
		return rep, fmt.Errorf("redisstore: record privacy screen version: %w", err)
	}
	rep.Ran = true
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// scrubTurn waits until this replica holds the scrub lock, returning its
// token, or until the version is done (done true).
func (s *Store) scrubTurn(ctx context.Context, cfg ScrubConfig) (token string, done bool, err error) {
	t := time.NewTimer(cfg.Wait)
	t.Stop()
	for {
		v, err := s.ScrubbedVersion(ctx)
		if err != nil {
			return "", false, err
		}
		if v == cfg.Version {
			return "", true, nil
		}
		token, ok, err := s.TryLock(ctx, scrubLock, scrubLockTTL)
		if err != nil {
			return "", false, err
		}
		if ok {
			// Another replica may have finished between the look and
			// the lock.
			if v, err = s.ScrubbedVersion(ctx); err != nil || v == cfg.Version {
				_ = s.Unlock(ctx, scrubLock, token)
				return "", err == nil, err
			}
			return token, false, nil
		}
		t.Reset(cfg.Wait)
		select {
		case <-ctx.Done():
			return "", false, fmt.Errorf("redisstore: scrub: waiting for another replica's run: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// renewLock keeps a lock taken with token alive until the returned stop is
// called. A lock lost all the same (a long pause) costs only a second run
// alongside: every write checks the value it replaces.
func (s *Store) renewLock(ctx context.Context, name, token string, ttl time.Duration) (stop func()) {
	const script = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("PEXPIRE", KEYS[1], ARGV[2]) else return 0 end`
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				_ = s.rdb.Eval(ctx, script, []string{s.key("lock", name)}, token, ttl.Milliseconds()).Err()
			}
		}
	})
	return func() { close(quit); wg.Wait() }
}

// scrubRun is one run of the migration.
type scrubRun struct {
	s       *Store
	sc      *privacy.Screener
	cfg     ScrubConfig
	rep     *ScrubReport
	prefix  string          // the namespace and its colon
	streams []string        // stream keys, screened last
	deleted map[string]bool // entry ids deleted in this run
}

// count adds to the counts of kind.
func (r *scrubRun) count(kind string, checked, redacted, deleted int) {
	c := r.rep.Kinds[kind]
	c.Checked += checked
	c.Redacted += redacted
	c.Deleted += deleted
	r.rep.Kinds[kind] = c
}

// found counts identifiers by kind.
func (r *scrubRun) found(kinds ...privacy.Kind) {
	for _, k := range kinds {
		r.rep.Found[k]++
	}
}

// kindOf names a key's record kind for the report. The report is logged,
// so a part that is not a plain lower-case name, or that the screen flags,
// is reported as "other".
func (r *scrubRun) kindOf(key string) string {
	parts := strings.SplitN(strings.TrimPrefix(key, r.prefix), ":", 3)
	kind := r.safeName(parts[0])
	if (kind == "list" || kind == "set") && len(parts) > 1 {
		return kind + ":" + r.safeName(parts[1])
	}
	return kind
}

// safeName returns s if it is a short lower-case name, else "other".
func (r *scrubRun) safeName(s string) string {
	if s == "" || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return "other"
	}
	for i := range len(s) {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' && c != '-' {
			return "other"
		}
	}
	if _, ok := r.idFinding(s); ok {
		return "other"
	}
	return s
}

// skip reports whether a key is the migration's own, a lock or a search
// index snapshot: the first two hold tokens and versions that kbbot made;
// the snapshot there at the start was deleted, and one written since
// holds entries already screened.
func (r *scrubRun) skip(key string) bool {
	rest := strings.TrimPrefix(key, r.prefix)
	return rest == scrubDoneKey || strings.HasPrefix(rest, "lock:") || strings.HasPrefix(rest, "snapshot:")
}

// nameFinding returns the kind of identifier a key's name holds: each part
// between colons (an entry id, a user id, a Slack ts) is screened, and a
// part that joins an id and a machine value with '@' (ENTRY_ID@VERSION)
// piece by piece.
func (r *scrubRun) nameFinding(key string) (privacy.Kind, bool) {
	for _, part := range strings.Split(strings.TrimPrefix(key, r.prefix), ":") {
		pieces := strings.Split(part, "@")
		if !slices.ContainsFunc(pieces, machineValue) {
			pieces = []string{part} // an email address, say: screened whole
		}
		for _, p := range pieces {
			if k, ok := r.idFinding(p); ok {
				return k, true
			}
		}
	}
	return "", false
}

// idFinding screens one id, a key's part or a plain member.
func (r *scrubRun) idFinding(s string) (privacy.Kind, bool) {
	if s == "" || machineValue(s) {
		return "", false
	}
	if found := findAll(r.sc, s); len(found) > 0 {
		return found[0].Kind, true
	}
	return "", false
}

// entryIDs is the first phase: every entry whose id holds an identifier
// (ids used to be made from title words) is deleted through the store, so
// the status indexes and the change log follow.
func (r *scrubRun) entryIDs(ctx context.Context) error {
	var cursor uint64
	for {
		pairs, next, err := r.s.rdb.ZScan(ctx, r.s.idsKey(), cursor, "", int64(r.cfg.Batch)).Result()
		if err != nil {
			return fmt.Errorf("redisstore: scrub: scan entry ids: %w", err)
		}
		var bad []string
		for i := 0; i < len(pairs); i += 2 { // member, score
			id := pairs[i]
			if k, ok := r.idFinding(id); ok && !r.deleted[id] {
				r.deleted[id] = true
				r.found(k)
				bad = append(bad, id)
			}
		}
		if len(bad) > 0 {
			if err := r.s.Delete(ctx, bad...); err != nil {
				return fmt.Errorf("redisstore: scrub: %w", err)
			}
			r.count("entry", len(bad), 0, len(bad))
		}
		if next == 0 {
			return nil
		}
		cursor = next
	}
}

// allKeys is the second phase: every key under the namespace, a batch at
// a time. Streams wait for the last phase.
func (r *scrubRun) allKeys(ctx context.Context) error {
	return r.s.scanKeys(ctx, globEscape(r.s.ns)+":*", int64(r.cfg.Batch), func(keys []string) error {
		if err := r.keyBatch(ctx, keys); err != nil {
			return err
		}
		r.rep.Keys += len(keys)
		if r.cfg.Progress != nil {
			r.cfg.Progress(r.rep.Keys)
		}
		return nil
	})
}

// keyBatch screens one batch of keys: names, then string values read in
// one pipeline and screened in parallel, then each collection.
func (r *scrubRun) keyBatch(ctx context.Context, keys []string) error {
	p := r.s.rdb.Pipeline()
	types := make([]*redis.StatusCmd, len(keys))
	for i, k := range keys {
		types[i] = p.Type(ctx, k)
	}
	if _, err := p.Exec(ctx); err != nil {
		return fmt.Errorf("redisstore: scrub: read key types: %w", err)
	}
	var strs []string
	var colls [][2]string // key, type
	for i, k := range keys {
		typ := types[i].Val()
		if typ == "none" || r.skip(k) {
			continue // gone since the SCAN, or kbbot's own
		}
		if kind, ok := r.nameFinding(k); ok {
			if err := r.deleteKey(ctx, k, kind); err != nil {
				return err
			}
			continue
		}
		switch typ {
		case "string":
			strs = append(strs, k)
		case "stream":
			r.streams = append(r.streams, k)
		default:
			colls = append(colls, [2]string{k, typ})
		}
	}
	if err := r.stringValues(ctx, strs); err != nil {
		return err
	}
	for _, c := range colls {
		if err := r.collection(ctx, c[0], c[1]); err != nil {
			return err
		}
	}
	return nil
}

// deleteKey deletes a key whose name holds an identifier: an entry
// through the store, anything else as it is.
func (r *scrubRun) deleteKey(ctx context.Context, key string, found privacy.Kind) error {
	kind := r.kindOf(key)
	var err error
	if id, ok := strings.CutPrefix(key, r.s.entryKey("")); ok {
		if r.deleted[id] {
			return nil
		}
		r.deleted[id] = true
		err = r.s.Delete(ctx, id)
	} else {
		err = r.s.rdb.Del(ctx, key).Err()
	}
	if err != nil {
		return fmt.Errorf("redisstore: scrub: delete a %s key: %w", kind, err)
	}
	r.found(found)
	r.count(kind, 1, 0, 1)
	return nil
}

// stringValues screens string keys: read in one pipeline, screened in
// parallel, each flagged one fixed.
func (r *scrubRun) stringValues(ctx context.Context, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	p := r.s.rdb.Pipeline()
	gets := make([]*redis.StringCmd, len(keys))
	for i, k := range keys {
		gets[i] = p.Get(ctx, k)
	}
	if _, err := p.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("redisstore: scrub: read %d values: %w", len(keys), err)
	}
	vals := make([][]byte, len(keys))
	res := make([]redacted, len(keys))
	r.parallel(len(keys), func(i int) {
		b, err := gets[i].Bytes()
		if err != nil {
			return // expired since the SCAN
		}
		vals[i] = b
		res[i] = redactValue(r.sc, b)
	})
	for i, k := range keys {
		if vals[i] == nil {
			continue
		}
		r.count(r.kindOf(k), 1, 0, 0)
		if res[i].out != nil {
			if err := r.fixString(ctx, k, vals[i], res[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// parallel runs f(0)…f(n-1) on the configured number of goroutines.
func (r *scrubRun) parallel(n int, f func(i int)) { parallel(r.cfg.Workers, n, f) }

// globEscape escapes SCAN MATCH's special characters in s.
func globEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[]\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// errStopScan ends a scan early.
var errStopScan = errors.New("redisstore: scan stopped")

// Fresh reports whether the namespace holds no key at all: nothing kbbot
// ever wrote, so nothing an older privacy screen let in.
func (s *Store) Fresh(ctx context.Context) (bool, error) {
	found := false
	err := s.scanKeys(ctx, globEscape(s.ns)+":*", 1000, func([]string) error {
		found = true
		return errStopScan
	})
	if err != nil && !errors.Is(err, errStopScan) {
		return false, err
	}
	return !found, nil
}

// MarkScreened records that everything the namespace holds passed the
// privacy screen of version, when no version is recorded yet: a fresh
// namespace whose first writes (the seed, an import) went through the
// current screen needs no migration at the next start.
func (s *Store) MarkScreened(ctx context.Context, version string) error {
	if err := s.rdb.SetNX(ctx, s.key(scrubDoneKey), version, 0).Err(); err != nil {
		return fmt.Errorf("redisstore: record privacy screen version: %w", err)
	}
	return nil
}

// scanKeys calls fn with each batch of the keys matching match.
func (s *Store) scanKeys(ctx context.Context, match string, count int64, fn func([]string) error) error {
	scanOne := func(ctx context.Context, c redis.Cmdable) error {
		var cursor uint64
		for {
			keys, next, err := c.Scan(ctx, cursor, match, count).Result()
			if err != nil {
				return fmt.Errorf("redisstore: scan keys: %w", err)
			}
			if len(keys) > 0 {
				if err := fn(keys); err != nil {
					return err
				}
			}
			if next == 0 {
				return nil
			}
			cursor = next
		}
	}
	if cc, ok := s.rdb.(*redis.ClusterClient); ok {
		// Untested (no cluster in the tests): SCAN reads one node, so
		// every master is scanned, one at a time.
		var mu sync.Mutex
		return cc.ForEachMaster(ctx, func(ctx context.Context, c *redis.Client) error {
			mu.Lock()
			defer mu.Unlock()
			return scanOne(ctx, c)
		})
	}
	return scanOne(ctx, s.rdb)
}
