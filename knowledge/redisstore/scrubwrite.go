package redisstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// How the privacy migration reads collections and writes what it fixes.
// Every write is a compare-and-set: a script (or, for an entry, WATCH)
// replaces or removes the value only if it is still the one screened, so
// live traffic and a second run are never overwritten.

// The scripts take the key, the value screened (ARGV[1]), its redacted
// form (ARGV[2]) and "1" to delete rather than replace (ARGV[3]); they
// return how many values they changed.
const (
	// A string keeps its time to live.
	casStringScript = `if redis.call("GET", KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == "1" then return redis.call("DEL", KEYS[1]) end
local ttl = redis.call("PTTL", KEYS[1])
if ttl > 0 then redis.call("SET", KEYS[1], ARGV[2], "PX", ttl) else redis.call("SET", KEYS[1], ARGV[2]) end
return 1`
	// Every copy of the element, wherever pushes have moved it.
	listEditScript = `local n = 0
while true do
  local i = redis.call("LPOS", KEYS[1], ARGV[1])
  if not i then return n end
  if ARGV[3] == "1" then return n + redis.call("LREM", KEYS[1], 0, ARGV[1]) end
  redis.call("LSET", KEYS[1], i, ARGV[2])
  n = n + 1
end`
	setEditScript = `if redis.call("SREM", KEYS[1], ARGV[1]) == 0 then return 0 end
if ARGV[3] ~= "1" then redis.call("SADD", KEYS[1], ARGV[2]) end
return 1`
	// A member keeps its score.
	zsetEditScript = `local score = redis.call("ZSCORE", KEYS[1], ARGV[1])
if not score then return 0 end
redis.call("ZREM", KEYS[1], ARGV[1])
if ARGV[3] ~= "1" then redis.call("ZADD", KEYS[1], score, ARGV[2]) end
return 1`
	// ARGV: field, value screened, redacted value, "1" to delete.
	hashEditScript = `if redis.call("HGET", KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
if ARGV[4] == "1" then return redis.call("HDEL", KEYS[1], ARGV[1]) end
redis.call("HSET", KEYS[1], ARGV[1], ARGV[3])
return 1`
)

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// fixString replaces or deletes a flagged string value. If it changed
// since it was read, what is there now is screened and fixed instead.
func (r *scrubRun) fixString(ctx context.Context, key string, old []byte, res redacted) error {
	kind := r.kindOf(key)
	del := deleteWhenFlagged(kind)
	id, isEntry := strings.CutPrefix(key, r.s.entryKey(""))
	for range 3 {
		if res.out == nil {
			return nil
		}
		var ok bool
		var err error
		if isEntry && !del {
			out, broke := tidyEntry(old, res.out)
			if ok, err = r.s.replaceEntry(ctx, id, old, out); ok && broke {
				r.rep.InvalidEntries = append(r.rep.InvalidEntries, id)
			}
		} else {
			var n int
			n, err = r.s.rdb.Eval(ctx, casStringScript, []string{key}, old, res.out, flag(del)).Int()
			ok = n > 0
		}
		if err != nil {
			return fmt.Errorf("redisstore: scrub: fix a %s record: %w", kind, err)
		}
		if ok {
			r.found(res.found...)
			r.count(kind, 0, btoi(!del), btoi(del))
			return nil
		}
		// Changed since it was read: screen what is there now.
		cur, err := r.s.rdb.Get(ctx, key).Bytes()
		if errors.Is(err, redis.Nil) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("redisstore: scrub: read a %s record again: %w", kind, err)
		}
		old, res = cur, redactValue(r.sc, cur)
	}
	return fmt.Errorf("redisstore: scrub: a %s record kept changing while it was cleaned", kind)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// replaceEntry writes an entry's redacted JSON and records the change, so
// every replica's search index re-reads it, if the entry is still old.
func (s *Store) replaceEntry(ctx context.Context, id string, old, out []byte) (bool, error) {
	key := s.entryKey(id)
	replaced := false
	err := s.rdb.Watch(ctx, func(tx *redis.Tx) error {
		cur, err := tx.Get(ctx, key).Bytes()
		if errors.Is(err, redis.Nil) || (err == nil && !bytes.Equal(cur, old)) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Set(ctx, key, out, 0)
			s.queueChange(ctx, p, id)
			return nil
		})
		replaced = err == nil
		return err
	}, key)
	if errors.Is(err, redis.TxFailedErr) {
		return false, nil
	}
	return replaced, err
}

// tidyEntry finishes a redacted entry: a tag or a link that held an
// identifier is dropped rather than kept with a marker (a tag is only the
// text; a link with a marker in it is no link). It reports whether the
// entry was valid before and is not now, so a moderator can edit it.
func tidyEntry(old, out []byte) ([]byte, bool) {
	var before, after knowledge.Entry
	if json.Unmarshal(old, &before) != nil || json.Unmarshal(out, &after) != nil {
		return out, false // not an entry this version reads: redacted as it is
	}
	changed := false
	if len(after.Tags) == len(before.Tags) {
		var tags []string
		for i, t := range after.Tags {
			if t == before.Tags[i] {
				tags = append(tags, t)
			} else {
				changed = true
			}
		}
		after.Tags = tags
	}
	if after.URL != before.URL {
		after.URL, changed = "", true
	}
	if changed {
		if b, err := json.Marshal(after); err == nil { // an Entry always marshals
			out = b
		}
	}
	return out, knowledge.Validate(before) == nil && knowledge.Validate(after) != nil
}

// collection screens the elements of a list, set, sorted set or hash.
func (r *scrubRun) collection(ctx context.Context, key, typ string) error {
	switch typ {
	case "list":
		return r.list(ctx, key)
	case "set", "zset":
		return r.members(ctx, key, typ == "zset")
	case "hash":
		return r.hash(ctx, key)
	}
	return nil // a type kbbot never writes (a module's)
}

// edit is one flagged element and what it becomes.
type edit struct {
	old string
	res redacted
	del bool
}

// screenPage screens a page of elements in parallel and returns the
// flagged ones; del says which are deleted rather than redacted.
func (r *scrubRun) screenPage(vals []string, del func(redacted) bool) []edit {
	res := make([]redacted, len(vals))
	r.parallel(len(vals), func(i int) { res[i] = redactValue(r.sc, []byte(vals[i])) })
	var out []edit
	for i, v := range vals {
		if res[i].out != nil {
			out = append(out, edit{old: v, res: res[i], del: del(res[i])})
		}
	}
	return out
}

// apply runs one edit script per flagged element and counts what changed.
func (r *scrubRun) apply(ctx context.Context, key, script string, edits []edit) error {
	kind := r.kindOf(key)
	seen := map[string]bool{} // a SCAN may return a member twice
	for _, e := range edits {
		if seen[e.old] {
			continue
		}
		seen[e.old] = true
		n, err := r.s.rdb.Eval(ctx, script, []string{key}, e.old, e.res.out, flag(e.del)).Int()
		if err != nil {
			return fmt.Errorf("redisstore: scrub: fix a %s element: %w", kind, err)
		}
		for range n {
			r.found(e.res.found...)
		}
		r.count(kind, 0, n*btoi(!e.del), n*btoi(e.del))
	}
	return nil
}

// list screens a list a page at a time. Pushes while it reads shift
// elements along, so an element may be read twice but none is missed;
// edits go by value, not position.
func (r *scrubRun) list(ctx context.Context, key string) error {
	kind := r.kindOf(key)
	del := deleteWhenFlagged(kind)
	var edits []edit
	for start := int64(0); ; {
		vals, err := r.s.rdb.LRange(ctx, key, start, start+int64(r.cfg.Batch)-1).Result()
		if err != nil {
			return fmt.Errorf("redisstore: scrub: read a %s list: %w", kind, err)
		}
		r.count(kind, len(vals), 0, 0)
		edits = append(edits, r.screenPage(vals, func(redacted) bool { return del })...)
		if len(vals) < r.cfg.Batch {
			break
		}
		start += int64(len(vals))
	}
	return r.apply(ctx, key, listEditScript, edits)
}

// members screens a set or sorted set. A member that is plain text (an
// id) and flagged is removed; a JSON member (a scheduled job) is redacted
// in place, keeping its score.
func (r *scrubRun) members(ctx context.Context, key string, sorted bool) error {
	kind := r.kindOf(key)
	del := func(res redacted) bool { return res.plain || deleteWhenFlagged(kind) }
	var edits []edit
	var cursor uint64
	for {
		var items []string
		var next uint64
		var err error
		if sorted {
			items, next, err = r.s.rdb.ZScan(ctx, key, cursor, "", int64(r.cfg.Batch)).Result()
			items = everyOther(items) // member, score, member, …
		} else {
			items, next, err = r.s.rdb.SScan(ctx, key, cursor, "", int64(r.cfg.Batch)).Result()
		}
		if err != nil {
			return fmt.Errorf("redisstore: scrub: read a %s set: %w", kind, err)
		}
		r.count(kind, len(items), 0, 0)
		edits = append(edits, r.screenPage(items, del)...)
		if next == 0 {
			break
		}
		cursor = next
	}
	script := setEditScript
	if sorted {
		script = zsetEditScript
	}
	return r.apply(ctx, key, script, edits)
}

func everyOther(pairs []string) []string {
	out := make([]string, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, pairs[i])
	}
	return out
}

// hash screens a hash's fields and values: a flagged field name deletes
// the field; a flagged value is redacted (or the field deleted, for a kind
// that is only text).
func (r *scrubRun) hash(ctx context.Context, key string) error {
	kind := r.kindOf(key)
	type hedit struct {
		field string
		edit
	}
	var edits []hedit
	var cursor uint64
	for {
		pairs, next, err := r.s.rdb.HScan(ctx, key, cursor, "", int64(r.cfg.Batch)).Result()
		if err != nil {
			return fmt.Errorf("redisstore: scrub: read a %s hash: %w", kind, err)
		}
		fields, vals := everyOther(pairs), everyOther(pairs[min(1, len(pairs)):])
		r.count(kind, len(fields), 0, 0)
		res := make([]redacted, len(vals))
		r.parallel(len(vals), func(i int) { res[i] = redactValue(r.sc, []byte(vals[i])) })
		for i, f := range fields {
			if k, ok := r.idFinding(f); ok {
				edits = append(edits, hedit{f, edit{old: vals[i], res: redacted{out: []byte{}, found: append(res[i].found, k)}, del: true}})
			} else if res[i].out != nil {
				edits = append(edits, hedit{f, edit{old: vals[i], res: res[i], del: deleteWhenFlagged(kind)}})
			}
		}
		if next == 0 {
			break
		}
		cursor = next
	}
	for _, e := range edits {
		n, err := r.s.rdb.Eval(ctx, hashEditScript, []string{key}, e.field, e.old, e.res.out, flag(e.del)).Int()
		if err != nil {
			return fmt.Errorf("redisstore: scrub: fix a %s field: %w", kind, err)
		}
		if n > 0 {
			r.found(e.res.found...)
			r.count(kind, 0, btoi(!e.del), btoi(e.del))
		}
	}
	return nil
}

// allStreams is the last phase: stream entries, after everything else, so
// that the change records of entries deleted for their ids are removed
// too. A stream entry cannot be rewritten in place (its id is its place
// in the stream and in any consumer group), so a flagged one is deleted.
func (r *scrubRun) allStreams(ctx context.Context) error {
	for _, key := range r.streams {
		if err := r.stream(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

func (r *scrubRun) stream(ctx context.Context, key string) error {
	kind := r.kindOf(key)
	var bad []string
	var found []privacy.Kind
	for start := "-"; ; {
		msgs, err := r.s.rdb.XRangeN(ctx, key, start, "+", int64(r.cfg.Batch)).Result()
		if err != nil {
			return fmt.Errorf("redisstore: scrub: read a %s stream: %w", kind, err)
		}
		r.count(kind, len(msgs), 0, 0)
		flagged := make([]redacted, len(msgs))
		r.parallel(len(msgs), func(i int) { flagged[i] = r.streamEntry(msgs[i].Values) })
		for i, m := range msgs {
			if flagged[i].out != nil {
				bad = append(bad, m.ID)
				found = append(found, flagged[i].found...)
			}
		}
		if len(msgs) < r.cfg.Batch {
			break
		}
		start = "(" + msgs[len(msgs)-1].ID
	}
	for i := 0; i < len(bad); i += r.cfg.Batch {
		part := bad[i:min(i+r.cfg.Batch, len(bad))]
		if err := r.s.rdb.XDel(ctx, key, part...).Err(); err != nil {
			return fmt.Errorf("redisstore: scrub: delete %d %s stream entries: %w", len(part), kind, err)
		}
	}
	r.found(found...)
	r.count(kind, 0, 0, len(bad))
	return nil
}

// streamEntry screens one stream entry: its field names on their own, its
// values as one record. A non-nil out means flagged.
func (r *scrubRun) streamEntry(values map[string]any) redacted {
	obj := make(map[string]string, len(values))
	for f, v := range values {
		if k, ok := r.idFinding(f); ok {
			return redacted{out: []byte{}, found: []privacy.Kind{k}}
		}
		obj[f] = fmt.Sprint(v)
	}
	b, _ := json.Marshal(obj) // strings always marshal
	return redactValue(r.sc, b)
}
