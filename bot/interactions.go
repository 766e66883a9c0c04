package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// onInteraction handles block_actions, view_submission, shortcut and
// message_action payloads. The returned value is the immediate response
// body (a view_submission's response_action), or nil for an empty 200.
func (b *Bot) onInteraction(cb slack.InteractionCallback, received time.Time) any {
	b.m.Events.WithLabelValues(string(cb.Type)).Inc()
	r := reply{responseURL: cb.ResponseURL, user: cb.User.ID, channel: cb.Channel.ID, private: true}
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, act := range cb.ActionCallback.BlockActions {
			b.onAction(cb, act, r, received)
		}
		return nil
	case slack.InteractionTypeViewSubmission:
		return b.onViewSubmission(cb, r)
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		b.onShortcut(cb, r)
		return nil
	}
	return nil // view_closed and others: nothing to do
}

func (b *Bot) onAction(cb slack.InteractionCallback, act *slack.BlockAction, r reply, received time.Time) {
	switch act.ActionID {
	case actionShare:
		b.submit("share_answer", r, func(ctx context.Context) { b.shareAnswer(ctx, r, act.Value) })
	case actionHelpful:
		b.submit("rate", r, func(ctx context.Context) {
			err := b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: act.Value, User: r.user, Helpful: true, Via: "button"})
			if err != nil {
				b.fail(ctx, r, "rate", err)
				return
			}
			b.say(ctx, r, "Thanks, glad it helped.")
		})
	case actionUnhelpful:
		trigger := cb.TriggerID
		b.urgently("feedback_modal", r, func(ctx context.Context) {
			if err := b.slack.OpenView(ctx, trigger, feedbackModal(act.Value)); err != nil {
				// No modal: record the rating without a reason.
				b.lg.Warn("could not open the feedback form", "user", r.user, "err", err)
				if err := b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: act.Value, User: r.user, Helpful: false, Via: "button"}); err != nil {
					b.fail(ctx, r, "rate", err)
					return
				}
				b.say(ctx, r, "Thanks: I've passed your question to the moderators as a gap to fill.")
			}
		})
	case actionAskPerson:
		b.submit("ask_person", r, func(ctx context.Context) { b.askPerson(ctx, r, act.Value) })
	default:
		b.onCurationAction(cb, act, r, received)
	}
}

// shareAnswer posts a private /kb answer in the channel, attributed to the
// person who asked, and removes the private copy.
func (b *Bot) shareAnswer(ctx context.Context, r reply, answerID string) {
	rec, ok, err := b.app.LoadAnswer(ctx, answerID)
	if err != nil {
		b.fail(ctx, r, "share answer", err)
		return
	}
	if !ok {
		b.say(ctx, r, "That answer has expired. Ask again and share the new one.")
		return
	}
	if rec.Asker != r.user {
		b.say(ctx, r, "Only the person who asked can share this answer.")
		return
	}
	ans := b.app.AnswerFromRecord(rec)
	msg := renderAnswer(ans, answerView{answerID: rec.ID, sharedBy: r.user})
	pub := r
	pub.private = false
	if _, _, err := b.post(ctx, pub, msg); err != nil {
		b.lg.Error("shared answer not delivered", "answer_id", rec.ID, "user", r.user, "err", err)
		return
	}
	if r.responseURL != "" {
		if err := b.slack.Respond(ctx, r.responseURL, slack.MsgOptionDeleteOriginal(r.responseURL)); err != nil {
			b.lg.Debug("could not remove the private copy", "answer_id", rec.ID, "err", err)
		}
	}
}

// askPerson lists people who can help with an answer's topic: experts in
// the directory and contributors who agreed to be contacted, or the
// moderators when there are none.
func (b *Bot) askPerson(ctx context.Context, r reply, answerID string) {
	rec, ok, err := b.app.LoadAnswer(ctx, answerID)
	if err != nil {
		b.fail(ctx, r, "ask a person", err)
		return
	}
	if !ok {
		b.say(ctx, r, "That answer has expired. Ask again, or try `/kb experts TOPIC`.")
		return
	}
	topic := rec.Question
	if rec.Context != "" {
		topic = rec.Context + " " + rec.Question
	}
	people, err := b.app.PeopleFor(ctx, topic, rec.SourceIDs)
	if err != nil {
		b.fail(ctx, r, "ask a person", err)
		return
	}
	b.say(ctx, r, renderPeople(people, b.app.Moderators()))
}

// renderPeople formats who to ask.
func renderPeople(p handlers.People, moderators []string) string {
	var lines []string
	for _, e := range p.Experts {
		line := fmt.Sprintf("• <@%s>: %s", e.User, escape(strings.Join(e.Topics, ", ")))
		if e.Mentor {
			line += " (happy to mentor another site)"
		}
		lines = append(lines, line)
	}
	for _, c := range p.Contributors {
		lines = append(lines, fmt.Sprintf("• <@%s>: shared _%s_", c.User, escape(c.Title)))
	}
	if len(lines) > 0 {
		return "*People who can help with this:*\n" + strings.Join(lines, "\n") +
			"\nThey offered to be contacted; a short message saying what you're working on helps."
	}
	if len(moderators) > 0 {
		mods := make([]string, len(moderators))
		for i, m := range moderators {
			mods[i] = "<@" + m + ">"
		}
		return "No one has listed themselves as an expert on this yet. The kbbot moderators can point you to someone: " +
			strings.Join(mods, ", ") + ". If you know this area, add yourself with `/kb expert add TOPICS`."
	}
	return "No one has listed themselves as an expert on this yet. If you know this area, add yourself with `/kb expert add TOPICS`."
}

// viewErrors is the response_action that keeps a modal open with errors on
// its input blocks.
func viewErrors(errs map[string]string) *slack.ViewSubmissionResponse {
	return slack.NewErrorsViewSubmissionResponse(errs)
}

func (b *Bot) onViewSubmission(cb slack.InteractionCallback, r reply) any {
	switch cb.View.CallbackID {
	case callbackFeedback:
		reason := ""
		if v, ok := cb.View.State.Values["reason"]["reason"]; ok {
			reason = v.Value
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		err := b.app.RateAnswer(ctx, handlers.Feedback{AnswerID: cb.View.PrivateMetadata, User: r.user, Helpful: false, Reason: reason, Via: "button"})
		if err != nil {
			var ke *knowledge.Error
			if asKnowledgeError(err, &ke) && (ke.Kind == knowledge.EPrivacy || ke.Kind == knowledge.EInvalid || ke.Kind == knowledge.ENotFound) {
				return viewErrors(map[string]string{"reason": ke.Msg})
			}
			b.lg.Error("could not record feedback", "user", r.user, "err", err)
			return viewErrors(map[string]string{"reason": "Sorry, I couldn't save that just now. Please try again in a minute."})
		}
		return nil
	}
	return b.onCurationSubmission(cb, r)
}
