package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Moderation: /kb queue, the review post's Approve, Edit and Reject, and
// their modals. A decision or an edit is one handlers call; the follow-up
// (search index, review posts updated in place, the author's DM) is
// handlers.FinishDecision or AfterEdit, run once Slack has its answer.
// Every action is checked on the server by the use case.

// queueCommand is /kb queue: the submissions waiting for review, with
// their buttons.
func (b *Bot) queueCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobQueue, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runQueue lists the submissions waiting for review to a moderator.
func (b *Bot) runQueue(ctx context.Context, _ job, r reply) {
	reviews, err := b.app.Queue(ctx, r.user, 10)
	if err != nil {
		b.fail(ctx, r, "queue", err)
		return
	}
	if len(reviews) == 0 {
		b.say(ctx, r, "Nothing is waiting for review. :tada:")
		return
	}
	blocks := []slack.Block{textSection(fmt.Sprintf("*Waiting for review, oldest first (%d shown)*", len(reviews)))}
	for _, rv := range reviews {
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, reviewBlocks(rv, true)...)
	}
	b.postBlocks(ctx, r, "Submissions waiting for review", blocks)
}

// approveAction is Approve. It runs off the acknowledgement, so the
// decision's follow-up runs in the same job: the lesson answers questions
// before the next job starts.
func (b *Bot) approveAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobApprove, Reply: replyRecord(c.r), Value: c.value})
}

// runApprove approves a submission and finishes the decision. A second
// run of the same job (its replica died after approving) finds it decided
// and finishes what the first left undone; FinishDecision tells nobody
// twice.
func (b *Bot) runApprove(ctx context.Context, j job, r reply) {
	if _, err := b.app.Approve(ctx, r.user, j.Value); err != nil {
		if ke, ok := knowledgeError(err); j.attempt > 1 && ok && ke.Kind == knowledge.EConflict {
			b.app.FinishDecision(ctx, j.Value)
			return
		}
		b.fail(ctx, r, "approve", err)
		return
	}
	b.app.FinishDecision(ctx, j.Value)
}

// runFinishReject finishes a rejection recorded by the modal.
func (b *Bot) runFinishReject(ctx context.Context, j job, _ reply) {
	b.app.FinishDecision(ctx, j.Value)
}

// runAfterEdit shows an edit in the search index and the review posts.
func (b *Bot) runAfterEdit(ctx context.Context, j job, _ reply) {
	b.app.AfterEdit(ctx, j.Value)
}

// rejectAction is Reject: it asks for the reason, in a modal.
func (b *Bot) rejectAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "reject_modal", c.r, func(ctx context.Context) {
		e, err := b.app.RejectForm(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "reject", err)
			return
		}
		if err := b.slack.OpenView(ctx, c.trigger, reasonModal(c.value, e.Title)); err != nil {
			b.lg.Error("could not open the reject form", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
		}
	})
}

// submitReject records the rejection before the modal closes; a missing
// or unsafe reason keeps it open.
func (b *Bot) submitReject(ctx context.Context, c viewCall) any {
	id := c.v.PrivateMetadata
	if _, err := b.app.Reject(ctx, c.r.user, id, stateValue(c.v, fieldReason)); err != nil {
		return b.formErrors(err, fieldReason, c.r)
	}
	b.after(ctx, jobFinishReject, id)
	return nil
}

// editAction is Edit: the lesson form, filled with the submission.
func (b *Bot) editAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "edit_modal", c.r, func(ctx context.Context) {
		f, err := b.app.EditForm(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "edit", err)
			return
		}
		if err := b.slack.OpenView(ctx, c.trigger, lessonModal(callbackEdit, c.value, f, true)); err != nil {
			b.lg.Error("could not open the edit form", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
		}
	})
}

// submitEdit saves a moderator's edit before the modal closes.
func (b *Bot) submitEdit(ctx context.Context, c viewCall) any {
	f := lessonFormOf(c.v)
	f.Link = "" // the edit modal's metadata is the entry id, not a link
	id := c.v.PrivateMetadata
	if _, err := b.app.SaveEdit(ctx, c.r.user, id, f); err != nil {
		return b.formErrors(err, handlers.FieldTitle, c.r)
	}
	b.after(ctx, jobAfterEdit, id)
	return nil
}

// reasonModal asks a moderator why a submission is not accepted.
func reasonModal(entryID, title string) slack.ModalViewRequest {
	in := textInput(fieldReason, "Reason for the author", "", true, handlers.MaxReasonLen, false, "The author receives this. Be kind and specific: what would make it acceptable?")
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Don't accept"), Submit: plain("Send"), Close: plain("Cancel"),
		CallbackID: callbackReject, PrivateMetadata: entryID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{textSection("*" + escape(title) + "*"), in}},
	}
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
