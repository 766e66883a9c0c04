package llm_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

func entries() []knowledge.Entry {
	return []knowledge.Entry{
		{ID: "a", Kind: knowledge.KindPilot, Title: "Fracture AI cleared a backlog", Summary: "Backlog cleared.", Body: "BODY-TEXT-A",
			Outcome: knowledge.OutcomeSuccess, Evidence: knowledge.EvidenceAnecdotal, Source: "The report (2025)", Contact: "U0SECRETCONTACT", Status: "approved"},
		{ID: "b", Kind: knowledge.KindGuidance, Title: "DTAC", Summary: "Ask for DTAC.", Body: "BODY-TEXT-B", Status: "approved"},
	}
}

func newClient(t *testing.T, cfg llm.Config) *llm.Client {
	t.Helper()
	c, err := llm.New(slog.New(slog.DiscardHandler), cfg, privacy.New(privacy.DefaultAllowList()), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPromptCarriesNumberedSourcesAndQuestion(t *testing.T) {
	fake := llmtest.New(t, "Cleared [1].")
	c := newClient(t, llm.Config{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: "gpt-test"})
	s, err := c.Summarize(t.Context(), "x-ray backlog?", "first question", entries())
	if err != nil {
		t.Fatal(err)
	}
	if s.Text != "Cleared [1]." || s.PromptTokens != 420 || s.CompletionTokens != 60 {
		t.Errorf("Summary = %+v, want the fake's text and usage", s)
	}
	reqs := fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer sk-test" || r.Model != "gpt-test" {
		t.Errorf("request path %q auth %q model %q", r.Path, r.Header.Get("Authorization"), r.Model)
	}
	for _, want := range []string{"Question: x-ray backlog?", "first question", "[1] Fracture AI cleared a backlog", "[2] DTAC", "BODY-TEXT-A", "From: The report (2025)", "outcome: success"} {
		if !strings.Contains(r.User, want) {
			t.Errorf("user message lacks %q:\n%s", want, r.User)
		}
	}
	for _, want := range []string{"Cite every claim", "UK English", "do not guess", "clinical advice"} {
		if !strings.Contains(r.System, want) {
			t.Errorf("system message lacks %q", want)
		}
	}
	if strings.Contains(r.User, "U0SECRETCONTACT") || strings.Contains(r.System, "U0SECRETCONTACT") {
		t.Error("a contact reached the prompt")
	}
}

func TestTitlesModeSendsNoBodies(t *testing.T) {
	fake := llmtest.New(t, "x [1]")
	c := newClient(t, llm.Config{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m", Context: llm.ContextTitles})
	if _, err := c.Summarize(t.Context(), "q", "", entries()); err != nil {
		t.Fatal(err)
	}
	u := fake.Requests()[0].User
	if strings.Contains(u, "BODY-TEXT") {
		t.Errorf("titles mode sent a body:\n%s", u)
	}
	if !strings.Contains(u, "Summary: Backlog cleared.") {
		t.Errorf("titles mode dropped the summary:\n%s", u)
	}
}

func TestPromptDropsScreenedText(t *testing.T) {
	es := entries()
	es[0].Body = "Patient 943 476 5919 was seen"
	msgs := llm.Prompt("q", "", es, llm.ContextFull, privacy.New(privacy.DefaultAllowList()))
	if strings.Contains(msgs[1].Content, "943 476 5919") {
		t.Error("an NHS number reached the prompt")
	}
	if !strings.Contains(msgs[1].Content, "removed by the privacy screen") {
		t.Error("the screened field was not marked as removed")
	}
}

func TestAzureRequestPathAndHeaders(t *testing.T) {
	fake := llmtest.New(t, "ok [1]")
	c := newClient(t, llm.Config{APIKey: "azure-key", BaseURL: fake.URL, Model: "gpt-4o-mini", APIType: "azure", APIVersion: "2024-10-21", Deployment: "kbbot-gpt"})
	if _, err := c.Summarize(t.Context(), "q", "", entries()); err != nil {
		t.Fatal(err)
	}
	r := fake.Requests()[0]
	if r.Path != "/openai/deployments/kbbot-gpt/chat/completions" {
		t.Errorf("path = %q, want the Azure deployment path", r.Path)
	}
	if r.Query != "api-version=2024-10-21" {
		t.Errorf("query = %q, want api-version=2024-10-21", r.Query)
	}
	if r.Header.Get("api-key") != "azure-key" || r.Header.Get("Authorization") != "" {
		t.Errorf("headers api-key=%q Authorization=%q, want the key in api-key only", r.Header.Get("api-key"), r.Header.Get("Authorization"))
	}
}

func TestErrorsCarryStatusNotQuestion(t *testing.T) {
	tests := []struct {
		name   string
		reply  llmtest.Reply
		status int
	}{
		{"rate limited", llmtest.Reply{Status: 429, RetryAfter: "1"}, 429},
		{"server error", llmtest.Reply{Status: 500}, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := llmtest.New(t, "")
			fake.Next(tt.reply)
			c := newClient(t, llm.Config{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"})
			_, err := c.Summarize(t.Context(), "SECRET-QUESTION", "", entries())
			var se *llm.StatusError
			if !errors.As(err, &se) || se.Status != tt.status {
				t.Fatalf("err = %v, want StatusError %d", err, tt.status)
			}
			if strings.Contains(err.Error(), "SECRET-QUESTION") {
				t.Error("the error text carries the question")
			}
			// The use cases see a rate limit through the knowledge sentinel
			// alone, never through this package's types.
			if got, want := errors.Is(err, knowledge.ErrRateLimited), tt.status == 429; got != want {
				t.Errorf("errors.Is(err, knowledge.ErrRateLimited) = %v, want %v", got, want)
			}
		})
	}
	t.Run("timeout", func(t *testing.T) {
		fake := llmtest.New(t, "late [1]")
		fake.Next(llmtest.Reply{Content: "late [1]", Delay: 2 * time.Second})
		c := newClient(t, llm.Config{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"})
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		if _, err := c.Summarize(ctx, "q", "", entries()); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want deadline exceeded", err)
		}
	})
	t.Run("malformed json", func(t *testing.T) {
		fake := llmtest.New(t, "")
		fake.Next(llmtest.Reply{Raw: `{"choices": [`})
		c := newClient(t, llm.Config{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"})
		if _, err := c.Summarize(t.Context(), "q", "", entries()); err == nil {
			t.Error("malformed JSON gave no error")
		}
	})
}

func TestConfigErrors(t *testing.T) {
	for name, cfg := range map[string]llm.Config{
		"no key":       {Model: "m"},
		"azure no url": {APIKey: "k", APIType: "azure", Model: "m"},
		"bad type":     {APIKey: "k", APIType: "bedrock", Model: "m"},
		"bad context":  {APIKey: "k", Model: "m", Context: "everything"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := llm.New(slog.New(slog.DiscardHandler), cfg, nil, nil); err == nil {
				t.Error("New succeeded, want an error")
			}
		})
	}
}

// TestUnreachableEndpointNamesTheCause: an endpoint that refuses the
// connection is named with the reason, not as "call failed: *net.OpError".
func TestUnreachableEndpointNamesTheCause(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens here now
	c := newClient(t, llm.Config{APIKey: "sk-unreachable", BaseURL: "http://" + addr + "/v1", Model: "gpt-test"})
	_, err = c.Summarize(t.Context(), "x-ray backlog?", "", entries())
	if err == nil {
		t.Fatal("Summarize succeeded against a closed port")
	}
	msg := err.Error()
	for _, want := range []string{"cannot reach " + addr, "connection refused"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error = %q, want it to contain %q", msg, want)
		}
	}
	for _, secret := range []string{"sk-unreachable", "x-ray", "*net.OpError"} {
		if strings.Contains(msg, secret) {
			t.Errorf("error = %q, shows %q", msg, secret)
		}
	}
}
