package handlers

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Deps are the App's collaborators. Store, Index and Screener are required.
type Deps struct {
	Store    *redisstore.Store
	Index    *search.Index
	Screener *privacy.Screener
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
	sync       indexSync
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
		slack: NopSlack(), summarizer: d.Summarizer, llmTimeout: d.LLMTimeout,
	}
	if a.llmTimeout <= 0 {
		a.llmTimeout = 10 * time.Second
	}
	return a
}

// UseSlack sets how the App tells people things. Call it once, before
// serving: the bot implements Slack and is built after the App.
func (a *App) UseSlack(s Slack) { a.slack = s }

// IsModerator reports whether user may moderate. Every moderator action
// checks it on the server, whatever the message a button came from shows.
func (a *App) IsModerator(user string) bool {
	return user != "" && slices.Contains(a.moderators, user)
}

// Moderators returns the moderators' user ids.
func (a *App) Moderators() []string { return slices.Clone(a.moderators) }

// Ping reports whether the store answers, for readiness checks.
func (a *App) Ping(ctx context.Context) error { return a.store.Ping(ctx) }
