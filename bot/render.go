package bot

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Slack's Block Kit limits (docs: "Blocks", "Section block", "Button").
const (
	maxMessageBlocks = 50
	maxHomeBlocks    = 100
	maxSectionText   = 3000
	maxButtonValue   = 2000
	maxSources       = 3
)

// Action ids of kbbot's buttons. Their values carry an answer or entry id,
// never text.
const (
	actionShare      = "kb_share"
	actionHelpful    = "kb_helpful"
	actionUnhelpful  = "kb_unhelpful"
	actionAskPerson  = "kb_ask_person"
	callbackFeedback = "kb_feedback"
)

// escape makes text safe inside mrkdwn: Slack reads <, > and & as markup.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// clip cuts text to n characters, for Block Kit's limits.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, clip(s, maxSectionText), false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func textSection(s string) slack.Block { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }

func button(actionID, label, value string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, clip(value, maxButtonValue), plain(label))
}

// answerView says how an answer is shown.
type answerView struct {
	answerID string
	// shareable adds "Share in channel" (on private /kb answers).
	shareable bool
	// sharedBy introduces an answer someone shared in a channel.
	sharedBy string
	// summarising marks the first version of an answer that an AI summary
	// will replace in place.
	summarising bool
}

// renderAnswer lays out an answer: the short answer, up to three sources
// with the facts a reader needs to judge them, and the feedback, "Ask a
// person" and (private answers) "Share in channel" buttons. The text
// fallback carries the answer and source titles.
func renderAnswer(ans handlers.Answer, v answerView) message {
	var blocks []slack.Block
	var fallback strings.Builder
	if v.sharedBy != "" {
		intro := fmt.Sprintf("<@%s> shared an answer from kbbot to: _%s_", v.sharedBy, escape(clip(ans.Question, 300)))
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(intro)))
		fmt.Fprintf(&fallback, "Shared by a colleague: ")
	}
	if !ans.Found {
		blocks = append(blocks, textSection(escape(ans.Text)))
		fallback.WriteString(ans.Text)
		blocks = append(blocks, slack.NewActionBlock("kb_actions", button(actionAskPerson, "Ask a person", v.answerID)))
		return message{text: fallback.String(), blocks: blocks}
	}
	blocks = append(blocks, textSection(escape(ans.Text)))
	fallback.WriteString(ans.Text)
	switch {
	case ans.LLM:
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(":sparkles: AI summary of the sources below. Check them before relying on it.")))
	case v.summarising:
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(":hourglass_flowing_sand: Summarising the sources… the best match is shown meanwhile.")))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	fallback.WriteString("\nSources: ")
	for i, s := range ans.Sources {
		if i == maxSources {
			break
		}
		blocks = append(blocks, textSection(renderSource(i+1, s)))
		if i > 0 {
			fallback.WriteString("; ")
		}
		fmt.Fprintf(&fallback, "[%d] %s", i+1, s.Title)
	}
	elems := []slack.BlockElement{
		button(actionHelpful, "👍 Helpful", v.answerID),
		button(actionUnhelpful, "👎 Not helpful", v.answerID),
		button(actionAskPerson, "Ask a person", v.answerID),
	}
	if v.shareable {
		share := button(actionShare, "Share in channel", v.answerID)
		share.Style = slack.StylePrimary
		elems = append(elems, share)
	}
	blocks = append(blocks, slack.NewActionBlock("kb_actions", elems...))
	return message{text: clip(fallback.String(), 3000), blocks: capBlocks(blocks, maxMessageBlocks)}
}

// renderSource formats one source: its title (linked when it has a URL),
// its badges, where it comes from and who shared it, unless anonymous.
func renderSource(n int, s handlers.Source) string {
	title := "*" + escape(s.Title) + "*"
	if s.URL != "" {
		title = fmt.Sprintf("*<%s|%s>*", s.URL, escape(s.Title))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d. %s\n%s", n, title, escape(strings.Join(handlers.SourceFacts(s), " · ")))
	if s.Source != "" {
		fmt.Fprintf(&b, "\n_Source: %s_", escape(clip(s.Source, 300)))
	}
	if s.Contact != "" {
		fmt.Fprintf(&b, "\nShared by <@%s>", s.Contact)
	}
	return b.String()
}

// capBlocks keeps a message within Slack's block limit, keeping the last
// block (the buttons).
func capBlocks(blocks []slack.Block, max int) []slack.Block {
	if len(blocks) <= max {
		return blocks
	}
	return append(blocks[:max-1:max-1], blocks[len(blocks)-1])
}

// renderStats lays out /kb stats.
func renderStats(st handlers.Stats) message {
	var b strings.Builder
	fmt.Fprintf(&b, "*The knowledge base holds %d approved entries*", st.Total)
	if st.Pending > 0 {
		fmt.Fprintf(&b, " (%d waiting for review)", st.Pending)
	}
	sections := []slack.Block{textSection(b.String())}
	add := func(title string, lines []string) {
		if len(lines) > 0 {
			sections = append(sections, textSection("*"+title+"*\n"+strings.Join(lines, "\n")))
		}
	}
	add("By kind", countLines(st.ByKind, knowledge.Kind.Label))
	add("By pilot outcome", countLines(st.ByOutcome, knowledge.Outcome.Label))
	add("By organisation type", countLines(st.ByOrgType, knowledge.OrgType.Label))
	add("By category", countLines(st.ByCategory, knowledge.Category.Label))
	return message{text: fmt.Sprintf("The knowledge base holds %d approved entries.", st.Total), blocks: sections}
}

// renderHelp explains kbbot, naming the slash command as it is installed.
func renderHelp(command string) message {
	if command == "" {
		command = "/kb"
	}
	text := fmt.Sprintf(`*kbbot answers questions about adopting AI in the NHS* from lessons, use cases and guidance shared by colleagues, always with its sources. If it doesn't know, it says so.

*Ask*
• Mention me in a channel: @kbbot has anyone piloted an ambient scribe in primary care?
• Send me a direct message, or use %[1]s QUESTION (only you see the answer; you can share it).
• Reply in the thread of my answer to follow up; no need to mention me again.

*Share and find people*
• %[1]s share: post what your pilot taught you. Abandoned pilots are among the most useful lessons. You can post anonymously.
• %[1]s experts TOPIC: people who can help. %[1]s expert add TOPICS to offer help yourself.
• %[1]s mine: your submissions, to withdraw or update them.
• %[1]s stats: what the knowledge base holds.

*Please never include patient details* (NHS numbers, names, dates of birth, addresses): I refuse text that looks like them.`, command)
	return message{text: "kbbot answers questions about adopting AI in the NHS. Try " + command + " QUESTION.", blocks: []slack.Block{textSection(text)}}
}

// renderHome lays out the App Home.
func renderHome(h handlers.Home) slack.HomeTabViewRequest {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("kbbot: AI in the NHS, from people who have tried it")),
		textSection("Ask me anything about adopting AI: what others piloted, what worked and what didn't, and what governance you need first.\n" +
			"• Mention *@kbbot* in a channel, send me a message here, or type `/kb QUESTION`.\n" +
			"• Share what your pilot taught you with `/kb share`. Stopped pilots are some of the most useful lessons, and you can post anonymously.\n" +
			"• Find people who have done it with `/kb experts TOPIC`."),
	}
	if h.Moderator {
		blocks = append(blocks, slack.NewDividerBlock(),
			textSection(fmt.Sprintf("*Moderation:* %d submission%s waiting for review. Use `/kb queue` to review them.", h.Pending, plural(h.Pending))))
	}
	blocks = append(blocks, slack.NewDividerBlock(), textSection("*Newest pilot lessons*"))
	if len(h.Newest) == 0 {
		blocks = append(blocks, textSection("None yet. Be the first: `/kb share`."))
	}
	for i, s := range h.Newest {
		blocks = append(blocks, textSection(renderSource(i+1, s)+"\n"+escape(clip(s.Summary, 400))))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: capBlocks(blocks, maxHomeBlocks)}}
}

// feedbackModal asks why an answer did not help. The reason is optional.
func feedbackModal(answerID string) slack.ModalViewRequest {
	input := slack.NewPlainTextInputBlockElement(plain("What were you looking for? (optional)"), "reason")
	input.Multiline = true
	input.MaxLength = handlers.MaxReasonLen
	block := slack.NewInputBlock("reason", plain("What was missing or wrong?"), nil, input)
	block.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain("Not helpful"),
		Submit:          plain("Send"),
		Close:           plain("Cancel"),
		CallbackID:      callbackFeedback,
		PrivateMetadata: answerID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			textSection("Thanks for saying. Your question goes to the moderators' list of gaps, so someone can add what's missing. Please don't include patient details."),
			block,
		}},
	}
}

// countLines lists counts, largest first, as "• Label: n".
func countLines[K ~string](m map[K]int, label func(K) string) []string {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(string(a), string(b))
	})
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("• %s: %d", escape(label(k)), m[k])
	}
	return lines
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
