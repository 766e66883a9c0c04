package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// How long kbbot remembers a conversation: a thread it answered (for
// follow-ups without a mention) and an answer (for its buttons).
const (
	threadTTL = 14 * 24 * time.Hour
	answerTTL = 90 * 24 * time.Hour
)

// Thread is a Slack thread kbbot has answered in: the asker's next reply is
// a follow-up, read together with the first question.
type Thread struct {
	Asker    string `json:"asker"`
	Question string `json:"question"`
}

func threadKey(channel, threadTS string) string { return channel + ":" + threadTS }

// RememberThread records that kbbot answered asker's question in a thread.
// The first question of the thread stays the context of later follow-ups.
func (a *App) RememberThread(ctx context.Context, channel, threadTS string, t Thread) error {
	var existing Thread
	found, err := a.store.GetRecord(ctx, "thread", threadKey(channel, threadTS), &existing)
	if err != nil {
		return err
	}
	if found {
		return nil
	}
	return a.store.SetRecord(ctx, "thread", threadKey(channel, threadTS), t, threadTTL)
}

// FollowUp returns the thread record if user asked the thread's first
// question, so their reply is a follow-up; otherwise false.
func (a *App) FollowUp(ctx context.Context, channel, threadTS, user string) (Thread, bool, error) {
	var t Thread
	found, err := a.store.GetRecord(ctx, "thread", threadKey(channel, threadTS), &t)
	if err != nil || !found || t.Asker != user {
		return Thread{}, false, err
	}
	return t, true, nil
}

// AnswerRecord is what kbbot keeps about an answer it gave, so the answer's
// buttons (share, feedback, ask a person) work after a restart or on
// another replica. The question has passed the privacy screen.
type AnswerRecord struct {
	ID        string    `json:"id"`
	Question  string    `json:"question"`
	Context   string    `json:"context,omitempty"`
	Text      string    `json:"text"`
	LLM       bool      `json:"llm,omitempty"`
	Found     bool      `json:"found"`
	SourceIDs []string  `json:"source_ids,omitempty"`
	Asker     string    `json:"asker"`
	At        time.Time `json:"at"`
}

// NewID returns a random identifier for records and Slack button values.
func NewID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// SaveAnswer keeps an answer for its buttons and returns its id.
func (a *App) SaveAnswer(ctx context.Context, ans Answer, context, asker string) (AnswerRecord, error) {
	rec := AnswerRecord{
		ID: NewID(), Question: ans.Question, Context: context, Text: ans.Text, LLM: ans.LLM,
		Found: ans.Found, Asker: asker, At: a.now().UTC(),
	}
	for _, s := range ans.Sources {
		rec.SourceIDs = append(rec.SourceIDs, s.ID)
	}
	return rec, a.store.SetRecord(ctx, "answer", rec.ID, rec, answerTTL)
}

// LinkAnswerMessage remembers which Slack message shows an answer, so a
// reaction on that message counts as feedback on it.
func (a *App) LinkAnswerMessage(ctx context.Context, answerID, channel, ts string) error {
	return a.store.SetRecord(ctx, "answermsg", channel+":"+ts, answerID, answerTTL)
}

// AnswerForMessage returns the answer shown by a Slack message, if any.
func (a *App) AnswerForMessage(ctx context.Context, channel, ts string) (AnswerRecord, bool, error) {
	var id string
	found, err := a.store.GetRecord(ctx, "answermsg", channel+":"+ts, &id)
	if err != nil || !found {
		return AnswerRecord{}, false, err
	}
	return a.LoadAnswer(ctx, id)
}

// LoadAnswer returns a saved answer.
func (a *App) LoadAnswer(ctx context.Context, id string) (AnswerRecord, bool, error) {
	var rec AnswerRecord
	found, err := a.store.GetRecord(ctx, "answer", id, &rec)
	return rec, found, err
}

// AnswerFromRecord rebuilds a full answer, with its sources as they are
// now, from a saved record (for "Share in channel"). Sources withdrawn
// since are left out.
func (a *App) AnswerFromRecord(rec AnswerRecord) Answer {
	ans := Answer{Question: rec.Question, Found: rec.Found, Text: rec.Text, LLM: rec.LLM}
	for _, id := range rec.SourceIDs {
		if e, ok := a.index.Get(id); ok {
			ans.Sources = append(ans.Sources, sourceOf(e, 0))
		}
	}
	if rec.Found && len(ans.Sources) == 0 {
		ans.Found, ans.Text, ans.LLM = false, NothingFoundText, false
	}
	return ans
}

// Gap kinds: a question that found nothing, and one whose answer was rated
// unhelpful.
const (
	GapUnanswered = "unanswered"
	GapUnhelpful  = "unhelpful"
)

// Gap is a question the knowledge base did not answer well: moderators see
// them grouped in /kb gaps. Only screened text is ever recorded.
type Gap struct {
	Question string    `json:"question"`
	Kind     string    `json:"kind"`
	Reason   string    `json:"reason,omitempty"`
	At       time.Time `json:"at"`
}

// RecordGap adds a question to the gaps list. It screens question and
// reason again, so no caller can put an identifier there by mistake.
func (a *App) RecordGap(ctx context.Context, question, kind, reason string) error {
	question = strings.TrimSpace(question)
	if question == "" {
		return nil
	}
	if _, found := a.screener.First(question + "\n" + reason); found {
		return nil // never stored; the caller has already told the user
	}
	return a.store.Append(ctx, "gaps", Gap{Question: truncate(question, 500), Kind: kind, Reason: truncate(reason, 500), At: a.now().UTC()})
}

// Feedback is a rating of an answer. It is private: only moderators see it.
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
		return knowledge.Errorf(knowledge.EInvalid, "reason", "at most %d characters", MaxReasonLen)
	}
	if fd, found := a.screener.First(f.Reason); found {
		return knowledge.Errorf(knowledge.EPrivacy, "reason", "this %s; please remove it", fd.Kind.Message())
	}
	rec, found, err := a.LoadAnswer(ctx, f.AnswerID)
	if err != nil {
		return err
	}
	if !found {
		return knowledge.Errorf(knowledge.ENotFound, "", "that answer has expired")
	}
	f.At = a.now().UTC()
	if err := a.store.Append(ctx, "feedback", f); err != nil {
		return err
	}
	a.lg.Info("answer rated", "answer_id", f.AnswerID, "helpful", f.Helpful, "via", f.Via, "sources", len(rec.SourceIDs))
	if !f.Helpful {
		return a.RecordGap(ctx, rec.Question, GapUnhelpful, f.Reason)
	}
	return nil
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// UpdateAnswer stores the final text of an answer (its AI summary), so a
// later "Share in channel" shares what the user saw.
func (a *App) UpdateAnswer(ctx context.Context, rec AnswerRecord, ans Answer) error {
	rec.Text, rec.LLM = ans.Text, ans.LLM
	rec.SourceIDs = rec.SourceIDs[:0]
	for _, s := range ans.Sources {
		rec.SourceIDs = append(rec.SourceIDs, s.ID)
	}
	return a.store.SetRecord(ctx, "answer", rec.ID, rec, answerTTL)
}
