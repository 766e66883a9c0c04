package main

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// keyspace is every key of a Redis database with its DUMP (type, value and
// all), so that any write shows as a difference.
func keyspace(t *testing.T, rdb *redis.Client) map[string]string {
	t.Helper()
	ctx := context.WithoutCancel(t.Context())
	out := map[string]string{}
	iter := rdb.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		d, err := rdb.Dump(ctx, k).Result()
		if err != nil {
			t.Fatalf("DUMP %s: %v", k, err)
		}
		out[k] = d
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	n, err := rdb.DBSize(ctx).Result()
	if err != nil || int(n) != len(out) {
		t.Fatalf("DBSIZE = %d, %v; SCAN found %d keys", n, err, len(out))
	}
	return out
}

// TestReadOnlyCommandsNeverWrite runs export, audit and check against a
// real redis-server holding a knowledge base, against an empty namespace
// and against a mistyped one, and compares the whole keyspace before and
// after: not one key may appear, change or go. (They used to seed the
// namespace, build the index and write 92 keys.)
func TestReadOnlyCommandsNeverWrite(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { rdb.Close() })

	// A real knowledge base under "kb": seeded, one import, an audit
	// record. "other" is a second, untouched namespace of the same Redis.
	writeFile(t, "extra.jsonl", importGood+"\n")
	for _, ns := range []string{"kb", "other"} {
		if r := kbbot(t, map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": ns}, "import", "extra.jsonl"); r.code != 0 {
			t.Fatalf("import into %s: exit %d: %s", ns, r.code, r.stderr)
		}
	}
	if err := rdb.RPush(t.Context(), "kb:audit", `{"at":"2026-01-02T03:04:05Z","actor":"U1","action":"approve","entry_id":"pilot-cli-podiatry","before":"pending","after":"approved"}`).Err(); err != nil {
		t.Fatal(err)
	}
	// A gap an older privacy screen let in: the privacy migration would
	// delete it, and it runs in serve only.
	if err := rdb.LPush(t.Context(), "kb:list:gaps", `{"question":"check 999 000 0018 please","kind":"not_found"}`).Err(); err != nil {
		t.Fatal(err)
	}

	for _, ns := range []string{"kb", "kb-typo", "empty"} {
		env := map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": ns}
		for _, args := range [][]string{
			{"export"}, {"export", "--format", "yaml"}, {"audit"}, {"audit", "--since", "2026-01-01"}, {"check"},
		} {
			t.Run(ns+" "+strings.Join(args, " "), func(t *testing.T) {
				before := keyspace(t, rdb)
				r := kbbot(t, env, args...)
				if diff := cmp.Diff(before, keyspace(t, rdb)); diff != "" {
					t.Errorf("kbbot %s changed Redis (-before +after):\n%s", strings.Join(args, " "), diff)
				}
				if args[0] == "check" {
					return // fails for want of Slack settings; it only must not write
				}
				if r.code != 0 {
					t.Errorf("exit status %d, want 0; stderr %q", r.code, r.stderr)
				}
				if ns == "kb" {
					if r.stdout == "" {
						t.Errorf("stdout is empty, want the %s of namespace kb", args[0])
					}
					return
				}
				// An empty or mistyped namespace prints nothing and says so,
				// so a backup from the wrong place does not look valid.
				if r.stdout != "" {
					t.Errorf("stdout = %q, want nothing from an empty namespace", r.stdout)
				}
				if !strings.Contains(r.stderr, `namespace "`+ns+`"`) || !strings.Contains(r.stderr, "empty") {
					t.Errorf("stderr = %q, want it to say namespace %q is empty", r.stderr, ns)
				}
			})
		}
	}
}

// TestReadOnlyClientRefusesWrites: the guard itself. A read-only command's
// client refuses any write before it reaches Redis, and still reads.
func TestReadOnlyClientRefusesWrites(t *testing.T) {
	srv := redistest.Start(t)
	b, err := openStore(t.Context(), config{RedisURL: srv.URL(), Namespace: "kb"}, readOnly, "export")
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	if _, err := b.store.Count(t.Context()); err != nil {
		t.Errorf("Count through the read-only client: %v", err)
	}
	if _, err := b.store.SeedIfEmpty(t.Context(), nil); err == nil || !strings.Contains(err.Error(), "only reads") {
		t.Errorf("SeedIfEmpty through the read-only client = %v, want a refusal", err)
	}
	err = b.rdb.Set(t.Context(), "kb:x", "1", 0).Err()
	if err == nil || !strings.Contains(err.Error(), "kbbot export only reads") {
		t.Errorf("SET = %v, want it refused naming the command", err)
	}
	plain := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer plain.Close()
	if n, err := plain.DBSize(t.Context()).Result(); err != nil || n != 0 {
		t.Errorf("DBSIZE = %d, %v; want 0: nothing written", n, err)
	}
}
