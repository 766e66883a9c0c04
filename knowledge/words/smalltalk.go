package words

import (
	"regexp"
	"strings"
)

// Small talk: greetings, thanks, acknowledgements and asking for help
// ("hi", "thanks!", "ok", "help"), and checking the bot is there ("test",
// "are you a bot?"), are recognised before any search: searching them
// finds nothing worth showing. The search calibration leaves them out of
// its off-topic bank for the same reason: they never reach search.

// The kinds of small talk SmallTalk returns.
const (
	Greeting = "greeting"
	Thanks   = "thanks"
	Ack      = "ack"
	Help     = "help"
)

// smallTalkPhrases are whole messages (after lower-casing and dropping
// punctuation) that are small talk, by kind. A message made only of such
// phrases ("ok thanks", "hi there, thank you") is small talk; one with any
// other word ("thanks, but what about DPIAs?") is a question.
func smallTalkPhrases() map[string][]string {
	return map[string][]string{
		Greeting: {
			"hi", "hello", "hey", "hiya", "howdy", "hi there", "hello there", "hey there", "greetings",
			"good morning", "good afternoon", "good evening", "morning", "afternoon", "evening",
			"bye", "goodbye", "bye bye", "see you", "see ya",
			// Checking the bot is there, or welcoming it.
			"welcome", "welcome to the channel", "you there", "are you there", "anyone there", "anybody there",
			"are you a bot", "are you real", "are you awake", "is this thing on", "is this working", "are you working",
			"test", "testing", "test test", "testing testing", "testing 123", "test 123", "1 2 3", "123",
		},
		Thanks: {
			"thanks", "thank you", "thankyou", "thx", "ty", "ta", "cheers", "many thanks", "thanks a lot",
			"thanks so much", "thank you so much", "thanks very much", "thank you very much", "thanks again",
			"much appreciated", "appreciated", "appreciate it", "thanks a million", "cheers mate",
		},
		Ack: {
			"ok", "okay", "k", "kk", "cool", "great", "perfect", "nice", "got it", "understood", "noted",
			"brilliant", "lovely", "excellent", "awesome", "fab", "fine", "sure", "alright", "all right",
			"yep", "yes", "no worries", "will do", "sounds good", "good", "that helps", "that helped",
			"helpful", "very helpful", "super", "amazing", "wonderful", "grand", "champion", "thumbsup",
		},
		Help: {
			"help", "help me", "help please", "please help", "what can you do", "what do you do",
			"how do i use this", "how does this work", "how do you work", "commands", "usage", "menu",
		},
	}
}

// smallTalkFillers may stand around small talk without making it a
// question.
func smallTalkFillers() map[string]bool {
	return map[string]bool{"kbbot": true, "bot": true, "so": true, "very": true, "much": true, "again": true,
		"please": true, "oh": true, "ah": true}
}

// emojiCode matches Slack's :emoji: codes.
const emojiCode = `:[a-z0-9_+'-]+:`

// maxSmallTalkWords bounds what can be small talk: longer text is a
// question however polite.
const maxSmallTalkWords = 8

// SmallTalk returns the kind of small talk text is, or "" when it is (or
// may be) a question. Help wins over thanks, thanks over a greeting, a
// greeting over an acknowledgement: "hi, thanks!" is thanks.
func SmallTalk(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	if strings.Trim(text, "? ") == "" {
		return Help // a lone "?"
	}
	toks := Tokens(regexp.MustCompile(emojiCode).ReplaceAllString(text, " "))
	if len(toks) == 0 {
		return Ack // emoji only: 👍, :+1:, 🙏
	}
	if len(toks) > maxSmallTalkWords {
		return ""
	}
	phrases := map[string]string{}
	longest := 1
	for kind, list := range smallTalkPhrases() {
		for _, p := range list {
			phrases[p] = kind
			longest = max(longest, len(strings.Fields(p)))
		}
	}
	fillers := smallTalkFillers()
	found := map[string]bool{}
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
	for _, kind := range []string{Help, Thanks, Greeting, Ack} {
		if found[kind] {
			return kind
		}
	}
	return "" // fillers only ("so", "please")
}
