package handlers

import (
	"context"
	"errors"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Details returns the whole entry behind a source, for user to read: every
// fact, the full body, source, link and contact. Anyone may read an
// approved entry; a submission still waiting for review (or one withdrawn
// or rejected) only its author and the moderators. Otherwise, and when the
// entry is gone, a *knowledge.Error says it is no longer available. The
// entry is read from the store, not the search index, so a moderator's
// Details on a queued submission works as well.
func (a *App) Details(ctx context.Context, user, id string) (knowledge.Entry, error) {
	e, err := a.store.Get(ctx, id)
	if errors.Is(err, knowledge.ErrNotFound) {
		return knowledge.Entry{}, errNoLongerAvailable()
	}
	if err != nil {
		return knowledge.Entry{}, err
	}
	if e.Status == knowledge.StatusApproved || a.IsModerator(user) {
		return e, nil
	}
	if sub, err := a.submission(ctx, id); err == nil && sub.Author == user && user != "" {
		return e, nil
	}
	return knowledge.Entry{}, errNoLongerAvailable()
}

func errNoLongerAvailable() error {
	return knowledge.Errorf(knowledge.ENotFound, "", "This entry is no longer available: it may have been withdrawn or archived since.")
}
