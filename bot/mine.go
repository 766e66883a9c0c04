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

// mineCommand is /kb mine: the caller's submissions and their status,
// and the questions they wait on, a page at a time.
func (b *Bot) mineCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobMine, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runMine shows the caller the first page of their lessons and waits.
func (b *Bot) runMine(ctx context.Context, _ job, r reply) {
	b.showList(ctx, r, listMine, 0, "", false)
}

// mineMessage is a page of /kb mine: the questions the caller waits on
// (with Cancel), then their lessons, with Update outcome and Withdraw on
// those still in play.
func mineMessage(mine []handlers.MySubmission, waiting []handlers.Subscription, p listPage, note string) message {
	if len(mine) == 0 && len(waiting) == 0 {
		const none = "You haven't shared any lessons yet, and you aren't waiting on any question. `/kb share` opens the form; stopped pilots are welcome."
		return message{text: none, blocks: listBlocks(note, none, nil, p)}
	}
	var items []slack.Block
	if len(waiting) > 0 && p.number == 0 {
		items = append(items, textSection(fmt.Sprintf("*Questions you're waiting on (%d)*\nI'll message you once if a lesson that answers one is approved.", len(waiting))))
		for i, w := range waiting {
			if i == maxWaitingShown {
				items = append(items, textSection(fmt.Sprintf("…and %d more.", len(waiting)-maxWaitingShown)))
				break
			}
			line := fmt.Sprintf("_%s_\nAsked %s · waiting until %s", safe(clip(w.Question, 300)), w.At.Format("2 Jan 2006"), w.Expires.Format("2 Jan 2006"))
			items = append(items, slack.NewSectionBlock(mrkdwn(line), nil, slack.NewAccessory(button(actionCancelWait, "Stop waiting", w.ID))))
		}
	}
	if len(mine) > 0 {
		items = append(items, textSection(fmt.Sprintf("*Your lessons (%d)*%s", len(mine), p.position())))
	}
	from, to := p.bounds()
	for _, m := range mine[from:to] {
		e := m.Entry
		line := fmt.Sprintf("*%s*\n%s · %s", safe(e.Title), e.Status.Label(), outcomeLabel(e.Outcome))
		if m.Submission.Anonymous {
			line += " · anonymous"
		}
		items = append(items, slack.NewSectionBlock(mrkdwn(line), nil, slack.NewAccessory(button(actionDetails, "Details", e.ID))))
		if e.Status != knowledge.StatusArchived && e.Status != knowledge.StatusRejected {
			w := button(actionWithdraw, "Withdraw", e.ID)
			w.Style = slack.StyleDanger
			w.Confirm = slack.NewConfirmationBlockObject(plain("Withdraw this lesson?"),
				plain("It will stop appearing in answers at once."), plain("Withdraw"), plain("Keep it"))
			items = append(items, slack.NewActionBlock(p.itemBlockID(e.ID), button(actionUpdateOutcome, "Update outcome", e.ID), w))
		}
	}
	heading := "*Your lessons and questions*"
	return message{text: fmt.Sprintf("Your lessons (%d) and questions you're waiting on (%d)", len(mine), len(waiting)), blocks: listBlocks(note, heading, items, p)}
}

// maxWaitingShown bounds the waiting questions listed, within the block
// limit.
const maxWaitingShown = 10

// withdrawAction is Withdraw: the lesson leaves answers at once.
func (b *Bot) withdrawAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobWithdraw, Reply: replyRecord(c.r), Value: c.value, Block: c.block})
}

// runWithdraw takes a lesson back for its author and redraws the list the
// button was on.
func (b *Bot) runWithdraw(ctx context.Context, j job, r reply) {
	e, err := b.app.Withdraw(ctx, r.user, j.Value)
	if err != nil {
		b.fail(ctx, r, "withdraw", err)
		return
	}
	b.refreshList(ctx, r, j.Block, fmt.Sprintf("Withdrawn: *%s* no longer appears in answers.", safe(e.Title)))
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
		if _, err := b.slack.OpenView(ctx, c.trigger, outcomeModal(e)); err != nil {
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
			textSection("*" + safe(e.Title) + "*\nWhatever happened, including stopping, the update helps the next team decide."),
			selectInput(handlers.FieldOutcome, "Outcome now", "Choose one", enumOptions(knowledge.Outcomes(), outcomeLabel), string(e.Outcome), false, ""),
			selectInput(handlers.FieldStopReason, "If you stopped: the main reason", "Choose one", enumOptions(knowledge.StopReasons(), knowledge.StopReason.Label), string(e.StopReason), true, ""),
			selectInput(handlers.FieldEvidence, "How strong is the evidence now?", "Choose one", enumOptions(knowledge.EvidenceLevels(), evidenceLabel), string(e.Evidence), true, ""),
			textInput(fieldNote, "What changed?", "", true, handlers.MaxNoteLen, true, "Added to your lesson, dated. No patient details, please."),
		}},
	}
}
