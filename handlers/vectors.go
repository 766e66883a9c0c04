package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Hybrid search, the use-case side. With an Embedder, every approved entry
// and every question of the off-topic bank (which calibrates confidence)
// gets a vector of its meaning; the search index holds them and fuses a
// question's nearest entries with its word ranking. Vectors are kept in
// Redis per model and per version of the embedded text, so a restart, a
// second replica or a second `kbbot ask` embeds nothing again, and an
// edited entry is embedded again alone. A question is embedded (after the
// privacy screen) in one request, within the LLM timeout; if that fails,
// or the entries' vectors are not loaded yet, it is answered by words
// alone. Nothing here ever stops an answer.

// Why a question was answered by words alone although hybrid search is
// on: the summary fallbacks timeout, rate_limited and error, and these.
const (
	// FallbackGarbage: the endpoint answered vectors that cannot be used.
	FallbackGarbage = "garbage"
	// FallbackNotReady: the entries' vectors are not loaded yet (start-up,
	// or the endpoint has been down since).
	FallbackNotReady = "not_ready"
)

const (
	// embedBatch is how many texts one Embed call of a pass carries; the
	// CLI's progress moves after each.
	embedBatch = 64
	// bulkEmbedTimeout bounds one batch of a pass: a CPU-only embedding
	// server can take a while over 64 long entries.
	bulkEmbedTimeout = 2 * time.Minute
	// embedLockTTL bounds how long a replica that died mid-pass holds the
	// embedding lock.
	embedLockTTL = 10 * time.Minute
	// contextWeight is how much the thread's first question counts in a
	// follow-up's vector, as in word search.
	contextWeight = 0.5
)

// vectorSync is the state of the index's vectors.
type vectorSync struct {
	titlesOnly bool
	readOnly   bool
	// pass is held by a pass over the vectors (LoadVectors, or the update
	// after a change); versions is guarded by it.
	pass sync.Mutex
	// versions are the versions of the texts whose vectors the index
	// holds, by entry id.
	versions map[string]string
	// ready is true once the index holds the model's vectors.
	ready atomic.Bool
	// reload asks the next pass to load every vector afresh, the bank's
	// included, as at start-up (reloadVectors).
	reload atomic.Bool
	// wake asks KeepVectors for a pass (capacity 1: requests coalesce).
	wake chan struct{}
}

// VectorProgress is how far a pass over the vectors has got, for the
// command line's progress and serve's metrics.
type VectorProgress struct {
	// Phase is "bank" (the off-topic questions) or "entries".
	Phase string
	// Total texts that need a vector in this phase; Cached were found in
	// Redis, Embedded have been embedded so far, Skipped were left out by
	// the privacy screen.
	Total, Cached, Embedded, Skipped int
}

// Done is how many of Total have a vector (or were skipped).
func (p VectorProgress) Done() int { return p.Cached + p.Embedded + p.Skipped }

// vecItem is a text to find a vector for.
type vecItem struct {
	id, text, version string
}

// vectorVersion is what a cached vector is valid for: a hash of the model
// and the exact text embedded.
func vectorVersion(model, text string) string {
	sum := sha256.Sum256([]byte(model + "\x00" + text))
	return hex.EncodeToString(sum[:16])
}

// HybridSearch reports the embedding model whose vectors the search index
// holds ("" for none: word search alone) and how many entries have one.
func (a *App) HybridSearch() (string, int) { return a.index.VectorModel() }

// LoadVectors gives the search index a vector for every approved entry it
// holds (and, the first time, for the off-topic bank), from Redis where
// they are kept and embedded in batches where not; what it embeds is kept
// (unless VectorsReadOnly). progress, when set, is called as it goes.
// Without an Embedder it does nothing. If embedding fails, what was
// embedded so far stays kept, the index stays as it was, and the error
// names the cause without any text.
func (a *App) LoadVectors(ctx context.Context, progress func(VectorProgress)) error {
	if a.embedder == nil {
		return nil
	}
	a.vec.pass.Lock()
	defer a.vec.pass.Unlock()
	return a.vectorPass(ctx, progress)
}

// vectorPass is LoadVectors under the pass lock.
func (a *App) vectorPass(ctx context.Context, progress func(VectorProgress)) (err error) {
	model := a.embedder.Model()
	full := a.vec.reload.Swap(false)
	defer func() {
		if err != nil && full {
			a.vec.reload.Store(true) // the next pass starts afresh again
		}
	}()
	ready := a.vec.ready.Load() && !full
	var bank [][]float32
	if !ready {
		qs := search.OffTopicQuestions()
		items := make([]vecItem, len(qs))
		for i, q := range qs {
			items[i] = vecItem{id: strconv.Itoa(i), text: q, version: vectorVersion(model, q)}
		}
		got, err := a.resolveVectors(ctx, model, redisstore.VectorsBank, items, phase(progress, "bank"))
		if err != nil {
			return fmt.Errorf("handlers: embed the off-topic bank: %w", err)
		}
		// The bank calibrates confidence question by question: it is
		// whole or not used.
		bank = make([][]float32, len(qs))
		for i, it := range items {
			if bank[i] = got[it.id]; bank[i] == nil {
				return fmt.Errorf("handlers: off-topic question %d has no vector", i)
			}
		}
	}
	entries := a.index.Entries()
	slices.SortFunc(entries, func(x, y knowledge.Entry) int { return strings.Compare(x.ID, y.ID) })
	current := make(map[string]string, len(entries))
	var items []vecItem
	for _, e := range entries {
		text := search.EmbeddingText(e, a.vec.titlesOnly)
		ver := vectorVersion(model, text)
		current[e.ID] = ver
		if ready && a.vec.versions[e.ID] == ver {
			continue
		}
		items = append(items, vecItem{id: e.ID, text: text, version: ver})
	}
	got, err := a.resolveVectors(ctx, model, redisstore.VectorsEntries, items, phase(progress, "entries"))
	if err != nil {
		return fmt.Errorf("handlers: embed entries: %w", err)
	}
	if !ready {
		if len(got) == 0 {
			if full {
				// Nothing left to search by meaning: drop what the index
				// held rather than keep vectors of entries gone.
				a.index.SetVectors(model, nil, nil)
				a.vec.versions = nil
				a.vec.ready.Store(false)
			}
			return nil // nothing to search by meaning yet
		}
		a.index.SetVectors(model, got, bank)
		a.vec.versions = make(map[string]string, len(got))
		a.vec.ready.Store(true)
	} else {
		for id, v := range got {
			a.index.SetVector(model, id, v)
		}
	}
	for id := range got {
		a.vec.versions[id] = current[id]
	}
	for id := range a.vec.versions {
		if _, ok := current[id]; !ok {
			delete(a.vec.versions, id)
		}
	}
	a.forgetVectors(ctx, model, current)
	_, n := a.index.VectorModel()
	a.lg.Info("search vectors loaded", "model", model, "entries", n, "updated", len(got))
	return nil
}

// phase labels a progress callback's reports with the phase.
func phase(progress func(VectorProgress), name string) func(VectorProgress) {
	return func(p VectorProgress) {
		if progress != nil {
			p.Phase = name
			progress(p)
		}
	}
}

// resolveVectors finds a vector for every item: the kept one when its
// version matches, else embedded in batches and kept. Texts the privacy
// screen flags are left out (logged by id) and never sent. Replicas that
// start together share the work: the one holding the embedding lock goes
// from the first item, the others from the last, and each looks in Redis
// again before every batch. On an error it returns what it has so far.
func (a *App) resolveVectors(ctx context.Context, model string, space redisstore.VectorSpace, items []vecItem, progress func(VectorProgress)) (map[string][]float32, error) {
	out := make(map[string][]float32, len(items))
	p := VectorProgress{Total: len(items)}
	if len(items) == 0 {
		progress(p)
		return out, nil
	}
	todo, err := a.fromCache(ctx, model, space, items, out)
	if err != nil {
		return out, err
	}
	p.Cached = len(out)
	kept := todo[:0]
	for _, it := range todo {
		// Entries were screened when they came in; this catches older
		// records and a stricter screen, so that the embedder never has
		// to refuse a whole batch.
		if f, found := a.screener.First(it.text); found {
			p.Skipped++
			a.lg.Warn("text left out of hybrid search by the privacy screen", "space", string(space), "id", it.id, "kind", string(f.Kind))
			continue
		}
		kept = append(kept, it)
	}
	todo = kept
	progress(p)
	if len(todo) == 0 {
		return out, nil
	}
	if !a.vec.readOnly && len(todo) > embedBatch {
		lock := "embed:" + model
		token, held, err := a.store.TryLock(ctx, lock, embedLockTTL)
		switch {
		case err != nil:
			return out, err
		case held:
			defer func() {
				if err := a.store.Unlock(context.WithoutCancel(ctx), lock, token); err != nil {
					a.lg.Warn("could not release the embedding lock", "err", err)
				}
			}()
		default:
			slices.Reverse(todo)
		}
	}
	for start := 0; start < len(todo); start += embedBatch {
		batch := todo[start:min(start+embedBatch, len(todo))]
		if start > 0 {
			// Another replica may have embedded these meanwhile.
			before := len(out)
			if batch, err = a.fromCache(ctx, model, space, batch, out); err != nil {
				return out, err
			}
			p.Cached += len(out) - before
			if len(batch) == 0 {
				progress(p)
				continue
			}
		}
		texts := make([]string, len(batch))
		for i, it := range batch {
			texts[i] = it.text
		}
		bctx, cancel := context.WithTimeout(ctx, bulkEmbedTimeout)
		vecs, err := a.embedder.Embed(bctx, texts)
		cancel()
		if err == nil && len(vecs) != len(batch) {
			err = fmt.Errorf("handlers: %w: %d vectors for %d texts", knowledge.ErrGarbage, len(vecs), len(batch))
		}
		if err != nil {
			return out, err
		}
		keep := make(map[string]redisstore.CachedVector, len(batch))
		for i, it := range batch {
			out[it.id] = vecs[i]
			keep[it.id] = redisstore.CachedVector{Version: it.version, Values: vecs[i]}
		}
		if !a.vec.readOnly {
			if err := a.store.SetVectors(ctx, space, model, keep); err != nil {
				return out, err
			}
		}
		p.Embedded += len(batch)
		progress(p)
	}
	return out, nil
}

// fromCache puts the kept vectors of items whose version matches into out
// and returns the items still without one.
func (a *App) fromCache(ctx context.Context, model string, space redisstore.VectorSpace, items []vecItem, out map[string][]float32) ([]vecItem, error) {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.id
	}
	cached, err := a.store.Vectors(ctx, space, model, ids)
	if err != nil {
		return nil, err
	}
	var todo []vecItem
	for _, it := range items {
		if cv, ok := cached[it.id]; ok && cv.Version == it.version {
			out[it.id] = cv.Values
			continue
		}
		todo = append(todo, it)
	}
	return todo, nil
}

// forgetVectors deletes the kept vectors of entries that are no longer
// approved (archived, rejected, deleted). An id this index lacks is
// checked in the store first: another replica may have approved it a
// moment ago. Failures are logged: a stale vector costs only space.
func (a *App) forgetVectors(ctx context.Context, model string, current map[string]string) {
	if a.vec.readOnly {
		return
	}
	ids, err := a.store.VectorIDs(ctx, redisstore.VectorsEntries, model)
	if err != nil {
		a.lg.Warn("could not list kept vectors", "err", err)
		return
	}
	var gone []string
	for _, id := range ids {
		if _, ok := current[id]; ok {
			continue
		}
		e, err := a.store.Get(ctx, id)
		if errors.Is(err, knowledge.ErrNotFound) || err == nil && !e.Approved() {
			gone = append(gone, id)
		}
	}
	if err := a.store.DeleteVectors(ctx, redisstore.VectorsEntries, model, gone...); err != nil {
		a.lg.Warn("could not delete the vectors of withdrawn entries", "err", err)
	}
}

// updateVectors keeps the vectors in step with changed entries, after
// SyncIndex patched them into the index: a new or edited entry is
// embedded (unless its text is unchanged or another replica kept its
// vector already), a withdrawn one's vector is deleted. It waits at most
// the LLM timeout. If the vectors are not loaded yet, a pass is running,
// or embedding fails, KeepVectors is asked for a pass instead.
func (a *App) updateVectors(ctx context.Context, ids []string) {
	if a.embedder == nil || len(ids) == 0 {
		return
	}
	if !a.vec.ready.Load() || !a.vec.pass.TryLock() {
		a.wakeVectors()
		return
	}
	defer a.vec.pass.Unlock()
	model := a.embedder.Model()
	var items []vecItem
	var gone []string
	for _, id := range ids {
		e, ok := a.index.Get(id)
		if !ok {
			gone = append(gone, id)
			delete(a.vec.versions, id)
			continue
		}
		text := search.EmbeddingText(e, a.vec.titlesOnly)
		if ver := vectorVersion(model, text); a.vec.versions[id] != ver {
			items = append(items, vecItem{id: id, text: text, version: ver})
		}
	}
	if len(gone) > 0 && !a.vec.readOnly {
		if err := a.store.DeleteVectors(ctx, redisstore.VectorsEntries, model, gone...); err != nil {
			a.lg.Warn("could not delete the vectors of withdrawn entries", "err", err)
		}
	}
	if len(items) == 0 {
		return
	}
	cctx, cancel := context.WithTimeout(ctx, a.llmTimeout)
	defer cancel()
	got, err := a.resolveVectors(cctx, model, redisstore.VectorsEntries, items, func(VectorProgress) {})
	for _, it := range items {
		if v, ok := got[it.id]; ok {
			a.index.SetVector(model, it.id, v)
			a.vec.versions[it.id] = it.version
		}
	}
	if err != nil {
		a.lg.Warn("embedding changed entries failed; retrying in the background", "entries", len(items), "err", err)
		a.wakeVectors()
	}
}

// reloadVectors drops what is known about the vectors after Redis lost
// its data (CheckData): the kept vectors went with it, and the entries
// restored need not be the ones the index held vectors of, under the same
// ids. Questions are answered by words alone (FallbackNotReady) until
// KeepVectors' next pass, asked for here, has loaded every vector afresh,
// embedding again what Redis no longer keeps.
func (a *App) reloadVectors() {
	if a.embedder == nil {
		return
	}
	a.vec.reload.Store(true)
	a.vec.ready.Store(false)
	a.wakeVectors()
}

// wakeVectors asks KeepVectors for a pass.
func (a *App) wakeVectors() {
	select {
	case a.vec.wake <- struct{}{}:
	default:
	}
}

// KeepVectors keeps the search index's vectors loaded until ctx ends
// (serve runs it in the background, so an embeddings endpoint that is
// down never stops kbbot starting): a pass at once, then one whenever a
// change needs it (a rebuilt index, an update that failed), retrying a
// failed pass with backoff from 1 second to 5 minutes. Until the first
// pass succeeds, questions are answered by words alone.
func (a *App) KeepVectors(ctx context.Context, progress func(VectorProgress)) {
	if a.embedder == nil {
		return
	}
	backoff := time.Second
	for {
		err := a.LoadVectors(ctx, progress)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			a.lg.Warn("embedding the knowledge base failed; word search until it works", "err", err, "retry_in", backoff.String())
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 5*time.Minute)
			continue
		}
		backoff = time.Second
		select {
		case <-ctx.Done():
			return
		case <-a.vec.wake:
		}
	}
}
