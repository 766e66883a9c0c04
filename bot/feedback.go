package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Feedback on answers: 👍 and 👎 buttons, the "what was missing" modal,
// and 👍/👎 reactions on an answer's message. Each is one
// handlers.RateAnswer (or RateByReaction).

// helpfulAction is 👍 Helpful.
func (b *Bot) helpfulAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobRate, Reply: replyRecord(c.r), Value: c.value})
}

// runRate records 👍 Helpful.
func (b *Bot) runRate(ctx context.Context, j job, r reply) {
	err := b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: j.Value, User: r.user, Helpful: true, Via: "button"})
	if err != nil {
		b.fail(ctx, r, "rate", err)
		return
	}
	b.say(ctx, r, "Thanks, glad it helped.")
}

// unhelpfulAction is 👎 Not helpful: it asks why, in a modal. If the modal
// cannot open, the rating is recorded without a reason.
func (b *Bot) unhelpfulAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "feedback_modal", c.r, func(ctx context.Context) {
		if _, err := b.slack.OpenView(ctx, c.trigger, feedbackModal(c.value)); err != nil {
			b.lg.Warn("could not open the feedback form", "user", c.r.user, "err", err)
			if err := b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: c.value, User: c.r.user, Helpful: false, Via: "button"}); err != nil {
				b.fail(ctx, c.r, "rate", err)
				return
			}
			b.say(ctx, c.r, "Thanks: I've passed your question to the moderators as a gap to fill.")
		}
	})
}

// submitFeedback records the 👎 modal's rating and optional reason. A
// reason the use case refuses (an identifier, too long, an expired answer)
// keeps the modal open with the error on the reason.
func (b *Bot) submitFeedback(ctx context.Context, c viewCall) any {
	err := b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: c.v.PrivateMetadata, User: c.r.user, Helpful: false, Reason: stateValue(c.v, fieldReason), Via: "button"})
	if err == nil {
		return nil
	}
	if ke, ok := knowledgeError(err); ok && (ke.Kind == knowledge.EPrivacy || ke.Kind == knowledge.EInvalid || ke.Kind == knowledge.ENotFound) {
		return viewErrors(map[string]string{fieldReason: ke.Msg})
	}
	b.lg.Error("could not record feedback", "user", c.r.user, "err", err)
	return viewErrors(map[string]string{fieldReason: "Sorry, I couldn't save that just now. Please try again in a minute."})
}

// reactionRating maps a reaction on an answer to feedback: +1 helpful, -1
// not, 0 not feedback.
func reactionRating(name string) int {
	switch name {
	case "+1", "thumbsup", "white_check_mark", "heavy_check_mark":
		return 1
	case "-1", "thumbsdown":
		return -1
	}
	return 0
}

// runReaction records a 👍/👎 reaction on one of kbbot's answers (the
// message is the job's channel and Value).
func (b *Bot) runReaction(ctx context.Context, j job, r reply) {
	at := handlers.MessageRef{Channel: r.channel, TS: j.Value}
	if err := b.app.RateByReaction(ctx, at, r.user, j.Helpful); err != nil {
		b.lg.Warn("could not record a reaction as feedback", "channel", at.Channel, "err", err)
	}
}

// feedbackModal asks why an answer did not help. The reason is optional.
func feedbackModal(answerID string) slack.ModalViewRequest {
	input := slack.NewPlainTextInputBlockElement(plain("What were you looking for? (optional)"), fieldReason)
	input.Multiline = true
	input.MaxLength = handlers.MaxReasonLen
	block := slack.NewInputBlock(fieldReason, plain("What was missing or wrong?"), nil, input)
	block.Optional = true
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           plain("Not helpful"),
		Submit:          plain("Send"),
		Close:           plain("Cancel"),
		CallbackID:      callbackFeedback,
		PrivateMetadata: answerID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			textSection("Thanks for saying. Your question goes to the moderators' list of gaps, so someone can add what's missing. Please don't include patient details."),
			block,
		}},
	}
}
