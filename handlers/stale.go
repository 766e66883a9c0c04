package handlers

import (
	"context"
	"slices"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Stale returns approved entries past their review date, most overdue
// first.
func (a *App) Stale(ctx context.Context, moderator string) ([]knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return nil, err
	}
	now := a.now()
	var out []knowledge.Entry
	for _, e := range a.index.Entries() {
		if due := e.DueForReview(); !due.IsZero() && due.Before(now) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y knowledge.Entry) int {
		if c := x.DueForReview().Compare(y.DueForReview()); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out, nil
}

// MarkReviewed records that a moderator checked an entry is still right:
// its review date becomes today and the next one follows from it.
func (a *App) MarkReviewed(ctx context.Context, moderator, id string) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	before, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		if e.Status != knowledge.StatusApproved {
			return knowledge.Errorf(knowledge.EConflict, "", "Only approved entries are reviewed.")
		}
		e.ReviewedAt = knowledge.Day(now)
		e.ReviewDue = knowledge.Date{}
		return nil
	})
	if err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{At: now, Actor: moderator, Action: ActionMarkReviewed, EntryID: id, Before: before.Status, After: after.Status}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Warn("search index not updated after a review", "entry_id", id, "err", err)
	}
	return after, nil
}
