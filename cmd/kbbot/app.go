package main

import (
	"context"
	"fmt"
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

// embeddedNotice is said on stderr (or logged, by serve) whenever kbbot
// runs on the embedded store.
const embeddedNotice = "REDIS_URL is not set: using the embedded in-memory store; nothing will persist after kbbot exits"

// backend is an open store with what it takes to close it.
type backend struct {
	rdb      redis.UniversalClient
	store    *redisstore.Store
	embedded bool
	// where names the knowledge base for messages: the namespace and the
	// Redis it lives on, without the password.
	where string
	close func()
}

// storeAccess is what a command may do to the store.
type storeAccess int

const (
	readWrite storeAccess = iota
	// readOnly: every write command is refused by the client itself
	// (readonly.go), for export, audit and check.
	readOnly
)

// openStore connects to REDIS_URL, or starts the embedded store when it is
// unset. cmdName names the command in read-only refusals.
func openStore(ctx context.Context, cfg config, access storeAccess, cmdName string) (*backend, error) {
	b := &backend{}
	if cfg.RedisURL == "" {
		emb, err := redisstore.StartEmbedded()
		if err != nil {
			return nil, err
		}
		b.rdb, b.embedded, b.close = emb.Client, true, func() { emb.Close() }
		b.where = fmt.Sprintf("namespace %q of the embedded store", cfg.Namespace)
	} else {
		target, err := parseRedisURL(cfg.RedisURL)
		if err != nil {
			return nil, usagef("REDIS_URL: %v", err)
		}
		rdb := target.newClient()
		pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := rdb.Ping(pctx).Err(); err != nil {
			rdb.Close()
			return nil, fmt.Errorf("cannot reach Redis at %s: %w", redactURL(cfg.RedisURL), err)
		}
		b.rdb, b.close = rdb, func() { rdb.Close() }
		b.where = fmt.Sprintf("namespace %q on %s", cfg.Namespace, redactURL(cfg.RedisURL))
	}
	if access == readOnly {
		b.rdb.AddHook(readOnlyHook{command: cmdName})
	}
	b.store = redisstore.New(b.rdb, cfg.Namespace)
	return b, nil
}

// openStore opens the store for a one-shot command, saying on stderr when
// it is the embedded one.
func (e *cmdEnv) openStore(ctx context.Context, access storeAccess, cmdName string) (*backend, error) {
	b, err := openStore(ctx, e.cfg, access, cmdName)
	if err == nil && b.embedded {
		fmt.Fprintln(e.stderr, "kbbot: "+embeddedNotice)
	}
	return b, err
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

// newEmbedder returns the embeddings client when OPENAI_EMBEDDING_MODEL is
// set, else nil (word search alone: nothing ever reaches /embeddings).
// It uses the chat client's endpoint, key and API type. reg may be nil
// (command-line use).
func newEmbedder(lg *slog.Logger, cfg config, reg prometheus.Registerer) (handlers.Embedder, error) {
	if cfg.EmbeddingModel == "" {
		return nil, nil
	}
	e, err := llm.NewEmbedder(lg, llm.EmbedConfig{
		APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, APIType: cfg.OpenAIAPIType, APIVersion: cfg.OpenAIAPIVersion,
		Model: cfg.EmbeddingModel, Deployment: cfg.EmbeddingDeployment,
	}, privacy.New(privacy.DefaultAllowList()), reg)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return e, nil
}

// appOptions say what newApp does besides building the App.
type appOptions struct {
	// seed loads the built-in seed into an empty knowledge base (serve,
	// import and ask, when KBBOT_SEED is on).
	seed bool
	// index builds the search index (serve and ask: the commands that
	// search). Export and audit never pay for it.
	index bool
	// sum, when set, writes AI summaries.
	sum handlers.Summarizer
	// slack, when set, is how the use cases tell people things (serve).
	slack handlers.Slack
	// embed, when set, turns on hybrid search (the caller loads the
	// vectors: serve in the background, ask and eval before asking);
	// vectorsReadOnly keeps what it embeds in memory only (eval against a
	// real Redis).
	embed           handlers.Embedder
	vectorsReadOnly bool
}

// newApp builds the use-case layer on an open store.
func newApp(ctx context.Context, lg *slog.Logger, b *backend, cfg config, opts appOptions) (*handlers.App, error) {
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
		Slack:             opts.slack,
		Moderators:        cfg.Moderators,
		ModerationChannel: cfg.ModerationChannel,
		DigestChannel:     cfg.DigestChannel,
		Summarizer:        opts.sum,
		LLMTimeout:        cfg.LLMTimeout,
		LLMPerUserHour:    cfg.LLMPerUserHour,
		Embedder:          opts.embed,
		EmbedTitlesOnly:   cfg.LLMContext == llm.ContextTitles,
		VectorsReadOnly:   opts.vectorsReadOnly,
	})
	if opts.seed {
		if _, err := app.EnsureSeeded(ctx); err != nil {
			return nil, err
		}
	}
	if opts.index {
		if err := app.LoadIndex(ctx); err != nil {
			return nil, err
		}
	}
	return app, nil
}
