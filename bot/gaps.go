package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// gapsCommand is /kb gaps: the questions kbbot couldn't answer well,
// grouped, most asked first.
func (b *Bot) gapsCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobGaps, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runGaps lists the gaps to a moderator.
func (b *Bot) runGaps(ctx context.Context, _ job, r reply) {
	groups, err := b.app.Gaps(ctx, r.user, 20)
	if err != nil {
		b.fail(ctx, r, "gaps", err)
		return
	}
	if len(groups) == 0 {
		b.say(ctx, r, "No knowledge gaps recorded yet.")
		return
	}
	b.postBlocks(ctx, r, "Knowledge gaps", gapBlocks(groups))
}

// gapBlocks lists gap groups, one line each with its count and up to three
// reasons, in sections within Slack's text limit.
func gapBlocks(groups []handlers.GapGroup) []slack.Block {
	var lines []string
	for _, g := range groups {
		line := fmt.Sprintf("• *%d×* %s", g.Count, escape(clip(g.Question, 200)))
		if g.Unhelpful > 0 {
			line += fmt.Sprintf(" _(%d rated unhelpful)_", g.Unhelpful)
		}
		for _, reason := range g.Reasons {
			line += "\n    ↳ " + escape(clip(reason, 150))
		}
		lines = append(lines, line)
	}
	blocks := []slack.Block{textSection("*Questions kbbot couldn't answer well, most asked first*")}
	var chunk []string
	size := 0
	for _, l := range lines {
		if size+len(l) > 2800 {
			blocks = append(blocks, textSection(strings.Join(chunk, "\n")))
			chunk, size = nil, 0
		}
		chunk = append(chunk, l)
		size += len(l) + 1
	}
	return append(blocks, textSection(strings.Join(chunk, "\n")))
}
