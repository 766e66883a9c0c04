package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// What kbbot keeps about the answers it gave in Slack: the answer itself,
// so its buttons (share, feedback, ask a person) work after a restart or on
// another replica; the thread it answered in, so the asker's next reply is
// a follow-up; and the message that shows it, so a reaction rates it. Keys
// and TTLs are in knowledge/redisstore/keys.go.

// Thread is a Slack thread kbbot has answered in: the asker's next reply is
// a follow-up, read together with the first question.
type Thread struct {
	Asker    string `json:"asker"`
	Question string `json:"question"`
}

// AnswerRecord is what kbbot keeps about an answer it gave. The question
// has passed the privacy screen.
type AnswerRecord struct {
	ID       string `json:"id"`
	Question string `json:"question"`
	Context  string `json:"context,omitempty"`
	Text     string `json:"text"`
	LLM      bool   `json:"llm,omitempty"`
	// Confidence is the kind of answer; Found is its older form, read
	// from records kept before there were three kinds.
	Confidence knowledge.Confidence `json:"confidence,omitempty"`
	Found      bool                 `json:"found,omitempty"`
	SourceIDs  []string             `json:"source_ids,omitempty"`
	Asker      string               `json:"asker"`
	At         time.Time            `json:"at"`
}

// NewID returns a random identifier for records and Slack button values.
func NewID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

func messageID(m MessageRef) string { return redisstore.MessageID(m.Channel, m.TS) }

// keep saves an answer for its buttons, giving it its id, and remembers the
// thread it was asked in. A thread that cannot be remembered only costs the
// next follow-up its context, so that failure is logged, not returned.
func (a *App) keep(ctx context.Context, ans *Answer, req AskRequest) error {
	rec := AnswerRecord{
		ID: NewID(), Question: ans.Question, Context: ans.Context, Text: ans.Text, LLM: ans.LLM,
		Confidence: ans.Confidence, SourceIDs: sourceIDs(ans.Sources), Asker: req.Asker, At: a.now().UTC(),
	}
	if err := a.answers().Set(ctx, rec.ID, rec); err != nil {
		return err
	}
	ans.ID = rec.ID
	if req.ThreadTS == "" {
		return nil
	}
	// The thread's first question stays the context of every follow-up:
	// only the first answer in a thread writes the record.
	first := ans.Question
	if ans.Context != "" {
		first = ans.Context
	}
	t := Thread{Asker: req.Asker, Question: first}
	if _, err := a.threads().SetOnce(ctx, redisstore.MessageID(req.Channel, req.ThreadTS), t); err != nil {
		a.lg.Warn("could not remember the thread", "answer_id", rec.ID, "err", err)
	}
	return nil
}

// threadQuestion returns the first question of a thread kbbot answered, if
// user asked it; otherwise false. A store failure counts as "no thread"
// (logged): the question is then answered on its own.
func (a *App) threadQuestion(ctx context.Context, channel, threadTS, user string) (string, bool) {
	t, found, err := a.threads().Get(ctx, redisstore.MessageID(channel, threadTS))
	if err != nil {
		a.lg.Warn("could not read thread context", "channel", channel, "err", err)
		return "", false
	}
	if !found || t.Asker != user {
		return "", false
	}
	return t.Question, true
}

// keepSummary stores the final form of a kept answer (its AI summary, or
// the hedge when the model said the sources do not answer), so a later
// "Share in channel" shares what the user saw.
func (a *App) keepSummary(ctx context.Context, ans Answer) error {
	rec, found, err := a.answers().Get(ctx, ans.ID)
	if err != nil || !found {
		return err
	}
	rec.Text, rec.LLM, rec.SourceIDs, rec.Confidence = ans.Text, ans.LLM, sourceIDs(ans.Sources), ans.Confidence
	return a.answers().Set(ctx, rec.ID, rec)
}

// ShareAnswer returns a kept answer for its asker to post in the channel,
// with its sources as they are now (sources withdrawn since are left out).
// Anyone else, or an expired answer, gets a *knowledge.Error saying so.
func (a *App) ShareAnswer(ctx context.Context, user, answerID string) (Answer, error) {
	rec, err := a.answerRecord(ctx, answerID, "That answer has expired. Ask again and share the new one.")
	if err != nil {
		return Answer{}, err
	}
	if rec.Asker != user {
		return Answer{}, knowledge.Errorf(knowledge.EForbidden, "", "Only the person who asked can share this answer.")
	}
	return a.answerFromRecord(rec), nil
}

// answerFromRecord rebuilds a full answer, with its sources as they are
// now, from a kept record. If every source has been withdrawn since, the
// answer becomes "nothing found".
func (a *App) answerFromRecord(rec AnswerRecord) Answer {
	conf := rec.Confidence
	switch {
	case conf.Valid():
	case rec.Found:
		conf = knowledge.ConfidenceHigh
	default:
		conf = knowledge.ConfidenceNone
	}
	ans := Answer{ID: rec.ID, Question: rec.Question, Context: rec.Context, Asker: rec.Asker, Confidence: conf, Text: rec.Text, LLM: rec.LLM}
	for _, id := range rec.SourceIDs {
		if e, ok := a.index.Get(id); ok {
			ans.Sources = append(ans.Sources, sourceOf(e, 0))
		}
	}
	if conf != knowledge.ConfidenceNone && len(ans.Sources) == 0 {
		ans.Confidence, ans.Text, ans.LLM = knowledge.ConfidenceNone, NothingFoundText, false
	}
	return ans
}

// answerRecord returns a kept answer, or a *knowledge.Error with expired
// as its text when it is gone.
func (a *App) answerRecord(ctx context.Context, id, expired string) (AnswerRecord, error) {
	rec, found, err := a.answers().Get(ctx, id)
	if err != nil {
		return AnswerRecord{}, err
	}
	if !found {
		return AnswerRecord{}, knowledge.Errorf(knowledge.ENotFound, "", "%s", expired)
	}
	return rec, nil
}

func sourceIDs(sources []Source) []string {
	var ids []string
	for _, s := range sources {
		ids = append(ids, s.ID)
	}
	return ids
}
