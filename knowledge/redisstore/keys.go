package redisstore

import (
	"context"
	"encoding/json"
	"time"
)

// The Redis layout: every key kbbot writes. Each starts with the namespace
// (KBBOT_NAMESPACE, "kb" by default) and a colon, so the table leaves it
// out. "handlers" names the use case that writes the value; the JSON types
// are theirs.
//
//	key                           type    TTL                  written by (value)
//	entry:ID                      string  none                 Put, Update, CreateSubmission, SeedIfEmpty (knowledge.Entry JSON)
//	ids                           zset    none                 the same writes: every entry id (score 0), for All and Count
//	status:STATUS                 zset    none                 the same writes: ids by status, scored by the ms of the change
//	changes                       stream  ~10,000 records      every entry write: {id}; every replica's search index follows it
//	audit                         list    none, never trimmed  AppendAudit ← handlers.audit (AuditRecord, oldest first)
//	schedule                      zset    none                 Schedule, LeaseDue, Unschedule ← handlers scheduler (job JSON, scored by due time or lease end)
//	lock:NAME                     string  as taken             TryLock, Unlock ← handlers.RunDue (lock:scheduler, 2 min); Scrub (lock:privacy-scrub, 30 s, renewed)
//	privacy:screened              string  none                 Scrub ← kbbot serve start-up; MarkScreened ← handlers EnsureSeeded, WriteImport into a fresh namespace (the privacy screen version the stored data passed)
//	event:EVENT_ID                string  EventClaimTTL (1 h)  Enqueue, ClaimEvent ← bot.Config.Enqueue, ClaimEvent: a Slack event handled once
//	queue                         stream  none; QueueLimit     Enqueue, ReadJobs, FinishJob … ← bot, via cmd/kbbot (job JSON; group "workers"; only outstanding jobs)
//	queue:dead                    list    newest 1,000; 30 d   DeadLetter ← the workers (DeadJob: a job that failed every attempt)
//	delivery:KEY                  string  7 days               KindDelivery ← handlers sendOnce, bot (Delivery: a message sent at most once)
//	thread:CHANNEL:THREAD_TS      string  14 days              KindThread ← handlers.Ask (Thread: asker, first question)
//	answer:ANSWER_ID              string  90 days              KindAnswer ← handlers.Ask, Summarize (AnswerRecord)
//	answermsg:CHANNEL:TS          string  90 days              KindAnswerMessage ← handlers.AnswerPosted (the answer id a message shows)
//	llmcache:HASH                 string  7 days               KindSummary ← handlers.Summarize (a checked AI summary)
//	submission:ENTRY_ID           string  none                 KindSubmission ← CreateSubmission, handlers share and moderate (Submission)
//	decision:ENTRY_ID             string  none                 KindDecision ← handlers moderate (who decided, when, why)
//	decisionclaim:ENTRY_ID@VER    string  90 days              KindDecisionClaim ← handlers moderate (SET NX: one decision per version)
//	expert:USER                   string  none                 KindExpert ← handlers.AddExpert, RemoveExpert (Expert)
//	digest:last                   string  none                 KindDigest ← handlers digest job (time of the last digest)
//	set:experts                   set     none                 SetExperts ← handlers.AddExpert, RemoveExpert (user ids)
//	set:author:USER               set     none                 CreateSubmission (ids of the entries USER submitted)
//	list:gaps                     list    newest 5,000         ListGaps ← handlers.RecordGap (Gap, newest first)
//	list:feedback                 list    newest 5,000         ListFeedback ← handlers.RateAnswer (Feedback, newest first)
//	outcomes:ENTRY_ID             string  none                 KindOutcomes ← handlers.UpdateOutcome ([]OutcomeChange: a pilot's outcome history)
//	count:questions:YYYY-Www      hash    ~2 years             Incr ← handlers.Ask for a chat surface (answer kind high/low/none → count; numbers only)
//	quota:llm:USER:HOUR           string  an hour              UseQuota ← handlers.Summarize (AI summaries USER asked for in the hour starting at HOUR, Unix seconds)
//	vote:ANSWER_ID:USER           string  90 days              KindVote ← handlers.RateAnswer (one person's current vote on an answer)
//	notify:ANSWER_ID:USER         string  90 days              KindSubscription ← handlers.Subscribe ("Notify me": a waiting question)
//	expiring:notify               zset    members expire       ExpiringNotify ← handlers.Subscribe (subscription ids, scored by expiry)
//	vectors:MODEL                 hash    none                 SetVectors, DeleteVectors ← handlers vectors (entry id → version and float32 embedding by MODEL)
//	vectorbank:MODEL              hash    none                 SetVectors ← handlers vectors (off-topic bank question number → version and embedding)
//	lock:embed:MODEL              string  10 min, as taken     TryLock, Unlock ← handlers vectors (the replica embedding first; others start from the end)
//	snapshot:meta                 string  none                 WriteSnapshot ← handlers.WriteIndexSnapshot (SnapshotMeta: the current search index snapshot, the change-log position it covers)
//	snapshot:ID:N                 string  10 min once replaced WriteSnapshot (chunk N, 1 MiB, of snapshot ID: the index as gzip'd gob; no TTL while current)
//	lock:snapshot                 string  2 min, as taken      TryLock, Unlock ← handlers.WriteIndexSnapshot (one replica writes)
//
// Entries, their indexes and the change log are written together in one
// transaction (store.go). Vectors (vectors.go) are kept per embedding
// model only while OPENAI_EMBEDDING_MODEL is set; the hashes of a model no
// longer used stay until deleted by hand (DEL NAMESPACE:vectors:MODEL). The records below are small JSON values, one key
// each, read and written through Record.

// Kind names a kind of small JSON record, kept under KIND:ID.
type Kind string

// Record kinds: the rows of the layout table above.
const (
	KindThread        Kind = "thread"
	KindAnswer        Kind = "answer"
	KindAnswerMessage Kind = "answermsg"
	KindSummary       Kind = "llmcache"
	KindSubmission    Kind = "submission"
	KindDecision      Kind = "decision"
	KindDecisionClaim Kind = "decisionclaim"
	KindExpert        Kind = "expert"
	KindDigest        Kind = "digest"
	KindDelivery      Kind = "delivery"
	KindOutcomes      Kind = "outcomes"
	KindVote          Kind = "vote"
	KindSubscription  Kind = "notify"
)

// TTL is how long a record of kind k lives; 0 means until it is deleted.
// Conversations are forgotten (a thread after two weeks, an answer and the
// message showing it after 90 days, a cached summary and a delivery
// record after a week); curation records are kept.
func (k Kind) TTL() time.Duration {
	const day = 24 * time.Hour
	switch k {
	case KindThread:
		return 14 * day
	case KindAnswer, KindAnswerMessage, KindDecisionClaim, KindVote, KindSubscription:
		return 90 * day
	case KindSummary, KindDelivery:
		return 7 * day
	}
	return 0
}

// List names a capped list of JSON records, newest first (Append, List).
type List string

// Lists.
const (
	ListGaps     List = "gaps"
	ListFeedback List = "feedback"
)

// ListOf reads up to n records of a list, newest first, as T.
func ListOf[T any](ctx context.Context, s *Store, list List, n int) ([]T, error) {
	var out []T
	err := s.List(ctx, list, n, func(b []byte) error {
		var v T
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// Counter names a hash of counts (Incr, Counts).
type Counter string

// QuestionsCounter counts the questions asked on a chat surface in one ISO
// week (week as "2026-W09"), by kind of answer: the moderators' picture
// of how well kbbot answers. It holds numbers only.
func QuestionsCounter(week string) Counter { return Counter("questions:" + week) }

// QuestionsCounterTTL keeps two years of weekly question counts.
const QuestionsCounterTTL = 2 * 366 * 24 * time.Hour

// Set names a set of ids (AddToSet, RemoveFromSet, SetMembers).
type Set string

// SetExperts is the directory of experts: the user ids in it.
const SetExperts Set = "experts"

// authorSet is the set of entry ids one user submitted.
func authorSet(user string) Set { return Set("author:" + user) }

// LockScheduler is the lock one replica holds while it runs due jobs.
const LockScheduler = "scheduler"

// EventClaimTTL is how long a Slack event id stays claimed. Slack retries
// for about five minutes; an hour leaves a wide margin.
const EventClaimTTL = time.Hour

// MessageID names a Slack message (or thread) in record ids: channel and
// ts, which together are unique.
func MessageID(channel, ts string) string { return channel + ":" + ts }

// Record is typed access to the records of one kind: T is the Go type kept
// as JSON, the kind says under which key and for how long. The use cases
// hold one per kind (handlers/records.go), so a record can only be written
// as the type it is read back as.
type Record[T any] struct {
	s    *Store
	kind Kind
}

// RecordOf returns typed access to the records of kind on s.
func RecordOf[T any](s *Store, kind Kind) Record[T] { return Record[T]{s: s, kind: kind} }

// Get reads the record id and reports whether it exists.
func (r Record[T]) Get(ctx context.Context, id string) (T, bool, error) {
	var v T
	found, err := r.s.GetRecord(ctx, r.kind, id, &v)
	return v, found, err
}

// Set writes the record id, expiring after the kind's TTL.
func (r Record[T]) Set(ctx context.Context, id string, v T) error {
	return r.s.SetRecord(ctx, r.kind, id, v, r.kind.TTL())
}

// SetOnce writes the record id only if none exists, and reports whether it
// did: the primitive behind "one decision, however many clicks".
func (r Record[T]) SetOnce(ctx context.Context, id string, v T) (bool, error) {
	return r.s.SetRecordOnce(ctx, r.kind, id, v, r.kind.TTL())
}

// Delete removes the record id.
func (r Record[T]) Delete(ctx context.Context, id string) error {
	return r.s.DeleteRecord(ctx, r.kind, id)
}

// Take removes the record id and reports whether it was there: of several
// replicas taking the same record at once, exactly one sees true.
func (r Record[T]) Take(ctx context.Context, id string) (bool, error) {
	return r.s.TakeRecord(ctx, r.kind, id)
}

// Expiring names a sorted set of record ids scored by when each expires:
// the way to list records that carry a TTL without scanning keys.
type Expiring string

// ExpiringNotify lists the ids of the KindSubscription records.
const ExpiringNotify Expiring = "notify"
