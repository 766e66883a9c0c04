// Package llm talks to any OpenAI-compatible endpoint (OpenAI, Azure
// OpenAI, vLLM, Ollama, LiteLLM) through github.com/sashabaranov/go-openai:
// Client summarises kbbot's answers with chat completions, building the
// grounded prompt (numbered sources, cite every claim, a fixed marker when
// the sources do not answer) and reporting token use; Embedder (embed.go)
// turns texts into vectors for hybrid search, in batches, checking every
// answer. Checking summaries, caching and fallbacks are the caller's
// (handlers) job; this package only talks to the provider.
//
// What may enter a prompt or be embedded: the question (already
// privacy-screened) and the title, kind, outcome, summary, tags, body and
// source of approved entries. Never a contact or author, never text that
// the privacy screen flags.
package llm

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	openai "github.com/sashabaranov/go-openai"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// Config selects the provider and model.
type Config struct {
	APIKey string
	// BaseURL is the endpoint (empty: OpenAI's). For Azure OpenAI it is the
	// resource URL, https://NAME.openai.azure.com.
	BaseURL string
	Model   string
	// APIType is "openai" (default; also vLLM, Ollama, LiteLLM) or "azure".
	APIType string
	// APIVersion and Deployment are Azure's: the api-version query
	// parameter and the deployment name (default: Model).
	APIVersion string
	Deployment string
	// Context is "full" (default: titles, summaries and bodies) or
	// "titles" (titles and summaries only, for organisations that require
	// it).
	Context string
	// MaxTokens bounds the answer.
	MaxTokens int
}

// Context modes.
const (
	ContextFull   = "full"
	ContextTitles = "titles"
)

// DefaultAzureAPIVersion is used when Azure is selected without a version.
const DefaultAzureAPIVersion = "2024-10-21"

// Client calls the chat-completions endpoint.
type Client struct {
	lg       *slog.Logger
	c        *openai.Client
	cfg      Config
	screener *privacy.Screener
	m        metrics
}

type metrics struct {
	calls   *prometheus.CounterVec
	latency prometheus.Histogram
	tokens  *prometheus.CounterVec
}

// StatusError is a provider error with its HTTP status (429, 500, …), so
// callers can tell a rate limit from an outage. It never carries the
// question.
type StatusError struct {
	Status int
	Type   string
}

// Is makes errors.Is(err, knowledge.ErrRateLimited) true for a 429, so the
// use cases can tell a rate limit without importing this package.
func (e *StatusError) Is(target error) bool {
	return target == knowledge.ErrRateLimited && e.Status == http.StatusTooManyRequests
}

func (e *StatusError) Error() string {
	if e.Type != "" {
		return fmt.Sprintf("llm: provider answered %d (%s)", e.Status, e.Type)
	}
	return fmt.Sprintf("llm: provider answered %d", e.Status)
}

// New returns a Client and registers its metrics on reg.
func New(lg *slog.Logger, cfg Config, screener *privacy.Screener, reg prometheus.Registerer) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, errors.New("llm: no API key")
	}
	if cfg.Context == "" {
		cfg.Context = ContextFull
	}
	if cfg.Context != ContextFull && cfg.Context != ContextTitles {
		return nil, fmt.Errorf("llm: context must be %q or %q", ContextFull, ContextTitles)
	}
	if cfg.MaxTokens <= 0 {
		cfg.MaxTokens = 350
	}
	oc, err := providerConfig(cfg.APIKey, cfg.BaseURL, cfg.APIType, cfg.APIVersion, or(cfg.Deployment, cfg.Model))
	if err != nil {
		return nil, err
	}
	c := &Client{lg: lg, c: openai.NewClientWithConfig(oc), cfg: cfg, screener: screener}
	c.m = metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_llm_calls_total", Help: "Chat-completion calls, by result (ok, error, rate_limited, timeout).",
		}, []string{"result"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "kbbot_llm_latency_seconds", Help: "Chat-completion call latency.",
			Buckets: []float64{.1, .25, .5, 1, 2, 4, 8, 16, 32},
		}),
		tokens: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_llm_tokens_total", Help: "Tokens used, by direction (in: prompt, out: completion).",
		}, []string{"direction"}),
	}
	if reg != nil {
		reg.MustRegister(c.m.calls, c.m.latency, c.m.tokens)
	}
	return c, nil
}

// Model is the configured model name (part of the cache key).
func (c *Client) Model() string { return c.cfg.Model }

// Summarize asks the model for a one-paragraph answer to question from the
// numbered entries, citing them as [n].
func (c *Client) Summarize(ctx context.Context, question, followUp string, entries []knowledge.Entry) (knowledge.Summary, error) {
	msgs := Prompt(question, followUp, entries, c.cfg.Context, c.screener)
	start := time.Now()
	resp, err := c.c.CreateChatCompletion(ctx, openai.ChatCompletionRequest{
		Model:       c.cfg.Model,
		Messages:    msgs,
		MaxTokens:   c.cfg.MaxTokens,
		Temperature: 0.1,
	})
	c.m.latency.Observe(time.Since(start).Seconds())
	if err != nil {
		err = classify(ctx, err)
		var se *StatusError
		switch {
		case errors.As(err, &se) && se.Status == http.StatusTooManyRequests:
			c.m.calls.WithLabelValues("rate_limited").Inc()
		case errors.Is(err, context.DeadlineExceeded):
			c.m.calls.WithLabelValues("timeout").Inc()
		default:
			c.m.calls.WithLabelValues("error").Inc()
		}
		return knowledge.Summary{}, err
	}
	c.m.calls.WithLabelValues("ok").Inc()
	c.m.tokens.WithLabelValues("in").Add(float64(resp.Usage.PromptTokens))
	c.m.tokens.WithLabelValues("out").Add(float64(resp.Usage.CompletionTokens))
	s := knowledge.Summary{Model: resp.Model, PromptTokens: resp.Usage.PromptTokens, CompletionTokens: resp.Usage.CompletionTokens}
	if s.Model == "" {
		s.Model = c.cfg.Model
	}
	if len(resp.Choices) > 0 {
		s.Text = strings.TrimSpace(resp.Choices[0].Message.Content)
	}
	s.NotAnswered = s.Text != "" && NotAnswered(s.Text)
	return s, nil
}

// providerConfig is go-openai's configuration for an endpoint: OpenAI's
// or any compatible one (apiType "openai" or empty), or an Azure OpenAI
// resource, where every call goes to deployment.
func providerConfig(apiKey, baseURL, apiType, apiVersion, deployment string) (openai.ClientConfig, error) {
	var oc openai.ClientConfig
	switch strings.ToLower(apiType) {
	case "", "openai":
		oc = openai.DefaultConfig(apiKey)
		if baseURL != "" {
			oc.BaseURL = strings.TrimRight(baseURL, "/")
		}
	case "azure":
		if baseURL == "" {
			return oc, errors.New("llm: Azure OpenAI needs OPENAI_BASE_URL (https://NAME.openai.azure.com)")
		}
		oc = openai.DefaultAzureConfig(apiKey, strings.TrimRight(baseURL, "/"))
		oc.APIVersion = or(apiVersion, DefaultAzureAPIVersion)
		oc.AzureModelMapperFunc = func(string) string { return deployment }
	default:
		return oc, fmt.Errorf("llm: unknown API type %q (want openai or azure)", apiType)
	}
	// The caller's context bounds each call; this is a backstop.
	oc.HTTPClient = &http.Client{Timeout: 2 * time.Minute}
	return oc, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// classify turns go-openai's errors into ones that carry the provider's
// status and nothing of the request.
func classify(ctx context.Context, err error) error {
	if known, ok := classifyKnown(ctx, err); ok {
		return known
	}
	// An answer that does not decode: say so without quoting it.
	return fmt.Errorf("llm: the endpoint's answer is not an OpenAI chat completion (%T)", errors.Unwrap(err))
}

// classifyKnown classifies the errors every call can meet: the caller's
// context ending, a provider error with its status, a transport failure.
// It reports false for anything else (an answer that does not decode).
func classifyKnown(ctx context.Context, err error) (error, bool) {
	if ctx.Err() != nil {
		return fmt.Errorf("llm: %w", ctx.Err()), true
	}
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return &StatusError{Status: apiErr.HTTPStatusCode, Type: apiErr.Type}, true
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return &StatusError{Status: reqErr.HTTPStatusCode}, true
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("llm: %w", err), true
	}
	// Transport errors: name the address and why (refused, timed out, TLS),
	// which is all an operator needs; the request never appears.
	var ue *url.Error
	if errors.As(err, &ue) {
		host := "the endpoint"
		if u, perr := url.Parse(ue.URL); perr == nil && u.Host != "" {
			host = u.Host
		}
		return fmt.Errorf("llm: cannot reach %s: %w", host, ue.Err), true
	}
	return nil, false
}
