package handlers_test

import (
	"slices"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// TestNotAnsweredIsLow: when the model says the sources do not answer the
// question (the marker, or a plain uncited sentence), the answer is shown
// as low confidence, with the hedge and its sources, never as a
// confident answer; the verdict is cached like a summary.
func TestNotAnsweredIsLow(t *testing.T) {
	for name, reply := range map[string]string{
		"marker":   llm.NotAnsweredMarker,
		"sentence": "The sources provided do not say whether the backlog stayed cleared.",
	} {
		t.Run(name, func(t *testing.T) {
			fake := llmtest.New(t, reply)
			app, _ := llmApp(t, fake, 5*time.Second)
			ans := askFound(t, app, backlogQuestion)
			got, info := app.Summarize(t.Context(), ans, "")
			if info.Fallback != handlers.FallbackNotAnswered {
				t.Errorf("fallback %q, want %q", info.Fallback, handlers.FallbackNotAnswered)
			}
			if got.Confidence != knowledge.ConfidenceLow || got.Confident() || got.Text != handlers.NotSureText || got.LLM {
				t.Errorf("answer %s, LLM %v, text %q; want low with the hedge", got.Confidence, got.LLM, got.Text)
			}
			if !slices.Equal(sourceIDs(got), sourceIDs(ans)) {
				t.Errorf("sources %v, want the answer's %v kept", sourceIDs(got), sourceIDs(ans))
			}
			again, info := app.Summarize(t.Context(), askFound(t, app, backlogQuestion), "")
			if !info.CacheHit || again.Confidence != knowledge.ConfidenceLow || len(fake.Requests()) != 1 {
				t.Errorf("repeat: cache hit %v, %s, %d LLM calls; want the cached verdict", info.CacheHit, again.Confidence, len(fake.Requests()))
			}
		})
	}
}

// TestNotAnsweredInSlack: through AnswerPosted (the Slack path), the
// posted answer becomes low, the question a gap, and sharing the answer
// later shares the hedge.
func TestNotAnsweredInSlack(t *testing.T) {
	fake := llmtest.New(t, llm.NotAnsweredMarker)
	app, store := llmApp(t, fake, 5*time.Second)
	ans, err := app.Ask(t.Context(), handlers.AskRequest{Question: backlogQuestion, Asker: asker, Channel: chanID, RecordGap: true})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.Confident() || !ans.SummaryPending {
		t.Fatalf("first answer %s, pending %v; want a confident answer awaiting its summary", ans.Confidence, ans.SummaryPending)
	}
	final, info := app.AnswerPosted(t.Context(), ans, handlers.MessageRef{Channel: chanID, TS: "1710000000.000500"})
	if info.Fallback != handlers.FallbackNotAnswered || final.Confidence != knowledge.ConfidenceLow || final.Text != handlers.NotSureText {
		t.Errorf("posted answer %s %q (fallback %q); want low", final.Confidence, final.Text, info.Fallback)
	}
	gaps, err := redisstore.ListOf[handlers.Gap](t.Context(), store, redisstore.ListGaps, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 1 || gaps[0].Question != backlogQuestion {
		t.Errorf("gaps = %+v, want the question once", gaps)
	}
	shared, err := app.ShareAnswer(t.Context(), asker, ans.ID)
	if err != nil {
		t.Fatal(err)
	}
	if shared.Confidence != knowledge.ConfidenceLow || shared.Text != handlers.NotSureText || len(shared.Sources) == 0 {
		t.Errorf("shared %s %q with %d sources; want the hedge the asker saw", shared.Confidence, shared.Text, len(shared.Sources))
	}
}
