package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// helpCommand is /kb help, and /kb on its own. Moderators also see their
// commands.
func (b *Bot) helpCommand(_ context.Context, c slashCall) *commandResponse {
	return ephemeral(renderHelp(c.cmd.Command, b.app.IsModerator(c.r.user)))
}

// renderHelp explains kbbot, naming the slash command as it is installed,
// with every command as code; moderators get theirs too.
func renderHelp(command string, moderator bool) message {
	if command == "" {
		command = "/kb"
	}
	command = safe(command)
	text := fmt.Sprintf(`*kbbot answers questions about adopting AI in the NHS* from lessons, use cases and guidance shared by colleagues, always with its sources. If it doesn't know, it says so.

*Ask*
• Mention me in a channel: `+"`@kbbot has anyone piloted an ambient scribe in primary care?`"+`
• Send me a direct message, or use `+"`%[1]s QUESTION`"+` (only you see the answer; you can share it).
• Reply in the thread of my answer to follow up; no need to mention me again.
• *Details* on a source shows the whole lesson. When I'm not sure or find nothing, *Notify me* and I'll message you if an answer is approved.

*Share and find people*
• `+"`%[1]s share`"+`: post what your pilot taught you. Abandoned pilots are among the most useful lessons. You can post anonymously.
• The *Save as pilot lesson* shortcut (the ⋮ menu on any message) starts a lesson from that message.
• `+"`%[1]s experts TOPIC`"+`: people who can help. `+"`%[1]s expert add TOPICS`"+` offers your help (add `+"`--mentor`"+` to mentor another site); `+"`%[1]s expert remove`"+` takes you off.
• `+"`%[1]s mine`"+`: your lessons (to withdraw or update them) and the questions you're waiting on.
• `+"`%[1]s stats`"+`: what the knowledge base holds.

*Please never include patient details* (NHS numbers, names, dates of birth, addresses): I refuse text that looks like them.`, command)
	blocks := []slack.Block{textSection(text)}
	if moderator {
		blocks = append(blocks, slack.NewDividerBlock(), textSection(fmt.Sprintf(`*For moderators*
• `+"`%[1]s queue`"+`: submissions waiting for review, with Approve, Edit and Reject.
• `+"`%[1]s gaps`"+`: questions I couldn't answer well, grouped, with how many people wait for an answer.
• `+"`%[1]s stale`"+`: entries past their review date, with Mark reviewed, Edit and Archive.`, command)))
	}
	return message{text: "kbbot answers questions about adopting AI in the NHS. Try " + command + " QUESTION, or " + command + " help.", blocks: blocks}
}
