package bot

import (
	"context"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// eventClaimTTL is how long an event id stays claimed. Slack retries for
// about five minutes; an hour leaves a wide margin.
const eventClaimTTL = time.Hour

// delivery is an Events API callback as either mode receives it.
type delivery struct {
	eventID  string
	retry    int
	inner    slackevents.EventsAPIInnerEvent
	received time.Time
}

// onEvent handles an event_callback after it was acknowledged. The event id
// is claimed first: a retried or duplicated delivery stops there, on every
// replica.
func (b *Bot) onEvent(d delivery) {
	typ := d.inner.Type
	b.m.Events.WithLabelValues(typ).Inc()
	r := reply{eventID: d.eventID}
	switch ev := d.inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		r.channel, r.user = ev.Channel, ev.User
	case *slackevents.MessageEvent:
		r.channel, r.user = ev.Channel, ev.User
	}
	if !b.handles(d.inner) {
		return // ignored: bots, edits, unknown types, ordinary channel chatter
	}
	b.submit("event:"+typ, r, func(ctx context.Context) {
		if d.eventID != "" && b.cfg.ClaimEvent != nil {
			first, err := b.cfg.ClaimEvent(ctx, d.eventID)
			if err != nil {
				// Without Redis we cannot know; answering twice is better
				// than not at all.
				b.lg.Warn("could not claim event; handling it anyway", "event_id", d.eventID, "err", err)
			} else if !first {
				b.m.DedupHits.Inc()
				b.lg.Debug("duplicate event ignored", "event_id", d.eventID, "retry", d.retry)
				return
			}
		}
		b.dispatchEvent(ctx, d, r)
	})
}

// handles decides, cheaply and before any work is queued, whether kbbot acts
// on an event at all.
func (b *Bot) handles(inner slackevents.EventsAPIInnerEvent) bool {
	self := b.identity()
	switch ev := inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		return ev.BotID == "" && ev.User != "" && ev.User != self.userID
	case *slackevents.MessageEvent:
		if ev.BotID != "" || ev.User == "" || ev.User == self.userID || ev.SubType != "" {
			return false // bots (ourselves included), edits, deletions, joins
		}
		if ev.ChannelType == "im" {
			return true
		}
		// In channels only a reply in a thread can be a follow-up, and a
		// reply that mentions kbbot arrives as app_mention as well.
		return ev.ThreadTimeStamp != "" && ev.ThreadTimeStamp != ev.TimeStamp && !mentions(ev.Text, self.userID)
	case *slackevents.AppHomeOpenedEvent:
		return ev.Tab == "home" && ev.User != ""
	case *slackevents.ReactionAddedEvent:
		return ev.ItemUser != "" && ev.ItemUser == self.userID && ev.Item.Type == "message" && reactionRating(ev.Reaction) != 0
	}
	return false
}

func (b *Bot) dispatchEvent(ctx context.Context, d delivery, r reply) {
	self := b.identity()
	switch ev := d.inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		thread := ev.ThreadTimeStamp
		if thread == "" {
			thread = ev.TimeStamp
		}
		r.threadTS = thread
		q := question{text: cleanText(ev.Text, self.userID), reply: r, received: d.received, rememberThread: true}
		if ev.ThreadTimeStamp != "" {
			q.context = b.threadContext(ctx, ev.Channel, ev.ThreadTimeStamp, ev.User)
		}
		b.answer(ctx, q)
	case *slackevents.MessageEvent:
		q := question{text: cleanText(ev.Text, self.userID), reply: r, received: d.received}
		if ev.ThreadTimeStamp != "" {
			r.threadTS = ev.ThreadTimeStamp
			q.reply = r
			q.context = b.threadContext(ctx, ev.Channel, ev.ThreadTimeStamp, ev.User)
			if q.context == "" && ev.ChannelType != "im" {
				return // a reply in someone else's thread, or one kbbot never answered
			}
		}
		q.rememberThread = r.threadTS != ""
		b.answer(ctx, q)
	case *slackevents.AppHomeOpenedEvent:
		b.publishHome(ctx, ev.User)
	case *slackevents.ReactionAddedEvent:
		b.rateByReaction(ctx, ev)
	}
}

// threadContext returns the first question of a thread kbbot answered for
// this user, or "".
func (b *Bot) threadContext(ctx context.Context, channel, threadTS, user string) string {
	t, ok, err := b.app.FollowUp(ctx, channel, threadTS, user)
	if err != nil {
		b.lg.Warn("could not read thread context", "channel", channel, "err", err)
		return ""
	}
	if !ok {
		return ""
	}
	return t.Question
}

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

// reactionRating maps a reaction on an answer to feedback: +1 helpful, -1
// not, 0 not feedback.
func reactionRating(name string) int {
	switch name {
	case "+1", "thumbsup", "white_check_mark", "heavy_check_mark":
		return 1
	case "-1", "thumbsdown":
		return -1
	}
	return 0
}

func (b *Bot) rateByReaction(ctx context.Context, ev *slackevents.ReactionAddedEvent) {
	rec, ok, err := b.app.AnswerForMessage(ctx, ev.Item.Channel, ev.Item.Timestamp)
	if err != nil || !ok {
		return // a reaction on some other message of ours
	}
	err = b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: rec.ID, User: ev.User, Helpful: reactionRating(ev.Reaction) > 0, Via: "reaction"})
	if err != nil {
		b.lg.Warn("could not record a reaction as feedback", "answer_id", rec.ID, "err", err)
	}
}
