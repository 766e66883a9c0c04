package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/bot"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// runCheck validates the configuration and reaches Redis, Slack
// (auth.test) and the LLM endpoint when set, without serving. It prints
// one line per check and fails (exit 1) if any fails.
func runCheck(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usagef("check: takes no arguments")
	}
	failed := 0
	report := func(ok bool, what, detail string) {
		mark := "ok  "
		if !ok {
			mark = "FAIL"
			failed++
		}
		fmt.Fprintf(stdout, "%s %-14s %s\n", mark, what, detail)
	}
	probs := cfg.problems(cfg.SlackBotToken != "")
	report(len(probs) == 0, "configuration", strings.Join(probs, "; "))
	mode := "HTTP mode"
	if cfg.SlackAppToken != "" {
		mode = "Socket Mode"
	}
	report(true, "mode", mode)

	lg := newLogger(cfg, io.Discard, slog.LevelError)
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if b, err := openStore(cctx, cfg, stderr); err != nil {
		report(false, "redis", oneLine(err.Error()))
	} else {
		n, err := b.store.Count(cctx)
		detail := fmt.Sprintf("reachable, %d entries under namespace %q", n, cfg.Namespace)
		if b.embedded {
			detail = "REDIS_URL unset: embedded in-memory store (nothing persists)"
		}
		report(err == nil, "redis", detail)
		b.close()
	}
	if vocab, err := search.DefaultVocabulary(); err != nil {
		report(false, "vocabulary", err.Error())
	} else {
		report(true, "vocabulary", fmt.Sprintf("%d concepts, %d terms", vocab.ConceptCount(), vocab.TermCount()))
	}
	if strings.HasPrefix(cfg.SlackBotToken, "xoxb-") && (cfg.SlackAPIURL == "" || isHTTPURL(cfg.SlackAPIURL)) {
		m := bot.NewMetrics(prometheus.NewRegistry())
		client := bot.NewClient(lg, m, bot.NewAPI(lg, cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackAPIURL))
		auth, err := client.AuthTest(cctx)
		if err != nil {
			report(false, "slack", "auth.test: "+oneLine(err.Error()))
		} else {
			report(true, "slack", fmt.Sprintf("auth.test ok: bot user %s in team %s", auth.UserID, auth.TeamID))
		}
	} else if cfg.SlackBotToken == "" {
		report(true, "slack", "skipped (SLACK_BOT_TOKEN not set)")
	} else {
		report(false, "slack", "skipped: fix SLACK_BOT_TOKEN or SLACK_API_URL first")
	}
	if cfg.OpenAIKey != "" {
		sum, err := newSummarizer(lg, cfg, nil)
		if err != nil {
			report(false, "llm", oneLine(err.Error()))
		} else {
			probe := []knowledge.Entry{{ID: "check", Kind: knowledge.KindInsight, Title: "kbbot check", Summary: "kbbot configuration check.", Status: knowledge.StatusApproved}}
			s, err := sum.Summarize(cctx, "Reply with the word ok and cite [1].", "", probe)
			if err != nil {
				report(false, "llm", oneLine(err.Error()))
			} else {
				report(true, "llm", fmt.Sprintf("model %s answered (%d tokens in, %d out)", s.Model, s.PromptTokens, s.CompletionTokens))
			}
		}
	} else {
		report(true, "llm", "off (OPENAI_API_KEY not set): extractive answers")
	}
	if failed > 0 {
		return fmt.Errorf("check: %d check%s failed", failed, plural(failed))
	}
	return nil
}

// runHealthcheck asks a running kbbot on KBBOT_ADDR for /healthz: the
// container image has no curl, so the image's HEALTHCHECK runs this.
func runHealthcheck(ctx context.Context, cfg config, stdout io.Writer) error {
	_, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return usagef("KBBOT_ADDR: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+port+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /healthz answered %d", resp.StatusCode)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
