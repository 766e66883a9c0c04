package handlers

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

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
	return a.store.Append(ctx, redisstore.ListGaps, Gap{Question: truncate(question, 500), Kind: kind, Reason: truncate(reason, 500), At: a.now().UTC()})
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// GapGroup is one need the knowledge base does not meet: questions that
// ask the same thing, however worded, counted together.
type GapGroup struct {
	// Question is the group's most recent wording.
	Question string
	// Count is how many times it was asked; Unhelpful how many of those
	// were answers rated unhelpful rather than nothing found.
	Count     int
	Unhelpful int
	// Waiting is how many people pressed Notify me on a question of the
	// group and are still waiting for an answer.
	Waiting int
	Reasons []string
	Last    time.Time
}

// gapsScanned bounds how many recent gaps are grouped.
const gapsScanned = 2000

// Gaps returns the unanswered and unhelpful questions, grouped so that the
// same need asked five ways is one line with a count, most asked first.
func (a *App) Gaps(ctx context.Context, moderator string, limit int) ([]GapGroup, error) {
	if err := a.requireModeratorToSee(moderator, "the knowledge gaps"); err != nil {
		return nil, err
	}
	gaps, err := redisstore.ListOf[Gap](ctx, a.store, redisstore.ListGaps, gapsScanned)
	if err != nil {
		return nil, err
	}
	clusters := a.clusterGaps(gaps)
	a.waitingOn(ctx, clusters)
	return sortGroups(clusters, limit), nil
}

type gapCluster struct {
	group GapGroup
	terms map[string]bool
}

// clusterGaps clusters questions (newest first) by what they mean: their
// vocabulary concepts and word stems, after typo correction. A question
// joins the group it shares most of its meaning with.
func (a *App) clusterGaps(gaps []Gap) []*gapCluster {
	var clusters []*gapCluster
	for _, g := range gaps {
		terms := a.cachedTopicTerms(g.Question)
		var best *gapCluster
		bestSim := 0.0
		for _, c := range clusters {
			if s := similarity(terms, c.terms); s > bestSim {
				best, bestSim = c, s
			}
		}
		if best == nil || bestSim < 0.5 {
			best = &gapCluster{group: GapGroup{Question: g.Question, Last: g.At}, terms: map[string]bool{}}
			clusters = append(clusters, best)
		}
		best.group.Count++
		if g.Kind == GapUnhelpful {
			best.group.Unhelpful++
		}
		if g.Reason != "" && len(best.group.Reasons) < 3 {
			best.group.Reasons = append(best.group.Reasons, g.Reason)
		}
		for t := range terms {
			best.terms[t] = true
		}
	}
	return clusters
}

// sortGroups orders gap groups most asked first (then most recent) and
// keeps the first limit (0: all).
func sortGroups(clusters []*gapCluster, limit int) []GapGroup {
	out := make([]GapGroup, len(clusters))
	for i, c := range clusters {
		out[i] = c.group
	}
	slices.SortStableFunc(out, func(x, y GapGroup) int {
		if x.Count != y.Count {
			return y.Count - x.Count
		}
		return y.Last.Compare(x.Last)
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// similarity is how much of the smaller question's meaning the two share:
// paraphrases differ in filler, not in their key terms.
func similarity(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		}
	}
	small := min(len(a), len(b))
	// Concepts weigh double: "AVT" and "ambient scribe" are the same need.
	for t := range a {
		if b[t] && strings.HasPrefix(t, "c:") {
			shared++
			small++
		}
	}
	return float64(shared) / float64(small)
}

// termsCache keeps the topic terms of gap questions: grouping corrects
// every question's typos against the index's vocabulary, the costly part,
// and the same questions are grouped again on every look. It is emptied
// when the index changes (its vocabulary may have) and when it grows past
// termsCacheMax.
type termsCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]map[string]bool
}

const termsCacheMax = 20000

// cachedTopicTerms is topicTerms, cached. The maps it returns are shared:
// callers only read them.
func (a *App) cachedTopicTerms(q string) map[string]bool {
	gen := a.sync.gen.Load()
	c := &a.terms
	c.mu.Lock()
	if c.m == nil || c.gen != gen || len(c.m) > termsCacheMax {
		c.m, c.gen = map[string]map[string]bool{}, gen
	}
	t, ok := c.m[q]
	c.mu.Unlock()
	if ok {
		return t
	}
	t = a.topicTerms(q)
	c.mu.Lock()
	if c.gen == gen {
		c.m[q] = t
	}
	c.mu.Unlock()
	return t
}
