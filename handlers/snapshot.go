package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Search index snapshots: the first process to build the index writes it
// to Redis; the others (replicas starting, one-shot commands) load it and
// replay the change log from the position it covers, instead of building.
// A snapshot written by another version of kbbot (another search index or
// privacy screen) is not loaded. A running serve writes a new one now and
// then while changes come in, so that one is always close to current and
// the change log (about 10,000 records) still reaches back to it.

// SnapshotEvery is the least time between two snapshots while the
// knowledge base changes.
const SnapshotEvery = 10 * time.Minute

// snapshotLock is the lock one replica holds while it writes a snapshot.
const snapshotLock = "snapshot"

// loadSnapshotLocked loads the current snapshot into the index and
// replays the changes since, reporting whether it did; false (with no
// error) means there is none usable and the caller builds. Caller holds
// a.sync.mu.
func (a *App) loadSnapshotLocked(ctx context.Context) (bool, error) {
	start := a.now()
	m, ok, err := a.store.Snapshot(ctx)
	if err != nil || !ok {
		return false, err
	}
	switch {
	case m.Index != a.index.Fingerprint():
		a.lg.Info("search index snapshot from another version of kbbot: building", "snapshot_id", m.ID)
		return false, nil
	case m.Screen != privacy.Version:
		a.lg.Info("search index snapshot from another privacy screen: building", "snapshot_id", m.ID, "screen", m.Screen)
		return false, nil
	}
	tag, err := a.index.ReadSnapshot(a.store.OpenSnapshot(ctx, m))
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		a.lg.Warn("search index snapshot unreadable: building", "snapshot_id", m.ID, "err", err)
		return false, nil
	}
	if tag != m.Pos {
		a.lg.Warn("search index snapshot does not match its description: building", "snapshot_id", m.ID)
		return false, nil
	}
	loaded := time.Since(start)
	a.sync.pos = m.Pos
	replayed := 0
	for {
		changes, ok, err := a.store.Changes(ctx, a.sync.pos, 0)
		if err != nil {
			return false, err
		}
		if !ok {
			a.lg.Info("search index snapshot older than the change log: building", "snapshot_id", m.ID)
			return false, nil
		}
		if len(changes) == 0 {
			break
		}
		if _, err := a.apply(ctx, changes); err != nil {
			return false, err
		}
		replayed += len(changes)
	}
	a.sync.snapPos, a.sync.built = m.Pos, false
	a.lg.Info("search index loaded from snapshot", "snapshot_id", m.ID, "entries", m.Entries,
		"bytes", m.Bytes, "load_ms", loaded.Milliseconds(), "replayed", replayed, "ms", time.Since(start).Milliseconds())
	return true, nil
}

// WriteIndexSnapshot writes the index to Redis as the knowledge base's
// snapshot, if one is due: there is none this version can load, this
// replica had to build (the snapshot did not serve), or the index has
// moved on from it and it is at least SnapshotEvery old (or force is set
// and the index has moved on). One replica writes at a time;
// the others skip. It reports whether it wrote one.
func (a *App) WriteIndexSnapshot(ctx context.Context, force bool) (bool, error) {
	if !a.IndexReady() {
		return false, nil
	}
	m, ok, err := a.store.Snapshot(ctx)
	if err != nil {
		return false, err
	}
	a.sync.mu.Lock()
	pos, built, refreshed := a.sync.pos, a.sync.built, a.sync.refreshed
	a.sync.mu.Unlock()
	usable := ok && m.Index == a.index.Fingerprint() && m.Screen == privacy.Version
	if usable && !built { // having had to build, the snapshot did not serve: replace it
		moved := refreshed || posAfter(pos, m.Pos)
		old := a.now().Sub(m.Written) >= SnapshotEvery
		if !moved || !force && !old || posAfter(m.Pos, pos) {
			return false, nil // current, recent, or written by a replica further on
		}
	}
	token, got, err := a.store.TryLock(ctx, snapshotLock, 2*time.Minute)
	if err != nil || !got {
		return false, err
	}
	defer func() {
		uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = a.store.Unlock(uctx, snapshotLock, token)
	}()
	start := a.now()
	// The copy and the position are taken together: changes are applied
	// under the same lock.
	a.sync.mu.Lock()
	pos = a.sync.pos
	snap := a.index.Capture(pos)
	a.sync.built, a.sync.refreshed = false, false
	a.sync.mu.Unlock()
	meta, err := a.store.WriteSnapshot(ctx, redisstore.SnapshotMeta{
		Pos: pos, Index: a.index.Fingerprint(), Screen: privacy.Version, Entries: snap.Entries(),
	}, snap.Encode)
	if err != nil {
		a.sync.mu.Lock()
		a.sync.built = true // try again next time
		a.sync.mu.Unlock()
		return false, fmt.Errorf("handlers: write index snapshot: %w", err)
	}
	a.sync.mu.Lock()
	a.sync.snapPos = pos
	a.sync.mu.Unlock()
	a.lg.Info("search index snapshot written", "snapshot_id", meta.ID, "entries", meta.Entries,
		"bytes", meta.Bytes, "chunks", meta.Chunks, "ms", time.Since(start).Milliseconds())
	return true, nil
}

// KeepSnapshots writes a snapshot when one is due (WriteIndexSnapshot),
// checking every interval until ctx ends; serve runs it.
func (a *App) KeepSnapshots(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.WriteIndexSnapshot(ctx, false); err != nil && ctx.Err() == nil {
			a.lg.Warn("search index snapshot not written", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// refreshIndex compacts and recalibrates the index when enough has
// changed (an import, many edits), without holding up searches or
// changes; FollowChanges calls it between catch-ups.
func (a *App) refreshIndex(ctx context.Context) {
	if !a.index.NeedsRefresh() || ctx.Err() != nil {
		return
	}
	start := a.now()
	if err := a.index.Refresh(); err != nil {
		a.lg.Error("search index refresh failed", "err", err)
		return
	}
	a.sync.mu.Lock()
	a.sync.refreshed = true
	a.sync.mu.Unlock()
	a.sync.gen.Add(1)
	a.lg.Info("search index refreshed", "entries", a.index.Len(), "ms", time.Since(start).Milliseconds())
}

// posAfter reports whether change-log position p is after q (Redis stream
// ids, "MS-SEQ"; "0" or "" is the start). Positions that do not parse are
// after nothing.
func posAfter(p, q string) bool {
	pm, ps, ok1 := parsePos(p)
	qm, qs, ok2 := parsePos(q)
	if !ok1 || !ok2 {
		return false
	}
	return pm > qm || pm == qm && ps > qs
}

func parsePos(p string) (uint64, uint64, bool) {
	if p == "" || p == "0" {
		return 0, 0, true
	}
	ms, seq, ok := strings.Cut(p, "-")
	if !ok {
		return 0, 0, false
	}
	m, err1 := strconv.ParseUint(ms, 10, 64)
	s, err2 := strconv.ParseUint(seq, 10, 64)
	if errors.Join(err1, err2) != nil {
		return 0, 0, false
	}
	return m, s, true
}
