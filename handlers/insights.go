package handlers

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// The picture the web catalogue draws: what has been tried across the
// community (for every member), and how well kbbot answers (for
// moderators). Plain counts; the web edge draws them.

// Count is one bar of a chart: a value, its label and how many.
type Count struct {
	Key   string
	Label string
	N     int
}

// CategoryOutcomes is one row of "pilots by category × outcome": the
// category's pilots counted by outcome, in knowledge.Outcomes() order,
// with those of no stated outcome last (Unknown).
type CategoryOutcomes struct {
	Category knowledge.Category
	Label    string
	Outcomes []Count
	Unknown  int
	Total    int
}

// Insights is the picture of what has been tried, from the approved pilots.
type Insights struct {
	// Pilots is how many approved pilots there are.
	Pilots int
	// ByCategory has one row per category with pilots, most first.
	ByCategory []CategoryOutcomes
	// ByOrgType, StopReasons and Evidence count pilots by organisation
	// type, by why they stopped (abandoned pilots) and by evidence level,
	// every value in display order, zeros included.
	ByOrgType   []Count
	StopReasons []Count
	Evidence    []Count
	// LessonsPerMonth counts pilots shared (created) in each of the last
	// twelve months, oldest first.
	LessonsPerMonth []Count
}

// insightMonths is how many months "lessons shared per month" shows.
const insightMonths = 12

// Insights counts the approved pilots. Only approved entries count, as
// only they are ever shown. The counts are kept until the index changes or
// the month turns, and shared: callers must not change what they get.
func (a *App) Insights(ctx context.Context) (Insights, error) {
	snap, month := a.catalogue(), a.now().UTC().Format("2006-01")
	if c := snap.insights.Load(); c != nil && c.month == month {
		return c.v, nil
	}
	in := a.countInsights(snap)
	snap.insights.Store(&monthInsights{month: month, v: in})
	return in, nil
}

// countInsights counts a snapshot's pilots. The result is shared by every
// caller until the snapshot changes: nothing may change it.
func (a *App) countInsights(snap *snapshot) Insights {
	var in Insights
	byCat := map[knowledge.Category]*CategoryOutcomes{}
	org := map[string]int{}
	stop := map[string]int{}
	ev := map[string]int{}
	months := map[string]int{}
	outcomes := knowledge.Outcomes()
	for _, e := range snap.entries {
		if e.Kind != knowledge.KindPilot {
			continue
		}
		in.Pilots++
		if e.Category != "" {
			row := byCat[e.Category]
			if row == nil {
				row = &CategoryOutcomes{Category: e.Category, Label: e.Category.Label(), Outcomes: countsOf(knowledge.Outcomes())}
				byCat[e.Category] = row
			}
			row.Total++
			if i := slices.Index(outcomes, e.Outcome); i >= 0 {
				row.Outcomes[i].N++
			} else {
				row.Unknown++
			}
		}
		org[string(e.OrgType)]++
		ev[string(e.Evidence)]++
		if e.Outcome == knowledge.OutcomeAbandoned {
			stop[string(e.StopReason)]++
		}
		if !e.CreatedAt.IsZero() {
			months[e.CreatedAt.UTC().Format("2006-01")]++
		}
	}
	for _, row := range byCat {
		in.ByCategory = append(in.ByCategory, *row)
	}
	slices.SortFunc(in.ByCategory, func(x, y CategoryOutcomes) int {
		if x.Total != y.Total {
			return y.Total - x.Total
		}
		return slices.Index(knowledge.Categories(), x.Category) - slices.Index(knowledge.Categories(), y.Category)
	})
	in.ByOrgType = fill(countsOf(knowledge.OrgTypes()), org)
	in.StopReasons = fill(countsOf(knowledge.StopReasons()), stop)
	in.Evidence = fill(countsOf(knowledge.EvidenceLevels()), ev)
	first := time.Date(a.now().UTC().Year(), a.now().UTC().Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 1-insightMonths, 0)
	for i := range insightMonths {
		m := first.AddDate(0, i, 0)
		in.LessonsPerMonth = append(in.LessonsPerMonth, Count{Key: m.Format("2006-01"), Label: m.Format("Jan 2006"), N: months[m.Format("2006-01")]})
	}
	return in
}

// countsOf returns one zero Count per value, in order.
func countsOf[T interface {
	~string
	Label() string
}](vs []T) []Count {
	out := make([]Count, len(vs))
	for i, v := range vs {
		out[i] = Count{Key: string(v), Label: v.Label()}
	}
	return out
}

// fill sets each count from n by key; what no key names ("" included) is
// counted in a last "Not stated" bar when there is any.
func fill(cs []Count, n map[string]int) []Count {
	rest := 0
	for k, v := range n {
		if i := slices.IndexFunc(cs, func(c Count) bool { return c.Key == k }); i >= 0 {
			cs[i].N = v
		} else {
			rest += v
		}
	}
	if rest > 0 {
		cs = append(cs, Count{Key: "", Label: "Not stated", N: rest})
	}
	return cs
}

// WeekAnswers counts one ISO week's questions by kind of answer.
type WeekAnswers struct {
	Week  string // "2026-W09"
	Start time.Time
	High  int
	Low   int
	None  int
}

// WeekRatings counts one ISO week's ratings of answers.
type WeekRatings struct {
	Week  string
	Start time.Time
	Up    int
	Down  int
}

// ModeratorInsights is how kbbot is doing, for moderators only: questions
// by kind of answer and ratings, week by week (oldest first), the most
// asked gaps (with the reasons people gave) and entries due for review.
type ModeratorInsights struct {
	Questions []WeekAnswers
	Ratings   []WeekRatings
	Gaps      []GapGroup
	Due       []DueEntry
}

// DueEntry is an approved entry past its review date.
type DueEntry struct {
	Source Source
	Due    time.Time
}

// Limits of the moderators' insights.
const (
	insightWeeks = 12
	insightGaps  = 10
	insightDue   = 20
)

// ModeratorInsights returns how kbbot is doing over the last twelve weeks.
// It is checked on the server: anyone but a moderator gets EForbidden.
func (a *App) ModeratorInsights(ctx context.Context, moderator string) (ModeratorInsights, error) {
	if err := a.requireModerator(moderator); err != nil {
		return ModeratorInsights{}, err
	}
	var mi ModeratorInsights
	weeks, starts := lastWeeks(a.now(), insightWeeks)
	counters := make([]redisstore.Counter, len(weeks))
	for i, w := range weeks {
		counters[i] = redisstore.QuestionsCounter(w)
	}
	counts, err := a.store.Counts(ctx, counters...)
	if err != nil {
		return mi, err
	}
	ratings := map[string]*WeekRatings{}
	for i, w := range weeks {
		c := counts[i]
		mi.Questions = append(mi.Questions, WeekAnswers{Week: w, Start: starts[i],
			High: c[string(knowledge.ConfidenceHigh)], Low: c[string(knowledge.ConfidenceLow)], None: c[string(knowledge.ConfidenceNone)]})
		mi.Ratings = append(mi.Ratings, WeekRatings{Week: w, Start: starts[i]})
		ratings[w] = &mi.Ratings[i]
	}
	fb, err := redisstore.ListOf[Feedback](ctx, a.store, redisstore.ListFeedback, 5000)
	if err != nil {
		return mi, err
	}
	// A second vote replaces the first: the list is newest first, so the
	// first seen of each person and answer is the one that counts.
	seen := map[[2]string]bool{}
	for _, f := range fb {
		key := [2]string{f.AnswerID, f.User}
		if seen[key] {
			continue
		}
		seen[key] = true
		r := ratings[isoWeek(f.At)]
		switch {
		case r == nil:
		case f.Helpful:
			r.Up++
		default:
			r.Down++
		}
	}
	if mi.Gaps, err = a.Gaps(ctx, moderator, insightGaps); err != nil {
		return mi, err
	}
	// Entries due for review, most overdue first, as /kb stale lists them.
	snap, now := a.catalogue(), a.now()
	for _, i := range snap.due {
		if !snap.dueAt[i].Before(now) || len(mi.Due) == insightDue {
			break
		}
		mi.Due = append(mi.Due, DueEntry{Source: sourceOf(snap.entries[i], 0), Due: snap.dueAt[i]})
	}
	return mi, nil
}

// isoWeek names t's ISO week, as "2026-W09".
func isoWeek(t time.Time) string {
	y, w := t.UTC().ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// lastWeeks returns the n ISO weeks up to now's, oldest first, with the
// Monday each starts on.
func lastWeeks(now time.Time, n int) ([]string, []time.Time) {
	now = now.UTC()
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	weeks := make([]string, n)
	starts := make([]time.Time, n)
	for i := range n {
		s := monday.AddDate(0, 0, -7*(n-1-i))
		weeks[i], starts[i] = isoWeek(s), s
	}
	return weeks, starts
}
