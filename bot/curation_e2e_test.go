package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// Sharing and curating, end to end: /kb share and the lesson modal, the
// moderators' review post and its buttons, /kb mine, /kb queue, gaps and
// stale, the message shortcut and the experts directory, all through
// signed requests to /slack/*, on a real redis-server, against the fake
// Slack. See stack_test.go for the stack.

const (
	modChannel = "CMODQUEUE"
	moderator2 = "UMOD2"
	author     = "UAUTHOR1"
	asker      = "UASKER1"

	hydroTitle    = "Hydrotherapy pool booking chatbot: six months in a community trust"
	hydroQuestion = "has anyone used an AI chatbot for hydrotherapy pool bookings?"
)

// newCurationStack is a stack with two moderators and a moderation
// channel.
func newCurationStack(t *testing.T, o stackOptions) *stack {
	t.Helper()
	o.moderators = []string{moderator, moderator2}
	o.modChannel = modChannel
	return newStack(t, o)
}

// lessonValues is a valid pilot-lesson form as a user fills it in, by
// block id.
func lessonValues(title string) map[string]any {
	return map[string]any{
		handlers.FieldTitle:    title,
		handlers.FieldCategory: "patient_access_triage",
		handlers.FieldOrgType:  "community",
		handlers.FieldStage:    "pilot",
		handlers.FieldOutcome:  "ongoing",
		handlers.FieldWhatHappened: "We put an AI chatbot on the hydrotherapy pool booking line for six months. " +
			"It answered routine booking questions out of hours and handed anything clinical to the physiotherapy team.",
		handlers.FieldLessons: "Start with hydrotherapy booking questions only, agree the hand-off to staff before go-live, " +
			"and count calls before and after.",
		handlers.FieldBarriers: []string{"ig and dpia delays", "staff capacity"},
		handlers.FieldEvidence: "internal_audit",
		handlers.FieldTags:     "chatbot, hydrotherapy, bookings",
		handlers.FieldContact:  "share",
	}
}

// nextView runs press and waits for the views.open it causes, with the
// given callback id.
func (s *stack) nextView(callback string, press func()) bottest.Call {
	s.t.Helper()
	match := func(c bottest.Call) bool {
		return c.Method == "views.open" && c.View()["callback_id"] == callback
	}
	n := len(s.fake.Find(match))
	press()
	calls := s.fake.WaitFor(s.t, "views.open of "+callback, n+1, wait, match)
	return calls[n]
}

// openShare runs /kb share as user and returns the modal's views.open.
func (s *stack) openShare(user string) bottest.Call {
	s.t.Helper()
	return s.nextView("kb_share_lesson", func() {
		resp := s.command(bottest.SlashCommand("/kb", "share", user, "C1", s.fake.ResponseURL(fmt.Sprintf("share-%d", s.next()))))
		if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
			s.t.Fatalf("/kb share answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
	})
}

// submitLesson opens the share modal as user, submits values and returns
// the stored entry, checking the modal closed.
func (s *stack) submitLesson(user string, values map[string]any) knowledge.Entry {
	s.t.Helper()
	view := s.openShare(user).View()
	resp := s.interact(bottest.SubmitView(s.t, user, view, values))
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		s.t.Fatalf("submission answered %d %q, want an empty 200 (modal closes)", resp.Status, resp.Body)
	}
	return s.mine(user, values[handlers.FieldTitle].(string))
}

// mine returns user's submitted entry with the given title.
func (s *stack) mine(user, title string) knowledge.Entry {
	s.t.Helper()
	mine, err := s.app.Mine(s.ctx, user)
	if err != nil {
		s.t.Fatalf("Mine(%s): %v", user, err)
	}
	for _, m := range mine {
		if m.Entry.Title == title {
			return m.Entry
		}
	}
	s.t.Fatalf("%s has no submission titled %q (has %d)", user, title, len(mine))
	return knowledge.Entry{}
}

// entry reads an entry from the store.
func (s *stack) entry(id string) knowledge.Entry {
	s.t.Helper()
	e, err := s.store.Get(s.ctx, id)
	if err != nil {
		s.t.Fatalf("Get(%s): %v", id, err)
	}
	return e
}

// reviewPost waits for the review post of entry id in the moderation
// channel.
func (s *stack) reviewPost(id string) bottest.Call {
	s.t.Helper()
	return s.fake.WaitFor(s.t, "the review post of "+id, 1, wait, func(c bottest.Call) bool {
		v, ok := c.ActionValue("kb_approve")
		return c.Method == "chat.postMessage" && c.Value("channel") == modChannel && c.OK() && ok && v == id
	})[0]
}

// dms returns the messages posted to user's DM (chat.postMessage to the
// user id) that contain text.
func (s *stack) dms(user, text string) []bottest.Call {
	return s.fake.Find(func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == user && c.OK() && strings.Contains(c.Text(), text)
	})
}

// waitDM waits for a DM to user containing text.
func (s *stack) waitDM(user, text string) bottest.Call {
	s.t.Helper()
	return s.fake.WaitFor(s.t, "a DM to "+user+" saying "+text, 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.postMessage" && c.Value("channel") == user && c.OK() && strings.Contains(c.Text(), text)
	})[0]
}

// updates returns the chat.update calls of the message at channel/ts.
func (s *stack) updates(channel, ts string) []bottest.Call {
	return s.fake.Find(func(c bottest.Call) bool {
		return c.Method == "chat.update" && c.Value("channel") == channel && c.Value("ts") == ts
	})
}

// press sends a button press by user on a message in channel and returns
// the response_url id its private answers go to.
func (s *stack) press(user, channel, action, value string) string {
	s.t.Helper()
	rid := fmt.Sprintf("%s-%s-%d", action, user, s.next())
	resp := s.interact(bottest.BlockAction(user, channel, action, value, s.fake.ResponseURL(rid)))
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		s.t.Fatalf("%s pressed by %s answered %d %q, want an empty 200", action, user, resp.Status, resp.Body)
	}
	return rid
}

// slash runs a /kb command as user and returns the response_url id its
// replies go to.
func (s *stack) slash(user, text string) string {
	s.t.Helper()
	rid := fmt.Sprintf("cmd-%d", s.next())
	resp := s.command(bottest.SlashCommand("/kb", text, user, "C1", s.fake.ResponseURL(rid)))
	if resp.Status != http.StatusOK {
		s.t.Fatalf("/kb %s answered %d %q", text, resp.Status, resp.Body)
	}
	if resp.Elapsed > 3*time.Second {
		s.t.Errorf("/kb %s acknowledged after %v, over Slack's 3 s", text, resp.Elapsed)
	}
	return rid
}

// reply waits for the first post to response_url rid.
func (s *stack) reply(rid string) bottest.Call {
	s.t.Helper()
	return s.waitResponse(rid, "a reply", func(c bottest.Call) bool { return c.OK() })
}

// ask mentions kbbot with q in a channel of its own and returns the answer.
func (s *stack) ask(q string) bottest.Call {
	s.t.Helper()
	ch := fmt.Sprintf("CASK%d", s.next())
	s.deliver(bottest.AppMention(asker, ch, s.ts(), "", mention(q)))
	return s.waitPost(ch)
}

// audit returns the audit records about entry id.
func (s *stack) audit(id string) []handlers.AuditRecord {
	s.t.Helper()
	all, err := s.app.Audit(s.ctx, time.Time{})
	if err != nil {
		s.t.Fatalf("Audit: %v", err)
	}
	var out []handlers.AuditRecord
	for _, r := range all {
		if r.EntryID == id {
			out = append(out, r)
		}
	}
	return out
}

// actions counts audit records by action.
func actions(recs []handlers.AuditRecord) map[string]int {
	out := map[string]int{}
	for _, r := range recs {
		out[r.Action]++
	}
	return out
}

// viewErrors decodes a view_submission answer that keeps the modal open.
func viewErrors(t *testing.T, resp bottest.Response) map[string]string {
	t.Helper()
	var got struct {
		ResponseAction string            `json:"response_action"`
		Errors         map[string]string `json:"errors"`
	}
	if resp.Status != http.StatusOK || json.Unmarshal(resp.Body, &got) != nil {
		t.Fatalf("submission answered %d %q, want 200 with JSON", resp.Status, resp.Body)
	}
	if got.ResponseAction != "errors" || len(got.Errors) == 0 {
		t.Fatalf("submission answered %s, want response_action errors", resp.Body)
	}
	return got.Errors
}

// storeDump is every key and value in Redis, keys and members sorted, for
// checks that something was never stored or that nothing changed.
func (s *stack) storeDump() string {
	s.t.Helper()
	ctx := s.ctx
	var keys []string
	iter := s.rdb.Scan(ctx, 0, "*", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	if err := iter.Err(); err != nil {
		s.t.Fatalf("SCAN: %v", err)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys) // SCAN may return a key twice
	var b strings.Builder
	for _, key := range keys {
		typ, err := s.rdb.Type(ctx, key).Result()
		if err != nil {
			s.t.Fatalf("TYPE %s: %v", key, err)
		}
		var vals []string
		switch typ {
		case "string":
			v, err := s.rdb.Get(ctx, key).Result()
			if err != nil {
				s.t.Fatalf("GET %s: %v", key, err)
			}
			vals = []string{v}
		case "list":
			vals, err = s.rdb.LRange(ctx, key, 0, -1).Result()
		case "set":
			vals, err = s.rdb.SMembers(ctx, key).Result()
			slices.Sort(vals)
		case "zset":
			var zs []redis.Z
			zs, err = s.rdb.ZRangeWithScores(ctx, key, 0, -1).Result()
			for _, z := range zs {
				vals = append(vals, fmt.Sprintf("%v %s", z.Member, strconv.FormatFloat(z.Score, 'f', -1, 64)))
			}
		case "hash":
			var m map[string]string
			m, err = s.rdb.HGetAll(ctx, key).Result()
			for k, v := range m {
				vals = append(vals, k+"="+v)
			}
			slices.Sort(vals)
		case "stream":
			var msgs []redis.XMessage
			msgs, err = s.rdb.XRange(ctx, key, "-", "+").Result()
			for _, m := range msgs {
				var fields []string
				for k, v := range m.Values {
					fields = append(fields, fmt.Sprintf("%s=%v", k, v))
				}
				slices.Sort(fields)
				vals = append(vals, m.ID+" "+strings.Join(fields, " "))
			}
		case "none":
			continue // expired between SCAN and TYPE
		default:
			s.t.Fatalf("key %s has type %s, which the dump does not read", key, typ)
		}
		if err != nil {
			s.t.Fatalf("read %s %s: %v", typ, key, err)
		}
		fmt.Fprintf(&b, "%s (%s)\n", key, typ)
		for _, v := range vals {
			b.WriteString("  " + v + "\n")
		}
	}
	return b.String()
}

// lineDiff lists the lines only in a (-) or only in b (+).
func lineDiff(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for l := range strings.Lines(s) {
			m[l] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	var out strings.Builder
	for l := range strings.Lines(a) {
		if !inb[l] {
			out.WriteString("- " + l)
		}
	}
	for l := range strings.Lines(b) {
		if !ina[l] {
			out.WriteString("+ " + l)
		}
	}
	return out.String()
}

func TestShareOpensTheLessonModal(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	form := bottest.SlashCommand("/kb", "share", author, "C1", s.fake.ResponseURL("share"))
	var resp bottest.Response
	open := s.nextView("kb_share_lesson", func() { resp = s.command(form) })
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		t.Fatalf("/kb share answered %d %q, want an empty 200", resp.Status, resp.Body)
	}
	if got := open.Value("trigger_id"); got != form.Get("trigger_id") {
		t.Errorf("views.open trigger_id = %q, want the command's %q", got, form.Get("trigger_id"))
	}
	if d := open.At.Sub(resp.Sent); d > 3*time.Second {
		t.Errorf("views.open came %v after the command, over a trigger_id's 3 s", d)
	}
	view := open.View()
	if view["type"] != "modal" || view["submit"] == nil {
		t.Errorf("view type %v submit %v, want a modal with a submit button", view["type"], view["submit"])
	}
	for _, id := range []string{"title", "category", "org_type", "stage", "outcome", "stop_reason", "what_happened",
		"lessons", "barriers", "evidence", "tags", "contact"} {
		b := bottest.InputBlock(view, id)
		if b == nil {
			t.Errorf("the modal has no input block %q", id)
			continue
		}
		el, _ := b["element"].(map[string]any)
		if el["action_id"] != id {
			t.Errorf("block %q: action_id = %v, want the block id", id, el["action_id"])
		}
	}
	if got := bottest.OptionValues(bottest.InputBlock(view, "outcome")); !slices.Equal(got, []string{"success", "mixed", "abandoned", "ongoing", "too_early"}) {
		t.Errorf("outcome options = %q, want DESIGN's five outcomes", got)
	}
	if c := bottest.InputBlock(view, "contact"); c == nil || !slices.Equal(bottest.OptionValues(c), []string{"share", "anonymous"}) {
		t.Errorf("contact options = %q, want share and anonymous", bottest.OptionValues(c))
	}
	text := open.BlockText()
	if !regexp.MustCompile(`(?is)stopped.{0,40}(most )?useful lessons`).MatchString(text) {
		t.Errorf("the modal does not say stopped pilots are useful lessons:\n%s", text)
	}
	if !strings.Contains(strings.ToLower(text), "patient details") {
		t.Errorf("the modal does not warn against patient details:\n%s", text)
	}
}

func TestSubmitStoresPendingAndAsksModerators(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	before := s.ask(hydroQuestion)
	if strings.Contains(before.Text(), hydroTitle) {
		t.Fatalf("the lesson is an answer before it was shared")
	}

	view := s.openShare(author).View()
	resp := s.interact(bottest.SubmitView(t, author, view, lessonValues(hydroTitle)))
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		t.Fatalf("submission answered %d %q, want an empty 200 (modal closes)", resp.Status, resp.Body)
	}
	if resp.Elapsed > 3*time.Second {
		t.Errorf("submission answered after %v, over Slack's 3 s", resp.Elapsed)
	}
	// Stored before the modal closed: read at once, before any wait.
	e := s.mine(author, hydroTitle)
	if e.Status != knowledge.StatusPending {
		t.Errorf("stored status = %q, want pending", e.Status)
	}
	if e.Kind != knowledge.KindPilot || e.Outcome != knowledge.OutcomeOngoing || e.Contact != author ||
		!strings.Contains(e.Body, "hydrotherapy pool booking line") || !slices.Contains(e.Tags, "staff capacity") {
		t.Errorf("stored entry = %+v, want the form's pilot with the author as contact", e)
	}

	review := s.reviewPost(e.ID)
	for action, label := range map[string]string{"kb_approve": "Approve", "kb_edit": "Edit", "kb_reject": "Reject"} {
		b := review.Action(action)
		if v, _ := review.ActionValue(action); b == nil || v != e.ID {
			t.Errorf("review post %s button value = %q, want the entry id %s", action, v, e.ID)
			continue
		}
		if txt, _ := b["text"].(map[string]any); txt["text"] != label {
			t.Errorf("review post %s button label = %v, want %q", action, txt["text"], label)
		}
	}
	if !strings.Contains(review.Text(), hydroTitle) || !strings.Contains(review.Text(), "<@"+author+">") {
		t.Errorf("review post does not show the title and the sender:\n%s", review.Text())
	}

	dm := s.waitDM(author, hydroTitle)
	if txt := dm.Text(); !strings.Contains(txt, "moderator") || !strings.Contains(txt, "/kb mine") {
		t.Errorf("the author's DM does not say what happens next: %q", txt)
	}

	after := s.ask(hydroQuestion)
	if strings.Contains(after.Text(), hydroTitle) {
		t.Errorf("a pending lesson is cited in an answer:\n%s", after.Text())
	}
	if a := actions(s.audit(e.ID)); a[handlers.ActionSubmit] != 1 {
		t.Errorf("audit actions for %s = %v, want one submit", e.ID, a)
	}
}

func TestApproveMakesItAnAnswer(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	e := s.submitLesson(author, lessonValues(hydroTitle))
	review := s.reviewPost(e.ID)
	reviewTS, _ := review.Reply["ts"].(string)
	s.waitDM(author, "waiting for a moderator")

	s.press(moderator, modChannel, "kb_approve", e.ID)
	upd := s.fake.WaitFor(t, "the review post updated", 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.update" && c.Value("channel") == modChannel && c.Value("ts") == reviewTS
	})[0]
	if txt := upd.Text(); !strings.Contains(txt, "Approved by <@"+moderator+">") {
		t.Errorf("updated review post = %q, want who approved it", txt)
	}
	if upd.Action("kb_approve") != nil {
		t.Errorf("the decided review post still has an Approve button")
	}
	if got := s.entry(e.ID); got.Status != knowledge.StatusApproved {
		t.Errorf("status after approval = %q, want approved", got.Status)
	}
	// Searchable at once: no index refresh, no wait.
	if ans := s.ask(hydroQuestion); !strings.Contains(ans.BlockText(), hydroTitle) {
		t.Errorf("the approved lesson is not cited:\n%s", ans.BlockText())
	}
	s.waitDM(author, "approved")

	recs := s.audit(e.ID)
	var submit, approve *handlers.AuditRecord
	for i := range recs {
		switch recs[i].Action {
		case handlers.ActionSubmit:
			submit = &recs[i]
		case handlers.ActionApprove:
			approve = &recs[i]
		}
	}
	if submit == nil || submit.Actor != author || submit.After != knowledge.StatusPending {
		t.Errorf("submit audit record = %+v, want by %s, after pending", submit, author)
	}
	if approve == nil || approve.Actor != moderator || approve.Before != knowledge.StatusPending || approve.After != knowledge.StatusApproved {
		t.Errorf("approve audit record = %+v, want by %s, pending → approved", approve, moderator)
	}
}

func TestRejectAsksForAReason(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	e := s.submitLesson(author, lessonValues(hydroTitle))
	reviewTS, _ := s.reviewPost(e.ID).Reply["ts"].(string)

	open := s.nextView("kb_reject", func() { s.press(moderator, modChannel, "kb_reject", e.ID) })
	view := open.View()
	if view["private_metadata"] != e.ID || open.Value("trigger_id") == "" {
		t.Fatalf("reject modal private_metadata %v trigger %q, want the entry id and a trigger", view["private_metadata"], open.Value("trigger_id"))
	}
	submit := func(t *testing.T, reason string) bottest.Response {
		return s.with(t).interact(bottest.SubmitView(t, moderator, view, map[string]any{"reason": reason}))
	}

	t.Run("empty reason", func(t *testing.T) {
		errs := viewErrors(t, submit(t, ""))
		if errs["reason"] == "" {
			t.Errorf("errors = %v, want one on block reason", errs)
		}
	})
	t.Run("reason with a phone number", func(t *testing.T) {
		resp := submit(t, "Please ring me on 07700 900123 to talk it through")
		errs := viewErrors(t, resp)
		if !strings.Contains(errs["reason"], "phone") {
			t.Errorf("errors = %v, want one on reason naming a phone number", errs)
		}
		if strings.Contains(string(resp.Body), "900123") {
			t.Errorf("the error echoes the phone number: %s", resp.Body)
		}
	})
	if got := s.entry(e.ID); got.Status != knowledge.StatusPending {
		t.Fatalf("status after refused reasons = %q, want pending", got.Status)
	}

	const reason = "It names the supplier's unreleased product; please describe it generically and share it again."
	resp := submit(t, reason)
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		t.Fatalf("a valid reason answered %d %q, want an empty 200", resp.Status, resp.Body)
	}
	if got := s.entry(e.ID); got.Status != knowledge.StatusRejected {
		t.Errorf("status = %q, want rejected", got.Status)
	}
	upd := s.fake.WaitFor(t, "the review post updated", 1, wait, func(c bottest.Call) bool {
		return c.Method == "chat.update" && c.Value("channel") == modChannel && c.Value("ts") == reviewTS
	})[0]
	if txt := upd.Text(); !strings.Contains(txt, "<@"+moderator+">") || !strings.Contains(txt, "unreleased product") {
		t.Errorf("updated review post = %q, want who rejected it and the reason", txt)
	}
	s.waitDM(author, "unreleased product")
	if a := actions(s.audit(e.ID)); a[handlers.ActionReject] != 1 {
		t.Errorf("audit actions = %v, want one reject", a)
	}
	if s.logs.Contains("900123") {
		t.Errorf("the logs hold the phone number")
	}
}

func TestModeratorEdits(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	e := s.submitLesson(author, lessonValues(hydroTitle))
	s.reviewPost(e.ID)

	open := s.nextView("kb_edit_lesson", func() { s.press(moderator, modChannel, "kb_edit", e.ID) })
	view := open.View()
	if view["private_metadata"] != e.ID {
		t.Errorf("edit modal private_metadata = %v, want %s", view["private_metadata"], e.ID)
	}
	title := bottest.InputBlock(view, "title")
	el, _ := title["element"].(map[string]any)
	if el["initial_value"] != hydroTitle {
		t.Fatalf("edit modal title initial_value = %v, want %q", el["initial_value"], hydroTitle)
	}
	const edited = "Hydrotherapy booking chatbot in a community trust: the first six months"
	resp := s.interact(bottest.SubmitView(t, moderator, view, map[string]any{"title": edited}))
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		t.Fatalf("edit answered %d %q, want an empty 200", resp.Status, resp.Body)
	}
	got := s.entry(e.ID)
	if got.Title != edited || got.Status != knowledge.StatusPending {
		t.Errorf("after the edit title %q status %q; want %q, still pending", got.Title, got.Status, edited)
	}
	if got.Summary != e.Summary || got.Contact != e.Contact || got.Outcome != e.Outcome {
		t.Errorf("the edit changed fields it did not touch: %+v", got)
	}
	recs := s.audit(e.ID)
	if a := actions(recs); a[handlers.ActionEdit] != 1 {
		t.Errorf("audit actions = %v, want one edit", a)
	}
	for _, r := range recs {
		if r.Action == handlers.ActionEdit && (r.Actor != moderator || r.Before != knowledge.StatusPending || r.After != knowledge.StatusPending) {
			t.Errorf("edit audit record = %+v", r)
		}
	}
}

func TestAuthorWithdrawsAndUpdatesOutcome(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	e := s.submitLesson(author, lessonValues(hydroTitle))
	s.reviewPost(e.ID)
	s.press(moderator, modChannel, "kb_approve", e.ID)
	s.waitDM(author, "approved")
	if ans := s.ask(hydroQuestion); !strings.Contains(ans.BlockText(), hydroTitle) {
		t.Fatalf("the approved lesson is not cited")
	}

	list := s.reply(s.slash(author, "mine"))
	if !strings.Contains(list.Text(), hydroTitle) || list.Value("response_type") != "ephemeral" {
		t.Errorf("/kb mine = %s %q, want the lesson, privately", list.Value("response_type"), list.Text())
	}
	for _, action := range []string{"kb_withdraw", "kb_update_outcome"} {
		if v, ok := list.ActionValue(action); !ok || v != e.ID {
			t.Errorf("/kb mine %s button value = %q, want %s", action, v, e.ID)
		}
	}

	t.Run("someone else cannot withdraw it", func(t *testing.T) {
		s := s.with(t)
		refusal := s.reply(s.press("UOTHER1", "C1", "kb_withdraw", e.ID))
		if !strings.Contains(refusal.Text(), "Only the person who shared") {
			t.Errorf("refusal = %q", refusal.Text())
		}
		if got := s.entry(e.ID); got.Status != knowledge.StatusApproved {
			t.Errorf("status = %q after someone else's withdraw, want approved", got.Status)
		}
		if a := actions(s.audit(e.ID)); a[handlers.ActionWithdraw] != 0 {
			t.Errorf("audit actions = %v, want no withdraw", a)
		}
	})

	t.Run("update outcome", func(t *testing.T) {
		s := s.with(t)
		open := s.nextView("kb_update_outcome", func() { s.press(author, "C1", "kb_update_outcome", e.ID) })
		view := open.View()
		if view["private_metadata"] != e.ID {
			t.Fatalf("outcome modal private_metadata = %v, want %s", view["private_metadata"], e.ID)
		}
		const note = "Uptake fell away after the first month once the booking line was staffed again."
		resp := s.interact(bottest.SubmitView(t, author, view, map[string]any{
			"outcome": "abandoned", "stop_reason": "low_uptake", "note": note,
		}))
		if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
			t.Fatalf("outcome update answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
		got := s.entry(e.ID)
		if got.Outcome != knowledge.OutcomeAbandoned || got.StopReason != knowledge.StopLowUptake || got.Status != knowledge.StatusApproved {
			t.Errorf("after the update outcome %q stop_reason %q status %q; want abandoned, low_uptake, approved", got.Outcome, got.StopReason, got.Status)
		}
		if !strings.Contains(got.Body, note) || !strings.HasPrefix(got.Body, e.Body) {
			t.Errorf("body = %q, want the old body with the note appended", got.Body)
		}
	})

	t.Run("withdraw", func(t *testing.T) {
		s := s.with(t)
		done := s.reply(s.press(author, "C1", "kb_withdraw", e.ID))
		if !strings.Contains(done.Text(), "Withdrawn") {
			t.Errorf("withdraw answered %q", done.Text())
		}
		if got := s.entry(e.ID); got.Status != knowledge.StatusArchived {
			t.Errorf("status = %q, want archived", got.Status)
		}
		if ans := s.ask(hydroQuestion); strings.Contains(ans.Text(), hydroTitle) {
			t.Errorf("a withdrawn lesson is still cited:\n%s", ans.Text())
		}
		var found bool
		for _, r := range s.audit(e.ID) {
			if r.Action == handlers.ActionWithdraw {
				found = true
				if r.Actor != author || r.After != knowledge.StatusArchived {
					t.Errorf("withdraw audit record = %+v", r)
				}
			}
		}
		if !found {
			t.Errorf("the audit log has no withdraw record for %s", e.ID)
		}
	})
}

func TestAnonymousLessonNeverShowsItsAuthor(t *testing.T) {
	const anon = "UANON9Z"
	s := newCurationStack(t, stackOptions{})
	values := lessonValues(hydroTitle)
	values[handlers.FieldContact] = "anonymous"
	e := s.submitLesson(anon, values)
	if e.Contact != "" {
		t.Errorf("an anonymous lesson was stored with contact %q", e.Contact)
	}
	review := s.reviewPost(e.ID)
	if !strings.Contains(review.Text(), "<@"+anon+">") || !strings.Contains(review.Text(), "anonymous") {
		t.Errorf("moderators are not shown who sent it, or that it is anonymous:\n%s", review.Text())
	}
	s.waitDM(anon, "anonymously")
	s.press(moderator, modChannel, "kb_approve", e.ID)
	s.waitDM(anon, "approved")

	ans := s.ask(hydroQuestion)
	if !strings.Contains(ans.BlockText(), hydroTitle) {
		t.Fatalf("the approved anonymous lesson is not cited:\n%s", ans.BlockText())
	}
	if strings.Contains(string(ans.Raw), anon) || strings.Contains(ans.Text(), anon) {
		t.Errorf("the answer shows the anonymous author: %s", ans.Raw)
	}
	// "Ask a person" on that answer must not point at them either.
	answerID, _ := ans.ActionValue("kb_ask_person")
	people := s.reply(s.press(asker, ans.Value("channel"), "kb_ask_person", answerID))
	if strings.Contains(string(people.Raw), anon) {
		t.Errorf("Ask a person lists the anonymous author: %s", people.Raw)
	}

	var out bytes.Buffer
	if _, err := s.app.Export(s.ctx, &out, knowledge.FormatJSONL); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), anon) {
		t.Errorf("the export holds the anonymous author's id")
	}
	var exported bool
	for line := range strings.Lines(out.String()) {
		var x map[string]any
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			t.Fatalf("export line %q: %v", line, err)
		}
		if x["id"] == e.ID {
			exported = true
			if c, ok := x["contact"]; ok && c != "" {
				t.Errorf("exported contact = %v, want none", c)
			}
		}
	}
	if !exported {
		t.Errorf("the export lacks %s", e.ID)
	}
	s.barrier()
	for line := range strings.Lines(s.logs.String()) {
		if strings.Contains(line, e.ID) && strings.Contains(line, anon) {
			t.Errorf("a log line ties the anonymous author to the lesson: %s", line)
		}
	}
}

// chiNumber returns a valid ten-digit number that starts with a DDMMYY
// date (14/07/45), as a Scottish CHI number does.
func chiNumber(t *testing.T) string {
	t.Helper()
	for i := range 1000 {
		n := fmt.Sprintf("140745%03d", i)
		for c := range 10 {
			if d := n + fmt.Sprint(c); privacy.ValidNHSNumber(d) {
				return d
			}
		}
	}
	t.Fatal("no valid CHI-like number starting 140745")
	return ""
}

func TestLessonWithIdentifiersRefused(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	chi := chiNumber(t)
	tests := []struct {
		kind  privacy.Kind
		field string
		text  string
		// forms of the identifier that must appear nowhere.
		values []string
	}{
		{privacy.NHSNumber, "what_happened", "The audit found 999 000 0018 in a free-text note.", []string{"999 000 0018", "9990000018"}},
		{privacy.CHINumber, "lessons", "Check records such as " + chi + " before go-live.", []string{chi}},
		{privacy.Phone, "lessons", "Ring the project lead on 07700 900123 for the business case.", []string{"07700 900123", "07700900123", "900123"}},
		{privacy.Email, "what_happened", "Questions to jane.smith@nhs.net, who ran the pilot.", []string{"jane.smith@nhs.net", "jane.smith"}},
		{privacy.DateOfBirth, "title", "Scribe pilot: patient DOB 14/07/1945 appeared in a note", []string{"14/07/1945"}},
		{privacy.HospitalNumber, "what_happened", "One referral, MRN A123456, was triaged twice.", []string{"A123456"}},
		{privacy.NINumber, "tags", "chatbot, AB 12 34 56 C", []string{"AB 12 34 56 C", "AB123456C"}},
		{privacy.Postcode, "what_happened", "The first user was Mr Smith, SW1A 1AA, who booked twice.", []string{"SW1A 1AA", "SW1A1AA"}},
	}
	view := s.openShare(author).View()
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			s := s.with(t)
			before, err := s.store.Count(s.ctx)
			if err != nil {
				t.Fatal(err)
			}
			values := lessonValues(hydroTitle)
			values[tt.field] = tt.text
			resp := s.interact(bottest.SubmitView(t, author, view, values))
			errs := viewErrors(t, resp)
			if want := tt.kind.Message(); !strings.Contains(errs[tt.field], want) {
				t.Errorf("errors = %v, want one on %s saying %q", errs, tt.field, want)
			}
			if len(errs) != 1 {
				t.Errorf("errors = %v, want exactly one (on %s)", errs, tt.field)
			}
			after, err := s.store.Count(s.ctx)
			if err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Errorf("entries %d → %d: something was stored", before, after)
			}
			s.barrier()
			dump := s.storeDump()
			for _, v := range tt.values {
				if strings.Contains(string(resp.Body), v) {
					t.Errorf("the error echoes %q: %s", v, resp.Body)
				}
				for _, c := range s.fake.Calls("") {
					if strings.Contains(string(c.Raw), v) || strings.Contains(c.Text(), v) {
						t.Errorf("%s sent to Slack holds %q", c.Method, v)
					}
				}
				if strings.Contains(dump, v) {
					t.Errorf("Redis holds %q", v)
				}
				if s.logs.Contains(v) {
					t.Errorf("the logs hold %q", v)
				}
			}
		})
	}
	if mine, err := s.app.Mine(s.ctx, author); err != nil || len(mine) != 0 {
		t.Errorf("Mine = %d submissions (err %v), want none", len(mine), err)
	}
}

func TestOnlyModeratorsReview(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	e := s.submitLesson(author, lessonValues(hydroTitle))
	reviewTS, _ := s.reviewPost(e.ID).Reply["ts"].(string)
	s.waitDM(author, "waiting for a moderator")

	t.Run("a forged approve from a non-moderator", func(t *testing.T) {
		s := s.with(t)
		refusal := s.reply(s.press("UNOBODY", modChannel, "kb_approve", e.ID))
		s.barrier()
		if !strings.Contains(refusal.Text(), "Only kbbot moderators") || refusal.Value("response_type") != "ephemeral" {
			t.Errorf("refusal = %s %q, want a private \"Only kbbot moderators\"", refusal.Value("response_type"), refusal.Text())
		}
		if got := s.entry(e.ID); got.Status != knowledge.StatusPending {
			t.Errorf("status = %q, want still pending", got.Status)
		}
		if n := len(s.updates(modChannel, reviewTS)); n != 0 {
			t.Errorf("%d chat.update of the review post, want none", n)
		}
		if n := len(s.dms(author, "")); n != 1 {
			t.Errorf("%d DMs to the author, want 1 (the receipt only)", n)
		}
		if a := actions(s.audit(e.ID)); a[handlers.ActionApprove] != 0 {
			t.Errorf("audit actions = %v, want no approve", a)
		}
	})
	t.Run("a forged reject from a non-moderator opens nothing", func(t *testing.T) {
		s := s.with(t)
		refusal := s.reply(s.press("UNOBODY", modChannel, "kb_reject", e.ID))
		if !strings.Contains(refusal.Text(), "Only kbbot moderators") {
			t.Errorf("refusal = %q", refusal.Text())
		}
		if n := len(s.fake.Find(func(c bottest.Call) bool { return c.Method == "views.open" && c.View()["callback_id"] == "kb_reject" })); n != 0 {
			t.Errorf("%d reject modals opened for a non-moderator", n)
		}
	})

	t.Run("a double approve decides once", func(t *testing.T) {
		s := s.with(t)
		first := s.press(moderator, modChannel, "kb_approve", e.ID)
		second := s.press(moderator, modChannel, "kb_approve", e.ID)
		again := s.reply(second)
		s.barrier()
		if !strings.Contains(again.Text(), "already approved by <@"+moderator+">") {
			t.Errorf("second press answered %q, want it already approved by the moderator", again.Text())
		}
		if n := len(s.fake.Find(func(c bottest.Call) bool { return c.ResponseID == first })); n != 0 {
			t.Errorf("the first (deciding) press got %d replies, want none (the post is updated)", n)
		}
		if n := len(s.updates(modChannel, reviewTS)); n != 1 {
			t.Errorf("%d chat.update of the review post, want 1", n)
		}
		if n := len(s.dms(author, "approved")); n != 1 {
			t.Errorf("%d approval DMs to the author, want 1", n)
		}
		if a := actions(s.audit(e.ID)); a[handlers.ActionApprove] != 1 {
			t.Errorf("audit actions = %v, want one approve", a)
		}
	})
}

func TestTwoModeratorsApproveAtOnce(t *testing.T) {
	rdb := redistest.Client(t)
	fake := bottest.NewSlack(t)
	a := newCurationStack(t, stackOptions{rdb: rdb, fake: fake, name: "a"})
	b := newCurationStack(t, stackOptions{rdb: rdb, fake: fake, name: "b"})
	e := a.submitLesson(author, lessonValues(hydroTitle))
	reviewTS, _ := a.reviewPost(e.ID).Reply["ts"].(string)
	a.waitDM(author, "waiting for a moderator")

	type press struct {
		s    *stack
		user string
		rid  string
	}
	presses := []press{{a, moderator, "race-a"}, {b, moderator2, "race-b"}}
	reqs := make([]*http.Request, len(presses))
	for i, p := range presses {
		reqs[i] = bottest.InteractionRequest(t, p.s.srv.URL+"/slack/interactivity", secret,
			bottest.BlockAction(p.user, modChannel, "kb_approve", e.ID, fake.ResponseURL(p.rid)))
	}
	statuses := bottest.SendTogether(reqs)
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("press %d answered %d, want 200", i, st)
		}
	}
	loser := fake.WaitFor(t, "the losing moderator told", 1, wait, func(c bottest.Call) bool {
		return c.Method == bottest.ResponseURLMethod && (c.ResponseID == "race-a" || c.ResponseID == "race-b")
	})[0]
	// Both stacks' workers read one queue, so a barrier question may be
	// answered by the worker that is not still finishing the winning
	// press: only an empty queue says every job has run.
	a.waitQueueEmpty()
	winner := moderator
	if loser.ResponseID == "race-a" {
		winner = moderator2
	}
	// The loser hears it was already approved, and when the decision
	// record is there (see handlers' TestConcurrentApprovalsNameTheWinner,
	// skipped for a race), by whom.
	txt := loser.Text()
	if !strings.Contains(txt, "approved") || !strings.Contains(txt, "Nothing was changed") {
		t.Errorf("the losing moderator was told %q, want that it was already approved and nothing changed", txt)
	}
	if strings.Contains(txt, "approved by <@") && !strings.Contains(txt, "approved by <@"+winner+">") {
		t.Errorf("the losing moderator was told %q, want it approved by the winner <@%s>", txt, winner)
	}
	if n := len(fake.Find(func(c bottest.Call) bool {
		return c.Method == bottest.ResponseURLMethod && (c.ResponseID == "race-a" || c.ResponseID == "race-b")
	})); n != 1 {
		t.Errorf("%d replies to the two moderators, want 1 (the loser's)", n)
	}
	if n := len(a.updates(modChannel, reviewTS)); n != 1 {
		t.Errorf("%d chat.update of the review post, want 1", n)
	}
	if n := len(a.dms(author, "approved")); n != 1 {
		t.Errorf("%d approval DMs to the author, want 1", n)
	}
	recs := a.audit(e.ID)
	if got := actions(recs); got[handlers.ActionApprove] != 1 {
		t.Errorf("audit actions = %v, want one approve", got)
	}
	for _, r := range recs {
		if r.Action == handlers.ActionApprove && r.Actor != winner {
			t.Errorf("approve audited as by %s, but %s was told they lost", r.Actor, winner)
		}
	}
	if got := a.entry(e.ID); got.Status != knowledge.StatusApproved {
		t.Errorf("status = %q, want approved", got.Status)
	}
}

func TestModeratorLists(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	e := s.submitLesson(author, lessonValues(hydroTitle))
	s.reviewPost(e.ID)

	for _, sub := range []string{"queue", "gaps", "stale"} {
		t.Run(sub+" refused to a non-moderator", func(t *testing.T) {
			s := s.with(t)
			got := s.reply(s.slash("UNOBODY", sub))
			if !strings.Contains(got.Text(), "Only kbbot moderators") || got.Value("response_type") != "ephemeral" {
				t.Errorf("/kb %s from a non-moderator = %s %q, want a private refusal", sub, got.Value("response_type"), got.Text())
			}
		})
	}

	t.Run("queue", func(t *testing.T) {
		s := s.with(t)
		got := s.reply(s.slash(moderator, "queue"))
		if !strings.Contains(got.Text(), hydroTitle) {
			t.Errorf("/kb queue does not list the pending lesson:\n%s", got.Text())
		}
		for _, action := range []string{"kb_approve", "kb_edit", "kb_reject"} {
			if v, ok := got.ActionValue(action); !ok || v != e.ID {
				t.Errorf("/kb queue %s button value = %q, want %s", action, v, e.ID)
			}
		}
	})

	t.Run("gaps", func(t *testing.T) {
		s := s.with(t)
		for _, q := range []string{"what do I need for a DPIA", "dpia requirements?", "DPIA checklist please", "canteen opening hours"} {
			if err := s.app.RecordGap(s.ctx, q, handlers.GapUnanswered, ""); err != nil {
				t.Fatal(err)
			}
		}
		got := s.reply(s.slash(moderator, "gaps"))
		txt := got.Text()
		if !strings.Contains(txt, "*3×*") || !strings.Contains(txt, "*1×* canteen opening hours") {
			t.Errorf("/kb gaps does not group the DPIA questions (3×) apart from the canteen:\n%s", txt)
		}
	})

	t.Run("stale", func(t *testing.T) {
		s := s.with(t)
		const id = "guidance-stale-procurement-test"
		reviewed := time.Now().AddDate(-2, 0, 0).Format(time.DateOnly)
		line := fmt.Sprintf(`{"id":%q,"kind":"guidance","title":"Buying AI through the procurement frameworks (old)","summary":"Use an existing framework where one fits.","reviewed_at":%q}`, id, reviewed)
		if _, err := s.app.Import(s.ctx, "stale.jsonl", knowledge.FormatJSONL, strings.NewReader(line+"\n")); err != nil {
			t.Fatalf("Import: %v", err)
		}
		list := s.reply(s.slash(moderator, "stale"))
		if v, ok := list.ActionValue("kb_mark_reviewed"); !ok || !strings.Contains(list.Text(), "Buying AI through the procurement frameworks") {
			t.Fatalf("/kb stale = %q (button %q), want the stale entry with Mark reviewed", list.Text(), v)
		}
		// Each stale entry has its own buttons, Mark reviewed, Edit and
		// Archive, in a block that names the list and page.
		var block map[string]any
		blocks, _ := list.Blocks()
		for _, b := range blocks {
			if b["block_id"] == "stale_0_"+id {
				block = b
			}
		}
		var buttons []string
		for _, el := range block["elements"].([]any) {
			if m, _ := el.(map[string]any); m["value"] == id {
				buttons = append(buttons, m["action_id"].(string))
			}
		}
		if !slices.Equal(buttons, []string{"kb_mark_reviewed", "kb_edit_entry", "kb_archive"}) {
			t.Fatalf("/kb stale buttons for %s = %q, want Mark reviewed, Edit and Archive", id, buttons)
		}
		dayBefore := time.Now().UTC().Format(time.DateOnly)
		rid := fmt.Sprintf("stale-press-%d", s.next())
		s.interact(bottest.BlockActionIn(moderator, "C1", "kb_mark_reviewed", id, "stale_0_"+id, s.fake.ResponseURL(rid)))
		done := s.reply(rid)
		if !strings.Contains(done.Text(), "Marked as reviewed") || done.Value("replace_original") != "true" {
			t.Errorf("Mark reviewed answered %q (replace_original %q), want the list redrawn saying so", done.Text(), done.Value("replace_original"))
		}
		if strings.Contains(done.Text(), "Buying AI through the procurement frameworks (old)*\n") {
			t.Errorf("the redrawn list still lists the reviewed entry:\n%s", done.Text())
		}
		dayAfter := time.Now().UTC().Format(time.DateOnly)
		if got := s.entry(id).ReviewedAt.Format(time.DateOnly); got != dayBefore && got != dayAfter {
			t.Errorf("reviewed_at = %s, want today (%s)", got, dayAfter)
		}
		again := s.reply(s.slash(moderator, "stale"))
		if strings.Contains(again.Text(), "Buying AI through the procurement frameworks") {
			t.Errorf("the reviewed entry is still listed as stale:\n%s", again.Text())
		}
		if a := actions(s.audit(id)); a[handlers.ActionMarkReviewed] != 1 {
			t.Errorf("audit actions = %v, want one mark_reviewed", a)
		}
	})
}

func TestSubmissionWhileRedisIsDown(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{
		Addr: srv.Addr, MaxRetries: 1,
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 500 * time.Millisecond, WriteTimeout: 500 * time.Millisecond,
	})
	t.Cleanup(func() { rdb.Close() })
	s := newCurationStack(t, stackOptions{rdb: rdb})
	view := s.openShare(author).View()
	submit := func(t *testing.T, title string) bottest.Response {
		return s.with(t).interact(bottest.SubmitView(t, author, view, lessonValues(title)))
	}
	couldNotSave := func(t *testing.T, resp bottest.Response) {
		t.Helper()
		errs := viewErrors(t, resp)
		var msgs []string
		for _, m := range errs {
			msgs = append(msgs, m)
		}
		if all := strings.Join(msgs, " "); !strings.Contains(all, "couldn't save") {
			t.Errorf("errors = %v, want a message that it couldn't save", errs)
		}
		if resp.Elapsed > 3*time.Second {
			t.Errorf("answered after %v, over Slack's 3 s", resp.Elapsed)
		}
	}

	t.Run("a write refused mid-transaction leaves nothing", func(t *testing.T) {
		// The submission's transaction ends by adding the entry to its
		// author's list; refusing that command must abort all of it.
		admin := redis.NewClient(&redis.Options{Addr: srv.Addr})
		defer admin.Close()
		ctx := t.Context()
		before := s.storeDump()
		if err := admin.Do(ctx, "ACL", "SETUSER", "default", "-sadd").Err(); err != nil {
			t.Fatalf("ACL SETUSER: %v", err)
		}
		resp := submit(t, hydroTitle)
		if err := admin.Do(context.WithoutCancel(ctx), "ACL", "SETUSER", "default", "+sadd").Err(); err != nil {
			t.Fatalf("ACL SETUSER: %v", err)
		}
		couldNotSave(t, resp)
		if after := s.storeDump(); after != before {
			t.Errorf("Redis changed after a failed submission; lines added or removed:\n%s", lineDiff(before, after))
		}
	})

	t.Run("redis stopped, then back", func(t *testing.T) {
		s := s.with(t)
		srv.Stop()
		couldNotSave(t, submit(t, hydroTitle))
		redistest.StartOnPort(t, srv.Addr)
		s.barrier() // every job of the failed submissions has run
		if n := len(s.posts(modChannel)) + len(s.dms(author, "")); n != 0 {
			t.Errorf("%d review posts or DMs for submissions that were not saved, want none", n)
		}
		resp := submit(t, hydroTitle)
		if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
			t.Fatalf("submission after Redis came back answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
		e := s.mine(author, hydroTitle)
		if e.Status != knowledge.StatusPending {
			t.Errorf("status = %q, want pending", e.Status)
		}
		s.reviewPost(e.ID)
		if mine, _ := s.app.Mine(s.ctx, author); len(mine) != 1 {
			t.Errorf("the author has %d submissions, want 1", len(mine))
		}
	})
}

func TestSaveAsLessonShortcut(t *testing.T) {
	s := newCurationStack(t, stackOptions{})
	const text = "We ran an AI chatbot on our hydrotherapy pool booking line for six months and here is what we learned."
	payload := bottest.MessageAction(author, "C0PILOTS", "save_as_lesson", "nhs-ai-cop", "1712345678.123456", text, s.fake.ResponseURL("shortcut"))
	var resp bottest.Response
	open := s.nextView("kb_share_lesson", func() { resp = s.interact(payload) })
	if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
		t.Fatalf("shortcut answered %d %q, want an empty 200", resp.Status, resp.Body)
	}
	if open.Value("trigger_id") != payload["trigger_id"] {
		t.Errorf("views.open trigger_id = %q, want the shortcut's", open.Value("trigger_id"))
	}
	view := open.View()
	const link = "https://nhs-ai-cop.slack.com/archives/C0PILOTS/p1712345678123456"
	if view["private_metadata"] != link {
		t.Errorf("private_metadata = %v, want %s", view["private_metadata"], link)
	}
	wh := bottest.InputBlock(view, "what_happened")
	el, _ := wh["element"].(map[string]any)
	if el["initial_value"] != text {
		t.Errorf("what_happened initial_value = %v, want the message text", el["initial_value"])
	}

	values := lessonValues(hydroTitle)
	delete(values, handlers.FieldWhatHappened) // as prefilled
	sub := s.interact(bottest.SubmitView(t, author, view, values))
	if sub.Status != http.StatusOK || len(bytes.TrimSpace(sub.Body)) != 0 {
		t.Fatalf("submission answered %d %q", sub.Status, sub.Body)
	}
	e := s.mine(author, hydroTitle)
	if e.URL != link || !strings.Contains(e.Body, text) {
		t.Errorf("stored url %q body %q, want the permalink and the message text", e.URL, e.Body)
	}

	t.Run("a moderator's edit keeps the link", func(t *testing.T) {
		s := s.with(t)
		s.reviewPost(e.ID)
		edit := s.nextView("kb_edit_lesson", func() { s.press(moderator, modChannel, "kb_edit", e.ID) }).View()
		resp := s.interact(bottest.SubmitView(t, moderator, edit, map[string]any{"title": hydroTitle + " (edited)"}))
		if resp.Status != http.StatusOK || len(bytes.TrimSpace(resp.Body)) != 0 {
			t.Fatalf("edit answered %d %q, want an empty 200", resp.Status, resp.Body)
		}
		if got := s.entry(e.ID); got.URL != link {
			t.Errorf("after the edit url = %q, want %s kept", got.URL, link)
		}
	})
}

func TestExpertsDirectory(t *testing.T) {
	const expert = "UEXPERT7"
	s := newCurationStack(t, stackOptions{})
	added := s.reply(s.slash(expert, "expert add ambient scribes, dpia --mentor"))
	if txt := added.Text(); !strings.Contains(txt, "listed as an expert") || !strings.Contains(txt, "ambient scribes, dpia") {
		t.Errorf("expert add answered %q, want a confirmation naming the topics", txt)
	}
	var rec handlers.Expert
	if found, err := s.store.GetRecord(s.ctx, "expert", expert, &rec); err != nil || !found {
		t.Fatalf("expert record found=%v err=%v", found, err)
	}
	if !slices.Equal(rec.Topics, []string{"ambient scribes", "dpia"}) || !rec.Mentor {
		t.Errorf("stored expert = %+v, want topics [ambient scribes dpia], mentor", rec)
	}

	for _, topic := range []string{"AVT", "ambiant scribe", "ambient scribes"} {
		t.Run("experts "+topic, func(t *testing.T) {
			s := s.with(t)
			got := s.reply(s.slash("U1", "experts "+topic))
			if !strings.Contains(got.Text(), "<@"+expert+">") || !strings.Contains(got.Text(), "mentor") {
				t.Errorf("/kb experts %s = %q, want %s marked as happy to mentor", topic, got.Text(), expert)
			}
		})
	}
	t.Run("experts on another topic", func(t *testing.T) {
		s := s.with(t)
		got := s.reply(s.slash("U1", "experts canteen menus"))
		if strings.Contains(got.Text(), expert) {
			t.Errorf("/kb experts canteen menus lists the ambient scribe expert: %q", got.Text())
		}
	})
	t.Run("ask a person", func(t *testing.T) {
		s := s.with(t)
		ans := s.ask("has anyone piloted an ambient scribe in primary care?")
		answerID, ok := ans.ActionValue("kb_ask_person")
		if !ok {
			t.Fatalf("the answer has no Ask a person button")
		}
		got := s.reply(s.press("U1", ans.Value("channel"), "kb_ask_person", answerID))
		if !strings.Contains(got.Text(), "<@"+expert+">") {
			t.Errorf("Ask a person = %q, want %s listed", got.Text(), expert)
		}
	})
	t.Run("expert remove", func(t *testing.T) {
		s := s.with(t)
		got := s.reply(s.slash(expert, "expert remove"))
		if !strings.Contains(got.Text(), "left the directory") {
			t.Errorf("expert remove answered %q", got.Text())
		}
		if after := s.reply(s.slash("U1", "experts AVT")); strings.Contains(after.Text(), expert) {
			t.Errorf("a removed expert is still listed: %q", after.Text())
		}
	})
}
