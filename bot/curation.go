package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// onCurationCommand handles the sharing and curating subcommands. It
// returns nil when sub is not one of them.
func (b *Bot) onCurationCommand(cmd slack.SlashCommand, sub, rest string, r reply) *commandResponse {
	switch sub {
	case "experts":
		b.submit("experts", r, func(ctx context.Context) {
			people, err := b.app.PeopleFor(ctx, rest, nil)
			if err != nil {
				b.fail(ctx, r, "experts", err)
				return
			}
			if rest == "" {
				ex, err := b.app.Experts(ctx, "")
				if err != nil {
					b.fail(ctx, r, "experts", err)
					return
				}
				people.Experts = ex
			}
			b.say(ctx, r, renderPeople(people, b.app.Moderators()))
		})
		return &commandResponse{}
	case "expert":
		verb, topics, _ := strings.Cut(rest, " ")
		switch strings.ToLower(verb) {
		case "add":
			mentor := false
			if t, ok := strings.CutSuffix(strings.TrimSpace(topics), "--mentor"); ok {
				topics, mentor = t, true
			}
			b.submit("expert_add", r, func(ctx context.Context) {
				e, err := b.app.AddExpert(ctx, r.user, topics, mentor)
				if err != nil {
					b.fail(ctx, r, "expert add", err)
					return
				}
				note := ""
				if !e.Mentor {
					note = fmt.Sprintf(" Happy to mentor another site? Run `%s expert add %s --mentor`.", cmd.Command, strings.Join(e.Topics, ", "))
				}
				b.say(ctx, r, fmt.Sprintf("Thanks! You're listed as an expert on: %s.%s Leave with `%s expert remove`.", escape(strings.Join(e.Topics, ", ")), note, cmd.Command))
			})
		case "remove":
			b.submit("expert_remove", r, func(ctx context.Context) {
				ok, err := b.app.RemoveExpert(ctx, r.user)
				if err != nil {
					b.fail(ctx, r, "expert remove", err)
					return
				}
				if !ok {
					b.say(ctx, r, "You weren't in the directory of experts.")
					return
				}
				b.say(ctx, r, "You've left the directory of experts.")
			})
		default:
			return ephemeral(message{text: fmt.Sprintf("Use `%[1]s expert add TOPICS` (comma-separated; add `--mentor` if you're happy to mentor another site) or `%[1]s expert remove`.", cmd.Command)})
		}
		return &commandResponse{}
	}
	return nil
}

func (b *Bot) onCurationAction(cb slack.InteractionCallback, act *slack.BlockAction, r reply, received time.Time) {
	b.lg.Debug("unknown action ignored", "action_id", act.ActionID)
}

func (b *Bot) onCurationSubmission(cb slack.InteractionCallback, r reply) any {
	return nil
}

func (b *Bot) onShortcut(cb slack.InteractionCallback, r reply) {}

func asKnowledgeError(err error, target **knowledge.Error) bool { return errors.As(err, target) }
