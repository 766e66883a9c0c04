package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/bot"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// checkCommand is `kbbot check`.
func checkCommand() command {
	return command{
		name:    "check",
		args:    "",
		summary: "validate the configuration as serve would and reach Redis, Slack, the LLM and embeddings (only reads)",
		about: `Validates the configuration exactly as serve does, then reaches everything
serve needs: Redis (read only), Slack with the bot token (auth.test) and, in
Socket Mode, with the app-level token (apps.connections.open), the LLM
endpoint when OPENAI_API_KEY is set, and the embeddings endpoint when
OPENAI_EMBEDDING_MODEL is set. Prints one line per check (ok, FAIL or
skip) and exits 1 if any failed, so it fails whenever serve would refuse to
start. It never writes to Redis.`,
		config: configOwn,
		setup: func(*flag.FlagSet) action {
			return func(ctx context.Context, e *cmdEnv, args []string) error {
				if len(args) > 0 {
					return usagef("check: takes no arguments")
				}
				return runCheck(ctx, e)
			}
		},
	}
}

// runCheck prints one line per check and fails (exit 1) if any fails.
func runCheck(ctx context.Context, e *cmdEnv) error {
	cfg := e.cfg
	failed := 0
	report := func(mark, what, detail string) {
		if mark == "FAIL" {
			failed++
		}
		fmt.Fprintf(e.stdout, "%-4s %-14s %s\n", mark, what, detail)
	}
	okOrFail := func(err error) string {
		if err != nil {
			return "FAIL"
		}
		return "ok"
	}

	// What serve validates before it starts, one line each.
	probs := cfg.problems(true)
	for _, p := range probs {
		report("FAIL", "configuration", p)
	}
	if len(probs) == 0 {
		report("ok", "configuration", "everything serve needs is set and well formed")
	}
	mode := "HTTP mode: Slack sends requests to /slack/* on " + cfg.Addr
	if cfg.SlackAppToken != "" {
		mode = "Socket Mode: kbbot connects out to Slack"
	}
	report("ok", "mode", mode)

	lg := newLogger(cfg, e.stderr, slog.LevelError)
	cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	checkRedis(cctx, cfg, report)
	if vocab, err := search.DefaultVocabulary(); err != nil {
		report("FAIL", "vocabulary", err.Error())
	} else {
		report("ok", "vocabulary", fmt.Sprintf("%d concepts, %d terms", vocab.ConceptCount(), vocab.TermCount()))
	}

	switch {
	case cfg.SlackBotToken == "":
		report("skip", "slack", "SLACK_BOT_TOKEN is not set")
	case !strings.HasPrefix(cfg.SlackBotToken, "xoxb-") || (cfg.SlackAPIURL != "" && !isHTTPURL(cfg.SlackAPIURL)):
		report("skip", "slack", "fix SLACK_BOT_TOKEN or SLACK_API_URL first")
	default:
		m := bot.NewMetrics(prometheus.NewRegistry())
		api := bot.NewAPI(lg, cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackAPIURL)
		auth, err := bot.NewClient(lg, m, api).AuthTest(cctx)
		detail := "auth.test: " + slackCause(err)
		if err == nil {
			detail = fmt.Sprintf("auth.test ok: bot user %s in team %s", auth.UserID, auth.TeamID)
		}
		report(okOrFail(err), "slack", detail)
		if cfg.SlackAppToken != "" && strings.HasPrefix(cfg.SlackAppToken, "xapp-") {
			// The app-level token is only used to open Socket Mode
			// connections: ask for one (and do not dial it).
			_, _, err := api.StartSocketModeContext(cctx)
			detail := "apps.connections.open ok: the app-level token can open Socket Mode connections"
			if err != nil {
				detail = "apps.connections.open: " + slackCause(err) + " (check SLACK_APP_TOKEN has the connections:write scope and Socket Mode is on)"
			}
			report(okOrFail(err), "slack-app", detail)
		}
	}

	if cfg.OpenAIKey == "" {
		report("ok", "llm", "off (OPENAI_API_KEY not set): extractive answers")
	} else if sum, err := newSummarizer(lg, cfg, nil); err != nil {
		report("FAIL", "llm", oneLine(err.Error()))
	} else {
		probe := []knowledge.Entry{{ID: "check", Kind: knowledge.KindInsight, Title: "kbbot check", Summary: "kbbot configuration check.", Status: knowledge.StatusApproved}}
		s, err := sum.Summarize(cctx, "Reply with the word ok and cite [1].", "", probe)
		detail := "llm: " + oneLine(fmt.Sprint(err))
		if err == nil {
			detail = fmt.Sprintf("model %s answered (%d tokens in, %d out)", s.Model, s.PromptTokens, s.CompletionTokens)
		}
		report(okOrFail(err), "llm", detail)
	}
	checkEmbeddings(cctx, lg, cfg, report)
	if failed > 0 {
		return fmt.Errorf("check: %d check%s failed", failed, plural(failed))
	}
	return nil
}

// checkEmbeddings embeds one fixed text when OPENAI_EMBEDDING_MODEL is
// set, so a wrong model, deployment or key shows before serve falls back
// to word search because of it.
func checkEmbeddings(ctx context.Context, lg *slog.Logger, cfg config, report func(mark, what, detail string)) {
	if cfg.EmbeddingModel == "" {
		report("ok", "embeddings", "off (OPENAI_EMBEDDING_MODEL not set): word search only")
		return
	}
	emb, err := newEmbedder(lg, cfg, nil)
	if err != nil {
		report("FAIL", "embeddings", oneLine(err.Error()))
		return
	}
	vecs, err := emb.Embed(ctx, []string{"kbbot configuration check"})
	if err != nil {
		report("FAIL", "embeddings", "model "+cfg.EmbeddingModel+": "+oneLine(err.Error()))
		return
	}
	report("ok", "embeddings", fmt.Sprintf("model %s answered a vector of %d dimensions: hybrid search on", cfg.EmbeddingModel, len(vecs[0])))
}

// checkRedis reaches Redis read-only and says what it holds.
func checkRedis(ctx context.Context, cfg config, report func(mark, what, detail string)) {
	b, err := openStore(ctx, cfg, readOnly, "check")
	if err != nil {
		report("FAIL", "redis", oneLine(err.Error()))
		return
	}
	defer b.close()
	if b.embedded {
		report("ok", "redis", "REDIS_URL unset: embedded in-memory store (nothing persists; one replica only)")
		return
	}
	n, err := b.store.Count(ctx)
	if err != nil {
		report("FAIL", "redis", oneLine(err.Error()))
		return
	}
	detail := fmt.Sprintf("reachable, %d entries at %s", n, b.where)
	if n == 0 && cfg.Seed {
		detail += " (empty: serve will load the built-in seed)"
	} else if n == 0 {
		detail += " (empty, and KBBOT_SEED=off: import your knowledge base)"
	}
	report("ok", "redis", detail)
	checkSnapshot(ctx, b.store, report)
}

// checkSnapshot says whether the knowledge base has a search index
// snapshot this binary can load (a replica starting loads it instead of
// building), and how current it is.
func checkSnapshot(ctx context.Context, store *redisstore.Store, report func(mark, what, detail string)) {
	m, ok, err := store.Snapshot(ctx)
	switch {
	case err != nil:
		report("FAIL", "snapshot", oneLine(err.Error()))
		return
	case !ok:
		report("ok", "snapshot", "none yet: the first serve builds the search index and writes one")
		return
	}
	detail := fmt.Sprintf("%d entries, %.1f MB, written %s at change %s", m.Entries, float64(m.Bytes)/(1<<20),
		m.Written.Format(time.RFC3339), m.Pos)
	vocab, err := search.DefaultVocabulary()
	if err == nil {
		var ix *search.Index
		if ix, err = search.New(slog.New(slog.DiscardHandler), vocab); err == nil {
			switch {
			case m.Index != ix.Fingerprint():
				detail += " (from another version of kbbot: the next serve builds and replaces it)"
			case m.Screen != privacy.Version:
				detail += " (from another privacy screen: the next serve builds and replaces it)"
			default:
				detail += " (loadable: replicas start from it)"
			}
		}
	}
	report("ok", "snapshot", detail)
}

// slackCause names why a Slack call failed: Slack's error string, the HTTP
// status, or the address that could not be reached.
func slackCause(err error) string {
	var se slack.SlackErrorResponse
	var sc slack.StatusCodeError
	var ue *url.Error
	var ne net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &se):
		return se.Err
	case errors.As(err, &sc):
		return fmt.Sprintf("HTTP %d %s", sc.Code, sc.Status)
	case errors.As(err, &ue):
		u, perr := url.Parse(ue.URL)
		host := "the Slack API"
		if perr == nil {
			host = u.Host
		}
		cause := ue.Err.Error()
		if errors.As(ue.Err, &ne) && ne.Timeout() {
			cause = "timed out"
		}
		return fmt.Sprintf("cannot reach %s: %s", host, cause)
	}
	return oneLine(err.Error())
}
