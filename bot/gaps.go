package bot

import (
	"context"
)

// gapsCommand is /kb gaps: the questions kbbot couldn't answer well,
// grouped, most asked first, a page at a time (lists.go).
func (b *Bot) gapsCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobGaps, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runGaps shows a moderator the first page of the gaps.
func (b *Bot) runGaps(ctx context.Context, _ job, r reply) {
	b.showList(ctx, r, listGaps, 0, "", false)
}
