package bot_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Acknowledged work is never lost, and never shown twice: the durable
// queue as the bot uses it. The stack's workers can be held (paused) so
// that a test can see a job wait in Redis, and run it by hand as a
// reclaiming worker would.

// pausedStack is a stack whose workers take nothing until resumed.
func pausedStack(t *testing.T) (*stack, *atomic.Bool) {
	t.Helper()
	paused := new(atomic.Bool)
	paused.Store(true)
	return newStack(t, stackOptions{paused: paused}), paused
}

// takeJob takes the next queued job as a worker of its own would.
//
// A held worker may have read the job from the stream just before it was
// held, and handed it back; then it is claimed as a replica would.
// Callers hold every worker, so nothing else runs it meanwhile.
func (s *stack) takeJob() redisstore.Job {
	s.t.Helper()
	consumer := "test-" + s.t.Name()
	jobs, err := s.store.ReadJobs(s.ctx, consumer, 1, 0)
	if err == nil && len(jobs) == 0 {
		jobs, err = s.store.ReclaimJobs(s.ctx, consumer, 0, 1)
	}
	if err != nil || len(jobs) != 1 {
		s.t.Fatalf("ReadJobs = %v, %v; want one queued job", jobs, err)
	}
	return jobs[0]
}

// queued returns the queue's state.
func (s *stack) queued() redisstore.QueueStats {
	s.t.Helper()
	st, err := s.store.QueueStats(s.ctx)
	if err != nil {
		s.t.Fatal(err)
	}
	return st
}

// waitQueueEmpty waits until every queued job has been finished (a job is
// acknowledged just after its last post, so nothing signals it to the
// fake): it checks the queue every 20 ms, failing after wait.
func (s *stack) waitQueueEmpty() {
	s.t.Helper()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		st := s.queued()
		if st.Depth == 0 {
			return
		}
		select {
		case <-tick.C:
		case <-deadline.C:
			s.t.Fatalf("queue still holds %d jobs (%d pending) after %v", st.Depth, st.Pending, wait)
		}
	}
}

// TestWorkIsQueuedBeforeTheAck: by the time Slack has its 200, the work is
// in Redis; a redelivery of the event takes no queue space.
func TestWorkIsQueuedBeforeTheAck(t *testing.T) {
	s, paused := pausedStack(t)
	body := bottest.JSON(bottest.EventCallback("EvQUEUED1", bottest.AppMention("U1", "CQ", s.ts(), "", mention(xrayQuestion))))
	ackedInTime(t, s.event(body))
	if st := s.queued(); st.Depth != 1 {
		t.Fatalf("queue depth after the ack = %d, want the job waiting", st.Depth)
	}
	for _, retry := range []string{"1", "2"} {
		ackedInTime(t, s.event(body, "X-Slack-Retry-Num", retry, "X-Slack-Retry-Reason", "http_timeout"))
	}
	if st := s.queued(); st.Depth != 1 {
		t.Errorf("queue depth after two redeliveries = %d, want still 1", st.Depth)
	}
	if got := s.counter("kbbot_dedup_hits_total"); got != 2 {
		t.Errorf("kbbot_dedup_hits_total = %v, want 2", got)
	}
	paused.Store(false)
	s.waitPost("CQ")
	s.barrier()
	if n := len(s.posts("CQ")); n != 1 {
		t.Errorf("%d answers, want 1", n)
	}
	s.waitQueueEmpty()
	if got := s.counter("kbbot_jobs_in_process_total"); got != 0 {
		t.Errorf("kbbot_jobs_in_process_total = %v, want 0 (every job through the queue)", got)
	}
}

// TestRefusedQuestionQueuedWithoutItsText: a question holding an
// identifier is queued as a refusal: Redis never holds the text, not even
// while the job waits.
func TestRefusedQuestionQueuedWithoutItsText(t *testing.T) {
	s, paused := pausedStack(t)
	ch := "CREFUSE"
	s.deliver(bottest.AppMention("U1", ch, s.ts(), "", mention("what happened with 943 476 5919 in the audit?")))
	msgs, err := s.rdb.XRange(s.ctx, "kbtest:queue", "-", "+").Result()
	if err != nil || len(msgs) != 1 {
		t.Fatalf("queue = %v, %v; want the one job", msgs, err)
	}
	data := fmt.Sprint(msgs[0].Values["d"])
	// The job's random id and its received time are not the question's,
	// and may hold "943" by chance: they are left out of the search.
	var fields map[string]any
	if err := json.Unmarshal([]byte(data), &fields); err != nil {
		t.Fatalf("queued job %s: %v", data, err)
	}
	delete(fields, "id")
	delete(fields, "received")
	rest, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"943", "5919", "audit", "happened"} {
		if strings.Contains(string(rest), leak) {
			t.Errorf("the queued job holds %q: %s", leak, data)
		}
	}
	if !strings.Contains(data, string(privacy.NHSNumber)) {
		t.Errorf("the queued job does not say what was refused: %s", data)
	}
	paused.Store(false)
	got := s.fake.WaitFor(t, "the refusal", 1, wait, func(c bottest.Call) bool {
		return strings.HasPrefix(c.Method, "chat.post") && c.Value("channel") == ch && c.OK()
	})[0]
	if !strings.Contains(got.Text(), privacy.NHSNumber.Message()) {
		t.Errorf("refusal = %q, want it to say it %s", got.Text(), privacy.NHSNumber.Message())
	}
}

// TestJobRunTwiceShowsOneMessage: a job done twice (its first worker died
// after posting, and the job was reclaimed) updates its answer in place:
// one message in the channel, and for a private answer one reply replaced.
func TestJobRunTwiceShowsOneMessage(t *testing.T) {
	t.Run("channel answer", func(t *testing.T) {
		s, _ := pausedStack(t)
		thread := s.ts()
		s.deliver(bottest.AppMention("U1", "CTWICE", thread, "", mention(xrayQuestion)))
		j := s.takeJob()
		for attempt := 1; attempt <= 2; attempt++ {
			if err := s.bot.RunJob(s.ctx, j.Data, attempt); err != nil {
				t.Fatalf("RunJob attempt %d: %v", attempt, err)
			}
		}
		posts := s.posts("CTWICE")
		if len(posts) != 1 {
			t.Fatalf("%d messages posted by two runs, want 1", len(posts))
		}
		ts := fmt.Sprint(posts[0].Reply["ts"])
		updates := s.fake.Find(func(c bottest.Call) bool {
			return c.Method == "chat.update" && c.Value("channel") == "CTWICE" && c.Value("ts") == ts && c.OK()
		})
		if len(updates) != 1 || !strings.Contains(updates[0].BlockText(), xrayTitle) {
			t.Errorf("second run: %d updates of the message, want 1 carrying the answer", len(updates))
		}
	})
	t.Run("private answer", func(t *testing.T) {
		s, _ := pausedStack(t)
		rid := s.slash("U1", xrayQuestion)
		j := s.takeJob()
		for attempt := 1; attempt <= 2; attempt++ {
			if err := s.bot.RunJob(s.ctx, j.Data, attempt); err != nil {
				t.Fatalf("RunJob attempt %d: %v", attempt, err)
			}
		}
		replies := s.fake.Find(func(c bottest.Call) bool { return c.Method == bottest.ResponseURLMethod && c.ResponseID == rid })
		if len(replies) != 2 {
			t.Fatalf("%d posts to the response_url, want the answer and its replacement", len(replies))
		}
		if replies[0].Value("replace_original") == "true" || replies[1].Value("replace_original") != "true" {
			t.Errorf("replace_original = %q then %q, want false then true", replies[0].Value("replace_original"), replies[1].Value("replace_original"))
		}
	})
}

// TestPostLostOnTheWayShowsOnce: Slack takes the answer and the connection
// drops before its reply. The bot does not post it again blindly: it finds
// the message in the channel (or thread) by its metadata.
func TestPostLostOnTheWayShowsOnce(t *testing.T) {
	for _, tc := range []struct {
		name, channel, lookup string
		inner                 func(s *stack) map[string]any
	}{
		{"mention in a thread", "CDROP", "conversations.replies", func(s *stack) map[string]any {
			return bottest.AppMention("U1", "CDROP", s.ts(), "", mention(xrayQuestion))
		}},
		{"direct message", "DDROP", "conversations.history", func(s *stack) map[string]any {
			return bottest.Message("U1", "DDROP", "im", s.ts(), "", xrayQuestion)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStack(t, stackOptions{})
			s.fake.DropNext("chat.postMessage", 1)
			s.deliver(tc.inner(s))
			s.fake.WaitFor(t, "a look in the channel", 1, wait, func(c bottest.Call) bool {
				return c.Method == tc.lookup && c.Value("channel") == tc.channel
			})
			s.barrier()
			posts := s.posts(tc.channel)
			if len(posts) != 1 || !strings.Contains(posts[0].BlockText(), xrayTitle) {
				t.Errorf("%d messages in %s, want the one answer", len(posts), tc.channel)
			}
			if dms := s.posts("U1"); len(dms) != 0 {
				t.Errorf("%d fallback DMs, want none (the answer had arrived)", len(dms))
			}
		})
	}
	t.Run("lost before Slack had it", func(t *testing.T) {
		// The connection drops and the message is not in the thread: it
		// never arrived, so it is posted, once.
		s := newStack(t, stackOptions{})
		s.fake.LoseNext("chat.postMessage", 1)
		s.deliver(bottest.AppMention("U1", "CNONE", s.ts(), "", mention(xrayQuestion)))
		s.waitPost("CNONE")
		s.barrier()
		if n := len(s.posts("CNONE")); n != 1 {
			t.Errorf("%d answers, want 1", n)
		}
		if n := len(s.fake.Calls("conversations.replies")); n != 1 {
			t.Errorf("%d looks in the thread, want 1 before posting again", n)
		}
	})
}

// TestDeadLetteredJobApologises: a job that failed every attempt is
// dead-lettered and its asker told plainly.
func TestDeadLetteredJobApologises(t *testing.T) {
	s, _ := pausedStack(t)
	s.deliver(bottest.AppMention("U1", "CDEAD", s.ts(), "", mention(xrayQuestion)))
	j := s.takeJob()
	s.bot.GiveUp(s.ctx, j.Data)
	got := s.fake.WaitFor(t, "an apology", 1, wait, func(c bottest.Call) bool {
		return strings.HasPrefix(c.Method, "chat.post") && c.Value("channel") == "CDEAD"
	})[0]
	if !strings.Contains(got.Text(), "something went wrong") {
		t.Errorf("asker was told %q, want the apology", got.Text())
	}
}

// TestBurstIsAnsweredLaterNeverRefused: a burst far beyond what the workers
// can do at once is queued and answered, every question once, and nobody
// is told to try again.
func TestBurstIsAnsweredLaterNeverRefused(t *testing.T) {
	s := newStack(t, stackOptions{})
	const n = 60
	for i := range n {
		s.deliver(bottest.AppMention("U1", fmt.Sprintf("CBURST%02d", i), s.ts(), "", mention(xrayQuestion)))
	}
	s.fake.WaitFor(t, "every answer", n, 6*wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && strings.HasPrefix(c.Value("channel"), "CBURST") && c.OK()
	})
	s.barrier()
	for i := range n {
		if got := len(s.posts(fmt.Sprintf("CBURST%02d", i))); got != 1 {
			t.Errorf("question %d: %d answers, want 1", i, got)
		}
	}
	for _, c := range s.fake.Calls("") {
		if strings.Contains(strings.ToLower(c.Text()), "busy") {
			t.Errorf("someone was told kbbot is busy: %q", c.Text())
		}
	}
}

// TestWaitedForAnswerDMOnceWhenTheJobRunsTwice: the approval that answers
// someone's Notify me runs, DMs them, and Slack's answer to that DM is
// lost on the way back; the job is then run again by another replica (as
// after a lost lease), whose index has not seen the approval yet. The
// person waiting gets one DM, and the author one "approved" DM.
func TestWaitedForAnswerDMOnceWhenTheJobRunsTwice(t *testing.T) {
	held := new(atomic.Bool)
	first := newCurationStack(t, stackOptions{paused: held})
	ans := first.ask(hydroQuestion)
	answerID, ok := ans.ActionValue("kb_notify")
	if !ok {
		t.Fatalf("a not-confident answer wants Notify me: %s", ans.Raw)
	}
	first.reply(first.press(asker, ans.Value("channel"), "kb_notify", answerID))
	e := first.submitLesson(author, lessonValues(hydroTitle))
	first.reviewPost(e.ID)
	first.barrier()

	// A second replica on the same Redis and Slack, its index built
	// before the approval. Both replicas' workers are held: the approval
	// waits in the queue, to be run by hand.
	held.Store(true)
	second := newCurationStack(t, stackOptions{rdb: first.rdb, fake: first.fake, name: "b", paused: held})
	second.press(moderator, modChannel, "kb_approve", e.ID)
	j := second.takeJob()

	first.fake.DropNext("chat.postMessage", 1) // the waiter's DM, the job's first post
	if err := first.bot.RunJob(first.ctx, j.Data, 1); err != nil {
		t.Fatal(err)
	}
	if dms := first.dms(asker, "can now answer"); len(dms) != 1 {
		t.Fatalf("%d answer DMs after the first run, want 1 (its answer lost on the way)", len(dms))
	}
	// RunJob returns when the job is done: nothing is left to wait for.
	if err := second.bot.RunJob(second.ctx, j.Data, 2); err != nil {
		t.Fatal(err)
	}
	if n := len(first.dms(asker, "can now answer")); n != 1 {
		t.Errorf("%d answer DMs to the person waiting after the job ran twice, want 1", n)
	}
	if n := len(first.dms(author, "was approved")); n != 1 {
		t.Errorf("%d approval DMs to the author, want 1", n)
	}
	if got := first.entry(e.ID); got.Status != knowledge.StatusApproved {
		t.Errorf("entry status %s, want approved", got.Status)
	}
}

// TestThanksRunTwiceReactsOnce: a thank-you in an answer's thread gets a
// reaction; the job run again finds it there (Slack answers
// already_reacted) and does not reply on top of it.
func TestThanksRunTwiceReactsOnce(t *testing.T) {
	s, _ := pausedStack(t)
	thread := s.ts()
	s.deliver(bottest.AppMention("U1", "CTHANKS2", thread, "", mention(xrayQuestion)))
	if err := s.bot.RunJob(s.ctx, s.takeJob().Data, 1); err != nil {
		t.Fatal(err)
	}
	s.deliver(bottest.Message("U1", "CTHANKS2", "channel", s.ts(), thread, "thanks!"))
	j := s.takeJob()
	if err := s.bot.RunJob(s.ctx, j.Data, 1); err != nil {
		t.Fatal(err)
	}
	s.fake.RejectNext("reactions.add", "already_reacted", 1)
	if err := s.bot.RunJob(s.ctx, j.Data, 2); err != nil {
		t.Fatal(err)
	}
	if n := len(s.fake.Calls("reactions.add")); n != 2 {
		t.Errorf("%d reactions.add calls, want 2 (one per run)", n)
	}
	if n := len(s.posts("CTHANKS2")); n != 1 {
		t.Errorf("%d posts in the thread, want the answer only", n)
	}
}
