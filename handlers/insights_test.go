package handlers_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

func TestInsights(t *testing.T) {
	a, _ := catalogueApp(t)
	in, err := a.Insights(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if in.Pilots != 3 {
		t.Errorf("Pilots = %d, want 3 (the pending one and the guidance do not count)", in.Pilots)
	}
	row := func(c knowledge.Category) map[string]int {
		for _, r := range in.ByCategory {
			if r.Category == c {
				m := map[string]int{"total": r.Total, "unknown": r.Unknown}
				for _, o := range r.Outcomes {
					if o.N > 0 {
						m[o.Key] = o.N
					}
				}
				return m
			}
		}
		return nil
	}
	if diff := cmp.Diff(map[string]int{"total": 1, "unknown": 0, "abandoned": 1}, row(knowledge.CategoryOperationsScheduling)); diff != "" {
		t.Errorf("operations row (-want +got):\n%s", diff)
	}
	if row(knowledge.CategoryGovernance) != nil {
		t.Errorf("governance has a row, but no pilots")
	}
	nonzero := func(cs []handlers.Count) map[string]int {
		m := map[string]int{}
		for _, c := range cs {
			if c.N > 0 {
				m[c.Key] = c.N
			}
		}
		return m
	}
	if diff := cmp.Diff(map[string]int{"acute_trust": 2, "primary_care": 1}, nonzero(in.ByOrgType)); diff != "" {
		t.Errorf("by org type (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"workflow_fit": 1}, nonzero(in.StopReasons)); diff != "" {
		t.Errorf("stop reasons (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"anecdotal": 1, "internal_audit": 1, "service_evaluation": 1}, nonzero(in.Evidence)); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
	if len(in.LessonsPerMonth) != 12 || in.LessonsPerMonth[11].Key != "2026-03" || in.LessonsPerMonth[0].Key != "2025-04" {
		t.Fatalf("months %v, want the 12 months Apr 2025 to Mar 2026", in.LessonsPerMonth)
	}
	if diff := cmp.Diff(map[string]int{"2026-01": 1, "2026-02": 2}, nonzero(in.LessonsPerMonth)); diff != "" {
		t.Errorf("lessons per month (-want +got):\n%s", diff)
	}
	// The counts follow the index: a newly approved pilot counts at once.
	e := catalogueEntries()[0]
	e.ID, e.CreatedAt = "scribe-gp-two", knowledge.Day(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC))
	if err := a.store.Put(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	if err := a.SyncIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	in, err = a.Insights(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if in.Pilots != 4 || in.LessonsPerMonth[11].N != 1 {
		t.Errorf("after approving a pilot: %d pilots, %d in March; want 4 and 1", in.Pilots, in.LessonsPerMonth[11].N)
	}
	if p, err := a.Browse(t.Context(), handlers.BrowseRequest{}); err != nil || p.Total != 5 {
		t.Errorf("Browse after approving a pilot: %d entries, %v; want 5", p.Total, err)
	}
}

// TestModeratorInsights: questions asked on a chat surface are counted by
// ISO week and kind of answer (the command line's are not), ratings by
// week with a second vote replacing the first, and only moderators see any
// of it.
func TestModeratorInsights(t *testing.T) {
	a, clk := catalogueApp(t)
	ctx := t.Context()
	if _, err := a.ModeratorInsights(ctx, otherUser); !errors.Is(err, knowledge.ErrForbidden) {
		t.Fatalf("ModeratorInsights(member) = %v, want forbidden", err)
	}
	ask := func(user, q string) handlers.Answer {
		t.Helper()
		ans, err := a.Ask(ctx, handlers.AskRequest{Question: q, Asker: user, RecordGap: user != ""})
		if err != nil {
			t.Fatal(err)
		}
		return ans
	}
	// Week 11 (9 to 15 March): one answered, one nothing found.
	clk.Set(time.Date(2026, 3, 11, 10, 0, 0, 0, time.UTC))
	scribe := ask("U1", "ambient scribe in general practice")
	if !scribe.Confident() {
		t.Fatalf("scribe question = %s, want a confident answer", scribe.Confidence)
	}
	if got := ask("U2", "quantum blockchain for car parks"); got.Confidence != knowledge.ConfidenceNone {
		t.Fatalf("nonsense question = %s, want none", got.Confidence)
	}
	if err := a.RateAnswer(ctx, handlers.Feedback{AnswerID: scribe.ID, User: "U1", Helpful: false, Via: "button"}); err != nil {
		t.Fatal(err)
	}
	// Week 12: the same person changes their vote; another votes up.
	clk.Set(time.Date(2026, 3, 17, 10, 0, 0, 0, time.UTC))
	xray := ask("U3", "x-ray triage")
	ask("", "x-ray triage") // the command line: not counted
	for _, f := range []handlers.Feedback{{AnswerID: scribe.ID, User: "U1", Helpful: true}, {AnswerID: scribe.ID, User: "U4", Helpful: true}} {
		if err := a.RateAnswer(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC))
	mi, err := a.ModeratorInsights(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	if len(mi.Questions) != 12 || len(mi.Ratings) != 12 {
		t.Fatalf("weeks: %d questions, %d ratings; want 12 each", len(mi.Questions), len(mi.Ratings))
	}
	last2 := mi.Questions[10:]
	gotQ := []handlers.WeekAnswers{{Week: last2[0].Week, High: last2[0].High, Low: last2[0].Low, None: last2[0].None}, {Week: last2[1].Week, High: last2[1].High, Low: last2[1].Low, None: last2[1].None}}
	week12 := handlers.WeekAnswers{Week: "2026-W12"}
	switch xray.Confidence {
	case knowledge.ConfidenceHigh:
		week12.High = 1
	case knowledge.ConfidenceLow:
		week12.Low = 1
	default:
		week12.None = 1
	}
	wantQ := []handlers.WeekAnswers{{Week: "2026-W11", High: 1, None: 1}, week12}
	if diff := cmp.Diff(wantQ, gotQ); diff != "" {
		t.Errorf("questions per week (-want +got):\n%s", diff)
	}
	if got := mi.Questions[11].Start; !got.Equal(time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("week 12 starts %v, want Monday 16 March", got)
	}
	r := mi.Ratings[10:]
	gotR := [][2]int{{r[0].Up, r[0].Down}, {r[1].Up, r[1].Down}}
	// U1's vote of week 11 was replaced in week 12: it counts once, there.
	if diff := cmp.Diff([][2]int{{0, 0}, {2, 0}}, gotR); diff != "" {
		t.Errorf("ratings per week [up, down] (-want +got):\n%s", diff)
	}
	if len(mi.Gaps) == 0 || mi.Gaps[0].Count < 1 {
		t.Errorf("gaps = %+v, want the unanswered and unhelpful questions", mi.Gaps)
	}
	var due []string
	for _, s := range mi.Due {
		due = append(due, s.Source.ID)
	}
	// dpia-guide is guidance reviewed 1 Dec 2025: due 1 June 2026, not yet.
	if len(due) != 0 {
		t.Errorf("due for review = %v, want none on 18 March 2026", due)
	}
	clk.Set(time.Date(2027, 3, 18, 12, 0, 0, 0, time.UTC))
	mi, err = a.ModeratorInsights(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	if len(mi.Due) != 4 || mi.Due[0].Source.ID != "dpia-guide" || !mi.Due[0].Due.Equal(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("due a year later = %+v, want all four, the guidance first", mi.Due)
	}
}
