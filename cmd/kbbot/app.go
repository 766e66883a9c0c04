package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// backend is an open store with what it takes to close it.
type backend struct {
	rdb      redis.UniversalClient
	store    *redisstore.Store
	embedded bool
	close    func()
}

// openStore connects to REDIS_URL, or starts the embedded store when it is
// unset and says on stderr that nothing will persist.
func openStore(ctx context.Context, cfg config, stderr io.Writer) (*backend, error) {
	if cfg.RedisURL == "" {
		emb, err := redisstore.StartEmbedded()
		if err != nil {
			return nil, err
		}
		fmt.Fprintln(stderr, "kbbot: REDIS_URL is not set: using the embedded in-memory store; nothing will persist after kbbot exits")
		return &backend{rdb: emb.Client, store: redisstore.New(emb.Client, cfg.Namespace), embedded: true, close: func() { emb.Close() }}, nil
	}
	opts, err := parseRedisURL(cfg.RedisURL)
	if err != nil {
		return nil, usagef("REDIS_URL: %v", err)
	}
	rdb := redis.NewUniversalClient(opts)
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		rdb.Close()
		return nil, fmt.Errorf("cannot reach Redis at %s: %w", redactURL(cfg.RedisURL), err)
	}
	return &backend{rdb: rdb, store: redisstore.New(rdb, cfg.Namespace), close: func() { rdb.Close() }}, nil
}

// redactURL drops the password from a Redis URL for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "REDIS_URL"
	}
	return u.Redacted()
}

// newSummarizer returns the LLM client when OPENAI_API_KEY is set, else nil
// (extractive answers). reg may be nil (command-line use).
func newSummarizer(lg *slog.Logger, cfg config, reg prometheus.Registerer) (handlers.Summarizer, error) {
	if cfg.OpenAIKey == "" {
		return nil, nil
	}
	c, err := llm.New(lg, llm.Config{
		APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel,
		APIType: cfg.OpenAIAPIType, APIVersion: cfg.OpenAIAPIVersion, Deployment: cfg.OpenAIDeployment,
		Context: cfg.LLMContext,
	}, privacy.New(privacy.DefaultAllowList()), reg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return c, nil
}

// newApp builds the use-case layer on an open store: it seeds an empty
// knowledge base and builds the search index. slack (how the use cases
// tell people things) and sum may be nil.
func newApp(ctx context.Context, lg *slog.Logger, b *backend, cfg config, slack handlers.Slack, sum ...handlers.Summarizer) (*handlers.App, error) {
	vocab, err := search.DefaultVocabulary()
	if err != nil {
		return nil, err
	}
	ix, err := search.New(lg, vocab)
	if err != nil {
		return nil, err
	}
	app := handlers.New(lg, handlers.Deps{
		Store:             b.store,
		Index:             ix,
		Screener:          privacy.New(privacy.DefaultAllowList()),
		Slack:             slack,
		Moderators:        cfg.Moderators,
		ModerationChannel: cfg.ModerationChannel,
		DigestChannel:     cfg.DigestChannel,
		Summarizer:        first(sum),
		LLMTimeout:        cfg.LLMTimeout,
	})
	if _, err := app.EnsureSeeded(ctx); err != nil {
		return nil, err
	}
	if err := app.LoadIndex(ctx); err != nil {
		return nil, err
	}
	return app, nil
}

func first(s []handlers.Summarizer) handlers.Summarizer {
	if len(s) == 0 {
		return nil
	}
	return s[0]
}

// openApp opens the store and builds the App on it, for the one-shot
// commands; the caller runs close when done.
func openApp(ctx context.Context, cfg config, lg *slog.Logger, stderr io.Writer, sum handlers.Summarizer) (*handlers.App, func(), error) {
	b, err := openStore(ctx, cfg, stderr)
	if err != nil {
		return nil, nil, err
	}
	app, err := newApp(ctx, lg, b, cfg, nil, sum)
	if err != nil {
		b.close()
		return nil, nil, err
	}
	return app, b.close, nil
}
