package handlers

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// MaxQuestionLen bounds a question: longer text is a pasted document, not a
// question, and is refused rather than searched.
const MaxQuestionLen = 2000

// AskRequest is a question from anyone, anywhere (CLI, mention, DM, /kb).
type AskRequest struct {
	Question string
	// Context is the question this one follows up, if any (the first
	// question of a Slack thread).
	Context string
	// Limit is the most sources to return (default 3).
	Limit int
	// Filters restrict the search to entries with these values.
	Kind     knowledge.Kind
	Category knowledge.Category
	OrgType  knowledge.OrgType
	Outcome  knowledge.Outcome
	// RecordGap puts a question that finds nothing on the moderators'
	// gaps list (Slack questions do; the command line does not).
	RecordGap bool
}

// Answer is what kbbot says back. Exactly one of three cases holds: Refused
// is set (the privacy screen stopped the question; nothing was searched or
// kept), Found is true (Text answers from Sources), or neither (nothing
// relevant: Text says so).
type Answer struct {
	Question string
	Refused  privacy.Kind
	Found    bool
	// Text is the short answer: extractive (the best entry's summary) or,
	// when LLM is true, an AI summary citing Sources as [n].
	Text    string
	Sources []Source
	LLM     bool
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
)

// RefusalText explains a privacy refusal without repeating the identifier.
func RefusalText(k privacy.Kind) string {
	return "I haven't searched for that or kept it: your question " + k.Message() +
		". Please ask again without patient or personal details."
}

// Ask answers a question from the knowledge base. The question is screened
// first: if it holds a patient identifier the answer is a refusal and the
// question goes no further (not searched, stored or logged).
func (a *App) Ask(ctx context.Context, req AskRequest) (Answer, error) {
	q := strings.TrimSpace(req.Question)
	if f, found := a.screener.ScreenFields([]privacy.Field{{Name: "question", Text: q}, {Name: "context", Text: req.Context}}); found {
		return Answer{Refused: f.Kind, Text: RefusalText(f.Kind)}, nil
	}
	if q == "" {
		return Answer{Text: EmptyQuestionText}, nil
	}
	if utf8.RuneCountInString(q) > MaxQuestionLen {
		return Answer{}, knowledge.Errorf(knowledge.EInvalid, "question", "at most %d characters; ask a shorter question", MaxQuestionLen)
	}
	hits, err := a.index.Search(ctx, search.Query{
		Text: q, Context: req.Context, Limit: req.Limit,
		Kind: req.Kind, Category: req.Category, OrgType: req.OrgType, Outcome: req.Outcome,
	})
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Question: q}
	if len(hits) == 0 {
		ans.Text = NothingFoundText
		if req.RecordGap {
			if err := a.RecordGap(ctx, q, GapUnanswered, ""); err != nil {
				a.lg.Warn("could not record a knowledge gap", "err", err)
			}
		}
		return ans, nil
	}
	ans.Found = true
	for _, h := range hits {
		ans.Sources = append(ans.Sources, sourceOf(h.Entry, h.Score))
	}
	ans.Text = hits[0].Entry.Summary
	return ans, nil
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
