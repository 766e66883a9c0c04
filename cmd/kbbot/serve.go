package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/nhs-ai-cop/kbbot/bot"
	"github.com/nhs-ai-cop/kbbot/bot/web"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// shutdownGrace bounds a graceful stop: DESIGN asks for exit within 10 s.
// Running jobs get all but handBackTime of it to finish; those still
// running then are handed back to the other replicas.
const (
	shutdownGrace = 9 * time.Second
	handBackTime  = 1500 * time.Millisecond
)

// dataCheckInterval is how often a replica checks that Redis still holds
// the knowledge base (and that Redis answers).
const dataCheckInterval = time.Second

// schedulerInterval is how often due follow-ups and digests are looked for.
const schedulerInterval = time.Minute

// serveCommand is `kbbot serve`.
func serveCommand() command {
	return command{
		name:    "serve",
		args:    "",
		summary: "run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)",
		about: `Runs the bot until SIGINT or SIGTERM: Socket Mode when SLACK_APP_TOKEN is
set, otherwise the HTTP endpoints /slack/events, /slack/commands and
/slack/interactivity; /healthz, /readyz and /metrics on KBBOT_ADDR in both
modes, and the web catalogue (/, /entries/ID, /insights, /auth/*) when
KBBOT_PUBLIC_URL, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set. It
refuses to start, with one line per problem, when a setting is missing or
malformed (kbbot check shows the same). Before serving, once per version of
the privacy screen, every record already stored is screened again and what
it flags is redacted or deleted. An empty knowledge base
is loaded with the built-in seed (unless KBBOT_SEED=off). With
OPENAI_EMBEDDING_MODEL set, entries are embedded in the background (search
is by words alone until they are) and search is hybrid. Logs are
structured (KBBOT_LOG_FORMAT) on stderr.`,
		config: configOwn,
		setup: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *cmdEnv, args []string) error {
				if len(args) > 0 {
					return usagef("serve: takes no arguments")
				}
				if err := e.cfg.validateServe(); err != nil {
					return err
				}
				lg := newLogger(e.cfg, e.stderr, slog.LevelInfo)
				if err := runServe(ctx, lg, e.cfg); err != nil {
					// Logged in the log's own format, not as a plain line
					// amid JSON.
					lg.Error("kbbot stopped", "err", err)
					return loggedError{err}
				}
				return nil
			}
		},
	}
}

// runServe runs the bot until ctx ends (SIGINT or SIGTERM) on a checked
// configuration.
func runServe(ctx context.Context, lg *slog.Logger, cfg config) error {
	st, err := openStore(ctx, cfg, readWrite, "serve")
	if err != nil {
		return err
	}
	defer st.close()
	if st.embedded {
		lg.Warn("embedded store in use: nothing will persist and replicas do not share it; set REDIS_URL")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Listening comes first: /healthz answers from the first second, and
	// /readyz says "not ready" until the knowledge base is screened and the
	// search index is current, however long that takes (startup.go).
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on KBBOT_ADDR %s: %w", cfg.Addr, err)
	}
	front := newStartupHandler(reg)
	srv := &http.Server{
		Handler:           front,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(lg.Handler(), slog.LevelWarn),
	}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		_ = srv.Shutdown(sctx) // a no-op once shut down below
	}()
	lg.Info("kbbot starting", "addr", ln.Addr().String())
	sum, err := newSummarizer(lg, cfg, reg)
	if err != nil {
		return err
	}
	emb, err := newEmbedder(lg, cfg, reg)
	if err != nil {
		return err
	}
	m := bot.NewMetrics(reg)
	client := bot.NewClient(lg, m, bot.NewAPI(lg, cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackAPIURL))
	// The use cases tell people things through the bot's notifier.
	// Seeding and the search index wait for the privacy migration, in the
	// background (startup below).
	app, err := newApp(ctx, lg, st, cfg, appOptions{sum: sum, slack: bot.NewNotifier(client), embed: emb})
	if err != nil {
		return err
	}
	vectorsPending := registerVectorMetrics(reg, app)

	actx, cancel := context.WithTimeout(ctx, 15*time.Second)
	auth, err := client.AuthTest(actx)
	cancel()
	if err != nil {
		return fmt.Errorf("slack auth.test failed (check SLACK_BOT_TOKEN and SLACK_API_URL): %w", err)
	}
	socket := cfg.SlackAppToken != ""
	qm := redisstore.NewQueueMetrics(reg, st.store)
	var catalogue http.Handler
	catalogueURL := ""
	if cfg.Catalogue() {
		w, err := web.New(lg, web.Config{
			PublicURL: cfg.PublicURL, ClientID: cfg.SlackClientID, ClientSecret: cfg.SlackClientSecret,
			SlackAPIURL: cfg.SlackAPIURL, TeamID: auth.TeamID,
		}, app)
		if err != nil {
			return err
		}
		catalogue = w.Handler()
		// Slack's Details modal links to the entry's page.
		catalogueURL = strings.TrimRight(cfg.PublicURL, "/")
	}
	b := bot.New(lg, bot.Config{
		Web:           catalogue,
		CatalogueURL:  catalogueURL,
		SigningSecret: cfg.SlackSigningSecret,
		// Acknowledged work waits in Redis until a replica has done it.
		Enqueue: func(ctx context.Context, eventID string, job []byte) (bool, error) {
			_, added, err := st.store.Enqueue(ctx, eventID, redisstore.EventClaimTTL, job)
			if errors.Is(err, redisstore.ErrQueueFull) {
				qm.Full.Inc()
			}
			return added, err
		},
		ClaimEvent: func(ctx context.Context, id string) (bool, error) {
			return st.store.ClaimEvent(ctx, id, redisstore.EventClaimTTL)
		},
		Ready: func(ctx context.Context) error { return ready(ctx, app) },
	}, app, client, m)
	b.SetIdentity(auth.UserID, auth.BotID)

	// Work runs under its own context: a signal stops intake first, then
	// in-flight work finishes or is handed back, then this is cancelled.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	b.Start(workCtx)
	workers := st.store.StartWorkers(workCtx, lg, redisstore.WorkerConfig{
		Consumer: consumerName(),
		// While a lost knowledge base is being restored, questions wait
		// in the queue rather than being answered from nothing.
		Paused: func() bool { return !app.IndexReady() },
		// While deliveries are arriving, acknowledging them comes first:
		// fewer jobs run at once.
		Yield: func() bool { return b.Acking() > 0 },
	}, redisstore.Handler{
		Do:     func(ctx context.Context, j redisstore.Job) error { return b.RunJob(ctx, j.Data, j.Attempt) },
		GiveUp: func(ctx context.Context, j redisstore.Job) { b.GiveUp(ctx, j.Data) },
	}, qm)
	// The privacy migration, the seed and the search index, in the
	// background; then what follows the knowledge base. Until the index
	// is current, /readyz says so and the workers leave jobs queued.
	sockCtx, stopSocket := context.WithCancel(ctx)
	defer stopSocket()
	sockErr := make(chan error, 1)
	fatal := make(chan error, 1)
	go func() {
		if err := prepareKnowledge(workCtx, lg, st.store, app, cfg, reg); err != nil {
			fatal <- err
			return
		}
		// Nothing reads the knowledge base for anyone before it is
		// screened and indexed: Slack's deliveries reach the bot from now.
		front.serve(b.NewHandler(reg, !socket))
		mode := "http"
		if socket {
			mode = "socket"
			go func() { sockErr <- b.RunSocketMode(sockCtx) }()
		}
		lg.Info("kbbot serving", "mode", mode, "addr", ln.Addr().String(), "bot_user", auth.UserID, "team", auth.TeamID, "catalogue", cfg.Catalogue())
		// What follows the knowledge base starts once there is one to follow.
		go app.FollowChanges(workCtx)
		// Hybrid search: vectors load in the background, so serve answers
		// (by words alone) even with the embeddings endpoint down.
		go app.KeepVectors(workCtx, func(p handlers.VectorProgress) {
			vectorsPending.WithLabelValues(p.Phase).Set(float64(p.Total - p.Done()))
		})
		go app.RunScheduler(workCtx, schedulerInterval)
		go watchRedis(workCtx, lg, app, m, cfg.Seed)
		go app.KeepSnapshots(workCtx, snapshotCheckInterval)
	}()
	var runErr error
	select {
	case <-ctx.Done():
		lg.Info("shutting down")
	case err := <-serveErr:
		runErr = fmt.Errorf("http server: %w", err)
	case err := <-sockErr:
		if err != nil {
			runErr = err
		}
	case err := <-fatal:
		// Only the privacy migration failing ends up here; loading the
		// index is retried until it succeeds.
		runErr = err
	}
	// Stop intake (Slack redelivers what it has not had a 2xx for), then
	// let running jobs finish while there is time, then hand the rest back
	// to the other replicas; what is queued stays queued.
	sctx, cancelShutdown := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancelShutdown()
	stopSocket()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		lg.Warn("http shutdown", "err", err)
	}
	wctx, cancelWorkers := context.WithTimeout(sctx, shutdownGrace-handBackTime)
	if err := workers.Stop(wctx); err != nil {
		lg.Warn("running jobs not handed back; another replica takes them after their lease", "err", err)
	}
	cancelWorkers()
	if err := b.Shutdown(sctx); err != nil {
		lg.Warn("jobs still running at shutdown were abandoned", "err", err)
	}
	stopWork()
	lg.Info("stopped")
	return runErr
}

// registerVectorMetrics registers hybrid search's gauges: the entries the
// search index holds a vector for, and the texts a running pass has still
// to embed, by phase (bank, entries), which it returns for KeepVectors'
// progress.
func registerVectorMetrics(reg prometheus.Registerer, app *handlers.App) *prometheus.GaugeVec {
	pending := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "kbbot_embedding_pending", Help: "Texts the running embedding pass has still to embed, by phase (bank, entries); 0 when done.",
	}, []string{"phase"})
	vectors := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "kbbot_search_vectors", Help: "Entries the search index holds a vector for (0: word search alone).",
	}, func() float64 {
		_, n := app.HybridSearch()
		return float64(n)
	})
	reg.MustRegister(pending, vectors)
	return pending
}

// ready is /readyz: Redis answers and the search index is built.
func ready(ctx context.Context, app *handlers.App) error {
	if err := app.Ping(ctx); err != nil {
		return errors.New("redis unreachable")
	}
	if !app.IndexReady() {
		return errors.New("search index not built")
	}
	return nil
}

// watchRedis checks every second that Redis answers (kbbot_redis_up, for
// the "Redis unreachable" alert) and still holds the knowledge base: when
// it lost it (restarted empty, flushed, failed over to an older copy) the
// seed is loaded again (with KBBOT_SEED on) and the index rebuilt, /readyz
// failing and the workers waiting until that is done (DESIGN: "a Redis
// that lost its data").
func watchRedis(ctx context.Context, lg *slog.Logger, app *handlers.App, m *bot.Metrics, seed bool) {
	t := time.NewTicker(dataCheckInterval)
	defer t.Stop()
	for {
		pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		if app.Ping(pctx) == nil {
			m.RedisUp.Set(1)
			c, err := app.CheckData(pctx, seed)
			if c.First {
				m.DataLoss.WithLabelValues(c.Lost).Inc()
			}
			switch {
			case err != nil && ctx.Err() == nil:
				lg.Warn("could not check or restore the knowledge base; trying again", "err", err)
			case c.Lost != "":
				m.DataRestore.Observe(c.Took.Seconds())
			}
		} else {
			m.RedisUp.Set(0)
		}
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// consumerName names this process among the queue's workers: host, pid and
// a random part, unique across replicas and restarts.
func consumerName() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "kbbot"
	}
	r := make([]byte, 4)
	_, _ = rand.Read(r) // crypto/rand.Read never fails
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(r))
}
