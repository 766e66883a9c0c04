package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// Queued work. Everything kbbot does after acknowledging Slack is a job: a
// small JSON record of what to do and where the reply goes, never a
// closure, so that it can wait in Redis (the durable queue that serve
// wires into Config.Enqueue) and be done by any replica, after a restart
// or a crash. A job is queued before Slack is acknowledged; a worker on
// some replica reads it and calls RunJob, which finds its kind in
// jobKinds and runs it. Text from users goes into a job only if it passes
// the privacy screen: otherwise the job holds only the kind of identifier
// (Refused), and its run replies with the refusal.

// job is one piece of acknowledged work.
type job struct {
	// ID names the job in the records of what it posted (deliver.go), so
	// that a second run updates its messages instead of posting again.
	// Random hex: no text of anyone's.
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// Reply is where replies go.
	Reply jobReply `json:"reply"`
	// Text is the user's text (a question, topics), screened.
	Text string `json:"text,omitempty"`
	// Refused is the kind of identifier the screen found in the text,
	// which was then left out.
	Refused privacy.Kind `json:"refused,omitempty"`
	// Value is a button's value or an entry id.
	Value string `json:"value,omitempty"`
	// Command is the slash command's name, for help texts ("/kb").
	Command string `json:"command,omitempty"`
	// Block is the block id of the button pressed: on a paged list it
	// names the list and page to redraw (lists.go).
	Block string `json:"block,omitempty"`
	// Note is kbbot's own line about what a modal did, shown above the
	// list it was opened from when that list is redrawn. It may name an
	// entry by its title, which passed the privacy screen when stored.
	Note string `json:"note,omitempty"`
	// TS is the asker's message, for a reaction to small talk; React says
	// small talk there gets one (ask.go).
	TS    string `json:"ts,omitempty"`
	React bool   `json:"react,omitempty"`
	// Flags of some kinds.
	FollowUpOnly bool `json:"follow_up_only,omitempty"`
	Shareable    bool `json:"shareable,omitempty"`
	Mentor       bool `json:"mentor,omitempty"`
	Helpful      bool `json:"helpful,omitempty"`
	// Received is when Slack's delivery arrived (Unix ms), for latency.
	Received int64 `json:"received,omitempty"`

	// attempt counts runs of this job, this one included (not stored:
	// the queue counts).
	attempt int
}

// jobReply is a reply (reply.go) as a job stores it.
type jobReply struct {
	Channel     string `json:"channel,omitempty"`
	ThreadTS    string `json:"thread_ts,omitempty"`
	ResponseURL string `json:"response_url,omitempty"`
	User        string `json:"user,omitempty"`
	Private     bool   `json:"private,omitempty"`
	EventID     string `json:"event_id,omitempty"`
}

func replyRecord(r reply) jobReply {
	return jobReply{Channel: r.channel, ThreadTS: r.threadTS, ResponseURL: r.responseURL, User: r.user, Private: r.private, EventID: r.eventID}
}

func (jr jobReply) reply() reply {
	return reply{channel: jr.Channel, threadTS: jr.ThreadTS, responseURL: jr.ResponseURL, user: jr.User, private: jr.Private, eventID: jr.EventID}
}

// received is when the job's delivery arrived.
func (j job) received() time.Time {
	if j.Received == 0 {
		return time.Now()
	}
	return time.UnixMilli(j.Received)
}

// Job kinds.
const (
	jobAsk          = "ask"
	jobShareAnswer  = "share_answer"
	jobRate         = "rate"
	jobReaction     = "reaction"
	jobHome         = "home"
	jobExperts      = "experts"
	jobExpertAdd    = "expert_add"
	jobExpertRemove = "expert_remove"
	jobAskPerson    = "ask_person"
	jobGaps         = "gaps"
	jobStale        = "stale"
	jobMarkReviewed = "mark_reviewed"
	jobStats        = "stats"
	jobMine         = "mine"
	jobWithdraw     = "withdraw"
	jobQueue        = "queue"
	jobApprove      = "approve"
	jobAnnounce     = "announce"
	jobFinishReject = "finish_reject"
	jobAfterEdit    = "after_edit"
	jobSyncIndex    = "sync_index"
	jobArchive      = "archive"
	jobPage         = "page"
	jobNotify       = "notify"
	jobCancelWait   = "cancel_wait"
)

// jobKind is one kind of job: its run, and what its Text holds (named in
// a refusal; "" when it holds none).
type jobKind struct {
	name string
	text string
	run  func(b *Bot, ctx context.Context, j job, r reply)
}

// jobKinds is every kind of queued work, with the file that runs it.
func jobKinds() []jobKind {
	return []jobKind{
		{jobAsk, "question", (*Bot).runAsk},           // ask.go
		{jobShareAnswer, "", (*Bot).runShareAnswer},   // ask.go
		{jobRate, "", (*Bot).runRate},                 // feedback.go
		{jobReaction, "", (*Bot).runReaction},         // feedback.go
		{jobHome, "", (*Bot).runHome},                 // home.go
		{jobExperts, "topic", (*Bot).runExperts},      // experts.go
		{jobExpertAdd, "topics", (*Bot).runExpertAdd}, // experts.go
		{jobExpertRemove, "", (*Bot).runExpertRemove}, // experts.go
		{jobAskPerson, "", (*Bot).runAskPerson},       // experts.go
		{jobGaps, "", (*Bot).runGaps},                 // gaps.go
		{jobStale, "", (*Bot).runStale},               // stale.go
		{jobMarkReviewed, "", (*Bot).runMarkReviewed}, // stale.go
		{jobStats, "", (*Bot).runStats},               // stats.go
		{jobMine, "", (*Bot).runMine},                 // mine.go
		{jobWithdraw, "", (*Bot).runWithdraw},         // mine.go
		{jobQueue, "", (*Bot).runQueue},               // moderate.go
		{jobApprove, "", (*Bot).runApprove},           // moderate.go
		{jobAnnounce, "", (*Bot).runAnnounce},         // share.go
		{jobFinishReject, "", (*Bot).runFinishReject}, // moderate.go
		{jobAfterEdit, "", (*Bot).runAfterEdit},       // moderate.go
		{jobSyncIndex, "", (*Bot).runSyncIndex},       // mine.go
		{jobArchive, "", (*Bot).runArchive},           // stale.go
		{jobPage, "", (*Bot).runPage},                 // lists.go
		{jobNotify, "", (*Bot).runNotify},             // waiting.go
		{jobCancelWait, "", (*Bot).runCancelWait},     // waiting.go
	}
}

func findJobKind(name string) (jobKind, bool) {
	for _, k := range jobKinds() {
		if k.name == name {
			return k, true
		}
	}
	return jobKind{}, false
}

// enqueueTimeout bounds queueing on the acknowledgement path, well inside
// Slack's three seconds: past it the job runs in this process instead.
const enqueueTimeout = 2 * time.Second

// enqueue queues j, with its event id when it comes from the Events API,
// before Slack is acknowledged. Its text is screened first. A redelivered
// event is recognised here, in the same Redis round trip, and dropped. If
// the queue cannot take the job (Redis unreachable, or the queue at its
// bound) it runs in this process instead: later than usual for nobody,
// but without the queue's guarantees (counted, logged).
func (b *Bot) enqueue(ctx context.Context, eventID string, j job) {
	j.ID = newJobID()
	if j.Received == 0 {
		j.Received = time.Now().UnixMilli()
	}
	if j.Text != "" {
		if k, found := b.app.Screen(j.Text); found {
			j.Text, j.Refused = "", k
		}
	}
	if b.cfg.Enqueue == nil {
		b.runLocal(ctx, eventID, j)
		return
	}
	data, err := json.Marshal(j)
	if err != nil {
		b.lg.Error("job not encodable; running it here", "kind", j.Kind, "err", err)
		b.runLocal(ctx, eventID, j)
		return
	}
	// Not cut short by the delivery's end (Slack hanging up): a job half
	// queued would be claimed but not done.
	qctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), enqueueTimeout)
	added, err := b.cfg.Enqueue(qctx, eventID, data)
	cancel()
	switch {
	case err == nil && added:
	case err == nil:
		b.m.DedupHits.Inc()
		b.lg.Debug("duplicate event ignored", "event_id", eventID)
	default:
		b.m.JobsInProcess.Inc()
		b.lg.Warn("work queue unavailable; doing the job in this process", "kind", j.Kind, "event_id", eventID, "err", err)
		b.runLocal(ctx, eventID, j)
	}
}

// runLocal runs j on this process's pool, claiming its event first (the
// queue could not). When even the pool is full, the user hears that
// something went wrong: never silence.
func (b *Bot) runLocal(ctx context.Context, eventID string, j job) {
	r := j.Reply.reply()
	err := b.pool.submit(poolJob{name: j.Kind, onPanic: func(ctx context.Context) { b.apologise(ctx, r) }, run: func(ctx context.Context) {
		if eventID != "" && b.cfg.ClaimEvent != nil {
			first, err := b.cfg.ClaimEvent(ctx, eventID)
			if err != nil {
				// Without Redis we cannot know; answering twice is better
				// than not at all.
				b.lg.Warn("could not claim event; handling it anyway", "event_id", eventID, "err", err)
			} else if !first {
				b.m.DedupHits.Inc()
				return
			}
		}
		b.runJob(ctx, j)
	}})
	if err != nil {
		b.lg.Error("job refused: queue unavailable and this process full", "kind", j.Kind, "event_id", eventID)
		b.urgent.Add(1)
		go func() {
			defer b.urgent.Done()
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			b.apologise(ctx, r)
		}()
	}
}

// RunJob does one job from the durable queue: data as enqueue wrote it,
// attempt counting deliveries (1 the first time). A job that cannot be
// read is an error (retried, then dead-lettered); a panic is left to the
// caller, which retries the job.
func (b *Bot) RunJob(ctx context.Context, data []byte, attempt int) error {
	var j job
	if err := json.Unmarshal(data, &j); err != nil {
		return fmt.Errorf("bot: unreadable job: %w", err)
	}
	if _, ok := findJobKind(j.Kind); !ok {
		return fmt.Errorf("bot: unknown job kind %q", j.Kind)
	}
	j.attempt = attempt
	b.runJob(ctx, j)
	return nil
}

// runJob runs a job of a known kind.
func (b *Bot) runJob(ctx context.Context, j job) {
	k, ok := findJobKind(j.Kind)
	if !ok {
		b.lg.Error("unknown job kind", "kind", j.Kind)
		return
	}
	if j.attempt == 0 {
		j.attempt = 1
	}
	b.m.JobsRunning.Inc()
	defer b.m.JobsRunning.Dec()
	r := j.Reply.reply()
	if j.ID != "" {
		r.run = &jobRun{id: j.ID}
	}
	if j.Refused != "" && k.name != jobAsk {
		// The question's refusal is Ask's (it follows the thread rules);
		// any other text's is said here.
		b.m.Refusals.WithLabelValues(string(j.Refused)).Inc()
		b.say(ctx, r, refusalText(k.text, j.Refused))
		return
	}
	k.run(b, ctx, j, r)
}

// GiveUp tells the user of a job that failed every attempt (dead-lettered)
// that it could not be done.
func (b *Bot) GiveUp(ctx context.Context, data []byte) {
	var j job
	if err := json.Unmarshal(data, &j); err != nil {
		b.lg.Error("dead-lettered job unreadable: nobody to tell", "err", err)
		return
	}
	r := j.Reply.reply()
	if r.channel == "" && r.user == "" && r.responseURL == "" {
		return // follow-up work with nobody waiting on it
	}
	b.apologise(ctx, r)
}

// refusalText explains why text was not kept, naming the kind of
// identifier without repeating it.
func refusalText(field string, k privacy.Kind) string {
	if field == "topics" {
		// As handlers.AddExpert words it.
		return fmt.Sprintf("One of your topics %s. Please remove it.", k.Message())
	}
	return fmt.Sprintf("I haven't kept that: your %s %s. Please try again without patient or personal details.", field, k.Message())
}

// newJobID returns a random job id.
func newJobID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
