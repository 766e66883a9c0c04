package bot_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
)

// Socket Mode, end to end: the bot dials the fake's apps.connections.open
// and WebSocket, the test pushes envelopes and reads the acks, and answers
// arrive at the fake's Web API as in HTTP mode.

// newSocketStack builds a Socket Mode stack without connecting it.
func newSocketStack(t *testing.T) *stack {
	t.Helper()
	return newStack(t, stackOptions{socket: true})
}

// runSocket runs RunSocketMode until the test ends and checks that it then
// returns nil, promptly.
func (s *stack) runSocket() {
	s.t.Helper()
	ctx, cancel := context.WithCancel(s.ctx)
	done := make(chan error, 1)
	go func() { done <- s.bot.RunSocketMode(ctx) }()
	s.t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				s.t.Errorf("RunSocketMode returned %v after cancel, want nil", err)
			}
		case <-time.After(wait):
			s.t.Errorf("RunSocketMode did not return within %v of cancel", wait)
		}
	})
}

// push sends an envelope and waits for its ack.
func (s *stack) push(e bottest.Envelope) bottest.Ack {
	s.t.Helper()
	id := s.fake.Push(s.t, e)
	ack := s.fake.WaitAck(s.t, id, 3*time.Second) // Slack's deadline
	return ack
}

// pushEvent sends an inner event as an events_api envelope with a fresh
// event id and checks it was acked without a payload.
func (s *stack) pushEvent(inner map[string]any) {
	s.t.Helper()
	ack := s.push(bottest.Envelope{Type: "events_api", Payload: bottest.EventCallback(s.eventID(), inner)})
	if len(ack.Payload) != 0 && string(ack.Payload) != "null" {
		s.t.Errorf("events_api ack carries a payload %s, want none", ack.Payload)
	}
}

// socketBarrier is barrier over Socket Mode.
func (s *stack) socketBarrier() {
	s.t.Helper()
	ch := "DBARRIER" + s.eventID()
	s.pushEvent(bottest.Message("UBARRIER", ch, "im", s.ts(), "", xrayQuestion))
	s.waitPost(ch)
}

func TestSocketModeMention(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	ts := s.ts()
	s.pushEvent(bottest.AppMention("U1", "C1", ts, "", mention(xrayQuestion)))

	post := s.waitPost("C1")
	if got := post.Value("thread_ts"); got != ts {
		t.Errorf("thread_ts = %q, want %q", got, ts)
	}
	checkAnswerBlocks(t, post, "kb_helpful", "kb_unhelpful", "kb_ask_person")
	if !strings.Contains(post.BlockText(), xrayTitle) {
		t.Errorf("answer does not cite %q", xrayTitle)
	}
	open := s.fake.Calls("apps.connections.open")
	if len(open) == 0 || open[0].Auth != "Bearer xapp-test" {
		t.Errorf("apps.connections.open calls = %+v, want one with the app-level token", open)
	}
	if r := s.get("/slack/events"); r.Status != http.StatusNotFound && r.Status != http.StatusMethodNotAllowed {
		t.Errorf("GET /slack/events in Socket Mode = %d, want no Slack routes", r.Status)
	}
}

func TestSocketModeSlashHelp(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	ack := s.push(bottest.Envelope{Type: "slash_commands", Payload: bottest.SlashCommandJSON("/kb", "help", "U1", "C1", s.fake.ResponseURL("help"))})
	var got struct {
		ResponseType string `json:"response_type"`
		Text         string `json:"text"`
	}
	if err := json.Unmarshal(ack.Payload, &got); err != nil {
		t.Fatalf("ack payload %q: %v", ack.Payload, err)
	}
	if got.ResponseType != "ephemeral" || !strings.Contains(string(ack.Payload), "/kb share") {
		t.Errorf("ack payload = %s, want the ephemeral help naming /kb", ack.Payload)
	}
}

func TestSocketModeSlashAsk(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	ack := s.push(bottest.Envelope{Type: "slash_commands", Payload: bottest.SlashCommandJSON("/kb", xrayQuestion, "U1", "C1", s.fake.ResponseURL("ask"))})
	if len(ack.Payload) != 0 {
		t.Errorf("ack payload = %s, want none (the answer follows at the response_url)", ack.Payload)
	}
	ans := s.waitResponse("ask", "the answer", func(c bottest.Call) bool { return c.OK() })
	if ans.Value("response_type") != "ephemeral" || ans.Action("kb_share") == nil {
		t.Errorf("answer response_type %q, share button %v; want an ephemeral answer with kb_share", ans.Value("response_type"), ans.Action("kb_share") != nil)
	}
}

// TestSocketModeQueuedCommandAckIsEmpty: a subcommand whose reply follows
// later is acked without a payload, as HTTP mode answers an empty 200.
func TestSocketModeQueuedCommandAckIsEmpty(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	ack := s.push(bottest.Envelope{Type: "slash_commands", Payload: bottest.SlashCommandJSON("/kb", "experts radiology", "U1", "C1", s.fake.ResponseURL("experts"))})
	if len(ack.Payload) != 0 {
		t.Errorf("ack payload = %s, want none", ack.Payload)
	}
	s.waitResponse("experts", "the experts list", func(c bottest.Call) bool { return c.OK() })
}

func TestSocketModeRetryAnsweredOnce(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	payload := bottest.EventCallback("EvSOCKETRETRY", bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	first := s.push(bottest.Envelope{Type: "events_api", Payload: payload})
	retry := s.push(bottest.Envelope{Type: "events_api", Payload: payload, RetryAttempt: 1, RetryReason: "timeout"})
	if first.EnvelopeID == retry.EnvelopeID {
		t.Fatalf("the fake reused an envelope id")
	}
	s.socketBarrier()
	if n := len(s.posts("C1")); n != 1 {
		t.Errorf("%d answers to one event delivered twice, want 1", n)
	}
	if got := s.counter("kbbot_dedup_hits_total"); got != 1 {
		t.Errorf("kbbot_dedup_hits_total = %v, want 1", got)
	}
}

func TestSocketModeFeedbackModal(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	s.pushEvent(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	answerID, _ := s.waitPost("C1").ActionValue("kb_unhelpful")

	ack := s.push(bottest.Envelope{Type: "interactive", Payload: bottest.BlockAction("U1", "C1", "kb_unhelpful", answerID, s.fake.ResponseURL("down"))})
	if len(ack.Payload) != 0 {
		t.Errorf("block_actions ack payload = %s, want none", ack.Payload)
	}
	view := s.fake.WaitCalls(t, "views.open", 1, wait)[0].View()
	if view["callback_id"] != "kb_feedback" {
		t.Fatalf("views.open callback_id = %v, want kb_feedback", view["callback_id"])
	}
	ack = s.push(bottest.Envelope{Type: "interactive", Payload: bottest.ViewSubmission("U1", "kb_feedback", answerID,
		map[string]map[string]string{"reason": {"reason": "ring 07700 900123"}})})
	var got struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if err := json.Unmarshal(ack.Payload, &got); err != nil || got.ResponseAction != "errors" || !strings.Contains(got.Errors["reason"], "phone") {
		t.Errorf("view_submission ack payload = %s, want response_action errors on reason mentioning phone", ack.Payload)
	}
	if strings.Contains(string(ack.Payload), "900123") {
		t.Errorf("the error echoes the number")
	}
}

func TestSocketModeReadiness(t *testing.T) {
	s := newSocketStack(t)
	release := s.fake.HoldSockets()
	s.runSocket()
	s.fake.WaitDials(t, 1, wait) // apps.connections.open answered; the dial is held

	if r := s.get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz while connecting = %d %q, want 503", r.Status, r.Body)
	}
	release()
	// The bot handles Socket Mode events in order: once a later envelope is
	// acked, it has seen the connection come up.
	s.push(bottest.Envelope{Type: "slash_commands", Payload: bottest.SlashCommandJSON("/kb", "help", "U1", "C1", s.fake.ResponseURL("help"))})
	if r := s.get("/readyz"); r.Status != http.StatusOK {
		t.Errorf("/readyz once connected = %d %q, want 200", r.Status, r.Body)
	}
	if r := s.get("/healthz"); r.Status != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", r.Status)
	}
}

func TestSocketModeNotReadyBeforeRun(t *testing.T) {
	s := newSocketStack(t)
	if r := s.get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz of a Socket Mode bot that has not connected = %d, want 503", r.Status)
	}
}

func TestSocketModeReconnects(t *testing.T) {
	s := newSocketStack(t)
	s.runSocket()
	s.fake.WaitConnections(t, 1, wait)
	s.fake.Disconnect(t)
	s.fake.WaitConnections(t, 2, wait)
	s.pushEvent(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	s.waitPost("C1")
}
