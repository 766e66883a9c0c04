package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// runHome publishes a user's App Home when they open it.
func (b *Bot) runHome(ctx context.Context, _ job, r reply) {
	b.publishHome(ctx, r.user)
}

// publishHome publishes a user's App Home.
func (b *Bot) publishHome(ctx context.Context, user string) {
	h, err := b.app.Home(ctx, user)
	if err != nil {
		b.lg.Error("could not build the home view", "user", user, "err", err)
		return
	}
	if err := b.slack.PublishView(ctx, user, renderHome(h)); err != nil {
		b.lg.Error("could not publish the home view", "user", user, "err", err)
	}
}

// renderHome lays out the App Home.
func renderHome(h handlers.Home) slack.HomeTabViewRequest {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("kbbot: AI in the NHS, from people who have tried it")),
		textSection("Ask me anything about adopting AI: what others piloted, what worked and what didn't, and what governance you need first.\n" +
			"• Mention *@kbbot* in a channel, send me a message here, or type `/kb QUESTION`.\n" +
			"• Share what your pilot taught you with `/kb share`. Stopped pilots are some of the most useful lessons, and you can post anonymously.\n" +
			"• Find people who have done it with `/kb experts TOPIC`."),
	}
	if h.Moderator {
		blocks = append(blocks, slack.NewDividerBlock(),
			textSection(fmt.Sprintf("*Moderation:* %d submission%s waiting for review. Use `/kb queue` to review them.", h.Pending, plural(h.Pending))))
	}
	blocks = append(blocks, slack.NewDividerBlock(), textSection("*Newest pilot lessons*"))
	if len(h.Newest) == 0 {
		blocks = append(blocks, textSection("None yet. Be the first: `/kb share`."))
	}
	for i, s := range h.Newest {
		blocks = append(blocks, textSection(renderSource(i+1, s)+"\n"+escape(clip(s.Summary, 400))))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: capBlocks(blocks, maxHomeBlocks)}}
}
