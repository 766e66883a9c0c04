package handlers

import (
	"context"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Home is what a user's App Home shows.
type Home struct {
	// Newest are the most recently approved pilot lessons.
	Newest []Source
	// Moderator is true for moderators, who also see how many submissions
	// wait for review.
	Moderator bool
	Pending   int
}

// homeLessons is how many new lessons the home view lists.
const homeLessons = 5

// Home returns the App Home for user.
func (a *App) Home(ctx context.Context, user string) (Home, error) {
	h := Home{Moderator: a.IsModerator(user)}
	recent, err := a.store.ByStatus(ctx, knowledge.StatusApproved, 200, true)
	if err != nil {
		return h, err
	}
	for _, e := range recent {
		if e.Kind != knowledge.KindPilot {
			continue
		}
		h.Newest = append(h.Newest, sourceOf(e, 0))
		if len(h.Newest) == homeLessons {
			break
		}
	}
	if h.Moderator {
		counts, err := a.store.CountByStatus(ctx)
		if err != nil {
			return h, err
		}
		h.Pending = counts[knowledge.StatusPending]
	}
	return h, nil
}
