package handlers_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// The chat side of asking: who asked and where (AskRequest.Asker, Channel,
// ThreadTS) make Ask keep the answer and remember the thread; the kept
// answer is what the buttons, sharing and reactions work on.

const (
	asker  = "UASKER"
	other  = "UELSE"
	chanID = "C1"
)

func TestAskKeepsAnswerAndThread(t *testing.T) {
	a := newApp(t)
	const thread = "1710000000.000100"

	cli := a.ask(t, backlogQuestion)
	if cli.ID != "" {
		t.Errorf("a command-line answer was kept as %q; nothing is kept without an asker", cli.ID)
	}

	first, err := a.Ask(t.Context(), handlers.AskRequest{Question: backlogQuestion, Asker: asker, Channel: chanID, ThreadTS: thread})
	if err != nil {
		t.Fatal(err)
	}
	if first.ID == "" || !first.Confident() || first.Context != "" {
		t.Fatalf("first answer ID %q found %v context %q; want a kept answer that found sources, no context", first.ID, first.Confident(), first.Context)
	}

	t.Run("the asker's follow-up is read with the first question", func(t *testing.T) {
		got, err := a.Ask(t.Context(), handlers.AskRequest{Question: "what evidence was there?", Asker: asker, Channel: chanID, ThreadTS: thread, FollowUpOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if got.Context != backlogQuestion || got.ID == "" || got.ID == first.ID {
			t.Errorf("follow-up context %q id %q; want the first question and a new kept answer", got.Context, got.ID)
		}
		// Someone else mentioning kbbot in the thread gets an answer, but
		// the thread stays the asker's: its record is written once.
		if _, err := a.Ask(t.Context(), handlers.AskRequest{Question: "any DPIA template?", Asker: other, Channel: chanID, ThreadTS: thread}); err != nil {
			t.Fatal(err)
		}
		again, err := a.Ask(t.Context(), handlers.AskRequest{Question: "and the cost?", Asker: asker, Channel: chanID, ThreadTS: thread, FollowUpOnly: true})
		if err != nil || again.Context != backlogQuestion {
			t.Errorf("second follow-up context %q, err %v; want the thread's first question", again.Context, err)
		}
	})
	t.Run("someone else's reply is not a follow-up", func(t *testing.T) {
		_, err := a.Ask(t.Context(), handlers.AskRequest{Question: "what evidence was there?", Asker: other, Channel: chanID, ThreadTS: thread, FollowUpOnly: true})
		if !errors.Is(err, handlers.ErrNotFollowUp) {
			t.Errorf("err = %v, want ErrNotFollowUp", err)
		}
	})
	t.Run("a reply in a thread kbbot never answered is not a follow-up", func(t *testing.T) {
		_, err := a.Ask(t.Context(), handlers.AskRequest{Question: "what evidence was there?", Asker: asker, Channel: chanID, ThreadTS: "1710000000.999999", FollowUpOnly: true})
		if !errors.Is(err, handlers.ErrNotFollowUp) {
			t.Errorf("err = %v, want ErrNotFollowUp", err)
		}
	})
	t.Run("a refused question keeps nothing", func(t *testing.T) {
		got, err := a.Ask(t.Context(), handlers.AskRequest{Question: "patient 999 000 0018 had an x-ray", Asker: asker, Channel: "C2", ThreadTS: "1710000000.000200"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Refused == "" || got.ID != "" {
			t.Errorf("refused %q id %q; want a refusal with nothing kept", got.Refused, got.ID)
		}
		if _, err := a.Ask(t.Context(), handlers.AskRequest{Question: "more?", Asker: asker, Channel: "C2", ThreadTS: "1710000000.000200", FollowUpOnly: true}); !errors.Is(err, handlers.ErrNotFollowUp) {
			t.Errorf("after a refusal the thread was remembered (err %v)", err)
		}
	})

	t.Run("only the asker shares it", func(t *testing.T) {
		if _, err := a.ShareAnswer(t.Context(), other, first.ID); !handlers.IsForbidden(err) {
			t.Errorf("ShareAnswer by someone else: err = %v, want forbidden", err)
		}
		shared, err := a.ShareAnswer(t.Context(), asker, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if shared.ID != first.ID || shared.Text != first.Text || !slices.Equal(sourceIDs(shared), sourceIDs(first)) {
			t.Errorf("shared %q %q %v; want the kept answer %q %q %v", shared.ID, shared.Text, sourceIDs(shared), first.ID, first.Text, sourceIDs(first))
		}
		if _, err := a.ShareAnswer(t.Context(), asker, "no-such-answer"); !errors.Is(err, knowledge.ErrNotFound) || !strings.Contains(err.Error(), "expired") {
			t.Errorf("ShareAnswer of an unknown answer: err = %v, want not found, saying it expired", err)
		}
	})
}

func TestReactionRatesThePostedAnswer(t *testing.T) {
	a := newApp(t)
	ans, err := a.Ask(t.Context(), handlers.AskRequest{Question: backlogQuestion, Asker: asker, Channel: chanID})
	if err != nil {
		t.Fatal(err)
	}
	at := handlers.MessageRef{Channel: chanID, TS: "1710000000.000300"}
	if got, info := a.AnswerPosted(t.Context(), ans, at); got.Text != ans.Text || info != (handlers.SummaryInfo{}) {
		t.Errorf("AnswerPosted without the LLM changed the answer or summarised: %q, %+v", got.Text, info)
	}
	if err := a.RateByReaction(t.Context(), handlers.MessageRef{Channel: chanID, TS: "1710000000.000301"}, other, true); err != nil {
		t.Fatal(err)
	}
	if fb := feedbackOf(t, a); len(fb) != 0 {
		t.Fatalf("a reaction on another message was recorded: %+v", fb)
	}
	if err := a.RateByReaction(t.Context(), at, other, false); err != nil {
		t.Fatal(err)
	}
	fb := feedbackOf(t, a)
	if len(fb) != 1 || fb[0].AnswerID != ans.ID || fb[0].User != other || fb[0].Helpful || fb[0].Via != "reaction" {
		t.Errorf("feedback = %+v, want one unhelpful reaction on %s by %s", fb, ans.ID, other)
	}
}

func TestPeopleForAnswer(t *testing.T) {
	a := newApp(t)
	if _, err := a.AddExpert(t.Context(), "UEXPERT", "x-ray triage, radiology", false); err != nil {
		t.Fatal(err)
	}
	ans, err := a.Ask(t.Context(), handlers.AskRequest{Question: backlogQuestion, Asker: asker, Channel: chanID})
	if err != nil {
		t.Fatal(err)
	}
	p, err := a.PeopleForAnswer(t.Context(), ans.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Experts) != 1 || p.Experts[0].User != "UEXPERT" {
		t.Errorf("experts = %+v, want UEXPERT for an x-ray question", p.Experts)
	}
	if _, err := a.PeopleForAnswer(t.Context(), "no-such-answer"); !errors.Is(err, knowledge.ErrNotFound) || !strings.Contains(err.Error(), "/kb experts") {
		t.Errorf("PeopleForAnswer of an unknown answer: err = %v, want not found, pointing to /kb experts", err)
	}
	all, err := a.PeopleForTopic(t.Context(), "")
	if err != nil || len(all.Experts) != 1 {
		t.Errorf("PeopleForTopic(\"\") = %+v, %v; want every expert", all.Experts, err)
	}
}

func TestSummaryKeptWithTheAnswer(t *testing.T) {
	fake := llmtest.New(t, "Yes: one London trust used AI fracture triage to clear its X-ray backlog [1].")
	app, _ := llmApp(t, fake, 5*time.Second)
	ans, err := app.Ask(t.Context(), handlers.AskRequest{Question: backlogQuestion, Asker: asker, Channel: chanID})
	if err != nil {
		t.Fatal(err)
	}
	if !ans.SummaryPending || ans.LLM {
		t.Fatalf("SummaryPending %v LLM %v; want a pending summary on the first answer", ans.SummaryPending, ans.LLM)
	}
	final, info := app.AnswerPosted(t.Context(), ans, handlers.MessageRef{Channel: chanID, TS: "1710000000.000400"})
	if !final.LLM || info.Fallback != "" {
		t.Fatalf("LLM %v fallback %q; want the summary", final.LLM, info.Fallback)
	}
	shared, err := app.ShareAnswer(t.Context(), asker, ans.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !shared.LLM || shared.Text != final.Text {
		t.Errorf("shared LLM %v text %q; want the summary the asker saw, %q", shared.LLM, shared.Text, final.Text)
	}
}

func TestRejectFormOnlyModerators(t *testing.T) {
	a, _ := curationApp(t, redistest.Client(t), fixedClock(), "")
	e, err := a.SubmitLesson(t.Context(), author, lessonForm("Lesson to decline", "success"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RejectForm(t.Context(), otherUser, e.ID); !handlers.IsForbidden(err) {
		t.Errorf("RejectForm by a non-moderator: err = %v, want forbidden", err)
	}
	got, err := a.RejectForm(t.Context(), mod, e.ID)
	if err != nil || got.Title != "Lesson to decline" {
		t.Errorf("RejectForm = %q, %v; want the submission's title", got.Title, err)
	}
}

// feedbackOf reads the stored feedback, newest first.
func feedbackOf(t *testing.T, a *testApp) []handlers.Feedback {
	t.Helper()
	fb, err := redisstore.ListOf[handlers.Feedback](t.Context(), a.store, redisstore.ListFeedback, 100)
	if err != nil {
		t.Fatal(err)
	}
	return fb
}
