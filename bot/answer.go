package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// question is a question from any surface, with where its answer goes.
type question struct {
	text string
	// context is the thread's first question, for follow-ups.
	context string
	// rememberThread: after answering, record the thread so the asker's
	// next reply there is a follow-up.
	rememberThread bool
	reply          reply
	received       time.Time
	// shareable: a private /kb answer gets "Share in channel".
	shareable bool
}

// answer runs the ask use case and posts the result. It is the one path
// for mentions, DMs, follow-ups and /kb.
func (b *Bot) answer(ctx context.Context, q question) {
	ans, err := b.app.Ask(ctx, handlers.AskRequest{Question: q.text, Context: q.context, RecordGap: true})
	if err != nil {
		b.fail(ctx, q.reply, "ask", err)
		return
	}
	if ans.Refused != "" {
		b.m.Answers.WithLabelValues("refused").Inc()
		b.m.Refusals.WithLabelValues(string(ans.Refused)).Inc()
		b.lg.Info("question refused by the privacy screen", "event_id", q.reply.eventID, "user", q.reply.user, "kind", string(ans.Refused))
		b.say(ctx, q.reply, handlers.RefusalText(ans.Refused))
		return
	}
	if strings.TrimSpace(q.text) == "" {
		b.say(ctx, q.reply, ans.Text)
		return
	}
	rec, err := b.app.SaveAnswer(ctx, ans, q.context, q.reply.user)
	if err != nil {
		b.fail(ctx, q.reply, "save answer", err)
		return
	}
	// Remember the thread before the answer appears, so a reply typed the
	// moment it does is already a follow-up.
	if q.rememberThread && q.reply.threadTS != "" {
		first := q.text
		if q.context != "" {
			first = q.context
		}
		if err := b.app.RememberThread(ctx, q.reply.channel, q.reply.threadTS, handlers.Thread{Asker: q.reply.user, Question: first}); err != nil {
			b.lg.Warn("could not remember the thread", "event_id", q.reply.eventID, "err", err)
		}
	}
	view := answerView{answerID: rec.ID, shareable: q.shareable}
	summarise := b.app.LLMEnabled() && ans.Found
	first := view
	first.summarising = summarise
	ch, ts, err := b.post(ctx, q.reply, renderAnswer(ans, first))
	if err != nil {
		b.lg.Error("answer not delivered", "event_id", q.reply.eventID, "channel", q.reply.channel, "user", q.reply.user, "answer_id", rec.ID, "err", err)
		return
	}
	if summarise {
		ans = b.summarise(ctx, q, rec, ans, view, ch, ts)
	}
	result := "not_found"
	if ans.Found {
		result = "found"
	}
	b.m.Answers.WithLabelValues(result).Inc()
	b.m.AnswerLatency.Observe(time.Since(q.received).Seconds())
	b.lg.Info("question answered", "event_id", q.reply.eventID, "user", q.reply.user, "channel", q.reply.channel,
		"answer_id", rec.ID, "found", ans.Found, "sources", len(ans.Sources), "ms", time.Since(q.received).Milliseconds())
	if ts != "" {
		if err := b.app.LinkAnswerMessage(ctx, rec.ID, ch, ts); err != nil {
			b.lg.Warn("could not link answer to its message", "answer_id", rec.ID, "err", err)
		}
	}
}

// summarise upgrades a posted extractive answer to an AI summary, updating
// the message in place exactly once: with the summary, or, if the LLM
// fails, times out or answers badly, with the extractive answer without the
// "summarising" note. The user is never left with the placeholder.
func (b *Bot) summarise(ctx context.Context, q question, rec handlers.AnswerRecord, ans handlers.Answer, view answerView, ch, ts string) handlers.Answer {
	final, info := b.app.Summarize(ctx, ans, q.context)
	if info.CacheHit {
		b.m.LLMCacheHits.Inc()
	}
	if info.Fallback != "" {
		b.m.LLMFallbacks.WithLabelValues(info.Fallback).Inc()
	}
	if final.LLM {
		if err := b.app.UpdateAnswer(ctx, rec, final); err != nil {
			b.lg.Warn("could not save the summary with the answer", "answer_id", rec.ID, "err", err)
		}
	}
	msg := renderAnswer(final, view)
	// A fresh context: the update must happen even if the summary used up
	// the job's time.
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	var err error
	switch {
	case ts != "":
		err = b.slack.UpdateMessage(uctx, ch, ts, msg.options()...)
	case q.reply.responseURL != "":
		opts := append(msg.options(),
			slack.MsgOptionResponseURL(q.reply.responseURL, slack.ResponseTypeEphemeral),
			slack.MsgOptionReplaceOriginal(q.reply.responseURL))
		err = b.slack.Respond(uctx, q.reply.responseURL, opts...)
	}
	if err != nil {
		b.lg.Error("could not update the answer with its summary", "answer_id", rec.ID, "channel", ch, "err", err)
	}
	return final
}

// fail logs an error once, where it is handled, and tells the user in
// plain words. Errors with user-safe text (*knowledge.Error) are shown as
// they are; anything else becomes the apology.
func (b *Bot) fail(ctx context.Context, r reply, op string, err error) {
	if msg, ok := userMessage(err); ok {
		b.say(ctx, r, msg)
		return
	}
	b.lg.Error("request failed", "op", op, "event_id", r.eventID, "user", r.user, "channel", r.channel, "err", err)
	b.apologise(ctx, r)
}

// cleanText turns a Slack message into the question it asks: mentions of
// the bot removed, other markup (<@U…>, <#C…|name>, <https://…|label>)
// reduced to what a person sees, entities decoded.
func cleanText(text, botUserID string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			b.WriteString(text)
			break
		}
		j := strings.IndexByte(text[i:], '>')
		if j < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		inner := text[i+1 : i+j]
		text = text[i+j+1:]
		target, label, hasLabel := strings.Cut(inner, "|")
		switch {
		case hasLabel && !(strings.HasPrefix(target, "@") && strings.TrimPrefix(target, "@") == botUserID):
			b.WriteString(label)
		case strings.HasPrefix(target, "@"), strings.HasPrefix(target, "#"), strings.HasPrefix(target, "!"):
			b.WriteString(" ")
		default:
			b.WriteString(target)
		}
		b.WriteString(" ")
	}
	out := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(b.String())
	return strings.Join(strings.Fields(out), " ")
}

// mentions reports whether text mentions the user id.
func mentions(text, userID string) bool {
	return userID != "" && strings.Contains(text, "<@"+userID)
}

// userMessage returns the user-safe text of an error, if it has one.
func userMessage(err error) (string, bool) {
	var ke *knowledge.Error
	if errors.As(err, &ke) {
		return ke.Msg, true
	}
	return "", false
}
