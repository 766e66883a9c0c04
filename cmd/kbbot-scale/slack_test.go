package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/slacksig"
	"github.com/slack-go/slack"
)

// TestSign checks the /kb requests' signature with slack-go's verifier, the
// one kbbot uses.
func TestSign(t *testing.T) {
	body := []byte("command=%2Fkb&text=ask+anything")
	ts, sig := slacksig.Sign(signingSecret, time.Now(), body)
	h := http.Header{}
	h.Set("X-Slack-Request-Timestamp", ts)
	h.Set("X-Slack-Signature", sig)
	sv, err := slack.NewSecretsVerifier(h, signingSecret)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = sv.Write(body)
	if err := sv.Ensure(); err != nil {
		t.Errorf("slack-go refuses the signature: %v", err)
	}
	sv, _ = slack.NewSecretsVerifier(h, signingSecret)
	_, _ = sv.Write(append(body, 'x'))
	if sv.Ensure() == nil {
		t.Error("a changed body still verifies")
	}
}

func TestParseAnswerCounts(t *testing.T) {
	text := strings.Join([]string{
		"# HELP kbbot_answers_total Questions answered, by result.",
		"# TYPE kbbot_answers_total counter",
		`kbbot_answers_total{result="found"} 13`,
		`kbbot_answers_total{result="not_found"} 1`,
		`kbbot_answers_total{result="not_sure"} 11`,
		`kbbot_answers_totally_other{result="found"} 99`,
		`kbbot_events_total{type="slash_command"} 25`,
	}, "\n")
	got, ok := parseAnswerCounts(text)
	if !ok {
		t.Fatal("parseAnswerCounts found no kbbot_answers_total")
	}
	want := map[string]int{"found": 13, "not_found": 1, "not_sure": 11}
	if len(got) != len(want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("counts[%s] = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if _, ok := parseAnswerCounts("kbbot_events_total 3\n"); ok {
		t.Error("a /metrics without kbbot_answers_total counted as having it")
	}
}
