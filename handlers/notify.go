package handlers

import (
	"context"
	"fmt"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// What the use cases tell people, as plain types: the Slack interface
// (handlers.go) carries them and the bot renders them as Block Kit.

// MessageRef points at a Slack message.
type MessageRef struct {
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// Notice is a direct message: kbbot's own words in Text, with a %s verb
// for each of Args, the strings that come from a person or an entry (a
// title, a reason). They are kept apart so the surface can make them safe
// (a title holding "<!channel>" must not ping a channel) before filling
// them in: see Format. Text may use light emphasis (*bold*, _italic_,
// `code`) around its verbs. Answer, when set, is an answer the notice
// brings (Notify me); Button adds one button.
type Notice struct {
	Text   string
	Args   []string
	Answer *Answer
	Button *Button
}

// Format fills Text's verbs with Args, each passed through quote first.
func (n Notice) Format(quote func(string) string) string {
	if len(n.Args) == 0 {
		return n.Text
	}
	args := make([]any, len(n.Args))
	for i, a := range n.Args {
		args[i] = quote(a)
	}
	return fmt.Sprintf(n.Text, args...)
}

// String is the notice with its Args as they are, for surfaces without
// markup (tests, a terminal).
func (n Notice) String() string { return n.Format(func(s string) string { return s }) }

// Button is a button on a notice; Action says what it does (the bot maps it
// to an action id), Value is what it acts on (an entry id).
type Button struct {
	Action string
	Label  string
	Value  string
}

// Notice button actions.
const (
	ButtonUpdateOutcome = "update_outcome"
)

// Review is a submission as moderators see it: the entry, who sent it (even
// when anonymous: moderators may see that), the decision once made, and
// what happened to it since (withdrawn by its author, archived by a
// moderator).
type Review struct {
	Entry     knowledge.Entry
	Author    string
	Anonymous bool
	Decision  *Decision
	// Later is what happened after the decision, if anything.
	Later *Decision
}

// Decision is a moderator's decision on a submission.
type Decision struct {
	Status knowledge.Status
	By     string
	At     time.Time
	Reason string
}

// Digest is the weekly list of newly approved lessons.
type Digest struct {
	Since   time.Time
	Lessons []Source
}

// nopSlack is used when there is no Slack (the command line): notices are
// dropped, which is right for tools that run without a bot.
type nopSlack struct{}

func (nopSlack) DM(context.Context, string, Notice) error { return nil }
func (nopSlack) PostReview(context.Context, string, Review) (MessageRef, error) {
	return MessageRef{}, nil
}
func (nopSlack) UpdateReview(context.Context, MessageRef, Review) error { return nil }
func (nopSlack) PostDigest(context.Context, string, Digest) error       { return nil }

// NopSlack returns a Slack that sends nothing, for commands that run
// without a bot.
func NopSlack() Slack { return nopSlack{} }
