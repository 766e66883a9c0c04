package handlers_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

const backlogQuestion = "has anyone used AI to clear an x-ray backlog?"

// llmApp is a seeded App on a real redis-server whose summaries come from
// a fake chat-completions server.
func llmApp(t *testing.T, fake *llmtest.Server, timeout time.Duration) (*handlers.App, *redisstore.Store) {
	t.Helper()
	return llmAppB(t, fake, timeout)
}

// llmAppB is llmApp for tests and benchmarks alike.
func llmAppB(t testing.TB, fake *llmtest.Server, timeout time.Duration) (*handlers.App, *redisstore.Store) {
	t.Helper()
	store := redisstore.New(redistest.Client(t), "kb")
	screener := privacy.New(privacy.DefaultAllowList())
	var sum handlers.Summarizer
	if fake != nil {
		c, err := llm.New(slog.New(slog.DiscardHandler), llm.Config{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: "gpt-test"}, screener, prometheus.NewRegistry())
		if err != nil {
			t.Fatal(err)
		}
		sum = c
	}
	app := buildApp(t, handlers.Deps{Store: store, Screener: screener, Summarizer: sum, LLMTimeout: timeout})
	if _, err := app.EnsureSeeded(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := app.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	return app, store
}

func askFound(t *testing.T, app *handlers.App, q string) handlers.Answer {
	t.Helper()
	ans, err := app.Ask(t.Context(), handlers.AskRequest{Question: q})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Confident() {
		t.Fatalf("question %q found nothing", q)
	}
	return ans
}

func TestSummarizeUsesCitedSummary(t *testing.T) {
	fake := llmtest.New(t, "Yes: one London trust used AI fracture triage to clear its X-ray backlog [1].")
	app, _ := llmApp(t, fake, 5*time.Second)
	ans := askFound(t, app, backlogQuestion)
	got, info := app.Summarize(t.Context(), ans, "")
	if !got.LLM || info.Fallback != "" {
		t.Fatalf("LLM = %v, fallback %q; want a summary", got.LLM, info.Fallback)
	}
	if !strings.Contains(got.Text, "[1]") || len(got.Sources) == 0 {
		t.Errorf("summary %q with %d sources", got.Text, len(got.Sources))
	}
	if info.PromptTokens != 420 || info.CompletionTokens != 60 {
		t.Errorf("tokens = %d/%d, want the fake's 420/60", info.PromptTokens, info.CompletionTokens)
	}
	if info.Elapsed <= 0 {
		t.Errorf("elapsed = %v, want the time the call took", info.Elapsed)
	}
	req := fake.Requests()[0]
	if !strings.Contains(req.User, "Question: "+backlogQuestion) {
		t.Errorf("the prompt lacks the question:\n%s", req.User)
	}
	for i, s := range got.Sources {
		if !strings.Contains(req.User, "["+string(rune('1'+i))+"] "+s.Title) {
			t.Errorf("source %d %q is not numbered in the prompt", i+1, s.Title)
		}
	}
}

func TestSummarizeStripsInventedCitations(t *testing.T) {
	fake := llmtest.New(t, "Triage cleared it [1][7]. Also see [9].")
	app, _ := llmApp(t, fake, 5*time.Second)
	got, info := app.Summarize(t.Context(), askFound(t, app, backlogQuestion), "")
	if !got.LLM {
		t.Fatalf("fallback %q, want the summary with [1] kept", info.Fallback)
	}
	if strings.Contains(got.Text, "[7]") || strings.Contains(got.Text, "[9]") || !strings.Contains(got.Text, "[1]") {
		t.Errorf("text = %q, want [7] and [9] stripped and [1] kept", got.Text)
	}
	if info.Stripped != 2 {
		t.Errorf("stripped = %d, want 2", info.Stripped)
	}
}

func TestSummarizeFallsBack(t *testing.T) {
	tests := []struct {
		name    string
		reply   llmtest.Reply
		timeout time.Duration
		want    string
	}{
		{"no citation", llmtest.Reply{Content: "AI cleared a backlog somewhere."}, 0, handlers.FallbackNoCitation},
		{"only invented citations", llmtest.Reply{Content: "It worked [12]."}, 0, handlers.FallbackNoCitation},
		{"empty", llmtest.Reply{Content: "  "}, 0, handlers.FallbackEmpty},
		{"too long", llmtest.Reply{Content: strings.Repeat("Long answer [1]. ", 100)}, 0, handlers.FallbackTooLong},
		{"rate limited", llmtest.Reply{Status: 429, RetryAfter: "1"}, 0, handlers.FallbackRateLimited},
		{"server error", llmtest.Reply{Status: 500}, 0, handlers.FallbackError},
		{"malformed json", llmtest.Reply{Raw: `{"choices":[{`}, 0, handlers.FallbackError},
		{"slower than the timeout", llmtest.Reply{Content: "late [1]", Delay: 3 * time.Second}, 200 * time.Millisecond, handlers.FallbackTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := llmtest.New(t, "")
			fake.SetDefault(tt.reply)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 5 * time.Second
			}
			app, _ := llmApp(t, fake, timeout)
			ans := askFound(t, app, backlogQuestion)
			start := time.Now()
			got, info := app.Summarize(t.Context(), ans, "")
			if info.Fallback != tt.want {
				t.Errorf("fallback = %q, want %q", info.Fallback, tt.want)
			}
			if got.LLM || got.Text != ans.Text {
				t.Errorf("got LLM=%v text %q, want the extractive answer unchanged", got.LLM, got.Text)
			}
			if tt.timeout > 0 && time.Since(start) > 2*time.Second {
				t.Errorf("took %s, want about the %s timeout", time.Since(start), tt.timeout)
			}
		})
	}
}

func TestSummarizeOffAndNotFound(t *testing.T) {
	app, _ := llmApp(t, nil, 0)
	ans := askFound(t, app, backlogQuestion)
	if got, info := app.Summarize(t.Context(), ans, ""); got.LLM || info.Fallback != handlers.FallbackOff {
		t.Errorf("no summarizer: LLM=%v fallback %q, want off", got.LLM, info.Fallback)
	}
	fake := llmtest.New(t, "x [1]")
	app2, _ := llmApp(t, fake, time.Second)
	none, err := app2.Ask(t.Context(), handlers.AskRequest{Question: "where do I park at the hospital?"})
	if err != nil {
		t.Fatal(err)
	}
	if _, info := app2.Summarize(t.Context(), none, ""); info.Fallback != handlers.FallbackNotFound || len(fake.Requests()) != 0 {
		t.Errorf("nothing found: fallback %q and %d LLM calls, want not_found and none", info.Fallback, len(fake.Requests()))
	}
}

func TestSummaryCache(t *testing.T) {
	fake := llmtest.New(t, "Cleared [1].")
	app, store := llmApp(t, fake, 5*time.Second)
	ans := askFound(t, app, backlogQuestion)
	if _, info := app.Summarize(t.Context(), ans, ""); info.CacheHit {
		t.Fatal("first summary came from the cache")
	}
	// Same question, worded with different case and punctuation.
	again := askFound(t, app, "Has anyone used AI to clear an X-ray backlog")
	got, info := app.Summarize(t.Context(), again, "")
	if !info.CacheHit || !got.LLM || len(fake.Requests()) != 1 {
		t.Fatalf("repeat: cache hit %v, LLM %v, %d requests; want a hit and 1 request", info.CacheHit, got.LLM, len(fake.Requests()))
	}
	// Edit a cited entry: its old summaries must be unreachable.
	e, err := store.Get(t.Context(), ans.Sources[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	e.Summary += " Updated after review."
	if err := store.Put(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	if err := app.SyncIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	third := askFound(t, app, backlogQuestion)
	if _, info := app.Summarize(t.Context(), third, ""); info.CacheHit || len(fake.Requests()) != 2 {
		t.Errorf("after an edit: cache hit %v, %d requests; want a new request", info.CacheHit, len(fake.Requests()))
	}
}

// TestSummariesBoundedPerPerson: past KBBOT_LLM_PER_USER_HOUR a person's
// answers are extractive (no LLM call), counted across replicas through
// Redis; others are unaffected, and the next hour starts afresh.
func TestSummariesBoundedPerPerson(t *testing.T) {
	fake := llmtest.New(t, "Cleared with AI triage [1].")
	store := redisstore.New(redistest.Client(t), "kb")
	screener := privacy.New(privacy.DefaultAllowList())
	c, err := llm.New(slog.New(slog.DiscardHandler), llm.Config{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: "gpt-test"}, screener, prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 12, 7, 10, 5, 0, 0, time.UTC)
	replica := func() *handlers.App {
		app := buildApp(t, handlers.Deps{Store: store, Screener: screener, Summarizer: c, LLMTimeout: time.Second,
			LLMPerUserHour: 2, Now: func() time.Time { return clock }})
		if _, err := app.EnsureSeeded(t.Context()); err != nil {
			t.Fatal(err)
		}
		if err := app.LoadIndex(t.Context()); err != nil {
			t.Fatal(err)
		}
		return app
	}
	a, b := replica(), replica()
	summarise := func(app *handlers.App, user, q string) handlers.SummaryInfo {
		t.Helper()
		ans, err := app.Ask(t.Context(), handlers.AskRequest{Question: q, Asker: user, Channel: "D1"})
		if err != nil || !ans.Confident() {
			t.Fatalf("Ask(%q) = %s, %v; want a confident answer", q, ans.Confidence, err)
		}
		_, info := app.Summarize(t.Context(), ans, "")
		return info
	}
	qs := []string{"has anyone used AI to clear an x-ray backlog?", "what do I need before a DPIA?", "do free pilots from suppliers help or hurt"}
	if info := summarise(a, "U1", qs[0]); info.Fallback != "" {
		t.Fatalf("first summary: fallback %q", info.Fallback)
	}
	if info := summarise(b, "U1", qs[1]); info.Fallback != "" {
		t.Fatalf("second summary (other replica): fallback %q", info.Fallback)
	}
	calls := len(fake.Requests())
	if info := summarise(a, "U1", qs[2]); info.Fallback != handlers.FallbackUserLimit {
		t.Errorf("third summary in the hour: fallback %q, want %q", info.Fallback, handlers.FallbackUserLimit)
	}
	if n := len(fake.Requests()); n != calls {
		t.Errorf("the LLM was called past the bound (%d calls, was %d)", n, calls)
	}
	if info := summarise(b, "U2", qs[2]); info.Fallback != "" {
		t.Errorf("another person: fallback %q", info.Fallback)
	}
	clock = clock.Add(time.Hour)
	if info := summarise(a, "U1", qs[2]); info.Fallback != "" {
		t.Errorf("next hour: fallback %q", info.Fallback)
	}
}
