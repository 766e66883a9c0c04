package bot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// reply is where an answer to a delivery goes: a channel (and thread), or a
// response_url, privately or not.
type reply struct {
	channel  string
	threadTS string
	// responseURL answers a slash command or an interaction.
	responseURL string
	// user is who asked; private replies go to them only.
	user string
	// private asks for an ephemeral reply (only user sees it).
	private bool
	// ids for logs: never message text.
	eventID string
	// run, for a queued job, numbers its messages so that each is posted
	// at most once however often the job runs (deliver.go).
	run *jobRun
}

// Plain messages for when things go wrong. They say what happened and what
// to try, without blaming the user.
const (
	apologyText = "Sorry, something went wrong on my side and I couldn't finish that. " +
		"Please try again in a minute; if it keeps happening, let the kbbot moderators know."
)

// message is a rendered Slack message: blocks plus the plain-text fallback
// that notifications and screen readers use.
type message struct {
	text   string
	blocks []slack.Block
}

func (m message) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.text, false)}
	if len(m.blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.blocks...))
	}
	return opts
}

// post sends msg on the reply path and returns the channel and ts of a
// channel message ("" for ephemeral and response_url replies). If a channel
// post fails, it falls back to a private reply, then a DM, so the user is
// never left in silence while any path works. A queued job's message is
// posted at most once, however often the job runs (postOnce).
func (b *Bot) post(ctx context.Context, r reply, msg message) (string, string, error) {
	if r.run != nil {
		return b.postOnce(ctx, r, msg)
	}
	s, err := b.send(ctx, r, msg, nil)
	return s.channel, s.ts, err
}

// sent says where send put a message.
type sent struct {
	channel, ts string
	// via is the path: "response_url", "ephemeral", "channel" or "dm".
	via string
}

// send is post's delivery: response_url, ephemeral or channel as the reply
// asks, then a DM as the last resort. extra options go with channel
// messages and DMs (a delivery key). A failure after which the message may
// have reached Slack stops it there: falling back would show it twice.
func (b *Bot) send(ctx context.Context, r reply, msg message, extra []slack.MsgOption) (sent, error) {
	opts := msg.options()
	switch {
	case r.responseURL != "":
		rt := slack.ResponseTypeInChannel
		if r.private {
			rt = slack.ResponseTypeEphemeral
		}
		err := b.slack.Respond(ctx, r.responseURL, append(opts, slack.MsgOptionResponseURL(r.responseURL, rt))...)
		if err == nil || errors.Is(err, handlers.ErrMaybeDelivered) {
			return sent{via: "response_url"}, err
		}
		b.lg.Warn("reply via response_url failed; trying a direct message", "event_id", r.eventID, "user", r.user, "err", err)
	case r.private && r.channel != "":
		if r.threadTS != "" {
			opts = append(opts, slack.MsgOptionTS(r.threadTS))
		}
		err := b.slack.PostEphemeral(ctx, r.channel, r.user, opts...)
		if err == nil || errors.Is(err, handlers.ErrMaybeDelivered) {
			return sent{via: "ephemeral"}, err
		}
		b.lg.Warn("ephemeral reply failed; trying a direct message", "event_id", r.eventID, "channel", r.channel, "user", r.user, "err", err)
	case r.channel != "":
		if r.threadTS != "" {
			opts = append(opts, slack.MsgOptionTS(r.threadTS))
		}
		ch, ts, err := b.slack.PostMessage(ctx, r.channel, append(opts, extra...)...)
		if err == nil || errors.Is(err, handlers.ErrMaybeDelivered) {
			return sent{channel: ch, ts: ts, via: "channel"}, err
		}
		b.lg.Warn("reply failed; trying a direct message", "event_id", r.eventID, "channel", r.channel, "user", r.user, "err", err)
	}
	if r.user == "" || r.user == r.channel {
		return sent{}, errNoReplyPath
	}
	// Last resort: a DM from the bot (chat.postMessage to the user id).
	ch, ts, err := b.slack.PostMessage(ctx, r.user, append(msg.options(), extra...)...)
	if err != nil {
		b.lg.Error("could not reach the user on any path", "event_id", r.eventID, "channel", r.channel, "user", r.user, "err", err)
		return sent{via: "dm"}, err
	}
	return sent{channel: ch, ts: ts, via: "dm"}, nil
}

// say posts a plain-text message on the reply path, privately when the
// path allows.
func (b *Bot) say(ctx context.Context, r reply, text string) {
	r.private = true
	if _, _, err := b.post(ctx, r, message{text: text, blocks: []slack.Block{textSection(text)}}); err != nil {
		b.lg.Error("could not deliver a message", "event_id", r.eventID, "user", r.user, "err", err)
	}
}

// postBlocks posts a private list (a queue, gaps, lessons) on the reply
// path, within Slack's block limit.
func (b *Bot) postBlocks(ctx context.Context, r reply, text string, blocks []slack.Block) {
	r.private = true
	if _, _, err := b.post(ctx, r, message{text: text, blocks: capBlocks(blocks, maxMessageBlocks)}); err != nil {
		b.lg.Error("reply not delivered", "user", r.user, "err", err)
	}
}

// apologise tells the user something went wrong, after the error has been
// logged.
func (b *Bot) apologise(ctx context.Context, r reply) { b.say(ctx, r, apologyText) }

// fail logs an error once, where it is handled, and tells the user in
// plain words. Errors with user-safe text (*knowledge.Error) are shown as
// they are; anything else becomes the apology.
func (b *Bot) fail(ctx context.Context, r reply, op string, err error) {
	if ke, ok := knowledgeError(err); ok {
		b.say(ctx, r, ke.Msg)
		return
	}
	b.lg.Error("request failed", "op", op, "event_id", r.eventID, "user", r.user, "channel", r.channel, "err", err)
	b.apologise(ctx, r)
}

// knowledgeError returns the user-safe error in err's chain, if any.
func knowledgeError(err error) (*knowledge.Error, bool) {
	var ke *knowledge.Error
	ok := errors.As(err, &ke)
	return ke, ok
}

// viewErrors is the response_action that keeps a modal open with errors on
// its input blocks.
func viewErrors(errs map[string]string) *slack.ViewSubmissionResponse {
	return slack.NewErrorsViewSubmissionResponse(errs)
}

// formErrors turns a use-case error into the modal's field errors: form
// problems on their fields, user-safe errors on their field or on
// fallback, failures on fallback. The modal stays open, so nothing the
// user typed is lost.
func (b *Bot) formErrors(err error, fallback string, r reply) any {
	var fe *handlers.FormError
	if errors.As(err, &fe) {
		return viewErrors(fe.Fields)
	}
	if ke, ok := knowledgeError(err); ok {
		if ke.Field != "" && ke.Field != "id" {
			return viewErrors(map[string]string{ke.Field: ke.Msg})
		}
		return viewErrors(map[string]string{fallback: ke.Msg})
	}
	b.lg.Error("form not saved", "user", r.user, "err", err)
	return viewErrors(map[string]string{fallback: "Sorry, I couldn't save this just now (the knowledge base didn't answer). Your text is still here: please try again in a minute."})
}

type botError string

func (e botError) Error() string { return string(e) }

const errNoReplyPath = botError("bot: no way to reach the user")
