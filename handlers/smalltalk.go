package handlers

import (
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Small talk: greetings, thanks and acknowledgements ("hi", "thanks!",
// "ok") are recognised before any search, on every surface, and answered
// in a line: searching them finds nothing, which used to record "thanks"
// as a knowledge gap and, in a thread, repost the whole answer. "help"
// said anywhere gets the help.

// SmallTalk is the kind of small talk a message is, or "" for a question.
type SmallTalk string

// The kinds of small talk.
const (
	SmallTalkGreeting SmallTalk = words.Greeting
	SmallTalkThanks   SmallTalk = words.Thanks
	SmallTalkAck      SmallTalk = words.Ack
	SmallTalkHelp     SmallTalk = words.Help
)

// What kbbot says back. A chat surface may react instead (a thank-you in
// a thread gets a reaction, not another message); help is the surface's
// own help text, HelpText is the line the command line prints.
const (
	GreetingText = "Hello! Ask me anything about adopting AI in the NHS, for example: has anyone used AI to clear an x-ray backlog?"
	ThanksText   = "You're welcome! Ask me again whenever you like."
	AckText      = "👍 Ask me anything else whenever you like."
	HelpText     = "Ask me a question about AI in the NHS (pilots, use cases, governance), and I'll answer from lessons and guidance shared by colleagues, with sources."
)

// SmallTalkOf returns the kind of small talk text is, or "" when it is
// (or may be) a question (words.SmallTalk).
func SmallTalkOf(text string) SmallTalk { return SmallTalk(words.SmallTalk(text)) }

// smallTalkText is what kbbot says back to small talk of kind.
func smallTalkText(kind SmallTalk) string {
	switch kind {
	case SmallTalkGreeting:
		return GreetingText
	case SmallTalkThanks:
		return ThanksText
	case SmallTalkHelp:
		return HelpText
	}
	return AckText
}
