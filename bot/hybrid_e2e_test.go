package bot_test

import (
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// TestHybridMention: with hybrid search on, a mention that shares no word
// with its entry is answered from it; when the question's embedding fails,
// the answer is still posted, by words alone, and the fallback counted.
func TestHybridMention(t *testing.T) {
	fake := llmtest.New(t, "unused")
	emb, err := llm.NewEmbedder(slog.New(slog.DiscardHandler), llm.EmbedConfig{APIKey: "sk-test", BaseURL: fake.BaseURL(), Model: "embed-test"},
		privacy.New(privacy.DefaultAllowList()), prometheus.NewRegistry())
	if err != nil {
		t.Fatal(err)
	}
	s := newStack(t, stackOptions{embedder: emb, llmTimeout: 2 * time.Second})
	const q = "the radiograph pile never budged"
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(q)))
	if post := s.waitPost("C1"); !strings.Contains(post.BlockText(), xrayTitle) {
		t.Errorf("hybrid answer does not cite %q:\n%s", xrayTitle, post.BlockText())
	}

	fake.NextEmbedding(llmtest.EmbeddingReply{Status: http.StatusServiceUnavailable})
	s.deliver(bottest.AppMention("U1", "C2", s.ts(), "", mention(xrayQuestion)))
	if post := s.waitPost("C2"); !strings.Contains(post.BlockText(), xrayTitle) {
		t.Errorf("word-search answer does not cite %q:\n%s", xrayTitle, post.BlockText())
	}
	s.barrier()
	if got := s.counter("kbbot_embedding_fallbacks_total"); got != 1 {
		t.Errorf("kbbot_embedding_fallbacks_total = %v, want 1", got)
	}
	if strings.Contains(s.logs.String(), "radiograph") {
		t.Error("the logs hold question text")
	}
}
