package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// CreateSubmission stores a new pending entry together with its private
// submission record and its place in the author's list, in one
// transaction: a failure leaves nothing half-written. It refuses an id
// that already exists.
func (s *Store) CreateSubmission(ctx context.Context, e knowledge.Entry, author string, record any) error {
	payload, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("redisstore: encode %s: %w", e.ID, err)
	}
	rec, err := json.Marshal(record)
	if err != nil {
		return fmt.Errorf("redisstore: encode submission %s: %w", e.ID, err)
	}
	txf := func(tx *redis.Tx) error {
		n, err := tx.Exists(ctx, s.entryKey(e.ID)).Result()
		if err != nil {
			return err
		}
		if n > 0 {
			return knowledge.Errorf(knowledge.EConflict, "id", "an entry with this id already exists")
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			s.queuePut(ctx, p, []knowledge.Entry{e}, [][]byte{payload})
			p.Set(ctx, s.key(string(KindSubmission), e.ID), rec, KindSubmission.TTL())
			p.SAdd(ctx, s.key("set", string(authorSet(author))), e.ID)
			return nil
		})
		return err
	}
	err = s.rdb.Watch(ctx, txf, s.entryKey(e.ID))
	var ke *knowledge.Error
	if errors.As(err, &ke) {
		return err
	}
	if err != nil {
		return fmt.Errorf("redisstore: create submission %s: %w", e.ID, err)
	}
	return nil
}

// AppendAudit adds a record to the moderation audit log. The log is never
// trimmed: it is the record of who decided what.
func (s *Store) AppendAudit(ctx context.Context, rec any) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("redisstore: encode audit: %w", err)
	}
	if err := s.rdb.RPush(ctx, s.key("audit"), b).Err(); err != nil {
		return fmt.Errorf("redisstore: append audit: %w", err)
	}
	return nil
}

// Audit calls decode on every audit record, oldest first.
func (s *Store) Audit(ctx context.Context, decode func([]byte) error) error {
	const page = 1000
	for start := int64(0); ; start += page {
		vals, err := s.rdb.LRange(ctx, s.key("audit"), start, start+page-1).Result()
		if err != nil {
			return fmt.Errorf("redisstore: read audit: %w", err)
		}
		for _, v := range vals {
			if err := decode([]byte(v)); err != nil {
				return fmt.Errorf("redisstore: decode audit: %w", err)
			}
		}
		if len(vals) < page {
			return nil
		}
	}
}

// Schedule adds a job due at a time. Jobs live in Redis, not in memory, so
// they survive restarts and any replica can run them.
func (s *Store) Schedule(ctx context.Context, due time.Time, job string) error {
	if err := s.rdb.ZAdd(ctx, s.key("schedule"), redis.Z{Score: float64(due.Unix()), Member: job}).Err(); err != nil {
		return fmt.Errorf("redisstore: schedule: %w", err)
	}
	return nil
}

// leaseDueScript takes the jobs due by ARGV[1] (at most ARGV[3]) and moves
// each to ARGV[2], the end of its lease, in one step: a job is leased to
// one caller only, and is due again if that caller never finishes it.
var leaseDueScript = redis.NewScript(`
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
for _, job in ipairs(due) do
  redis.call('ZADD', KEYS[1], 'XX', ARGV[2], job)
end
return due
`)

// LeaseDue returns the jobs due by now and leases them to the caller until
// now+lease: they stay in the schedule, due again at the lease's end, so a
// replica that dies mid-run delays a job but does not lose it (at least
// once). The caller removes a job it has run with Unschedule. The lease is
// atomic, so a job is run by one replica at a time.
func (s *Store) LeaseDue(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]string, error) {
	due, err := leaseDueScript.Run(ctx, s.rdb, []string{s.key("schedule")},
		now.Unix(), now.Add(lease).Unix(), limit).StringSlice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: lease due jobs: %w", err)
	}
	return due, nil
}

// Unschedule removes a job that has run.
func (s *Store) Unschedule(ctx context.Context, job string) error {
	if err := s.rdb.ZRem(ctx, s.key("schedule"), job).Err(); err != nil {
		return fmt.Errorf("redisstore: unschedule: %w", err)
	}
	return nil
}

// Reschedule replaces a job that failed with its next attempt, due at a
// later time, in one transaction.
func (s *Store) Reschedule(ctx context.Context, old string, due time.Time, next string) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, s.key("schedule"), old)
		p.ZAdd(ctx, s.key("schedule"), redis.Z{Score: float64(due.Unix()), Member: next})
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: reschedule: %w", err)
	}
	return nil
}

// ScheduledJobs returns every scheduled job with its due time.
func (s *Store) ScheduledJobs(ctx context.Context) (map[string]time.Time, error) {
	zs, err := s.rdb.ZRangeWithScores(ctx, s.key("schedule"), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: read schedule: %w", err)
	}
	out := make(map[string]time.Time, len(zs))
	for _, z := range zs {
		if m, ok := z.Member.(string); ok {
			out[m] = time.Unix(int64(z.Score), 0).UTC()
		}
	}
	return out, nil
}

// TryLock takes a named lock for ttl if nobody holds it, returning a
// token to release it with. Locks expire, so a replica that dies holding
// one cannot block the others for longer than ttl.
func (s *Store) TryLock(ctx context.Context, name string, ttl time.Duration) (string, bool, error) {
	token := strconv.FormatInt(time.Now().UnixNano(), 36)
	ok, err := s.rdb.SetNX(ctx, s.key("lock", name), token, ttl).Result()
	if err != nil {
		return "", false, fmt.Errorf("redisstore: lock %s: %w", name, err)
	}
	return token, ok, nil
}

// Unlock releases a lock taken with token; someone else's lock (ours
// expired and was retaken) is left alone.
func (s *Store) Unlock(ctx context.Context, name, token string) error {
	const script = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`
	if err := s.rdb.Eval(ctx, script, []string{s.key("lock", name)}, token).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("redisstore: unlock %s: %w", name, err)
	}
	return nil
}

// SubmissionsBy returns the ids of the entries user submitted.
func (s *Store) SubmissionsBy(ctx context.Context, user string) ([]string, error) {
	return s.SetMembers(ctx, authorSet(user))
}
