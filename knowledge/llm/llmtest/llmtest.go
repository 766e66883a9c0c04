// Package llmtest is a fake OpenAI-compatible server for tests: chat
// completions and embeddings (embeddings.go). It speaks the real wire
// format (and Azure's paths and api-key header), records every request,
// and answers from a script.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Request is a recorded chat-completions request.
type Request struct {
	Path    string
	Query   string
	Header  http.Header
	Model   string
	System  string
	User    string
	Decoded map[string]any
}

// Reply is one scripted answer.
type Reply struct {
	// Status is the HTTP status (default 200).
	Status int
	// Content is the assistant's message (for 200).
	Content string
	// Raw, when set, is written as the body instead (malformed JSON).
	Raw string
	// Delay holds the answer back (slower than the caller's timeout).
	Delay time.Duration
	// RetryAfter sets the Retry-After header (429s).
	RetryAfter string
	// PromptTokens and CompletionTokens are reported in usage.
	PromptTokens, CompletionTokens int
}

// Server is the fake.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []Request
	script   []Reply
	fallback Reply
	// emb is the embeddings side (embeddings.go), under mu too.
	emb embeddings
}

// New starts a fake whose default reply is content; it stops with the test.
func New(t testing.TB, content string) *Server {
	s := &Server{fallback: Reply{Content: content, PromptTokens: 420, CompletionTokens: 60}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	t.Cleanup(s.Close)
	return s
}

// BaseURL is what OPENAI_BASE_URL would be for this fake (OpenAI style).
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Next queues replies to give before the default one.
func (s *Server) Next(r ...Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.script = append(s.script, r...)
}

// SetDefault changes the reply given when the script is empty.
func (s *Server) SetDefault(r Reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fallback = r
}

// Requests returns the chat-completions requests received so far
// (embeddings requests are EmbeddingRequests).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/embeddings") {
		s.handleEmbeddings(w, r)
		return
	}
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
	}
	var decoded map[string]any
	_ = json.Unmarshal(body, &decoded)
	_ = json.Unmarshal(body, &req)
	rec := Request{Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Model: req.Model, Decoded: decoded}
	for _, m := range req.Messages {
		switch m.Role {
		case "system":
			rec.System += m.Content
		case "user":
			rec.User += m.Content
		}
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	reply := s.fallback
	if len(s.script) > 0 {
		reply, s.script = s.script[0], s.script[1:]
	}
	s.mu.Unlock()
	if reply.Delay > 0 {
		select {
		case <-time.After(reply.Delay):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if reply.RetryAfter != "" {
		w.Header().Set("Retry-After", reply.RetryAfter)
	}
	status := reply.Status
	if status == 0 {
		status = http.StatusOK
	}
	if reply.Raw != "" {
		w.WriteHeader(status)
		_, _ = io.WriteString(w, reply.Raw)
		return
	}
	if status != http.StatusOK {
		w.WriteHeader(status)
		typ := "server_error"
		if status == http.StatusTooManyRequests {
			typ = "rate_limit_exceeded"
		}
		fmt.Fprintf(w, `{"error":{"message":"simulated %d","type":%q,"code":null}}`, status, typ)
		return
	}
	resp := map[string]any{
		"id": "chatcmpl-test", "object": "chat.completion", "created": 1700000000, "model": req.Model,
		"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": reply.Content},
		}},
		"usage": map[string]any{
			"prompt_tokens": reply.PromptTokens, "completion_tokens": reply.CompletionTokens,
			"total_tokens": reply.PromptTokens + reply.CompletionTokens,
		},
	}
	_ = json.NewEncoder(w).Encode(resp)
}
