package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// The App Home: how to use kbbot, buttons for what people do there (Ask,
// Share a lesson, My lessons; for moderators Review queue, Gaps, Stale),
// the newest approved lessons, and for moderators how many wait for
// review. A list a button asks for arrives in the user's DM with kbbot
// (the App's Messages tab), where its own buttons and pages work as on
// /kb; Ask opens a box for the question, answered there too.

// runHome publishes a user's App Home when they open it.
func (b *Bot) runHome(ctx context.Context, _ job, r reply) {
	b.publishHome(ctx, r.user)
}

// publishHome publishes a user's App Home.
func (b *Bot) publishHome(ctx context.Context, user string) {
	h, err := b.app.Home(ctx, user)
	if err != nil {
		b.lg.Error("could not build the home view", "user", user, "err", err)
		return
	}
	if err := b.slack.PublishView(ctx, user, renderHome(h)); err != nil {
		b.lg.Error("could not publish the home view", "user", user, "err", err)
	}
}

// renderHome lays out the App Home.
func renderHome(h handlers.Home) slack.HomeTabViewRequest {
	ask := button(actionHomeAsk, "Ask a question", "ask")
	ask.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("kbbot: AI in the NHS, from people who have tried it")),
		textSection("Ask me anything about adopting AI: what others piloted, what worked and what didn't, and what governance you need first.\n" +
			"• Mention *@kbbot* in a channel, send me a message in the Messages tab, or type `/kb QUESTION`.\n" +
			"• Share what your pilot taught you with `/kb share`. Stopped pilots are some of the most useful lessons, and you can post anonymously.\n" +
			"• Find people who have done it with `/kb experts TOPIC`. `/kb help` lists everything."),
		slack.NewActionBlock("home_actions", ask, button(actionHomeShare, "Share a lesson", "share"), button(actionHomeMine, "My lessons", "mine")),
		slack.NewContextBlock("", mrkdwn("Answers and lists you ask for here arrive in the Messages tab.")),
	}
	if h.Moderator {
		queue := button(actionHomeQueue, "Review queue", "queue")
		queue.Style = slack.StylePrimary
		blocks = append(blocks, slack.NewDividerBlock(),
			textSection(fmt.Sprintf("*Moderation:* %d submission%s waiting for review.", h.Pending, plural(h.Pending))),
			slack.NewActionBlock("home_moderation", queue, button(actionHomeGaps, "Gaps", "gaps"), button(actionHomeStale, "Stale", "stale")))
	}
	blocks = append(blocks, slack.NewDividerBlock(), textSection("*Newest pilot lessons*"))
	if len(h.Newest) == 0 {
		blocks = append(blocks, textSection("None yet. Be the first: `/kb share`."))
	}
	for i, s := range h.Newest {
		blocks = append(blocks, sourceSection(i+1, s, "\n"+safe(clip(s.Summary, 400))))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: capBlocks(blocks, maxHomeBlocks)}}
}

// homeList is a home button that sends one of the lists to the user's DM:
// the list's own job (the one /kb queue, gaps, stale or mine queues),
// replying in the DM with kbbot.
func homeList(kind listKind) func(b *Bot, ctx context.Context, c actionCall) {
	return func(b *Bot, ctx context.Context, c actionCall) {
		r := reply{channel: c.r.user, user: c.r.user} // the DM with kbbot
		b.enqueue(ctx, "", job{Kind: listJobKind(kind), Reply: replyRecord(r)})
	}
}

// homeShareAction is Share a lesson: the lesson form.
func (b *Bot) homeShareAction(ctx context.Context, c actionCall) {
	r := reply{channel: c.r.user, user: c.r.user}
	b.urgently(ctx, "home_share_modal", r, func(ctx context.Context) {
		if _, err := b.slack.OpenView(ctx, c.trigger, lessonModal(callbackShare, "", handlers.LessonForm{}, false)); err != nil {
			b.lg.Error("could not open the lesson form", "user", c.r.user, "err", err)
			b.say(ctx, r, "Sorry, I couldn't open the form just now. Please try again, or use `/kb share`.")
		}
	})
}

// homeAskAction is Ask a question: a box for it.
func (b *Bot) homeAskAction(ctx context.Context, c actionCall) {
	r := reply{channel: c.r.user, user: c.r.user}
	b.urgently(ctx, "home_ask_modal", r, func(ctx context.Context) {
		if _, err := b.slack.OpenView(ctx, c.trigger, askModal()); err != nil {
			b.lg.Error("could not open the question form", "user", c.r.user, "err", err)
			b.say(ctx, r, "Sorry, I couldn't open the form just now. Send me your question here instead.")
		}
	})
}

// askModal asks for a question.
func askModal() slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Ask kbbot"), Submit: plain("Ask"), Close: plain("Cancel"),
		CallbackID: callbackAsk,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			textInput(fieldQuestion, "Your question", "", true, handlers.MaxQuestionLen, false,
				"For example: has anyone piloted an ambient scribe in primary care? Please don't include patient details."),
			slack.NewContextBlock("", mrkdwn("I'll answer in the Messages tab, with my sources.")),
		}},
	}
}

// fieldQuestion is the ask modal's input.
const fieldQuestion = "question"

// submitAsk closes the box and answers in the DM, like a question sent
// there.
func (b *Bot) submitAsk(ctx context.Context, c viewCall) any {
	q := strings.TrimSpace(stateValue(c.v, fieldQuestion))
	if q == "" {
		return viewErrors(map[string]string{fieldQuestion: "Please type a question."})
	}
	// Queued as a question sent in the DM (screened first, like any).
	r := reply{channel: c.r.user, user: c.r.user}
	b.enqueue(ctx, "", job{Kind: jobAsk, Reply: replyRecord(r), Text: q})
	return nil
}
