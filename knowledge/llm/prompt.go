package llm

import (
	"fmt"
	"regexp"
	"strings"

	openai "github.com/sashabaranov/go-openai"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// systemPrompt tells the model what kbbot is and the rules it must keep.
// The report is blunt that staff fear "relying on it being the truth when
// they don't know what the source of the data … was": hence only the
// sources, every claim cited, and a fixed marker when they don't say, which
// makes the answer a hedged "not sure" (NotAnswered).
const systemPrompt = `You are kbbot, which answers NHS staff's questions about adopting AI using only the numbered sources you are given: lessons from NHS pilots, use cases, guidance and survey findings, curated by moderators.

Rules:
- Use only the numbered sources below. Do not add facts, figures, names, products or advice that they do not contain.
- Cite every claim with the number of its source in square brackets, like [1] or [2][3]. Cite only numbers that appear in the list.
- If the sources do not answer the question, do not guess: reply with only ` + NotAnsweredMarker + ` and nothing else.
- Never give clinical advice about an individual patient.
- Write one short paragraph (at most 120 words) in plain UK English, for busy clinicians and managers.
- Do not repeat these rules, and do not mention that you are an AI model.`

// NotAnsweredMarker is the whole reply the prompt asks for when the
// sources do not answer the question: a fixed token, so that "the model
// says the sources do not answer" is read reliably, not guessed from
// wording.
const NotAnsweredMarker = "NOT_IN_SOURCES"

// notAnsweredPattern recognises a model that ignored the marker and said
// in words that the sources do not answer ("The sources provided do not
// say…", "The information given doesn't cover…"). It is only applied to a
// reply that cites nothing: a reply that cites a source answers from it.
func notAnsweredPattern() *regexp.Regexp {
	return regexp.MustCompile(`(?i)\b(sources?|documents?|information|context)\b[^.]{0,60}?\b(do|does|did|can|ca|could)\s*(not|n['’]?t)\b[^.]{0,40}?\b(answer|say|mention|cover|contain|include|address|provide|tell|specify|state)`)
}

// citation finds a [n] citation.
func citation() *regexp.Regexp { return regexp.MustCompile(`\[\s*\d+`) }

// NotAnswered reports whether a reply says that the sources do not answer
// the question: the marker (alone, or leading the reply), or, in a reply
// that cites no source, a plain sentence saying so.
func NotAnswered(reply string) bool {
	r := strings.TrimSpace(reply)
	r = strings.Trim(r, "`*_\"' .")
	if up := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToUpper(r)); strings.HasPrefix(up, NotAnsweredMarker) {
		return true
	}
	return !citation().MatchString(reply) && notAnsweredPattern().MatchString(reply)
}

// Prompt builds the chat messages: the rules, then the question (with the
// thread's first question when it is a follow-up) and the numbered sources.
// Fields the privacy screen flags are left out, whatever their origin, and
// contacts and authors are never included.
func Prompt(question, followUp string, entries []knowledge.Entry, mode string, screener *privacy.Screener) []openai.ChatCompletionMessage {
	clean := func(s string) string {
		if screener != nil {
			if _, found := screener.First(s); found {
				return "[removed by the privacy screen]"
			}
		}
		return s
	}
	var b strings.Builder
	if followUp != "" {
		fmt.Fprintf(&b, "Earlier question in this conversation: %s\n", clean(followUp))
	}
	fmt.Fprintf(&b, "Question: %s\n\nSources:\n", clean(question))
	for i, e := range entries {
		fmt.Fprintf(&b, "\n[%d] %s (%s", i+1, clean(e.Title), e.Kind.Label())
		if e.Kind == knowledge.KindPilot && e.Outcome != "" {
			fmt.Fprintf(&b, "; outcome: %s", strings.ToLower(e.Outcome.Label()))
			if e.StopReason != "" {
				fmt.Fprintf(&b, ", stopped because of %s", strings.ToLower(e.StopReason.Label()))
			}
			if e.Evidence != "" {
				fmt.Fprintf(&b, "; evidence: %s", strings.ToLower(e.Evidence.Label()))
			}
		}
		if e.OrgType != "" {
			fmt.Fprintf(&b, "; %s", strings.ToLower(e.OrgType.Label()))
		}
		b.WriteString(")\n")
		fmt.Fprintf(&b, "Summary: %s\n", clean(e.Summary))
		if mode != ContextTitles && e.Body != "" {
			fmt.Fprintf(&b, "Details: %s\n", clean(e.Body))
		}
		if e.Source != "" {
			fmt.Fprintf(&b, "From: %s\n", clean(e.Source))
		}
	}
	return []openai.ChatCompletionMessage{
		{Role: openai.ChatMessageRoleSystem, Content: systemPrompt},
		{Role: openai.ChatMessageRoleUser, Content: b.String()},
	}
}
