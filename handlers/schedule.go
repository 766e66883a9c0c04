package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Scheduled work: outcome follow-ups to authors of open pilots (3, 6 and
// 12 months after approval) and the weekly digest. Due times live in Redis,
// so they survive restarts. A due job is leased to one replica and removed
// only once it has run, so a replica that dies mid-run delays it but does
// not lose it (at least once); what it sends is recorded per job
// (sendOnce), so a second run sends nothing twice.

// scheduledJob is a job as stored in the schedule. Its JSON is the job's
// identity: the same job scheduled twice (two replicas) is stored once.
type scheduledJob struct {
	Kind    string `json:"kind"`
	EntryID string `json:"entry,omitempty"`
	Months  int    `json:"months,omitempty"`
	Due     string `json:"due,omitempty"`
	Attempt int    `json:"attempt,omitempty"`
}

const (
	jobFollowUp = "followup"
	jobDigest   = "digest"
	// maxJobAttempts bounds retries of a job whose Slack call fails.
	maxJobAttempts = 5
	// jobLease is how long a replica has to run a due job before it is
	// due again for anyone.
	jobLease = 10 * time.Minute
)

// followUpMonths are when authors of open pilots are asked again.
func followUpMonths() []int { return []int{3, 6, 12} }

func (a *App) schedule(ctx context.Context, due time.Time, j scheduledJob) error {
	b, err := json.Marshal(j)
	if err != nil {
		return err
	}
	return a.store.Schedule(ctx, due, string(b))
}

func (a *App) scheduleFollowUps(ctx context.Context, id string, approved time.Time) error {
	for _, m := range followUpMonths() {
		if err := a.schedule(ctx, approved.AddDate(0, m, 0), scheduledJob{Kind: jobFollowUp, EntryID: id, Months: m}); err != nil {
			return err
		}
	}
	return nil
}

// nextDigest is the next Monday 09:00 UTC strictly after t.
func nextDigest(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 9, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday || !d.After(t) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// EnsureDigestScheduled schedules the weekly digest when a digest channel
// is configured. Every replica may call it: the job's identity is its due
// date, so it is stored once.
func (a *App) EnsureDigestScheduled(ctx context.Context) error {
	if a.digestChan == "" {
		return nil
	}
	jobs, err := a.store.ScheduledJobs(ctx)
	if err != nil {
		return err
	}
	for j := range jobs {
		var sj scheduledJob
		if json.Unmarshal([]byte(j), &sj) == nil && sj.Kind == jobDigest {
			return nil
		}
	}
	due := nextDigest(a.now())
	return a.schedule(ctx, due, scheduledJob{Kind: jobDigest, Due: due.Format(time.DateOnly)})
}

// RunDue runs the jobs that are due, once across replicas: a lock with an
// expiry keeps two replicas from working the schedule at the same moment,
// each job is leased to the replica that runs it and removed when it has
// run (or replaced by its next attempt when it failed). A job whose
// replica died is due again when its lease ends. It returns how many jobs
// ran.
func (a *App) RunDue(ctx context.Context) (int, error) {
	token, ok, err := a.store.TryLock(ctx, redisstore.LockScheduler, 2*time.Minute)
	if err != nil || !ok {
		return 0, err
	}
	defer func() {
		if err := a.store.Unlock(context.WithoutCancel(ctx), redisstore.LockScheduler, token); err != nil {
			a.lg.Warn("could not release the scheduler lock", "err", err)
		}
	}()
	now := a.now()
	jobs, err := a.store.LeaseDue(ctx, now, jobLease, 100)
	if err != nil {
		return 0, err
	}
	for _, raw := range jobs {
		var j scheduledJob
		if err := json.Unmarshal([]byte(raw), &j); err != nil {
			a.lg.Error("dropping an unreadable scheduled job", "err", err)
			a.unschedule(ctx, raw)
			continue
		}
		err := a.runJob(ctx, j)
		if err == nil {
			a.unschedule(ctx, raw)
			continue
		}
		a.lg.Error("scheduled job failed", "kind", j.Kind, "entry_id", j.EntryID, "attempt", j.Attempt, "err", err)
		if j.Attempt+1 >= maxJobAttempts {
			a.unschedule(ctx, raw)
			continue
		}
		j.Attempt++
		next, err := json.Marshal(j)
		if err == nil {
			err = a.store.Reschedule(ctx, raw, now.Add(time.Duration(j.Attempt)*time.Hour), string(next))
		}
		if err != nil {
			// It stays leased: due again when the lease ends.
			a.lg.Error("could not reschedule a failed job", "kind", j.Kind, "err", err)
		}
	}
	return len(jobs), nil
}

// unschedule removes a job that has run. If that fails the job is due
// again when its lease ends, and what it sends is not sent twice.
func (a *App) unschedule(ctx context.Context, raw string) {
	if err := a.store.Unschedule(ctx, raw); err != nil {
		a.lg.Warn("a job that ran is still scheduled; it will run again after its lease", "err", err)
	}
}

func (a *App) runJob(ctx context.Context, j scheduledJob) error {
	switch j.Kind {
	case jobFollowUp:
		return a.followUp(ctx, j)
	case jobDigest:
		return a.digest(ctx, j)
	}
	return fmt.Errorf("unknown job kind %q", j.Kind)
}

// followUp asks the author of a still-open pilot how it turned out.
func (a *App) followUp(ctx context.Context, j scheduledJob) error {
	e, err := a.store.Get(ctx, j.EntryID)
	if err != nil {
		if knowledgeNotFound(err) {
			return nil // deleted since
		}
		return err
	}
	if e.Status != knowledge.StatusApproved || !e.Outcome.Open() {
		return nil // withdrawn, or the outcome is known now
	}
	sub, err := a.submission(ctx, j.EntryID)
	if err != nil {
		return nil // no author to ask
	}
	text := fmt.Sprintf("It's been %d months since your lesson *%%s* was shared, when it was %s. How did it turn out? "+
		"Whatever the result (including stopping), an update helps the next team decide.", j.Months, lowerLabel(e.Outcome))
	key := fmt.Sprintf("followup:%s:%d", e.ID, j.Months)
	err = a.dmOnce(ctx, key, sub.Author, Notice{Text: text, Args: []string{e.Title}, Button: &Button{Action: ButtonUpdateOutcome, Label: "Update outcome", Value: e.ID}})
	if err == nil {
		a.lg.Info("outcome follow-up sent", "entry_id", e.ID, "months", j.Months)
	}
	return err
}

func lowerLabel(o knowledge.Outcome) string {
	switch o {
	case knowledge.OutcomeTooEarly:
		return "too early to tell"
	}
	return "ongoing"
}

// digest posts the lessons approved since the last digest, then schedules
// the next one a week on.
func (a *App) digest(ctx context.Context, j scheduledJob) error {
	last, _, err := a.digests().Get(ctx, "last")
	if err != nil {
		return err
	}
	now := a.now().UTC()
	if last.IsZero() {
		last = now.AddDate(0, 0, -7)
	}
	var d Digest
	d.Since = last
	recent, err := a.store.ByStatus(ctx, knowledge.StatusApproved, 500, true)
	if err != nil {
		return err
	}
	for _, e := range recent {
		if e.Kind != knowledge.KindPilot {
			continue
		}
		// When it was approved: the submission's exact time, or, for an
		// imported entry, its review date.
		approved := e.ReviewedAt.Time
		if sub, err := a.submission(ctx, e.ID); err == nil && !sub.ApprovedAt.IsZero() {
			approved = sub.ApprovedAt
		}
		if !approved.IsZero() && approved.After(last) && !approved.After(now) {
			d.Lessons = append(d.Lessons, sourceOf(e, 0))
		}
	}
	if a.digestChan == "" {
		return nil
	}
	// Next week's digest first, whatever happens to this one: a digest
	// that keeps failing must not stop the ones after it. (The job is
	// named by its date, so scheduling it again on a retry is a no-op.)
	next := nextDigest(now)
	if err := a.schedule(ctx, next, scheduledJob{Kind: jobDigest, Due: next.Format(time.DateOnly)}); err != nil {
		return err
	}
	if len(d.Lessons) > 0 {
		due := j.Due
		if due == "" {
			due = now.Format(time.DateOnly)
		}
		_, err := a.sendOnce(ctx, "digest:"+due, func(ctx context.Context) (MessageRef, error) {
			return MessageRef{}, a.slack.PostDigest(ctx, a.digestChan, d)
		})
		if err != nil {
			return err
		}
	}
	if err := a.digests().Set(ctx, "last", now); err != nil {
		return err
	}
	a.lg.Info("weekly digest done", "lessons", len(d.Lessons))
	return nil
}

// RunScheduler runs due jobs every interval until ctx ends.
func (a *App) RunScheduler(ctx context.Context, interval time.Duration) {
	if err := a.EnsureDigestScheduled(ctx); err != nil {
		a.lg.Warn("could not schedule the digest", "err", err)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := a.RunDue(ctx); err != nil && ctx.Err() == nil {
			a.lg.Warn("scheduler run failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func knowledgeNotFound(err error) bool { return errors.Is(err, knowledge.ErrNotFound) }
