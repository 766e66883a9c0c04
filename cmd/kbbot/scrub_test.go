package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestServeScrubsStoredRecords: `kbbot serve` cleans what an older privacy
// screen let into Redis before it serves, reports it in one log line (counts,
// no values) and on /metrics, and does not do it again on the next start.
func TestServeScrubsStoredRecords(t *testing.T) {
	fake := bottest.NewSlack(t)
	rs := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr})
	t.Cleanup(func() { rdb.Close() })
	ctx := t.Context()
	const (
		gapText    = "can someone check 999 000 0018 for me?"
		threadText = "email first.last.team@nhs.net about it"
		reason     = "it showed 07700.900.123"
	)
	for _, cmd := range []redis.Cmder{
		rdb.LPush(ctx, "kb:list:gaps", `{"question":"`+gapText+`","kind":"not_found","at":"2025-06-01T10:00:00Z"}`),
		rdb.LPush(ctx, "kb:list:gaps", `{"question":"has anyone automated clinic letters?","kind":"not_found","at":"2025-06-01T10:00:00Z"}`),
		rdb.Set(ctx, "kb:thread:C1:1700000000.000100", `{"asker":"U1","question":"`+threadText+`"}`, 0),
		rdb.LPush(ctx, "kb:list:feedback", `{"answer_id":"a1","user":"U1","helpful":false,"reason":"`+reason+`","via":"button","at":"2025-06-01T10:00:00Z"}`),
	} {
		if err := cmd.Err(); err != nil {
			t.Fatal(err)
		}
	}

	srv := startServe(t, serveEnv(fake, rs.URL()))
	srv.stderr.waitMsg(t, "privacy migration done", 5*time.Second)
	gaps := rdb.LRange(ctx, "kb:list:gaps", 0, -1).Val()
	if len(gaps) != 1 || strings.Contains(gaps[0], "0018") {
		t.Errorf("gaps = %q, want only the ordinary one", gaps)
	}
	if rdb.Exists(ctx, "kb:thread:C1:1700000000.000100").Val() != 0 {
		t.Errorf("the thread holding an email address is still there")
	}
	if fb := rdb.LIndex(ctx, "kb:list:feedback", 0).Val(); !strings.Contains(fb, `"reason":"it showed [removed: looks like a phone number]"`) {
		t.Errorf("feedback = %s, want the phone number redacted", fb)
	}
	if v := rdb.Get(ctx, "kb:privacy:screened").Val(); v != privacyScreenVersion {
		t.Errorf("kb:privacy:screened = %q, want %q", v, privacyScreenVersion)
	}
	for name, want := range map[string]float64{
		`kbbot_privacy_migration_records_total{action="deleted",kind="list:gaps"}`:      1,
		`kbbot_privacy_migration_records_total{action="checked",kind="list:gaps"}`:      2,
		`kbbot_privacy_migration_records_total{action="deleted",kind="thread"}`:         1,
		`kbbot_privacy_migration_records_total{action="redacted",kind="list:feedback"}`: 1,
		`kbbot_privacy_migration_identifiers_total{kind="nhs_number"}`:                  1,
	} {
		if got := metric(t, srv.addr, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	srv.stop(t)

	logged := srv.stderr.String()
	// The whole number: "07700" alone may turn up in a log line's nanoseconds.
	for _, text := range []string{"999 000 0018", "first.last", "07700.900.123", gapText, threadText, reason} {
		if strings.Contains(logged, text) {
			t.Errorf("the log holds %q", text)
		}
	}
	var line struct {
		Kinds map[string]struct{ Checked, Redacted, Deleted int }
		Found map[string]int
	}
	for _, l := range lines(logged) {
		if strings.Contains(l, `"msg":"privacy migration done"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	if g := line.Kinds["list_gaps"]; g.Checked != 2 || g.Deleted != 1 || line.Kinds["list_feedback"].Redacted != 1 || line.Found["email"] != 1 {
		t.Errorf("log line counts = %+v, want gaps checked 2 deleted 1, feedback redacted 1, one email found", line)
	}

	// The next start finds the version done.
	again := startServe(t, serveEnv(fake, rs.URL()))
	again.stderr.waitMsg(t, "privacy migration already done", 5*time.Second)
	again.stop(t)
}
