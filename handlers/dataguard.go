package handlers

import (
	"context"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Data loss. Redis can lose kbbot's data while kbbot runs: restarted
// without persistence, flushed, failed over to an empty or older replica.
// CheckData, run every second or so by serve, notices it and restores what
// kbbot can: the built-in seed (when seeding is on) and the search index.
// Until that is done IndexReady is false, so /readyz fails and the
// workers take no questions (they wait in the queue, not answered from an
// empty index and turned into gaps).

// Reasons CheckData gives for data loss.
const (
	// LossEmpty: the knowledge base has no entries, though it had some
	// (or should have the seed).
	LossEmpty = "empty"
	// LossBackwards: the change log is behind what this replica already
	// applied (a failover to an older copy).
	LossBackwards = "changes_backwards"
)

// DataCheck is what CheckData found and did.
type DataCheck struct {
	// Lost is why the data counts as lost ("" when it is not).
	Lost string
	// First: this check noticed the loss (earlier checks of the same loss,
	// whose restore failed, found it already noticed). Count a loss once.
	First bool
	// Entries is how many entries the store held when checked.
	Entries int
	// Reseeded: the seed was loaded into the empty knowledge base.
	Reseeded bool
	// Took is how long the restore took (zero when nothing was lost).
	Took time.Duration
}

// CheckData looks for signs that Redis lost the knowledge base (see above)
// and, if so, restores it: with seed, an empty knowledge base gets the
// built-in seed (once across replicas); then the search index is rebuilt
// from what the store now holds. IndexReady is false from the moment the
// loss is seen until the index is rebuilt. With hybrid search, the vectors
// are then loaded afresh in the background (reloadVectors), questions
// going by words alone meanwhile.
func (a *App) CheckData(ctx context.Context, seed bool) (DataCheck, error) {
	n, last, err := a.store.DataState(ctx)
	if err != nil {
		return DataCheck{}, err
	}
	a.sync.mu.Lock()
	seen, pos := a.sync.seen, a.sync.pos
	a.sync.mu.Unlock()
	c := DataCheck{Entries: n}
	switch {
	case n == 0 && (seen > 0 || seed):
		c.Lost = LossEmpty
	case redisstore.ComparePositions(last, pos) < 0:
		c.Lost = LossBackwards
	default:
		if n == 0 && !a.IndexReady() {
			// Seeding is off and the knowledge base was emptied: the
			// index shows what is there, nothing, and is ready again.
			return c, a.rebuild(ctx)
		}
		return c, nil
	}
	start := time.Now()
	a.sync.ready.Store(false)
	a.sync.mu.Lock()
	c.First = !a.sync.restoring
	a.sync.restoring = true
	a.sync.mu.Unlock()
	if c.First {
		a.lg.Error("the knowledge base lost its data; restoring it", "reason", c.Lost, "entries", n, "indexed_before", seen)
	}
	if n == 0 && seed {
		ok, err := a.EnsureSeeded(ctx)
		if err != nil {
			return c, err
		}
		c.Reseeded = ok
	}
	if err := a.rebuild(ctx); err != nil {
		return c, err
	}
	// Hybrid search: the vectors kept in Redis were lost too, and those the
	// index holds may be of entries that are gone or different now.
	a.reloadVectors()
	c.Took = time.Since(start)
	a.lg.Info("knowledge base restored", "reason", c.Lost, "reseeded", c.Reseeded, "ms", c.Took.Milliseconds())
	return c, nil
}

// rebuild rebuilds the index from the store as it is, empty included,
// which ends a restore.
func (a *App) rebuild(ctx context.Context) error {
	a.sync.mu.Lock()
	defer a.sync.mu.Unlock()
	if err := a.rebuildLocked(ctx, true); err != nil {
		return err
	}
	a.sync.restoring = false
	return nil
}
