package bot

import (
	"context"
)

// Notify me, on "not sure" and "nothing found" answers: the asker (or
// anyone who presses it) waits for an answer; /kb mine lists the waits,
// each with Stop waiting. The DM that ends a wait is handlers' notice,
// rendered by noticeMessage.

// notifyAction is Notify me.
func (b *Bot) notifyAction(ctx context.Context, c actionCall) {
	b.submit(ctx, "notify", c.r, func(ctx context.Context) {
		sub, already, err := b.app.Subscribe(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "notify", err)
			return
		}
		q := "_" + safe(clip(sub.Question, 300)) + "_"
		if already {
			b.say(ctx, c.r, ":bell: You're already waiting on "+q+". I'll message you once if a lesson that answers it is approved. `/kb mine` lists what you're waiting on.")
			return
		}
		b.say(ctx, c.r, ":bell: I'll message you once if a lesson that answers "+q+" is approved, within the next 90 days. "+
			"`/kb mine` lists what you're waiting on, and stops it if you change your mind.")
	})
}

// cancelWaitAction is Stop waiting, on /kb mine.
func (b *Bot) cancelWaitAction(ctx context.Context, c actionCall) {
	b.submit(ctx, "cancel_wait", c.r, func(ctx context.Context) {
		sub, err := b.app.CancelWaiting(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "cancel wait", err)
			return
		}
		b.refreshList(ctx, c.r, "mine_0_"+c.value, "You're no longer waiting on _"+safe(clip(sub.Question, 300))+"_.")
	})
}
