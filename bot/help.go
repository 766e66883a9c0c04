package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// helpCommand is /kb help, and /kb on its own.
func (b *Bot) helpCommand(_ context.Context, c slashCall) *commandResponse {
	return ephemeral(renderHelp(c.cmd.Command))
}

// renderHelp explains kbbot, naming the slash command as it is installed.
func renderHelp(command string) message {
	if command == "" {
		command = "/kb"
	}
	text := fmt.Sprintf(`*kbbot answers questions about adopting AI in the NHS* from lessons, use cases and guidance shared by colleagues, always with its sources. If it doesn't know, it says so.

*Ask*
• Mention me in a channel: @kbbot has anyone piloted an ambient scribe in primary care?
• Send me a direct message, or use %[1]s QUESTION (only you see the answer; you can share it).
• Reply in the thread of my answer to follow up; no need to mention me again.

*Share and find people*
• %[1]s share: post what your pilot taught you. Abandoned pilots are among the most useful lessons. You can post anonymously.
• %[1]s experts TOPIC: people who can help. %[1]s expert add TOPICS to offer help yourself.
• %[1]s mine: your submissions, to withdraw or update them.
• %[1]s stats: what the knowledge base holds.

*Please never include patient details* (NHS numbers, names, dates of birth, addresses): I refuse text that looks like them.`, command)
	return message{text: "kbbot answers questions about adopting AI in the NHS. Try " + command + " QUESTION.", blocks: []slack.Block{textSection(text)}}
}
