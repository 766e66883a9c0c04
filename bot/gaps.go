package bot

import (
	"context"
)

// gapsCommand is /kb gaps: the questions kbbot couldn't answer well,
// grouped, most asked first, a page at a time (lists.go).
func (b *Bot) gapsCommand(ctx context.Context, c slashCall) *commandResponse {
	b.submit(ctx, "gaps", c.r, func(ctx context.Context) {
		b.showList(ctx, c.r, listGaps, 0, "", false)
	})
	return ackOnly()
}
