package handlers

import (
	"context"
	"log/slog"
	"slices"
	"sync/atomic"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Summarizer turns an answer's sources into one cited paragraph. It is
// implemented by knowledge/llm; a nil Summarizer means extractive answers,
// which is kbbot's default and always its fallback. A rate-limited call
// returns an error matching knowledge.ErrRateLimited.
type Summarizer interface {
	Summarize(ctx context.Context, question, followUp string, entries []knowledge.Entry) (knowledge.Summary, error)
	Model() string
}

// Embedder turns texts into vectors of meaning, one per text in order, all
// of one length, for hybrid search (knowledge/llm's Embedder). A nil
// Embedder means word search alone, which is kbbot's default and always
// its fallback. Model names the model: vectors are cached per model.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float32, error)
	Model() string
}

// Slack is what the use cases need to tell people things: DM an author,
// post a submission for review and update that post, post the digest. The
// bot package implements it (rendering these plain types as Block Kit);
// handlers never see a Slack type.
type Slack interface {
	// DM sends a direct message to a user.
	DM(ctx context.Context, user string, n Notice) error
	// PostReview posts a submission for moderators, with Approve, Edit and
	// Reject, and returns where the post is.
	PostReview(ctx context.Context, channel string, r Review) (MessageRef, error)
	// UpdateReview rewrites a review post in place (after a decision).
	UpdateReview(ctx context.Context, ref MessageRef, r Review) error
	// PostDigest posts the weekly digest of new lessons.
	PostDigest(ctx context.Context, channel string, d Digest) error
}

// Deps are the App's collaborators. Store, Index and Screener are required.
type Deps struct {
	Store    *redisstore.Store
	Index    *search.Index
	Screener *privacy.Screener
	// Slack is how the use cases tell people things (the bot's notifier);
	// nil sends nothing, which is right for the command line.
	Slack Slack
	// Moderators are the Slack user ids allowed to moderate.
	Moderators []string
	// ModerationChannel is where submissions are posted for review (empty:
	// each moderator gets them by DM); DigestChannel receives the weekly
	// digest (empty: no digest).
	ModerationChannel string
	DigestChannel     string
	// Summarizer, when set, turns answers into cited AI summaries, each
	// call bounded by LLMTimeout (default 10s).
	Summarizer Summarizer
	LLMTimeout time.Duration
	// LLMPerUserHour bounds the AI summaries one person can cause in an
	// hour, across replicas (0: no bound). Past it, their answers are
	// extractive.
	LLMPerUserHour int
	// Embedder, when set, turns on hybrid search (vectors.go): entries and
	// questions are embedded, a question within LLMTimeout.
	// EmbedTitlesOnly (KBBOT_LLM_CONTEXT=titles) embeds an entry's title,
	// summary and tags, never its body. VectorsReadOnly embeds what the
	// cache lacks in memory and writes nothing (eval against a real Redis).
	Embedder        Embedder
	EmbedTitlesOnly bool
	VectorsReadOnly bool
	// Now replaces time.Now in tests.
	Now func() time.Time
}

// App runs kbbot's use cases. Its methods are safe for concurrent use.
type App struct {
	lg         *slog.Logger
	store      *redisstore.Store
	index      *search.Index
	screener   *privacy.Screener
	now        func() time.Time
	moderators []string
	modChannel string
	digestChan string
	slack      Slack
	summarizer Summarizer
	llmTimeout time.Duration
	llmPerUser int
	sync       indexSync
	// snap is the catalogue's view of the index (catalogue.go); terms
	// caches gap questions' topic terms (gaps.go).
	snap     atomic.Pointer[snapshot]
	terms    termsCache
	embedder Embedder
	vec      vectorSync
}

// New returns an App.
func New(lg *slog.Logger, d Deps) *App {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	a := &App{
		lg: lg, store: d.Store, index: d.Index, screener: d.Screener, now: now,
		moderators: slices.Clone(d.Moderators), modChannel: d.ModerationChannel, digestChan: d.DigestChannel,
		slack: d.Slack, summarizer: d.Summarizer, llmTimeout: d.LLMTimeout, llmPerUser: d.LLMPerUserHour, embedder: d.Embedder,
		vec: vectorSync{titlesOnly: d.EmbedTitlesOnly, readOnly: d.VectorsReadOnly, wake: make(chan struct{}, 1)},
	}
	if a.slack == nil {
		a.slack = NopSlack()
	}
	if a.llmTimeout <= 0 {
		a.llmTimeout = 10 * time.Second
	}
	return a
}

// IsModerator reports whether user may moderate. Every moderator action
// checks it on the server, whatever the message a button came from shows.
func (a *App) IsModerator(user string) bool {
	return user != "" && slices.Contains(a.moderators, user)
}

// Moderators returns the moderators' user ids.
func (a *App) Moderators() []string { return slices.Clone(a.moderators) }

// Ping reports whether the store answers, for readiness checks.
func (a *App) Ping(ctx context.Context) error { return a.store.Ping(ctx) }
