package bot

import (
	"context"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Notify me, on "not sure" and "nothing found" answers: the asker (or
// anyone who presses it) waits for an answer; /kb mine lists the waits,
// each with Stop waiting. The DM that ends a wait is handlers' notice,
// rendered by noticeMessage.

// notifyAction is Notify me.
func (b *Bot) notifyAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobNotify, Reply: replyRecord(c.r), Value: c.value})
}

// runNotify makes the caller wait for an answer to an answer's question.
// A second run of the same job finds them waiting already and says so in
// place of the first reply (deliver.go).
func (b *Bot) runNotify(ctx context.Context, j job, r reply) {
	sub, already, err := b.app.Subscribe(ctx, r.user, j.Value)
	if err != nil {
		b.fail(ctx, r, "notify", err)
		return
	}
	q := "_" + safe(clip(sub.Question, 300)) + "_"
	if already {
		b.say(ctx, r, ":bell: You're already waiting on "+q+". I'll message you once if a lesson that answers it is approved. `/kb mine` lists what you're waiting on.")
		return
	}
	b.say(ctx, r, ":bell: I'll message you once if a lesson that answers "+q+" is approved, within the next 90 days. "+
		"`/kb mine` lists what you're waiting on, and stops it if you change your mind.")
}

// cancelWaitAction is Stop waiting, on /kb mine.
func (b *Bot) cancelWaitAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobCancelWait, Reply: replyRecord(c.r), Value: c.value})
}

// runCancelWait ends one of the caller's waits and redraws /kb mine. A
// second run of the same job (its replica died after cancelling) finds
// the wait gone and only redraws the list.
func (b *Bot) runCancelWait(ctx context.Context, j job, r reply) {
	block := "mine_0_" + j.Value
	sub, err := b.app.CancelWaiting(ctx, r.user, j.Value)
	if err != nil {
		if ke, ok := knowledgeError(err); ok && j.attempt > 1 && ke.Kind == knowledge.ENotFound {
			b.refreshList(ctx, r, block, "You're no longer waiting on that question.")
			return
		}
		b.fail(ctx, r, "cancel wait", err)
		return
	}
	b.refreshList(ctx, r, block, "You're no longer waiting on _"+safe(clip(sub.Question, 300))+"_.")
}
