package bot_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/llm/llmtest"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// identifierLayouts are the ways of writing an identifier that walked past
// the old screen (the privacy issue's list), each with the kind the
// refusal must name.
func identifierLayouts() []struct {
	name, text string
	kind       privacy.Kind
} {
	return []struct {
		name, text string
		kind       privacy.Kind
	}{
		{"two spaces", "943  476  5919", privacy.NHSNumber},
		{"spaced dashes", "943 - 476 - 5919", privacy.NHSNumber},
		{"tabs", "943\t476\t5919", privacy.NHSNumber},
		{"line breaks", "943\n476\n5919", privacy.NHSNumber},
		{"commas", "943,476,5919", privacy.NHSNumber},
		{"brackets", "(943) (476) (5919)", privacy.NHSNumber},
		{"4-3-3", "9434 765 919", privacy.NHSNumber},
		{"every digit", "9 4 3 4 7 6 5 9 1 9", privacy.NHSNumber},
		{"zero-width non-joiner", "943\u200c476\u200c5919", privacy.NHSNumber},
		{"zero-width joiner", "943\u200d476\u200d5919", privacy.NHSNumber},
		{"word joiner", "943\u2060476\u20605919", privacy.NHSNumber},
		{"soft hyphen", "943\u00ad476\u00ad5919", privacy.NHSNumber},
		{"byte-order mark", "943\ufeff476\ufeff5919", privacy.NHSNumber},
		{"Arabic-Indic digits", "٩٤٣ ٤٧٦ ٥٩١٩", privacy.NHSNumber},
		{"Devanagari digits", "९४३ ४७६ ५९१९", privacy.NHSNumber},
		{"mathematical digits", "𝟗𝟒𝟑 𝟒𝟕𝟔 𝟓𝟗𝟏𝟗", privacy.NHSNumber},
		{"date of birth in words", "Jane Smith born on the 3rd of April 1961", privacy.DateOfBirth},
		{"name with a team word", "first.last.team@nhs.net", privacy.Email},
		{"name with a plus tag", "name+info@nhs.net", privacy.Email},
		{"phone with dots", "07700.900.123", privacy.Phone},
	}
}

// leaked reports where text that the screen flags, or the plain digits of
// the test's identifiers, can be seen: Redis, the logs, anything sent to
// Slack, anything sent to the LLM.
func (s *stack) leaked(screen *privacy.Screener, llm *llmtest.Server) []string {
	s.t.Helper()
	plain := []string{"9434765919", "943 476 5919", "07700900123", "first.last.team", "name+info", "3rd of April 1961"}
	var out []string
	check := func(where, text string) {
		if masked := maskTimes(maskIDs(text)); true {
			if f, ok := screen.First(masked); ok {
				out = append(out, fmt.Sprintf("%s holds something that %s: %q", where, f.Kind.Message(), masked[max(0, f.Start-40):min(len(masked), f.End+40)]))
			}
		}
		for _, p := range plain {
			if strings.Contains(text, p) {
				out = append(out, fmt.Sprintf("%s holds %q", where, p))
			}
		}
	}
	check("Redis", s.storeDump())
	check("the logs", s.logs.String())
	for _, c := range s.fake.Calls("") {
		raw := string(c.Raw)
		if id := c.Value("trigger_id"); id != "" {
			raw = strings.ReplaceAll(raw, id, "") // the fake's, made of digits and hex
		}
		check(c.Method+" to Slack", raw+"\n"+c.Text())
	}
	for _, r := range llm.Requests() {
		check("the LLM prompt", r.System+"\n"+r.User)
	}
	return out
}

// maskIDs hides answer and job ids and cache keys: random hex, which may
// hold any run of digits, and no text from anyone.
func maskIDs(text string) string { return hexID.ReplaceAllString(text, "<id>") }

var hexID = regexp.MustCompile(`[0-9a-f]{16,}`)

// maskTimes hides Unix times of these years, in seconds or milliseconds
// (sorted-set scores, due times): ten digits that pass the check digit one
// time in eleven, and no text from anyone.
func maskTimes(text string) string {
	now := time.Now()
	lo, hi := now.AddDate(-10, 0, 0), now.AddDate(10, 0, 0)
	return unixTime.ReplaceAllStringFunc(text, func(m string) string {
		v, err := strconv.ParseFloat(m, 64)
		if err != nil {
			return m
		}
		for _, t := range []time.Time{time.Unix(int64(v), 0), time.UnixMilli(int64(v))} {
			if t.After(lo) && t.Before(hi) {
				return "<time>"
			}
		}
		return m
	})
}

var unixTime = regexp.MustCompile(`\b\d{10}(?:\d{3})?(?:\.\d+)?\b`)

// TestIdentifierLayoutsRefusedOnEveryPath sends every layout through every
// way text reaches kbbot from Slack, and checks each is refused, naming
// the kind, and that nothing of it reached Redis, the logs, Slack or the
// LLM.
func TestIdentifierLayoutsRefusedOnEveryPath(t *testing.T) {
	llm := llmtest.New(t, "Cleared with AI triage [1].")
	c := llmStackOptions(t, llm)
	c.moderators = []string{moderator, moderator2}
	c.modChannel = modChannel
	s := newStack(t, c)
	screen := privacy.New(privacy.DefaultAllowList())

	// Things to act on: an approved lesson with an answer in a thread, and
	// a pending one to reject.
	approved := s.submitLesson(author, lessonValues(hydroTitle))
	s.reviewPost(approved.ID)
	s.press(moderator, modChannel, "kb_approve", approved.ID)
	s.waitDM(author, "approved")
	pendingValues := lessonValues("A second lesson about hydrotherapy bookings")
	pending := s.submitLesson(author, pendingValues)
	s.reviewPost(pending.ID)
	thread := s.ts()
	s.deliver(bottest.AppMention(asker, "CTHREAD", thread, "", mention(xrayQuestion)))
	answer := s.waitPost("CTHREAD")
	answerID, _ := answer.ActionValue("kb_unhelpful")
	shareView := s.openShare(author).View()
	rejectView := s.nextView("kb_reject", func() { s.press(moderator, modChannel, "kb_reject", pending.ID) }).View()
	outcomeView := s.nextView("kb_update_outcome", func() { s.press(author, "C1", "kb_update_outcome", approved.ID) }).View()
	feedbackView := s.nextView("kb_feedback", func() { s.press(asker, "CTHREAD", "kb_unhelpful", answerID) }).View()

	// formRefused submits a form and checks the modal stays open with the
	// kind named on the given fields.
	formRefused := func(t *testing.T, user string, view map[string]any, values map[string]any, kind privacy.Kind, fields ...string) {
		t.Helper()
		errs := viewErrors(t, s.with(t).interact(bottest.SubmitView(t, user, view, values)))
		for _, f := range fields {
			if !strings.Contains(errs[f], kind.Message()) {
				t.Errorf("errors = %v, want one on %s saying %q", errs, f, kind.Message())
			}
		}
	}
	// replyRefused checks a private reply names the kind.
	replyRefused := func(t *testing.T, rid string, kind privacy.Kind) {
		t.Helper()
		if got := s.with(t).reply(rid); !strings.Contains(got.Text(), kind.Message()) {
			t.Errorf("reply = %q, want it to say it %s", got.Text(), kind.Message())
		}
	}
	// postRefused waits for a refusal posted to channel.
	postRefused := func(t *testing.T, channel string, n int, kind privacy.Kind) {
		t.Helper()
		calls := s.fake.WaitFor(t, "the refusal in "+channel, n, wait, func(c bottest.Call) bool {
			return strings.HasPrefix(c.Method, "chat.post") && c.Value("channel") == channel && c.OK()
		})
		if got := calls[n-1].Text(); !strings.Contains(got, kind.Message()) {
			t.Errorf("post = %q, want it to say it %s", got, kind.Message())
		}
	}

	followUps := 1
	for _, l := range identifierLayouts() {
		t.Run(l.name, func(t *testing.T) {
			s := s.with(t)
			sentence := "About our pilot: " + l.text + " came up in the audit."
			t.Run("lesson form", func(t *testing.T) {
				v := lessonValues(hydroTitle)
				v[handlers.FieldWhatHappened] = sentence
				formRefused(t, author, shareView, v, l.kind, handlers.FieldWhatHappened)
			})
			if cut := strings.IndexAny(l.text, " \t\n,\u200c\u200d\u2060\u00ad\ufeff-("); cut > 0 && l.kind == privacy.NHSNumber {
				t.Run("split across title and lessons", func(t *testing.T) {
					v := lessonValues("Hydrotherapy chatbot pilot " + l.text[:cut])
					v[handlers.FieldLessons] = l.text[cut:] + " taught us to check the booking line."
					formRefused(t, author, shareView, v, l.kind, handlers.FieldTitle, handlers.FieldLessons)
				})
			}
			t.Run("slash command", func(t *testing.T) {
				replyRefused(t, s.with(t).slash(asker, "ask what happened with "+l.text), l.kind)
			})
			t.Run("mention", func(t *testing.T) {
				ch := fmt.Sprintf("CPRIV%d", s.next())
				s.with(t).deliver(bottest.AppMention(asker, ch, s.ts(), "", mention("what happened with "+l.text+"?")))
				postRefused(t, ch, 1, l.kind)
			})
			t.Run("follow-up", func(t *testing.T) {
				s.with(t).deliver(bottest.Message(asker, "CTHREAD", "channel", s.ts(), thread, "and "+l.text+"?"))
				followUps++
				postRefused(t, "CTHREAD", followUps, l.kind)
			})
			t.Run("feedback reason", func(t *testing.T) {
				formRefused(t, asker, feedbackView, map[string]any{"reason": "wrong for " + l.text}, l.kind, "reason")
			})
			t.Run("expert topic", func(t *testing.T) {
				replyRefused(t, s.with(t).slash("UEXPERT1", "expert add ambient scribes, "+l.text), l.kind)
			})
			t.Run("reject reason", func(t *testing.T) {
				formRefused(t, moderator, rejectView, map[string]any{"reason": "It mentions " + l.text}, l.kind, "reason")
			})
			t.Run("outcome note", func(t *testing.T) {
				formRefused(t, author, outcomeView, map[string]any{"outcome": "success", "note": sentence}, l.kind, "note")
			})
		})
	}
	t.Run("three tags", func(t *testing.T) {
		v := lessonValues(hydroTitle)
		v[handlers.FieldTags] = "943, 476, 5919"
		formRefused(t, author, shareView, v, privacy.NHSNumber, handlers.FieldTags)
	})
	s.barrier()
	for _, where := range s.leaked(screen, llm) {
		t.Error(where)
	}
}
