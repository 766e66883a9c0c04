package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// The durable work queue: work that kbbot acknowledged to Slack waits here,
// in Redis, until some replica has done it, so a restart, a crash or a burst
// delays an answer but never loses it.
//
// It is one stream (queue) read by one consumer group (workers) that every
// replica joins. A job is added before Slack is acknowledged (Enqueue, one
// round trip that also claims the Slack event id, so a redelivery takes no
// queue space), delivered to one worker (ReadJobs), kept alive while it runs
// (RenewJobs), and acknowledged and deleted when done (FinishJob), so the
// stream holds only outstanding work. A job whose worker died, or that a
// stopping worker handed back (HandBackJobs), is taken over by another
// (ReclaimJobs, XAUTOCLAIM); one that failed MaxAttempts times goes to a
// dead-letter list (DeadLetter).
//
// The stream is bounded by refusing new work at QueueLimit outstanding jobs,
// not by XADD MAXLEN: trimming drops the oldest entries whether or not they
// were done, which would lose acknowledged work silently. At the bound
// Enqueue says so (ErrQueueFull) and the caller decides, before it has
// acknowledged anything.

// queueGroup is the consumer group every replica's workers join.
const queueGroup = "workers"

// handBackConsumer owns the jobs a stopping worker handed back, until
// another worker reclaims them. No process uses the name.
const handBackConsumer = "handed-back"

// QueueLimit is the most outstanding jobs (waiting or running) the queue
// holds. At a few hundred bytes a job that is tens of megabytes of Redis;
// reaching it means no worker has taken work for a long while.
const QueueLimit = 50000

// deadLetterLen bounds the dead-letter list; deadLetterTTL is how long it
// is kept after the last job arrived (the jobs may hold screened questions).
const (
	deadLetterLen = 1000
	deadLetterTTL = 30 * 24 * time.Hour
)

// ErrQueueFull is returned by Enqueue when the queue holds QueueLimit
// outstanding jobs.
var ErrQueueFull = errors.New("redisstore: work queue full")

func (s *Store) queueKey() string { return s.key("queue") }
func (s *Store) deadKey() string  { return s.key("queue", "dead") }

// Job is one piece of acknowledged work as a worker receives it.
type Job struct {
	// ID is the stream entry id: stable across deliveries.
	ID string
	// Data is what the producer queued.
	Data []byte
	// Attempt counts deliveries, this one included (1 the first time).
	Attempt int
}

// Queued is when the job was added, read from its stream id.
func (j Job) Queued() time.Time {
	ms, _, _ := strings.Cut(j.ID, "-")
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.UnixMilli(n)
}

// enqueueScript adds a job, first claiming its Slack event id when there is
// one. KEYS[1] the stream, KEYS[2] (optional) the event claim; ARGV[1] the
// limit, ARGV[2] the claim's TTL in ms, ARGV[3] the job. It returns
// {1, id} when added, {0, ""} for an event already claimed (a redelivery)
// and {-1, ""} when the queue is full (nothing claimed).
var enqueueScript = redis.NewScript(`
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then
  return {0, ''}
end
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  return {-1, ''}
end
if KEYS[2] then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
end
local id = redis.call('XADD', KEYS[1], '*', 'd', ARGV[3])
return {1, id}
`)

// Enqueue adds a job to the work queue in one round trip. With eventID set
// it first claims the Slack event id (as ClaimEvent would, for ttl): a
// redelivered event returns added false and takes no queue space. It
// returns ErrQueueFull, claiming nothing, when the queue holds QueueLimit
// jobs.
func (s *Store) Enqueue(ctx context.Context, eventID string, ttl time.Duration, data []byte) (id string, added bool, err error) {
	return s.enqueue(ctx, eventID, ttl, QueueLimit, data)
}

func (s *Store) enqueue(ctx context.Context, eventID string, ttl time.Duration, limit int, data []byte) (string, bool, error) {
	keys := []string{s.queueKey()}
	if eventID != "" {
		keys = append(keys, s.key("event", eventID))
	}
	res, err := enqueueScript.Run(ctx, s.rdb, keys, limit, ttl.Milliseconds(), data).Slice()
	if err != nil {
		return "", false, fmt.Errorf("redisstore: enqueue: %w", err)
	}
	if len(res) != 2 {
		return "", false, fmt.Errorf("redisstore: enqueue: unexpected reply %v", res)
	}
	status, _ := res[0].(int64)
	id, _ := res[1].(string)
	switch status {
	case 1:
		return id, true, nil
	case 0:
		return "", false, nil
	}
	return "", false, ErrQueueFull
}

// ensureGroup creates the consumer group (and the stream) if missing: at
// first start, and after Redis lost its data.
func (s *Store) ensureGroup(ctx context.Context) error {
	err := s.rdb.XGroupCreateMkStream(ctx, s.queueKey(), queueGroup, "0").Err()
	if err != nil && !strings.Contains(err.Error(), "BUSYGROUP") {
		return fmt.Errorf("redisstore: create the workers group: %w", err)
	}
	return nil
}

func isNoGroup(err error) bool { return err != nil && strings.Contains(err.Error(), "NOGROUP") }

// ReadJobs delivers up to n jobs no worker has had yet to consumer, waiting
// up to block for the first (0: do not wait). It creates the consumer
// group when it is missing.
func (s *Store) ReadJobs(ctx context.Context, consumer string, n int, block time.Duration) ([]Job, error) {
	args := &redis.XReadGroupArgs{Group: queueGroup, Consumer: consumer, Streams: []string{s.queueKey(), ">"}, Count: int64(n), Block: -1}
	if block > 0 {
		args.Block = block
	}
	streams, err := s.rdb.XReadGroup(ctx, args).Result()
	if isNoGroup(err) {
		if err := s.ensureGroup(ctx); err != nil {
			return nil, err
		}
		streams, err = s.rdb.XReadGroup(ctx, args).Result()
	}
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: read jobs: %w", err)
	}
	var out []Job
	for _, st := range streams {
		for _, m := range st.Messages {
			d, _ := m.Values["d"].(string)
			out = append(out, Job{ID: m.ID, Data: []byte(d), Attempt: 1})
		}
	}
	return out, nil
}

// reclaimScript takes over jobs idle for at least ARGV[2] ms (XAUTOCLAIM)
// and reads each one's delivery count (XPENDING), which XAUTOCLAIM does not
// return. KEYS[1] the stream; ARGV[1] the consumer, ARGV[3] how many. It
// returns {id, deliveries, data, …}.
var reclaimScript = redis.NewScript(`
local r = redis.call('XAUTOCLAIM', KEYS[1], 'workers', ARGV[1], ARGV[2], '0-0', 'COUNT', ARGV[3])
local out = {}
for _, e in ipairs(r[2]) do
  local id, fields = e[1], e[2]
  if fields then
    local data = ''
    for i = 1, #fields, 2 do
      if fields[i] == 'd' then data = fields[i + 1] end
    end
    local p = redis.call('XPENDING', KEYS[1], 'workers', id, id, 1)
    local n = 1
    if p[1] then n = tonumber(p[1][4]) end
    table.insert(out, id)
    table.insert(out, n)
    table.insert(out, data)
  end
end
return out
`)

// ReclaimJobs takes over up to n jobs whose worker has not renewed them for
// idle (it died, hung or was cut off) or that a stopping worker handed
// back, and delivers them to consumer. Attempt counts this delivery.
func (s *Store) ReclaimJobs(ctx context.Context, consumer string, idle time.Duration, n int) ([]Job, error) {
	res, err := reclaimScript.Run(ctx, s.rdb, []string{s.queueKey()}, consumer, idle.Milliseconds(), n).Slice()
	if isNoGroup(err) {
		return nil, s.ensureGroup(ctx)
	}
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: reclaim jobs: %w", err)
	}
	var out []Job
	for i := 0; i+2 < len(res); i += 3 {
		id, _ := res[i].(string)
		n, _ := res[i+1].(int64)
		d, _ := res[i+2].(string)
		out = append(out, Job{ID: id, Data: []byte(d), Attempt: int(n)})
	}
	return out, nil
}

// renewScript resets the idle time of the jobs in ARGV[2..] that consumer
// ARGV[1] still owns (XCLAIM … JUSTID, which neither counts a delivery nor
// returns the entry), so nobody reclaims a job that is still running. A job
// someone else has reclaimed meanwhile is left to them. It returns how many
// were renewed.
var renewScript = redis.NewScript(`
local n = 0
for i = 2, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], 'workers', ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[1] then
    redis.call('XCLAIM', KEYS[1], 'workers', ARGV[1], 0, ARGV[i], 'JUSTID')
    n = n + 1
  end
end
return n
`)

// RenewJobs tells the queue that consumer is still working on the jobs ids,
// so that no other worker reclaims them. It reports how many were still
// consumer's.
func (s *Store) RenewJobs(ctx context.Context, consumer string, ids ...string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, consumer)
	for _, id := range ids {
		args = append(args, id)
	}
	n, err := renewScript.Run(ctx, s.rdb, []string{s.queueKey()}, args...).Int()
	if isNoGroup(err) {
		return 0, nil // Redis lost the queue: nothing to renew
	}
	if err != nil {
		return 0, fmt.Errorf("redisstore: renew jobs: %w", err)
	}
	return n, nil
}

// FinishJob acknowledges a done job and deletes it from the stream, which
// so holds only outstanding work.
func (s *Store) FinishJob(ctx context.Context, id string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.XAck(ctx, s.queueKey(), queueGroup, id)
		p.XDel(ctx, s.queueKey(), id)
		return nil
	})
	if err != nil && !isNoGroup(err) {
		return fmt.Errorf("redisstore: finish job %s: %w", id, err)
	}
	return nil
}

// HandBackJobs gives jobs that consumer will not finish (it is stopping)
// to any other worker at once: they pass to a consumer nobody runs, marked
// idle for a day so the next ReclaimJobs anywhere takes them, and this
// attempt is not counted against them.
func (s *Store) HandBackJobs(ctx context.Context, jobs ...Job) error {
	if len(jobs) == 0 {
		return nil
	}
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, j := range jobs {
			p.Do(ctx, "XCLAIM", s.queueKey(), queueGroup, handBackConsumer, 0, j.ID,
				"IDLE", (24 * time.Hour).Milliseconds(), "RETRYCOUNT", max(j.Attempt-1, 0), "JUSTID")
		}
		return nil
	})
	if err != nil && !isNoGroup(err) {
		return fmt.Errorf("redisstore: hand back %d jobs: %w", len(jobs), err)
	}
	return nil
}

// RetryJob makes a job whose attempt failed available again at once to any
// worker; the attempt counts.
func (s *Store) RetryJob(ctx context.Context, j Job) error {
	err := s.rdb.Do(ctx, "XCLAIM", s.queueKey(), queueGroup, handBackConsumer, 0, j.ID,
		"IDLE", (24 * time.Hour).Milliseconds(), "RETRYCOUNT", j.Attempt, "JUSTID").Err()
	if err != nil && !isNoGroup(err) {
		return fmt.Errorf("redisstore: retry job %s: %w", j.ID, err)
	}
	return nil
}

// DeadJob is a job that failed too often, as the dead-letter list keeps it.
type DeadJob struct {
	ID       string    `json:"id"`
	Attempts int       `json:"attempts"`
	Queued   time.Time `json:"queued"`
	Died     time.Time `json:"died"`
	Reason   string    `json:"reason"`
	Data     string    `json:"data"`
}

// DeadLetter moves a job that failed too often from the queue to the
// dead-letter list (newest first, at most deadLetterLen, kept
// deadLetterTTL after the last arrival), in one transaction.
func (s *Store) DeadLetter(ctx context.Context, j Job, reason string) error {
	b, err := json.Marshal(DeadJob{ID: j.ID, Attempts: j.Attempt, Queued: j.Queued(), Died: s.now(), Reason: reason, Data: string(j.Data)})
	if err != nil {
		return fmt.Errorf("redisstore: encode dead job %s: %w", j.ID, err)
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, s.deadKey(), b)
		p.LTrim(ctx, s.deadKey(), 0, deadLetterLen-1)
		p.Expire(ctx, s.deadKey(), deadLetterTTL)
		p.XAck(ctx, s.queueKey(), queueGroup, j.ID)
		p.XDel(ctx, s.queueKey(), j.ID)
		return nil
	})
	if err != nil && !isNoGroup(err) {
		return fmt.Errorf("redisstore: dead-letter job %s: %w", j.ID, err)
	}
	return nil
}

// DeadJobs returns up to n dead-lettered jobs, newest first.
func (s *Store) DeadJobs(ctx context.Context, n int) ([]DeadJob, error) {
	vals, err := s.rdb.LRange(ctx, s.deadKey(), 0, int64(n-1)).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: read dead jobs: %w", err)
	}
	out := make([]DeadJob, 0, len(vals))
	for _, v := range vals {
		var d DeadJob
		if err := json.Unmarshal([]byte(v), &d); err != nil {
			return nil, fmt.Errorf("redisstore: decode dead job: %w", err)
		}
		out = append(out, d)
	}
	return out, nil
}

// QueueStats is the state of the work queue.
type QueueStats struct {
	// Depth counts outstanding jobs: waiting for a worker or running.
	Depth int64
	// Pending counts jobs delivered to a worker and not yet finished.
	Pending int64
	// Oldest is when the oldest outstanding job was queued (zero: none).
	Oldest time.Time
	// Dead counts the jobs in the dead-letter list.
	Dead int64
}

// QueueStats reads the queue's depth, pending count, oldest job and
// dead-letter count in one round trip.
func (s *Store) QueueStats(ctx context.Context) (QueueStats, error) {
	var length, dead *redis.IntCmd
	var first *redis.XMessageSliceCmd
	var pending *redis.XPendingCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		length = p.XLen(ctx, s.queueKey())
		first = p.XRangeN(ctx, s.queueKey(), "-", "+", 1)
		pending = p.XPending(ctx, s.queueKey(), queueGroup)
		dead = p.LLen(ctx, s.deadKey())
		return nil
	})
	if err != nil && !isNoGroup(err) {
		return QueueStats{}, fmt.Errorf("redisstore: queue stats: %w", err)
	}
	st := QueueStats{Depth: length.Val(), Dead: dead.Val()}
	if p := pending.Val(); p != nil {
		st.Pending = p.Count
	}
	if msgs := first.Val(); len(msgs) > 0 {
		st.Oldest = Job{ID: msgs[0].ID}.Queued()
	}
	return st, nil
}

// DeleteConsumer removes consumer from the workers group if it owns no
// pending job (a stopped replica that handed everything back), so that
// the group does not collect the names of past processes.
func (s *Store) DeleteConsumer(ctx context.Context, consumer string) error {
	p, err := s.rdb.XPendingExt(ctx, &redis.XPendingExtArgs{Stream: s.queueKey(), Group: queueGroup, Start: "-", End: "+", Count: 1, Consumer: consumer}).Result()
	if isNoGroup(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("redisstore: pending of %s: %w", consumer, err)
	}
	if len(p) > 0 {
		return nil // it still owns work: leave it for reclaiming
	}
	if err := s.rdb.XGroupDelConsumer(ctx, s.queueKey(), queueGroup, consumer).Err(); err != nil && !isNoGroup(err) {
		return fmt.Errorf("redisstore: delete consumer %s: %w", consumer, err)
	}
	return nil
}
