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

// onEvent handles an event_callback before it is acknowledged: an event
// kbbot acts on becomes a job, queued with its event id, which claims it
// once across replicas in the same Redis round trip: a retried or
// duplicated delivery stops there, on every replica, and takes no queue
// space.
func (b *Bot) onEvent(ctx context.Context, d delivery) {
	typ := d.inner.Type
	b.m.Events.WithLabelValues(typ).Inc()
	if !b.handles(d.inner) {
		return // ignored: bots, edits, unknown types, ordinary channel chatter
	}
	j, ok := b.eventJob(d)
	if !ok {
		return
	}
	b.enqueue(ctx, d.eventID, j)
}

// eventJob is the job of an event kbbot acts on.
func (b *Bot) eventJob(d delivery) (job, bool) {
	r := reply{eventID: d.eventID}
	switch ev := d.inner.Data.(type) {
	case *slackevents.AppMentionEvent:
		r.channel, r.user = ev.Channel, ev.User
		return b.mentionJob(ev, r, d.received), true // ask.go
	case *slackevents.MessageEvent:
		r.channel, r.user = ev.Channel, ev.User
		return b.messageJob(ev, r, d.received), true // ask.go
	case *slackevents.AppHomeOpenedEvent:
		return job{Kind: jobHome, Reply: jobReply{User: ev.User, EventID: d.eventID}}, true // home.go
	case *slackevents.ReactionAddedEvent:
		// feedback.go
		return job{Kind: jobReaction, Reply: jobReply{Channel: ev.Item.Channel, User: ev.User, EventID: d.eventID},
			Value: ev.Item.Timestamp, Helpful: reactionRating(ev.Reaction) > 0}, true
	}
	return job{}, false
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

// mentions reports whether text mentions the user id.
func mentions(text, userID string) bool {
	return userID != "" && strings.Contains(text, "<@"+userID)
}
