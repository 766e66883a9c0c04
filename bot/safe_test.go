package bot

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/bot/bottest"
	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// hostile is text a person, an entry or the LLM could send kbbot: every
// kind of Slack control markup, and the broadcast words without brackets.
const hostile = "<!channel> <!here> <!everyone> <!subteam^S123|@team> <@UEVIL> <#CEVIL|general> " +
	"<https://evil.example/login|NHS England guidance> <mailto:a@evil.example|mail> @channel @here @everyone & &amp; done"

// markupLeaks finds what hostile text must never become: live markup.
var markupLeaks = []*regexp.Regexp{
	regexp.MustCompile(`<!`),
	regexp.MustCompile(`<@UEVIL`),
	regexp.MustCompile(`<#CEVIL`),
	regexp.MustCompile(`<https?://evil`),
	regexp.MustCompile(`<mailto:`),
	regexp.MustCompile(`@(channel|here|everyone)\b`), // bare, without the word joiner
}

// hostileEntry holds hostile text in every field a person can write, and a
// link holding Slack's markup characters.
func hostileEntry(st knowledge.Status) knowledge.Entry {
	return knowledge.Entry{
		ID: "lesson-hostile", Kind: knowledge.KindPilot, Status: st,
		Title: "T " + hostile, Summary: "S " + hostile,
		Body: "## " + hostile + "\n\n" + hostile + "\n\n- " + hostile + "\n- [" + hostile + "](https://markdown.example/x)\n\n" +
			"<!channel> raw HTML\n\n```\n" + hostile + "\n```\n\n> " + hostile + "\n\n| a | b |\n|---|---|\n| " + hostile + " | x |",
		Tags: []string{"tag " + hostile}, Source: "Src " + hostile, URL: "https://ok.example/a|b<c>d",
		Contact: "UEVIL> <!channel", Category: knowledge.CategoryGovernance, OrgType: knowledge.OrgICB,
		Outcome: knowledge.OutcomeAbandoned, StopReason: knowledge.StopGovernanceIG, Evidence: knowledge.EvidenceAnecdotal,
		ReviewedAt: knowledge.Day(when), CreatedAt: knowledge.NewDate(when), UpdatedAt: knowledge.NewDate(when),
	}
}

func hostileSource() handlers.Source {
	e := hostileEntry(knowledge.StatusApproved)
	s := sourceOfEntry(e)
	s.Contact = e.Contact
	return s
}

func hostileAnswer(c knowledge.Confidence, llm bool) handlers.Answer {
	a := handlers.Answer{ID: "ans1", Question: "Q " + hostile, Context: "C " + hostile, Confidence: c, Text: "A " + hostile, LLM: llm}
	if c != knowledge.ConfidenceNone {
		a.Sources = []handlers.Source{hostileSource(), hostileSource()}
	}
	return a
}

// TestHostileTextInEveryBuilder renders every message, DM, update, modal
// and App Home kbbot builds with hostile text in every string that comes
// from a person, an entry or the LLM, and checks that no control markup
// survives, in the blocks or in the top-level text that notifications
// show.
func TestHostileTextInEveryBuilder(t *testing.T) {
	pending := handlers.Review{Entry: hostileEntry(knowledge.StatusPending), Author: "UEVIL> <!here", Anonymous: true}
	decided := func(st knowledge.Status, later *handlers.Decision) handlers.Review {
		r := pending
		r.Entry.Status = st
		r.Decision = &handlers.Decision{Status: st, By: "UEVIL> <!channel", At: when, Reason: "R " + hostile}
		r.Later = later
		return r
	}
	answer := hostileAnswer(knowledge.ConfidenceHigh, false)
	notices := []handlers.Notice{
		{Text: "Thanks for sharing *%s*.", Args: []string{hostile}},
		{Text: "Your lesson *%s* was not added. Their reason: _%s_", Args: []string{hostile, hostile}},
		{Text: "It's been 3 months since *%s*.", Args: []string{hostile}, Button: &handlers.Button{Action: handlers.ButtonUpdateOutcome, Label: "Update outcome", Value: "lesson-hostile"}},
		{Text: "Good news: _%s_", Args: []string{hostile}, Answer: &answer},
	}
	messages := map[string]message{
		"answer high":        renderAnswer(hostileAnswer(knowledge.ConfidenceHigh, false), answerView{answerID: "ans1", shareable: true, summarising: true}),
		"answer high llm":    renderAnswer(hostileAnswer(knowledge.ConfidenceHigh, true), answerView{answerID: "ans1"}),
		"answer low":         renderAnswer(hostileAnswer(knowledge.ConfidenceLow, false), answerView{answerID: "ans1"}),
		"answer none":        renderAnswer(hostileAnswer(knowledge.ConfidenceNone, false), answerView{answerID: "ans1"}),
		"answer shared":      renderAnswer(hostileAnswer(knowledge.ConfidenceHigh, true), answerView{answerID: "ans1", sharedBy: "UEVIL> <!here"}),
		"review pending":     reviewMessage(pending),
		"review approved":    reviewMessage(decided(knowledge.StatusApproved, nil)),
		"review rejected":    reviewMessage(decided(knowledge.StatusRejected, nil)),
		"review withdrawn":   reviewMessage(decided(knowledge.StatusArchived, nil)),
		"review archived":    reviewMessage(decided(knowledge.StatusApproved, &handlers.Decision{Status: knowledge.StatusArchived, By: "UEVIL> <!here", At: when})),
		"digest":             digestMessage(handlers.Digest{Since: when, Lessons: []handlers.Source{hostileSource()}}),
		"help":               renderHelp("/kb <!here>", true),
		"queue":              queueMessage(handlers.QueuePage{Reviews: []handlers.Review{pending, pending}, Total: 12, Offset: 5}, "Approved *"+safe(hostile)+"*"),
		"gaps":               gapsMessage([]handlers.GapGroup{{Question: hostile, Count: 3, Unhelpful: 1, Waiting: 2, Reasons: []string{hostile}}}, clampPage(listGaps, 0, 1), ""),
		"stale":              staleMessage([]knowledge.Entry{hostileEntry(knowledge.StatusApproved)}, clampPage(listStale, 0, 1), ""),
		"mine":               mineMessage([]handlers.MySubmission{{Entry: hostileEntry(knowledge.StatusApproved)}}, []handlers.Subscription{{ID: "ans1:U1", Question: hostile, At: when, Expires: when.Add(time.Hour)}}, clampPage(listMine, 0, 1), ""),
		"people":             {text: renderPeople(handlers.People{Experts: []handlers.Expert{{User: "UEVIL> <!here", Topics: []string{hostile}}}, Contributors: []handlers.Contributor{{User: "U1", Title: hostile}}})},
		"people moderators":  {text: renderPeople(handlers.People{Moderators: []string{"UEVIL> <!channel"}})},
		"stats":              renderStats(handlers.Stats{Total: 1, ByCategory: map[knowledge.Category]int{knowledge.Category(hostile): 1}}),
		"notice received":    noticeMessage(notices[0]),
		"notice rejected":    noticeMessage(notices[1]),
		"notice follow-up":   noticeMessage(notices[2]),
		"notice with answer": noticeMessage(notices[3]),
	}
	for name, m := range messages {
		t.Run(name, func(t *testing.T) {
			checkNoMarkup(t, "top-level text", m.text)
			for _, s := range blockTexts(t, m.blocks) {
				checkNoMarkup(t, "block text", s)
			}
		})
	}
	views := map[string]any{
		"details":         detailsModal(hostileEntry(knowledge.StatusApproved), "https://kbbot.example.nhs.uk"),
		"details pending": detailsModal(hostileEntry(knowledge.StatusPending), ""),
		"home":            renderHome(handlers.Home{Moderator: true, Pending: 2, Newest: []handlers.Source{hostileSource()}}),
		"reject reason":   reasonModal("lesson-hostile", hostile),
		"outcome":         outcomeModal(hostileEntry(knowledge.StatusApproved)),
		"edit lesson":     lessonModal(callbackEdit, "lesson-hostile", handlers.LessonForm{Title: hostile, WhatHappened: hostile, Lessons: hostile, Tags: hostile}, true),
		"edit entry":      entryModal("lesson-hostile", handlers.EntryForm{Title: hostile, Summary: hostile, Body: strings.Repeat(hostile+"\n", 40), Source: hostile}),
		"ask":             askModal(),
		"feedback":        feedbackModal("ans1"),
	}
	for name, v := range views {
		t.Run(name, func(t *testing.T) {
			for _, s := range viewTexts(t, v) {
				checkNoMarkup(t, "view text", s)
			}
		})
	}
	// The body's own Markdown link stays a link, but says where it goes.
	details := strings.Join(viewTexts(t, views["details"]), "\n")
	if !strings.Contains(details, "<https://markdown.example/x|") || !strings.Contains(details, "> (markdown.example)") {
		t.Errorf("the body's Markdown link is not a link naming its host:\n%s", details)
	}
}

func checkNoMarkup(t *testing.T, where, s string) {
	t.Helper()
	for _, re := range markupLeaks {
		if loc := re.FindStringIndex(s); loc != nil {
			from, to := max(loc[0]-40, 0), min(loc[1]+40, len(s))
			t.Errorf("%s holds live markup %q: …%s…", where, s[loc[0]:loc[1]], s[from:to])
		}
	}
}

// blockTexts collects every "text" in blocks (mrkdwn and plain text:
// sections, contexts, buttons, labels, options, confirmations).
func blockTexts(t *testing.T, blocks []slack.Block) []string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	return bottest.Texts(v)
}

// viewTexts collects every "text" in a view, its title included.
func viewTexts(t *testing.T, v any) []string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return bottest.Texts(m)
}

// TestSafe pins the neutralising itself.
func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"<!channel> hi", "&lt;!channel&gt; hi"},
		{"<@U123> and <#C1|x>", "&lt;@U123&gt; and &lt;#C1|x&gt;"},
		{"<https://evil|NHS>", "&lt;https://evil|NHS&gt;"},
		{"A&E", "A&amp;E"},
		{"&lt;!here&gt;", "&amp;lt;!here&amp;gt;"},
		{"ping @here and @Channel", "ping @\u2060here and @\u2060Channel"},
		{"email a@heres.nhs.net", "email a@heres.nhs.net"},
	}
	for _, tt := range tests {
		if got := safe(tt.in); got != tt.want {
			t.Errorf("safe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for in, want := range map[string]string{
		"U012AB3CD":        "<@U012AB3CD>",
		"U1> <!channel":    "U1&gt; &lt;!channel",
		"WABC123":          "<@WABC123>",
		"<!here>":          "&lt;!here&gt;",
		"":                 "",
		"u012ab3cd":        "u012ab3cd",
		"U012AB3CD|x>here": "U012AB3CD|x&gt;here",
	} {
		if got := mention(in); got != want {
			t.Errorf("mention(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"https://example.org/a?b=1&c=2": "<https://example.org/a?b=1&amp;c=2|label>",
		"https://ok.example/a|b<c>d":    "<https://ok.example/a%7Cb%3Cc%3Ed|label>",
		"javascript:alert(1)":           "label",
		"https://user:pw@example.org/":  "label",
		"ftp://example.org/":            "label",
	} {
		if got := link(in, "label"); got != want {
			t.Errorf("link(%q) = %q, want %q", in, got, want)
		}
	}
}
