package bot_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot"
	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// The end-to-end tests build kbbot's real stack in process: a real
// redis-server, the store, the search index over the seed content, the
// handlers, and the bot, talking to a fake Slack over HTTP. They drive it
// as Slack does (signed requests, or Socket Mode envelopes) and assert
// what it sent to Slack.

const (
	secret    = "8f742231b10e8888abcd99yyyzzz85a5"
	moderator = "UMOD"

	// wait bounds every wait for the bot: generous, for -race on a busy
	// machine; a passing test never waits this long.
	wait = 10 * time.Second

	xrayQuestion = "has anyone used AI to clear an x-ray backlog?"
	xrayTitle    = "AI fracture triage cleared a backlog of unreported X-rays"
)

// stackOptions tunes newStack.
type stackOptions struct {
	// rdb is a Redis shared with another stack (replicas); nil starts a
	// fresh redis-server.
	rdb *redis.Client
	// fake is a fake Slack shared with another stack; nil starts one.
	fake *bottest.Slack
	// workers sizes the bot's worker pool. 1 (the default) runs jobs one
	// at a time in arrival order, which is what makes barrier sound.
	workers int
	// socket builds the bot for Socket Mode (an app-level token, and no
	// /slack routes).
	socket bool
	// name tells replicas sharing a fake Slack apart in event ids and
	// barrier channels.
	name string
	// summarizer turns LLM summaries on, each bounded by llmTimeout.
	summarizer handlers.Summarizer
	llmTimeout time.Duration
	// embedder turns hybrid search on (vectors loaded at start).
	embedder handlers.Embedder
	// moderators replaces the default moderator list ({moderator});
	// modChannel is KBBOT_MODERATION_CHANNEL (empty: reviews by DM).
	moderators []string
	modChannel string
	// paused, when set and true, holds the queue's workers: jobs wait in
	// Redis (durable_e2e_test.go).
	paused *atomic.Bool
	// catalogueURL is bot.Config.CatalogueURL (the web catalogue on).
	catalogueURL string
}

// stack is one kbbot replica and what it talks to.
type stack struct {
	t     *testing.T
	fake  *bottest.Slack
	store *redisstore.Store
	rdb   *redis.Client
	app   *handlers.App
	bot   *bot.Bot
	reg   *prometheus.Registry
	srv   *httptest.Server
	logs  *bottest.Logs
	ctx   context.Context
	name  string
	// seq makes event ids, timestamps and barrier channels unique.
	seq *atomic.Int64
}

// with returns the stack as seen from a subtest, so that its helpers
// report failures on t.
func (s *stack) with(t *testing.T) *stack {
	c := *s
	c.t = t
	return &c
}

func newStack(t *testing.T, o stackOptions) *stack {
	t.Helper()
	lg, logs := bottest.Logger(t)
	if o.fake == nil {
		o.fake = bottest.NewSlack(t)
	}
	if o.rdb == nil {
		o.rdb = redistest.Client(t)
	}
	if o.workers == 0 {
		o.workers = 1
	}
	ctx := t.Context()
	store := redisstore.New(o.rdb, "kbtest")
	vocab, err := search.DefaultVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := search.New(lg, vocab)
	if err != nil {
		t.Fatal(err)
	}
	if o.moderators == nil {
		o.moderators = []string{moderator}
	}
	reg := prometheus.NewRegistry()
	m := bot.NewMetrics(reg)
	appToken := ""
	if o.socket {
		appToken = "xapp-test"
	}
	client := bot.NewClient(lg, m, bot.NewAPI(lg, "xoxb-test", appToken, o.fake.APIURL()))
	// As serve does: the use cases DM authors and post reviews through the
	// bot's notifier.
	app := handlers.New(lg, handlers.Deps{
		Store: store, Index: ix, Screener: privacy.New(privacy.DefaultAllowList()),
		Slack:      bot.NewNotifier(client),
		Moderators: o.moderators, ModerationChannel: o.modChannel,
		Summarizer: o.summarizer, LLMTimeout: o.llmTimeout, Embedder: o.embedder,
	})
	if _, err := app.EnsureSeeded(ctx); err != nil {
		t.Fatalf("EnsureSeeded: %v", err)
	}
	if err := app.LoadIndex(ctx); err != nil {
		t.Fatalf("LoadIndex: %v", err)
	}
	if err := app.LoadVectors(ctx, nil); err != nil {
		t.Fatalf("LoadVectors: %v", err)
	}
	b := bot.New(lg, bot.Config{
		SigningSecret: secret,
		Workers:       o.workers,
		// As serve does: work goes through the durable queue in Redis.
		Enqueue: func(ctx context.Context, eventID string, job []byte) (bool, error) {
			_, added, err := store.Enqueue(ctx, eventID, redisstore.EventClaimTTL, job)
			return added, err
		},
		CatalogueURL: o.catalogueURL,
		ClaimEvent: func(ctx context.Context, id string) (bool, error) {
			return store.ClaimEvent(ctx, id, redisstore.EventClaimTTL)
		},
		Ready: func(ctx context.Context) error {
			if err := app.Ping(ctx); err != nil {
				return errors.New("redis unreachable")
			}
			if !app.IndexReady() {
				return errors.New("search index not built")
			}
			return nil
		},
	}, app, client, m)
	b.SetIdentity(bottest.BotUserID, bottest.BotID)
	// Jobs run under their own context, cancelled only after Shutdown (as
	// serve does), so cleanup lets work in flight finish.
	workCtx, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	b.Start(workCtx)
	wcfg := redisstore.WorkerConfig{Consumer: "stack-" + o.name + "-" + t.Name(), Workers: o.workers}
	if o.paused != nil {
		wcfg.Paused = o.paused.Load
	}
	workers := store.StartWorkers(workCtx, lg, wcfg, redisstore.Handler{
		Do:     func(ctx context.Context, j redisstore.Job) error { return b.RunJob(ctx, j.Data, j.Attempt) },
		GiveUp: func(ctx context.Context, j redisstore.Job) { b.GiveUp(ctx, j.Data) },
	}, redisstore.NewQueueMetrics(reg, store))
	srv := httptest.NewServer(b.NewHandler(reg, !o.socket))
	t.Cleanup(func() {
		srv.Close()
		sctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		if err := workers.Stop(sctx); err != nil {
			t.Errorf("workers stop: %v", err)
		}
		if err := b.Shutdown(sctx); err != nil {
			t.Errorf("bot shutdown: %v", err)
		}
		stopWork()
	})
	return &stack{t: t, fake: o.fake, store: store, rdb: o.rdb, app: app, bot: b, reg: reg, srv: srv, logs: logs, ctx: ctx, name: o.name, seq: new(atomic.Int64)}
}

// next returns a number unique to this stack, for ids and timestamps.
func (s *stack) next() int64 { return s.seq.Add(1) }

// ts returns a fresh Slack-style message timestamp.
func (s *stack) ts() string { return fmt.Sprintf("1710000000.%06d", s.next()) }

// eventID returns a fresh event id.
func (s *stack) eventID() string { return fmt.Sprintf("Ev%s%08d", strings.ToUpper(s.name), s.next()) }

// event delivers an event_callback to /slack/events, signed, and returns
// the bot's answer. extra headers (X-Slack-Retry-Num) are added.
func (s *stack) event(body []byte, header ...string) bottest.Response {
	s.t.Helper()
	req := bottest.EventRequest(s.t, s.srv.URL+"/slack/events", secret, body)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return bottest.Do(s.t, req)
}

// deliver sends an inner event with a fresh event id and checks it was
// acknowledged with a 2xx within Slack's three seconds.
func (s *stack) deliver(inner map[string]any) string {
	s.t.Helper()
	id := s.eventID()
	resp := s.event(bottest.JSON(bottest.EventCallback(id, inner)))
	ackedInTime(s.t, resp)
	return id
}

// command posts a slash command and returns the immediate answer.
func (s *stack) command(form url.Values) bottest.Response {
	s.t.Helper()
	return bottest.Do(s.t, bottest.CommandRequest(s.t, s.srv.URL+"/slack/commands", secret, form))
}

// interact posts an interaction payload and returns the immediate answer.
func (s *stack) interact(payload map[string]any) bottest.Response {
	s.t.Helper()
	return bottest.Do(s.t, bottest.InteractionRequest(s.t, s.srv.URL+"/slack/interactivity", secret, payload))
}

// get fetches a path of the bot's HTTP server.
func (s *stack) get(path string) bottest.Response {
	s.t.Helper()
	req, err := http.NewRequestWithContext(s.ctx, http.MethodGet, s.srv.URL+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	return bottest.Do(s.t, req)
}

// barrier delivers an answerable DM in a channel of its own and waits for
// its answer. With one worker, jobs run in arrival order, so every event
// delivered before the barrier has been fully handled once it returns:
// a test can then assert that something was *not* sent. Two stacks on one
// Redis share one queue, and either worker may take the barrier: there,
// waitQueueEmpty is the barrier.
func (s *stack) barrier() {
	s.t.Helper()
	ch := fmt.Sprintf("DBARRIER%s%d", strings.ToUpper(s.name), s.next())
	s.deliver(bottest.Message("UBARRIER", ch, "im", s.ts(), "", xrayQuestion))
	s.fake.WaitFor(s.t, "the barrier's answer in "+ch, 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == ch && c.OK()
	})
}

// posts returns the successful chat.postMessage calls to channel.
func (s *stack) posts(channel string) []bottest.Call {
	return s.fake.Find(func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == channel && c.OK()
	})
}

// waitPost waits for a successful chat.postMessage to channel.
func (s *stack) waitPost(channel string) bottest.Call {
	s.t.Helper()
	return s.fake.WaitFor(s.t, "an answer posted to "+channel, 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == channel && c.OK()
	})[0]
}

// waitResponse waits for a post to the response_url with the given id
// that matches, and returns it.
func (s *stack) waitResponse(id, want string, match func(bottest.Call) bool) bottest.Call {
	s.t.Helper()
	calls := s.fake.WaitFor(s.t, want+" at response_url "+id, 1, wait, func(c bottest.Call) bool {
		return c.Method == bottest.ResponseURLMethod && c.ResponseID == id && match(c)
	})
	return calls[0]
}

// counter reads a counter (summed over its labels) from the registry.
func (s *stack) counter(name string) float64 {
	s.t.Helper()
	mfs, err := s.reg.Gather()
	if err != nil {
		s.t.Fatalf("gather metrics: %v", err)
	}
	total := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			total += m.GetCounter().GetValue()
		}
	}
	return total
}

// gaps reads the moderators' gaps list from the store, newest first.
func (s *stack) gaps() []handlers.Gap {
	s.t.Helper()
	out, err := redisstore.ListOf[handlers.Gap](s.ctx, s.store, redisstore.ListGaps, 100)
	if err != nil {
		s.t.Fatalf("read gaps: %v", err)
	}
	return out
}

// feedback reads the stored feedback, newest first.
func (s *stack) feedback() []handlers.Feedback {
	s.t.Helper()
	out, err := redisstore.ListOf[handlers.Feedback](s.ctx, s.store, redisstore.ListFeedback, 100)
	if err != nil {
		s.t.Fatalf("read feedback: %v", err)
	}
	return out
}

// ackedInTime checks a delivery was acknowledged with a 2xx within Slack's
// three seconds.
func ackedInTime(t *testing.T, resp bottest.Response) {
	t.Helper()
	if resp.Status/100 != 2 {
		t.Fatalf("delivery answered %d %q, want 2xx", resp.Status, resp.Body)
	}
	if resp.Elapsed > 3*time.Second {
		t.Errorf("delivery acknowledged after %v, over Slack's 3 s", resp.Elapsed)
	}
}

// checkAnswerBlocks checks an answer message: a text fallback, blocks
// within Slack's limits (the fake checks those too), and the buttons.
func checkAnswerBlocks(t *testing.T, c bottest.Call, buttons ...string) {
	t.Helper()
	if strings.TrimSpace(c.Value("text")) == "" {
		t.Errorf("answer has no text fallback")
	}
	blocks, err := c.Blocks()
	if err != nil {
		t.Fatalf("answer blocks: %v", err)
	}
	if len(blocks) == 0 || len(blocks) > 50 {
		t.Errorf("answer has %d blocks, want 1 to 50", len(blocks))
	}
	for _, id := range buttons {
		if c.Action(id) == nil {
			t.Errorf("answer has no %s button", id)
		}
	}
}

// mention is "<@UBOT> text", as Slack writes a mention.
func mention(text string) string { return "<@" + bottest.BotUserID + "> " + text }
