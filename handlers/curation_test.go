package handlers_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// Curation use cases that need a clock or several replicas: scheduled
// follow-ups and the digest, gap grouping, the experts directory. Each App
// runs on a real redis-server; Slack is a recorder of what the use cases
// asked to send.

const (
	mod       = "UMOD"
	mod2      = "UMOD2"
	modChan   = "CMOD"
	digestCh  = "CDIGEST"
	author    = "UAUTHOR"
	otherUser = "UOTHER"
)

// clock is a settable clock shared by the Apps (replicas) of a test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// sentDM is a direct message the use cases sent.
type sentDM struct {
	User   string
	Notice handlers.Notice
}

// sentDigest is a digest post.
type sentDigest struct {
	Channel string
	Digest  handlers.Digest
}

// recSlack records what the use cases send to Slack. It implements
// handlers.Slack.
type recSlack struct {
	mu      sync.Mutex
	dms     []sentDM
	reviews []handlers.Review
	updates []handlers.Review
	digests []sentDigest
	seq     int
}

func (r *recSlack) DM(_ context.Context, user string, n handlers.Notice) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.dms = append(r.dms, sentDM{User: user, Notice: n})
	return nil
}

func (r *recSlack) PostReview(_ context.Context, channel string, rv handlers.Review) (handlers.MessageRef, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	r.reviews = append(r.reviews, rv)
	return handlers.MessageRef{Channel: channel, TS: fmt.Sprintf("1700000000.%06d", r.seq)}, nil
}

func (r *recSlack) UpdateReview(_ context.Context, _ handlers.MessageRef, rv handlers.Review) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.updates = append(r.updates, rv)
	return nil
}

func (r *recSlack) PostDigest(_ context.Context, channel string, d handlers.Digest) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.digests = append(r.digests, sentDigest{Channel: channel, Digest: d})
	return nil
}

// followUps returns the DMs that carry an Update outcome button.
func (r *recSlack) followUps() []sentDM {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []sentDM
	for _, d := range r.dms {
		if d.Notice.Button != nil {
			out = append(out, d)
		}
	}
	return out
}

func (r *recSlack) digestPosts() []sentDigest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.digests)
}

// curationApp is one replica: an App on rdb with a moderator, a moderation
// channel, the digest channel (if any) and the clock, its search index
// built, telling Slack through a recorder.
func curationApp(t *testing.T, rdb *redis.Client, clk *clock, digest string) (*testApp, *recSlack) {
	t.Helper()
	rec := &recSlack{}
	return curationAppTelling(t, rdb, clk, digest, rec), rec
}

// curationAppTelling is curationApp telling Slack through sl.
func curationAppTelling(t *testing.T, rdb *redis.Client, clk *clock, digest string, sl handlers.Slack) *testApp {
	t.Helper()
	store := redisstore.New(rdb, "kb", redisstore.WithClock(clk.Now))
	app := buildApp(t, handlers.Deps{
		Store: store, Slack: sl, Moderators: []string{mod, mod2}, ModerationChannel: modChan, DigestChannel: digest, Now: clk.Now,
	})
	if err := app.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	return &testApp{App: app, store: store, rdb: rdb}
}

// lessonForm is a valid pilot-lesson form with the given title and outcome.
func lessonForm(title, outcome string) handlers.LessonForm {
	return handlers.LessonForm{
		Title: title, Category: "clinical_documentation", OrgType: "primary_care", Outcome: outcome,
		WhatHappened: "Twelve GPs used an ambient scribe for three months in routine consultations.",
		Lessons:      "Agree the DPIA and the safety case before the first consultation is recorded.",
		Evidence:     "internal_audit", Tags: "ambient scribe, primary care",
	}
}

// shareApproved submits a lesson as user and approves it, as the bot does:
// Approve, then FinishDecision.
func (a *testApp) shareApproved(t *testing.T, user, title, outcome string) knowledge.Entry {
	t.Helper()
	e, err := a.SubmitLesson(t.Context(), user, lessonForm(title, outcome))
	if err != nil {
		t.Fatalf("SubmitLesson(%q): %v", title, err)
	}
	if err := a.AnnounceSubmission(t.Context(), e.ID); err != nil {
		t.Fatalf("AnnounceSubmission: %v", err)
	}
	approved, err := a.Approve(t.Context(), mod, e.ID)
	if err != nil {
		t.Fatalf("Approve(%s): %v", e.ID, err)
	}
	a.FinishDecision(t.Context(), e.ID)
	return approved
}

// runDueTogether runs RunDue on every app at the same moment.
func runDueTogether(t *testing.T, apps ...*testApp) {
	t.Helper()
	start := make(chan struct{})
	errs := make([]error, len(apps))
	var wg sync.WaitGroup
	for i, a := range apps {
		wg.Go(func() {
			<-start
			_, errs[i] = a.RunDue(t.Context())
		})
	}
	close(start)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("RunDue: %v", err)
	}
}

// allFollowUps gathers the follow-up DMs every replica sent.
func allFollowUps(recs ...*recSlack) []sentDM {
	var out []sentDM
	for _, r := range recs {
		out = append(out, r.followUps()...)
	}
	return out
}

func TestOutcomeFollowUps(t *testing.T) {
	rdb := redistest.Client(t)
	approvedAt := time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)
	clk := &clock{t: approvedAt}
	a1, s1 := curationApp(t, rdb, clk, "")
	a2, s2 := curationApp(t, rdb, clk, "")

	open := a1.shareApproved(t, author, "Ambient scribe pilot in a GP practice, still running", "ongoing")
	withdrawn := a1.shareApproved(t, otherUser, "Ambient scribe pilot we later withdrew", "too_early")
	if _, err := a1.Withdraw(t.Context(), otherUser, withdrawn.ID); err != nil {
		t.Fatalf("Withdraw: %v", err)
	}
	settled := a1.shareApproved(t, otherUser, "Ambient scribe pilot that succeeded", "success")

	jobs, err := a1.store.ScheduledJobs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	due := map[string][]time.Time{}
	for j, at := range jobs {
		var sj struct {
			Kind  string `json:"kind"`
			Entry string `json:"entry"`
		}
		if err := json.Unmarshal([]byte(j), &sj); err != nil {
			t.Fatalf("scheduled job %q: %v", j, err)
		}
		due[sj.Entry] = append(due[sj.Entry], at)
	}
	want := []time.Time{approvedAt.AddDate(0, 3, 0), approvedAt.AddDate(0, 6, 0), approvedAt.AddDate(0, 12, 0)}
	got := due[open.ID]
	slices.SortFunc(got, time.Time.Compare)
	if !slices.EqualFunc(got, want, time.Time.Equal) {
		t.Errorf("follow-ups of the open pilot due %v, want %v", got, want)
	}
	if len(due[settled.ID]) != 0 {
		t.Errorf("a pilot with a known outcome has follow-ups due %v", due[settled.ID])
	}

	t.Run("not before three months", func(t *testing.T) {
		clk.Set(approvedAt.AddDate(0, 3, 0).Add(-time.Minute))
		runDueTogether(t, a1, a2)
		if f := allFollowUps(s1, s2); len(f) != 0 {
			t.Errorf("follow-ups sent early: %+v", f)
		}
	})

	t.Run("three months, two replicas", func(t *testing.T) {
		clk.Set(approvedAt.AddDate(0, 3, 1))
		runDueTogether(t, a1, a2)
		runDueTogether(t, a1, a2) // a second tick sends nothing more
		f := allFollowUps(s1, s2)
		if len(f) != 1 {
			t.Fatalf("%d follow-up DMs from two replicas, want exactly 1: %+v", len(f), f)
		}
		d := f[0]
		if d.User != author || d.Notice.Button.Action != handlers.ButtonUpdateOutcome || d.Notice.Button.Value != open.ID {
			t.Errorf("follow-up = %+v, want a DM to %s with Update outcome for %s", d, author, open.ID)
		}
		if !strings.Contains(d.Notice.String(), "3 months") || !strings.Contains(d.Notice.String(), open.Title) {
			t.Errorf("follow-up text = %q, want it to name the lesson and 3 months", d.Notice.String())
		}
	})

	t.Run("six months, after a restart", func(t *testing.T) {
		a3, s3 := curationApp(t, rdb, clk, "") // a fresh process: nothing in memory
		clk.Set(approvedAt.AddDate(0, 6, 1))
		if _, err := a3.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
		f := s3.followUps()
		if len(f) != 1 || f[0].User != author || f[0].Notice.Button.Value != open.ID || !strings.Contains(f[0].Notice.String(), "6 months") {
			t.Errorf("follow-ups after the restart = %+v, want one 6-month DM to %s", f, author)
		}
		if n := len(allFollowUps(s1, s2)); n != 1 {
			t.Errorf("the old replicas sent %d follow-ups, want still 1", n)
		}
	})

	for _, r := range []*recSlack{s1, s2} {
		for _, d := range r.followUps() {
			if d.User == otherUser || d.Notice.Button.Value == withdrawn.ID {
				t.Errorf("a follow-up went to a withdrawn or settled lesson's author: %+v", d)
			}
		}
	}
}

func TestConcurrentApprovalsNameTheWinner(t *testing.T) {
	rdb := redistest.Client(t)
	clk := &clock{t: time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)}
	a1, _ := curationApp(t, rdb, clk, "")
	a2, _ := curationApp(t, rdb, clk, "")
	const rounds = 200
	unnamed := 0
	for i := range rounds {
		e, err := a1.SubmitLesson(t.Context(), author, lessonForm(fmt.Sprintf("Concurrent approval round %d", i), "success"))
		if err != nil {
			t.Fatal(err)
		}
		start := make(chan struct{})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for j, p := range []struct {
			a    *testApp
			user string
		}{{a1, mod}, {a2, mod2}} {
			wg.Go(func() {
				<-start
				_, errs[j] = p.a.Approve(t.Context(), p.user, e.ID)
			})
		}
		close(start)
		wg.Wait()
		var lost []error
		for _, err := range errs {
			if err != nil {
				lost = append(lost, err)
			}
		}
		if len(lost) != 1 {
			t.Fatalf("round %d: errors %v, want exactly one moderator refused", i, errs)
		}
		if !errors.Is(lost[0], knowledge.ErrConflict) {
			t.Fatalf("round %d: the loser got %v, want a conflict", i, lost[0])
		}
		if !strings.Contains(lost[0].Error(), "already approved by <@") {
			unnamed++
		}
	}
	if unnamed > 0 {
		t.Errorf("in %d of %d races the losing moderator was not told who approved it", unnamed, rounds)
	}
}

// digestJobs returns the due times of the scheduled digest jobs.
func digestJobs(t *testing.T, a *testApp) []time.Time {
	t.Helper()
	jobs, err := a.store.ScheduledJobs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var out []time.Time
	for j, at := range jobs {
		var sj struct {
			Kind string `json:"kind"`
		}
		if json.Unmarshal([]byte(j), &sj) == nil && sj.Kind == "digest" {
			out = append(out, at)
		}
	}
	return out
}

// digestIDs lists the lesson ids of a digest.
func digestIDs(d handlers.Digest) []string {
	var ids []string
	for _, s := range d.Lessons {
		ids = append(ids, s.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestWeeklyDigest(t *testing.T) {
	rdb := redistest.Client(t)
	start := time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC) // a Wednesday
	clk := &clock{t: start}
	a1, s1 := curationApp(t, rdb, clk, digestCh)
	a2, s2 := curationApp(t, rdb, clk, digestCh)
	first := time.Date(2031, 3, 10, 9, 0, 0, 0, time.UTC) // the next Monday, 09:00
	if first.Weekday() != time.Monday {
		t.Fatalf("test setup: %v is not a Monday", first)
	}
	// posts gathers both replicas' digests, oldest first.
	posts := func() []sentDigest {
		p := append(s1.digestPosts(), s2.digestPosts()...)
		slices.SortFunc(p, func(x, y sentDigest) int { return x.Digest.Since.Compare(y.Digest.Since) })
		return p
	}

	lessonA := a1.shareApproved(t, author, "Digest lesson A: discharge summaries", "success")

	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, a := range []*testApp{a1, a2} {
		wg.Go(func() { errs[i] = a.EnsureDigestScheduled(t.Context()) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if got := digestJobs(t, a1); len(got) != 1 || !got[0].Equal(first) {
		t.Fatalf("digest jobs = %v, want one, due %v", got, first)
	}

	clk.Set(first)
	runDueTogether(t, a1, a2)
	p := posts()
	if len(p) != 1 {
		t.Fatalf("%d digests posted by two replicas, want 1", len(p))
	}
	if p[0].Channel != digestCh || !slices.Equal(digestIDs(p[0].Digest), []string{lessonA.ID}) {
		t.Errorf("digest = %s %v, want %s listing %s", p[0].Channel, digestIDs(p[0].Digest), digestCh, lessonA.ID)
	}
	next := first.AddDate(0, 0, 7)
	if got := digestJobs(t, a1); len(got) != 1 || !got[0].Equal(next) {
		t.Errorf("digest jobs after the first = %v, want one, due %v", got, next)
	}
	// A replica starting later does not add a second digest.
	clk.Set(first.Add(2 * time.Hour))
	if err := a2.EnsureDigestScheduled(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := digestJobs(t, a1); len(got) != 1 {
		t.Errorf("digest jobs after a replica restart = %v, want one", got)
	}

	clk.Set(first.AddDate(0, 0, 2))
	lessonB := a1.shareApproved(t, author, "Digest lesson B: referral letters", "mixed")
	clk.Set(next)
	runDueTogether(t, a1, a2)
	p = posts()
	if len(p) != 2 {
		t.Fatalf("%d digests after two weeks, want 2", len(p))
	}
	if got := digestIDs(p[1].Digest); !slices.Equal(got, []string{lessonB.ID}) {
		t.Errorf("second digest lists %v, want only %s (approved since the last)", got, lessonB.ID)
	}
	if !p[1].Digest.Since.Equal(first) {
		t.Errorf("second digest since %v, want the first digest's time %v", p[1].Digest.Since, first)
	}
}

func TestDigestListsALessonOnce(t *testing.T) {
	rdb := redistest.Client(t)
	first := time.Date(2031, 3, 10, 9, 0, 0, 0, time.UTC) // a Monday
	clk := &clock{t: first.Add(-time.Hour)}
	a, s := curationApp(t, rdb, clk, digestCh)
	early := a.shareApproved(t, author, "Lesson approved on Monday at 08:00", "success")
	if err := a.EnsureDigestScheduled(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Set(first)
	if _, err := a.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Set(first.AddDate(0, 0, 7))
	if _, err := a.RunDue(t.Context()); err != nil {
		t.Fatal(err)
	}
	var listed int
	for _, p := range s.digestPosts() {
		if slices.Contains(digestIDs(p.Digest), early.ID) {
			listed++
		}
	}
	if listed != 1 {
		t.Errorf("the lesson was listed in %d digests, want 1", listed)
	}
}

// gapsApp is a seeded replica for the gaps tests: typo correction and
// concepts come from the real vocabulary and content.
func gapsApp(t *testing.T) (*testApp, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)}
	a, _ := curationApp(t, redistest.Client(t), clk, "")
	if _, err := a.EnsureSeeded(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	return a, clk
}

// recordGaps records questions as unanswered, a minute apart.
func recordGaps(t *testing.T, a *testApp, clk *clock, qs ...string) {
	t.Helper()
	for i, q := range qs {
		clk.Set(clk.Now().Add(time.Minute))
		if err := a.RecordGap(t.Context(), q, handlers.GapUnanswered, ""); err != nil {
			t.Fatalf("RecordGap %d: %v", i, err)
		}
	}
}

// checkGapGroups checks that Gaps returns need as one group, first, and
// each of others as a group of its own.
func checkGapGroups(t *testing.T, a *testApp, need, others []string) {
	t.Helper()
	groups, err := a.Gaps(t.Context(), mod, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1+len(others) {
		t.Fatalf("%d groups, want %d (one need and %d others): %+v", len(groups), 1+len(others), len(others), groups)
	}
	if g := groups[0]; g.Count != len(need) || !slices.Contains(need, g.Question) {
		t.Errorf("first group = %+v, want the same need asked %d ways", g, len(need))
	}
	var singles []string
	for _, g := range groups[1:] {
		if g.Count != 1 {
			t.Errorf("group %q has count %d, want 1", g.Question, g.Count)
		}
		singles = append(singles, g.Question)
	}
	slices.Sort(singles)
	want := slices.Sorted(slices.Values(others))
	if !slices.Equal(singles, want) {
		t.Errorf("other groups = %q, want %q", singles, want)
	}
}

var unrelatedGaps = []string{"canteen opening hours", "how to book annual leave"}

func TestGapsGroupParaphrases(t *testing.T) {
	a, clk := gapsApp(t)
	dpia := []string{
		"what do I need for a DPIA",
		"dpia requirements?",
		"data protection impact assessment - what's needed",
		"do we need a DPIA for an AI scribe",
		"DPIA checklist please",
	}
	recordGaps(t, a, clk, dpia[0], unrelatedGaps[0], dpia[1], dpia[2], unrelatedGaps[1], dpia[3], dpia[4])
	checkGapGroups(t, a, dpia, unrelatedGaps)
}

func TestGapsGroupingAndScreening(t *testing.T) {
	a, clk := gapsApp(t)
	// The spelled-out paraphrase is left to TestGapsGroupParaphrases.
	dpia := []string{
		"what do I need for a DPIA",
		"dpia requirements?",
		"do we need a DPIA for an AI scribe",
		"DPIA checklist please",
	}
	const phoneGap = "who do I ring about the DPIA, 07700 900123?"
	recordGaps(t, a, clk, dpia[0], unrelatedGaps[0], dpia[1], phoneGap, unrelatedGaps[1], dpia[2], dpia[3])
	if err := a.RecordGap(t.Context(), "a fine question", handlers.GapUnhelpful, "my number is 07700 900123"); err != nil {
		t.Fatal(err)
	}

	if _, err := a.Gaps(t.Context(), otherUser, 0); !handlers.IsForbidden(err) {
		t.Errorf("Gaps by a non-moderator: err = %v, want forbidden", err)
	}
	checkGapGroups(t, a, dpia, unrelatedGaps)

	var stored []string
	gaps, err := redisstore.ListOf[handlers.Gap](t.Context(), a.store, redisstore.ListGaps, 100)
	for _, g := range gaps {
		stored = append(stored, g.Question+"\n"+g.Reason)
	}
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(dpia)+len(unrelatedGaps) {
		t.Errorf("%d gaps stored, want %d (none with a phone number)", len(stored), len(dpia)+len(unrelatedGaps))
	}
	for _, q := range stored {
		if strings.Contains(q, "900123") {
			t.Errorf("a gap with a phone number was stored")
		}
	}
}

func TestExpertsDirectoryRules(t *testing.T) {
	rdb := redistest.Client(t)
	clk := &clock{t: time.Date(2031, 3, 5, 10, 0, 0, 0, time.UTC)}
	a, _ := curationApp(t, rdb, clk, "")
	ctx := t.Context()

	var many []string
	for i := range 11 {
		many = append(many, fmt.Sprintf("topic %c", 'a'+i))
	}
	tests := []struct {
		name   string
		topics string
		kind   knowledge.ErrorKind
		msg    string
	}{
		{"no topics", "", knowledge.EInvalid, "at least one topic"},
		{"only separators", " , ;  ,", knowledge.EInvalid, "at least one topic"},
		{"too many", strings.Join(many, ", "), knowledge.EInvalid, "at most 10"},
		{"a topic too long", strings.Repeat("x", 61), knowledge.EInvalid, "at most 60"},
		{"an email address", "ambient scribes, jane.smith@nhs.net", knowledge.EPrivacy, privacy.Email.Message()},
		{"a phone number", "dpia, 07700 900123", knowledge.EPrivacy, privacy.Phone.Message()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.AddExpert(ctx, "UEXP", tt.topics, true)
			var ke *knowledge.Error
			if !errors.As(err, &ke) || ke.Kind != tt.kind || ke.Field != "topics" || !strings.Contains(ke.Msg, tt.msg) {
				t.Fatalf("AddExpert(%q) = %v, want a %s error on topics saying %q", tt.topics, err, tt.kind, tt.msg)
			}
			for _, v := range []string{"jane.smith", "900123"} {
				if strings.Contains(ke.Msg, v) {
					t.Errorf("the error echoes %q: %q", v, ke.Msg)
				}
			}
		})
	}
	if all, err := a.Experts(ctx, ""); err != nil || len(all) != 0 {
		t.Fatalf("after refused adds the directory holds %+v (err %v), want nobody", all, err)
	}

	e, err := a.AddExpert(ctx, "UEXP", " Ambient  Scribes; DPIA, ambient scribes ", true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(e.Topics, []string{"ambient scribes", "dpia"}) || !e.Mentor || e.User != "UEXP" {
		t.Errorf("AddExpert = %+v, want topics [ambient scribes dpia] normalised and deduplicated, mentor", e)
	}
	if _, err := a.AddExpert(ctx, "UEXP2", "procurement", false); err != nil {
		t.Fatal(err)
	}
	found, err := a.Experts(ctx, "AVT")
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].User != "UEXP" {
		t.Errorf("Experts(AVT) = %+v, want UEXP only", found)
	}

	ok, err := a.RemoveExpert(ctx, "UEXP")
	if err != nil || !ok {
		t.Fatalf("RemoveExpert = %v, %v; want true", ok, err)
	}
	if ok, err := a.RemoveExpert(ctx, "UEXP"); err != nil || ok {
		t.Errorf("second RemoveExpert = %v, %v; want false (not listed)", ok, err)
	}
	all, err := a.Experts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].User != "UEXP2" {
		t.Errorf("directory after removal = %+v, want UEXP2 only", all)
	}
}
