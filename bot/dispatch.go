package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Dispatch: which code handles each slash subcommand, button and modal.
// The tables below are the only place that maps Slack's names to kbbot's
// handlers, the way routes.go lists the HTTP routes. Each handler lives in
// the file of its capability (ask.go, share.go, moderate.go, …) and does
// the same three things: read the payload, make one handlers call, render
// the result.

// Action ids of kbbot's buttons. Their values carry an answer or entry id,
// never text.
const (
	actionShare         = "kb_share"
	actionHelpful       = "kb_helpful"
	actionUnhelpful     = "kb_unhelpful"
	actionAskPerson     = "kb_ask_person"
	actionApprove       = "kb_approve"
	actionEdit          = "kb_edit"
	actionReject        = "kb_reject"
	actionWithdraw      = "kb_withdraw"
	actionUpdateOutcome = "kb_update_outcome"
	actionMarkReviewed  = "kb_mark_reviewed"
	actionDetails       = "kb_details"
	actionNotify        = "kb_notify"
	actionCancelWait    = "kb_cancel_wait"
	actionPage          = "kb_page"
	actionEditEntry     = "kb_edit_entry"
	actionArchive       = "kb_archive"
	actionCatalogue     = "kb_catalogue" // a link button: Slack opens it, kbbot has nothing to do
	actionHomeAsk       = "kb_home_ask"
	actionHomeShare     = "kb_home_share"
	actionHomeMine      = "kb_home_mine"
	actionHomeQueue     = "kb_home_queue"
	actionHomeGaps      = "kb_home_gaps"
	actionHomeStale     = "kb_home_stale"
)

// Callback ids of kbbot's modals, and of its message shortcut.
const (
	callbackFeedback      = "kb_feedback"
	callbackShare         = "kb_share_lesson"
	callbackEdit          = "kb_edit_lesson"
	callbackReject        = "kb_reject"
	callbackUpdateOutcome = "kb_update_outcome"
	callbackEditEntry     = "kb_edit_entry"
	callbackAsk           = "kb_ask"
	shortcutSaveLesson    = "save_as_lesson"
)

// slashCall is a /kb subcommand as delivered: the command (for its name,
// trigger and response_url), the text after the subcommand, and where the
// reply goes.
type slashCall struct {
	cmd      slack.SlashCommand
	rest     string
	r        reply
	received time.Time
}

// subcommand is one /kb subcommand. run returns the immediate response
// (nil: an empty 200, the reply follows); slow work is queued.
type subcommand struct {
	name string
	run  func(b *Bot, ctx context.Context, c slashCall) *commandResponse
}

// subcommands is every /kb subcommand, in the order typos are matched.
// Any other text is a question.
func subcommands() []subcommand {
	return []subcommand{
		{"ask", (*Bot).askCommand},         // ask.go
		{"share", (*Bot).shareCommand},     // share.go
		{"experts", (*Bot).expertsCommand}, // experts.go
		{"expert", (*Bot).expertCommand},   // experts.go
		{"queue", (*Bot).queueCommand},     // moderate.go
		{"gaps", (*Bot).gapsCommand},       // gaps.go
		{"stale", (*Bot).staleCommand},     // stale.go
		{"stats", (*Bot).statsCommand},     // stats.go
		{"mine", (*Bot).mineCommand},       // mine.go
		{"help", (*Bot).helpCommand},       // help.go
	}
}

// actionCall is a button press: its value (an answer or entry id), the
// block it sits in (a list's block ids say which list and page, so the
// list can be refreshed after the action), the trigger for a modal, and
// where the reply goes.
type actionCall struct {
	value   string
	block   string
	trigger string
	r       reply
}

// buttonAction handles one action id. Every moderator or author action is
// checked again on the server by the use case, whatever the message
// showed.
type buttonAction struct {
	id  string
	run func(b *Bot, ctx context.Context, c actionCall)
}

// buttonActions is every button kbbot puts on a message.
func buttonActions() []buttonAction {
	return []buttonAction{
		{actionShare, (*Bot).shareAnswerAction},           // ask.go
		{actionHelpful, (*Bot).helpfulAction},             // feedback.go
		{actionUnhelpful, (*Bot).unhelpfulAction},         // feedback.go
		{actionAskPerson, (*Bot).askPersonAction},         // experts.go
		{actionApprove, (*Bot).approveAction},             // moderate.go
		{actionReject, (*Bot).rejectAction},               // moderate.go
		{actionEdit, (*Bot).editAction},                   // moderate.go
		{actionWithdraw, (*Bot).withdrawAction},           // mine.go
		{actionUpdateOutcome, (*Bot).updateOutcomeAction}, // mine.go
		{actionMarkReviewed, (*Bot).markReviewedAction},   // stale.go
		{actionEditEntry, (*Bot).editEntryAction},         // stale.go
		{actionArchive, (*Bot).archiveAction},             // stale.go
		{actionDetails, (*Bot).detailsAction},             // details.go
		{actionNotify, (*Bot).notifyAction},               // waiting.go
		{actionCancelWait, (*Bot).cancelWaitAction},       // waiting.go
		{actionPage, (*Bot).pageAction},                   // lists.go
		{actionHomeAsk, (*Bot).homeAskAction},             // home.go
		{actionHomeShare, (*Bot).homeShareAction},         // home.go
		{actionHomeMine, homeList(listMine)},              // home.go
		{actionHomeQueue, homeList(listQueue)},
		{actionHomeGaps, homeList(listGaps)},
		{actionHomeStale, homeList(listStale)},
	}
}

// viewCall is a submitted modal and who submitted it.
type viewCall struct {
	v slack.View
	r reply
}

// modal handles the submission of one modal. It runs before the response,
// within Slack's three seconds: nil closes the modal, a response_action
// keeps it open with errors and the user's text.
type modal struct {
	callback string
	run      func(b *Bot, ctx context.Context, c viewCall) any
}

// modals is every modal kbbot opens.
func modals() []modal {
	return []modal{
		{callbackFeedback, (*Bot).submitFeedback},           // feedback.go
		{callbackShare, (*Bot).submitLesson},                // share.go
		{callbackEdit, (*Bot).submitEdit},                   // moderate.go
		{callbackReject, (*Bot).submitReject},               // moderate.go
		{callbackUpdateOutcome, (*Bot).submitOutcomeUpdate}, // mine.go
		{callbackEditEntry, (*Bot).submitEntryEdit},         // stale.go
		{callbackAsk, (*Bot).submitAsk},                     // home.go
	}
}

// submissionTimeout bounds the work a modal's submission waits for: Slack
// wants the answer within three seconds.
const submissionTimeout = 2500 * time.Millisecond

// commandResponse is the immediate answer to a slash command: Slack shows
// it to the caller only. nil means an empty 200 (the real reply follows on
// the response_url).
type commandResponse struct {
	ResponseType string        `json:"response_type,omitempty"`
	Text         string        `json:"text"`
	Blocks       []slack.Block `json:"blocks,omitempty"`
}

func ephemeral(m message) *commandResponse {
	return &commandResponse{ResponseType: slack.ResponseTypeEphemeral, Text: m.text, Blocks: m.blocks}
}

// ackOnly is an empty immediate response: acknowledged, reply follows.
func ackOnly() *commandResponse { return &commandResponse{} }

// onCommand handles a slash command, whatever it is called: the subcommand
// is the first word of the text. A one-word typo of a subcommand gets a
// "did you mean"; any other text is a question.
func (b *Bot) onCommand(ctx context.Context, cmd slack.SlashCommand, received time.Time) *commandResponse {
	b.m.Events.WithLabelValues("slash_command").Inc()
	r := reply{responseURL: cmd.ResponseURL, user: cmd.UserID, channel: cmd.ChannelID, private: true}
	text := strings.TrimSpace(cmd.Text)
	sub, rest, _ := strings.Cut(text, " ")
	sub = strings.ToLower(sub)
	c := slashCall{cmd: cmd, rest: strings.TrimSpace(rest), r: r, received: received}
	if sub == "" {
		return b.helpCommand(ctx, c)
	}
	for _, s := range subcommands() {
		if s.name == sub {
			return s.run(b, ctx, c)
		}
	}
	if !strings.Contains(text, " ") {
		if near, ok := nearSubcommand(sub); ok {
			cmdName := safe(cmd.Command)
			return ephemeral(message{text: fmt.Sprintf("I don't know `%s %s`. Did you mean `%s %s`? Try `%s help` for everything I can do.", cmdName, safe(sub), cmdName, near, cmdName)})
		}
	}
	b.submitQuestion(ctx, r, text, received)
	return nil
}

// nearSubcommand finds the subcommand a one-word text is a typo of
// ("exprts", "stat"), so it gets a clear reply instead of a search.
func nearSubcommand(word string) (string, bool) {
	if len(word) < 3 {
		return "", false
	}
	for _, s := range subcommands() {
		if d := words.EditDistance(word, s.name, 2); d > 0 && d <= 2 && d < len(s.name)/2+1 {
			return s.name, true
		}
	}
	return "", false
}

// onInteraction handles block_actions, view_submission, shortcut and
// message_action payloads. The returned value is the immediate response
// body (a view_submission's response_action), or nil for an empty 200.
func (b *Bot) onInteraction(ctx context.Context, cb slack.InteractionCallback) any {
	b.m.Events.WithLabelValues(string(cb.Type)).Inc()
	r := reply{responseURL: cb.ResponseURL, user: cb.User.ID, channel: cb.Channel.ID, private: true}
	switch cb.Type {
	case slack.InteractionTypeBlockActions:
		for _, act := range cb.ActionCallback.BlockActions {
			b.onAction(ctx, act.ActionID, actionCall{value: act.Value, block: act.BlockID, trigger: cb.TriggerID, r: r})
		}
		return nil
	case slack.InteractionTypeViewSubmission:
		return b.onViewSubmission(ctx, viewCall{v: cb.View, r: r})
	case slack.InteractionTypeShortcut, slack.InteractionTypeMessageAction:
		if cb.CallbackID == shortcutSaveLesson {
			b.saveAsLessonShortcut(ctx, cb, r) // share.go
		}
		return nil
	}
	return nil // view_closed and others: nothing to do
}

func (b *Bot) onAction(ctx context.Context, id string, c actionCall) {
	for _, a := range buttonActions() {
		if a.id == id {
			a.run(b, ctx, c)
			return
		}
	}
	b.lg.Debug("unknown action ignored", "action_id", id)
}

func (b *Bot) onViewSubmission(ctx context.Context, c viewCall) any {
	for _, m := range modals() {
		if m.callback == c.v.CallbackID {
			ctx, cancel := context.WithTimeout(ctx, submissionTimeout)
			defer cancel()
			return m.run(b, ctx, c)
		}
	}
	return nil
}
