package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Fallback reasons: why an answer is extractive although the LLM is on.
const (
	FallbackOff         = "off"
	FallbackNotFound    = "not_found"
	FallbackNotSure     = "not_sure"
	FallbackTimeout     = "timeout"
	FallbackRateLimited = "rate_limited"
	FallbackError       = "error"
	FallbackEmpty       = "empty"
	FallbackNoCitation  = "no_citation"
	FallbackTooLong     = "too_long"
	FallbackUserLimit   = "user_limit"
	// FallbackNotAnswered: the model said the sources do not answer the
	// question, so the answer is shown as low confidence ("not sure").
	FallbackNotAnswered = "not_answered"
)

// notAnsweredVerdict is what the summary cache keeps when the model said
// the sources do not answer, so a repeated question costs no call either.
const notAnsweredVerdict = "\x00not_answered"

// MaxSummaryLen bounds an AI summary; a longer one is not a paragraph.
const MaxSummaryLen = 1200

// SummaryInfo says what the summary step did, for metrics and for
// `kbbot ask --llm`.
type SummaryInfo struct {
	// Fallback is empty when the answer is an AI summary, else the reason
	// it is not.
	Fallback         string
	CacheHit         bool
	PromptTokens     int
	CompletionTokens int
	Elapsed          time.Duration
	// Stripped counts citations removed because they pointed at no source.
	Stripped int
}

// Summarize replaces an extractive answer's text with a cited AI summary of
// its sources, or returns it unchanged (with the reason) when the LLM is
// off, times out, is rate limited, fails, or answers without a valid
// citation, empty or too long. When the model says the sources do not
// answer the question, the answer becomes a low-confidence one (the "not
// sure" hedge, its sources kept): never a confident answer. A summary is cached in Redis under the
// model, the normalised question and the ids and versions of the entries
// used, so a repeated question costs no call and an edit to any cited entry
// makes old summaries unreachable. A kept answer (ans.ID set) keeps its
// summary too, so sharing it later shares what the asker saw.
func (a *App) Summarize(ctx context.Context, ans Answer, followUp string) (Answer, SummaryInfo) {
	start := a.now()
	final, info := a.summarize(ctx, ans, followUp)
	info.Elapsed = a.now().Sub(start)
	if (final.LLM || info.Fallback == FallbackNotAnswered) && final.ID != "" {
		if err := a.keepSummary(ctx, final); err != nil {
			a.lg.Warn("could not save the summary with the answer", "answer_id", final.ID, "err", err)
		}
	}
	return final, info
}

// summarize is Summarize without keeping the result.
func (a *App) summarize(ctx context.Context, ans Answer, followUp string) (Answer, SummaryInfo) {
	info := SummaryInfo{}
	switch {
	case a.summarizer == nil:
		info.Fallback = FallbackOff
		return ans, info
	case !ans.HasSources() || ans.Refused != "" || ans.Confidence == knowledge.ConfidenceNone:
		info.Fallback = FallbackNotFound
		return ans, info
	case ans.Confidence == knowledge.ConfidenceLow:
		info.Fallback = FallbackNotSure
		return ans, info
	}
	entries := make([]knowledge.Entry, 0, len(ans.Sources))
	for _, s := range ans.Sources {
		if e, ok := a.index.Get(s.ID); ok && e.Approved() {
			entries = append(entries, e)
		}
	}
	if len(entries) == 0 {
		info.Fallback = FallbackNotFound
		return ans, info
	}
	key := summaryKey(a.summarizer.Model(), ans.Question, followUp, entries)
	if cached, found, err := a.summaries().Get(ctx, key); err == nil && found {
		info.CacheHit = true
		if cached == notAnsweredVerdict {
			info.Fallback = FallbackNotAnswered
			return notSure(ans), info
		}
		return withSummary(ans, entries, cached), info
	}
	if a.llmPerUser > 0 && ans.Asker != "" {
		// One person cannot spend the organisation's LLM budget: past
		// their hourly bound (shared by every replica), answers stay
		// extractive. A store failure does not stop the summary.
		ok, err := a.store.UseQuota(ctx, "llm:"+ans.Asker, a.llmPerUser, time.Hour, a.now())
		if err != nil {
			a.lg.Warn("could not count a summary against its asker's bound", "err", err)
		} else if !ok {
			info.Fallback = FallbackUserLimit
			return ans, info
		}
	}
	cctx, cancel := context.WithTimeout(ctx, a.llmTimeout)
	defer cancel()
	sum, err := a.summarizer.Summarize(cctx, ans.Question, followUp, entries)
	info.PromptTokens, info.CompletionTokens = sum.PromptTokens, sum.CompletionTokens
	if err != nil {
		info.Fallback = fallbackReason(err)
		// Our reason and the provider's error (its status); never the
		// question.
		a.lg.Warn("llm summary failed; answering without it", "reason", info.Fallback, "err", err)
		return ans, info
	}
	if sum.NotAnswered {
		info.Fallback = FallbackNotAnswered
		a.lg.Info("llm says the sources do not answer; answering not sure", "sources", len(entries))
		if err := a.summaries().Set(ctx, key, notAnsweredVerdict); err != nil {
			a.lg.Warn("could not cache a summary", "err", err)
		}
		return notSure(ans), info
	}
	text, stripped, reason := checkSummary(sum.Text, len(entries))
	info.Stripped = stripped
	if reason != "" {
		info.Fallback = reason
		a.lg.Warn("llm summary discarded; answering without it", "reason", reason, "stripped_citations", stripped)
		return ans, info
	}
	if err := a.summaries().Set(ctx, key, text); err != nil {
		a.lg.Warn("could not cache a summary", "err", err)
	}
	return withSummary(ans, entries, text), info
}

// withSummary makes the answer an AI summary whose [n] citations match the
// order of its sources.
func withSummary(ans Answer, entries []knowledge.Entry, text string) Answer {
	ans.Text, ans.LLM = text, true
	ans.Sources = ans.Sources[:0:0]
	for _, e := range entries {
		ans.Sources = append(ans.Sources, sourceOf(e, 0))
	}
	return ans
}

// notSure makes a confident answer a low-confidence one: the hedge, with
// its sources kept, as search gives for related entries.
func notSure(ans Answer) Answer {
	ans.Confidence, ans.Text, ans.LLM, ans.SummaryPending = knowledge.ConfidenceLow, NotSureText, false, false
	return ans
}

func fallbackReason(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return FallbackTimeout
	case errors.Is(err, knowledge.ErrRateLimited):
		return FallbackRateLimited
	}
	return FallbackError
}

// citationPattern finds [n] citations, including runs like [1][2] and
// lists like [1, 3].
func citationPattern() *regexp.Regexp { return regexp.MustCompile(`\[(\d+(?:\s*,\s*\d+)*)\]`) }

// checkSummary removes citations that point at no supplied source and
// decides whether what is left is usable: not empty, not over length, and
// citing at least one real source. It returns the cleaned text, how many
// citations it removed, and a fallback reason when unusable.
func checkSummary(text string, n int) (string, int, string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", 0, FallbackEmpty
	}
	valid, stripped := 0, 0
	text = citationPattern().ReplaceAllStringFunc(text, func(m string) string {
		var keep []string
		for _, part := range strings.Split(strings.Trim(m, "[]"), ",") {
			k, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || k < 1 || k > n {
				stripped++
				continue
			}
			valid++
			keep = append(keep, strconv.Itoa(k))
		}
		if len(keep) == 0 {
			return ""
		}
		return "[" + strings.Join(keep, "][") + "]"
	})
	text = strings.Join(strings.Fields(text), " ")
	text = strings.NewReplacer(" .", ".", " ,", ",").Replace(text)
	switch {
	case text == "":
		return "", stripped, FallbackEmpty
	case utf8.RuneCountInString(text) > MaxSummaryLen:
		return "", stripped, FallbackTooLong
	case valid == 0:
		return "", stripped, FallbackNoCitation
	}
	return text, stripped, ""
}

// summaryKey identifies a summary: model, normalised question and
// follow-up context, and each entry's id and content version.
func summaryKey(model, question, followUp string, entries []knowledge.Entry) string {
	h := sha256.New()
	h.Write([]byte(model + "\x00" + strings.Join(words.Tokens(question), " ") + "\x00" + strings.Join(words.Tokens(followUp), " ")))
	for _, e := range entries {
		h.Write([]byte("\x00" + e.ID + "@" + entryVersion(e)))
	}
	return hex.EncodeToString(h.Sum(nil))[:40]
}

// entryVersion is a hash of an entry's content: any edit changes it.
func entryVersion(e knowledge.Entry) string {
	b, _ := json.Marshal(e) // an Entry always marshals
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}
