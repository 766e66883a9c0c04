package handlers

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Feedback is a rating of an answer. It is private: only moderators see it.
// Each person's vote on an answer counts once: the list of feedback holds
// a rating when it is new or changes (or brings a reason), and a reader
// counting votes takes the newest per answer and user.
type Feedback struct {
	AnswerID string    `json:"answer_id"`
	User     string    `json:"user"`
	Helpful  bool      `json:"helpful"`
	Reason   string    `json:"reason,omitempty"`
	Via      string    `json:"via"` // button, reaction
	At       time.Time `json:"at"`
}

// MaxReasonLen bounds a feedback or rejection reason.
const MaxReasonLen = 500

// RateAnswer records feedback on an answer. An unhelpful rating puts the
// question on the gaps list with the reason. A reason holding an
// identifier is refused with a *knowledge.Error naming its kind, and
// nothing is stored.
func (a *App) RateAnswer(ctx context.Context, f Feedback) error {
	f.Reason = strings.TrimSpace(f.Reason)
	if utf8.RuneCountInString(f.Reason) > MaxReasonLen {
		return knowledge.Errorf(knowledge.EInvalid, "reason", "At most %d characters.", MaxReasonLen)
	}
	if fd, found := a.screener.First(f.Reason); found {
		return knowledge.Errorf(knowledge.EPrivacy, "reason", "This %s. Please remove it.", fd.Kind.Message())
	}
	rec, err := a.answerRecord(ctx, f.AnswerID, "That answer has expired.")
	if err != nil {
		return err
	}
	f.At = a.now().UTC()
	// One vote per person per answer: a second vote replaces the first.
	// The same vote again adds nothing, unless it brings a reason.
	voteID := f.AnswerID + ":" + f.User
	prev, voted, err := a.votes().Get(ctx, voteID)
	if err != nil {
		return err
	}
	same := voted && prev.Helpful == f.Helpful
	if same && (f.Reason == "" || f.Reason == prev.Reason) {
		a.lg.Info("repeat vote ignored", "answer_id", f.AnswerID, "helpful", f.Helpful, "via", f.Via)
		return nil
	}
	if err := a.votes().Set(ctx, voteID, f); err != nil {
		return err
	}
	if err := a.store.Append(ctx, redisstore.ListFeedback, f); err != nil {
		return err
	}
	a.lg.Info("answer rated", "answer_id", f.AnswerID, "helpful", f.Helpful, "via", f.Via, "sources", len(rec.SourceIDs), "changed", voted && !same)
	if !f.Helpful && !same {
		// The gap counts the question once per person, however often
		// they vote.
		return a.RecordGap(ctx, rec.Question, GapUnhelpful, f.Reason)
	}
	return nil
}

// votes holds each person's current vote on an answer, by ANSWER_ID:USER.
func (a *App) votes() redisstore.Record[Feedback] {
	return redisstore.RecordOf[Feedback](a.store, redisstore.KindVote)
}

// RateByReaction records a reaction on a message as feedback on the answer
// that message shows. A reaction on any other message is not feedback and
// records nothing.
func (a *App) RateByReaction(ctx context.Context, at MessageRef, user string, helpful bool) error {
	id, found, err := a.answerMessages().Get(ctx, messageID(at))
	if err != nil || !found {
		return err
	}
	if _, found, err := a.answers().Get(ctx, id); err != nil || !found {
		return err // the answer expired before its message
	}
	return a.RateAnswer(ctx, Feedback{AnswerID: id, User: user, Helpful: helpful, Via: "reaction"})
}
