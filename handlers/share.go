package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Submission is the private record of who sent a lesson. Moderators see
// it; answers, exports and logs never show an anonymous author.
type Submission struct {
	Author      string     `json:"author"`
	Anonymous   bool       `json:"anonymous"`
	SubmittedAt time.Time  `json:"submitted_at"`
	Review      MessageRef `json:"review,omitempty"`
	// DMReviews are the review posts sent to each moderator's DM when no
	// moderation channel is set.
	DMReviews  []MessageRef `json:"dm_reviews,omitempty"`
	ApprovedAt time.Time    `json:"approved_at,omitzero"`
}

// reviewRefs lists every post of the submission for review.
func (s Submission) reviewRefs() []MessageRef {
	var refs []MessageRef
	if s.Review.Channel != "" {
		refs = append(refs, s.Review)
	}
	for _, r := range s.DMReviews {
		if r.Channel != "" {
			refs = append(refs, r)
		}
	}
	return refs
}

// SubmitLesson validates a form and stores it as a pending entry before
// returning, so the user's modal closes only once it is safe. Every
// free-text field is privacy-screened first; a problem comes back as a
// *FormError keyed by field, and nothing is stored or logged. Then the
// lesson is posted for review and its author told what happens next; a
// failure there is logged, not returned (the lesson is safe in the queue).
func (a *App) SubmitLesson(ctx context.Context, user string, f LessonForm) (knowledge.Entry, error) {
	e, err := a.lessonEntry(f, user)
	if err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	e.ID = lessonID()
	e.Status = knowledge.StatusPending
	e.CreatedAt = knowledge.NewDate(now)
	e.UpdatedAt = knowledge.NewDate(now)
	sub := Submission{Author: user, Anonymous: f.Anonymous, SubmittedAt: now}
	if err := a.store.CreateSubmission(ctx, e, user, sub); err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{Actor: auditActor(user, f.Anonymous), Action: ActionSubmit, EntryID: e.ID, After: knowledge.StatusPending}); err != nil {
		a.lg.Warn("could not write the audit log", "entry_id", e.ID, "err", err)
	}
	if f.Anonymous {
		a.lg.Info("lesson submitted", "entry_id", e.ID, "anonymous", true)
	} else {
		a.lg.Info("lesson submitted", "entry_id", e.ID, "user", user)
	}
	return e, nil
}

// AnonymousActor stands in the audit log for the author of an anonymous
// lesson: operators who read `kbbot audit` are not necessarily moderators,
// and only moderators may know who sent it (from the submission record).
const AnonymousActor = "anonymous-author"

func auditActor(user string, anonymous bool) string {
	if anonymous {
		return AnonymousActor
	}
	return user
}

// AnnounceSubmission posts a new submission for review and DMs its author.
// It runs after the modal has closed, as queued work that may run more
// than once: each post and the DM are sent at most once (sendOnce).
func (a *App) AnnounceSubmission(ctx context.Context, id string) error {
	e, err := a.store.Get(ctx, id)
	if err != nil {
		return err
	}
	sub, err := a.submission(ctx, id)
	if err != nil {
		return err
	}
	review := Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous}
	var errs []error
	switch {
	case a.modChannel != "":
		ref, err := a.sendOnce(ctx, "review:"+id+":"+a.modChannel, func(ctx context.Context) (MessageRef, error) {
			return a.slack.PostReview(ctx, a.modChannel, review)
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("post for review: %w", err))
			break
		}
		sub.Review = ref
		if err := a.submissions().Set(ctx, id, sub); err != nil {
			errs = append(errs, err)
		}
	default:
		// No channel configured: each moderator gets it by DM, and every
		// copy is updated when it is decided.
		sub.DMReviews = nil
		for _, m := range a.moderators {
			ref, err := a.sendOnce(ctx, "review:"+id+":"+m, func(ctx context.Context) (MessageRef, error) {
				return a.slack.PostReview(ctx, m, review)
			})
			if err != nil {
				errs = append(errs, fmt.Errorf("send for review: %w", err))
				continue
			}
			if ref.TS != "" {
				sub.DMReviews = append(sub.DMReviews, ref)
			}
		}
		if err := a.submissions().Set(ctx, id, sub); err != nil {
			errs = append(errs, err)
		}
	}
	text := "Thanks for sharing *%s*. It's now waiting for a moderator, who will approve it, ask for an edit or explain why not. " +
		"I'll message you when it's decided. Until then it doesn't appear in answers. You can withdraw it at any time with `/kb mine`."
	if sub.Anonymous {
		text += " You chose to post anonymously: answers will never show your name (moderators can see who sent it)."
	}
	if err := a.dmOnce(ctx, "announce:"+id, sub.Author, Notice{Text: text, Args: []string{e.Title}}); err != nil {
		errs = append(errs, fmt.Errorf("dm author: %w", err))
	}
	if len(errs) > 0 {
		return fmt.Errorf("handlers: announce %s: %v", id, errs)
	}
	return nil
}

func (a *App) submission(ctx context.Context, id string) (Submission, error) {
	sub, found, err := a.submissions().Get(ctx, id)
	if err != nil {
		return sub, err
	}
	if !found {
		return sub, knowledge.Errorf(knowledge.ENotFound, "", "no submission record for %s", id)
	}
	return sub, nil
}
