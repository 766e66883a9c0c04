package main

import (
	"context"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Start-up: serve listens first, so that /healthz answers from the first
// second (a liveness probe never kills a replica that is busy loading a
// large knowledge base), and prepares the knowledge base in the
// background: the privacy migration, the seed, the search index (loaded
// from a snapshot when one serves, else built). /readyz says "not ready"
// until the index is current; deliveries that arrive meanwhile are queued
// (Socket Mode) or refused with 503 for Slack to retry (before the bot is
// built), and the workers leave jobs queued until the index is ready.

// snapshotCheckInterval is how often serve checks whether a new search
// index snapshot is due (handlers.WriteIndexSnapshot).
const snapshotCheckInterval = time.Minute

// startupHandler answers while serve starts, until serve hands it the
// bot's handler.
type startupHandler struct {
	next    atomic.Pointer[http.Handler]
	metrics http.Handler
}

func newStartupHandler(g prometheus.Gatherer) *startupHandler {
	return &startupHandler{metrics: promhttp.HandlerFor(g, promhttp.HandlerOpts{})}
}

// serve sends every request to h from now on.
func (s *startupHandler) serve(h http.Handler) { s.next.Store(&h) }

func (s *startupHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := s.next.Load(); h != nil {
		(*h).ServeHTTP(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	switch r.URL.Path {
	case "/healthz":
		_, _ = w.Write([]byte("ok\n"))
	case "/metrics":
		s.metrics.ServeHTTP(w, r)
	default:
		// Slack retries a delivery that was not acknowledged.
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("not ready: starting\n"))
	}
}

// prepareKnowledge runs the privacy migration, loads the seed into an
// empty knowledge base (KBBOT_SEED on) and makes the search index current.
// A failing migration is returned (serve stops, as it must not serve
// unscreened data); the seed and the index are retried with backoff until
// they succeed or ctx ends (Redis down at start).
func prepareKnowledge(ctx context.Context, lg *slog.Logger, store *redisstore.Store, app *handlers.App, cfg config, reg prometheus.Registerer) error {
	if err := scrubStore(ctx, lg, store, reg); err != nil {
		return err
	}
	start := time.Now()
	backoff := 500 * time.Millisecond
	for ctx.Err() == nil {
		err := func() error {
			if cfg.Seed {
				if _, err := app.EnsureSeeded(ctx); err != nil {
					return err
				}
			}
			return app.LoadIndex(ctx)
		}()
		if err == nil {
			// A replica that had to build writes the snapshot the next one
			// will load (KeepSnapshots, started next).
			lg.Info("knowledge base ready", "entries", app.IndexLen(), "ms", time.Since(start).Milliseconds())
			return nil
		}
		lg.Warn("could not load the knowledge base; trying again", "err", err, "retry_in", backoff.String())
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 10*time.Second)
	}
	return nil
}
