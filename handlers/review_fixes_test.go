package handlers_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

func fixedClock() *clock {
	c := &clock{}
	c.Set(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	return c
}

// TestAnonymousLessonLeavesNoTrail: an anonymous lesson keeps no link to
// the message it was saved from (the message shows its author), and the
// audit log names no author for its submission and withdrawal.
func TestAnonymousLessonLeavesNoTrail(t *testing.T) {
	a, _ := curationApp(t, redistest.Client(t), fixedClock(), "")
	f := lessonForm("Anonymous scribe lesson", "ongoing")
	f.Anonymous = true
	f.Link = "https://nhs.slack.com/archives/C123/p1700000000000100"
	e, err := a.SubmitLesson(t.Context(), author, f)
	if err != nil {
		t.Fatal(err)
	}
	if e.URL != "" || e.Contact != "" {
		t.Errorf("anonymous lesson kept url %q contact %q, want neither", e.URL, e.Contact)
	}
	if _, err := a.Withdraw(t.Context(), author, e.ID); err != nil {
		t.Fatal(err)
	}
	recs, err := a.Audit(t.Context(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d audit records, want submit and withdraw", len(recs))
	}
	for _, r := range recs {
		if r.Actor == author {
			t.Errorf("audit %s names the anonymous author", r.Action)
		}
		if r.Actor != handlers.AnonymousActor {
			t.Errorf("audit %s actor = %q, want %q", r.Action, r.Actor, handlers.AnonymousActor)
		}
	}
	// A named lesson keeps its link and its author in the audit log.
	f.Anonymous = false
	f.Title = "Named scribe lesson"
	named, err := a.SubmitLesson(t.Context(), author, f)
	if err != nil {
		t.Fatal(err)
	}
	if named.URL != f.Link {
		t.Errorf("named lesson url = %q, want the message link", named.URL)
	}
}

// TestLessonIDsHoldNoDigits: a title's numbers never reach the id, which
// appears in logs, keys and exports.
func TestLessonIDsHoldNoDigits(t *testing.T) {
	a, _ := curationApp(t, redistest.Client(t), fixedClock(), "")
	f := lessonForm("Scribe pilot phase 2 in 2026", "ongoing")
	e, err := a.SubmitLesson(t.Context(), author, f)
	if err != nil {
		t.Fatal(err)
	}
	slug := e.ID[:strings.LastIndexByte(e.ID, '-')]
	if strings.ContainsAny(slug, "0123456789") {
		t.Errorf("id %q carries digits from the title", e.ID)
	}
}

// TestExpertTopicsScreenedAsTyped: a name next to a postcode is refused
// even though topics are stored lower-cased.
func TestExpertTopicsScreenedAsTyped(t *testing.T) {
	a, _ := curationApp(t, redistest.Client(t), fixedClock(), "")
	_, err := a.AddExpert(t.Context(), otherUser, "Mr John Smith SW1A 1AA", false)
	var ke *knowledge.Error
	if !errors.As(err, &ke) || ke.Kind != knowledge.EPrivacy {
		t.Fatalf("AddExpert = %v, want a privacy refusal", err)
	}
	if strings.Contains(err.Error(), "SW1A") {
		t.Error("the refusal echoes the postcode")
	}
}

// TestEditKeepsOutcomeUpdates: a moderator's edit rewrites what the author
// first wrote but keeps the author's later outcome updates.
func TestEditKeepsOutcomeUpdates(t *testing.T) {
	a, _ := curationApp(t, redistest.Client(t), fixedClock(), "")
	e, err := a.SubmitLesson(t.Context(), author, lessonForm("Scribe pilot", "ongoing"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.UpdateOutcome(t.Context(), author, e.ID, handlers.OutcomeUpdate{Outcome: "success", Note: "Rolled out to all sites after review."}); err != nil {
		t.Fatal(err)
	}
	f, err := a.EditForm(t.Context(), mod, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.Title = "Ambient scribe pilot in two practices"
	edited, err := a.SaveEdit(t.Context(), mod, e.ID, f)
	if err != nil {
		t.Fatal(err)
	}
	if edited.Title != f.Title {
		t.Errorf("title = %q, want the edit", edited.Title)
	}
	if !strings.Contains(edited.Body, "Rolled out to all sites after review.") || strings.Count(edited.Body, "## Update (") != 1 {
		t.Errorf("edit lost or doubled the outcome update:\n%s", edited.Body)
	}
}

// TestNoChannelReviewsUpdatedInEveryDM: without a moderation channel each
// moderator gets the review by DM, and each copy shows the decision.
func TestNoChannelReviewsUpdatedInEveryDM(t *testing.T) {
	clk := fixedClock()
	rec := &recSlack{}
	app := buildApp(t, handlers.Deps{
		Store: redisstore.New(redistest.Client(t), "kb"), Slack: rec, Moderators: []string{mod, mod2}, Now: clk.Now,
	})
	if err := app.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	e, err := app.SubmitLesson(t.Context(), author, lessonForm("DM-reviewed lesson", "success"))
	if err != nil {
		t.Fatal(err)
	}
	if err := app.AnnounceSubmission(t.Context(), e.ID); err != nil {
		t.Fatal(err)
	}
	if len(rec.reviews) != 2 {
		t.Fatalf("%d review DMs, want one per moderator", len(rec.reviews))
	}
	if _, err := app.Approve(t.Context(), mod, e.ID); err != nil {
		t.Fatal(err)
	}
	app.FinishDecision(t.Context(), e.ID)
	if len(rec.updates) != 2 {
		t.Fatalf("%d review updates, want both moderators' copies", len(rec.updates))
	}
	for _, u := range rec.updates {
		if u.Decision == nil || u.Decision.Status != knowledge.StatusApproved {
			t.Errorf("review update without the approval: %+v", u.Decision)
		}
	}
}

// TestDecisionThenFinish: a decision, approval or rejection alike, only
// records itself (fast, before Slack's three seconds run out);
// FinishDecision then updates the review and tells the author, with the
// reason for a rejection.
func TestDecisionThenFinish(t *testing.T) {
	const reason = "Please add what the barriers were."
	tests := []struct {
		name   string
		decide func(a *testApp, id string) (knowledge.Entry, error)
		want   knowledge.Status
		dm     string
	}{
		{"approve", func(a *testApp, id string) (knowledge.Entry, error) { return a.Approve(t.Context(), mod, id) },
			knowledge.StatusApproved, "was approved"},
		{"reject", func(a *testApp, id string) (knowledge.Entry, error) { return a.Reject(t.Context(), mod, id, reason) },
			knowledge.StatusRejected, reason},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, rec := curationApp(t, redistest.Client(t), fixedClock(), "")
			e, err := a.SubmitLesson(t.Context(), author, lessonForm("To be decided", "success"))
			if err != nil {
				t.Fatal(err)
			}
			if err := a.AnnounceSubmission(t.Context(), e.ID); err != nil {
				t.Fatal(err)
			}
			dms := len(rec.dms)
			decided, err := tt.decide(a, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if decided.Status != tt.want {
				t.Errorf("status = %q, want %q", decided.Status, tt.want)
			}
			if len(rec.dms) != dms || len(rec.updates) != 0 {
				t.Fatalf("the decision sent %d DMs and %d updates itself, want none until FinishDecision", len(rec.dms)-dms, len(rec.updates))
			}
			a.FinishDecision(t.Context(), e.ID)
			if len(rec.updates) != 1 || rec.updates[0].Decision == nil || rec.updates[0].Decision.Status != tt.want {
				t.Errorf("review updates = %+v, want 1 showing the decision", rec.updates)
			}
			if len(rec.dms) != dms+1 || !strings.Contains(rec.dms[len(rec.dms)-1].Notice.String(), tt.dm) {
				t.Errorf("the author was not told (want a DM containing %q)", tt.dm)
			}
		})
	}
}

// TestDigestKeepsSchedulingWhenPostingFails: a failing digest post does not
// stop next week's digest from being scheduled.
func TestDigestKeepsSchedulingWhenPostingFails(t *testing.T) {
	clk := fixedClock()
	a := curationAppTelling(t, redistest.Client(t), clk, digestCh, failingDigest{&recSlack{}})
	a.shareApproved(t, author, "Digest lesson", "success")
	if err := a.EnsureDigestScheduled(t.Context()); err != nil {
		t.Fatal(err)
	}
	first := digestJobs(t, a)
	if len(first) != 1 {
		t.Fatalf("%d digest jobs, want 1", len(first))
	}
	clk.Set(first[0].Add(time.Minute))
	if _, err := a.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	after := digestJobs(t, a)
	var nextWeek bool
	for _, d := range after {
		if d.Sub(first[0]) >= 6*24*time.Hour {
			nextWeek = true
		}
	}
	if !nextWeek {
		t.Errorf("after a failed digest the schedule holds %v, want next week's digest too", after)
	}
}

// failingDigest is a Slack whose digest posts fail.
type failingDigest struct{ *recSlack }

func (failingDigest) PostDigest(_ context.Context, _ string, _ handlers.Digest) error {
	return errors.New("not_in_channel")
}
