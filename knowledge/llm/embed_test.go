package llm_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

func newEmbedder(t *testing.T, cfg llm.EmbedConfig, reg prometheus.Registerer) *llm.Embedder {
	t.Helper()
	e, err := llm.NewEmbedder(slog.New(slog.DiscardHandler), cfg, privacy.New(privacy.DefaultAllowList()), reg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestEmbedOpenAI: OpenAI's wire format, in order, with the fake's
// meaning; batches of BatchSize.
func TestEmbedOpenAI(t *testing.T) {
	fake := llmtest.New(t, "")
	reg := prometheus.NewRegistry()
	e := newEmbedder(t, llm.EmbedConfig{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: "text-embedding-3-small", BatchSize: 2}, reg)
	texts := []string{"x-ray backlog", "scrapped pilot", "regs for scribes", "where is the canteen", "free trial"}
	vecs, err := e.Embed(t.Context(), texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != len(texts) {
		t.Fatalf("%d vectors for %d texts", len(vecs), len(texts))
	}
	for i, text := range texts {
		if !slices.Equal(vecs[i], llmtest.Meaning(text)) {
			t.Errorf("vector %d is not the fake's meaning of %q", i, text)
		}
	}
	reqs := fake.EmbeddingRequests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (batches of 2)", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/embeddings" || r.Header.Get("Authorization") != "Bearer sk-test" || r.Model != "text-embedding-3-small" || r.EncodingFormat != "float" {
		t.Errorf("request path %q auth %q model %q format %q", r.Path, r.Header.Get("Authorization"), r.Model, r.EncodingFormat)
	}
	var sent []string
	for _, r := range reqs {
		sent = append(sent, r.Input...)
	}
	if !slices.Equal(sent, texts) {
		t.Errorf("sent %q, want %q in order", sent, texts)
	}
	if got := metric(t, reg, "kbbot_embedding_calls_total", "ok"); got != 3 {
		t.Errorf("ok calls = %v, want 3", got)
	}
	if got := metric(t, reg, "kbbot_embedding_texts_total", ""); got != 5 {
		t.Errorf("texts embedded = %v, want 5", got)
	}
	if e.Model() != "text-embedding-3-small" {
		t.Errorf("Model() = %q", e.Model())
	}
}

// metric reads a counter on reg by name (and result label, if given).
func metric(t *testing.T, reg *prometheus.Registry, name, result string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			ok := result == ""
			for _, l := range m.GetLabel() {
				ok = ok || l.GetName() == "result" && l.GetValue() == result
			}
			if ok {
				return m.GetCounter().GetValue()
			}
		}
	}
	return 0
}

// TestEmbedAzure: Azure's deployment path, api-version and api-key
// header; the deployment defaults to the model's name.
func TestEmbedAzure(t *testing.T) {
	for _, tc := range []struct {
		deployment, want string
	}{{"kbbot-embed", "kbbot-embed"}, {"", "text-embedding-3-large"}} {
		fake := llmtest.New(t, "")
		e := newEmbedder(t, llm.EmbedConfig{APIKey: "azure-key", BaseURL: fake.URL, APIType: "azure", Model: "text-embedding-3-large", Deployment: tc.deployment}, nil)
		if _, err := e.Embed(t.Context(), []string{"scan queue"}); err != nil {
			t.Fatal(err)
		}
		r := fake.EmbeddingRequests()[0]
		if r.Path != "/openai/deployments/"+tc.want+"/embeddings" || r.Deployment != tc.want {
			t.Errorf("path = %q, want deployment %s", r.Path, tc.want)
		}
		if r.Query != "api-version="+llm.DefaultAzureAPIVersion {
			t.Errorf("query = %q", r.Query)
		}
		if r.Header.Get("api-key") != "azure-key" || r.Header.Get("Authorization") != "" {
			t.Errorf("headers api-key=%q Authorization=%q", r.Header.Get("api-key"), r.Header.Get("Authorization"))
		}
	}
}

// TestEmbedGarbage: an answer that is not one finite, non-zero vector per
// input, all of one length, is an error that says garbage and quotes
// nothing.
func TestEmbedGarbage(t *testing.T) {
	for name, g := range map[string]llmtest.Garbage{
		"missing":         llmtest.GarbageMissing,
		"mixed lengths":   llmtest.GarbageMixedLengths,
		"empty":           llmtest.GarbageEmpty,
		"zero":            llmtest.GarbageZero,
		"duplicate index": llmtest.GarbageDuplicateIndex,
		"not json":        llmtest.GarbageNotJSON,
		"overflow":        llmtest.GarbageOverflow,
	} {
		t.Run(name, func(t *testing.T) {
			fake := llmtest.New(t, "")
			fake.NextEmbedding(llmtest.EmbeddingReply{Garbage: g})
			reg := prometheus.NewRegistry()
			e := newEmbedder(t, llm.EmbedConfig{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"}, reg)
			vecs, err := e.Embed(t.Context(), []string{"SECRET-ONE radiograph", "SECRET-TWO pile"})
			if err == nil || vecs != nil {
				t.Fatalf("Embed = %d vectors, %v; want an error", len(vecs), err)
			}
			if !errors.Is(err, llm.ErrGarbage) || !errors.Is(err, knowledge.ErrGarbage) || !strings.Contains(err.Error(), "garbage") {
				t.Errorf("err = %v, want ErrGarbage saying garbage", err)
			}
			for _, leak := range []string{"SECRET", "radiograph", "gateway", "1e39", "<html>"} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("err = %q quotes %q", err, leak)
				}
			}
			if got := metric(t, reg, "kbbot_embedding_calls_total", "garbage"); got != 1 {
				t.Errorf("garbage calls = %v, want 1", got)
			}
		})
	}
	t.Run("lengths differ between batches", func(t *testing.T) {
		fake := llmtest.New(t, "")
		fake.NextEmbedding(llmtest.EmbeddingReply{}, llmtest.EmbeddingReply{Garbage: llmtest.GarbageMixedLengths})
		e := newEmbedder(t, llm.EmbedConfig{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m", BatchSize: 1}, nil)
		if _, err := e.Embed(t.Context(), []string{"a", "b"}); !errors.Is(err, llm.ErrGarbage) {
			t.Errorf("err = %v, want garbage", err)
		}
	})
}

// TestEmbedProviderErrors: status, rate limit and timeout, classified and
// counted, without the text.
func TestEmbedProviderErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		reply  llmtest.EmbeddingReply
		result string
		check  func(error) bool
	}{
		{"rate limited", llmtest.EmbeddingReply{Status: http.StatusTooManyRequests, RetryAfter: "3"}, "rate_limited",
			func(err error) bool { return errors.Is(err, knowledge.ErrRateLimited) }},
		{"server error", llmtest.EmbeddingReply{Status: http.StatusInternalServerError}, "error",
			func(err error) bool { var se *llm.StatusError; return errors.As(err, &se) && se.Status == 500 }},
		{"not found (wrong model)", llmtest.EmbeddingReply{Status: http.StatusNotFound}, "error",
			func(err error) bool { var se *llm.StatusError; return errors.As(err, &se) && se.Status == 404 }},
		{"slow", llmtest.EmbeddingReply{Delay: 5 * time.Second}, "timeout",
			func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := llmtest.New(t, "")
			fake.NextEmbedding(tc.reply)
			reg := prometheus.NewRegistry()
			e := newEmbedder(t, llm.EmbedConfig{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"}, reg)
			ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
			defer cancel()
			_, err := e.Embed(ctx, []string{"SECRET-QUESTION"})
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v", err)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("err = %q quotes the text", err)
			}
			if got := metric(t, reg, "kbbot_embedding_calls_total", tc.result); got != 1 {
				t.Errorf("%s calls = %v, want 1", tc.result, got)
			}
		})
	}
}

// TestEmbedScreensFirst: a text the privacy screen flags stops the whole
// call before anything is sent, and the error names the kind, not the
// text.
func TestEmbedScreensFirst(t *testing.T) {
	fake := llmtest.New(t, "")
	e := newEmbedder(t, llm.EmbedConfig{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"}, nil)
	_, err := e.Embed(t.Context(), []string{"a fine question", "patient 999 000 0018 in the pile"})
	var re *llm.RefusedError
	if !errors.As(err, &re) || re.Index != 1 || re.Kind != privacy.NHSNumber {
		t.Fatalf("err = %v, want a refusal of text 1 as an NHS number", err)
	}
	if strings.Contains(err.Error(), "999") || strings.Contains(err.Error(), "pile") {
		t.Errorf("err = %q quotes the text", err)
	}
	if n := len(fake.EmbeddingRequests()); n != 0 {
		t.Errorf("%d requests sent, want none", n)
	}
}

// TestEmbedConfig: a key is needed for OpenAI's own endpoint and Azure's,
// not for a keyless endpoint such as Ollama's.
func TestEmbedConfig(t *testing.T) {
	fake := llmtest.New(t, "")
	e := newEmbedder(t, llm.EmbedConfig{BaseURL: fake.BaseURL(), Model: "nomic-embed-text"}, nil)
	if _, err := e.Embed(t.Context(), []string{"pile"}); err != nil {
		t.Errorf("keyless endpoint: %v", err)
	}
	for name, cfg := range map[string]llm.EmbedConfig{
		"no model":         {APIKey: "k"},
		"openai no key":    {Model: "m"},
		"azure no url":     {APIKey: "k", APIType: "azure", Model: "m"},
		"unknown api type": {APIKey: "k", APIType: "bedrock", Model: "m"},
	} {
		if _, err := llm.NewEmbedder(slog.New(slog.DiscardHandler), cfg, privacy.New(privacy.DefaultAllowList()), nil); err == nil {
			t.Errorf("%s: NewEmbedder succeeded, want an error", name)
		}
	}
	if _, err := llm.NewEmbedder(slog.New(slog.DiscardHandler), llm.EmbedConfig{APIKey: "k", Model: "m"}, nil, nil); err == nil {
		t.Error("NewEmbedder without the privacy screen succeeded")
	}
}

// TestNotAnswered: the marker, or an uncited sentence saying the sources
// do not answer; never a reply that cites a source.
func TestNotAnswered(t *testing.T) {
	for reply, want := range map[string]bool{
		llm.NotAnsweredMarker: true,
		"NOT_IN_SOURCES.":     true,
		"`NOT_IN_SOURCES`":    true,
		"Not in sources":      true,
		"The sources provided do not say how long the DPIA took.":                 true,
		"The information given doesn't cover ambient scribes.":                    true,
		"These documents cannot answer that.":                                     true,
		"One trust cleared its backlog with AI triage [1].":                       false,
		"The sources do not say how long, but one trust cleared its backlog [1].": false,
		"A DPIA is needed before any pilot [2].":                                  false,
		"AI cleared a backlog somewhere.":                                         false,
	} {
		if got := llm.NotAnswered(reply); got != want {
			t.Errorf("NotAnswered(%q) = %v, want %v", reply, got, want)
		}
	}
}

// TestSummaryNotAnswered: Summarize reports a model that says the sources
// do not answer; the prompt asks for the marker.
func TestSummaryNotAnswered(t *testing.T) {
	fake := llmtest.New(t, llm.NotAnsweredMarker)
	c := newClient(t, llm.Config{APIKey: "k", BaseURL: fake.BaseURL(), Model: "m"})
	s, err := c.Summarize(t.Context(), "q", "", entries())
	if err != nil {
		t.Fatal(err)
	}
	if !s.NotAnswered {
		t.Error("NotAnswered = false for the marker")
	}
	if !strings.Contains(fake.Requests()[0].System, llm.NotAnsweredMarker) {
		t.Error("the prompt does not ask for the marker")
	}
	fake.SetDefault(llmtest.Reply{Content: "Cleared [1]."})
	if s, err := c.Summarize(t.Context(), "q", "", entries()); err != nil || s.NotAnswered {
		t.Errorf("a cited answer: NotAnswered %v, err %v", s.NotAnswered, err)
	}
}
