package handlers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// droppingSlack is a Slack whose DMs reach the user but whose answer is
// lost on the way back, the first n times.
type droppingSlack struct {
	*recSlack
	drops int
}

func (d *droppingSlack) DM(ctx context.Context, user string, n handlers.Notice) error {
	err := d.recSlack.DM(ctx, user, n)
	if d.drops > 0 {
		d.drops--
		return fmt.Errorf("post: connection reset: %w", handlers.ErrMaybeDelivered)
	}
	return err
}

// TestFollowUpAtLeastOnceSentOnce: a follow-up whose replica died mid-run
// is run again after its lease and sent once; a run repeated after the DM
// went out sends nothing more; a DM that may have reached Slack is not
// sent again.
func TestFollowUpAtLeastOnceSentOnce(t *testing.T) {
	rdb := redistest.Client(t)
	approvedAt := time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)
	clk := &clock{t: approvedAt}
	a, rec := curationApp(t, rdb, clk, "")
	open := a.shareApproved(t, author, "Ambient scribe pilot in a GP practice, still running", "ongoing")

	t.Run("replica died mid-run", func(t *testing.T) {
		clk.Set(approvedAt.AddDate(0, 3, 1))
		// A replica leases the due job and dies before running it.
		dead, err := a.store.LeaseDue(t.Context(), clk.Now(), 10*time.Minute, 100)
		if err != nil || len(dead) != 1 {
			t.Fatalf("LeaseDue = %v, %v; want the 3-month follow-up", dead, err)
		}
		if _, err := a.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := len(rec.followUps()); n != 0 {
			t.Fatalf("%d follow-ups sent while another replica holds the lease, want 0", n)
		}
		clk.Set(clk.Now().Add(11 * time.Minute))
		if _, err := a.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		if f := rec.followUps(); len(f) != 1 || !strings.Contains(f[0].Notice.Text, "3 months") {
			t.Fatalf("follow-ups after the lease = %+v, want the 3-month one", f)
		}
	})

	t.Run("run again after the DM went out", func(t *testing.T) {
		// The job is put back as if the replica died after sending but
		// before removing it.
		job := fmt.Sprintf(`{"kind":"followup","entry":%q,"months":3}`, open.ID)
		if err := a.store.Schedule(t.Context(), clk.Now().Add(-time.Minute), job); err != nil {
			t.Fatal(err)
		}
		if _, err := a.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		if n := len(rec.followUps()); n != 1 {
			t.Errorf("%d follow-ups after a repeated run, want still 1", n)
		}
		jobs, _ := a.store.ScheduledJobs(t.Context())
		if _, still := jobs[job]; still {
			t.Errorf("the repeated job is still scheduled after running")
		}
	})

	t.Run("a DM that may have arrived is not repeated", func(t *testing.T) {
		drop := &droppingSlack{recSlack: &recSlack{}, drops: 1}
		b := curationAppTelling(t, rdb, clk, "", drop)
		clk.Set(approvedAt.AddDate(0, 6, 1))
		if _, err := b.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		clk.Set(clk.Now().Add(2 * time.Hour)) // past any retry
		if _, err := b.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		if f := drop.followUps(); len(f) != 1 || !strings.Contains(f[0].Notice.Text, "6 months") {
			t.Errorf("6-month follow-ups reaching the author = %+v, want exactly one", f)
		}
		d, found, err := b.Delivery(t.Context(), "followup:"+open.ID+":6")
		if err != nil || !found || d.State != handlers.DeliveryUnknown {
			t.Errorf("delivery record = %+v, %v, %v; want unknown", d, found, err)
		}
	})
}

// TestAnnouncementRunTwiceSendsOnce: the announcement of a submission is
// queued work that may run twice; the review post and the author's DM go
// out once, and the submission keeps the one review post.
func TestAnnouncementRunTwiceSendsOnce(t *testing.T) {
	rdb := redistest.Client(t)
	a, rec := curationApp(t, rdb, &clock{t: time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)}, "")
	e, err := a.SubmitLesson(t.Context(), author, lessonForm("Ambient scribe pilot, announced twice", "ongoing"))
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := a.AnnounceSubmission(t.Context(), e.ID); err != nil {
			t.Fatal(err)
		}
	}
	rec.mu.Lock()
	reviews, dms := len(rec.reviews), len(rec.dms)
	rec.mu.Unlock()
	if reviews != 1 || dms != 1 {
		t.Errorf("%d review posts and %d DMs from two runs, want 1 and 1", reviews, dms)
	}
}

// TestAfterEditRunTwiceTellsTheAuthorOnce: the follow-up of an edit is
// queued work that may run twice; the author hears of each edit once.
func TestAfterEditRunTwiceTellsTheAuthorOnce(t *testing.T) {
	rdb := redistest.Client(t)
	clk := &clock{t: time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)}
	a, rec := curationApp(t, rdb, clk, "")
	e := a.shareApproved(t, author, "Ambient scribe pilot, edited twice", "ongoing")
	edits := func() int {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		n := 0
		for _, d := range rec.dms {
			if d.User == author && strings.Contains(d.Notice.Text, "edited your lesson") {
				n++
			}
		}
		return n
	}
	for i, title := range []string{"Ambient scribe pilot, edited once", "Ambient scribe pilot, edited again"} {
		clk.Set(clk.Now().Add(time.Hour))
		if _, err := a.SaveEdit(t.Context(), mod, e.ID, lessonForm(title, "ongoing")); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			a.AfterEdit(t.Context(), e.ID)
		}
		if got := edits(); got != i+1 {
			t.Errorf("after edit %d run twice: %d DMs to the author about edits, want %d", i+1, got, i+1)
		}
	}
}
