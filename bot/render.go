package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// Block Kit building blocks shared by every capability's rendering: text
// (escaped and clipped to Slack's limits), buttons, form inputs and their
// state, sources, and the notices the use cases send through the Notifier.
// Each capability lays out its own messages in its own file.

// Slack's Block Kit limits (docs: "Blocks", "Section block", "Button").
const (
	maxMessageBlocks = 50
	maxHomeBlocks    = 100
	maxSectionText   = 3000
	maxButtonValue   = 2000
	maxSources       = 3
	// maxFallbackText bounds a message's top-level text: Slack shows about
	// this much in a notification, and truncates far longer text.
	maxFallbackText = 3000
	// maxDigestLessons bounds the digest's list, within the block limit.
	maxDigestLessons = 20
)

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

// renderSource formats one source: its title (linked when it has a URL),
// its badges, where it comes from and who shared it, unless anonymous.
func renderSource(n int, s handlers.Source) string {
	title := "*" + link(s.URL, clip(s.Title, 200)) + "*"
	var b strings.Builder
	fmt.Fprintf(&b, "%d. %s\n%s", n, title, safe(strings.Join(handlers.SourceFacts(s), " · ")))
	if s.Source != "" {
		fmt.Fprintf(&b, "\n_Source: %s_", safe(clip(s.Source, 300)))
	}
	if s.Contact != "" {
		fmt.Fprintf(&b, "\nShared by %s", mention(s.Contact))
	}
	return b.String()
}

// sourceSection is a source as a section with its Details button.
func sourceSection(n int, s handlers.Source, extra string) slack.Block {
	return slack.NewSectionBlock(mrkdwn(renderSource(n, s)+extra), nil,
		slack.NewAccessory(button(actionDetails, "Details", s.ID)))
}

// capBlocks keeps a message within Slack's block limit, keeping the last
// block (the buttons).
func capBlocks(blocks []slack.Block, max int) []slack.Block {
	if len(blocks) <= max {
		return blocks
	}
	return append(blocks[:max-1:max-1], blocks[len(blocks)-1])
}

// option builds a select option.
func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(clip(label, 75)), nil)
}

func enumOptions[T ~string](values []T, label func(T) string) []*slack.OptionBlockObject {
	out := make([]*slack.OptionBlockObject, len(values))
	for i, v := range values {
		out[i] = option(string(v), label(v))
	}
	return out
}

func findOption(opts []*slack.OptionBlockObject, value string) *slack.OptionBlockObject {
	for _, o := range opts {
		if o.Value == value {
			return o
		}
	}
	return nil
}

// selectInput is a static select input block, preselected when value is
// one of its options.
func selectInput(id, label, placeholder string, opts []*slack.OptionBlockObject, value string, optional bool, hint string) *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(placeholder), id, opts...)
	if o := findOption(opts, value); o != nil {
		el.InitialOption = o
	}
	return inputBlock(id, label, hint, el, optional)
}

// inputBlock wraps an input element with its label, optional hint and
// whether it may be left empty.
func inputBlock(id, label, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
	var h *slack.TextBlockObject
	if hint != "" {
		h = plain(hint)
	}
	b := slack.NewInputBlock(id, plain(label), h, el)
	b.Optional = optional
	return b
}

// textInput is a plain-text input block.
func textInput(id, label, value string, multiline bool, maxLen int, optional bool, hint string) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, id)
	el.Multiline = multiline
	el.MaxLength = maxLen
	el.InitialValue = value
	return inputBlock(id, label, hint, el, optional)
}

// stateValue reads a text input, a select or a radio button from a view's
// state, by block id (kbbot uses the same id for the element).
func stateValue(v slack.View, id string) string {
	a, ok := v.State.Values[id][id]
	if !ok {
		return ""
	}
	switch {
	case a.SelectedOption.Value != "":
		return a.SelectedOption.Value
	default:
		return a.Value
	}
}

func stateValues(v slack.View, id string) []string {
	a, ok := v.State.Values[id][id]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a.SelectedOptions))
	for _, o := range a.SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}

// noticeMessage is a use case's DM: its text with every title, reason or
// question made safe, the answer it brings (Notify me), and its button if
// the bot knows the action.
func noticeMessage(note handlers.Notice) message {
	text := note.Format(safe)
	if note.Answer != nil {
		ans := renderAnswer(*note.Answer, answerView{answerID: note.Answer.ID, intro: text})
		return ans
	}
	blocks := []slack.Block{textSection(text)}
	if note.Button != nil {
		action := ""
		switch note.Button.Action {
		case handlers.ButtonUpdateOutcome:
			action = actionUpdateOutcome
		}
		if action != "" {
			blocks = append(blocks, slack.NewActionBlock("notice", button(action, note.Button.Label, note.Button.Value)))
		}
	}
	return message{text: clip(text, maxFallbackText), blocks: blocks}
}

// digestMessage is the weekly digest of new pilot lessons.
func digestMessage(d handlers.Digest) message {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("New pilot lessons this week")),
		textSection(fmt.Sprintf("%d lesson%s shared by colleagues since %s. Ask me about any of them.", len(d.Lessons), plural(len(d.Lessons)), d.Since.Format("2 Jan"))),
	}
	for i, s := range d.Lessons {
		if i == maxDigestLessons {
			blocks = append(blocks, textSection(fmt.Sprintf("…and %d more. Ask me about any of them.", len(d.Lessons)-maxDigestLessons)))
			break
		}
		blocks = append(blocks, sourceSection(i+1, s, "\n"+safe(clip(s.Summary, 300))))
	}
	return message{text: fmt.Sprintf("%d new pilot lesson%s this week", len(d.Lessons), plural(len(d.Lessons))), blocks: capBlocks(blocks, maxMessageBlocks)}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
