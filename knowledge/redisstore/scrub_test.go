package redisstore_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// The privacy migration against a real redis-server and the embedded
// store. The fixture writes the records the use cases write (the JSON of
// handlers' types, by hand: the store must not import handlers) holding
// the identifiers of issue 9 in every layout, next to ordinary records
// that must come through byte for byte.

// Identifiers in the layouts issue 9 lists, from the never-issued test
// range: the old screen let each of them through.
func scrubLayouts() []string {
	return []string{
		"999  000  0018", "999 - 000 - 0026", "999\t000\t0034", "999\n000\n0018", "999,000,0026",
		"(999) 000 0034", "9990 000 018", "9 9 9 0 0 0 0 0 2 6",
		"999\u200d000\u200d0034", "999\u200c000\u200c0018", "999\u2060000\u20600026", "999\u00ad000\u00ad0034",
		"999\ufeff000\ufeff0018",
		"\u0669\u0669\u0669 \u0660\u0660\u0660 \u0660\u0660\u0661\u0668",
		"\u096f\u096f\u096f \u0966\u0966\u0966 \u0966\u0966\u0968\u096c",
		"\U0001d7e1\U0001d7e1\U0001d7e1 \U0001d7d8\U0001d7d8\U0001d7d8 \U0001d7d8\U0001d7d8\U0001d7db\U0001d7dc",
		"Jane Smith born on the 3rd of April 1961", "first.last.team@nhs.net", "name+info@nhs.net", "07700.900.123",
	}
}

// Machine values that the screen flags on their own (a Slack ts, record
// ids): ordinary records hold them, and the migration must leave them.
const (
	flaggyTS    = "1600007422.047514"
	flaggyID    = "06484904890fdf2cd7dbe735"
	flaggyVer   = "0783759116c7176e"
	scrubNS     = "kb"
	testVersion = "test-1"
)

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // test fixtures only
	}
	return string(b)
}

// ordinaryLines are the privacy package's ordinary corpus: sentences NHS
// staff write, with numbers that identify nobody.
func ordinaryLines(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../privacy/testdata/ordinary.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if len(out) < 300 {
		t.Fatalf("ordinary corpus has %d lines, want at least 300", len(out))
	}
	return out
}

// fixture is a seeded store and what the migration must make of it.
type fixture struct {
	rdb *redis.Client
	s   *redisstore.Store
	// clean keys must come through byte for byte.
	clean []string
	// keep: elements of mixed collections that must stay as they are.
	keep map[string][]string
	// redacted and deleted count what the migration must do, by kind.
	redacted, deleted map[string]int
	checked           map[string]int // for the kinds counted exactly
}

func (f *fixture) set(t *testing.T, key, val string, ttl time.Duration, clean bool) {
	t.Helper()
	if err := f.rdb.Set(t.Context(), key, val, ttl).Err(); err != nil {
		t.Fatal(err)
	}
	if clean {
		f.clean = append(f.clean, key)
	}
}

func (f *fixture) do(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func seedFixture(t *testing.T, rdb *redis.Client) *fixture {
	t.Helper()
	ctx := t.Context()
	f := &fixture{
		rdb: rdb, s: redisstore.New(rdb, scrubNS), keep: map[string][]string{},
		redacted: map[string]int{}, deleted: map[string]int{}, checked: map[string]int{},
	}
	const day = 24 * time.Hour
	at := "2026-01-02T03:04:05.123456789Z"
	layouts := scrubLayouts()
	ordinary := ordinaryLines(t)

	// Entries: clean ones, one per layout with the identifier in its
	// body, and the special cases.
	pilot := func(id, title, body string) knowledge.Entry {
		return knowledge.Entry{ID: id, Kind: knowledge.KindPilot, Title: title, Summary: "A pilot of ambient voice technology in outpatients.",
			Body: body, Tags: []string{"ambient voice", "outpatients"}, Outcome: knowledge.OutcomeMixed, Status: knowledge.StatusApproved,
			CreatedAt: knowledge.Date{Time: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}}
	}
	entries := []knowledge.Entry{
		pilot("pilot-clean-one", "Ambient voice in outpatients", "Band 5 nurses used it from 2024/25; DCB0129 done; call 111 out of hours."),
		pilot("pilot-clean-two", "Ward 7B deterioration alerts", strings.Join(ordinary[:40], "\n")),
	}
	f.clean = append(f.clean, "kb:entry:pilot-clean-one", "kb:entry:pilot-clean-two")
	for i, l := range layouts {
		entries = append(entries, pilot(fmt.Sprintf("pilot-layout-%d", i), "Layout pilot", "The first patient, "+l+", was seen on day one."))
	}
	split := pilot("pilot-split", "Follow-up for the patient 999 000", "0018 went well in the end.")
	tags := pilot("pilot-tags", "Tags pilot", "Nothing to see.")
	tags.Tags = []string{"radiology", "999", "000", "0018"}
	link := pilot("pilot-link", "Link pilot", "See the link.")
	link.URL = "https://example.org/contact/07700.900.123"
	long := pilot("pilot-long-title", strings.Repeat("x", 130)+" 999 000 0018", "Long title.")
	byID := pilot("9990000018", "Imported with a number for an id", "Body.")
	byWords := pilot("lesson-jane-smith-born-on-the-3rd-of-april-1961", "A lesson", "Body.")
	byWords.Status = knowledge.StatusPending
	entries = append(entries, split, tags, link, long, byID, byWords)
	f.do(t, f.s.Put(ctx, entries...))
	f.redacted["entry"] = len(layouts) + 4
	f.deleted["entry"] = 2
	f.checked["entry"] = len(entries)

	// Records about the entries whose ids are flagged: named by the id
	// (deleted), or holding it (redacted).
	f.set(t, "kb:submission:"+byWords.ID, js(map[string]any{"author": "U024BE7LH", "anonymous": false, "submitted_at": at}), 0, false)
	f.set(t, "kb:decision:"+byID.ID, js(map[string]any{"status": "approved", "by": "U024BE7LH", "at": at}), 0, false)
	f.set(t, "kb:decisionclaim:"+byWords.ID+"@"+flaggyVer, js(map[string]any{"status": "rejected", "by": "U024BE7LH", "at": at}), 90*day, false)
	f.deleted["submission"]++
	f.deleted["decision"]++
	f.deleted["decisionclaim"]++
	f.do(t, f.s.AddToSet(ctx, "author:U024BE7LH", byWords.ID, "pilot-clean-one"))
	f.keep["kb:set:author:U024BE7LH"] = []string{"pilot-clean-one"}
	f.deleted["set:author"]++
	f.do(t, f.s.Schedule(ctx, time.Unix(1767225600, 0), js(map[string]any{"kind": "followup", "entry": byWords.ID, "months": 3})))
	cleanJob := js(map[string]any{"kind": "followup", "entry": "pilot-clean-one", "months": 6})
	f.do(t, f.s.Schedule(ctx, time.Unix(1767225600, 0), cleanJob))
	f.do(t, f.s.Schedule(ctx, time.Unix(1767225600, 0), js(map[string]any{"kind": "digest"})))
	f.keep["kb:schedule"] = []string{cleanJob, js(map[string]any{"kind": "digest"})}
	f.redacted["schedule"]++

	// The audit log: one decision per layout with the identifier in the
	// reason, one about a flagged entry id, and ordinary ones.
	for i, l := range layouts {
		f.do(t, f.s.AppendAudit(ctx, map[string]any{"at": at, "actor": "U024BE7LH", "action": "reject", "entry_id": fmt.Sprintf("pilot-layout-%d", i), "reason": "mentions " + l}))
	}
	f.do(t, f.s.AppendAudit(ctx, map[string]any{"at": at, "actor": "U024BE7LH", "action": "submit", "entry_id": byWords.ID}))
	f.redacted["audit"] = len(layouts) + 1
	for _, l := range ordinary[:50] {
		rec := js(map[string]any{"at": at, "actor": "U024BE7LH", "action": "reject", "entry_id": "pilot-clean-one", "reason": l})
		f.do(t, f.rdb.RPush(ctx, "kb:audit", rec).Err())
		f.keep["kb:audit"] = append(f.keep["kb:audit"], rec)
	}

	// Conversations, one of each per layout, and ordinary ones keyed by
	// machine values the screen would flag.
	for i, l := range layouts {
		ts := fmt.Sprintf("1700000000.%06d", i)
		hexID := fmt.Sprintf("%024x", 0xabc000+i)
		f.set(t, "kb:thread:C0ABCDEF1:"+ts, js(map[string]any{"asker": "U024BE7LH", "question": "what about " + l + "?"}), 14*day, false)
		f.set(t, "kb:answer:"+hexID, js(map[string]any{"id": hexID, "question": "what about " + l + "?", "text": "The pilots found…",
			"confidence": "high", "source_ids": []string{"pilot-clean-one"}, "asker": "U024BE7LH", "at": at}), 90*day, false)
		f.set(t, "kb:llmcache:"+fmt.Sprintf("%040x", 0xdef000+i), js("A summary that quotes "+l+" [1]"), 7*day, false)
		f.set(t, fmt.Sprintf("kb:expert:U0ABCDE%02d", i), js(map[string]any{"user": fmt.Sprintf("U0ABCDE%02d", i),
			"topics": []string{"radiology", "ask " + l}, "mentor": true, "since": at}), 0, false)
		f.set(t, fmt.Sprintf("kb:decision:pilot-layout-%d", i), js(map[string]any{"status": "rejected", "by": "U024BE7LH", "at": at, "reason": "it names " + l}), 0, false)
		f.set(t, fmt.Sprintf("kb:decisionclaim:pilot-layout-%d@feed%012x", i, i), js(map[string]any{"status": "rejected", "by": "U024BE7LH", "at": at, "reason": "it names " + l}), 90*day, false)
		f.do(t, f.s.Append(ctx, redisstore.ListGaps, map[string]any{"question": "anyone seen " + l + "?", "kind": "not_found", "at": at}))
		f.do(t, f.s.Append(ctx, redisstore.ListFeedback, map[string]any{"answer_id": hexID, "user": "U024BE7LH", "helpful": false, "reason": "it showed " + l, "via": "button", "at": at}))
	}
	n := len(layouts)
	f.deleted["thread"], f.redacted["answer"], f.deleted["llmcache"] = n, n, n
	f.redacted["expert"], f.redacted["decision"], f.redacted["decisionclaim"] = n, n, n
	f.deleted["list:gaps"], f.redacted["list:feedback"] = n, n

	for i, l := range ordinary {
		ts := fmt.Sprintf("1600000000.%06d", i)
		f.set(t, "kb:thread:C0ABCDEF1:"+ts, js(map[string]any{"asker": "U024BE7LH", "question": l}), 14*day, true)
		gap := js(map[string]any{"question": l, "kind": "not_found", "at": at})
		f.do(t, f.rdb.LPush(ctx, "kb:list:gaps", gap).Err())
		f.keep["kb:list:gaps"] = append(f.keep["kb:list:gaps"], gap)
	}
	f.checked["thread"] = n + len(ordinary) + 1
	f.checked["list:gaps"] = n + len(ordinary)
	f.set(t, "kb:thread:C0ABCDEF1:"+flaggyTS, js(map[string]any{"asker": "U024BE7LH", "question": "has anyone used AI to clear an x-ray backlog?"}), 14*day, true)
	f.set(t, "kb:answermsg:C0ABCDEF1:"+flaggyTS, js(flaggyID), 90*day, true)
	f.set(t, "kb:answer:"+flaggyID, js(map[string]any{"id": flaggyID, "question": "has anyone used AI to clear an x-ray backlog?",
		"text": "Yes: see [1].", "confidence": "high", "source_ids": []string{"pilot-clean-one"}, "asker": "U024BE7LH", "at": at}), 90*day, true)
	f.set(t, "kb:submission:pilot-clean-one", js(map[string]any{"author": "U024BE7LH", "anonymous": true, "submitted_at": at,
		"review": map[string]string{"channel": "C0ABCDEF1", "ts": flaggyTS}}), 0, true)
	f.set(t, "kb:decisionclaim:pilot-clean-one@"+flaggyVer, js(map[string]any{"status": "approved", "by": "U024BE7LH", "at": at}), 90*day, true)
	f.set(t, "kb:expert:U024BE7LH", js(map[string]any{"user": "U024BE7LH", "topics": []string{"radiology", "DCB0129"}, "mentor": false, "since": at}), 0, true)
	f.set(t, "kb:digest:last", js(at), 0, true)
	f.set(t, "kb:event:Ev0ABCDEF12", "1", time.Hour, true)
	f.set(t, "kb:lock:scheduler", "1b2c3d4e5f", 2*time.Minute, true)
	f.do(t, f.s.AddToSet(ctx, redisstore.SetExperts, "U024BE7LH", "U0ABCDE01"))
	f.clean = append(f.clean, "kb:set:experts")
	okFeedback := js(map[string]any{"answer_id": flaggyID, "user": "U024BE7LH", "helpful": true, "via": "reaction", "at": at})
	f.do(t, f.rdb.LPush(ctx, "kb:list:feedback", okFeedback).Err())
	f.keep["kb:list:feedback"] = []string{okFeedback}

	// Key names holding identifiers.
	f.set(t, "kb:event:9990000026", "1", time.Hour, false)
	f.set(t, "kb:expert:first.last.team@nhs.net", js(map[string]any{"user": "x"}), 0, false)
	f.set(t, "kb:9990000034:x", "a key named by a number", 0, false)
	f.set(t, "kb:Odd Kind:1", "call 111", 0, true)
	f.deleted["event"]++
	f.deleted["expert"]++
	f.deleted["other"]++ // the report names kinds, so a kind that is not a plain name is "other"

	// Layouts kbbot does not write today, covered by type: plain text, a
	// hash, a set of plain members, a sorted set of JSON, a stream (a work
	// queue, say) with a consumer group.
	f.set(t, "kb:note:plain", "call 07700.900.123 after 5", 0, false)
	f.set(t, "kb:note:ok", "call 111 after 5", 0, true)
	f.redacted["note"]++
	for i, l := range layouts {
		f.do(t, f.rdb.HSet(ctx, "kb:custom:hash", fmt.Sprintf("note-%d", i), "about "+l).Err())
		f.do(t, f.rdb.SAdd(ctx, "kb:custom:set", "tag "+l).Err())
		f.do(t, f.rdb.ZAdd(ctx, "kb:custom:zset", redis.Z{Score: float64(i), Member: js(map[string]any{"text": "about " + l})}).Err())
		f.do(t, f.rdb.XAdd(ctx, &redis.XAddArgs{Stream: "kb:custom:stream", Values: []string{"question", "is " + l + " ok?", "user", "U024BE7LH"}}).Err())
	}
	f.do(t, f.rdb.HSet(ctx, "kb:custom:hash", "999 000 0034", "a field named by a number", "fine", "DCB0129 v1.4").Err())
	f.do(t, f.rdb.SAdd(ctx, "kb:custom:set", "radiology", flaggyTS).Err())
	f.do(t, f.rdb.ZAdd(ctx, "kb:custom:zset", redis.Z{Score: 99, Member: js(map[string]any{"text": "2024/25 plan"})}).Err())
	f.do(t, f.rdb.XAdd(ctx, &redis.XAddArgs{Stream: "kb:custom:stream", ID: "9000000000000-0", Values: []string{"question", "how do I start a DPIA?", "user", "U024BE7LH"}}).Err())
	f.do(t, f.rdb.XGroupCreate(ctx, "kb:custom:stream", "workers", "0").Err())
	f.redacted["custom"] = 2 * n  // hash values, sorted-set members
	f.deleted["custom"] = 2*n + 1 // set members, stream entries, the hash field
	f.keep["kb:custom:hash"] = []string{"DCB0129 v1.4"}
	f.keep["kb:custom:set"] = []string{"radiology", flaggyTS}
	f.keep["kb:custom:zset"] = []string{js(map[string]any{"text": "2024/25 plan"})}
	f.keep["kb:custom:stream"] = []string{"9000000000000-0"}
	// The change log: a record per entry written, and a delete for each of
	// the two flagged ids adds one more that must go too.
	f.deleted["changes"] = 2 * 2

	// Another namespace in the same Redis is not kbbot's to clean.
	f.do(t, rdb.LPush(ctx, "other:list:gaps", js(map[string]any{"question": "check 999 000 0018"})).Err())
	f.clean = append(f.clean, "other:list:gaps")
	return f
}

// snapshot reads a key whole, by type, with whether it expires: equal
// snapshots mean equal keys.
func snapshot(t *testing.T, rdb *redis.Client, key string) string {
	t.Helper()
	ctx := context.WithoutCancel(t.Context())
	typ, err := rdb.Type(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	switch typ {
	case "none":
		return "none"
	case "string":
		v, err = rdb.Get(ctx, key).Result()
	case "list":
		v, err = rdb.LRange(ctx, key, 0, -1).Result()
	case "set":
		var m []string
		m, err = rdb.SMembers(ctx, key).Result()
		slices.Sort(m)
		v = m
	case "zset":
		v, err = rdb.ZRangeWithScores(ctx, key, 0, -1).Result()
	case "hash":
		v, err = rdb.HGetAll(ctx, key).Result()
	case "stream":
		v, err = rdb.XRange(ctx, key, "-", "+").Result()
	}
	if err != nil {
		t.Fatal(err)
	}
	ttl, err := rdb.PTTL(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s %v expires=%v", typ, v, ttl > 0)
}

// elements lists a collection's elements (a stream's entry ids, a hash's
// values, a sorted set's members).
func elements(t *testing.T, rdb *redis.Client, key string) []string {
	t.Helper()
	ctx := t.Context()
	var out []string
	var err error
	switch rdb.Type(ctx, key).Val() {
	case "list":
		out, err = rdb.LRange(ctx, key, 0, -1).Result()
	case "set":
		out, err = rdb.SMembers(ctx, key).Result()
	case "zset":
		out, err = rdb.ZRange(ctx, key, 0, -1).Result()
	case "hash":
		out, err = rdb.HVals(ctx, key).Result()
	case "stream":
		var msgs []redis.XMessage
		msgs, err = rdb.XRange(ctx, key, "-", "+").Result()
		for _, m := range msgs {
			out = append(out, m.ID)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// allKeys lists the keys under a namespace.
func allKeys(t *testing.T, rdb *redis.Client, ns string) []string {
	t.Helper()
	keys, err := rdb.Keys(context.WithoutCancel(t.Context()), ns+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(keys)
	return keys
}

// keyspace snapshots every key of a namespace.
func keyspaceOf(t *testing.T, rdb *redis.Client, ns string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, k := range allKeys(t, rdb, ns) {
		out[k] = snapshot(t, rdb, k)
	}
	return out
}

// assertNothingFlagged is the oracle: it reads the whole namespace by type
// and screens every key name's parts, every string of every value on its
// own (and with '-' read as a space), and each value's strings together.
// It knows nothing of the migration: the only strings it lets pass are the
// machine values the fixture wrote that the screen flags on their own.
func assertNothingFlagged(t *testing.T, rdb *redis.Client, ns string) {
	t.Helper()
	ctx := t.Context()
	sc := privacy.New(privacy.DefaultAllowList())
	machine := map[string]bool{flaggyTS: true, flaggyID: true, flaggyVer: true}
	unslug := strings.NewReplacer("-", " ", "_", " ")
	check := func(where, s string) {
		if machine[s] {
			return
		}
		if f, ok := sc.First(s); ok {
			t.Errorf("%s still holds a %s", where, f.Kind)
		} else if f, ok := sc.First(unslug.Replace(s)); ok {
			t.Errorf("%s still holds a %s (read as words)", where, f.Kind)
		}
	}
	var strs func(v any, out *[]string)
	strs = func(v any, out *[]string) {
		switch v := v.(type) {
		case string:
			*out = append(*out, v)
		case []any:
			for _, x := range v {
				strs(x, out)
			}
		case map[string]any:
			for k, x := range v {
				*out = append(*out, k)
				strs(x, out)
			}
		}
	}
	value := func(where, raw string) {
		var v any
		var all []string
		if json.Unmarshal([]byte(raw), &v) == nil {
			strs(v, &all)
		} else {
			all = []string{raw}
		}
		var fields []privacy.Field
		for i, s := range all {
			check(where, s)
			if !machine[s] {
				fields = append(fields, privacy.Field{Name: fmt.Sprint(i), Text: s})
			}
		}
		if ff, ok := sc.ScreenFields(fields); ok {
			t.Errorf("%s still holds a %s across its strings", where, ff.Kind)
		}
	}
	for _, key := range allKeys(t, rdb, ns) {
		for _, part := range strings.Split(key, ":") {
			for m := range machine {
				part = strings.TrimSuffix(part, "@"+m)
			}
			check("the name of "+key, part)
		}
		where := "key " + key
		switch rdb.Type(ctx, key).Val() {
		case "string":
			value(where, rdb.Get(ctx, key).Val())
		case "list", "set", "zset":
			for _, e := range elements(t, rdb, key) {
				value("an element of "+key, e)
			}
		case "hash":
			for f, v := range rdb.HGetAll(ctx, key).Val() {
				check("a field name of "+key, f)
				value("a value of "+key, v)
			}
		case "stream":
			for _, m := range rdb.XRange(ctx, key, "-", "+").Val() {
				value("an entry of "+key, js(m.Values))
			}
		}
	}
}

func TestScrub(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		f := seedFixture(t, rdb)
		before := map[string]string{}
		for _, k := range f.clean {
			before[k] = snapshot(t, rdb, k)
		}
		changesBefore, err := f.s.LastChange(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sc := privacy.New(privacy.DefaultAllowList())

		var batches int
		rep, err := f.s.Scrub(ctx, sc, redisstore.ScrubConfig{Version: testVersion, Batch: 100, Progress: func(int) { batches++ }})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Ran || rep.Version != testVersion || rep.Keys == 0 || batches == 0 {
			t.Errorf("report: ran %v, version %q, %d keys, %d progress calls; want ran, %q, keys, calls", rep.Ran, rep.Version, rep.Keys, batches, testVersion)
		}

		// Nothing the screen flags is left anywhere.
		assertNothingFlagged(t, rdb, scrubNS)

		// Ordinary records are untouched, byte for byte, TTL included.
		for _, k := range f.clean {
			if got := snapshot(t, rdb, k); got != before[k] {
				t.Errorf("%s changed:\n got %s\nwant %s", k, got, before[k])
			}
		}
		for key, want := range f.keep {
			got := elements(t, rdb, key)
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("%s lost the ordinary element %.80q", key, w)
				}
			}
		}

		// The counts, by kind.
		for kind, c := range rep.Kinds {
			if c.Redacted != f.redacted[kind] || c.Deleted != f.deleted[kind] {
				t.Errorf("%s: redacted %d, deleted %d; want %d, %d", kind, c.Redacted, c.Deleted, f.redacted[kind], f.deleted[kind])
			}
			if want, ok := f.checked[kind]; ok && c.Checked != want {
				t.Errorf("%s: checked %d, want %d", kind, c.Checked, want)
			}
		}
		for kind := range rep.Kinds {
			if _, ok := sc.First(kind); ok || strings.ContainsAny(kind, " 0123456789") {
				t.Errorf("the report names a kind %q: kinds are logged, so only plain names", kind)
			}
		}
		for kind := range f.redacted {
			if _, ok := rep.Kinds[kind]; !ok {
				t.Errorf("no count for %s", kind)
			}
		}
		if rep.Found[privacy.NHSNumber] == 0 || rep.Found[privacy.Email] == 0 || rep.Found[privacy.Phone] == 0 || rep.Found[privacy.DateOfBirth] == 0 {
			t.Errorf("found by kind = %v, want NHS numbers, emails, phones and dates of birth", rep.Found)
		}
		if !slices.Equal(rep.InvalidEntries, []string{"pilot-long-title"}) {
			t.Errorf("invalid entries = %q, want [pilot-long-title]", rep.InvalidEntries)
		}

		// What became of the records.
		checkEntries(t, f, changesBefore)
		for key, want := range map[string]string{
			"kb:answer:" + fmt.Sprintf("%024x", 0xabc000): `"question":"what about ` + redisstore.Marker(privacy.NHSNumber) + `?"`,
			"kb:expert:U0ABCDE16":                         `"topics":["radiology","ask Jane Smith born on ` + redisstore.Marker(privacy.DateOfBirth) + `"]`,
			"kb:note:plain":                               "call " + redisstore.Marker(privacy.Phone) + " after 5",
		} {
			if got := rdb.Get(ctx, key).Val(); !strings.Contains(got, want) {
				t.Errorf("%s = %s, want it to contain %s", key, got, want)
			}
		}
		if ttl := rdb.TTL(ctx, "kb:answer:"+fmt.Sprintf("%024x", 0xabc000)).Val(); ttl <= 89*24*time.Hour || ttl > 90*24*time.Hour {
			t.Errorf("a redacted answer's TTL = %v, want its 90 days kept", ttl)
		}
		if n := rdb.Exists(ctx, "kb:thread:C0ABCDEF1:1700000000.000000", "kb:submission:"+"lesson-jane-smith-born-on-the-3rd-of-april-1961").Val(); n != 0 {
			t.Errorf("%d flagged thread or submission keys left, want them deleted", n)
		}
		if got, _ := f.s.ScrubbedVersion(ctx); got != testVersion {
			t.Errorf("ScrubbedVersion = %q, want %q", got, testVersion)
		}
		if p := rdb.XPending(ctx, "kb:custom:stream", "workers").Val(); p == nil {
			t.Errorf("the stream's consumer group is gone")
		}

		// Idempotent: the same version does nothing and reads nothing; a
		// new version runs and finds nothing to do.
		after := keyspaceOf(t, rdb, scrubNS)
		again, err := f.s.Scrub(ctx, sc, redisstore.ScrubConfig{Version: testVersion})
		if err != nil || again.Ran || again.Keys != 0 {
			t.Errorf("second run: ran %v, %d keys, %v; want nothing done", again.Ran, again.Keys, err)
		}
		next, err := f.s.Scrub(ctx, sc, redisstore.ScrubConfig{Version: "test-2"})
		if err != nil || !next.Ran {
			t.Fatalf("run for a new version: ran %v, %v", next.Ran, err)
		}
		for kind, c := range next.Kinds {
			if c.Redacted != 0 || c.Deleted != 0 {
				t.Errorf("second version changed %s: %+v", kind, c)
			}
		}
		now := keyspaceOf(t, rdb, scrubNS)
		delete(now, "kb:privacy:screened")
		delete(after, "kb:privacy:screened")
		if diff := cmp.Diff(after, now); diff != "" {
			t.Errorf("a second run changed the store (-after first +after second):\n%s", diff)
		}
	})
}

// checkEntries: flagged ids are gone with their indexes, redacted entries
// still read and reached the change log, tags and links that held an
// identifier are dropped.
func checkEntries(t *testing.T, f *fixture, changesBefore string) {
	t.Helper()
	ctx := t.Context()
	for _, id := range []string{"9990000018", "lesson-jane-smith-born-on-the-3rd-of-april-1961"} {
		if _, err := f.s.Get(ctx, id); !errors.Is(err, knowledge.ErrNotFound) {
			t.Errorf("Get(an entry with a flagged id) = %v, want not found", err)
		}
	}
	all, err := f.s.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := f.s.Count(ctx)
	counts, _ := f.s.CountByStatus(ctx)
	if len(all) != n || counts[knowledge.StatusApproved] != n || counts[knowledge.StatusPending] != 0 {
		t.Errorf("%d entries read, Count %d, by status %v: the indexes do not match the entries", len(all), n, counts)
	}
	e, err := f.s.Get(ctx, "pilot-layout-0")
	if err != nil || e.Body != "The first patient, "+redisstore.Marker(privacy.NHSNumber)+", was seen on day one." {
		t.Errorf("pilot-layout-0 = %q, %v; want the number replaced by its marker", e.Body, err)
	}
	e, _ = f.s.Get(ctx, "pilot-tags")
	if !slices.Equal(e.Tags, []string{"radiology"}) {
		t.Errorf("pilot-tags tags = %q, want [radiology]: a tag holding part of a number is dropped", e.Tags)
	}
	e, _ = f.s.Get(ctx, "pilot-link")
	if e.URL != "" || len(knowledge.Validate(e)) != 0 {
		t.Errorf("pilot-link url = %q, errors %v; want the link dropped and the entry valid", e.URL, knowledge.Validate(e))
	}
	// Read the log directly: the migration deleted the change records
	// that carried flagged ids, the last one before it among them (a
	// replica positioned there rebuilds its index, as after a trim).
	changes, err := f.rdb.XRange(ctx, "kb:changes", "("+changesBefore, "+").Result()
	if err != nil {
		t.Fatal(err)
	}
	changed := map[string]bool{}
	for _, c := range changes {
		changed[fmt.Sprint(c.Values["id"])] = true
	}
	for _, id := range []string{"pilot-layout-0", "pilot-split", "pilot-tags", "pilot-link"} {
		if !changed[id] {
			t.Errorf("no change record for the redacted %s: replicas' indexes would keep the old text", id)
		}
	}
	if changed["pilot-clean-one"] {
		t.Errorf("a change record for an untouched entry")
	}
}

// smallFixture writes n flagged gaps and n ordinary ones.
func smallFixture(t *testing.T, s *redisstore.Store, n int) {
	t.Helper()
	for i := range n {
		if err := s.Append(t.Context(), redisstore.ListGaps, map[string]string{"question": fmt.Sprintf("patient 999 000 0018 number %d", i)}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRecord(t.Context(), redisstore.KindThread, fmt.Sprintf("C1:1700000000.%06d", i), map[string]string{"question": "call 07700.900.123"}, 0); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRecord(t.Context(), redisstore.KindExpert, fmt.Sprintf("U0AB%04d", i), map[string]any{"topics": []string{"radiology"}}, 0); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScrubReplicasTogether(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		s := redisstore.New(rdb, scrubNS)
		smallFixture(t, s, 200)
		sc := privacy.New(privacy.DefaultAllowList())
		const replicas = 4
		reps := make([]redisstore.ScrubReport, replicas)
		errs := make([]error, replicas)
		var wg sync.WaitGroup
		for i := range replicas {
			wg.Go(func() {
				// Each replica has its own client, as separate processes do.
				c := redis.NewClient(&redis.Options{Addr: rdb.Options().Addr})
				defer c.Close()
				reps[i], errs[i] = redisstore.New(c, scrubNS).Scrub(t.Context(), sc, redisstore.ScrubConfig{Version: testVersion, Batch: 10, Wait: 5 * time.Millisecond})
			})
		}
		wg.Wait()
		ran, deleted := 0, 0
		for i := range replicas {
			if errs[i] != nil {
				t.Fatalf("replica %d: %v", i, errs[i])
			}
			if reps[i].Ran {
				ran++
			}
			deleted += reps[i].Kinds["thread"].Deleted + reps[i].Kinds["list:gaps"].Deleted
		}
		if ran != 1 || deleted != 400 {
			t.Errorf("%d replicas ran, %d records deleted in all; want 1 and 400", ran, deleted)
		}
		assertNothingFlagged(t, rdb, scrubNS)
	})
}

func TestScrubWaitsForTheLockHolder(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		s := redisstore.New(rdb, scrubNS)
		smallFixture(t, s, 5)
		sc := privacy.New(privacy.DefaultAllowList())
		token, ok, err := s.TryLock(t.Context(), "privacy-scrub", time.Minute)
		if err != nil || !ok {
			t.Fatalf("TryLock = %v, %v", ok, err)
		}
		before := keyspaceOf(t, rdb, scrubNS)
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		rep, err := s.Scrub(ctx, sc, redisstore.ScrubConfig{Version: testVersion, Wait: 5 * time.Millisecond})
		if !errors.Is(err, context.DeadlineExceeded) || rep.Ran {
			t.Errorf("Scrub while another replica holds the lock = ran %v, %v; want it to wait until its context ends", rep.Ran, err)
		}
		if diff := cmp.Diff(before, keyspaceOf(t, rdb, scrubNS)); diff != "" {
			t.Errorf("a waiting replica wrote (-before +after):\n%s", diff)
		}
		// The holder finishes (here: records the version and lets go):
		// the waiting replica has nothing left to do.
		if err := rdb.Set(t.Context(), "kb:privacy:screened", testVersion, 0).Err(); err != nil {
			t.Fatal(err)
		}
		if err := s.Unlock(t.Context(), "privacy-scrub", token); err != nil {
			t.Fatal(err)
		}
		rep, err = s.Scrub(t.Context(), sc, redisstore.ScrubConfig{Version: testVersion, Wait: 5 * time.Millisecond})
		if err != nil || rep.Ran {
			t.Errorf("Scrub after the holder finished = ran %v, %v; want nothing to do", rep.Ran, err)
		}
	})
}

func TestScrubInterruptedRunsAgain(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		s := redisstore.New(rdb, scrubNS)
		smallFixture(t, s, 50)
		sc := privacy.New(privacy.DefaultAllowList())
		ctx, cancel := context.WithCancel(t.Context())
		_, err := s.Scrub(ctx, sc, redisstore.ScrubConfig{Version: testVersion, Batch: 10, Progress: func(int) { cancel() }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Scrub stopped after its first batch = %v, want context.Canceled", err)
		}
		if v, _ := s.ScrubbedVersion(t.Context()); v != "" {
			t.Errorf("an interrupted run recorded version %q", v)
		}
		if n := rdb.Exists(t.Context(), "kb:lock:privacy-scrub").Val(); n != 0 {
			t.Errorf("an interrupted run kept its lock")
		}
		rep, err := s.Scrub(t.Context(), sc, redisstore.ScrubConfig{Version: testVersion, Batch: 10})
		if err != nil || !rep.Ran {
			t.Fatalf("second run = ran %v, %v", rep.Ran, err)
		}
		assertNothingFlagged(t, rdb, scrubNS)
		if v, _ := s.ScrubbedVersion(t.Context()); v != testVersion {
			t.Errorf("version after the second run = %q, want %q", v, testVersion)
		}
	})
}
