package handlers

import (
	"context"
	"fmt"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Eval scores the knowledge base against golden questions (kbbot eval):
// recall, how often confident answers are right, how often unanswerable
// questions are left unanswered, a plain BM25 baseline on the same entries,
// and every miss with its explanation. It reads only: the questions are
// neither kept nor recorded as gaps. With hybrid search on (LoadVectors
// done), the questions are embedded first, in batches, as Ask would embed
// them one by one; a question the privacy screen flags is scored by words
// alone.
func (a *App) Eval(ctx context.Context, qs []search.Golden) (search.EvalReport, error) {
	if a.embedder != nil && a.vec.ready.Load() {
		var err error
		if qs, err = a.embedGolden(ctx, qs); err != nil {
			return search.EvalReport{}, err
		}
	}
	return a.index.Evaluate(ctx, qs)
}

// embedGolden returns qs with each question's vector: its own, plus half
// its thread's first question's for a follow-up, as questionVector makes.
func (a *App) embedGolden(ctx context.Context, qs []search.Golden) ([]search.Golden, error) {
	out := make([]search.Golden, len(qs))
	copy(out, qs)
	var texts []string
	var at [][2]int // per question, where its text and context are in texts (-1: none)
	for _, g := range qs {
		pos := [2]int{-1, -1}
		if _, found := a.screener.ScreenFields([]privacy.Field{{Name: "question", Text: g.Q}, {Name: "context", Text: g.Context}}); !found {
			pos[0] = len(texts)
			texts = append(texts, g.Q)
			if g.Context != "" {
				pos[1] = len(texts)
				texts = append(texts, g.Context)
			}
		}
		at = append(at, pos)
	}
	vecs := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += embedBatch {
		bctx, cancel := context.WithTimeout(ctx, bulkEmbedTimeout)
		batch := texts[start:min(start+embedBatch, len(texts))]
		got, err := a.embedder.Embed(bctx, batch)
		cancel()
		if err == nil && len(got) != len(batch) {
			err = fmt.Errorf("handlers: %w: %d vectors for %d texts", knowledge.ErrGarbage, len(got), len(batch))
		}
		if err != nil {
			return nil, fmt.Errorf("handlers: embed the questions: %w", err)
		}
		vecs = append(vecs, got...)
	}
	for i, pos := range at {
		if pos[0] < 0 {
			continue
		}
		var follow []float32
		if pos[1] >= 0 {
			follow = vecs[pos[1]]
		}
		out[i].Vector = questionMeaning(vecs[pos[0]], follow)
	}
	return out, nil
}

// Calibration describes how the search index's confidence is calibrated.
func (a *App) Calibration() string { return a.index.Calibration() }
