package handlers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// The use cases behind issue 12's Slack surface: only confident answers
// are summarised, small talk is never searched or recorded, a vote counts
// once per person, and Notify me waits are kept, listed, ended and
// counted in the gaps list.

func TestOnlyConfidentAnswersSummarised(t *testing.T) {
	fake := llmtest.New(t, "Summary [1].")
	app, _ := llmApp(t, fake, time.Second)
	high := askFound(t, app, backlogQuestion)
	if !high.SummaryPending {
		t.Errorf("a confident answer with the LLM on has no summary pending")
	}
	low := high
	low.Confidence, low.Text, low.SummaryPending = knowledge.ConfidenceLow, handlers.NotSureText, false
	if got, info := app.Summarize(t.Context(), low, ""); got.LLM || info.Fallback != handlers.FallbackNotSure || len(fake.Requests()) != 0 {
		t.Errorf("low answer: LLM %v, fallback %q, %d LLM calls; want not_sure and none", got.LLM, info.Fallback, len(fake.Requests()))
	}
	if _, info := app.Summarize(t.Context(), high, ""); info.Fallback != "" || len(fake.Requests()) != 1 {
		t.Errorf("high answer: fallback %q, %d LLM calls; want a summary from 1 call", info.Fallback, len(fake.Requests()))
	}
}

func TestSmallTalkIsNotSearched(t *testing.T) {
	a := newApp(t)
	tests := []struct {
		text string
		want handlers.SmallTalk
	}{
		{"hi", handlers.SmallTalkGreeting},
		{"Hello there!", handlers.SmallTalkGreeting},
		{"good morning kbbot", handlers.SmallTalkGreeting},
		{"thanks!", handlers.SmallTalkThanks},
		{"Thank you so much 🙏", handlers.SmallTalkThanks},
		{"ok, thanks", handlers.SmallTalkThanks},
		{"hi, thanks!", handlers.SmallTalkThanks},
		{"ok", handlers.SmallTalkAck},
		{"great", handlers.SmallTalkAck},
		{"👍", handlers.SmallTalkAck},
		{":+1:", handlers.SmallTalkAck},
		{"help", handlers.SmallTalkHelp},
		{"help please", handlers.SmallTalkHelp},
		{"?", handlers.SmallTalkHelp},
		{"what can you do?", handlers.SmallTalkHelp},
		{"thanks, but what about a DPIA for an ambient scribe?", ""},
		{"help with a DPIA", ""},
		{"hi has anyone used AI to clear an x-ray backlog", ""},
		{"ok so what evidence was there", ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := handlers.SmallTalkOf(tt.text); got != tt.want {
				t.Errorf("SmallTalkOf(%q) = %q, want %q", tt.text, got, tt.want)
			}
			ans, err := a.Ask(t.Context(), handlers.AskRequest{Question: tt.text, RecordGap: true, Asker: "U1"})
			if err != nil {
				t.Fatal(err)
			}
			if tt.want != "" && (ans.SmallTalk != tt.want || ans.ID != "" || ans.HasSources() || ans.Text == "") {
				t.Errorf("Ask(%q) = small talk %q, id %q, %d sources, text %q; want %q with a reply, nothing kept or cited", tt.text, ans.SmallTalk, ans.ID, len(ans.Sources), ans.Text, tt.want)
			}
		})
	}
	gaps, err := redisstore.ListOf[handlers.Gap](t.Context(), a.store, redisstore.ListGaps, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		if handlers.SmallTalkOf(g.Question) != "" {
			t.Errorf("small talk %q became a gap", g.Question)
		}
	}
}

func TestOneVotePerPersonPerAnswer(t *testing.T) {
	a := newApp(t)
	ctx := t.Context()
	ans, err := a.Ask(ctx, handlers.AskRequest{Question: backlogQuestion, Asker: "U1"})
	if err != nil || ans.ID == "" {
		t.Fatalf("Ask: %v (id %q)", err, ans.ID)
	}
	vote := func(user string, helpful bool, reason string) {
		t.Helper()
		if err := a.RateAnswer(ctx, handlers.Feedback{AnswerID: ans.ID, User: user, Helpful: helpful, Reason: reason, Via: "button"}); err != nil {
			t.Fatalf("RateAnswer(%s, %v): %v", user, helpful, err)
		}
	}
	counts := func() (feedback, gaps int) {
		t.Helper()
		f, err := redisstore.ListOf[handlers.Feedback](ctx, a.store, redisstore.ListFeedback, 100)
		if err != nil {
			t.Fatal(err)
		}
		g, err := redisstore.ListOf[handlers.Gap](ctx, a.store, redisstore.ListGaps, 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(f), len(g)
	}
	vote("U1", true, "")
	vote("U1", true, "")
	vote("U1", true, "")
	if f, g := counts(); f != 1 || g != 0 {
		t.Errorf("three 👍 from one person: %d feedback, %d gaps; want 1 and 0", f, g)
	}
	vote("U1", false, "")
	vote("U1", false, "")
	if f, g := counts(); f != 2 || g != 1 {
		t.Errorf("then two 👎: %d feedback, %d gaps; want 2 (the vote changed once) and 1", f, g)
	}
	vote("U1", false, "It was about CT, not X-ray")
	if f, g := counts(); f != 3 || g != 1 {
		t.Errorf("then a reason: %d feedback, %d gaps; want the reason kept (3) and still 1 gap", f, g)
	}
	vote("U2", true, "")
	if f, _ := counts(); f != 4 {
		t.Errorf("another person's vote: %d feedback, want 4", f)
	}
}

// dmSlack records DMs, so Notify me can be checked without the bot.
type dmSlack struct {
	handlers.Slack
	sent chan handlers.Notice
	to   chan string
}

func (d *dmSlack) DM(_ context.Context, user string, n handlers.Notice) error {
	d.to <- user
	d.sent <- n
	return nil
}

func TestNotifyMeWaitsAndEnds(t *testing.T) {
	rdb := redistest.Client(t)
	store := redisstore.New(rdb, "kb")
	slack := &dmSlack{Slack: handlers.NopSlack(), sent: make(chan handlers.Notice, 10), to: make(chan string, 10)}
	a := buildApp(t, handlers.Deps{Store: store, Slack: slack, Moderators: []string{"UMOD"}})
	ctx := t.Context()
	if _, err := a.EnsureSeeded(ctx); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}
	const q = "has anyone used an AI chatbot for hydrotherapy pool bookings?"
	ans, err := a.Ask(ctx, handlers.AskRequest{Question: q, Asker: "UASK", RecordGap: true})
	if err != nil || ans.Confident() {
		t.Fatalf("Ask = confidence %q, %v; want an answer that is not confident", ans.Confidence, err)
	}
	if _, _, err := a.Subscribe(ctx, "UASK", "no-such-answer"); err == nil {
		t.Errorf("Subscribe to an expired answer succeeded")
	}
	sub, already, err := a.Subscribe(ctx, "UASK", ans.ID)
	if err != nil || already {
		t.Fatalf("Subscribe = %v, already %v", err, already)
	}
	if _, again, err := a.Subscribe(ctx, "UASK", ans.ID); err != nil || !again {
		t.Errorf("second Subscribe: already %v, %v; want already waiting", again, err)
	}
	if ttl := rdb.TTL(ctx, "kb:notify:"+sub.ID).Val(); ttl > 90*24*time.Hour || ttl < 89*24*time.Hour {
		t.Errorf("the wait's TTL is %v, want 90 days", ttl)
	}
	if w, err := a.Waiting(ctx, "UASK"); err != nil || len(w) != 1 || w[0].Question != q {
		t.Errorf("Waiting = %+v, %v; want the one question", w, err)
	}
	if _, err := a.CancelWaiting(ctx, "USOMEONE", sub.ID); err == nil {
		t.Errorf("someone else cancelled the wait")
	}
	groups, err := a.Gaps(ctx, "UMOD", 0)
	if err != nil {
		t.Fatal(err)
	}
	var waiting int
	for _, g := range groups {
		if strings.Contains(g.Question, "hydrotherapy") {
			waiting = g.Waiting
		}
	}
	if waiting != 1 {
		t.Errorf("gaps show %d waiting on the hydrotherapy question, want 1", waiting)
	}

	// An entry that answers it is imported: one DM, and the wait ends.
	line := `{"id":"pilot-hydro-chatbot","kind":"pilot","title":"AI chatbot for hydrotherapy pool bookings in a community trust",` +
		`"summary":"An AI chatbot took routine hydrotherapy pool booking questions out of hours; agree the hand-off to staff first.",` +
		`"tags":["chatbot","hydrotherapy","bookings"],"outcome":"ongoing","org_type":"community","category":"patient_access_triage"}`
	if _, err := a.Import(ctx, "hydro.jsonl", knowledge.FormatJSONL, strings.NewReader(line+"\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case to := <-slack.to:
		n := <-slack.sent
		if to != "UASK" || n.Answer == nil || !n.Answer.Confident() || n.Answer.Sources[0].ID != "pilot-hydro-chatbot" || n.Answer.ID == "" {
			t.Errorf("DM to %s: %+v; want UASK with the confident answer citing the new entry, kept", to, n)
		}
	default:
		t.Fatalf("no DM after the import that answers the waiting question")
	}
	if w, _ := a.Waiting(ctx, "UASK"); len(w) != 0 {
		t.Errorf("still waiting after the answer was sent: %+v", w)
	}
	// Another change to the entry sends nothing more.
	if err := a.SyncIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Import(ctx, "hydro.jsonl", knowledge.FormatJSONL, strings.NewReader(line+"\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case n := <-slack.sent:
		t.Errorf("a second DM after the wait ended: %+v", n)
	default:
	}
}
