package handlers

import (
	"log/slog"
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
	// Now replaces time.Now in tests.
	Now func() time.Time
}

// App runs kbbot's use cases. Its methods are safe for concurrent use.
type App struct {
	lg       *slog.Logger
	store    *redisstore.Store
	index    *search.Index
	screener *privacy.Screener
	now      func() time.Time
	sync     indexSync
}

// New returns an App.
func New(lg *slog.Logger, d Deps) *App {
	now := d.Now
	if now == nil {
		now = time.Now
	}
	return &App{lg: lg, store: d.Store, index: d.Index, screener: d.Screener, now: now}
}
