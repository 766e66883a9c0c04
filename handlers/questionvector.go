package handlers

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// A question's vector for hybrid search: embedded after the privacy
// screen, in one request, within the LLM timeout; any failure means word
// search alone (vectors.go has the entries' side).

// questionVector embeds a screened question, with the thread's first
// question when it follows one up, in one request within the LLM timeout.
// It returns nil and why when the question is to be answered by words
// alone ("" when hybrid search is off).
func (a *App) questionVector(ctx context.Context, q, followUp string) ([]float32, string) {
	if a.embedder == nil {
		return nil, ""
	}
	if !a.vec.ready.Load() {
		return nil, FallbackNotReady
	}
	texts := []string{q}
	if followUp != "" {
		texts = append(texts, followUp)
	}
	cctx, cancel := context.WithTimeout(ctx, a.llmTimeout)
	defer cancel()
	vecs, err := a.embedder.Embed(cctx, texts)
	if err == nil && (len(vecs) != len(texts) || len(vecs[0]) == 0) {
		err = fmt.Errorf("handlers: %w: %d vectors for %d texts", knowledge.ErrGarbage, len(vecs), len(texts))
	}
	if err != nil {
		reason := embedFallback(err)
		// The reason and the provider's error (its status); never the
		// question.
		a.lg.Warn("question embedding failed; answering by words alone", "reason", reason, "err", err)
		return nil, reason
	}
	var follow []float32
	if len(texts) == 2 {
		follow = vecs[1]
	}
	v := questionMeaning(vecs[0], follow)
	if v == nil {
		return nil, FallbackGarbage
	}
	return v, ""
}

// questionMeaning is a question's vector: its own, at unit length, plus
// contextWeight of its thread's first question's (follow nil: none), as
// word search counts a follow-up's context at half weight.
func questionMeaning(q, follow []float32) []float32 {
	v := unitVector(q)
	if c := unitVector(follow); v != nil && c != nil && len(c) == len(v) {
		for i := range v {
			v[i] += contextWeight * c[i]
		}
	}
	return v
}

// embedFallback names why embedding failed.
func embedFallback(err error) string {
	if errors.Is(err, knowledge.ErrGarbage) {
		return FallbackGarbage
	}
	return fallbackReason(err)
}

// unitVector returns v scaled to unit length, or nil if it has none.
func unitVector(v []float32) []float32 {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
		return nil
	}
	inv := 1 / math.Sqrt(n)
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(float64(x) * inv)
	}
	return out
}
