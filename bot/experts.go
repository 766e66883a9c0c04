package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// The directory of experts: /kb experts TOPIC, /kb expert add|remove, and
// an answer's "Ask a person" button.

// expertsCommand is /kb experts TOPIC: who can help with a topic (every
// expert when no topic is given).
func (b *Bot) expertsCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobExperts, Reply: replyRecord(c.r), Text: c.rest})
	return ackOnly()
}

// runExperts lists the people who can help with a topic.
func (b *Bot) runExperts(ctx context.Context, j job, r reply) {
	people, err := b.app.PeopleForTopic(ctx, j.Text)
	if err != nil {
		b.fail(ctx, r, "experts", err)
		return
	}
	b.say(ctx, r, renderPeople(people))
}

// expertCommand is /kb expert add TOPICS [--mentor] and /kb expert remove.
func (b *Bot) expertCommand(ctx context.Context, c slashCall) *commandResponse {
	verb, topics, _ := strings.Cut(c.rest, " ")
	switch strings.ToLower(verb) {
	case "add":
		topics, mentor := mentorFlag(strings.TrimSpace(topics))
		b.enqueue(ctx, "", job{Kind: jobExpertAdd, Reply: replyRecord(c.r), Text: topics, Mentor: mentor, Command: c.cmd.Command})
	case "remove":
		b.enqueue(ctx, "", job{Kind: jobExpertRemove, Reply: replyRecord(c.r)})
	default:
		return ephemeral(message{text: fmt.Sprintf("Use `%[1]s expert add TOPICS` (comma-separated; add `--mentor` if you're happy to mentor another site) or `%[1]s expert remove`.", safe(c.cmd.Command))})
	}
	return ackOnly()
}

// runExpertAdd lists the caller as an expert on the job's topics.
func (b *Bot) runExpertAdd(ctx context.Context, j job, r reply) {
	e, err := b.app.AddExpert(ctx, r.user, j.Text, j.Mentor)
	if err != nil {
		b.fail(ctx, r, "expert add", err)
		return
	}
	note := ""
	if !e.Mentor {
		note = fmt.Sprintf(" Happy to mentor another site? Run `%s expert add %s --mentor`.", safe(j.Command), safe(strings.Join(e.Topics, ", ")))
	}
	b.say(ctx, r, fmt.Sprintf("Thanks! You're listed as an expert on: %s.%s Leave with `%s expert remove`.", safe(strings.Join(e.Topics, ", ")), note, safe(j.Command)))
}

// runExpertRemove takes the caller out of the directory.
func (b *Bot) runExpertRemove(ctx context.Context, _ job, r reply) {
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
}

// mentorFlag takes a trailing "--mentor" (or what Slack's autocorrect
// makes of it) off the topics.
func mentorFlag(topics string) (string, bool) {
	mentor := false
	for _, flag := range []string{"--mentor", "—mentor", "mentor:yes"} {
		if t, ok := strings.CutSuffix(topics, flag); ok {
			topics, mentor = t, true
		}
	}
	return topics, mentor
}

// askPersonAction is an answer's "Ask a person": people who can help with
// its topic, or the moderators when there are none.
func (b *Bot) askPersonAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobAskPerson, Reply: replyRecord(c.r), Value: c.value})
}

// runAskPerson lists the people who can help with an answer's topic.
func (b *Bot) runAskPerson(ctx context.Context, j job, r reply) {
	people, err := b.app.PeopleForAnswer(ctx, j.Value)
	if err != nil {
		b.fail(ctx, r, "ask a person", err)
		return
	}
	b.say(ctx, r, renderPeople(people))
}

// renderPeople formats who to ask.
func renderPeople(p handlers.People) string {
	var lines []string
	for _, e := range p.Experts {
		line := fmt.Sprintf("• %s: %s", mention(e.User), safe(strings.Join(e.Topics, ", ")))
		if e.Mentor {
			line += " (happy to mentor another site)"
		}
		lines = append(lines, line)
	}
	for _, c := range p.Contributors {
		lines = append(lines, fmt.Sprintf("• %s: shared _%s_", mention(c.User), safe(c.Title)))
	}
	if len(lines) > 0 {
		return "*People who can help with this:*\n" + strings.Join(lines, "\n") +
			"\nThey offered to be contacted; a short message saying what you're working on helps."
	}
	if len(p.Moderators) > 0 {
		mods := make([]string, len(p.Moderators))
		for i, m := range p.Moderators {
			mods[i] = mention(m)
		}
		return "No one has listed themselves as an expert on this yet. The kbbot moderators can point you to someone: " +
			strings.Join(mods, ", ") + ". If you know this area, add yourself with `/kb expert add TOPICS`."
	}
	return "No one has listed themselves as an expert on this yet. If you know this area, add yourself with `/kb expert add TOPICS`."
}
