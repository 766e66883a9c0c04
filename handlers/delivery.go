package handlers

import (
	"context"
	"errors"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Sending at most once. Work is done at least once (a job whose replica
// died is done again by another; a scheduled job is retried), so every
// message such work sends is recorded under a key that names it: claimed
// ("sending") before it goes, "sent" with where it landed once Slack
// confirms it. A second run finds the record and does not send again; the
// bot updates a message it already posted in place instead of posting a
// second one.

// ErrMaybeDelivered marks a failed Slack call that may nevertheless have
// reached Slack: the request was sent and the connection broke before the
// answer came. Such a send is not blindly repeated.
var ErrMaybeDelivered = errors.New("the message may have reached Slack")

// DeliveryState says what is known about one message.
type DeliveryState string

// Delivery states.
const (
	// DeliverySending: claimed and being sent, or its sender died
	// mid-send.
	DeliverySending DeliveryState = "sending"
	// DeliverySent: Slack confirmed it.
	DeliverySent DeliveryState = "sent"
	// DeliveryUnknown: the send may or may not have reached Slack and
	// could not be checked; it is not repeated.
	DeliveryUnknown DeliveryState = "unknown"
)

// Delivery is the record of one message sent at most once.
type Delivery struct {
	State DeliveryState `json:"state"`
	// Channel and TS locate a channel message (empty for private replies).
	Channel string `json:"channel,omitempty"`
	TS      string `json:"ts,omitempty"`
	// Via is how it was sent: "channel", "response_url", "ephemeral" or
	// "dm".
	Via string `json:"via,omitempty"`
	// At is when it was claimed or recorded.
	At time.Time `json:"at"`
}

func (a *App) deliveries() redisstore.Record[Delivery] {
	return redisstore.RecordOf[Delivery](a.store, redisstore.KindDelivery)
}

// Delivery reads the record of the message key, and whether there is one.
func (a *App) Delivery(ctx context.Context, key string) (Delivery, bool, error) {
	return a.deliveries().Get(ctx, key)
}

// RecordDelivery writes the record of the message key (At is set to now
// when zero).
func (a *App) RecordDelivery(ctx context.Context, key string, d Delivery) error {
	if d.At.IsZero() {
		d.At = a.now().UTC()
	}
	return a.deliveries().Set(ctx, key, d)
}

// ForgetDelivery removes the record of a message that was certainly not
// sent, so that a later attempt sends it.
func (a *App) ForgetDelivery(ctx context.Context, key string) error {
	return a.deliveries().Delete(ctx, key)
}

// sendOnce sends the message key with send unless a record says it was
// sent already (or may have been), and records the outcome. It returns
// where the message is (zero when unknown or private). A failure that
// certainly sent nothing is returned, with the claim removed, for the
// caller to retry; a send that may have reached Slack is recorded as
// unknown, logged, and not repeated.
func (a *App) sendOnce(ctx context.Context, key string, send func(ctx context.Context) (MessageRef, error)) (MessageRef, error) {
	d, found, err := a.Delivery(ctx, key)
	switch {
	case err != nil:
		// Without the record we cannot know; sending twice is better than
		// not at all.
		a.lg.Warn("delivery record unreadable; sending anyway", "key", key, "err", err)
	case found && d.State == DeliverySent:
		return MessageRef{Channel: d.Channel, TS: d.TS}, nil
	case found && d.State == DeliveryUnknown:
		return MessageRef{}, nil
	case found:
		// "sending": an earlier run died in the middle of this send.
		a.lg.Info("resending a message whose sender stopped mid-send", "key", key)
	}
	if err := a.RecordDelivery(ctx, key, Delivery{State: DeliverySending}); err != nil {
		a.lg.Warn("could not claim a delivery; sending anyway", "key", key, "err", err)
	}
	ref, err := send(ctx)
	// Record on a context of its own: the outcome must be kept even if the
	// send used up the caller's time.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	switch {
	case err == nil:
		if rerr := a.RecordDelivery(rctx, key, Delivery{State: DeliverySent, Channel: ref.Channel, TS: ref.TS}); rerr != nil {
			a.lg.Warn("message sent but not recorded", "key", key, "err", rerr)
		}
		return ref, nil
	case errors.Is(err, ErrMaybeDelivered):
		a.lg.Warn("message may have reached Slack; not sending it again", "key", key, "err", err)
		if rerr := a.RecordDelivery(rctx, key, Delivery{State: DeliveryUnknown}); rerr != nil {
			a.lg.Warn("could not record an uncertain delivery", "key", key, "err", rerr)
		}
		return MessageRef{}, nil
	}
	if ferr := a.ForgetDelivery(rctx, key); ferr != nil {
		a.lg.Warn("could not release a failed delivery's claim", "key", key, "err", ferr)
	}
	return MessageRef{}, err
}

// dmOnce sends a DM at most once under key.
func (a *App) dmOnce(ctx context.Context, key, user string, n Notice) error {
	_, err := a.sendOnce(ctx, key, func(ctx context.Context) (MessageRef, error) {
		return MessageRef{}, a.slack.DM(ctx, user, n)
	})
	return err
}
