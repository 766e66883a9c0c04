package bot_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// HTTP mode, end to end: signed deliveries to /slack/*, answers at the fake
// Slack. See stack_test.go for the stack and its helpers.

func TestMentionAnsweredInThread(t *testing.T) {
	s := newStack(t, stackOptions{})
	ts := s.ts()
	s.deliver(bottest.AppMention("U1", "C1", ts, "", mention(xrayQuestion)))

	post := s.waitPost("C1")
	s.barrier()
	if n := len(s.posts("C1")); n != 1 {
		t.Errorf("%d messages posted to C1, want exactly 1", n)
	}
	if got := post.Value("thread_ts"); got != ts {
		t.Errorf("answer thread_ts = %q, want the mention's ts %q", got, ts)
	}
	if got := post.Token(); got != "xoxb-test" {
		t.Errorf("answer posted with token %q, want the bot token", got)
	}
	checkAnswerBlocks(t, post, "kb_helpful", "kb_unhelpful", "kb_ask_person")
	if !strings.Contains(post.BlockText(), xrayTitle) {
		t.Errorf("answer blocks do not cite %q:\n%s", xrayTitle, post.BlockText())
	}
	if post.Action("kb_share") != nil {
		t.Errorf("a channel answer has a kb_share button; only private /kb answers should")
	}
}

func TestDirectMessageAnsweredInDM(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.deliver(bottest.Message("U1", "D1", "im", s.ts(), "", xrayQuestion))

	post := s.waitPost("D1")
	checkAnswerBlocks(t, post, "kb_helpful", "kb_unhelpful", "kb_ask_person")
	if !strings.Contains(post.BlockText(), xrayTitle) {
		t.Errorf("DM answer does not cite %q:\n%s", xrayTitle, post.BlockText())
	}
}

func TestFollowUpInThread(t *testing.T) {
	s := newStack(t, stackOptions{})
	thread := s.ts()
	s.deliver(bottest.AppMention("U1", "C1", thread, "", mention(xrayQuestion)))
	s.waitPost("C1")

	// The asker's next reply in the thread needs no mention.
	s.deliver(bottest.Message("U1", "C1", "channel", s.ts(), thread, "what evidence was there that it worked?"))
	calls := s.fake.WaitFor(t, "the follow-up's answer", 2, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1" && c.OK()
	})
	if got := calls[1].Value("thread_ts"); got != thread {
		t.Errorf("follow-up answered with thread_ts %q, want %q", got, thread)
	}
	checkAnswerBlocks(t, calls[1])

	// Someone else replying in the thread is not talking to kbbot.
	s.deliver(bottest.Message("U2", "C1", "channel", s.ts(), thread, "what evidence was there that it worked?"))
	// Nor is a reply in a thread kbbot never answered.
	s.deliver(bottest.Message("U1", "C1", "channel", s.ts(), s.ts(), "what evidence was there that it worked?"))
	s.barrier()
	if n := len(s.posts("C1")); n != 2 {
		t.Errorf("%d messages in C1, want 2 (the answer and the asker's follow-up)", n)
	}
}

func TestSlashAskAndShare(t *testing.T) {
	s := newStack(t, stackOptions{})
	resp := s.command(bottest.SlashCommand("/kb", "ask "+xrayQuestion, "U1", "C1", s.fake.ResponseURL("ask")))
	if resp.Status != http.StatusOK || len(strings.TrimSpace(string(resp.Body))) != 0 {
		t.Fatalf("/kb ask answered %d %q, want an empty 200", resp.Status, resp.Body)
	}
	if resp.Elapsed > 3*time.Second {
		t.Errorf("/kb ask acknowledged after %v, over Slack's 3 s", resp.Elapsed)
	}

	ans := s.waitResponse("ask", "the answer", func(c bottest.Call) bool { return c.OK() })
	if got := ans.Value("response_type"); got != "ephemeral" {
		t.Errorf("answer response_type = %q, want ephemeral", got)
	}
	checkAnswerBlocks(t, ans, "kb_share", "kb_helpful", "kb_unhelpful", "kb_ask_person")
	if !strings.Contains(ans.BlockText(), xrayTitle) {
		t.Errorf("answer does not cite %q:\n%s", xrayTitle, ans.BlockText())
	}
	answerID, _ := ans.ActionValue("kb_share")

	t.Run("someone else cannot share it", func(t *testing.T) {
		s := s.with(t)
		resp := s.interact(bottest.BlockAction("U2", "C1", "kb_share", answerID, s.fake.ResponseURL("share-other")))
		if resp.Status != http.StatusOK {
			t.Fatalf("press answered %d, want 200", resp.Status)
		}
		got := s.waitResponse("share-other", "a refusal", func(c bottest.Call) bool { return c.OK() })
		if !strings.Contains(got.Text(), "Only the person who asked") || got.Value("response_type") == "in_channel" {
			t.Errorf("share by another user got %s %q, want a private refusal", got.Value("response_type"), got.Text())
		}
	})

	t.Run("the asker shares it", func(t *testing.T) {
		s := s.with(t)
		resp := s.interact(bottest.BlockAction("U1", "C1", "kb_share", answerID, s.fake.ResponseURL("share")))
		if resp.Status != http.StatusOK || len(strings.TrimSpace(string(resp.Body))) != 0 {
			t.Fatalf("press answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
		shared := s.waitResponse("share", "the shared answer", func(c bottest.Call) bool {
			return c.Value("response_type") == "in_channel"
		})
		if !strings.Contains(shared.Text(), "shared an answer") || !strings.Contains(shared.BlockText(), xrayTitle) {
			t.Errorf("shared answer = %q, want \"shared an answer\" and the source", shared.Text())
		}
		if shared.Action("kb_share") != nil {
			t.Errorf("the shared answer still has a kb_share button")
		}
		s.waitResponse("share", "delete_original", func(c bottest.Call) bool { return c.Value("delete_original") == "true" })
	})
}

func TestSlashHelpNamesTheCommand(t *testing.T) {
	s := newStack(t, stackOptions{})
	for _, text := range []string{"help", "", "HELP"} {
		t.Run("text="+text, func(t *testing.T) {
			s := s.with(t)
			resp := s.command(bottest.SlashCommand("/askai", text, "U1", "C1", s.fake.ResponseURL("help")))
			if resp.Status != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Fatalf("help answered %d %s, want 200 JSON", resp.Status, resp.Header.Get("Content-Type"))
			}
			var body struct {
				ResponseType string            `json:"response_type"`
				Text         string            `json:"text"`
				Blocks       []json.RawMessage `json:"blocks"`
			}
			if err := json.Unmarshal(resp.Body, &body); err != nil {
				t.Fatalf("help body %q: %v", resp.Body, err)
			}
			if body.ResponseType != "ephemeral" {
				t.Errorf("response_type = %q, want ephemeral", body.ResponseType)
			}
			all := string(resp.Body)
			if !strings.Contains(all, "/askai") {
				t.Errorf("help does not name the command as sent (/askai): %s", all)
			}
			if strings.Contains(all, "/kb") {
				t.Errorf("help assumes the command is /kb: %s", all)
			}
		})
	}
}

func TestSlashStats(t *testing.T) {
	s := newStack(t, stackOptions{})
	counts, err := s.store.CountByStatus(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	approved := counts[knowledge.StatusApproved]
	if approved == 0 {
		t.Fatal("the seeded store has no approved entries")
	}
	resp := s.command(bottest.SlashCommand("/kb", "stats", "U1", "C1", s.fake.ResponseURL("stats")))
	if resp.Status != http.StatusOK {
		t.Fatalf("/kb stats answered %d", resp.Status)
	}
	got := s.waitResponse("stats", "the stats", func(c bottest.Call) bool { return c.OK() })
	if want := "holds " + strconv.Itoa(approved) + " approved entries"; !strings.Contains(got.Text(), want) {
		t.Errorf("stats = %q, want it to say %q", got.Text(), want)
	}
	if got.Value("response_type") != "ephemeral" {
		t.Errorf("stats response_type = %q, want ephemeral", got.Value("response_type"))
	}
}

func TestSlashTypoSuggestsSubcommand(t *testing.T) {
	s := newStack(t, stackOptions{})
	resp := s.command(bottest.SlashCommand("/kb", "exprts", "U1", "C1", s.fake.ResponseURL("typo")))
	if resp.Status != http.StatusOK {
		t.Fatalf("answered %d", resp.Status)
	}
	if !strings.Contains(string(resp.Body), "Did you mean") || !strings.Contains(string(resp.Body), "/kb experts") {
		t.Errorf("/kb exprts answered %s, want \"Did you mean `/kb experts`\"", resp.Body)
	}
	s.barrier()
	if n := len(s.fake.Find(func(c bottest.Call) bool { return c.ResponseID == "typo" })); n != 0 {
		t.Errorf("the typo was also searched as a question (%d response_url posts)", n)
	}
}

func TestSlashShareOpensModalFirst(t *testing.T) {
	s := newStack(t, stackOptions{})
	form := bottest.SlashCommand("/kb", "share", "U1", "C1", s.fake.ResponseURL("share"))
	resp := s.command(form)
	if resp.Status != http.StatusOK || len(strings.TrimSpace(string(resp.Body))) != 0 {
		t.Fatalf("/kb share answered %d %q, want an empty 200", resp.Status, resp.Body)
	}
	open := s.fake.WaitCalls(t, "views.open", 1, wait)[0]
	if open.Value("trigger_id") != form.Get("trigger_id") || open.View()["type"] != "modal" {
		t.Errorf("views.open trigger_id %q view type %v, want the command's trigger_id and a modal", open.Value("trigger_id"), open.View()["type"])
	}
	// A trigger_id expires three seconds after the command.
	if d := open.At.Sub(resp.Sent); d > 3*time.Second {
		t.Errorf("views.open came %v after the command, over a trigger_id's 3 s", d)
	}
}

func TestNothingFoundIsSaidAndRecorded(t *testing.T) {
	s := newStack(t, stackOptions{})
	const q = "where do I park at the hospital?"
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(q)))
	post := s.waitPost("C1")
	if !strings.Contains(post.Value("text"), handlers.NothingFoundText) {
		t.Errorf("answer = %q, want it to say nothing was found", post.Value("text"))
	}
	if !strings.Contains(post.BlockText(), "/kb share") {
		t.Errorf("answer does not suggest /kb share:\n%s", post.BlockText())
	}
	if post.Action("kb_helpful") != nil {
		t.Errorf("a nothing-found answer asks whether it helped")
	}
	gaps := s.gaps()
	if len(gaps) != 1 || gaps[0].Question != q || gaps[0].Kind != handlers.GapUnanswered {
		t.Errorf("gaps = %+v, want one unanswered gap for %q", gaps, q)
	}
}

func TestNHSNumberRefused(t *testing.T) {
	const digits = "999 000 0018"
	q := "what happened to the scan for " + digits + " last week?"
	tests := []struct {
		name    string
		deliver func(s *stack)
		// match finds the refusal among the calls to Slack.
		match func(c bottest.Call) bool
	}{
		{
			name:    "mention",
			deliver: func(s *stack) { s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(q))) },
			match: func(c bottest.Call) bool {
				return strings.HasPrefix(c.Method, "chat.post") && c.Value("channel") == "C1"
			},
		},
		{
			name:    "direct message",
			deliver: func(s *stack) { s.deliver(bottest.Message("U1", "D1", "im", s.ts(), "", q)) },
			match: func(c bottest.Call) bool {
				return strings.HasPrefix(c.Method, "chat.post") && c.Value("channel") == "D1"
			},
		},
		{
			name: "slash command",
			deliver: func(s *stack) {
				resp := s.command(bottest.SlashCommand("/kb", q, "U1", "C1", s.fake.ResponseURL("nhs")))
				if resp.Status != http.StatusOK || strings.Contains(string(resp.Body), digits) {
					s.t.Errorf("/kb answered %d %q", resp.Status, resp.Body)
				}
			},
			match: func(c bottest.Call) bool { return c.ResponseID == "nhs" },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t, stackOptions{})
			tt.deliver(s)
			refusal := s.fake.WaitFor(t, "the refusal", 1, wait, tt.match)[0]
			s.barrier()
			if !strings.Contains(refusal.Text(), "NHS number") {
				t.Errorf("refusal = %q, want it to say it looks like an NHS number", refusal.Text())
			}
			if refusal.Action("kb_helpful") != nil {
				t.Errorf("the refusal is rendered as an answer with feedback buttons")
			}
			for _, c := range s.fake.Calls("") {
				if strings.Contains(maskIDs(string(c.Raw)), "0018") || strings.Contains(maskIDs(c.Text()), "0018") {
					t.Errorf("%s sent to Slack echoes the NHS number: %.300s", c.Method, c.Raw)
				}
			}
			if g := s.gaps(); len(g) != 0 {
				t.Errorf("gaps = %+v, want nothing stored", g)
			}
			for _, v := range []string{digits, "9990000018"} {
				if s.logs.Contains(v) {
					t.Errorf("the logs hold the NHS number")
				}
			}
		})
	}
}

func TestAppHomePublished(t *testing.T) {
	s := newStack(t, stackOptions{})
	for _, user := range []string{"U1", moderator} {
		s.deliver(bottest.AppHomeOpened(user))
	}
	calls := s.fake.WaitCalls(t, "views.publish", 2, wait)
	byUser := map[string]bottest.Call{}
	for _, c := range calls {
		byUser[c.Value("user_id")] = c
		if c.View()["type"] != "home" {
			t.Errorf("views.publish view type = %v, want home", c.View()["type"])
		}
		if !strings.HasPrefix(c.Auth, "Bearer xoxb-") {
			t.Errorf("views.publish Authorization = %q, want the bot token", c.Auth)
		}
	}
	if _, ok := byUser["U1"]; !ok {
		t.Fatalf("no views.publish for U1; got %v", calls)
	}
	if strings.Contains(byUser["U1"].BlockText(), "waiting for review") {
		t.Errorf("a non-moderator's home shows the review queue")
	}
	if !strings.Contains(byUser[moderator].BlockText(), "waiting for review") {
		t.Errorf("the moderator's home does not show the review queue:\n%s", byUser[moderator].BlockText())
	}
}

// answerIn asks the x-ray question in channel and returns the answer.
func (s *stack) answerIn(channel string) bottest.Call {
	s.t.Helper()
	s.deliver(bottest.AppMention("U1", channel, s.ts(), "", mention(xrayQuestion)))
	return s.waitPost(channel)
}

func TestHelpfulButtonStoresFeedback(t *testing.T) {
	s := newStack(t, stackOptions{})
	answerID, ok := s.answerIn("C1").ActionValue("kb_helpful")
	if !ok || answerID == "" {
		t.Fatal("answer has no kb_helpful button value")
	}
	resp := s.interact(bottest.BlockAction("U1", "C1", "kb_helpful", answerID, s.fake.ResponseURL("up")))
	if resp.Status != http.StatusOK {
		t.Fatalf("press answered %d", resp.Status)
	}
	s.waitResponse("up", "the thanks", func(c bottest.Call) bool { return c.OK() })
	fb := s.feedback()
	if len(fb) != 1 || fb[0].AnswerID != answerID || fb[0].User != "U1" || !fb[0].Helpful {
		t.Errorf("feedback = %+v, want one helpful rating of %s by U1", fb, answerID)
	}
}

func TestThumbsUpReactionStoresFeedback(t *testing.T) {
	s := newStack(t, stackOptions{})
	post := s.answerIn("C1")
	answerID, _ := post.ActionValue("kb_helpful")
	// A reaction points at the ts Slack gave the answer.
	ts, _ := post.Reply["ts"].(string)
	s.deliver(map[string]any{
		"type": "reaction_added", "user": "U2", "reaction": "+1", "item_user": bottest.BotUserID,
		"item":     map[string]any{"type": "message", "channel": "C1", "ts": ts},
		"event_ts": s.ts(),
	})
	s.barrier()
	fb := s.feedback()
	if len(fb) != 1 || fb[0].AnswerID != answerID || fb[0].User != "U2" || !fb[0].Helpful || fb[0].Via != "reaction" {
		t.Errorf("feedback = %+v, want one helpful reaction on %s by U2", fb, answerID)
	}
}

func TestUnhelpfulButtonAsksWhy(t *testing.T) {
	s := newStack(t, stackOptions{})
	answerID, _ := s.answerIn("C1").ActionValue("kb_unhelpful")
	resp := s.interact(bottest.BlockAction("U1", "C1", "kb_unhelpful", answerID, s.fake.ResponseURL("down")))
	if resp.Status != http.StatusOK {
		t.Fatalf("press answered %d", resp.Status)
	}
	open := s.fake.WaitCalls(t, "views.open", 1, wait)[0]
	view := open.View()
	if view["callback_id"] != "kb_feedback" || view["private_metadata"] != answerID {
		t.Fatalf("views.open view callback_id=%v private_metadata=%v, want kb_feedback and %s", view["callback_id"], view["private_metadata"], answerID)
	}
	if open.Value("trigger_id") == "" {
		t.Errorf("views.open sent no trigger_id")
	}

	submit := func(s *stack, reason string) bottest.Response {
		s.t.Helper()
		return s.interact(bottest.ViewSubmission("U1", "kb_feedback", answerID,
			map[string]map[string]string{"reason": {"reason": reason}}))
	}

	t.Run("a reason holding a phone number is refused", func(t *testing.T) {
		s := s.with(t)
		resp := submit(s, "nothing about my patient, ring me on 07700 900123")
		var got struct {
			ResponseAction string            `json:"response_action"`
			Errors         map[string]string `json:"errors"`
		}
		if resp.Status != http.StatusOK || json.Unmarshal(resp.Body, &got) != nil {
			t.Fatalf("submission answered %d %q, want 200 JSON", resp.Status, resp.Body)
		}
		if got.ResponseAction != "errors" || !strings.Contains(got.Errors["reason"], "phone") {
			t.Errorf("answer = %s, want response_action errors on block reason mentioning phone", resp.Body)
		}
		if strings.Contains(string(resp.Body), "900123") {
			t.Errorf("the error echoes the phone number: %s", resp.Body)
		}
		if g := s.gaps(); len(g) != 0 {
			t.Errorf("gaps = %+v after a refused reason, want none", g)
		}
		if s.logs.Contains("900123") {
			t.Errorf("the logs hold the phone number")
		}
	})

	t.Run("a clean reason closes the modal and records a gap", func(t *testing.T) {
		s := s.with(t)
		const reason = "I wanted reporting turnaround times"
		resp := submit(s, reason)
		if resp.Status != http.StatusOK || len(strings.TrimSpace(string(resp.Body))) != 0 {
			t.Fatalf("submission answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
		gaps := s.gaps()
		if len(gaps) != 1 || gaps[0].Question != xrayQuestion || gaps[0].Kind != handlers.GapUnhelpful || gaps[0].Reason != reason {
			t.Errorf("gaps = %+v, want the question as an unhelpful gap with the reason", gaps)
		}
		fb := s.feedback()
		if len(fb) != 1 || fb[0].Helpful || fb[0].AnswerID != answerID {
			t.Errorf("feedback = %+v, want one unhelpful rating", fb)
		}
	})
}

func TestRequestsRefusedAtTheEdge(t *testing.T) {
	s := newStack(t, stackOptions{})
	answerable := func() []byte {
		return bottest.JSON(bottest.EventCallback(s.eventID(), bottest.AppMention("U1", "CSEC", s.ts(), "", mention(xrayQuestion))))
	}
	events := s.srv.URL + "/slack/events"
	tests := []struct {
		name   string
		req    func(t *testing.T) *http.Request
		status int
	}{
		{"missing signature headers", func(t *testing.T) *http.Request {
			req := bottest.EventRequest(t, events, secret, answerable())
			req.Header.Del("X-Slack-Signature")
			req.Header.Del("X-Slack-Request-Timestamp")
			return req
		}, http.StatusUnauthorized},
		{"missing timestamp", func(t *testing.T) *http.Request {
			req := bottest.EventRequest(t, events, secret, answerable())
			req.Header.Del("X-Slack-Request-Timestamp")
			return req
		}, http.StatusUnauthorized},
		{"wrong secret", func(t *testing.T) *http.Request {
			return bottest.EventRequest(t, events, "not-the-secret", answerable())
		}, http.StatusUnauthorized},
		{"body changed after signing", func(t *testing.T) *http.Request {
			signed := bottest.EventRequest(t, events, secret, answerable())
			sent := bottest.EventRequest(t, events, secret, answerable()) // same shape, another event id
			sent.Header = signed.Header.Clone()
			return sent
		}, http.StatusUnauthorized},
		{"timestamp 6 minutes old", func(t *testing.T) *http.Request {
			return bottest.SignedRequest(t, events, secret, "application/json", answerable(), time.Now().Add(-6*time.Minute))
		}, http.StatusUnauthorized},
		{"timestamp 6 minutes ahead", func(t *testing.T) *http.Request {
			return bottest.SignedRequest(t, events, secret, "application/json", answerable(), time.Now().Add(6*time.Minute))
		}, http.StatusUnauthorized},
		{"body over 1 MiB", func(t *testing.T) *http.Request {
			ev := bottest.EventCallback(s.eventID(), bottest.AppMention("U1", "CSEC", s.ts(), "", mention(xrayQuestion)))
			ev["padding"] = strings.Repeat("x", 1<<20)
			return bottest.EventRequest(t, events, secret, bottest.JSON(ev))
		}, http.StatusRequestEntityTooLarge},
		{"body over 1 MiB, chunked (no Content-Length)", func(t *testing.T) *http.Request {
			ev := bottest.EventCallback(s.eventID(), bottest.AppMention("U1", "CSEC", s.ts(), "", mention(xrayQuestion)))
			ev["padding"] = strings.Repeat("x", 1<<20)
			req := bottest.EventRequest(t, events, secret, bottest.JSON(ev))
			req.ContentLength, req.GetBody = -1, nil
			req.Body = io.NopCloser(req.Body) // hide the length from the transport
			return req
		}, http.StatusRequestEntityTooLarge},
		{"malformed JSON", func(t *testing.T) *http.Request {
			return bottest.EventRequest(t, events, secret, []byte(`{"type":"event_callback","event":{"type":"app_mention"`))
		}, http.StatusBadRequest},
		{"unsigned slash command", func(t *testing.T) *http.Request {
			req := bottest.CommandRequest(t, s.srv.URL+"/slack/commands", secret, bottest.SlashCommand("/kb", xrayQuestion, "U1", "CSEC", s.fake.ResponseURL("sec")))
			req.Header.Del("X-Slack-Signature")
			return req
		}, http.StatusUnauthorized},
		{"slash command with a wrong signature", func(t *testing.T) *http.Request {
			return bottest.CommandRequest(t, s.srv.URL+"/slack/commands", "nope", bottest.SlashCommand("/kb", xrayQuestion, "U1", "CSEC", s.fake.ResponseURL("sec")))
		}, http.StatusUnauthorized},
		{"interaction with a wrong signature", func(t *testing.T) *http.Request {
			return bottest.InteractionRequest(t, s.srv.URL+"/slack/interactivity", "nope", bottest.BlockAction("U1", "CSEC", "kb_share", "x", s.fake.ResponseURL("sec")))
		}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := bottest.Do(t, tt.req(t))
			if resp.Status != tt.status {
				t.Errorf("status = %d, want %d", resp.Status, tt.status)
			}
		})
	}
	s.barrier()
	if n := len(s.fake.Find(func(c bottest.Call) bool { return c.Value("channel") == "CSEC" || c.ResponseID == "sec" })); n != 0 {
		t.Errorf("%d call(s) to Slack for refused requests, want none", n)
	}
}

func TestEventsEndpointProtocol(t *testing.T) {
	s := newStack(t, stackOptions{})

	t.Run("url_verification echoes the challenge", func(t *testing.T) {
		s := s.with(t)
		const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
		resp := s.event(bottest.JSON(map[string]any{"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "challenge": challenge, "type": "url_verification"}))
		if resp.Status != http.StatusOK || strings.TrimSpace(string(resp.Body)) != challenge {
			t.Errorf("answered %d %q, want 200 and the challenge", resp.Status, resp.Body)
		}
	})
	t.Run("unknown inner event type is acknowledged and ignored", func(t *testing.T) {
		s := s.with(t)
		resp := s.event(bottest.JSON(bottest.EventCallback(s.eventID(), map[string]any{
			"type": "kbbot_future_event", "user": "U1", "channel": "CUNK", "text": mention(xrayQuestion), "ts": s.ts(),
		})))
		ackedInTime(t, resp)
	})
	t.Run("app_rate_limited is acknowledged", func(t *testing.T) {
		s := s.with(t)
		resp := s.event(bottest.JSON(map[string]any{"token": "x", "type": "app_rate_limited", "team_id": bottest.TeamID, "minute_rate_limited": 1518467820, "api_app_id": bottest.AppID}))
		ackedInTime(t, resp)
	})
	s.barrier()
	if n := len(s.fake.Find(func(c bottest.Call) bool { return c.Value("channel") == "CUNK" })); n != 0 {
		t.Errorf("%d call(s) to Slack for an unknown event, want none", n)
	}
}

func TestRedeliveredEventAnsweredOnce(t *testing.T) {
	s := newStack(t, stackOptions{})
	body := bottest.JSON(bottest.EventCallback("EvRETRIED01", bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion))))
	ackedInTime(t, s.event(body))
	ackedInTime(t, s.event(body, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"))
	ackedInTime(t, s.event(body, "X-Slack-Retry-Num", "2", "X-Slack-Retry-Reason", "http_timeout"))
	s.barrier()
	if n := len(s.posts("C1")); n != 1 {
		t.Errorf("%d answers to one event delivered three times, want 1", n)
	}
	if got := s.counter("kbbot_dedup_hits_total"); got != 2 {
		t.Errorf("kbbot_dedup_hits_total = %v, want 2", got)
	}
	if m := string(s.get("/metrics").Body); !strings.Contains(m, "kbbot_dedup_hits_total 2") {
		t.Errorf("/metrics does not show kbbot_dedup_hits_total 2")
	}
}

func TestBotAndEditedMessagesIgnored(t *testing.T) {
	s := newStack(t, stackOptions{})
	tests := []struct {
		name  string
		event func(ch string) map[string]any
	}{
		{"bot_id set", func(ch string) map[string]any {
			ev := bottest.Message("U2", ch, "im", s.ts(), "", xrayQuestion)
			ev["bot_id"] = "B0OTHER"
			return ev
		}},
		{"our own message (user is the bot, with bot_id)", func(ch string) map[string]any {
			ev := bottest.Message(bottest.BotUserID, ch, "im", s.ts(), "", xrayQuestion)
			ev["bot_id"], ev["app_id"] = bottest.BotID, bottest.AppID
			return ev
		}},
		{"our own user id, no bot_id", func(ch string) map[string]any {
			return bottest.Message(bottest.BotUserID, ch, "im", s.ts(), "", xrayQuestion)
		}},
		{"bot_message subtype", func(ch string) map[string]any {
			ev := bottest.Message("", ch, "im", s.ts(), "", xrayQuestion)
			delete(ev, "user")
			ev["subtype"], ev["bot_id"], ev["username"] = "bot_message", "B0BOTID123", "kb-bot"
			return ev
		}},
		{"bot_message subtype with a user", func(ch string) map[string]any {
			ev := bottest.Message("U2", ch, "im", s.ts(), "", xrayQuestion)
			ev["subtype"] = "bot_message"
			return ev
		}},
		{"message_changed", func(ch string) map[string]any {
			ts := s.ts()
			return map[string]any{
				"type": "message", "subtype": "message_changed", "hidden": true, "channel": ch, "channel_type": "im",
				"ts": s.ts(), "event_ts": ts,
				"message":          map[string]any{"type": "message", "user": "U1", "text": xrayQuestion, "ts": ts, "edited": map[string]any{"user": "U1", "ts": s.ts()}},
				"previous_message": map[string]any{"type": "message", "user": "U1", "text": "has anyone", "ts": ts},
			}
		}},
		{"message_changed carrying a user", func(ch string) map[string]any {
			ev := bottest.Message("U1", ch, "im", s.ts(), "", xrayQuestion)
			ev["subtype"] = "message_changed"
			return ev
		}},
		{"app_mention by a bot", func(ch string) map[string]any {
			ev := bottest.AppMention("U2", ch, s.ts(), "", mention(xrayQuestion))
			ev["bot_id"] = "B0OTHER"
			return ev
		}},
	}
	for i, tt := range tests {
		ch := "DBOT" + strconv.Itoa(i)
		s.deliver(tt.event(ch))
	}
	s.barrier()
	for i, tt := range tests {
		if n := len(s.posts("DBOT" + strconv.Itoa(i))); n != 0 {
			t.Errorf("%s: answered %d time(s), want no answer", tt.name, n)
		}
	}
}

func TestRateLimitedPostRetried(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.fake.FailNext("chat.postMessage", http.StatusTooManyRequests, "1", 1)
	ts := s.ts()
	s.deliver(bottest.AppMention("U1", "C1", ts, "", mention(xrayQuestion)))
	calls := s.fake.WaitFor(t, "a retried post", 2, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1"
	})
	if calls[0].Status != http.StatusTooManyRequests || !calls[1].OK() {
		t.Fatalf("post statuses %d, %d; want 429 then 200", calls[0].Status, calls[1].Status)
	}
	if gap := calls[1].At.Sub(calls[0].At); gap < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After (1 s) honoured", gap)
	}
	if calls[1].Value("thread_ts") != ts || calls[1].Value("text") != calls[0].Value("text") {
		t.Errorf("the retry differs from the first attempt")
	}
	s.barrier()
	if n := len(s.posts("C1")); n != 1 {
		t.Errorf("%d answers delivered, want 1", n)
	}
}

func TestRateLimitRetriedAtMostThreeTimes(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.fake.FailNext("chat.postMessage", http.StatusTooManyRequests, "1", 4)
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	// After the first try and three retries the bot gives up on the
	// channel and reaches the asker by DM instead.
	s.waitPost("U1")
	if n := len(s.fake.Find(func(c bottest.Call) bool { return c.Value("channel") == "C1" })); n != 4 {
		t.Errorf("%d posts to C1, want 4 (the first try and 3 retries)", n)
	}
}

func TestServerErrorPostRetried(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.fake.FailNext("chat.postMessage", http.StatusInternalServerError, "", 1)
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	calls := s.fake.WaitFor(t, "a retried post", 2, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1"
	})
	if calls[0].Status != http.StatusInternalServerError || !calls[1].OK() {
		t.Fatalf("post statuses %d, %d; want 500 then 200", calls[0].Status, calls[1].Status)
	}
	if !strings.Contains(calls[1].BlockText(), xrayTitle) {
		t.Errorf("the retried post is not the answer")
	}
}

func TestChannelPostRefusedFallsBackToDM(t *testing.T) {
	s := newStack(t, stackOptions{})
	s.fake.RejectNext("chat.postMessage", "not_in_channel", 1)
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	dm := s.waitPost("U1")
	if !strings.Contains(dm.BlockText(), xrayTitle) {
		t.Errorf("the fallback DM does not carry the answer:\n%s", dm.BlockText())
	}
}

func TestTwoReplicasAnswerOnce(t *testing.T) {
	rdb := redistest.Client(t)
	fake := bottest.NewSlack(t)
	a := newStack(t, stackOptions{rdb: rdb, fake: fake, name: "a"})
	b := newStack(t, stackOptions{rdb: rdb, fake: fake, name: "b"})

	body := bottest.JSON(bottest.EventCallback("EvBOTHREPLICAS", bottest.AppMention("U1", "C1", a.ts(), "", mention(xrayQuestion))))
	reqs := []*http.Request{
		bottest.EventRequest(t, a.srv.URL+"/slack/events", secret, body),
		bottest.EventRequest(t, b.srv.URL+"/slack/events", secret, body),
	}
	statuses := bottest.SendTogether(reqs)
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("replica %d answered %d, want 200", i, st)
		}
	}
	fake.WaitFor(t, "the answer", 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == "C1"
	})
	a.waitQueueEmpty() // one queue for both replicas: a barrier cannot say both workers are done
	if n := len(a.posts("C1")); n != 1 {
		t.Errorf("%d answers from two replicas, want exactly 1", n)
	}
	if got := a.counter("kbbot_dedup_hits_total") + b.counter("kbbot_dedup_hits_total"); got != 1 {
		t.Errorf("dedup hits across replicas = %v, want 1", got)
	}
}

func TestHealthReadyMetrics(t *testing.T) {
	s := newStack(t, stackOptions{})
	if r := s.get("/healthz"); r.Status != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", r.Status)
	}
	if r := s.get("/readyz"); r.Status != http.StatusOK {
		t.Errorf("/readyz = %d %q, want 200", r.Status, r.Body)
	}
	s.answerIn("C1")
	s.barrier() // the answer's metrics are counted after it is posted
	m := s.get("/metrics")
	if m.Status != http.StatusOK {
		t.Fatalf("/metrics = %d", m.Status)
	}
	for _, name := range []string{"kbbot_events_total", "kbbot_answers_total", "kbbot_ack_latency_seconds"} {
		if !strings.Contains(string(m.Body), name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, MaxRetries: 1})
	t.Cleanup(func() { rdb.Close() })
	s := newStack(t, stackOptions{rdb: rdb})
	srv.Stop()

	if r := s.get("/readyz"); r.Status != http.StatusServiceUnavailable {
		t.Errorf("/readyz with Redis down = %d, want 503", r.Status)
	}
	// kbbot never fails silently: the asker hears that something went
	// wrong.
	s.deliver(bottest.AppMention("U1", "C1", s.ts(), "", mention(xrayQuestion)))
	got := s.fake.WaitFor(t, "a message to the asker", 1, wait, func(c bottest.Call) bool {
		return strings.HasPrefix(c.Method, "chat.post") && (c.Value("channel") == "C1" || c.Value("channel") == "U1")
	})[0]
	if !strings.Contains(got.Text(), "something went wrong") {
		t.Errorf("asker was told %q, want an apology", got.Text())
	}
}
