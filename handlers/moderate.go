package handlers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Moderation: the review queue, a moderator's decision (Approve, Reject)
// and edit, and what follows them. Every action checks, on the server,
// that its user is a moderator, whatever the message a button came from
// showed. A decision or an edit is recorded first, fast enough for a
// modal's three seconds; FinishDecision and AfterEdit then tell everyone,
// after Slack has been answered.

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

// requireModeratorToSee is the check for moderators' read-only lists: the
// refusal names the list and does not talk of changes nobody tried.
func (a *App) requireModeratorToSee(user, list string) error {
	if !a.IsModerator(user) {
		a.lg.Warn("moderator list refused", "user", user, "list", list)
		return knowledge.Errorf(knowledge.EForbidden, "", "Only kbbot moderators can see %s.", list)
	}
	return nil
}

// IsForbidden reports whether err is a refused moderator (or author)
// action.
func IsForbidden(err error) bool { return errors.Is(err, knowledge.ErrForbidden) }

// decisionRecord remembers who decided a submission, to tell a second
// moderator who got there first.
type decisionRecord struct {
	Status knowledge.Status `json:"status"`
	By     string           `json:"by"`
	At     time.Time        `json:"at"`
	Reason string           `json:"reason,omitempty"`
}

// QueuePage is one page of the submissions waiting for review.
type QueuePage struct {
	Reviews []Review
	// Offset is how many come before this page; Total how many wait in
	// all.
	Offset, Total int
}

// Queue returns a page of the submissions waiting for review, oldest
// first: up to limit of them after the first offset, and how many wait in
// all. An offset past the end gives the last page.
func (a *App) Queue(ctx context.Context, moderator string, offset, limit int) (QueuePage, error) {
	if err := a.requireModeratorToSee(moderator, "the review queue"); err != nil {
		return QueuePage{}, err
	}
	offset, limit = max(offset, 0), max(limit, 1)
	pending, total, err := a.store.PageByStatus(ctx, knowledge.StatusPending, offset, limit)
	if err != nil {
		return QueuePage{}, err
	}
	if len(pending) == 0 && total > 0 && offset > 0 {
		// The page emptied since it was shown (decisions): show the last.
		offset = (total - 1) / limit * limit
		if pending, total, err = a.store.PageByStatus(ctx, knowledge.StatusPending, offset, limit); err != nil {
			return QueuePage{}, err
		}
	}
	page := QueuePage{Offset: offset, Total: total, Reviews: make([]Review, 0, len(pending))}
	for _, e := range pending {
		r := Review{Entry: e}
		if sub, err := a.submission(ctx, e.ID); err == nil {
			r.Author, r.Anonymous = sub.Author, sub.Anonymous
		}
		page.Reviews = append(page.Reviews, r)
	}
	return page, nil
}

// Approve makes a pending submission an answer: it records the decision,
// once, however many moderators press at once. FinishDecision then makes
// it searchable, updates the review posts, tells the author and schedules
// the outcome follow-ups of a pilot that is ongoing or too early to judge.
func (a *App) Approve(ctx context.Context, moderator, id string) (knowledge.Entry, error) {
	return a.decide(ctx, moderator, id, knowledge.StatusApproved, "")
}

// Reject declines a pending submission with a reason, which its author
// receives. The reason is screened like any text. Like Approve it only
// records the decision; FinishDecision then tells everyone.
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

// RejectForm checks that user may reject the submission and returns it,
// for the reason form's heading. Only the moderator check can fail: a
// submission that cannot be read still gets its form, without a title,
// and the rejection itself reports the problem.
func (a *App) RejectForm(ctx context.Context, moderator, id string) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	e, err := a.store.Get(ctx, id)
	if err != nil {
		a.lg.Warn("submission to reject not readable", "entry_id", id, "err", err)
		return knowledge.Entry{ID: id}, nil
	}
	return e, nil
}

// decide moves a pending submission to approved or rejected, once: a claim
// on this version of the entry goes first, and the status check and the
// write are one atomic update, so a double click or two moderators at once
// yield one decision, one audit line and one DM.
func (a *App) decide(ctx context.Context, moderator, id string, to knowledge.Status, reason string) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	cur, err := a.store.Get(ctx, id)
	if err != nil {
		return knowledge.Entry{}, err
	}
	if cur.Status != knowledge.StatusPending {
		return knowledge.Entry{}, a.alreadyDecided(ctx, id, cur.Status)
	}
	d := decisionRecord{Status: to, By: moderator, At: now, Reason: reason}
	claim, err := a.claimDecision(ctx, cur, d)
	if err != nil {
		return knowledge.Entry{}, err
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
		a.releaseDecision(ctx, id, claim)
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

// claimDecision claims the decision on this version of a pending entry
// (SET NX, keyed by the entry's content version, so a resubmitted entry can
// be decided again) and records it. Whoever comes second gets a conflict
// that names who decided. It returns the claim's id.
func (a *App) claimDecision(ctx context.Context, cur knowledge.Entry, d decisionRecord) (string, error) {
	claim := cur.ID + "@" + entryVersion(cur)
	won, err := a.decisionClaims().SetOnce(ctx, claim, d)
	if err != nil {
		return "", err
	}
	if !won {
		if w, found, err := a.decisionClaims().Get(ctx, claim); err == nil && found {
			return "", decidedBy(w)
		}
		return "", a.alreadyDecided(ctx, cur.ID, knowledge.StatusPending)
	}
	if err := a.decisions().Set(ctx, cur.ID, d); err != nil {
		a.lg.Warn("could not record the decision", "entry_id", cur.ID, "err", err)
	}
	return claim, nil
}

// releaseDecision undoes a claim whose decision did not happen after all
// (withdrawn meanwhile, or Redis failed), so the records never name a
// decision that was not made.
func (a *App) releaseDecision(ctx context.Context, id, claim string) {
	rctx := context.WithoutCancel(ctx)
	if err := a.decisionClaims().Delete(rctx, claim); err != nil {
		a.lg.Error("could not release a decision claim", "entry_id", id, "err", err)
	}
	if err := a.decisions().Delete(rctx, id); err != nil {
		a.lg.Error("could not release a decision claim", "entry_id", id, "err", err)
	}
}

// decidedBy says who got there first.
func decidedBy(d decisionRecord) error {
	return knowledge.Errorf(knowledge.EConflict, "", "This submission was already %s by <@%s> on %s. Nothing was changed.",
		strings.ToLower(d.Status.Label()), d.By, d.At.Format("2 Jan 2006 at 15:04 MST"))
}

// alreadyDecided explains why a second decision changes nothing.
func (a *App) alreadyDecided(ctx context.Context, id string, st knowledge.Status) error {
	if d, found, err := a.decisions().Get(ctx, id); err == nil && found {
		return decidedBy(d)
	}
	return knowledge.Errorf(knowledge.EConflict, "", "This submission is no longer waiting for review (now: %s). Nothing was changed.", strings.ToLower(st.Label()))
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
	d, found, err := a.decisions().Get(ctx, id)
	if err != nil || !found || d.Status != e.Status {
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
		if err := a.submissions().Set(ctx, id, sub); err != nil {
			a.lg.Warn("could not update the submission record", "entry_id", id, "err", err)
		}
		a.notifyDecision(ctx, e, sub, dec, Notice{
			Text: "Good news: your lesson *%s* was approved and now appears in kbbot's answers. Thank you for sharing it: colleagues can now learn from it.",
			Args: []string{e.Title},
		})
		if e.Outcome.Open() {
			if err := a.scheduleFollowUps(ctx, id, d.At); err != nil {
				a.lg.Error("could not schedule outcome follow-ups", "entry_id", id, "err", err)
			}
		}
	case knowledge.StatusRejected:
		a.notifyDecision(ctx, e, sub, dec, Notice{
			Text: "A moderator didn't add your lesson *%s* this time. Their reason: _%s_\nThank you for sharing: you're welcome to change it and share it again with `/kb share`.",
			Args: []string{e.Title, d.Reason},
		})
	}
}

// notifyDecision updates every review post in place and DMs the author,
// once per decision however often it runs.
func (a *App) notifyDecision(ctx context.Context, e knowledge.Entry, sub Submission, d Decision, n Notice) {
	a.updateReviews(ctx, sub, Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous, Decision: &d})
	key := fmt.Sprintf("decision:%s:%s:%d", e.ID, d.Status, d.At.UnixMilli())
	if err := a.dmOnce(ctx, key, sub.Author, n); err != nil {
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

// SaveEdit applies a moderator's edit to a submission. Its status, author
// and contact choice stay as they were. AfterEdit then shows the edit.
func (a *App) SaveEdit(ctx context.Context, moderator, id string, f LessonForm) (knowledge.Entry, error) {
	if err := a.requireModerator(moderator); err != nil {
		return knowledge.Entry{}, err
	}
	var before knowledge.Status
	_, after, err := a.store.Update(ctx, id, func(e *knowledge.Entry) error {
		before = e.Status
		return a.applyEdit(e, f)
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

// applyEdit rebuilds e from an edited form, keeping what the form does not
// carry: id, status, dates, the author's contact choice, the source, the
// link, and the author's later outcome updates.
func (a *App) applyEdit(e *knowledge.Entry, f LessonForm) error {
	f.Anonymous = e.Contact == ""
	edited, err := a.lessonEntry(f, e.Contact)
	if err != nil {
		return err
	}
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
}

// AfterEdit does what follows an edit, after Slack has been answered: the
// search index catches up (and people waiting on a question the edited
// entry now answers hear of it), the review posts show the new text, and
// the author is told what changed hands.
func (a *App) AfterEdit(ctx context.Context, id string) {
	if err := a.SyncIndex(ctx); err != nil {
		a.lg.Error("search index not updated after an edit", "entry_id", id, "err", err)
	}
	e, err := a.store.Get(ctx, id)
	if err != nil {
		return
	}
	sub, err := a.submission(ctx, id)
	if err != nil {
		return // imported or seeded: no author, no review post
	}
	a.updateReviews(ctx, sub, a.reviewOf(ctx, e, sub))
	text := "A moderator edited your lesson *%s*"
	switch e.Status {
	case knowledge.StatusPending:
		text += " while reviewing it. It's still waiting for a decision; see it as it is now with `/kb mine`."
	default:
		text += ". See it as it is now with `/kb mine`; if something is no longer right, update it or withdraw it there."
	}
	// Once per version of the entry however often this runs (a queued job
	// may run twice).
	key := "edited:" + id + "@" + entryVersion(e)
	if err := a.dmOnce(ctx, key, sub.Author, Notice{Text: text, Args: []string{e.Title}}); err != nil {
		a.lg.Error("could not tell the author about an edit", "entry_id", id, "err", err)
	}
}

// reviewOf rebuilds a submission's review as its posts should show it now:
// the decision, if one stands, and whatever happened since (withdrawn by
// its author, archived by a moderator).
func (a *App) reviewOf(ctx context.Context, e knowledge.Entry, sub Submission) Review {
	r := Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous}
	d, found, err := a.decisions().Get(ctx, e.ID)
	if err != nil || !found {
		return r
	}
	r.Decision = &Decision{Status: d.Status, By: d.By, At: d.At, Reason: d.Reason}
	if e.Status == knowledge.StatusArchived && d.Status != knowledge.StatusArchived {
		r.Later = &Decision{Status: knowledge.StatusArchived, At: e.UpdatedAt.Time}
	}
	if e.Status == knowledge.StatusPending {
		r.Decision = nil // resubmitted since: undecided again
	}
	return r
}
