package bot

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// Config is what the bot needs beyond its collaborators.
type Config struct {
	// SigningSecret verifies HTTP requests (HTTP mode only).
	SigningSecret string
	// Enqueue puts a job (jobs.go) on the durable work queue before Slack
	// is acknowledged, claiming eventID first when it is set (in Redis, in
	// the same round trip); false means the event was claimed already (a
	// redelivery) and nothing was queued. The queue's workers hand each
	// job back to RunJob. Nil runs every job in this process (the pool).
	Enqueue func(ctx context.Context, eventID string, job []byte) (bool, error)
	// Workers and Queue size the in-process pool, the fallback when the
	// queue cannot take a job; JobTimeout bounds each of its jobs.
	Workers    int
	Queue      int
	JobTimeout time.Duration
	// ClaimEvent claims a Slack event id once across all replicas (SET NX
	// in Redis); false means another delivery already has it. Jobs run in
	// this process claim their event with it.
	ClaimEvent func(ctx context.Context, id string) (bool, error)
	// Ready reports whether the bot's dependencies (Redis, the index) are
	// ready, for /readyz.
	Ready func(ctx context.Context) error
	// Web, when set, is the web catalogue (bot/web): it serves every
	// path the routes below do not.
	Web http.Handler
	// Summarizing makes answers post a short "summarising…" message first,
	// updated in place when the summary (or its fallback) is ready.
	Summarizing bool
	// CatalogueURL is the web catalogue's public base URL when it is on
	// (KBBOT_PUBLIC_URL): the Details modal then links to the entry's page
	// there, CatalogueURL + "/entries/" + id. Empty: no link.
	CatalogueURL string
}

// Bot turns Slack deliveries, from either mode, into use-case calls on the
// App and their results into Slack messages. The work behind a delivery is
// queued (Config.Enqueue) before it is acknowledged, and done afterwards
// by a worker on any replica (RunJob).
type Bot struct {
	lg    *slog.Logger
	cfg   Config
	app   *handlers.App
	slack *Client
	m     *Metrics
	pool  *pool

	// self is the bot's own user and bot ids (from auth.test), to ignore
	// its own messages and spot mentions of itself.
	selfMu sync.RWMutex
	self   identity

	// socketMode is set when deliveries come over Socket Mode; socketUp
	// says whether that connection is up (for /readyz).
	socketMode atomic.Bool
	socketUp   atomic.Bool

	// inFlight counts deliveries being acknowledged (Acking).
	inFlight atomic.Int32

	// urgent tracks modal-opening goroutines, which skip the queue because
	// a trigger_id expires three seconds after the click, and apologies
	// sent when no job could be taken.
	urgent sync.WaitGroup
}

type identity struct{ userID, botID string }

// New returns a Bot. Call Start before delivering anything to it.
func New(lg *slog.Logger, cfg Config, app *handlers.App, client *Client, m *Metrics) *Bot {
	if cfg.Workers <= 0 {
		cfg.Workers = 16
	}
	if cfg.Queue <= 0 {
		cfg.Queue = 1000
	}
	if cfg.JobTimeout <= 0 {
		cfg.JobTimeout = 30 * time.Second
	}
	return &Bot{
		lg: lg, cfg: cfg, app: app, slack: client, m: m,
		pool: newPool(lg, m, cfg.Workers, cfg.Queue, cfg.JobTimeout),
	}
}

// Start starts the in-process pool. Its jobs run under base: cancel it
// only after Shutdown, so that work in flight can finish.
func (b *Bot) Start(base context.Context) {
	b.pool.start(base, b.cfg.Workers)
}

// Acking reports how many Slack deliveries are being received and
// acknowledged right now. While there are any, the queue's workers run
// fewer jobs at once: acknowledging within Slack's three seconds comes
// first, and the work waits in Redis meanwhile.
func (b *Bot) Acking() int { return int(b.inFlight.Load()) }

// acking counts a delivery in flight for Acking while h handles it.
func (b *Bot) acking(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b.inFlight.Add(1)
		defer b.inFlight.Add(-1)
		h(w, r)
	}
}

// SetIdentity records the bot's own ids, from auth.test.
func (b *Bot) SetIdentity(userID, botID string) {
	b.selfMu.Lock()
	b.self = identity{userID: userID, botID: botID}
	b.selfMu.Unlock()
}

func (b *Bot) identity() identity {
	b.selfMu.RLock()
	defer b.selfMu.RUnlock()
	return b.self
}

// Shutdown stops the in-process pool and waits, bounded by ctx, for its
// jobs in flight and the modals being opened. (The queue's workers are
// stopped by their owner.)
func (b *Bot) Shutdown(ctx context.Context) error {
	err := b.pool.shutdown(ctx)
	done := make(chan struct{})
	go func() { b.urgent.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return err
}

// after queues follow-up work of something the user has already been told
// succeeded (an announcement, index catch-up, review-post updates): a job
// with no reply of its own.
func (b *Bot) after(ctx context.Context, kind, value string) {
	b.enqueue(ctx, "", job{Kind: kind, Value: value})
}

// urgently runs f now, outside the queue, for the views.open calls that
// must beat a trigger_id's three-second expiry. It outlives the delivery,
// so it is detached from the end of ctx.
func (b *Bot) urgently(ctx context.Context, name string, r reply, f func(ctx context.Context)) {
	b.urgent.Add(1)
	go func() {
		defer b.urgent.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				b.m.Panics.Inc()
				b.lg.Error("panic in urgent job", "job", name, "panic", p)
				b.apologise(ctx, r)
			}
		}()
		f(ctx)
	}()
}
