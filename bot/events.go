package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack/slackevents"
)

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
func (b *Bot) onEvent(ctx context.Context, d delivery) {
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
	b.submit(ctx, "event:"+typ, r, func(ctx context.Context) {
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

// dispatchEvent hands an event kbbot acts on to its capability.
func (b *Bot) dispatchEvent(ctx context.Context, d delivery, r reply) {
	switch ev := d.inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		b.answerMention(ctx, ev, r, d.received) // ask.go
	case *slackevents.MessageEvent:
		b.answerMessage(ctx, ev, r, d.received) // ask.go
	case *slackevents.AppHomeOpenedEvent:
		b.publishHome(ctx, ev.User) // home.go
	case *slackevents.ReactionAddedEvent:
		b.rateByReaction(ctx, ev) // feedback.go
	}
}

// mentions reports whether text mentions the user id.
func mentions(text, userID string) bool {
	return userID != "" && strings.Contains(text, "<@"+userID)
}
