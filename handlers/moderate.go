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
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
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
	Reason string           `json:"reason,omitempty"`
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
	d := decisionRecord{Status: to, By: moderator, At: now, Reason: reason}
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
		for _, k := range []struct {
			kind redisstore.Kind
			id   string
		}{{redisstore.KindDecisionClaim, claim}, {redisstore.KindDecision, id}} {
			if derr := a.store.DeleteRecord(rctx, k.kind, k.id); derr != nil {
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
// posts, tells the author, and schedules the outcome follow-ups of pilots
// that are ongoing or too early to judge.
func (a *App) Approve(ctx context.Context, moderator, id string) (knowledge.Entry, error) {
	e, err := a.decide(ctx, moderator, id, knowledge.StatusApproved, "")
	if err != nil {
		return e, err
	}
	a.FinishDecision(ctx, id)
	return e, nil
}

// Reject declines a pending submission with a reason, which its author
// receives. The reason is screened like any text. Reject only records the
// decision, fast enough for a modal's three seconds; FinishDecision then
// tells everyone.
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
	return a.decide(ctx, moderator, id, knowledge.StatusRejected, reason)
}

// FinishDecision does what follows a decision, after Slack has been
// answered: the search index catches up (an approval answers at once), the
// review posts are updated in place, the author gets a DM, and an approved
// open pilot gets its follow-ups scheduled.
func (a *App) FinishDecision(ctx context.Context, id string) {
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after a decision", "entry_id", id, "err", err)
	}
	e, err := a.store.Get(ctx, id)
	if err != nil {
		a.lg.Error("decided entry not readable", "entry_id", id, "err", err)
		return
	}
	var d decisionRecord
	if found, err := a.store.GetRecord(ctx, "decision", id, &d); err != nil || !found || d.Status != e.Status {
		return // undone meanwhile (withdrawn): nothing to announce
	}
	sub, err := a.submission(ctx, id)
	if err != nil {
		return // imported or seeded entries have no author to tell
	}
	dec := Decision{Status: d.Status, By: d.By, At: d.At, Reason: d.Reason}
	switch d.Status {
	case knowledge.StatusApproved:
		sub.ApprovedAt = d.At
		if err := a.store.SetRecord(ctx, "submission", id, sub, 0); err != nil {
			a.lg.Warn("could not update the submission record", "entry_id", id, "err", err)
		}
		a.notifyDecision(ctx, e, sub, dec,
			fmt.Sprintf("Good news: your lesson *%s* was approved and now appears in kbbot's answers. Thank you for sharing it: colleagues can now learn from it.", e.Title))
		if e.Outcome.Open() {
			if err := a.scheduleFollowUps(ctx, id, d.At); err != nil {
				a.lg.Error("could not schedule outcome follow-ups", "entry_id", id, "err", err)
			}
		}
	case knowledge.StatusRejected:
		a.notifyDecision(ctx, e, sub, dec,
			fmt.Sprintf("A moderator didn't add your lesson *%s* this time. Their reason: _%s_\nThank you for sharing: you're welcome to change it and share it again with `/kb share`.", e.Title, d.Reason))
	}
}

// notifyDecision updates every review post in place and DMs the author.
func (a *App) notifyDecision(ctx context.Context, e knowledge.Entry, sub Submission, d Decision, text string) {
	a.updateReviews(ctx, sub, Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous, Decision: &d})
	if err := a.slack.DM(ctx, sub.Author, Notice{Text: text}); err != nil {
		a.lg.Error("could not tell the author about the decision", "entry_id", e.ID, "err", err)
	}
}

// updateReviews rewrites every post of a submission for review: the
// moderation channel's, or each moderator's DM.
func (a *App) updateReviews(ctx context.Context, sub Submission, r Review) {
	for _, ref := range sub.reviewRefs() {
		if err := a.slack.UpdateReview(ctx, ref, r); err != nil {
			a.lg.Error("could not update a review post", "entry_id", r.Entry.ID, "err", err)
		}
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
		if edited.URL == "" && e.Contact != "" {
			edited.URL = e.URL // the edit form does not carry the link
		}
		// The form holds what the author first wrote; their later outcome
		// updates follow it in the body and must survive an edit.
		if i := strings.Index(e.Body, "\n\n## Update ("); i >= 0 {
			edited.Body = strings.TrimSpace(edited.Body) + e.Body[i:]
			if fe := knowledge.Validate(edited); fe != nil {
				return &FormError{Fields: map[string]string{FieldWhatHappened: capitalise(fe[0].Msg) + "."}}
			}
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
	a.lg.Info("submission edited", "entry_id", id, "by", moderator)
	return after, nil
}

// AfterEdit does what follows an edit, after Slack has been answered: the
// search index catches up and the review posts show the new text.
func (a *App) AfterEdit(ctx context.Context, id string) {
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after an edit", "entry_id", id, "err", err)
	}
	e, err := a.store.Get(ctx, id)
	if err != nil {
		return
	}
	if sub, err := a.submission(ctx, id); err == nil {
		var dec *Decision
		var d decisionRecord
		if found, err := a.store.GetRecord(ctx, "decision", id, &d); err == nil && found && d.Status == e.Status {
			dec = &Decision{Status: d.Status, By: d.By, At: d.At, Reason: d.Reason}
		}
		a.updateReviews(ctx, sub, Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous, Decision: dec})
	}
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
