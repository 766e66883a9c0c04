package handlers

import (
	"context"
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

// Notice is a direct message: text, optionally with one button.
type Notice struct {
	Text   string
	Button *Button
}

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
// when anonymous: moderators may see that), and the decision once made.
type Review struct {
	Entry     knowledge.Entry
	Author    string
	Anonymous bool
	Decision  *Decision
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
