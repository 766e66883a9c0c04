package bot_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Issue 12, end to end: one test per journey of the issue (Details,
// Notify me, small talk, the paged queue, safe text, and stale / App Home
// / votes / wording), through signed requests against the fake Slack,
// whose Block Kit checks fail any test that sends a view or message over
// Slack's limits.

// detailsOf returns the entry ids of the Details buttons in a call, in
// order.
func detailsOf(c bottest.Call) []string {
	blocks, _ := c.Blocks()
	var ids []string
	for _, b := range blocks {
		if acc, _ := b["accessory"].(map[string]any); acc["action_id"] == "kb_details" {
			ids = append(ids, acc["value"].(string))
		}
	}
	return ids
}

// viewText is every text a person can read in a views.* call, its title
// included.
func viewText(c bottest.Call) string {
	title, _ := c.View()["title"].(map[string]any)
	t, _ := title["text"].(string)
	return t + "\n" + c.BlockText()
}

// pressDetails presses Details on entry id as user and returns the press's
// response, the views.open and the views.update that fills it in.
func (s *stack) pressDetails(user, id string) (bottest.Response, bottest.Call, bottest.Call) {
	s.t.Helper()
	var resp bottest.Response
	opens := len(s.fake.Calls("views.open"))
	updates := len(s.fake.Calls("views.update"))
	resp = s.interact(bottest.BlockActionIn(user, "C1", "kb_details", id, "src", s.fake.ResponseURL(fmt.Sprintf("details-%d", s.next()))))
	if resp.Status != http.StatusOK {
		s.t.Fatalf("Details answered %d", resp.Status)
	}
	open := s.fake.WaitCalls(s.t, "views.open", opens+1, wait)[opens]
	update := s.fake.WaitCalls(s.t, "views.update", updates+1, wait)[updates]
	return resp, open, update
}

func TestDetailsOpensTheWholeEntry(t *testing.T) {
	s := newCurationStack(t, stackOptions{catalogueURL: "https://kbbot.example.nhs.uk/"})
	ans := s.ask(xrayQuestion)
	ids := detailsOf(ans)
	if len(ids) == 0 {
		t.Fatalf("the answer's sources have no Details button:\n%s", ans.Raw)
	}

	t.Run("open at once while Redis is slow, then filled in", func(t *testing.T) {
		s := s.with(t)
		// Redis answers nobody for two seconds: reading the entry must
		// wait, opening the modal must not.
		pausedAt := time.Now() // no later than Redis starts its pause
		if err := s.rdb.ClientPause(s.ctx, 2*time.Second).Err(); err != nil {
			t.Fatalf("CLIENT PAUSE: %v", err)
		}
		resp, open, update := s.pressDetails("U1", ids[0])
		if d := open.At.Sub(resp.Sent); d > time.Second {
			t.Errorf("views.open came %v after the press, want well within the trigger's 3 s", d)
		}
		if !strings.Contains(viewText(open), "Loading") || open.Value("trigger_id") == "" {
			t.Errorf("views.open = %q, want the loading view on the press's trigger", viewText(open))
		}
		if d := update.At.Sub(pausedAt); d < 1500*time.Millisecond {
			t.Errorf("views.update came %v after Redis was paused for 2 s: it did not wait for the entry", d)
		}
		t.Logf("Redis paused 2 s: views.open %v after the press, views.update %v after", open.At.Sub(resp.Sent).Round(time.Millisecond), update.At.Sub(resp.Sent).Round(time.Millisecond))
		viewID, _ := open.Reply["view"].(map[string]any)["id"].(string)
		if update.Value("view_id") != viewID {
			t.Errorf("views.update view_id = %q, want the opened view %q", update.Value("view_id"), viewID)
		}
		txt := viewText(update)
		if !strings.Contains(txt, xrayTitle) || strings.Contains(txt, "##") {
			t.Errorf("the details view lacks the title or shows Markdown headings raw:\n%s", txt)
		}
		btn := update.Action("kb_catalogue")
		if u, _ := btn["url"].(string); u != "https://kbbot.example.nhs.uk/entries/"+ids[0] {
			t.Errorf("catalogue button url = %q, want the entry's page", u)
		}
	})

	t.Run("a body of 8,000 characters, whole and within the limits", func(t *testing.T) {
		s := s.with(t)
		var body strings.Builder
		for i := 1; body.Len() < 7700; i++ {
			fmt.Fprintf(&body, "## Step %d\n\nWe **checked** the [audit](https://example.org/audit/%d) & wrote it down; nothing else happened in week %d.\n\n", i, i, i)
		}
		const last = "The last line of the body."
		pad := knowledge.MaxBodyLen - body.Len() - len(last) - 2
		bodyText := body.String() + strings.Repeat("z", pad) + "\n\n" + last // exactly 8,000 characters, all ASCII
		e := knowledge.Entry{ID: "insight-long-body", Kind: knowledge.KindInsight, Title: "A long account of an audit",
			Summary: "A long account.", Body: bodyText, Status: knowledge.StatusApproved}
		if _, err := s.app.Import(s.ctx, "long.jsonl", knowledge.FormatJSONL, strings.NewReader(jsonLine(t, e))); err != nil {
			t.Fatal(err)
		}
		_, _, update := s.pressDetails("U1", e.ID)
		blocks, _ := update.Blocks()
		t.Logf("a body of %d characters: %d blocks, %d bytes in views.update", len([]rune(bodyText)), len(blocks), len(update.Raw))
		txt := viewText(update)
		if !strings.Contains(txt, "The last line of the body.") || strings.Contains(txt, "##") || strings.Contains(txt, "**") {
			t.Errorf("the long body is cut or shows Markdown raw (%d characters shown)", len(txt))
		}
		if v := s.fake.TakeViolations(); len(v) > 0 {
			t.Errorf("Block Kit limits broken: %v", v)
		}
	})

	t.Run("a submission waiting for review: moderators only", func(t *testing.T) {
		s := s.with(t)
		e := s.submitLesson(author, lessonValues(hydroTitle))
		_, _, other := s.pressDetails("UOTHER1", e.ID)
		if txt := viewText(other); strings.Contains(txt, hydroTitle) || !strings.Contains(txt, "no longer available") {
			t.Errorf("a pending lesson's details shown to someone else:\n%s", txt)
		}
		_, _, mod := s.pressDetails(moderator, e.ID)
		if txt := viewText(mod); !strings.Contains(txt, hydroTitle) || !strings.Contains(txt, "hydrotherapy pool booking line") {
			t.Errorf("the moderator's details lack the submission:\n%s", txt)
		}
	})
}

// jsonLine is an entry as one JSON Lines record.
func jsonLine(t *testing.T, e knowledge.Entry) string {
	t.Helper()
	var b bytes.Buffer
	if err := knowledge.Write(&b, knowledge.FormatJSONL, []knowledge.Entry{e}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestNotifyMeWhenALessonAnswers(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	ans := s.ask(hydroQuestion)
	answerID, ok := ans.ActionValue("kb_notify")
	if !ok || ans.Action("kb_helpful") != nil {
		t.Fatalf("a not-confident answer wants Notify me and no 👍: %s", ans.Raw)
	}
	if !strings.Contains(ans.BlockText(), "/kb share") {
		t.Errorf("the answer does not suggest /kb share:\n%s", ans.BlockText())
	}

	ok1 := s.reply(s.press(asker, ans.Value("channel"), "kb_notify", answerID))
	if !strings.Contains(ok1.Text(), "I'll message you") || !strings.Contains(ok1.Text(), "hydrotherapy") {
		t.Errorf("Notify me answered %q", ok1.Text())
	}
	again := s.reply(s.press(asker, ans.Value("channel"), "kb_notify", answerID))
	if !strings.Contains(again.Text(), "already waiting") {
		t.Errorf("a second Notify me answered %q, want already waiting", again.Text())
	}
	key := "kbtest:notify:" + answerID + ":" + asker
	if ttl := s.rdb.TTL(s.ctx, key).Val(); ttl > 90*24*time.Hour || ttl < 89*24*time.Hour {
		t.Errorf("TTL of %s = %v, want 90 days", key, ttl)
	}
	mine := s.reply(s.slash(asker, "mine"))
	if v, ok := mine.ActionValue("kb_cancel_wait"); !ok || v != answerID+":"+asker || !strings.Contains(mine.Text(), hydroQuestion) {
		t.Errorf("/kb mine does not list the wait with Stop waiting:\n%s", mine.Text())
	}
	gaps := s.reply(s.slash(moderator, "gaps"))
	if !regexp.MustCompile(`1 waiting`).MatchString(gaps.Text()) {
		t.Errorf("/kb gaps does not say one person waits:\n%s", gaps.Text())
	}

	// Someone else waits too, then changes their mind.
	other := s.ask(hydroQuestion)
	otherID, _ := other.ActionValue("kb_notify")
	s.reply(s.press("UWAIT2", other.Value("channel"), "kb_notify", otherID))
	list := s.reply(s.slash("UWAIT2", "mine"))
	subID, _ := list.ActionValue("kb_cancel_wait")
	rid := fmt.Sprintf("cancel-%d", s.next())
	s.interact(bottest.BlockActionIn("UWAIT2", "C1", "kb_cancel_wait", subID, "", s.fake.ResponseURL(rid)))
	if c := s.reply(rid); !strings.Contains(c.Text(), "no longer waiting") || c.Value("replace_original") != "true" {
		t.Errorf("Stop waiting answered %q (replace %q)", c.Text(), c.Value("replace_original"))
	}

	// The lesson is shared and approved: the asker hears, once.
	e := s.submitLesson(author, lessonValues(hydroTitle))
	s.reviewPost(e.ID)
	s.press(moderator, modChannel, "kb_approve", e.ID)
	dm := s.waitDM(asker, "can now answer")
	if !strings.Contains(dm.BlockText(), hydroTitle) || dm.Action("kb_helpful") == nil || len(detailsOf(dm)) == 0 {
		t.Errorf("the DM does not bring the answer with its buttons:\n%s", dm.BlockText())
	}
	// An edit afterwards changes nothing for them.
	if _, err := s.app.SaveEdit(s.ctx, moderator, e.ID, handlers.LessonForm{
		Title: hydroTitle + " (edited)", Category: "patient_access_triage", OrgType: "community", Outcome: "ongoing",
		WhatHappened: "We ran an AI chatbot for hydrotherapy pool bookings.", Lessons: "Agree the hand-off first.",
	}); err != nil {
		t.Fatal(err)
	}
	s.app.AfterEdit(s.ctx, e.ID)
	s.barrier()
	if n := len(s.dms(asker, "can now answer")); n != 1 {
		t.Errorf("%d answer DMs to the asker, want 1", n)
	}
	if n := len(s.dms("UWAIT2", "can now answer")); n != 0 {
		t.Errorf("%d answer DMs to someone who stopped waiting, want 0", n)
	}
	if after := s.reply(s.slash(asker, "mine")); after.Action("kb_cancel_wait") != nil {
		t.Errorf("the wait is still listed after its answer came:\n%s", after.Text())
	}
}

func TestSmallTalk(t *testing.T) {
	s := newStack(t, stackOptions{})

	t.Run("hi in a DM", func(t *testing.T) {
		s := s.with(t)
		s.deliver(bottest.Message("U1", "DHI", "im", s.ts(), "", "hi!"))
		if got := s.waitPost("DHI"); got.Value("text") != handlers.GreetingText || got.Action("kb_helpful") != nil {
			t.Errorf("hi answered %q", got.Text())
		}
	})
	t.Run("help in a DM and in a mention", func(t *testing.T) {
		s := s.with(t)
		s.deliver(bottest.Message("U1", "DHELP", "im", s.ts(), "", "help"))
		if got := s.waitPost("DHELP"); !strings.Contains(got.BlockText(), "`/kb share`") || strings.Contains(got.BlockText(), xrayTitle) {
			t.Errorf("help in a DM answered:\n%s", got.BlockText())
		}
		s.deliver(bottest.AppMention("U1", "CHELP", s.ts(), "", mention("help")))
		if got := s.waitPost("CHELP"); !strings.Contains(got.BlockText(), "`/kb experts TOPIC`") {
			t.Errorf("help in a mention answered:\n%s", got.BlockText())
		}
	})
	t.Run("thanks in the answer's thread", func(t *testing.T) {
		s := s.with(t)
		thread := s.ts()
		s.deliver(bottest.AppMention("U1", "CTHANKS", thread, "", mention(xrayQuestion)))
		s.waitPost("CTHANKS")
		reply := s.ts()
		s.deliver(bottest.Message("U1", "CTHANKS", "channel", reply, thread, "thanks!"))
		r := s.fake.WaitCalls(t, "reactions.add", 1, wait)[0]
		if r.Value("channel") != "CTHANKS" || r.Value("timestamp") != reply {
			t.Errorf("reaction on %s/%s, want the thank-you %s", r.Value("channel"), r.Value("timestamp"), reply)
		}
		s.barrier()
		if n := len(s.posts("CTHANKS")); n != 1 {
			t.Errorf("%d posts in the thread, want the answer only (no repost for thanks)", n)
		}
	})
	t.Run("thanks by slash command", func(t *testing.T) {
		s := s.with(t)
		if got := s.reply(s.slash("U1", "thanks")); got.Value("text") != handlers.ThanksText {
			t.Errorf("/kb thanks answered %q", got.Text())
		}
	})
	t.Run("a question that starts politely is still a question", func(t *testing.T) {
		s := s.with(t)
		s.deliver(bottest.Message("U1", "DPOLITE", "im", s.ts(), "", "hi, "+xrayQuestion))
		if got := s.waitPost("DPOLITE"); !strings.Contains(got.BlockText(), xrayTitle) {
			t.Errorf("a polite question was taken for small talk:\n%s", got.BlockText())
		}
	})
	s.barrier()
	if gaps := s.gaps(); len(gaps) != 0 {
		t.Errorf("small talk became gaps: %+v", gaps)
	}
}

func TestQueueOfSixtyIsPaged(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	var ids []string
	for i := range 60 {
		f := handlers.LessonForm{
			Title: fmt.Sprintf("Pilot lesson number %02d", i+1), Category: "administration", OrgType: "acute_trust", Outcome: "success",
			WhatHappened: strings.Repeat("We ran it for a while and counted what changed. ", 60), Lessons: "Count before and after.",
		}
		e, err := s.app.SubmitLesson(s.ctx, author, f)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	// The queue is oldest first; submissions in the same millisecond
	// follow Redis's order, so read the order from the store.
	pending, total, err := s.store.PageByStatus(s.ctx, knowledge.StatusPending, 0, 100)
	if err != nil || total != 60 {
		t.Fatalf("PageByStatus = %d of %d, %v", len(pending), total, err)
	}
	ids = ids[:0]
	for _, e := range pending {
		ids = append(ids, e.ID)
	}
	page1 := s.reply(s.slash(moderator, "queue"))
	checkQueuePage(t, page1, 60, ids[:5])
	if !strings.Contains(page1.Text(), "page 1 of 12") {
		t.Errorf("page 1 does not say where it is:\n%s", page1.Text())
	}

	rid := fmt.Sprintf("next-%d", s.next())
	s.interact(bottest.BlockActionIn(moderator, "C1", "kb_page", "queue:1", "nav_queue", s.fake.ResponseURL(rid)))
	page2 := s.reply(rid)
	if page2.Value("replace_original") != "true" {
		t.Errorf("Next did not replace the page in place")
	}
	checkQueuePage(t, page2, 60, ids[5:10])
	if page2.Action("kb_page") == nil || !strings.Contains(page2.BlockText(), "Previous") || !strings.Contains(page2.BlockText(), "Next") {
		t.Errorf("page 2 lacks Previous and Next")
	}

	// Approve the second submission of page 2, from the queue.
	rid = fmt.Sprintf("approve-%d", s.next())
	s.interact(bottest.BlockActionIn(moderator, "C1", "kb_approve", ids[6], "queue_1_"+ids[6], s.fake.ResponseURL(rid)))
	after := s.reply(rid)
	if !strings.Contains(after.Text(), "Approved") || after.Value("replace_original") != "true" {
		t.Errorf("approving from the queue answered %q (replace %q), want the page redrawn saying so", after.Text(), after.Value("replace_original"))
	}
	checkQueuePage(t, after, 59, []string{ids[5], ids[7], ids[8], ids[9], ids[10]})
	if got := s.entry(ids[6]); got.Status != knowledge.StatusApproved {
		t.Errorf("status = %q, want approved", got.Status)
	}

	rid = fmt.Sprintf("last-%d", s.next())
	s.interact(bottest.BlockActionIn(moderator, "C1", "kb_page", "queue:99", "nav_queue", s.fake.ResponseURL(rid)))
	last := s.reply(rid)
	checkQueuePage(t, last, 59, ids[56:60]) // 59 waiting: the last page holds four
}

// checkQueuePage checks a page of /kb queue: the total waiting, these
// submissions in order, and each one's Approve / Edit / Reject right under
// its own title and Details, never under another's.
func checkQueuePage(t *testing.T, c bottest.Call, total int, want []string) {
	t.Helper()
	if !strings.Contains(c.Text(), fmt.Sprintf("Waiting for review: %d", total)) {
		t.Errorf("the page does not say %d wait:\n%s", total, c.Value("text"))
	}
	blocks, err := c.Blocks()
	if err != nil || len(blocks) > 50 {
		t.Fatalf("%d blocks (%v), want at most 50", len(blocks), err)
	}
	t.Logf("queue page: %d blocks, %d bytes sent", len(blocks), len(c.Raw))
	var shown []string
	current := ""
	for _, b := range blocks {
		if acc, _ := b["accessory"].(map[string]any); acc["action_id"] == "kb_details" {
			current = acc["value"].(string)
		}
		if b["type"] != "actions" {
			continue
		}
		for _, el := range b["elements"].([]any) {
			m := el.(map[string]any)
			if m["action_id"] != "kb_approve" {
				continue
			}
			if m["value"] != current {
				t.Errorf("Approve for %v sits under the submission %s", m["value"], current)
			}
			shown = append(shown, m["value"].(string))
		}
	}
	if !slices.Equal(shown, want) {
		t.Errorf("page shows %q, want %q", shown, want)
	}
}

// leaks finds live Slack markup in text kbbot sent.
var leaks = regexp.MustCompile(`<!|<@UEVIL|<#CEVIL|<https?://evil|@(channel|here|everyone)\b`)

func TestHostileTextNeverBecomesMarkup(t *testing.T) {
	const evil = "<!channel> <@UEVIL> <#CEVIL|x> <https://evil.example|NHS England> @here"
	s := newCurationStack(t, stackOptions{})
	values := lessonValues("Hydrotherapy chatbot " + evil)
	values[handlers.FieldLessons] = "Lessons " + evil + " " + values[handlers.FieldLessons].(string)
	values[handlers.FieldWhatHappened] = "## " + evil + "\n\n" + values[handlers.FieldWhatHappened].(string)
	e := s.submitLesson(author, values)
	s.reviewPost(e.ID)
	s.waitDM(author, "waiting for a moderator")
	s.reply(s.slash(moderator, "queue"))
	s.pressDetails(moderator, e.ID)
	s.press(moderator, modChannel, "kb_approve", e.ID)
	s.waitDM(author, "approved")
	s.reply(s.slash(author, "mine"))
	ans := s.ask(hydroQuestion)
	if !strings.Contains(ans.BlockText(), "Hydrotherapy chatbot") {
		t.Fatalf("the hostile lesson is not cited:\n%s", ans.BlockText())
	}
	// A question with markup, shared in a channel, and a typo'd command.
	rid := fmt.Sprintf("q-%d", s.next())
	s.command(bottest.SlashCommand("/kb", "ask "+xrayQuestion+" "+evil, "U1", "C1", s.fake.ResponseURL(rid)))
	private := s.reply(rid)
	answerID, _ := private.ActionValue("kb_share")
	shared := s.reply(s.press("U1", "C1", "kb_share", answerID))
	if shared.Value("response_type") != "in_channel" || !strings.Contains(shared.Text(), "shared an answer") {
		t.Fatalf("Share in channel posted %s %q", shared.Value("response_type"), shared.Text())
	}
	typo := s.command(bottest.SlashCommand("/kb", "<!here>", "U1", "C1", s.fake.ResponseURL("typo")))
	s.barrier()

	checked := 0
	for _, c := range s.fake.Calls("") {
		txt := c.Value("text") + "\n" + c.BlockText()
		if strings.HasPrefix(c.Method, "views.") {
			txt = viewText(c)
		}
		if loc := leaks.FindStringIndex(txt); loc != nil {
			t.Errorf("%s sent live markup %q: …%s…", c.Method, txt[loc[0]:loc[1]], txt[max(0, loc[0]-60):min(len(txt), loc[1]+60)])
		}
		checked++
	}
	if leaks.Match(typo.Body) {
		t.Errorf("the slash command's answer holds live markup: %s", typo.Body)
	}
	if checked < 10 {
		t.Errorf("only %d calls checked", checked)
	}
}

func TestStaleEditAndArchive(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	reviewed := time.Now().AddDate(-2, 0, 0).Format(time.DateOnly)
	var lines []string
	for _, id := range []string{"guidance-stale-one", "guidance-stale-two"} {
		lines = append(lines, fmt.Sprintf(`{"id":%q,"kind":"guidance","title":"Old guidance %s","summary":"Use an existing framework where one fits.","body":"## Background\n\nOld.","reviewed_at":%q}`, id, id, reviewed))
	}
	if _, err := s.app.Import(s.ctx, "stale.jsonl", knowledge.FormatJSONL, strings.NewReader(strings.Join(lines, "\n")+"\n")); err != nil {
		t.Fatal(err)
	}
	listRID := s.slash(moderator, "stale")
	s.reply(listRID)

	t.Run("edit", func(t *testing.T) {
		s := s.with(t)
		const id = "guidance-stale-one"
		listURL := s.fake.ResponseURL(listRID)
		open := s.nextView("kb_edit_entry", func() {
			s.interact(bottest.BlockActionIn(moderator, "C1", "kb_edit_entry", id, "stale_0_"+id, listURL))
		})
		view := open.View()
		resp := s.interact(bottest.SubmitView(t, moderator, view, map[string]any{
			"title": "Buying AI through the procurement frameworks (2026)", "body_1": "## Background\n\nChecked again this year.",
		}))
		if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
			t.Fatalf("the edit answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
		got := s.entry(id)
		if got.Title != "Buying AI through the procurement frameworks (2026)" || !strings.Contains(got.Body, "Checked again") || got.ReviewedAt.Format(time.DateOnly) != time.Now().UTC().Format(time.DateOnly) {
			t.Errorf("after the edit: title %q body %q reviewed %s", got.Title, got.Body, got.ReviewedAt.Format(time.DateOnly))
		}
		redrawn := s.fake.WaitFor(t, "the stale list redrawn", 1, wait, func(c bottest.Call) bool {
			return c.ResponseID == listRID && c.Value("replace_original") == "true"
		})[0]
		if !strings.Contains(redrawn.Text(), "Saved") || strings.Contains(redrawn.BlockText(), "*Old guidance guidance-stale-one*") {
			t.Errorf("the redrawn list:\n%s", redrawn.Text())
		}
	})

	t.Run("archive", func(t *testing.T) {
		s := s.with(t)
		const id = "guidance-stale-two"
		rid := fmt.Sprintf("archive-%d", s.next())
		s.interact(bottest.BlockActionIn(moderator, "C1", "kb_archive", id, "stale_0_"+id, s.fake.ResponseURL(rid)))
		if got := s.reply(rid); !strings.Contains(got.Text(), "Archived") {
			t.Errorf("Archive answered %q", got.Text())
		}
		if got := s.entry(id); got.Status != knowledge.StatusArchived {
			t.Errorf("status = %q, want archived", got.Status)
		}
		if a := actions(s.audit(id)); a[handlers.ActionArchive] != 1 {
			t.Errorf("audit = %v, want one archive", a)
		}
		refused := s.reply(s.press("UNOBODY", "C1", "kb_archive", "guidance-stale-one"))
		if !strings.Contains(refused.Text(), "Only kbbot moderators") || s.entry("guidance-stale-one").Status != knowledge.StatusApproved {
			t.Errorf("a non-moderator's Archive: %q", refused.Text())
		}
	})
}

func TestAppHomeButtons(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	s.deliver(bottest.AppHomeOpened("U1"))
	s.deliver(bottest.AppHomeOpened(moderator))
	calls := s.fake.WaitCalls(t, "views.publish", 2, wait)
	for _, c := range calls {
		var want []string
		switch c.Value("user_id") {
		case "U1":
			want = []string{"kb_home_ask", "kb_home_share", "kb_home_mine"}
		case moderator:
			want = []string{"kb_home_ask", "kb_home_share", "kb_home_mine", "kb_home_queue", "kb_home_gaps", "kb_home_stale"}
		}
		var got []string
		blocks, _ := c.Blocks()
		for _, b := range blocks {
			if b["type"] == "actions" {
				for _, el := range b["elements"].([]any) {
					got = append(got, el.(map[string]any)["action_id"].(string))
				}
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("home of %s has buttons %q, want %q", c.Value("user_id"), got, want)
		}
	}

	t.Run("review queue arrives in the DM", func(t *testing.T) {
		s := s.with(t)
		s.submitLesson(author, lessonValues(hydroTitle))
		s.interact(bottest.HomeBlockAction(moderator, "kb_home_queue", "queue"))
		got := s.waitDM(moderator, "Waiting for review: 1")
		if got.Action("kb_approve") == nil {
			t.Errorf("the queue in the DM has no buttons")
		}
	})
	t.Run("a member's My lessons", func(t *testing.T) {
		s := s.with(t)
		s.interact(bottest.HomeBlockAction("U1", "kb_home_mine", "mine"))
		s.waitDM("U1", "haven't shared any lessons")
	})
	t.Run("ask from home", func(t *testing.T) {
		s := s.with(t)
		open := s.nextView("kb_ask", func() { s.interact(bottest.HomeBlockAction("U1", "kb_home_ask", "ask")) })
		resp := s.interact(bottest.SubmitView(t, "U1", open.View(), map[string]any{"question": xrayQuestion}))
		if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
			t.Fatalf("the question box answered %d %q", resp.Status, resp.Body)
		}
		if got := s.waitDM("U1", xrayTitle); got.Action("kb_helpful") == nil {
			t.Errorf("the answer in the DM has no feedback buttons")
		}
	})
	t.Run("share from home", func(t *testing.T) {
		s := s.with(t)
		s.nextView("kb_share_lesson", func() { s.interact(bottest.HomeBlockAction("U1", "kb_home_share", "share")) })
	})
}

func TestOneVotePerPersonInSlack(t *testing.T) {
	s := newStack(t, stackOptions{})
	ans := s.answerIn("CVOTE")
	id, _ := ans.ActionValue("kb_helpful")
	for range 3 {
		s.reply(s.press("U1", "CVOTE", "kb_helpful", id))
	}
	s.deliver(map[string]any{"type": "reaction_added", "user": "U1", "reaction": "+1", "item_user": bottest.BotUserID,
		"item": map[string]any{"type": "message", "channel": "CVOTE", "ts": ans.Reply["ts"]}, "event_ts": s.ts()})
	s.barrier()
	if n := len(s.feedback()); n != 1 {
		t.Errorf("three 👍 presses and a 👍 reaction from one person stored %d ratings, want 1", n)
	}
	s.deliver(map[string]any{"type": "reaction_added", "user": "U1", "reaction": "-1", "item_user": bottest.BotUserID,
		"item": map[string]any{"type": "message", "channel": "CVOTE", "ts": ans.Reply["ts"]}, "event_ts": s.ts()})
	s.deliver(map[string]any{"type": "reaction_added", "user": "U1", "reaction": "-1", "item_user": bottest.BotUserID,
		"item": map[string]any{"type": "message", "channel": "CVOTE", "ts": ans.Reply["ts"]}, "event_ts": s.ts()})
	s.barrier()
	if f, g := len(s.feedback()), len(s.gaps()); f != 2 || g != 1 {
		t.Errorf("then two 👎: %d ratings and %d gaps, want 2 (the vote changed) and 1", f, g)
	}
}

func TestWordingAndState(t *testing.T) {
	s := newCurationStack(t, stackOptions{})

	t.Run("read-only lists refuse without talk of changes", func(t *testing.T) {
		s := s.with(t)
		for sub, want := range map[string]string{"queue": "the review queue", "gaps": "the knowledge gaps", "stale": "the entries due for review"} {
			got := s.reply(s.slash("UNOBODY", sub)).Text()
			if !strings.Contains(got, "Only kbbot moderators can see "+want) || strings.Contains(got, "Nothing was changed") {
				t.Errorf("/kb %s from a non-moderator: %q", sub, got)
			}
		}
	})
	t.Run("a topic with a phone number", func(t *testing.T) {
		s := s.with(t)
		got := s.reply(s.slash("U1", "expert add scribes, 07700 900123")).Text()
		if !strings.Contains(got, "One of your topics looks like a phone number. Please remove it.") {
			t.Errorf("expert add with a phone number answered %q", got)
		}
	})
	t.Run("help formats commands and names the shortcut", func(t *testing.T) {
		s := s.with(t)
		member := string(s.command(bottest.SlashCommand("/kb", "help", "U1", "C1", s.fake.ResponseURL("h1"))).Body)
		mod := string(s.command(bottest.SlashCommand("/kb", "help", moderator, "C1", s.fake.ResponseURL("h2"))).Body)
		for _, want := range []string{"`/kb share`", "`/kb mine`", "Save as pilot lesson"} {
			if !strings.Contains(member, want) {
				t.Errorf("help lacks %s", want)
			}
		}
		if strings.Contains(member, "`/kb queue`") || !strings.Contains(mod, "`/kb queue`") || !strings.Contains(mod, "`/kb stale`") {
			t.Errorf("the moderator commands are not in the moderators' help only")
		}
	})
	t.Run("the author hears of an edit; a withdrawn lesson's review post says so", func(t *testing.T) {
		s := s.with(t)
		e := s.submitLesson(author, lessonValues(hydroTitle))
		reviewTS, _ := s.reviewPost(e.ID).Reply["ts"].(string)
		edit := s.nextView("kb_edit_lesson", func() { s.press(moderator, modChannel, "kb_edit", e.ID) }).View()
		s.interact(bottest.SubmitView(t, moderator, edit, map[string]any{"title": hydroTitle + " (edited)"}))
		s.waitDM(author, "A moderator edited your lesson")
		s.press(moderator, modChannel, "kb_approve", e.ID)
		s.waitDM(author, "approved")
		s.reply(s.press(author, "C1", "kb_withdraw", e.ID))
		upd := s.fake.WaitFor(t, "the review post updated after the withdrawal", 1, wait, func(c bottest.Call) bool {
			return c.Method == "chat.update" && c.Value("ts") == reviewTS && strings.Contains(c.Text(), "Withdrawn by the author")
		})[0]
		if strings.Contains(upd.Text(), "It now appears in answers") {
			t.Errorf("the withdrawn lesson's review post still says it appears in answers:\n%s", upd.Text())
		}
	})
}

// TestLongLessonWithinLimits: a lesson whose body grew to the 8,000
// characters an entry may hold (outcome updates append to it) is shown
// whole on its review post, and whole-but-short on /kb queue, within
// Slack's limits (the fake fails the test otherwise).
func TestLongLessonWithinLimits(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	values := lessonValues(hydroTitle)
	values[handlers.FieldWhatHappened] = strings.Repeat("We booked the pool with the chatbot & counted calls. ", 55)
	e := s.submitLesson(author, values)
	reviewTS, _ := s.reviewPost(e.ID).Reply["ts"].(string)
	note := strings.Repeat("Uptake changed again this month; we counted it. ", 30)
	updates := 0
	for ; updates < 10; updates++ {
		_, err := s.app.UpdateOutcome(s.ctx, author, e.ID, handlers.OutcomeUpdate{Outcome: "ongoing", Note: fmt.Sprintf("Update %d. %s", updates+1, note)})
		if err != nil {
			break // the body is full
		}
	}
	body := s.entry(e.ID).Body
	if n := len([]rune(body)); n < 7000 || updates < 3 {
		t.Fatalf("the body reached %d characters after %d updates, want close to 8,000", n, updates)
	}
	s.app.AfterEdit(s.ctx, e.ID) // the review post shows the body as it is now
	upd := s.fake.WaitFor(t, "the review post rewritten", 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.update" && c.Value("ts") == reviewTS
	})[0]
	if txt := upd.BlockText(); !strings.Contains(txt, fmt.Sprintf("Update %d.", updates)) || strings.Contains(txt, "##") {
		t.Errorf("the review post does not show the whole body as mrkdwn (%d characters)", len(txt))
	}
	if strings.Count(upd.BlockText(), "Start with hydrotherapy booking questions only") != 1 {
		t.Errorf("the review post repeats the lessons:\n%s", upd.BlockText())
	}
	queue := s.reply(s.slash(moderator, "queue"))
	if v, _ := queue.ActionValue("kb_approve"); v != e.ID {
		t.Errorf("/kb queue does not offer the long lesson")
	}
	if v := s.fake.TakeViolations(); len(v) > 0 {
		t.Errorf("Block Kit limits broken: %v", v)
	}
}
