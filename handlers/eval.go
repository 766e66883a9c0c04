package handlers

import (
	"context"

	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// Eval scores the knowledge base against golden questions (kbbot eval):
// recall, how often confident answers are right, how often unanswerable
// questions are left unanswered, a plain BM25 baseline on the same entries,
// and every miss with its explanation. It reads only: the questions are
// neither kept nor recorded as gaps.
func (a *App) Eval(ctx context.Context, qs []search.Golden) (search.EvalReport, error) {
	return a.index.Evaluate(ctx, qs)
}

// Calibration describes how the search index's confidence is calibrated.
func (a *App) Calibration() string { return a.index.Calibration() }
