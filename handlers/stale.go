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
	if err := a.requireModeratorToSee(moderator, "the entries due for review"); err != nil {
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

// EntryForm is the moderators' edit form for any approved entry (a
// guidance note as much as a lesson), from /kb stale: the fields a review
// is likely to change. Field names are the entry's own (title, summary,
// body, tags, source, url), and the keys of a *FormError.
type EntryForm struct {
	Title   string
	Summary string
	Body    string
	Tags    string
	Source  string
	URL     string
}

// EntryEditForm returns an entry as the edit form, for a moderator.
func (a *App) EntryEditForm(ctx context.Context, moderator, id string) (EntryForm, error) {
	if err := a.requireModerator(moderator); err != nil {
		return EntryForm{}, err
	}
	e, err := a.store.Get(ctx, id)
	if err != nil {
		return EntryForm{}, err
	}
	return EntryForm{Title: e.Title, Summary: e.Summary, Body: e.Body, Tags: strings.Join(e.Tags, ", "), Source: e.Source, URL: e.URL}, nil
}

// SaveEntryEdit applies a moderator's edit to an entry, which counts as a
// review: its review date becomes today. Every field is screened for
// personal identifiers and the entry validated; problems come back as a
// *FormError keyed by field, and nothing is written. AfterEdit then shows
// the edit everywhere.
func (a *App) SaveEntryEdit(ctx context.Context, moderator, id string, f EntryForm) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	var before knowledge.Status
	_, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		before = e.Status
		edited := *e
		edited.Title, edited.Summary, edited.Body = strings.TrimSpace(f.Title), strings.TrimSpace(f.Summary), strings.TrimSpace(f.Body)
		edited.Source, edited.URL = strings.TrimSpace(f.Source), strings.TrimSpace(f.URL)
		edited.Tags = nil
		for _, t := range strings.Split(f.Tags, ",") {
			if t = strings.TrimSpace(t); t != "" {
				edited.Tags = append(edited.Tags, t)
			}
		}
		edited = knowledge.Normalize(edited)
		if errs := a.checkEntryForm(edited); len(errs) > 0 {
			return &FormError{Fields: errs}
		}
		edited.UpdatedAt = knowledge.NewDate(now)
		if edited.Status == knowledge.StatusApproved {
			edited.ReviewedAt = knowledge.Day(now)
			edited.ReviewDue = knowledge.Date{}
		}
		*e = edited
		return nil
	})
	if err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{At: now, Actor: moderator, Action: ActionEdit, EntryID: id, Before: before, After: after.Status}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	a.lg.Info("entry edited", "entry_id", id, "by", moderator)
	return after, nil
}

// checkEntryForm returns every problem with an edited entry, keyed by the
// form's fields, without quoting what was typed.
func (a *App) checkEntryForm(e knowledge.Entry) map[string]string {
	errs := map[string]string{}
	for _, f := range a.screenEntry(e) {
		for _, field := range strings.Split(f.field, "+") {
			errs[field] = "This " + f.kind.Message() + ". Please remove it: kbbot never stores patient or personal details."
		}
	}
	for _, fe := range knowledge.Validate(e) {
		if _, dup := errs[fe.Field]; !dup {
			errs[fe.Field] = capitalise(fe.Msg) + "."
		}
	}
	return errs
}

// Archive takes an entry out of answers for good (a moderator's decision,
// from /kb stale): it stays in the store and the export as archived. The
// review posts of a shared lesson say so.
func (a *App) Archive(ctx context.Context, moderator, id string) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	before, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		if e.Status == knowledge.StatusArchived {
			return knowledge.Errorf(knowledge.EConflict, "", "This entry is already archived. Nothing was changed.")
		}
		e.Status = knowledge.StatusArchived
		e.UpdatedAt = knowledge.NewDate(now)
		return nil
	})
	if err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{At: now, Actor: moderator, Action: ActionArchive, EntryID: id, Before: before.Status, After: after.Status}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after archiving", "entry_id", id, "err", err)
	}
	if sub, err := a.submission(ctx, id); err == nil {
		r := a.reviewOf(ctx, after, sub)
		r.Later = &Decision{Status: knowledge.StatusArchived, By: moderator, At: now}
		a.updateReviews(ctx, sub, r)
	}
	a.lg.Info("entry archived", "entry_id", id, "by", moderator)
	return after, nil
}
