package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// RunSocketMode connects to Slack over Socket Mode (no public URL: the
// usual case behind NHS firewalls) and feeds every delivery to the same
// dispatch as HTTP mode, acknowledging each envelope first. It returns
// when ctx ends (nil) or the connection fails for good (invalid token).
func (b *Bot) RunSocketMode(ctx context.Context) error {
	b.socketMode.Store(true)
	client := socketmode.New(b.slack.API(),
		socketmode.OptionLog(slog.NewLogLogger(b.lg.Handler(), slog.LevelDebug)),
	)
	runErr := make(chan error, 1)
	go func() { runErr <- client.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			b.socketUp.Store(false)
			// RunContext returns once it sees the cancellation.
			select {
			case <-runErr:
			case <-time.After(5 * time.Second):
			}
			return nil
		case err := <-runErr:
			b.socketUp.Store(false)
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("bot: socket mode: %w", err)
		case evt, ok := <-client.Events:
			if !ok {
				return errors.New("bot: socket mode event stream closed")
			}
			b.onSocketEvent(ctx, client, evt)
		}
	}
}

// onSocketEvent handles one Socket Mode event: connection state changes
// are tracked for /readyz; requests are acknowledged and dispatched.
func (b *Bot) onSocketEvent(ctx context.Context, client *socketmode.Client, evt socketmode.Event) {
	if b.onConnectionEvent(evt) {
		return
	}
	if evt.Request == nil {
		return
	}
	start := time.Now()
	req := *evt.Request
	b.inFlight.Add(1)
	defer b.inFlight.Add(-1)
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		// Queued (and claimed) before the acknowledgement, as over HTTP.
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if ok && ev.Type == slackevents.CallbackEvent {
			id := ""
			if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
				id = cb.EventID
			}
			b.onEvent(ctx, delivery{eventID: id, retry: req.RetryAttempt, inner: ev.InnerEvent, received: start})
		}
		b.ack(client, req, nil, start)
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok {
			b.ack(client, req, nil, start)
			return
		}
		b.ack(client, req, b.safeCommand(ctx, cmd, start), start)
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			b.ack(client, req, nil, start)
			return
		}
		b.ack(client, req, b.safeInteraction(ctx, cb), start)
	default:
		b.ack(client, req, nil, start)
	}
}

// onConnectionEvent tracks the connection's state, for /readyz, and
// reports whether evt was about the connection.
func (b *Bot) onConnectionEvent(evt socketmode.Event) bool {
	switch evt.Type {
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		if !b.socketUp.Swap(true) {
			b.lg.Info("socket mode connected")
		}
	case socketmode.EventTypeConnecting:
		b.socketUp.Store(false)
	case socketmode.EventTypeConnectionError:
		b.socketUp.Store(false)
		attrs := []any{"type", string(evt.Type)}
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok && ce.ErrorObj != nil {
			attrs = append(attrs, "err", withoutQuery(ce.ErrorObj.Error()), "attempt", ce.Attempt, "retry_in", ce.Backoff.String())
		}
		b.lg.Warn("socket mode connection lost; reconnecting", attrs...)
	case socketmode.EventTypeDisconnect:
		b.socketUp.Store(false)
		reason := ""
		if evt.Request != nil {
			reason = evt.Request.Reason // Slack's: refresh_requested, warning, …
		}
		b.lg.Warn("socket mode connection lost; reconnecting", "type", string(evt.Type), "reason", reason)
	case socketmode.EventTypeInvalidAuth:
		b.socketUp.Store(false)
		b.lg.Error("socket mode: Slack refused the app-level token")
	default:
		return false
	}
	return true
}

// ack acknowledges an envelope, with the immediate response when there is
// one (a slash command's reply, a view submission's errors).
func (b *Bot) ack(client *socketmode.Client, req socketmode.Request, payload any, start time.Time) {
	var err error
	if isNil(payload) {
		err = client.Ack(req)
	} else {
		// Slack takes the payload as JSON; send it as a raw message so a
		// typed response marshals exactly as over HTTP.
		raw, merr := json.Marshal(payload)
		if merr != nil {
			err = merr
		} else {
			err = client.Ack(req, json.RawMessage(raw))
		}
	}
	if err != nil {
		b.lg.Error("socket mode ack failed", "envelope_id", req.EnvelopeID, "err", err)
		return
	}
	b.m.AckLatency.WithLabelValues("socket").Observe(time.Since(start).Seconds())
}

// withoutQuery drops URL query strings from an error message: a Socket
// Mode URL carries a connection ticket, which does not belong in logs.
func withoutQuery(msg string) string {
	words := strings.Fields(msg)
	for i, w := range words {
		if j := strings.Index(w, "?"); j > 0 && strings.Contains(w[:j], "://") {
			words[i] = w[:j] + "?…"
		}
	}
	return strings.Join(words, " ")
}
