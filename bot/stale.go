package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
)

// Entries due for review: /kb stale and its Mark reviewed button.

// staleCommand is /kb stale: approved entries past their review date, most
// overdue first, each with Mark reviewed.
func (b *Bot) staleCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobStale, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runStale lists the entries due for review to a moderator.
func (b *Bot) runStale(ctx context.Context, _ job, r reply) {
	stale, err := b.app.Stale(ctx, r.user)
	if err != nil {
		b.fail(ctx, r, "stale", err)
		return
	}
	if len(stale) == 0 {
		b.say(ctx, r, "Every approved entry is within its review date.")
		return
	}
	blocks := []slack.Block{textSection(fmt.Sprintf("*Due for review (%d), most overdue first*", len(stale)))}
	for i, e := range stale {
		if i == 15 {
			blocks = append(blocks, textSection(fmt.Sprintf("…and %d more.", len(stale)-15)))
			break
		}
		txt := fmt.Sprintf("*%s*\n%s · due %s · last reviewed %s", escape(e.Title), e.Kind.Label(),
			e.DueForReview().Format("2 Jan 2006"), e.LastReviewed().Format("2 Jan 2006"))
		sec := slack.NewSectionBlock(mrkdwn(txt), nil, slack.NewAccessory(button(actionMarkReviewed, "Mark reviewed", e.ID)))
		blocks = append(blocks, sec)
	}
	b.postBlocks(ctx, r, "Entries due for review", blocks)
}

// markReviewedAction is Mark reviewed: the entry's review date becomes
// today.
func (b *Bot) markReviewedAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobMarkReviewed, Reply: replyRecord(c.r), Value: c.value})
}

// runMarkReviewed marks an entry reviewed today.
func (b *Bot) runMarkReviewed(ctx context.Context, j job, r reply) {
	e, err := b.app.MarkReviewed(ctx, r.user, j.Value)
	if err != nil {
		b.fail(ctx, r, "mark reviewed", err)
		return
	}
	b.say(ctx, r, fmt.Sprintf("Marked as reviewed today: *%s*. Next review due %s.", escape(e.Title), e.DueForReview().Format("2 Jan 2006")))
}
