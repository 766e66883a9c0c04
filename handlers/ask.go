package handlers

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// MaxQuestionLen bounds a question: longer text is a pasted document, not a
// question, and is refused rather than searched.
const MaxQuestionLen = 2000

// AskRequest is a question from anyone, anywhere (CLI, mention, DM, /kb).
type AskRequest struct {
	Question string
	// Context is the question this one follows up, if any. A chat surface
	// leaves it empty and sets ThreadTS: Ask finds the thread's first
	// question itself.
	Context string
	// Limit is the most sources to return (default 3).
	Limit int
	// Filters restrict the search to entries with these values.
	Kind     knowledge.Kind
	Category knowledge.Category
	OrgType  knowledge.OrgType
	Outcome  knowledge.Outcome
	// Evidence and Stage filter the hits the search returns (the web
	// catalogue's extra facets).
	Evidence knowledge.Evidence
	Stage    knowledge.Stage
	// RecordGap puts a question that finds nothing on the moderators'
	// gaps list (Slack questions do; the command line does not).
	RecordGap bool
	// Explain asks for Answer.Explanation (kbbot ask --explain).
	Explain bool

	// Asker is the Slack user who asked. When set, the answer is kept
	// (Answer.ID) so that its buttons, feedback and sharing work later, on
	// any replica. The command line leaves it empty and keeps nothing.
	Asker string
	// Channel and ThreadTS say where the question was asked. In a thread
	// (ThreadTS set) the question is read together with the thread's first
	// question when Asker asked that one, and the thread is remembered, so
	// that the asker's next reply there is a follow-up.
	Channel  string
	ThreadTS string
	// FollowUpOnly answers only the asker's follow-up in a thread kbbot
	// answered for them (an unaddressed reply in a channel thread); any
	// other message gets ErrNotFollowUp and nothing is done.
	FollowUpOnly bool
	// Refused says the question was stopped by the privacy screen before
	// it was queued, so only the kind of identifier is known (Question is
	// empty): Ask answers with the refusal, after the thread check.
	Refused privacy.Kind
}

// ErrNotFollowUp is Ask's answer to a FollowUpOnly request that is not a
// follow-up: a reply in someone else's thread, or in one kbbot never
// answered. It is not a failure; the surface stays silent.
var ErrNotFollowUp = errors.New("handlers: not a follow-up to kbbot")

// Answer is what kbbot says back. Either Refused is set (the privacy screen
// stopped the question; nothing was searched or kept), or Confidence says
// which of the three kinds of answer it is: high (Text answers from
// Sources), low (Sources look related but may not answer it; Text hedges)
// or none (nothing relevant, no Sources: Text says so). An empty question
// has none of these.
type Answer struct {
	// ID is the kept answer's id (AskRequest.Asker set, a question asked
	// and not refused); buttons and feedback carry it. Empty otherwise.
	ID string
	// Asker is who asked (empty on the command line), for the per-person
	// bound on AI summaries.
	Asker    string
	Question string
	// Context is the earlier question this one was read together with.
	Context string
	Refused privacy.Kind
	// SmallTalk is set when the message was small talk ("hi", "thanks",
	// "help"): Text is the reply, nothing was searched or kept.
	SmallTalk  SmallTalk
	Confidence knowledge.Confidence
	// Text is the short answer: extractive (the best entry's summary) or,
	// when LLM is true, an AI summary citing Sources as [n].
	Text    string
	Sources []Source
	LLM     bool
	// Explanation says how the question was read and why the answer is
	// high, low or none, when the request asked for it.
	Explanation *search.Explanation
	// SummaryPending says an AI summary can replace Text: the LLM is on
	// and the answer is a confident one. A surface shows this answer at once,
	// then calls AnswerPosted (or Summarize) and shows what comes back.
	SummaryPending bool
	// VectorFallback says why hybrid search answered by words alone
	// although an embedding model is configured (FallbackNotReady,
	// FallbackTimeout, FallbackRateLimited, FallbackError,
	// FallbackGarbage); empty when the question's vector was used or
	// hybrid search is off.
	VectorFallback string
}

// Source is an entry an answer draws on, with what a reader needs to judge
// it: kind, outcome and evidence for pilots, organisation type, when it was
// last reviewed, where it comes from and who to ask.
type Source struct {
	ID           string
	Title        string
	Kind         knowledge.Kind
	Summary      string
	Score        float64
	Category     knowledge.Category
	OrgType      knowledge.OrgType
	Outcome      knowledge.Outcome
	Evidence     knowledge.Evidence
	StopReason   knowledge.StopReason
	LastReviewed knowledge.Date
	Source       string
	URL          string
	// Contact is the Slack user id of a contributor who agreed to be
	// contacted; empty for anonymous lessons.
	Contact string
}

// Plain-language answers shared by every surface.
const (
	NothingFoundText = "I couldn't find anything in the knowledge base that answers this, so I won't guess. " +
		"If you have been through it, please share what you learned with `/kb share`, or ask `/kb experts TOPIC` to find someone who has."
	EmptyQuestionText = "Ask me a question about AI in the NHS, for example: has anyone used AI to clear an x-ray backlog?"
	// NotSureText leads a low-confidence answer, before its sources.
	NotSureText = "I'm not sure these answer your question, but they look related."
)

// Confident reports whether the answer is a confident one: its sources
// answer the question.
func (a Answer) Confident() bool { return a.Confidence == knowledge.ConfidenceHigh }

// HasSources reports whether the answer shows sources (high or low).
func (a Answer) HasSources() bool { return len(a.Sources) > 0 }

// RefusalText explains a privacy refusal without repeating the identifier.
func RefusalText(k privacy.Kind) string {
	return "I haven't searched for that or kept it: your question " + k.Message() +
		". Please ask again without patient or personal details."
}

// Ask answers a question from the knowledge base. In a thread it first
// finds what the question follows up. The question is then screened: if it
// holds a patient identifier the answer is a refusal and the question goes
// no further (not searched, stored or logged). A question that finds
// nothing is recorded as a gap when asked (RecordGap). For a chat surface
// (Asker set) the answer is kept for its buttons and the thread remembered,
// before Ask returns, so a reply typed the moment the answer appears is
// already a follow-up.
func (a *App) Ask(ctx context.Context, req AskRequest) (Answer, error) {
	if req.Context == "" && req.ThreadTS != "" {
		first, ok := a.threadQuestion(ctx, req.Channel, req.ThreadTS, req.Asker)
		if !ok && req.FollowUpOnly {
			return Answer{}, ErrNotFollowUp
		}
		req.Context = first
	}
	if req.Refused != "" {
		return Answer{Refused: req.Refused, Text: RefusalText(req.Refused)}, nil
	}
	q := strings.TrimSpace(req.Question)
	if f, found := a.screener.ScreenFields([]privacy.Field{{Name: "question", Text: q}, {Name: "context", Text: req.Context}}); found {
		return Answer{Refused: f.Kind, Text: RefusalText(f.Kind)}, nil
	}
	if q == "" {
		return Answer{Text: EmptyQuestionText}, nil
	}
	if st := SmallTalkOf(q); st != "" {
		// Not searched, not kept, never a gap.
		return Answer{SmallTalk: st, Confidence: knowledge.ConfidenceNone, Text: smallTalkText(st)}, nil
	}
	if utf8.RuneCountInString(q) > MaxQuestionLen {
		return Answer{}, knowledge.Errorf(knowledge.EInvalid, "question", "at most %d characters; ask a shorter question", MaxQuestionLen)
	}
	ans, err := a.search(ctx, q, req)
	if err != nil {
		return Answer{}, err
	}
	if req.Asker != "" {
		if err := a.keep(ctx, &ans, req); err != nil {
			return Answer{}, err
		}
		a.countQuestion(ctx, ans.Confidence)
	}
	return ans, nil
}

// countQuestion counts a question answered on a chat surface in this ISO
// week's counter, by kind of answer, for the moderators' insights. A lost
// count is logged, never the question's failure.
func (a *App) countQuestion(ctx context.Context, c knowledge.Confidence) {
	if err := a.store.Incr(ctx, redisstore.QuestionsCounter(isoWeek(a.now())), string(c), redisstore.QuestionsCounterTTL); err != nil {
		a.lg.Warn("could not count a question", "err", err)
	}
}

// search looks a screened question up and builds the answer: the best
// entry's summary with its sources, or "nothing found" (recorded as a gap
// when the request asks for it). With hybrid search on, the question (and
// the thread's first question) is embedded first, in one request.
func (a *App) search(ctx context.Context, q string, req AskRequest) (Answer, error) {
	vec, fallback := a.questionVector(ctx, q, req.Context)
	res, err := a.index.Search(ctx, search.Query{
		Text: q, Context: req.Context, Limit: req.Limit,
		Kind: req.Kind, Category: req.Category, OrgType: req.OrgType, Outcome: req.Outcome,
		Evidence: req.Evidence, Stage: req.Stage, Explain: req.Explain, Vector: vec,
	})
	if err != nil {
		return Answer{}, err
	}
	hits := res.Hits
	ans := Answer{Question: q, Context: req.Context, Asker: req.Asker, Confidence: res.Confidence, Explanation: res.Explanation, VectorFallback: fallback}
	if len(hits) == 0 {
		ans.Confidence = knowledge.ConfidenceNone
		ans.Text = NothingFoundText
		if req.RecordGap {
			if err := a.RecordGap(ctx, q, GapUnanswered, ""); err != nil {
				a.lg.Warn("could not record a knowledge gap", "err", err)
			}
		}
		return ans, nil
	}
	for _, h := range hits {
		ans.Sources = append(ans.Sources, sourceOf(h.Entry, h.Score))
	}
	ans.Text = hits[0].Entry.Summary
	// Only a confident answer is summarised: a summary of sources that
	// may not answer the question would read as an answer.
	ans.SummaryPending = a.summarizer != nil && ans.Confident()
	if ans.Confidence == knowledge.ConfidenceLow {
		// Related, not an answer: say so, and record the gap as for
		// nothing found.
		ans.Text = NotSureText
		if req.RecordGap {
			if err := a.RecordGap(ctx, q, GapUnanswered, ""); err != nil {
				a.lg.Warn("could not record a knowledge gap", "err", err)
			}
		}
	}
	return ans, nil
}

// AnswerPosted finishes an answer once a surface has shown it. It
// remembers the message that shows it (at; zero when the surface posted
// none, as for a private reply), so a reaction there rates the answer.
// Then, when a summary is pending, it summarises: the answer comes back as
// the AI summary (kept with the answer) or, if the LLM is slow, fails or
// answers badly, as it was, or, when the model says the sources do not
// answer the question, as a low-confidence answer (recorded as a gap);
// either way the surface shows the returned answer in place of the first. Without a pending summary ans comes back
// unchanged, with a zero SummaryInfo.
func (a *App) AnswerPosted(ctx context.Context, ans Answer, at MessageRef) (Answer, SummaryInfo) {
	if ans.ID != "" && at.TS != "" {
		if err := a.answerMessages().Set(ctx, messageID(at), ans.ID); err != nil {
			a.lg.Warn("could not link answer to its message", "answer_id", ans.ID, "err", err)
		}
	}
	if !ans.SummaryPending {
		return ans, SummaryInfo{}
	}
	final, info := a.Summarize(ctx, ans, ans.Context)
	if info.Fallback == FallbackNotAnswered && ans.ID != "" {
		// Now a "not sure" answer: a gap, as search's own low answers are.
		if err := a.RecordGap(ctx, ans.Question, GapUnanswered, ""); err != nil {
			a.lg.Warn("could not record a knowledge gap", "err", err)
		}
	}
	return final, info
}

func sourceOf(e knowledge.Entry, score float64) Source {
	return Source{
		ID: e.ID, Title: e.Title, Kind: e.Kind, Summary: e.Summary, Score: score,
		Category: e.Category, OrgType: e.OrgType, Outcome: e.Outcome, Evidence: e.Evidence,
		StopReason: e.StopReason, LastReviewed: e.LastReviewed(), Source: e.Source, URL: e.URL,
		Contact: e.Contact,
	}
}

// SourceFacts lists a source's badges in reading order: kind, then for
// pilots the outcome (and why it stopped) and evidence level, then the
// organisation type and when it was last reviewed. Both the CLI and Slack
// show them, so a reader can judge a source at a glance.
func SourceFacts(s Source) []string {
	facts := []string{s.Kind.Label()}
	if s.Kind == knowledge.KindPilot {
		if s.Outcome != "" {
			o := s.Outcome.Label()
			if s.StopReason != "" {
				o += " (" + strings.ToLower(s.StopReason.Label()) + ")"
			}
			facts = append(facts, o)
		}
		if s.Evidence != "" {
			facts = append(facts, "Evidence: "+strings.ToLower(s.Evidence.Label()))
		}
	}
	if s.OrgType != "" {
		facts = append(facts, s.OrgType.Label())
	}
	if !s.LastReviewed.IsZero() {
		facts = append(facts, "Reviewed "+s.LastReviewed.Format("2 Jan 2006"))
	}
	return facts
}
