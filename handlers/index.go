package handlers

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
)

// indexSync tracks how far the search index has followed the store's
// change log.
type indexSync struct {
	mu  sync.Mutex // one catch-up at a time
	pos string     // last change applied
	// seen is how many approved entries the last load found: a rebuild
	// that suddenly finds none in an empty store is data loss, not news.
	seen int
	// restoring: CheckData noticed a loss and has not finished restoring.
	restoring bool
	ready     atomic.Bool
	// gen counts changes to the index, so views derived from it (the
	// catalogue snapshot, cached gap terms) know when to rebuild.
	gen atomic.Uint64
	// snapPos is the position of the snapshot last loaded or written;
	// built and refreshed say the index was built or refreshed since
	// (snapshot.go).
	snapPos          string
	built, refreshed bool
}

// errKnowledgeLost: the store holds no entries although the index was
// built from some. CheckData restores it; until then the index stays as it
// was and IndexReady is false.
var errKnowledgeLost = errors.New("handlers: the knowledge base is empty: Redis lost its data")

// EnsureSeeded loads the shipped seed content if, and only if, the
// knowledge base is empty. It reports whether it did.
func (a *App) EnsureSeeded(ctx context.Context) (bool, error) {
	entries, err := seed.Entries()
	if err != nil {
		return false, err
	}
	fresh, err := a.store.Fresh(ctx)
	if err != nil {
		return false, err
	}
	ok, err := a.store.SeedIfEmpty(ctx, entries)
	if err != nil {
		return false, err
	}
	if ok {
		a.lg.Info("seeded the empty knowledge base", "entries", len(entries))
		if fresh {
			// The seed is all there is, and it passes this screen.
			if err := a.store.MarkScreened(ctx, privacy.Version); err != nil {
				return ok, err
			}
		}
	}
	return ok, nil
}

// LoadIndex makes the search index current: from the knowledge base's
// snapshot and the changes since, when there is one this version can load
// (snapshot.go), else by building from the store. The change-log position
// is read before the entries, so a change made while building is
// replayed, not missed.
func (a *App) LoadIndex(ctx context.Context) error {
	a.sync.mu.Lock()
	defer a.sync.mu.Unlock()
	return a.loadIndexLocked(ctx)
}

func (a *App) loadIndexLocked(ctx context.Context) error {
	return a.rebuildLocked(ctx, false)
}

// rebuildLocked makes the index current from the store: from the
// snapshot and the changes since when one serves, else by building.
// Unless acceptEmpty, a build refuses to replace an index of entries with
// an empty one when the whole store is empty (Redis lost its data): it
// marks the index not ready and returns errKnowledgeLost, for CheckData
// to restore. Caller holds a.sync.mu.
func (a *App) rebuildLocked(ctx context.Context, acceptEmpty bool) error {
	ok, err := a.loadSnapshotLocked(ctx)
	if err != nil {
		return err
	}
	if !ok {
		if err := a.buildIndexLocked(ctx, acceptEmpty); err != nil {
			return err
		}
	}
	a.sync.seen = a.index.Len()
	a.sync.gen.Add(1)
	a.sync.ready.Store(true)
	return nil
}

// buildIndexLocked builds the index from every approved entry in the
// store (see rebuildLocked for acceptEmpty). Caller holds a.sync.mu.
func (a *App) buildIndexLocked(ctx context.Context, acceptEmpty bool) error {
	start := a.now()
	pos, err := a.store.LastChange(ctx)
	if err != nil {
		return err
	}
	entries, err := a.store.ByStatus(ctx, knowledge.StatusApproved, 0, false)
	if err != nil {
		return err
	}
	if len(entries) == 0 && a.sync.seen > 0 && !acceptEmpty {
		if n, err := a.store.Count(ctx); err == nil && n == 0 {
			a.sync.ready.Store(false)
			return errKnowledgeLost
		}
	}
	if err := a.index.Rebuild(entries); err != nil {
		return err
	}
	a.sync.pos = pos
	a.sync.built = true
	a.lg.Info("search index built", "entries", len(entries), "ms", time.Since(start).Milliseconds())
	return nil
}

// IndexReady reports whether the search index has been built.
func (a *App) IndexReady() bool { return a.sync.ready.Load() }

// IndexLen is how many entries the search index holds.
func (a *App) IndexLen() int { return a.index.Len() }

// SyncIndex applies every change since the last sync to the search index,
// at once: after an approval the entry is searchable before the moderator's
// click is answered. If the change log was trimmed past our position, it
// rebuilds from the store instead. Then, whatever made the change (an
// approval, an edit, an outcome update, an import, on this replica or
// another), the changed entries' vectors follow when hybrid search is on
// (vectors.go), and people waiting on a question that a changed, approved
// entry now answers are told (notifyWaiting).
func (a *App) SyncIndex(ctx context.Context) error {
	start := time.Now()
	changed, err := a.syncIndex(ctx)
	if len(changed) >= bulkChanges && err == nil {
		a.lg.Info("search index caught up", "changes", len(changed), "entries", a.index.Len(), "ms", time.Since(start).Milliseconds())
	}
	a.updateVectors(ctx, changed)
	var approved []string
	for _, id := range changed {
		if _, ok := a.index.Get(id); ok { // the index holds approved entries only
			approved = append(approved, id)
		}
	}
	a.notifyWaiting(ctx, approved)
	return err
}

// bulkChanges is how many changes caught up at once (an import, a restore)
// are logged.
const bulkChanges = 20

// syncIndex is SyncIndex's catch-up, under the lock; it returns the ids of
// the entries that changed. After a rebuild it asks for a pass over every
// vector as well.
func (a *App) syncIndex(ctx context.Context) ([]string, error) {
	a.sync.mu.Lock()
	defer a.sync.mu.Unlock()
	var changed []string
	for {
		changes, ok, err := a.store.Changes(ctx, a.sync.pos, 0)
		if err != nil {
			return changed, err
		}
		if !ok {
			a.lg.Warn("change log position lost: rebuilding the search index")
			err := a.loadIndexLocked(ctx)
			a.wakeVectors() // after the rebuild, so the pass sees it
			return changed, err
		}
		if len(changes) == 0 {
			return changed, nil
		}
		for _, c := range changes {
			changed = append(changed, c.ID)
		}
		// Changes are patched in, even an import's thousands: the index
		// keeps its statistics exact as it goes, and FollowChanges
		// refreshes it (compacts and recalibrates, out of the lock) once
		// enough has changed. No second index is built alongside.
		if _, err := a.apply(ctx, changes); err != nil {
			return changed, err
		}
	}
}

// apply patches changes into the index and returns the ids it touched.
func (a *App) apply(ctx context.Context, changes []redisstore.Change) ([]string, error) {
	seen := map[string]bool{}
	var ids []string
	for i := len(changes) - 1; i >= 0; i-- { // newest first: each id once
		id := changes[i].ID
		if seen[id] {
			continue
		}
		seen[id] = true
		ids = append(ids, id)
		e, err := a.store.Get(ctx, id)
		var ke *knowledge.Error
		switch {
		case errors.Is(err, knowledge.ErrNotFound):
			err = a.index.Delete(id)
		case err == nil:
			err = a.index.Upsert(e)
		case !errors.As(err, &ke) && ctx.Err() == nil && a.store.Ping(ctx) == nil:
			// Redis answers but this entry does not decode: leave it out
			// of answers rather than stop following every other change.
			a.lg.Error("unreadable entry left out of the search index", "entry_id", id, "err", err)
			err = a.index.Delete(id)
		}
		if err != nil {
			return ids, fmt.Errorf("handlers: index %s: %w", id, err)
		}
	}
	a.sync.pos = changes[len(changes)-1].Pos
	a.sync.gen.Add(1)
	return ids, nil
}

// FollowChanges keeps the search index in step with changes made by any
// replica until ctx ends: it blocks on the store's change log and applies
// what arrives, so a change on one replica answers on every replica within
// about a second. After an error (Redis down) it retries with backoff and
// catches up from where it was, or rebuilds if the log moved on too far.
func (a *App) FollowChanges(ctx context.Context) {
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		a.sync.mu.Lock()
		pos := a.sync.pos
		a.sync.mu.Unlock()
		_, _, err := a.store.Changes(ctx, pos, time.Second)
		if err == nil {
			err = a.SyncIndex(ctx)
		}
		if err == nil {
			a.refreshIndex(ctx)
			backoff = 100 * time.Millisecond
			continue
		}
		if ctx.Err() != nil {
			return
		}
		a.lg.Warn("following knowledge changes failed; retrying", "err", err, "retry_in", backoff.String())
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
	}
}
