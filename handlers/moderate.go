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

// errNotModerator is the polite refusal for anyone else who presses a
// moderator's button: the check is on the server, whatever the message
// showed them.
func errNotModerator() error {
	return knowledge.Errorf(knowledge.EForbidden, "", "Only kbbot moderators can review submissions. Nothing was changed.")
}

func (a *App) requireModerator(user string) error {
	if !a.IsModerator(user) {
		a.lg.Warn("moderator action refused", "user", user)
		return errNotModerator()
	}
	return nil
}

// decisionRecord remembers who decided a submission, to tell a second
// moderator who got there first.
type decisionRecord struct {
	Status knowledge.Status `json:"status"`
	By     string           `json:"by"`
	At     time.Time        `json:"at"`
}

// decide moves a pending submission to approved or rejected, once: the
// status check and the write are one atomic update, so a double click or
// two moderators at once yield one decision, one audit line and one DM.
func (a *App) decide(ctx context.Context, moderator, id string, to knowledge.Status, reason string) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	// The claim is a record written with SET NX before the status changes,
	// keyed by this version of the pending entry (so a resubmitted entry
	// can be decided again): whoever comes second reads from it who
	// decided.
	cur, err := a.store.Get(ctx, id)
	if err != nil {
		return knowledge.Entry{}, err
	}
	if cur.Status != knowledge.StatusPending {
		return knowledge.Entry{}, a.alreadyDecided(ctx, id, cur.Status)
	}
	d := decisionRecord{Status: to, By: moderator, At: now}
	claim := id + "@" + entryVersion(cur)
	won, err := a.store.SetRecordOnce(ctx, "decisionclaim", claim, d, 90*24*time.Hour)
	if err != nil {
		return knowledge.Entry{}, err
	}
	if !won {
		var w decisionRecord
		if found, err := a.store.GetRecord(ctx, "decisionclaim", claim, &w); err == nil && found {
			return knowledge.Entry{}, decidedBy(w)
		}
		return knowledge.Entry{}, a.alreadyDecided(ctx, id, knowledge.StatusPending)
	}
	if err := a.store.SetRecord(ctx, "decision", id, d, 0); err != nil {
		a.lg.Warn("could not record the decision", "entry_id", id, "err", err)
	}
	_, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		if e.Status != knowledge.StatusPending {
			return knowledge.Errorf(knowledge.EConflict, "", "This submission is no longer waiting for review (now: %s). Nothing was changed.", strings.ToLower(e.Status.Label()))
		}
		e.Status = to
		e.UpdatedAt = knowledge.NewDate(now)
		if to == knowledge.StatusApproved {
			e.ReviewedAt = knowledge.Day(now)
		}
		return nil
	})
	if err != nil {
		// Not decided after all (withdrawn meanwhile, or Redis failed):
		// release the claim so the record never names a decision that
		// did not happen.
		rctx := context.WithoutCancel(ctx)
		for _, k := range [][2]string{{"decisionclaim", claim}, {"decision", id}} {
			if derr := a.store.DeleteRecord(rctx, k[0], k[1]); derr != nil {
				a.lg.Error("could not release a decision claim", "entry_id", id, "err", derr)
			}
		}
		return knowledge.Entry{}, err
	}
	action := ActionApprove
	if to == knowledge.StatusRejected {
		action = ActionReject
	}
	if err := a.audit(ctx, AuditRecord{At: now, Actor: moderator, Action: action, EntryID: id, Before: knowledge.StatusPending, After: to, Reason: reason}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after a decision", "entry_id", id, "err", err)
	}
	a.lg.Info("submission decided", "entry_id", id, "status", string(to), "by", moderator)
	return after, nil
}

// decidedBy says who got there first.
func decidedBy(d decisionRecord) error {
	return knowledge.Errorf(knowledge.EConflict, "", "This submission was already %s by <@%s> on %s. Nothing was changed.",
		strings.ToLower(d.Status.Label()), d.By, d.At.Format("2 Jan 2006 at 15:04 MST"))
}

// alreadyDecided explains why a second decision changes nothing.
func (a *App) alreadyDecided(ctx context.Context, id string, st knowledge.Status) error {
	var d decisionRecord
	if found, err := a.store.GetRecord(ctx, "decision", id, &d); err == nil && found {
		return decidedBy(d)
	}
	return knowledge.Errorf(knowledge.EConflict, "", "This submission is no longer waiting for review (now: %s). Nothing was changed.", strings.ToLower(st.Label()))
}

// Approve makes a pending submission an answer at once, updates the review
// post, tells the author, and schedules the outcome follow-ups of pilots
// that are ongoing or too early to judge.
func (a *App) Approve(ctx context.Context, moderator, id string) (knowledge.Entry, error) {
	e, err := a.decide(ctx, moderator, id, knowledge.StatusApproved, "")
	if err != nil {
		return e, err
	}
	now := a.now().UTC()
	sub, err := a.submission(ctx, id)
	if err != nil {
		return e, nil // imported or seeded entries have no author to tell
	}
	sub.ApprovedAt = now
	if err := a.store.SetRecord(ctx, "submission", id, sub, 0); err != nil {
		a.lg.Warn("could not update the submission record", "entry_id", id, "err", err)
	}
	a.notifyDecision(ctx, e, sub, Decision{Status: knowledge.StatusApproved, By: moderator, At: now},
		fmt.Sprintf("Good news: your lesson *%s* was approved and now appears in kbbot's answers. Thank you for sharing it: colleagues can now learn from it.", e.Title))
	if e.Outcome.Open() {
		if err := a.scheduleFollowUps(ctx, id, now); err != nil {
			a.lg.Error("could not schedule outcome follow-ups", "entry_id", id, "err", err)
		}
	}
	return e, nil
}

// Reject declines a pending submission with a reason, which its author
// receives. The reason is screened like any text.
func (a *App) Reject(ctx context.Context, moderator, id, reason string) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return knowledge.Entry{}, knowledge.Errorf(knowledge.EInvalid, "reason", "Please give the author a reason.")
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		return knowledge.Entry{}, knowledge.Errorf(knowledge.EInvalid, "reason", "At most %d characters.", MaxReasonLen)
	}
	if f, found := a.screener.First(reason); found {
		return knowledge.Entry{}, knowledge.Errorf(knowledge.EPrivacy, "reason", "This %s. Please remove it.", f.Kind.Message())
	}
	e, err := a.decide(ctx, moderator, id, knowledge.StatusRejected, reason)
	if err != nil {
		return e, err
	}
	sub, err := a.submission(ctx, id)
	if err != nil {
		return e, nil
	}
	a.notifyDecision(ctx, e, sub, Decision{Status: knowledge.StatusRejected, By: moderator, At: a.now().UTC(), Reason: reason},
		fmt.Sprintf("A moderator didn't add your lesson *%s* this time. Their reason: _%s_\nThank you for sharing: you're welcome to change it and share it again with `/kb share`.", e.Title, reason))
	return e, nil
}

// notifyDecision updates the review post in place and DMs the author.
func (a *App) notifyDecision(ctx context.Context, e knowledge.Entry, sub Submission, d Decision, text string) {
	if sub.Review.Channel != "" {
		if err := a.slack.UpdateReview(ctx, sub.Review, Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous, Decision: &d}); err != nil {
			a.lg.Error("could not update the review post", "entry_id", e.ID, "err", err)
		}
	}
	if err := a.slack.DM(ctx, sub.Author, Notice{Text: text}); err != nil {
		a.lg.Error("could not tell the author about the decision", "entry_id", e.ID, "err", err)
	}
}

// EditForm returns a submission as a form, for a moderator's Edit.
func (a *App) EditForm(ctx context.Context, moderator, id string) (LessonForm, error) {
	if err := a.requireModerator(moderator); err != nil {
		return LessonForm{}, err
	}
	e, err := a.store.Get(ctx, id)
	if err != nil {
		return LessonForm{}, err
	}
	return formOf(e), nil
}

// formOf turns an entry back into the form fields that made it.
func formOf(e knowledge.Entry) LessonForm {
	f := LessonForm{
		Title: e.Title, Category: string(e.Category), OrgType: string(e.OrgType), Stage: string(e.Stage),
		Outcome: string(e.Outcome), StopReason: string(e.StopReason), Evidence: string(e.Evidence),
		Lessons: e.Summary, Anonymous: e.Contact == "", Link: e.URL,
	}
	f.WhatHappened = e.Body
	if rest, ok := strings.CutPrefix(e.Body, "## What happened\n\n"); ok {
		what, _, _ := strings.Cut(rest, "\n\n## Lessons for others")
		f.WhatHappened = what
	}
	barriers := map[string]bool{}
	for _, b := range Barriers() {
		barriers[b[0]] = true
	}
	var tags []string
	for _, t := range e.Tags {
		if barriers[t] {
			f.Barriers = append(f.Barriers, t)
		} else {
			tags = append(tags, t)
		}
	}
	f.Tags = strings.Join(tags, ", ")
	return f
}

// SaveEdit applies a moderator's edit to a submission. Its status, author
// and contact choice stay as they were.
func (a *App) SaveEdit(ctx context.Context, moderator, id string, f LessonForm) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	var before knowledge.Status
	_, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		f.Anonymous = e.Contact == ""
		edited, err := a.lessonEntry(f, e.Contact)
		if err != nil {
			return err
		}
		before = e.Status
		edited.ID, edited.Status, edited.CreatedAt, edited.ReviewedAt, edited.ReviewDue = e.ID, e.Status, e.CreatedAt, e.ReviewedAt, e.ReviewDue
		edited.Contact, edited.Source = e.Contact, e.Source
		if edited.URL == "" {
			edited.URL = e.URL // the edit form does not carry the link
		}
		edited.UpdatedAt = knowledge.NewDate(a.now().UTC())
		*e = edited
		return nil
	})
	if err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{Actor: moderator, Action: ActionEdit, EntryID: id, Before: before, After: after.Status}); err != nil {
		a.lg.Error("could not write the audit log", "entry_id", id, "err", err)
	}
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after an edit", "entry_id", id, "err", err)
	}
	if sub, err := a.submission(ctx, id); err == nil && sub.Review.Channel != "" {
		if err := a.slack.UpdateReview(ctx, sub.Review, Review{Entry: after, Author: sub.Author, Anonymous: sub.Anonymous}); err != nil {
			a.lg.Warn("could not update the review post after an edit", "entry_id", id, "err", err)
		}
	}
	a.lg.Info("submission edited", "entry_id", id, "by", moderator)
	return after, nil
}

// Queue returns the submissions waiting for review, oldest first.
func (a *App) Queue(ctx context.Context, moderator string, limit int) ([]Review, error) {
	if err := a.requireModerator(moderator); err != nil {
		return nil, err
	}
	pending, err := a.store.ByStatus(ctx, knowledge.StatusPending, limit, false)
	if err != nil {
		return nil, err
	}
	out := make([]Review, 0, len(pending))
	for _, e := range pending {
		r := Review{Entry: e}
		if sub, err := a.submission(ctx, e.ID); err == nil {
			r.Author, r.Anonymous = sub.Author, sub.Anonymous
		}
		out = append(out, r)
	}
	return out, nil
}

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

// IsForbidden reports whether err is a refused moderator (or author)
// action.
func IsForbidden(err error) bool { return errors.Is(err, knowledge.ErrForbidden) }
