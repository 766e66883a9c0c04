package main

import (
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestReplicasLoadTheSnapshot: the first serve on a knowledge base builds
// its search index and writes a snapshot; `kbbot check` then says a
// replica can load it; the next serve, and `kbbot ask`, load it instead of
// building.
func TestReplicasLoadTheSnapshot(t *testing.T) {
	inTempDir(t)
	fake := bottest.NewSlack(t)
	rs := redistest.Start(t)
	env := serveEnv(fake, rs.URL())
	checkEnv := map[string]string{"REDIS_URL": rs.URL(), "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": testSecret, "SLACK_API_URL": fake.APIURL()}

	if got := checkLines(t, kbbot(t, checkEnv, "check").stdout)["snapshot"]; got[0] != "ok" || !strings.Contains(got[1], "none yet") {
		t.Errorf("check before any serve: snapshot %q, want none yet", got)
	}
	first := startServe(t, env)
	first.stderr.waitMsg(t, "search index built", 30*time.Second)
	first.stderr.waitMsg(t, "search index snapshot written", 30*time.Second)
	first.stop(t)

	got := checkLines(t, kbbot(t, checkEnv, "check").stdout)["snapshot"]
	if got[0] != "ok" || !strings.Contains(got[1], "loadable") || !strings.Contains(got[1], "entries") {
		t.Errorf("check after serve: snapshot %q, want a loadable one", got)
	}

	second := startServe(t, env)
	second.stderr.waitMsg(t, "search index loaded from snapshot", 30*time.Second)
	if strings.Contains(second.stderr.String(), `"msg":"search index built"`) {
		t.Errorf("the second replica built its index")
	}
	if st := getStatus(t, "http://"+second.addr+"/readyz"); st != 200 {
		t.Errorf("/readyz = %d after loading the snapshot, want 200", st)
	}
	second.stop(t)

	r := kbbot(t, map[string]string{"REDIS_URL": rs.URL(), "KBBOT_LOG_LEVEL": "info", "KBBOT_LOG_FORMAT": "json"}, "ask", "--json", xrayQ)
	if r.code != 0 || !strings.Contains(r.stderr, "search index loaded from snapshot") || !strings.Contains(r.stdout, "xray") {
		t.Errorf("ask: exit %d, stdout %.300s\nstderr %.600s\nwant an answer from the loaded snapshot", r.code, r.stdout, r.stderr)
	}
}
