package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// ClaimEvent records that this process is handling a Slack event id and
// reports whether it was first. SET NX makes the claim atomic across every
// replica sharing the Redis, so a redelivered event (an HTTP retry, a Socket
// Mode retry_attempt, or the same delivery reaching two replicas) is
// answered once. The claim expires after ttl; Slack stops retrying long
// before.
func (s *Store) ClaimEvent(ctx context.Context, id string, ttl time.Duration) (bool, error) {
	ok, err := s.rdb.SetNX(ctx, s.key("event", id), 1, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: claim event %s: %w", id, err)
	}
	return ok, nil
}

// SetRecord stores a small JSON record of some kind (a thread kbbot
// answered, an answer's sources) under id, expiring after ttl (0: never).
func (s *Store) SetRecord(ctx context.Context, kind Kind, id string, v any, ttl time.Duration) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("redisstore: encode %s %s: %w", kind, id, err)
	}
	if err := s.rdb.Set(ctx, s.key(string(kind), id), b, ttl).Err(); err != nil {
		return fmt.Errorf("redisstore: set %s %s: %w", kind, id, err)
	}
	return nil
}

// GetRecord reads a record stored by SetRecord into v and reports whether
// it exists.
func (s *Store) GetRecord(ctx context.Context, kind Kind, id string, v any) (bool, error) {
	b, err := s.rdb.Get(ctx, s.key(string(kind), id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("redisstore: get %s %s: %w", kind, id, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return false, fmt.Errorf("redisstore: decode %s %s: %w", kind, id, err)
	}
	return true, nil
}

// SetRecordOnce stores a record only if none exists under id, and reports
// whether it did: the primitive behind "one decision, however many clicks".
func (s *Store) SetRecordOnce(ctx context.Context, kind Kind, id string, v any, ttl time.Duration) (bool, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return false, fmt.Errorf("redisstore: encode %s %s: %w", kind, id, err)
	}
	ok, err := s.rdb.SetNX(ctx, s.key(string(kind), id), b, ttl).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: set %s %s: %w", kind, id, err)
	}
	return ok, nil
}

// DeleteRecord removes a record.
func (s *Store) DeleteRecord(ctx context.Context, kind Kind, id string) error {
	if err := s.rdb.Del(ctx, s.key(string(kind), id)).Err(); err != nil {
		return fmt.Errorf("redisstore: delete %s %s: %w", kind, id, err)
	}
	return nil
}

// TakeRecord removes a record and reports whether it existed (DEL counts
// what it removed, atomically).
func (s *Store) TakeRecord(ctx context.Context, kind Kind, id string) (bool, error) {
	n, err := s.rdb.Del(ctx, s.key(string(kind), id)).Result()
	if err != nil {
		return false, fmt.Errorf("redisstore: take %s %s: %w", kind, id, err)
	}
	return n == 1, nil
}

// AddExpiring adds id to the sorted set, scored by when its record
// expires (a later expiry replaces an earlier one).
func (s *Store) AddExpiring(ctx context.Context, set Expiring, id string, expires time.Time) error {
	err := s.rdb.ZAdd(ctx, s.key("expiring", string(set)), redis.Z{Score: float64(expires.UnixMilli()), Member: id}).Err()
	if err != nil {
		return fmt.Errorf("redisstore: add to %s: %w", set, err)
	}
	return nil
}

// Unexpired drops the ids that expired by now from the sorted set and
// returns the others, soonest to expire first.
func (s *Store) Unexpired(ctx context.Context, set Expiring, now time.Time) ([]string, error) {
	key := s.key("expiring", string(set))
	var ids *redis.StringSliceCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRemRangeByScore(ctx, key, "-inf", fmt.Sprint(now.UnixMilli()))
		ids = p.ZRange(ctx, key, 0, -1)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("redisstore: list %s: %w", set, err)
	}
	return ids.Val(), nil
}

// RemoveExpiring removes ids from the sorted set.
func (s *Store) RemoveExpiring(ctx context.Context, set Expiring, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.rdb.ZRem(ctx, s.key("expiring", string(set)), ids).Err(); err != nil {
		return fmt.Errorf("redisstore: remove from %s: %w", set, err)
	}
	return nil
}

// maxLogLen bounds the append-only lists (gaps, feedback): the newest
// entries are what moderators act on.
const maxLogLen = 5000

// Append adds a JSON record to the named list, newest first, keeping at
// most maxLogLen.
func (s *Store) Append(ctx context.Context, list List, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("redisstore: encode %s: %w", list, err)
	}
	_, err = s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, s.key("list", string(list)), b)
		p.LTrim(ctx, s.key("list", string(list)), 0, maxLogLen-1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: append %s: %w", list, err)
	}
	return nil
}

// List returns up to n records of the named list, newest first, decoding
// each with decode.
func (s *Store) List(ctx context.Context, list List, n int, decode func([]byte) error) error {
	vals, err := s.rdb.LRange(ctx, s.key("list", string(list)), 0, int64(n-1)).Result()
	if err != nil {
		return fmt.Errorf("redisstore: read %s: %w", list, err)
	}
	for _, v := range vals {
		if err := decode([]byte(v)); err != nil {
			return fmt.Errorf("redisstore: decode %s: %w", list, err)
		}
	}
	return nil
}

// AddToSet and RemoveFromSet keep named sets of ids (the experts
// directory, say); SetMembers lists one.
func (s *Store) AddToSet(ctx context.Context, set Set, members ...string) error {
	if err := s.rdb.SAdd(ctx, s.key("set", string(set)), members).Err(); err != nil {
		return fmt.Errorf("redisstore: add to %s: %w", set, err)
	}
	return nil
}

// RemoveFromSet removes members from a named set.
func (s *Store) RemoveFromSet(ctx context.Context, set Set, members ...string) error {
	if err := s.rdb.SRem(ctx, s.key("set", string(set)), members).Err(); err != nil {
		return fmt.Errorf("redisstore: remove from %s: %w", set, err)
	}
	return nil
}

// SetMembers lists a named set.
func (s *Store) SetMembers(ctx context.Context, set Set) ([]string, error) {
	m, err := s.rdb.SMembers(ctx, s.key("set", string(set))).Result()
	if err != nil {
		return nil, fmt.Errorf("redisstore: list %s: %w", set, err)
	}
	return m, nil
}

// Incr adds one to a field of a named counter (a hash of counts), which
// expires ttl after its last increment (0: never). Counters hold numbers
// only, never text.
func (s *Store) Incr(ctx context.Context, c Counter, field string, ttl time.Duration) error {
	key := s.key("count", string(c))
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.HIncrBy(ctx, key, field, 1)
		if ttl > 0 {
			p.Expire(ctx, key, ttl)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("redisstore: count %s %s: %w", c, field, err)
	}
	return nil
}

// Counts reads named counters in one round trip: one map of field to
// count per counter, empty for a counter never incremented.
func (s *Store) Counts(ctx context.Context, counters ...Counter) ([]map[string]int, error) {
	cmds := make([]*redis.MapStringStringCmd, len(counters))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range counters {
			cmds[i] = p.HGetAll(ctx, s.key("count", string(c)))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("redisstore: read counters: %w", err)
	}
	out := make([]map[string]int, len(counters))
	for i, cmd := range cmds {
		out[i] = map[string]int{}
		for f, v := range cmd.Val() {
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("redisstore: counter %s field %s: %w", counters[i], f, err)
			}
			out[i][f] = n
		}
	}
	return out, nil
}

// UseQuota counts one use of a quota named name in the current window
// (windows start at multiples of window since the Unix epoch) and reports
// whether it is within limit. The counter is shared by every replica and
// expires after its window.
func (s *Store) UseQuota(ctx context.Context, name string, limit int, window time.Duration, now time.Time) (bool, error) {
	start := now.Truncate(window).Unix()
	key := s.key("quota", name, strconv.FormatInt(start, 10))
	var n *redis.IntCmd
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		n = p.Incr(ctx, key)
		p.Expire(ctx, key, window+time.Minute)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("redisstore: use quota %s: %w", name, err)
	}
	return n.Val() <= int64(limit), nil
}
