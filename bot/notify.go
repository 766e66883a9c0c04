package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Notifier implements handlers.Slack: it renders the use cases' notices,
// review posts and digests as Block Kit and sends them.
type Notifier struct {
	b *Bot
}

// Notifier returns the bot's handlers.Slack implementation.
func (b *Bot) Notifier() handlers.Slack { return Notifier{b: b} }

// DM sends a direct message (chat.postMessage to the user id).
func (n Notifier) DM(ctx context.Context, user string, note handlers.Notice) error {
	blocks := []slack.Block{textSection(note.Text)}
	if note.Button != nil {
		action := ""
		switch note.Button.Action {
		case handlers.ButtonUpdateOutcome:
			action = actionUpdateOutcome
		}
		if action != "" {
			blocks = append(blocks, slack.NewActionBlock("notice", button(action, note.Button.Label, note.Button.Value)))
		}
	}
	_, _, err := n.b.slack.PostMessage(ctx, user, message{text: note.Text, blocks: blocks}.options()...)
	return err
}

// PostReview posts a submission for review.
func (n Notifier) PostReview(ctx context.Context, channel string, r handlers.Review) (handlers.MessageRef, error) {
	msg := reviewMessage(r)
	ch, ts, err := n.b.slack.PostMessage(ctx, channel, msg.options()...)
	return handlers.MessageRef{Channel: ch, TS: ts}, err
}

// UpdateReview rewrites a review post in place with its decision.
func (n Notifier) UpdateReview(ctx context.Context, ref handlers.MessageRef, r handlers.Review) error {
	return n.b.slack.UpdateMessage(ctx, ref.Channel, ref.TS, reviewMessage(r).options()...)
}

// PostDigest posts the weekly digest.
func (n Notifier) PostDigest(ctx context.Context, channel string, d handlers.Digest) error {
	blocks := []slack.Block{
		slack.NewHeaderBlock(plain("New pilot lessons this week")),
		textSection(fmt.Sprintf("%d lesson%s shared by colleagues since %s. Ask me about any of them.", len(d.Lessons), plural(len(d.Lessons)), d.Since.Format("2 Jan"))),
	}
	for i, s := range d.Lessons {
		if i == 20 {
			break
		}
		blocks = append(blocks, textSection(renderSource(i+1, s)+"\n"+escape(clip(s.Summary, 300))))
	}
	_, _, err := n.b.slack.PostMessage(ctx, channel, message{text: fmt.Sprintf("%d new pilot lessons this week", len(d.Lessons)), blocks: capBlocks(blocks, maxMessageBlocks)}.options()...)
	return err
}

// reviewMessage is a review post: the lesson as moderators see it, the
// sender (even when anonymous: moderators may see who sent it), and either
// the Approve / Edit / Reject buttons or the decision.
func reviewMessage(r handlers.Review) message {
	blocks := []slack.Block{slack.NewHeaderBlock(plain("Pilot lesson for review"))}
	blocks = append(blocks, reviewBlocks(r, r.Decision == nil)...)
	if d := r.Decision; d != nil {
		var line string
		switch d.Status {
		case knowledge.StatusApproved:
			line = fmt.Sprintf(":white_check_mark: Approved by <@%s> on %s. It now appears in answers.", d.By, d.At.Format("2 Jan 2006 at 15:04 MST"))
		case knowledge.StatusRejected:
			line = fmt.Sprintf(":x: Not accepted by <@%s> on %s. Reason sent to the author: _%s_", d.By, d.At.Format("2 Jan 2006 at 15:04 MST"), escape(d.Reason))
		case knowledge.StatusArchived:
			line = fmt.Sprintf(":leftwards_arrow_with_hook: Withdrawn by the author on %s.", d.At.Format("2 Jan 2006"))
		}
		blocks = append(blocks, slack.NewContextBlock("decision", mrkdwn(line)))
	}
	return message{text: "Pilot lesson for review: " + r.Entry.Title, blocks: capBlocks(blocks, maxMessageBlocks)}
}

// reviewBlocks lays out one submission, with review buttons if asked.
func reviewBlocks(r handlers.Review, buttons bool) []slack.Block {
	e := r.Entry
	facts := []string{e.Category.Label(), e.OrgType.Label(), outcomeLabel(e.Outcome)}
	if e.StopReason != "" {
		facts = append(facts, "stopped: "+strings.ToLower(e.StopReason.Label()))
	}
	if e.Evidence != "" {
		facts = append(facts, "evidence: "+strings.ToLower(e.Evidence.Label()))
	}
	head := fmt.Sprintf("*%s*\n%s", escape(e.Title), escape(strings.Join(facts, " · ")))
	blocks := []slack.Block{
		textSection(head),
		textSection("*Lessons for others*\n" + escape(e.Summary)),
	}
	if e.Body != "" {
		blocks = append(blocks, textSection(escape(clip(e.Body, 2800))))
	}
	who := "Sent by <@" + r.Author + ">"
	switch {
	case r.Author == "":
		who = "Imported entry"
	case r.Anonymous:
		who += ", who asked to stay *anonymous*: answers will never show their name."
	default:
		who += ", happy to be contacted."
	}
	if len(e.Tags) > 0 {
		who += " Tags: " + escape(strings.Join(e.Tags, ", "))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(who)))
	if buttons {
		approve := button(actionApprove, "Approve", e.ID)
		approve.Style = slack.StylePrimary
		reject := button(actionReject, "Reject", e.ID)
		reject.Style = slack.StyleDanger
		blocks = append(blocks, slack.NewActionBlock("review_"+e.ID, approve, button(actionEdit, "Edit", e.ID), reject))
	}
	return blocks
}
