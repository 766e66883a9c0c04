package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// subcommands kbbot knows, for "did you mean" replies.
func subcommands() []string {
	return []string{"ask", "share", "experts", "expert", "queue", "gaps", "stale", "stats", "mine", "help"}
}

// commandResponse is the immediate answer to a slash command: Slack shows
// it to the caller only. nil means an empty 200 (the real reply follows on
// the response_url).
type commandResponse struct {
	ResponseType string        `json:"response_type,omitempty"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

func ephemeral(m message) *commandResponse {
	return &commandResponse{ResponseType: slack.ResponseTypeEphemeral, Text: m.text, Blocks: m.blocks}
}

// onCommand handles a slash command, whatever it is called: the subcommand
// is the first word of the text. It returns the immediate response; slow
// work is queued.
func (b *Bot) onCommand(cmd slack.SlashCommand, received time.Time) *commandResponse {
	b.m.Events.WithLabelValues("slash_command").Inc()
	r := reply{responseURL: cmd.ResponseURL, user: cmd.UserID, channel: cmd.ChannelID, private: true}
	text := strings.TrimSpace(cmd.Text)
	sub, rest, _ := strings.Cut(text, " ")
	sub = strings.ToLower(sub)
	rest = strings.TrimSpace(rest)
	switch sub {
	case "", "help":
		return ephemeral(renderHelp(cmd.Command))
	case "ask":
		if rest == "" {
			return ephemeral(message{text: fmt.Sprintf("Ask me a question after `%s ask`, for example: `%s ask has anyone piloted an ambient scribe in primary care?`", cmd.Command, cmd.Command)})
		}
		b.submitQuestion(r, rest, received)
		return nil
	case "stats":
		b.submit("stats", r, func(ctx context.Context) {
			st, err := b.app.Stats(ctx)
			if err != nil {
				b.fail(ctx, r, "stats", err)
				return
			}
			if _, _, err := b.post(ctx, r, renderStats(st)); err != nil {
				b.lg.Error("stats not delivered", "user", r.user, "err", err)
			}
		})
		return nil
	}
	if resp := b.onCurationCommand(cmd, sub, rest, r); resp != nil {
		return resp
	}
	if !strings.Contains(text, " ") {
		if near, ok := nearSubcommand(sub); ok {
			return ephemeral(message{text: fmt.Sprintf("I don't know `%s %s`. Did you mean `%s %s`? Try `%s help` for everything I can do.", cmd.Command, sub, cmd.Command, near, cmd.Command)})
		}
	}
	// Anything else is a question.
	b.submitQuestion(r, text, received)
	return nil
}

func (b *Bot) submitQuestion(r reply, text string, received time.Time) {
	b.submit("ask", r, func(ctx context.Context) {
		b.answer(ctx, question{text: text, reply: r, received: received, shareable: true})
	})
}

// nearSubcommand finds the subcommand a one-word text is a typo of
// ("exprts", "stat"), so it gets a clear reply instead of a search.
func nearSubcommand(word string) (string, bool) {
	if len(word) < 3 {
		return "", false
	}
	for _, s := range subcommands() {
		if d := words.EditDistance(word, s, 2); d > 0 && d <= 2 && d < len(s)/2+1 {
			return s, true
		}
	}
	return "", false
}
