package bot

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// Posting at most once to a user's eyes. A queued job runs at least once:
// a second time when its replica died, was stopped or lost its lease. Each
// message a job posts is therefore keyed (the job's id and the message's
// place in the job) and recorded through handlers' delivery records:
// claimed before it is sent, and where it landed once Slack confirms it. A
// second run finds the record and updates that message in place
// (chat.update, or replace_original on a response_url) instead of posting
// another. A channel message carries its key in Slack message metadata, so
// that a post whose answer was lost (the connection dropped after Slack
// took it) is found in the channel's history, not blindly posted again.

// postMetadataType is the metadata event type of kbbot's keyed posts.
const postMetadataType = "kbbot_post"

// jobRun numbers the messages of one run of a job: runs of the same job
// post the same messages in the same order, so the n-th message of every
// run has the same key.
type jobRun struct {
	id string
	mu sync.Mutex
	n  int
}

func (jr *jobRun) next() string {
	jr.mu.Lock()
	defer jr.mu.Unlock()
	jr.n++
	return fmt.Sprintf("%s.%d", jr.id, jr.n)
}

// postOnce posts msg for a queued job at most once (see above).
func (b *Bot) postOnce(ctx context.Context, r reply, msg message) (string, string, error) {
	key := r.run.next()
	d, found, err := b.app.Delivery(ctx, key)
	if err != nil {
		// Without the record we cannot know; posting twice is better than
		// not at all.
		b.lg.Warn("delivery record unreadable; posting anyway", "key", key, "err", err)
		s, err := b.send(ctx, r, msg, nil)
		return s.channel, s.ts, err
	}
	if found {
		if done, ch, ts, err := b.again(ctx, r, msg, key, d); done {
			return ch, ts, err
		}
	}
	if err := b.app.RecordDelivery(ctx, key, handlers.Delivery{State: handlers.DeliverySending}); err != nil {
		b.lg.Warn("could not claim a delivery; posting anyway", "key", key, "err", err)
	}
	s, err := b.send(ctx, r, msg, []slack.MsgOption{keyMetadata(key)})
	if errors.Is(err, handlers.ErrMaybeDelivered) && s.via == "channel" {
		// Slack may hold it: look before posting again.
		if ch, ts, ok := b.findPost(ctx, r, key); ok {
			s, err = sent{channel: ch, ts: ts, via: "channel"}, nil
		} else {
			b.lg.Warn("post lost on the way and not in the channel; posting it again", "key", key, "channel", r.channel)
			s, err = b.send(ctx, r, msg, []slack.MsgOption{keyMetadata(key)})
		}
	}
	b.recordPost(ctx, key, s, err)
	if errors.Is(err, handlers.ErrMaybeDelivered) {
		// Not repeated; as far as the job knows it was delivered.
		return s.channel, s.ts, nil
	}
	return s.channel, s.ts, err
}

// again handles a message an earlier run already posted, or may have: it
// reports whether it dealt with it (done) and where the message is.
func (b *Bot) again(ctx context.Context, r reply, msg message, key string, d handlers.Delivery) (done bool, ch, ts string, err error) {
	switch {
	case d.TS != "":
		// Posted to a channel: show this run's version in its place.
		err := b.slack.UpdateMessage(ctx, d.Channel, d.TS, msg.options()...)
		return true, d.Channel, d.TS, err
	case r.responseURL != "" && (d.Via == "response_url" || d.State == handlers.DeliverySending):
		// A private reply: replace it (Slack adds nothing new when there
		// is nothing to replace).
		rt := slack.ResponseTypeInChannel
		if r.private {
			rt = slack.ResponseTypeEphemeral
		}
		opts := append(msg.options(), slack.MsgOptionResponseURL(r.responseURL, rt), slack.MsgOptionReplaceOriginal(r.responseURL))
		err := b.slack.Respond(ctx, r.responseURL, opts...)
		if errors.Is(err, handlers.ErrMaybeDelivered) {
			err = nil
		}
		return true, "", "", err
	case d.State != handlers.DeliverySending:
		// An ephemeral reply or a DM already shown, or possibly shown:
		// neither can be found or updated, so it is not repeated.
		return true, "", "", nil
	}
	// "sending": the earlier run stopped mid-post. If it reached the
	// channel, update it; else post it now.
	if r.channel != "" && !r.private {
		if ch, ts, ok := b.findPost(ctx, r, key); ok {
			b.recordPost(ctx, key, sent{channel: ch, ts: ts, via: "channel"}, nil)
			err := b.slack.UpdateMessage(ctx, ch, ts, msg.options()...)
			return true, ch, ts, err
		}
	}
	return false, "", "", nil
}

// recordPost records how a keyed post went: sent (with where), may have
// gone (not repeated), or certainly not sent (the claim is dropped so that
// a later run posts it).
func (b *Bot) recordPost(ctx context.Context, key string, s sent, err error) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	var rerr error
	switch {
	case err == nil:
		rerr = b.app.RecordDelivery(rctx, key, handlers.Delivery{State: handlers.DeliverySent, Channel: s.channel, TS: s.ts, Via: s.via})
	case errors.Is(err, handlers.ErrMaybeDelivered):
		b.lg.Warn("message may have reached Slack; not posting it again", "key", key, "via", s.via, "err", err)
		rerr = b.app.RecordDelivery(rctx, key, handlers.Delivery{State: handlers.DeliveryUnknown, Via: s.via})
	default:
		rerr = b.app.ForgetDelivery(rctx, key)
	}
	if rerr != nil {
		b.lg.Warn("could not record a delivery", "key", key, "err", rerr)
	}
}

// findPost looks for kbbot's message with key among the newest of the
// reply's channel (or thread), and returns where it is.
func (b *Bot) findPost(ctx context.Context, r reply, key string) (string, string, bool) {
	if r.channel == "" {
		return "", "", false
	}
	msgs, err := b.slack.Recent(ctx, r.channel, r.threadTS)
	if err != nil {
		b.lg.Warn("could not look for a post in the channel's history", "key", key, "channel", r.channel, "err", err)
		return "", "", false
	}
	for _, m := range msgs {
		if m.Metadata.EventType == postMetadataType && fmt.Sprint(m.Metadata.EventPayload["key"]) == key {
			return r.channel, m.Timestamp, true
		}
	}
	return "", "", false
}

// keyMetadata marks a post with its delivery key (a job id and a number:
// no text of anyone's).
func keyMetadata(key string) slack.MsgOption {
	return slack.MsgOptionMetadata(slack.SlackMetadata{EventType: postMetadataType, EventPayload: map[string]any{"key": key}})
}
