package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// Asking: a mention, a DM, a reply in a thread kbbot answered, or /kb
// QUESTION becomes one handlers.Ask; the answer is posted, then
// handlers.AnswerPosted links it to its message and, with the LLM on,
// summarises it, and the message is updated in place. The "Share in
// channel" button is here too.

// question is a question from any surface, with where its answer goes.
type question struct {
	text string
	// refused: the privacy screen stopped the text before it was queued;
	// only the kind of identifier is known.
	refused privacy.Kind
	reply   reply
	// followUpOnly: a reply in a channel thread, answered only if it
	// follows up the asker's question there.
	followUpOnly bool
	received     time.Time
	// shareable: a private /kb answer gets "Share in channel".
	shareable bool
	// ts is the asker's message (mentions and messages), for a reaction;
	// react says small talk there gets a reaction rather than a reply (in
	// a channel or a thread).
	ts    string
	react bool
}

// askCommand is /kb ask QUESTION.
func (b *Bot) askCommand(ctx context.Context, c slashCall) *commandResponse {
	if c.rest == "" {
		return ephemeral(message{text: fmt.Sprintf("Ask me a question after `%s ask`, for example: `%s ask has anyone piloted an ambient scribe in primary care?`", safe(c.cmd.Command), safe(c.cmd.Command))})
	}
	b.submitQuestion(ctx, c.r, c.rest, c.received)
	return nil
}

// submitQuestion queues a /kb question (`/kb ask …` or any text that is
// not a subcommand): answered privately, with "Share in channel".
func (b *Bot) submitQuestion(ctx context.Context, r reply, text string, received time.Time) {
	b.enqueue(ctx, "", job{Kind: jobAsk, Reply: replyRecord(r), Text: text, Shareable: true, Received: received.UnixMilli()})
}

// mentionJob is the job of a mention: answered in its thread (a new
// thread under the mention, or the thread it was made in).
func (b *Bot) mentionJob(ev *slackevents.AppMentionEvent, r reply, received time.Time) job {
	r.threadTS = ev.ThreadTimeStamp
	if r.threadTS == "" {
		r.threadTS = ev.TimeStamp
	}
	return job{Kind: jobAsk, Reply: replyRecord(r), Text: cleanText(ev.Text, b.identity().userID), Received: received.UnixMilli(), TS: ev.TimeStamp, React: true}
}

// messageJob is the job of a DM, or of a reply in a thread: in a channel
// only the asker's follow-up in a thread kbbot answered for them is
// answered.
func (b *Bot) messageJob(ev *slackevents.MessageEvent, r reply, received time.Time) job {
	r.threadTS = ev.ThreadTimeStamp
	return job{
		Kind: jobAsk, Reply: replyRecord(r), Text: cleanText(ev.Text, b.identity().userID), Received: received.UnixMilli(),
		FollowUpOnly: ev.ThreadTimeStamp != "" && ev.ChannelType != "im",
		TS:           ev.TimeStamp, React: ev.ThreadTimeStamp != "" || ev.ChannelType != "im",
	}
}

// runAsk answers a queued question.
func (b *Bot) runAsk(ctx context.Context, j job, r reply) {
	b.answer(ctx, question{
		text: j.Text, refused: j.Refused, reply: r, received: j.received(), shareable: j.Shareable, followUpOnly: j.FollowUpOnly,
		ts: j.TS, react: j.React,
	})
}

// answer runs the ask use case and posts the result. It is the one path
// for mentions, DMs, follow-ups and /kb.
func (b *Bot) answer(ctx context.Context, q question) {
	ans, err := b.app.Ask(ctx, handlers.AskRequest{
		Question: q.text, RecordGap: true,
		Asker: q.reply.user, Channel: q.reply.channel, ThreadTS: q.reply.threadTS, FollowUpOnly: q.followUpOnly,
		Refused: q.refused,
	})
	if errors.Is(err, handlers.ErrNotFollowUp) {
		return // a reply in someone else's thread, or one kbbot never answered
	}
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
	if ans.SmallTalk != "" {
		b.m.Answers.WithLabelValues("small_talk").Inc()
		b.smallTalk(ctx, q, ans)
		return
	}
	if ans.VectorFallback != "" {
		b.m.EmbedFallbacks.WithLabelValues(ans.VectorFallback).Inc()
	}
	if ans.ID == "" {
		b.say(ctx, q.reply, safe(ans.Text)) // no question was asked: how to ask one
		return
	}
	view := answerView{answerID: ans.ID, shareable: q.shareable && ans.Confident(), summarising: ans.SummaryPending}
	ch, ts, err := b.post(ctx, q.reply, renderAnswer(ans, view))
	if err != nil {
		b.lg.Error("answer not delivered", "event_id", q.reply.eventID, "channel", q.reply.channel, "user", q.reply.user, "answer_id", ans.ID, "err", err)
		return
	}
	final, info := b.app.AnswerPosted(ctx, ans, handlers.MessageRef{Channel: ch, TS: ts})
	if ans.SummaryPending {
		if info.CacheHit {
			b.m.LLMCacheHits.Inc()
		}
		if info.Fallback != "" {
			b.m.LLMFallbacks.WithLabelValues(info.Fallback).Inc()
		}
		view.summarising = false
		b.replaceAnswer(ctx, q.reply, renderAnswer(final, view), ans.ID, ch, ts)
	}
	result := "not_found"
	switch final.Confidence {
	case knowledge.ConfidenceHigh:
		result = "found"
	case knowledge.ConfidenceLow:
		result = "not_sure"
	}
	b.m.Answers.WithLabelValues(result).Inc()
	b.m.AnswerLatency.Observe(time.Since(q.received).Seconds())
	b.lg.Info("question answered", "event_id", q.reply.eventID, "user", q.reply.user, "channel", q.reply.channel,
		"answer_id", ans.ID, "confidence", string(final.Confidence), "sources", len(final.Sources), "ms", time.Since(q.received).Milliseconds())
}

// replaceAnswer updates a posted answer in place, exactly once: with its
// AI summary, or, if the LLM failed, timed out or answered badly, with the
// extractive answer without the "summarising" note. The user is never left
// with the placeholder.
func (b *Bot) replaceAnswer(ctx context.Context, r reply, msg message, answerID, ch, ts string) {
	// A fresh context: the update must happen even if the summary used up
	// the job's time.
	uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	var err error
	switch {
	case ts != "":
		err = b.slack.UpdateMessage(uctx, ch, ts, msg.options()...)
	case r.responseURL != "":
		opts := append(msg.options(),
			slack.MsgOptionResponseURL(r.responseURL, slack.ResponseTypeEphemeral),
			slack.MsgOptionReplaceOriginal(r.responseURL))
		err = b.slack.Respond(uctx, r.responseURL, opts...)
	}
	if err != nil {
		b.lg.Error("could not update the answer with its summary", "answer_id", answerID, "channel", ch, "err", err)
	}
}

// shareAnswerAction is "Share in channel": it posts a private /kb answer
// in the channel, attributed to the person who asked, and removes the
// private copy.
func (b *Bot) shareAnswerAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobShareAnswer, Reply: replyRecord(c.r), Value: c.value})
}

// runShareAnswer posts the shared answer and removes the private copy.
func (b *Bot) runShareAnswer(ctx context.Context, j job, r reply) {
	ans, err := b.app.ShareAnswer(ctx, r.user, j.Value)
	if err != nil {
		b.fail(ctx, r, "share answer", err)
		return
	}
	pub := r
	pub.private = false
	if _, _, err := b.post(ctx, pub, renderAnswer(ans, answerView{answerID: ans.ID, sharedBy: r.user})); err != nil {
		b.lg.Error("shared answer not delivered", "answer_id", ans.ID, "user", r.user, "err", err)
		return
	}
	if r.responseURL != "" {
		if err := b.slack.Respond(ctx, r.responseURL, slack.MsgOptionDeleteOriginal(r.responseURL)); err != nil {
			b.lg.Debug("could not remove the private copy", "answer_id", ans.ID, "err", err)
		}
	}
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
	// intro leads the message (safe mrkdwn): the DM that brings an answer
	// someone waited for.
	intro string
}

// Lines of the three kinds of answer that kbbot adds around handlers'
// text.
const (
	notSureHint = "If you know the answer, please share it with `/kb share`; `/kb experts TOPIC` finds people who may know. " +
		"Press *Notify me* and I'll message you if a lesson that answers it is approved."
	nothingHint = "Press *Notify me* and I'll message you if a lesson that answers it is approved (I keep your question for up to 90 days)."
)

// renderAnswer lays out one of the three kinds of answer. A confident one:
// the short answer, up to three sources with the facts a reader needs to
// judge them (each with Details), then 👍/👎, "Ask a person" and, on a
// private /kb answer, "Share in channel". A "not sure" one: the hedge, the
// related sources, where to share or find people, Notify me. Nothing
// found: that, the same suggestions, Notify me. The top-level text (what a
// notification shows) says the same in short.
func renderAnswer(ans handlers.Answer, v answerView) message {
	var blocks []slack.Block
	var fallback strings.Builder
	if v.sharedBy != "" {
		intro := fmt.Sprintf("%s shared an answer from kbbot to: _%s_", mention(v.sharedBy), safe(clip(ans.Question, 300)))
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(intro)))
		fallback.WriteString("Shared by a colleague: ")
	}
	if v.intro != "" {
		blocks = append(blocks, textSection(v.intro))
		fallback.WriteString(v.intro + "\n")
	}
	blocks = append(blocks, textSection(safe(ans.Text)))
	fallback.WriteString(safe(ans.Text))
	switch {
	case ans.Confident() && ans.LLM:
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(":sparkles: AI summary of the sources below. Check them before relying on it.")))
	case ans.Confident() && v.summarising:
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(":hourglass_flowing_sand: Summarising the sources… the best match is shown meanwhile.")))
	}
	if ans.HasSources() {
		blocks = append(blocks, slack.NewDividerBlock())
		label := "\nSources: "
		if !ans.Confident() {
			label = "\nRelated: "
		}
		fallback.WriteString(label)
		for i, s := range ans.Sources {
			if i == maxSources {
				break
			}
			blocks = append(blocks, sourceSection(i+1, s, ""))
			if i > 0 {
				fallback.WriteString("; ")
			}
			fmt.Fprintf(&fallback, "[%d] %s", i+1, safe(clip(s.Title, 200)))
		}
	}
	var elems []slack.BlockElement
	switch {
	case ans.Confident():
		elems = append(elems,
			button(actionHelpful, "👍 Helpful", v.answerID),
			button(actionUnhelpful, "👎 Not helpful", v.answerID),
			button(actionAskPerson, "Ask a person", v.answerID))
		if v.shareable {
			share := button(actionShare, "Share in channel", v.answerID)
			share.Style = slack.StylePrimary
			elems = append(elems, share)
		}
	default:
		hint := nothingHint
		if ans.HasSources() {
			hint = notSureHint
		}
		if v.answerID != "" {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(hint)))
			notify := button(actionNotify, "Notify me", v.answerID)
			notify.Style = slack.StylePrimary
			elems = append(elems, notify)
		}
		elems = append(elems, button(actionAskPerson, "Ask a person", v.answerID))
	}
	if v.answerID != "" {
		blocks = append(blocks, slack.NewActionBlock("kb_actions", elems...))
	}
	return message{text: clip(fallback.String(), maxFallbackText), blocks: capBlocks(blocks, maxMessageBlocks)}
}

// smallTalk answers small talk: the help for "help", a reaction to thanks
// or an acknowledgement in a channel or thread, a line otherwise. Nothing
// was searched and nothing is recorded.
func (b *Bot) smallTalk(ctx context.Context, q question, ans handlers.Answer) {
	if ans.SmallTalk == handlers.SmallTalkHelp {
		if _, _, err := b.post(ctx, q.reply, renderHelp("/kb", b.app.IsModerator(q.reply.user))); err != nil {
			b.lg.Error("help not delivered", "event_id", q.reply.eventID, "user", q.reply.user, "err", err)
		}
		return
	}
	if q.react && q.ts != "" && q.reply.channel != "" && ans.SmallTalk != handlers.SmallTalkGreeting {
		err := b.slack.AddReaction(ctx, q.reply.channel, q.ts, "+1")
		if err == nil {
			return
		}
		b.lg.Warn("could not react; replying instead", "event_id", q.reply.eventID, "channel", q.reply.channel, "err", err)
	}
	r := q.reply
	if _, _, err := b.post(ctx, r, message{text: ans.Text, blocks: []slack.Block{textSection(ans.Text)}}); err != nil {
		b.lg.Error("reply not delivered", "event_id", q.reply.eventID, "user", q.reply.user, "err", err)
	}
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
