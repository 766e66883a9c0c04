package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestEvalOnTheSeed: `kbbot eval` on a fresh machine scores the built-in
// seed (in memory), in text and in JSON, with every figure DESIGN names.
func TestEvalOnTheSeed(t *testing.T) {
	set, err := filepath.Abs("../../knowledge/search/testdata/2026-11-heldout-seed.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	inTempDir(t)
	r := kbbot(t, nil, "eval", set)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"recall@1", "recall@3", "MRR", "high-confidence answers that are right", "answerable questions answered right, high", "unanswerable questions not answered high", "plain BM25", "misses"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = kbbot(t, nil, "eval", "--json", set)
	if r.code != 0 {
		t.Fatalf("--json exit %d: %s", r.code, r.stderr)
	}
	var rep map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	for _, k := range []string{"recall_at_1", "recall_at_3", "mrr", "high_right", "answerable_high_right", "unanswerable_not_high", "misses", "baseline_recall_at_3", "entries", "calibration"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
}

// TestEvalErrors: a bad golden file names every bad line, and exits 2.
func TestEvalErrors(t *testing.T) {
	inTempDir(t)
	writeFile(t, "bad.jsonl", "{\"q\": \"a\"}\nnot json\n")
	r := kbbot(t, nil, "eval", "bad.jsonl")
	if r.code != 2 || !strings.Contains(r.stderr, "bad.jsonl:1:") || !strings.Contains(r.stderr, "bad.jsonl:2:") {
		t.Errorf("exit %d stderr %q, want 2 naming lines 1 and 2", r.code, r.stderr)
	}
	if r := kbbot(t, nil, "eval"); r.code != 2 {
		t.Errorf("eval without a file: exit %d, want 2", r.code)
	}
	if r := kbbot(t, nil, "eval", "missing.jsonl"); r.code != 2 {
		t.Errorf("eval of a missing file: exit %d, want 2", r.code)
	}
}

// TestEvalNeverWrites: against a real redis-server, eval only reads, in a
// namespace with a knowledge base and in an empty one.
func TestEvalNeverWrites(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { rdb.Close() })
	writeFile(t, "extra.jsonl", importGood+"\n")
	if r := kbbot(t, map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": "kb"}, "import", "extra.jsonl"); r.code != 0 {
		t.Fatalf("import: exit %d: %s", r.code, r.stderr)
	}
	writeFile(t, "q.jsonl", `{"q": "has anyone used AI to clear an x-ray backlog?", "relevant": ["pilot-fracture-ai-xray-backlog"]}`+"\n"+`{"q": "where is the canteen", "relevant": []}`+"\n")
	for _, ns := range []string{"kb", "empty"} {
		before := keyspace(t, rdb)
		r := kbbot(t, map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": ns}, "eval", "q.jsonl")
		if diff := cmp.Diff(before, keyspace(t, rdb)); diff != "" {
			t.Errorf("%s: eval changed Redis:\n%s", ns, diff)
		}
		if r.code != 0 {
			t.Errorf("%s: exit %d: %s", ns, r.code, r.stderr)
		}
		if ns == "empty" && !strings.Contains(r.stderr, "no approved entries") {
			t.Errorf("empty namespace: stderr %q, want it to say so", r.stderr)
		}
		if ns == "kb" && !strings.Contains(r.stdout, "recall@3 1.000") {
			t.Errorf("kb: %s", r.stdout)
		}
	}
	_ = os.Remove("q.jsonl")
}
