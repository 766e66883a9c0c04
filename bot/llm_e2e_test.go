package bot_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// llmStack is a stack whose answers are summarised by a fake
// chat-completions server.
func llmStack(t *testing.T, fake *llmtest.Server, timeout time.Duration) *stack {
	t.Helper()
	o := llmStackOptions(t, fake)
	o.llmTimeout = timeout
	return newStack(t, o)
}

// llmStackOptions are the options of a stack whose summaries come from
// fake.
func llmStackOptions(t *testing.T, fake *llmtest.Server) stackOptions {
	t.Helper()
	c, err := llm.New(slog.New(slog.DiscardHandler), llm.Config{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: "gpt-test"},
		privacy.New(privacy.DefaultAllowList()), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return stackOptions{summarizer: c}
}

// TestLLMAnswerUpdatedInPlace: with the LLM on, the extractive answer is
// posted at once marked "summarising", then the same message is updated in
// place, exactly once, with the cited summary.
func TestLLMAnswerUpdatedInPlace(t *testing.T) {
	fake := llmtest.New(t, "Yes: one London trust cleared its X-ray backlog with AI fracture triage [1].")
	s := llmStack(t, fake, 5*time.Second)
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))

	post := s.waitPost("C1")
	if !strings.Contains(post.BlockText(), "Summarising") {
		t.Errorf("first post lacks the summarising note:\n%s", post.BlockText())
	}
	updates := s.fake.WaitCalls(t, "chat.update", 1, wait)
	s.barrier() // its own answer is updated too, in its own channel
	if n := len(s.updatesIn("C1")); n != 1 {
		t.Fatalf("%d chat.update calls in C1, want exactly 1", n)
	}
	up := updates[0]
	if up.Value("ts") == "" || up.Value("channel") != "C1" {
		t.Errorf("update of channel %q ts %q, want the answer in C1", up.Value("channel"), up.Value("ts"))
	}
	text := up.BlockText()
	for _, want := range []string{"[1]", "AI summary", xrayTitle} {
		if !strings.Contains(text, want) {
			t.Errorf("updated answer lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Summarising") {
		t.Error("the updated answer still says it is summarising")
	}
	if n := len(s.posts("C1")); n != 1 {
		t.Errorf("%d messages posted to C1, want 1 (the summary replaces the first in place)", n)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 || !strings.Contains(reqs[0].User, xrayQuestion) {
		t.Fatalf("LLM requests = %d, want 1 carrying the question", len(reqs))
	}
}

// updatesIn returns the chat.update calls to channel.
func (s *stack) updatesIn(channel string) []bottest.Call {
	return s.fake.Find(func(c bottest.Call) bool { return c.Method == "chat.update" && c.Value("channel") == channel })
}

// TestLLMFailureUpdatesWithExtractive: when the LLM fails, the message is
// still updated exactly once, to the extractive answer without the note.
func TestLLMFailureUpdatesWithExtractive(t *testing.T) {
	for name, reply := range map[string]llmtest.Reply{
		"rate limited": {Status: 429, RetryAfter: "1"},
		"timeout":      {Content: "late [1]", Delay: 3 * time.Second},
		"no citation":  {Content: "It worked somewhere."},
	} {
		t.Run(name, func(t *testing.T) {
			fake := llmtest.New(t, "")
			fake.SetDefault(reply)
			s := llmStack(t, fake, 300*time.Millisecond).with(t)
			s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
			s.waitPost("C1")
			up := s.fake.WaitCalls(t, "chat.update", 1, wait)[0]
			s.barrier() // its own answer is updated too, in its own channel
			if n := len(s.updatesIn("C1")); n != 1 {
				t.Errorf("%d chat.update calls in C1, want exactly 1", n)
			}
			text := up.BlockText()
			if strings.Contains(text, "Summarising") || strings.Contains(text, "AI summary") {
				t.Errorf("fallback answer still mentions the summary:\n%s", text)
			}
			if !strings.Contains(text, xrayTitle) {
				t.Errorf("fallback answer lacks its source:\n%s", text)
			}
		})
	}
}

// TestLLMSlashAnswerReplacedViaResponseURL: a private /kb answer is
// replaced through its response_url, not posted twice.
func TestLLMSlashAnswerReplacedViaResponseURL(t *testing.T) {
	fake := llmtest.New(t, "Cleared with AI triage [1].")
	s := llmStack(t, fake, 5*time.Second)
	form := bottest.SlashCommand("/kb", "ask "+xrayQuestion, "U1", "C1", s.fake.ResponseURL("llm1"))
	ackedInTime(t, s.command(form))
	calls := s.fake.WaitFor(t, "the replaced answer", 2, wait, func(c bottest.Call) bool {
		return c.ResponseID == "llm1"
	})
	if got := calls[1].JSON["replace_original"]; got != true {
		t.Errorf("second response_url post replace_original = %v, want true", got)
	}
	if !strings.Contains(calls[1].BlockText(), "[1]") {
		t.Errorf("replacement lacks the cited summary:\n%s", calls[1].BlockText())
	}
}
