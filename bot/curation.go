package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Action ids of the curation buttons. Values carry an entry id.
const (
	actionApprove       = "kb_approve"
	actionEdit          = "kb_edit"
	actionReject        = "kb_reject"
	actionWithdraw      = "kb_withdraw"
	actionUpdateOutcome = "kb_update_outcome"
	actionMarkReviewed  = "kb_mark_reviewed"
)

// ackOnly is an empty immediate response: acknowledged, reply follows.
func ackOnly() *commandResponse { return &commandResponse{} }

// onCurationCommand handles the sharing and curating subcommands. It
// returns nil when sub is not one of them.
func (b *Bot) onCurationCommand(cmd slack.SlashCommand, sub, rest string, r reply) *commandResponse {
	switch sub {
	case "share":
		trigger := cmd.TriggerID
		b.urgently("share_modal", r, func(ctx context.Context) {
			if err := b.slack.OpenView(ctx, trigger, lessonModal(callbackShare, "", handlers.LessonForm{}, false)); err != nil {
				b.lg.Error("could not open the lesson form", "user", r.user, "err", err)
				b.say(ctx, r, "Sorry, I couldn't open the form just now. Please try `"+cmd.Command+" share` again.")
			}
		})
		return ackOnly()
	case "experts":
		b.submit("experts", r, func(ctx context.Context) { b.listExperts(ctx, r, rest) })
		return ackOnly()
	case "expert":
		return b.expertCommand(cmd, rest, r)
	case "mine":
		b.submit("mine", r, func(ctx context.Context) { b.listMine(ctx, r) })
		return ackOnly()
	case "queue":
		b.submit("queue", r, func(ctx context.Context) { b.listQueue(ctx, r) })
		return ackOnly()
	case "gaps":
		b.submit("gaps", r, func(ctx context.Context) { b.listGaps(ctx, r) })
		return ackOnly()
	case "stale":
		b.submit("stale", r, func(ctx context.Context) { b.listStale(ctx, r) })
		return ackOnly()
	}
	return nil
}

func (b *Bot) listExperts(ctx context.Context, r reply, topic string) {
	people, err := b.app.PeopleFor(ctx, topic, nil)
	if err == nil && strings.TrimSpace(topic) == "" {
		people.Experts, err = b.app.Experts(ctx, "")
	}
	if err != nil {
		b.fail(ctx, r, "experts", err)
		return
	}
	b.say(ctx, r, renderPeople(people, b.app.Moderators()))
}

func (b *Bot) expertCommand(cmd slack.SlashCommand, rest string, r reply) *commandResponse {
	verb, topics, _ := strings.Cut(rest, " ")
	switch strings.ToLower(verb) {
	case "add":
		mentor := false
		topics = strings.TrimSpace(topics)
		for _, flag := range []string{"--mentor", "—mentor", "mentor:yes"} {
			if t, ok := strings.CutSuffix(topics, flag); ok {
				topics, mentor = t, true
			}
		}
		b.submit("expert_add", r, func(ctx context.Context) {
			e, err := b.app.AddExpert(ctx, r.user, topics, mentor)
			if err != nil {
				b.fail(ctx, r, "expert add", err)
				return
			}
			note := ""
			if !e.Mentor {
				note = fmt.Sprintf(" Happy to mentor another site? Run `%s expert add %s --mentor`.", cmd.Command, strings.Join(e.Topics, ", "))
			}
			b.say(ctx, r, fmt.Sprintf("Thanks! You're listed as an expert on: %s.%s Leave with `%s expert remove`.", escape(strings.Join(e.Topics, ", ")), note, cmd.Command))
		})
	case "remove":
		b.submit("expert_remove", r, func(ctx context.Context) {
			ok, err := b.app.RemoveExpert(ctx, r.user)
			if err != nil {
				b.fail(ctx, r, "expert remove", err)
				return
			}
			if !ok {
				b.say(ctx, r, "You weren't in the directory of experts.")
				return
			}
			b.say(ctx, r, "You've left the directory of experts.")
		})
	default:
		return ephemeral(message{text: fmt.Sprintf("Use `%[1]s expert add TOPICS` (comma-separated; add `--mentor` if you're happy to mentor another site) or `%[1]s expert remove`.", cmd.Command)})
	}
	return ackOnly()
}

func (b *Bot) listMine(ctx context.Context, r reply) {
	mine, err := b.app.Mine(ctx, r.user)
	if err != nil {
		b.fail(ctx, r, "mine", err)
		return
	}
	if len(mine) == 0 {
		b.say(ctx, r, "You haven't shared any lessons yet. `/kb share` opens the form; stopped pilots are welcome.")
		return
	}
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
	b.postBlocks(ctx, r, fmt.Sprintf("Your lessons (%d)", len(mine)), blocks)
}

func (b *Bot) postBlocks(ctx context.Context, r reply, text string, blocks []slack.Block) {
	r.private = true
	if _, _, err := b.post(ctx, r, message{text: text, blocks: capBlocks(blocks, maxMessageBlocks)}); err != nil {
		b.lg.Error("reply not delivered", "user", r.user, "err", err)
	}
}

func (b *Bot) listQueue(ctx context.Context, r reply) {
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

func (b *Bot) listGaps(ctx context.Context, r reply) {
	groups, err := b.app.Gaps(ctx, r.user, 20)
	if err != nil {
		b.fail(ctx, r, "gaps", err)
		return
	}
	if len(groups) == 0 {
		b.say(ctx, r, "No knowledge gaps recorded yet.")
		return
	}
	var lines []string
	for _, g := range groups {
		line := fmt.Sprintf("• *%d×* %s", g.Count, escape(clip(g.Question, 200)))
		if g.Unhelpful > 0 {
			line += fmt.Sprintf(" _(%d rated unhelpful)_", g.Unhelpful)
		}
		for _, reason := range g.Reasons {
			line += "\n    ↳ " + escape(clip(reason, 150))
		}
		lines = append(lines, line)
	}
	blocks := []slack.Block{textSection("*Questions kbbot couldn't answer well, most asked first*")}
	var chunk []string
	size := 0
	for _, l := range lines {
		if size+len(l) > 2800 {
			blocks = append(blocks, textSection(strings.Join(chunk, "\n")))
			chunk, size = nil, 0
		}
		chunk = append(chunk, l)
		size += len(l) + 1
	}
	blocks = append(blocks, textSection(strings.Join(chunk, "\n")))
	b.postBlocks(ctx, r, "Knowledge gaps", blocks)
}

func (b *Bot) listStale(ctx context.Context, r reply) {
	stale, err := b.app.Stale(ctx, r.user)
	if err != nil {
		b.fail(ctx, r, "stale", err)
		return
	}
	if len(stale) == 0 {
		b.say(ctx, r, "Every approved entry is within its review date.")
		return
	}
	blocks := []slack.Block{textSection(fmt.Sprintf("*Due for review (%d), most overdue first*", len(stale)))}
	for i, e := range stale {
		if i == 15 {
			blocks = append(blocks, textSection(fmt.Sprintf("…and %d more.", len(stale)-15)))
			break
		}
		txt := fmt.Sprintf("*%s*\n%s · due %s · last reviewed %s", escape(e.Title), e.Kind.Label(),
			e.DueForReview().Format("2 Jan 2006"), e.LastReviewed().Format("2 Jan 2006"))
		sec := slack.NewSectionBlock(mrkdwn(txt), nil, slack.NewAccessory(button(actionMarkReviewed, "Mark reviewed", e.ID)))
		blocks = append(blocks, sec)
	}
	b.postBlocks(ctx, r, "Entries due for review", blocks)
}

// onCurationAction handles the curation buttons. Every one is checked on
// the server by the use case (moderator or author), whatever the message
// showed.
func (b *Bot) onCurationAction(cb slack.InteractionCallback, act *slack.BlockAction, r reply, _ time.Time) {
	id := act.Value
	switch act.ActionID {
	case actionApprove:
		b.submit("approve", r, func(ctx context.Context) {
			if _, err := b.app.Approve(ctx, r.user, id); err != nil {
				b.fail(ctx, r, "approve", err)
			}
		})
	case actionReject:
		trigger := cb.TriggerID
		b.urgently("reject_modal", r, func(ctx context.Context) {
			if !b.app.IsModerator(r.user) {
				b.say(ctx, r, "Only kbbot moderators can review submissions. Nothing was changed.")
				return
			}
			title := ""
			if e, err := b.app.Entry(ctx, id); err == nil {
				title = e.Title
			}
			if err := b.slack.OpenView(ctx, trigger, reasonModal(id, title)); err != nil {
				b.lg.Error("could not open the reject form", "entry_id", id, "err", err)
				b.apologise(ctx, r)
			}
		})
	case actionEdit:
		trigger := cb.TriggerID
		b.urgently("edit_modal", r, func(ctx context.Context) {
			f, err := b.app.EditForm(ctx, r.user, id)
			if err != nil {
				b.fail(ctx, r, "edit", err)
				return
			}
			if err := b.slack.OpenView(ctx, trigger, lessonModal(callbackEdit, id, f, true)); err != nil {
				b.lg.Error("could not open the edit form", "entry_id", id, "err", err)
				b.apologise(ctx, r)
			}
		})
	case actionWithdraw:
		b.submit("withdraw", r, func(ctx context.Context) {
			e, err := b.app.Withdraw(ctx, r.user, id)
			if err != nil {
				b.fail(ctx, r, "withdraw", err)
				return
			}
			b.say(ctx, r, fmt.Sprintf("Withdrawn: *%s* no longer appears in answers.", escape(e.Title)))
		})
	case actionUpdateOutcome:
		trigger := cb.TriggerID
		b.urgently("outcome_modal", r, func(ctx context.Context) {
			e, err := b.app.OwnEntry(ctx, r.user, id)
			if err != nil {
				b.fail(ctx, r, "update outcome", err)
				return
			}
			if err := b.slack.OpenView(ctx, trigger, outcomeModal(e)); err != nil {
				b.lg.Error("could not open the outcome form", "entry_id", id, "err", err)
				b.apologise(ctx, r)
			}
		})
	case actionMarkReviewed:
		b.submit("mark_reviewed", r, func(ctx context.Context) {
			e, err := b.app.MarkReviewed(ctx, r.user, id)
			if err != nil {
				b.fail(ctx, r, "mark reviewed", err)
				return
			}
			b.say(ctx, r, fmt.Sprintf("Marked as reviewed today: *%s*. Next review due %s.", escape(e.Title), e.DueForReview().Format("2 Jan 2006")))
		})
	default:
		b.lg.Debug("unknown action ignored", "action_id", act.ActionID)
	}
}

// submissionTimeout bounds the store write a modal waits for: Slack wants
// the answer to a view submission within three seconds.
const submissionTimeout = 2500 * time.Millisecond

// onCurationSubmission handles the curation modals. Validation and the
// store write happen before the response, so the modal closes only when
// the text is safe; any problem keeps it open with the user's text.
func (b *Bot) onCurationSubmission(cb slack.InteractionCallback, r reply) any {
	ctx, cancel := context.WithTimeout(context.Background(), submissionTimeout)
	defer cancel()
	v := cb.View
	switch v.CallbackID {
	case callbackShare:
		e, err := b.app.SubmitLesson(ctx, r.user, lessonFormOf(v))
		if err != nil {
			return b.formErrors(err, handlers.FieldTitle, r)
		}
		b.after("announce", func(ctx context.Context) {
			if err := b.app.AnnounceSubmission(ctx, e.ID); err != nil {
				b.lg.Error("submission stored but not announced", "entry_id", e.ID, "err", err)
			}
		})
		return nil
	case callbackEdit:
		f := lessonFormOf(v)
		f.Link = "" // the edit modal's metadata is the entry id, not a link
		id := v.PrivateMetadata
		if _, err := b.app.SaveEdit(ctx, r.user, id, f); err != nil {
			return b.formErrors(err, handlers.FieldTitle, r)
		}
		b.after("after_edit", func(ctx context.Context) { b.app.AfterEdit(ctx, id) })
		return nil
	case callbackReject:
		id := v.PrivateMetadata
		if _, err := b.app.Reject(ctx, r.user, id, stateValue(v, fieldReason)); err != nil {
			return b.formErrors(err, fieldReason, r)
		}
		b.after("finish_reject", func(ctx context.Context) { b.app.FinishDecision(ctx, id) })
		return nil
	case callbackUpdateOutcome:
		u := handlers.OutcomeUpdate{
			Outcome: stateValue(v, handlers.FieldOutcome), StopReason: stateValue(v, handlers.FieldStopReason),
			Evidence: stateValue(v, handlers.FieldEvidence), Note: stateValue(v, fieldNote),
		}
		if _, err := b.app.UpdateOutcome(ctx, r.user, v.PrivateMetadata, u); err != nil {
			return b.formErrors(err, fieldNote, r)
		}
		b.after("outcome_index", func(ctx context.Context) {
			if err := b.app.SyncIndex(ctx); err != nil {
				b.lg.Error("search index not updated after an outcome update", "err", err)
			}
		})
		return nil
	}
	return nil
}

// formErrors turns a use-case error into the modal's field errors: form
// problems on their fields, user-safe errors and failures on fallback. The
// modal stays open, so nothing the user typed is lost.
func (b *Bot) formErrors(err error, fallback string, r reply) any {
	var fe *handlers.FormError
	if errors.As(err, &fe) {
		return viewErrors(fe.Fields)
	}
	if msg, ok := userMessage(err); ok {
		var ke *knowledge.Error
		if errors.As(err, &ke) && ke.Field != "" && ke.Field != "id" {
			return viewErrors(map[string]string{ke.Field: msg})
		}
		return viewErrors(map[string]string{fallback: msg})
	}
	b.lg.Error("form not saved", "user", r.user, "err", err)
	return viewErrors(map[string]string{fallback: "Sorry, I couldn't save this just now (the knowledge base didn't answer). Your text is still here: please try again in a minute."})
}

// onShortcut handles the "Save as pilot lesson" message shortcut: the lesson
// form, prefilled with the message's text and a link to it.
func (b *Bot) onShortcut(cb slack.InteractionCallback, r reply) {
	if cb.CallbackID != shortcutSaveLesson {
		return
	}
	trigger := cb.TriggerID
	link := messageLink(cb.Team.Domain, cb.Channel.ID, cb.MessageTs)
	f := handlers.LessonForm{WhatHappened: clip(cleanText(cb.Message.Text, b.identity().userID), handlers.MaxWhatHappenedLen)}
	b.urgently("shortcut_modal", r, func(ctx context.Context) {
		if err := b.slack.OpenView(ctx, trigger, lessonModal(callbackShare, link, f, false)); err != nil {
			b.lg.Error("could not open the lesson form", "user", r.user, "err", err)
			b.say(ctx, r, "Sorry, I couldn't open the form just now. Please try again, or use `/kb share`.")
		}
	})
}

// messageLink is a message's permalink, built without an API call (which
// would eat into the trigger's three seconds).
func messageLink(domain, channel, ts string) string {
	if domain == "" || channel == "" || ts == "" {
		return ""
	}
	return fmt.Sprintf("https://%s.slack.com/archives/%s/p%s", domain, channel, strings.ReplaceAll(ts, ".", ""))
}

func asKnowledgeError(err error, target **knowledge.Error) bool { return errors.As(err, target) }
