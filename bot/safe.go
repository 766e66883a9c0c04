package bot

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Safe text. Every string that comes from a person, an entry or the LLM
// (a question, a title, a summary, a reason, a topic, an AI summary) goes
// through safe before it is put into anything kbbot sends to Slack: block
// text, the top-level text that notifications show, DMs, updates. kbbot's
// own markup (its bold, its links, its mentions of a user id it knows) is
// added around the safe text by the renderers, never taken from it.
//
// Slack reads <, > and & as control characters in text: <!channel> and
// <!here> ping everyone, <@U…> and <#C…> mention people and channels,
// <url|label> shows a link under any label it likes. Turned into entities
// they show as typed and do nothing. Typed without brackets, "@channel",
// "@here" and "@everyone" can still be turned into mentions by Slack's
// automatic parsing, so a word joiner is put after the @: it looks the
// same and mentions nobody.

// wordJoiner is U+2060, invisible and unbreakable.
const wordJoiner = "\u2060"

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	// broadcast matches a bare @channel, @here or @everyone.
	broadcast = regexp.MustCompile(`(?i)@(channel|here|everyone)\b`)
)

// safe neutralises Slack control markup in text from a person, an entry or
// the LLM, so it shows as typed and mentions or links nothing. It is the
// one function every such string goes through, in blocks and in the
// top-level text alike.
func safe(s string) string {
	s = textEscaper.Replace(s)
	return broadcast.ReplaceAllString(s, "@"+wordJoiner+"$1")
}

// mention is kbbot's mention of a Slack user it knows by id: <@U…> for a
// well-formed id, and the id as safe text for anything else, so a
// malformed contact from an import can never smuggle markup in.
func mention(id string) string {
	if knowledge.ValidUserID(id) {
		return "<@" + id + ">"
	}
	return safe(id)
}

// link is a mrkdwn link to rawURL labelled with safe text. Only http and
// https links with a host are linked, and the characters Slack reads as
// markup are percent-encoded in the URL; anything else shows the label
// alone.
func link(rawURL, label string) string {
	u := safeURL(rawURL)
	if u == "" {
		return safe(label)
	}
	if strings.TrimSpace(label) == "" {
		label = rawURL
	}
	return "<" + u + "|" + safe(label) + ">"
}

// safeURL returns rawURL ready to go inside <…|…>, or "" when it is not a
// plain web link.
func safeURL(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return ""
	}
	s := strings.NewReplacer("|", "%7C", "<", "%3C", ">", "%3E", " ", "%20").Replace(u.String())
	return strings.ReplaceAll(s, "&", "&amp;")
}
