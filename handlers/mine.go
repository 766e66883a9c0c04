package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// MySubmission is one of a user's own lessons, for /kb mine.
type MySubmission struct {
	Entry      knowledge.Entry
	Submission Submission
}

// Mine returns the lessons user submitted, newest first.
func (a *App) Mine(ctx context.Context, user string) ([]MySubmission, error) {
	ids, err := a.store.SubmissionsBy(ctx, user)
	if err != nil {
		return nil, err
	}
	entries, err := a.store.GetMany(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]MySubmission, 0, len(entries))
	for _, e := range entries {
		sub, err := a.submission(ctx, e.ID)
		if err != nil && !errors.Is(err, knowledge.ErrNotFound) {
			return nil, err
		}
		out = append(out, MySubmission{Entry: e, Submission: sub})
	}
	slices.SortFunc(out, func(x, y MySubmission) int { return y.Submission.SubmittedAt.Compare(x.Submission.SubmittedAt) })
	return out, nil
}

// requireAuthor checks, on the server, that user sent the lesson.
func (a *App) requireAuthor(ctx context.Context, user, id string) (Submission, error) {
	sub, err := a.submission(ctx, id)
	if err != nil {
		return sub, err
	}
	if sub.Author != user {
		a.lg.Warn("author action refused", "user", user, "entry_id", id)
		return sub, knowledge.Errorf(knowledge.EForbidden, "", "Only the person who shared a lesson can change it. Nothing was changed.")
	}
	return sub, nil
}

// Withdraw takes a user's own lesson back: it leaves answers at once,
// whatever its status. The audit log keeps only its id.
func (a *App) Withdraw(ctx context.Context, user, id string) (knowledge.Entry, error) {
	sub, err := a.requireAuthor(ctx, user, id)
	if err != nil {
		return knowledge.Entry{}, err
	}
	before, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		if e.Status == knowledge.StatusArchived {
			return knowledge.Errorf(knowledge.EConflict, "", "You have already withdrawn this lesson.")
		}
		e.Status = knowledge.StatusArchived
		e.UpdatedAt = knowledge.NewDate(a.now().UTC())
		return nil
	})
	if err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{Actor: auditActor(user, sub.Anonymous), Action: ActionWithdraw, EntryID: id, Before: before.Status, After: after.Status}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after a withdrawal", "entry_id", id, "err", err)
	}
	now := a.now().UTC()
	if before.Status == knowledge.StatusPending {
		d := Decision{Status: knowledge.StatusArchived, By: user, At: now}
		a.updateReviews(ctx, sub, Review{Entry: after, Author: sub.Author, Anonymous: sub.Anonymous, Decision: &d})
	} else {
		// Decided before: the post keeps its decision and says the lesson
		// has left answers since.
		r := a.reviewOf(ctx, after, sub)
		r.Later = &Decision{Status: knowledge.StatusArchived, At: now}
		a.updateReviews(ctx, sub, r)
	}
	a.lg.Info("lesson withdrawn", "entry_id", id)
	return after, nil
}

// OutcomeUpdate is what an author reports later about a pilot.
type OutcomeUpdate struct {
	Outcome    string
	StopReason string
	Evidence   string
	Note       string
}

// MaxNoteLen bounds an outcome update's note.
const MaxNoteLen = 1500

// UpdateOutcome records a pilot's outcome as its author now knows it (the
// report's point: most pilots are too young to judge when first shared).
// The note is appended to the lesson's body, dated. Problems come back as
// a *FormError keyed by field.
func (a *App) UpdateOutcome(ctx context.Context, user, id string, u OutcomeUpdate) (knowledge.Entry, error) {
	sub, err := a.requireAuthor(ctx, user, id)
	if err != nil {
		return knowledge.Entry{}, err
	}
	u.Note = strings.TrimSpace(u.Note)
	if errs := a.checkOutcomeUpdate(u); len(errs) > 0 {
		return knowledge.Entry{}, &FormError{Fields: errs}
	}
	now := a.now().UTC()
	before, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		return applyOutcome(e, u, now)
	})
	if err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{At: now, Actor: auditActor(user, sub.Anonymous), Action: ActionUpdateOutcome, EntryID: id, Before: before.Status, After: after.Status}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	a.recordOutcome(ctx, before, after, now)
	a.lg.Info("pilot outcome updated", "entry_id", id, "outcome", string(after.Outcome))
	return after, nil
}

// checkOutcomeUpdate returns every problem with an outcome update, keyed
// by field, without quoting what was typed.
func (a *App) checkOutcomeUpdate(u OutcomeUpdate) map[string]string {
	errs := map[string]string{}
	if !knowledge.Outcome(u.Outcome).Valid() {
		errs[FieldOutcome] = "Please choose one."
	}
	if u.Evidence != "" && !knowledge.Evidence(u.Evidence).Valid() {
		errs[FieldEvidence] = "Please choose one of the options."
	}
	if u.StopReason != "" && !knowledge.StopReason(u.StopReason).Valid() {
		errs[FieldStopReason] = "Please choose one of the options."
	}
	if n := utf8.RuneCountInString(u.Note); n > MaxNoteLen {
		errs["note"] = fmt.Sprintf("At most %d characters (this has %d).", MaxNoteLen, n)
	}
	if f, found := a.screener.First(u.Note); found {
		errs["note"] = "This " + f.Kind.Message() + ". Please remove it: kbbot never stores patient or personal details."
	}
	return errs
}

// applyOutcome writes a checked update into a lesson: the outcome (and why
// it stopped), the evidence, and the note appended to the body, dated. A
// withdrawn or rejected lesson is not updated.
func applyOutcome(e *knowledge.Entry, u OutcomeUpdate, now time.Time) error {
	if e.Status == knowledge.StatusArchived || e.Status == knowledge.StatusRejected {
		return knowledge.Errorf(knowledge.EConflict, "", "This lesson is %s, so it can't be updated. Share it again with `/kb share`.", strings.ToLower(e.Status.Label()))
	}
	e.Outcome = knowledge.Outcome(u.Outcome)
	e.StopReason = ""
	if e.Outcome == knowledge.OutcomeAbandoned {
		e.StopReason = knowledge.StopReason(u.StopReason)
	}
	if u.Evidence != "" {
		e.Evidence = knowledge.Evidence(u.Evidence)
	}
	if u.Note != "" {
		e.Body = strings.TrimSpace(e.Body + fmt.Sprintf("\n\n## Update (%s): %s\n\n%s", now.Format("January 2006"), strings.ToLower(e.Outcome.Label()), u.Note))
	}
	e.UpdatedAt = knowledge.NewDate(now)
	if fe := knowledge.Validate(*e); fe != nil {
		return &FormError{Fields: map[string]string{"note": capitalise(fe[0].Msg) + "."}}
	}
	return nil
}

// OwnEntry returns one of user's own lessons (for the Update outcome form),
// refusing anyone but its author.
func (a *App) OwnEntry(ctx context.Context, user, id string) (knowledge.Entry, error) {
	if _, err := a.requireAuthor(ctx, user, id); err != nil {
		return knowledge.Entry{}, err
	}
	return a.store.Get(ctx, id)
}
