package bot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// An author's own lessons: /kb mine, Withdraw, and Update outcome with its
// modal (also offered in the outcome follow-up DMs).

// mineCommand is /kb mine: the caller's submissions and their status.
func (b *Bot) mineCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobMine, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runMine lists the caller's lessons.
func (b *Bot) runMine(ctx context.Context, _ job, r reply) {
	mine, err := b.app.Mine(ctx, r.user)
	if err != nil {
		b.fail(ctx, r, "mine", err)
		return
	}
	if len(mine) == 0 {
		b.say(ctx, r, "You haven't shared any lessons yet. `/kb share` opens the form; stopped pilots are welcome.")
		return
	}
	b.postBlocks(ctx, r, fmt.Sprintf("Your lessons (%d)", len(mine)), mineBlocks(mine))
}

// mineBlocks lists an author's lessons, with Update outcome and Withdraw
// on those still in play.
func mineBlocks(mine []handlers.MySubmission) []slack.Block {
	blocks := []slack.Block{textSection(fmt.Sprintf("*Your lessons (%d)*", len(mine)))}
	for i, m := range mine {
		if i == 15 {
			blocks = append(blocks, textSection("…and more."))
			break
		}
		e := m.Entry
		line := fmt.Sprintf("*%s*\n%s · %s", escape(e.Title), e.Status.Label(), outcomeLabel(e.Outcome))
		if m.Submission.Anonymous {
			line += " · anonymous"
		}
		blocks = append(blocks, textSection(line))
		if e.Status != knowledge.StatusArchived && e.Status != knowledge.StatusRejected {
			w := button(actionWithdraw, "Withdraw", e.ID)
			w.Style = slack.StyleDanger
			w.Confirm = slack.NewConfirmationBlockObject(plain("Withdraw this lesson?"),
				plain("It will stop appearing in answers at once."), plain("Withdraw"), plain("Keep it"))
			blocks = append(blocks, slack.NewActionBlock("mine_"+e.ID, button(actionUpdateOutcome, "Update outcome", e.ID), w))
		}
	}
	return blocks
}

// withdrawAction is Withdraw: the lesson leaves answers at once.
func (b *Bot) withdrawAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobWithdraw, Reply: replyRecord(c.r), Value: c.value})
}

// runWithdraw takes a lesson back for its author.
func (b *Bot) runWithdraw(ctx context.Context, j job, r reply) {
	e, err := b.app.Withdraw(ctx, r.user, j.Value)
	if err != nil {
		b.fail(ctx, r, "withdraw", err)
		return
	}
	b.say(ctx, r, fmt.Sprintf("Withdrawn: *%s* no longer appears in answers.", escape(e.Title)))
}

// updateOutcomeAction is Update outcome: the outcome form, for the
// lesson's author only.
func (b *Bot) updateOutcomeAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "outcome_modal", c.r, func(ctx context.Context) {
		e, err := b.app.OwnEntry(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "update outcome", err)
			return
		}
		if err := b.slack.OpenView(ctx, c.trigger, outcomeModal(e)); err != nil {
			b.lg.Error("could not open the outcome form", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
		}
	})
}

// submitOutcomeUpdate saves the new outcome before the modal closes; the
// search index catches up afterwards.
func (b *Bot) submitOutcomeUpdate(ctx context.Context, c viewCall) any {
	u := handlers.OutcomeUpdate{
		Outcome: stateValue(c.v, handlers.FieldOutcome), StopReason: stateValue(c.v, handlers.FieldStopReason),
		Evidence: stateValue(c.v, handlers.FieldEvidence), Note: stateValue(c.v, fieldNote),
	}
	if _, err := b.app.UpdateOutcome(ctx, c.r.user, c.v.PrivateMetadata, u); err != nil {
		return b.formErrors(err, fieldNote, c.r)
	}
	b.after(ctx, jobSyncIndex, c.v.PrivateMetadata)
	return nil
}

// runSyncIndex catches the search index up after a change (an outcome
// update).
func (b *Bot) runSyncIndex(ctx context.Context, j job, _ reply) {
	if err := b.app.SyncIndex(ctx); err != nil {
		b.lg.Error("search index not updated after a change", "entry_id", j.Value, "err", err)
	}
}

// outcomeModal lets an author say how a pilot turned out.
func outcomeModal(e knowledge.Entry) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Update outcome"), Submit: plain("Save"), Close: plain("Cancel"),
		CallbackID: callbackUpdateOutcome, PrivateMetadata: e.ID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			textSection("*" + escape(e.Title) + "*\nWhatever happened, including stopping, the update helps the next team decide."),
			selectInput(handlers.FieldOutcome, "Outcome now", "Choose one", enumOptions(knowledge.Outcomes(), outcomeLabel), string(e.Outcome), false, ""),
			selectInput(handlers.FieldStopReason, "If you stopped: the main reason", "Choose one", enumOptions(knowledge.StopReasons(), knowledge.StopReason.Label), string(e.StopReason), true, ""),
			selectInput(handlers.FieldEvidence, "How strong is the evidence now?", "Choose one", enumOptions(knowledge.EvidenceLevels(), evidenceLabel), string(e.Evidence), true, ""),
			textInput(fieldNote, "What changed?", "", true, handlers.MaxNoteLen, true, "Added to your lesson, dated. No patient details, please."),
		}},
	}
}
