package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// Client is the Slack Web API as kbbot uses it: every call is retried when
// Slack says so (429 with Retry-After, up to maxRetries times) or stumbles
// (a 5xx or a dropped connection, with exponential backoff), and a call that
// still fails is counted by method and returned for the caller to log with
// its ids. A post (chat.postMessage, chat.postEphemeral, a response_url)
// whose connection broke after the request went out is not retried: Slack
// may have it, and a retry would show it twice. Its error matches
// handlers.ErrMaybeDelivered, for the caller to check before anything is
// posted again.
type Client struct {
	api     *slack.Client
	lg      *slog.Logger
	m       *Metrics
	retries int
	backoff time.Duration
}

// maxRetries is how often a call is retried (DESIGN: up to 3 times).
const maxRetries = 3

// NewClient wraps api.
func NewClient(lg *slog.Logger, m *Metrics, api *slack.Client) *Client {
	return &Client{api: api, lg: lg, m: m, retries: maxRetries, backoff: 250 * time.Millisecond}
}

// NewAPI builds the slack-go client: bot token, optional app-level token
// (Socket Mode), optional base URL (tests, proxies) and a timeout on every
// HTTP call. slack-go's own logging goes through slog.
func NewAPI(lg *slog.Logger, botToken, appToken, apiURL string) *slack.Client {
	opts := []slack.Option{
		slack.OptionHTTPClient(&http.Client{Timeout: 15 * time.Second}),
		slack.OptionLog(slog.NewLogLogger(lg.Handler(), slog.LevelDebug)),
	}
	if appToken != "" {
		opts = append(opts, slack.OptionAppLevelToken(appToken))
	}
	if apiURL != "" {
		if apiURL[len(apiURL)-1] != '/' {
			apiURL += "/" // slack-go concatenates method names onto it
		}
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	return slack.New(botToken, opts...)
}

// API exposes the underlying client (Socket Mode needs it).
func (c *Client) API() *slack.Client { return c.api }

// do runs one Web API call with kbbot's retry policy. A call that is not
// idempotent (a post) is not retried after its request may have reached
// Slack.
func (c *Client) do(ctx context.Context, method string, call func() error) error {
	return c.call(ctx, method, true, call)
}

// post runs a call that posts a message: do, except after a transport
// error that may have come after Slack took the request.
func (c *Client) post(ctx context.Context, method string, call func() error) error {
	return c.call(ctx, method, false, call)
}

func (c *Client) call(ctx context.Context, method string, idempotent bool, call func() error) error {
	backoff := c.backoff
	var err error
	for attempt := 0; ; attempt++ {
		err = call()
		if err == nil {
			return nil
		}
		wait, reason, retry := retryable(err, backoff)
		if retry && reason == "network" && !idempotent && !notSent(err) {
			c.m.SlackErrors.WithLabelValues(method).Inc()
			return fmt.Errorf("bot: %s: %w: %w", method, handlers.ErrMaybeDelivered, err)
		}
		if !retry || attempt >= c.retries || ctx.Err() != nil {
			break
		}
		c.m.SlackRetries.WithLabelValues(method, reason).Inc()
		c.lg.Debug("slack call retried", "method", method, "reason", reason, "wait", wait.String(), "attempt", attempt+1)
		select {
		case <-ctx.Done():
			c.m.SlackErrors.WithLabelValues(method).Inc()
			return ctx.Err()
		case <-time.After(wait):
		}
		backoff *= 2
	}
	c.m.SlackErrors.WithLabelValues(method).Inc()
	return err
}

// retryable decides whether a failed call is worth repeating, and after how
// long: Slack's own Retry-After for rate limits, our backoff for server
// errors and broken connections. Slack's "ok": false answers (bad channel,
// invalid blocks) are final.
func retryable(err error, backoff time.Duration) (time.Duration, string, bool) {
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		return max(rl.RetryAfter, 100*time.Millisecond), "rate_limited", true
	}
	var sc slack.StatusCodeError
	if errors.As(err, &sc) {
		switch {
		case sc.Code == http.StatusTooManyRequests:
			return time.Second, "rate_limited", true
		case sc.Code >= 500:
			return backoff, "server_error", true
		}
		return 0, "", false
	}
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return 0, "", false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return 0, "", false
	}
	// Anything else is the transport: a reset or refused connection.
	return backoff, "network", true
}

// notSent reports whether a transport error happened before the request
// could reach Slack: the connection was never made.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED)
}

// PostMessage posts to a channel (or a user id, for a DM) and returns the
// message's channel and ts.
func (c *Client) PostMessage(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
	var ch, ts string
	err := c.post(ctx, "chat.postMessage", func() error {
		var err error
		ch, ts, err = c.api.PostMessageContext(ctx, channel, opts...)
		return err
	})
	return ch, ts, err
}

// UpdateMessage edits a message in place.
func (c *Client) UpdateMessage(ctx context.Context, channel, ts string, opts ...slack.MsgOption) error {
	return c.do(ctx, "chat.update", func() error {
		_, _, _, err := c.api.UpdateMessageContext(ctx, channel, ts, opts...)
		return err
	})
}

// PostEphemeral posts a message only user can see.
func (c *Client) PostEphemeral(ctx context.Context, channel, user string, opts ...slack.MsgOption) error {
	return c.post(ctx, "chat.postEphemeral", func() error {
		_, err := c.api.PostEphemeralContext(ctx, channel, user, opts...)
		return err
	})
}

// Respond posts to a response_url (slash commands and interactions).
func (c *Client) Respond(ctx context.Context, responseURL string, opts ...slack.MsgOption) error {
	return c.post(ctx, "response_url", func() error {
		_, _, err := c.api.PostMessageContext(ctx, "", opts...)
		return err
	})
}

// Recent returns the newest messages of a channel (or, with threadTS, of
// a thread), at most 200, with their metadata: to find a post whose answer
// was lost moments ago. (No "oldest" bound: Slack's ts and this machine's
// clock need not agree, and a post from moments ago is among the newest.)
func (c *Client) Recent(ctx context.Context, channel, threadTS string) ([]slack.Message, error) {
	var msgs []slack.Message
	if threadTS != "" {
		err := c.do(ctx, "conversations.replies", func() error {
			var err error
			msgs, _, _, err = c.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
				ChannelID: channel, Timestamp: threadTS, Limit: 200, IncludeAllMetadata: true,
			})
			return err
		})
		return msgs, err
	}
	err := c.do(ctx, "conversations.history", func() error {
		res, err := c.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
			ChannelID: channel, Limit: 200, IncludeAllMetadata: true,
		})
		if err == nil {
			msgs = res.Messages
		}
		return err
	})
	return msgs, err
}

// OpenView opens a modal and returns its view id (for UpdateView).
// trigger_id expires 3 seconds after the user's click, so callers open
// modals before any slow work.
func (c *Client) OpenView(ctx context.Context, triggerID string, v slack.ModalViewRequest) (string, error) {
	var id string
	err := c.do(ctx, "views.open", func() error {
		res, err := c.api.OpenViewContext(ctx, triggerID, v)
		if res != nil {
			id = res.ID
		}
		return err
	})
	return id, err
}

// UpdateView replaces an open modal's content (views.update), for a modal
// opened at once with a loading view and filled in when its data arrives.
func (c *Client) UpdateView(ctx context.Context, viewID string, v slack.ModalViewRequest) error {
	return c.do(ctx, "views.update", func() error {
		_, err := c.api.UpdateViewContext(ctx, v, "", "", viewID)
		return err
	})
}

// AddReaction reacts to a message (reactions.add): kbbot's "you're
// welcome" to a thank-you in a thread.
func (c *Client) AddReaction(ctx context.Context, channel, ts, name string) error {
	return c.do(ctx, "reactions.add", func() error {
		err := c.api.AddReactionContext(ctx, name, slack.NewRefToMessage(channel, ts))
		var se slack.SlackErrorResponse
		if errors.As(err, &se) && se.Err == "already_reacted" {
			return nil // a job run again: the reaction is there
		}
		return err
	})
}

// PublishView publishes a user's App Home.
func (c *Client) PublishView(ctx context.Context, user string, v slack.HomeTabViewRequest) error {
	return c.do(ctx, "views.publish", func() error {
		_, err := c.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: v})
		return err
	})
}

// AuthTest checks the bot token and returns the bot's own ids.
func (c *Client) AuthTest(ctx context.Context) (*slack.AuthTestResponse, error) {
	var res *slack.AuthTestResponse
	err := c.do(ctx, "auth.test", func() error {
		var err error
		res, err = c.api.AuthTestContext(ctx)
		return err
	})
	return res, err
}

// Notifier implements handlers.Slack on the Web API: it renders the use
// cases' notices, review posts and digests as Block Kit and sends them. It
// needs only the Client, so it is built before the App and handed to it in
// handlers.Deps.
type Notifier struct {
	c *Client
}

// NewNotifier returns the handlers.Slack that sends through c.
func NewNotifier(c *Client) *Notifier { return &Notifier{c: c} }

// DM sends a direct message (chat.postMessage to the user id).
func (n *Notifier) DM(ctx context.Context, user string, note handlers.Notice) error {
	_, _, err := n.c.PostMessage(ctx, user, noticeMessage(note).options()...)
	return err
}

// PostReview posts a submission for review.
func (n *Notifier) PostReview(ctx context.Context, channel string, r handlers.Review) (handlers.MessageRef, error) {
	ch, ts, err := n.c.PostMessage(ctx, channel, reviewMessage(r).options()...)
	return handlers.MessageRef{Channel: ch, TS: ts}, err
}

// UpdateReview rewrites a review post in place with its decision.
func (n *Notifier) UpdateReview(ctx context.Context, ref handlers.MessageRef, r handlers.Review) error {
	return n.c.UpdateMessage(ctx, ref.Channel, ref.TS, reviewMessage(r).options()...)
}

// PostDigest posts the weekly digest.
func (n *Notifier) PostDigest(ctx context.Context, channel string, d handlers.Digest) error {
	_, _, err := n.c.PostMessage(ctx, channel, digestMessage(d).options()...)
	return err
}
