package handlers

import (
	"regexp"
	"strings"

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
	SmallTalkGreeting SmallTalk = "greeting"
	SmallTalkThanks   SmallTalk = "thanks"
	SmallTalkAck      SmallTalk = "ack"
	SmallTalkHelp     SmallTalk = "help"
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

// smallTalkPhrases are whole messages (after lower-casing and dropping
// punctuation) that are small talk, by kind. A message made only of such
// phrases ("ok thanks", "hi there, thank you") is small talk; one with any
// other word ("thanks, but what about DPIAs?") is a question.
func smallTalkPhrases() map[SmallTalk][]string {
	return map[SmallTalk][]string{
		SmallTalkGreeting: {
			"hi", "hello", "hey", "hiya", "howdy", "hi there", "hello there", "hey there", "greetings",
			"good morning", "good afternoon", "good evening", "morning", "afternoon", "evening",
			"bye", "goodbye", "bye bye", "see you", "see ya",
		},
		SmallTalkThanks: {
			"thanks", "thank you", "thankyou", "thx", "ty", "ta", "cheers", "many thanks", "thanks a lot",
			"thanks so much", "thank you so much", "thanks very much", "thank you very much", "thanks again",
			"much appreciated", "appreciated", "appreciate it", "thanks a million", "cheers mate",
		},
		SmallTalkAck: {
			"ok", "okay", "k", "kk", "cool", "great", "perfect", "nice", "got it", "understood", "noted",
			"brilliant", "lovely", "excellent", "awesome", "fab", "fine", "sure", "alright", "all right",
			"yep", "yes", "no worries", "will do", "sounds good", "good", "that helps", "that helped",
			"helpful", "very helpful", "super", "amazing", "wonderful", "grand", "champion", "thumbsup",
		},
		SmallTalkHelp: {
			"help", "help me", "help please", "please help", "what can you do", "what do you do",
			"how do i use this", "how does this work", "how do you work", "commands", "usage", "menu",
		},
	}
}

// fillers may stand around small talk without making it a question.
var fillers = map[string]bool{"kbbot": true, "bot": true, "so": true, "very": true, "much": true, "again": true, "please": true, "oh": true, "ah": true}

// emojiCode matches Slack's :emoji: codes.
var emojiCode = regexp.MustCompile(`:[a-z0-9_+'-]+:`)

// maxSmallTalkWords bounds what can be small talk: longer text is a
// question however polite.
const maxSmallTalkWords = 8

// SmallTalkOf returns the kind of small talk text is, or "" when it is
// (or may be) a question. Help wins over thanks, thanks over a greeting,
// a greeting over an acknowledgement: "hi, thanks!" is thanks.
func SmallTalkOf(text string) SmallTalk {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if strings.Trim(text, "? ") == "" {
		return SmallTalkHelp // a lone "?"
	}
	toks := words.Tokens(emojiCode.ReplaceAllString(text, " "))
	if len(toks) == 0 {
		return SmallTalkAck // emoji only: 👍, :+1:, 🙏
	}
	if len(toks) > maxSmallTalkWords {
		return ""
	}
	phrases := map[string]SmallTalk{}
	longest := 1
	for kind, list := range smallTalkPhrases() {
		for _, p := range list {
			phrases[p] = kind
			longest = max(longest, len(strings.Fields(p)))
		}
	}
	found := map[SmallTalk]bool{}
	for i := 0; i < len(toks); {
		n := 0
		for l := min(longest, len(toks)-i); l > 0; l-- {
			if kind, ok := phrases[strings.Join(toks[i:i+l], " ")]; ok {
				found[kind] = true
				n = l
				break
			}
		}
		switch {
		case n > 0:
			i += n
		case fillers[toks[i]]:
			i++
		default:
			return "" // a word that is not small talk: a question
		}
	}
	for _, kind := range []SmallTalk{SmallTalkHelp, SmallTalkThanks, SmallTalkGreeting, SmallTalkAck} {
		if found[kind] {
			return kind
		}
	}
	return "" // fillers only ("so", "please")
}

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
