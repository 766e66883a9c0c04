package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// Sharing a pilot lesson: /kb share and the "Save as pilot lesson" message
// shortcut open the lesson form (lessonform.go); its submission is one
// handlers.SubmitLesson, stored before the modal closes, then announced to
// the moderators and the author.

// shareCommand is /kb share: the blank lesson form, opened before any slow
// work because the trigger expires three seconds after the command.
func (b *Bot) shareCommand(ctx context.Context, c slashCall) *commandResponse {
	b.urgently(ctx, "share_modal", c.r, func(ctx context.Context) {
		if _, err := b.slack.OpenView(ctx, c.cmd.TriggerID, lessonModal(callbackShare, "", handlers.LessonForm{}, false)); err != nil {
			b.lg.Error("could not open the lesson form", "user", c.r.user, "err", err)
			b.say(ctx, c.r, "Sorry, I couldn't open the form just now. Please try `"+safe(c.cmd.Command)+" share` again.")
		}
	})
	return ackOnly()
}

// saveAsLessonShortcut is the "Save as pilot lesson" message shortcut: the
// lesson form, prefilled with the message's text and a link to it.
func (b *Bot) saveAsLessonShortcut(ctx context.Context, cb slack.InteractionCallback, r reply) {
	link := messageLink(cb.Team.Domain, cb.Channel.ID, cb.MessageTs)
	f := handlers.LessonForm{WhatHappened: clip(cleanText(cb.Message.Text, b.identity().userID), handlers.MaxWhatHappenedLen)}
	b.urgently(ctx, "shortcut_modal", r, func(ctx context.Context) {
		if _, err := b.slack.OpenView(ctx, cb.TriggerID, lessonModal(callbackShare, link, f, false)); err != nil {
			b.lg.Error("could not open the lesson form", "user", r.user, "err", err)
			b.say(ctx, r, "Sorry, I couldn't open the form just now. Please try again, or use `/kb share`.")
		}
	})
}

// submitLesson stores a submitted lesson as pending before the modal
// closes; any problem keeps the modal open with the user's text. The
// announcement (review post, the author's DM) follows.
func (b *Bot) submitLesson(ctx context.Context, c viewCall) any {
	e, err := b.app.SubmitLesson(ctx, c.r.user, lessonFormOf(c.v))
	if err != nil {
		return b.formErrors(err, handlers.FieldTitle, c.r)
	}
	b.after(ctx, jobAnnounce, e.ID)
	return nil
}

// runAnnounce posts a stored submission for review and DMs its author.
func (b *Bot) runAnnounce(ctx context.Context, j job, _ reply) {
	if err := b.app.AnnounceSubmission(ctx, j.Value); err != nil {
		b.lg.Error("submission stored but not announced", "entry_id", j.Value, "err", err)
	}
}

// messageLink is a message's permalink, built without an API call (which
// would eat into the trigger's three seconds).
func messageLink(domain, channel, ts string) string {
	if domain == "" || channel == "" || ts == "" {
		return ""
	}
	return fmt.Sprintf("https://%s.slack.com/archives/%s/p%s", domain, channel, strings.ReplaceAll(ts, ".", ""))
}
