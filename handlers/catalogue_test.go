package handlers_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// catalogueEntries are approved entries with known facets, and one
// pending one that must never show.
func catalogueEntries() []knowledge.Entry {
	day := func(s string) knowledge.Date { d, _ := knowledge.ParseDate(s); return d }
	return []knowledge.Entry{
		{ID: "scribe-gp", Kind: knowledge.KindPilot, Title: "Ambient scribe in general practice", Summary: "Twelve GPs used an ambient scribe.",
			Category: knowledge.CategoryClinicalDocumentation, OrgType: knowledge.OrgPrimaryCare, Stage: knowledge.StagePilot,
			Outcome: knowledge.OutcomeSuccess, Evidence: knowledge.EvidenceInternalAudit, Contact: "UCONTACT", Status: knowledge.StatusApproved,
			CreatedAt: day("2026-01-10"), ReviewedAt: day("2026-02-01")},
		{ID: "xray-triage", Kind: knowledge.KindPilot, Title: "Chest x-ray triage", Summary: "AI triage of chest x-rays cleared a backlog.",
			Category: knowledge.CategoryDiagnosticsImaging, OrgType: knowledge.OrgAcuteTrust, Stage: knowledge.StageModerate,
			Outcome: knowledge.OutcomeSuccess, Evidence: knowledge.EvidenceServiceEvaluation, Status: knowledge.StatusApproved,
			CreatedAt: day("2026-02-10"), ReviewedAt: day("2026-03-01")},
		{ID: "dna-predict", Kind: knowledge.KindPilot, Title: "Predicting missed appointments", Summary: "Stopped: the model did not fit the booking workflow.",
			Category: knowledge.CategoryOperationsScheduling, OrgType: knowledge.OrgAcuteTrust, Stage: knowledge.StagePilot,
			Outcome: knowledge.OutcomeAbandoned, StopReason: knowledge.StopWorkflowFit, Evidence: knowledge.EvidenceAnecdotal, Status: knowledge.StatusApproved,
			CreatedAt: day("2026-02-20"), ReviewedAt: day("2026-02-20")},
		{ID: "dpia-guide", Kind: knowledge.KindGuidance, Title: "Doing a DPIA for AI", Summary: "Start the DPIA before the pilot.",
			Category: knowledge.CategoryGovernance, Status: knowledge.StatusApproved, ReviewedAt: day("2025-12-01")},
		{ID: "secret-draft", Kind: knowledge.KindPilot, Title: "Pending lesson", Summary: "Not yet approved.",
			Category: knowledge.CategoryClinicalDocumentation, Outcome: knowledge.OutcomeSuccess, Status: knowledge.StatusPending},
	}
}

// catalogueApp is an App over catalogueEntries only, at a fixed time, with
// mod as its moderator.
func catalogueApp(t testing.TB) (*testApp, *clock) {
	t.Helper()
	clk := &clock{t: time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)}
	a := curationAppOn(t, clk)
	if err := a.store.Put(t.Context(), catalogueEntries()...); err != nil {
		t.Fatal(err)
	}
	if err := a.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	return a, clk
}

// curationAppOn is curationApp for any testing.TB, on a fresh Redis.
func curationAppOn(t testing.TB, clk *clock) *testApp {
	t.Helper()
	store := redisstore.New(redistest.Client(t), "kb", redisstore.WithClock(clk.Now))
	app := buildApp(t, handlers.Deps{Store: store, Moderators: []string{mod}, Now: clk.Now})
	if err := app.LoadIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	return &testApp{App: app, store: store}
}

func browseIDs(p handlers.BrowsePage) []string {
	var ids []string
	for _, s := range p.Sources {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestBrowseFilters(t *testing.T) {
	a, _ := catalogueApp(t)
	for _, tc := range []struct {
		name   string
		filter handlers.Filter
		want   []string
	}{
		{"everything approved, newest reviewed first", handlers.Filter{}, []string{"xray-triage", "dna-predict", "scribe-gp", "dpia-guide"}},
		{"kind", handlers.Filter{Kind: knowledge.KindGuidance}, []string{"dpia-guide"}},
		{"category", handlers.Filter{Category: knowledge.CategoryClinicalDocumentation}, []string{"scribe-gp"}},
		{"org type and outcome", handlers.Filter{OrgType: knowledge.OrgAcuteTrust, Outcome: knowledge.OutcomeAbandoned}, []string{"dna-predict"}},
		{"evidence", handlers.Filter{Evidence: knowledge.EvidenceServiceEvaluation}, []string{"xray-triage"}},
		{"stage", handlers.Filter{Stage: knowledge.StagePilot}, []string{"dna-predict", "scribe-gp"}},
		{"nothing matches", handlers.Filter{Kind: knowledge.KindInsight}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := a.Browse(t.Context(), handlers.BrowseRequest{Filter: tc.filter})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, browseIDs(p)); diff != "" {
				t.Errorf("Browse(%+v) ids (-want +got):\n%s", tc.filter, diff)
			}
			if p.Total != len(tc.want) {
				t.Errorf("Total = %d, want %d", p.Total, len(tc.want))
			}
		})
	}
	t.Run("facet counts ignore their own facet", func(t *testing.T) {
		p, err := a.Browse(t.Context(), handlers.BrowseRequest{Filter: handlers.Filter{OrgType: knowledge.OrgAcuteTrust}})
		if err != nil {
			t.Fatal(err)
		}
		count := func(f handlers.Facet, v string) int {
			i := slices.IndexFunc(p.Facets[f], func(o handlers.FacetOption) bool { return o.Value == v })
			return p.Facets[f][i].Count
		}
		// Two acute trust entries, one primary care: the org type facet
		// counts every org type; the outcome facet only acute trusts'.
		if got := count(handlers.FacetOrgType, "acute_trust"); got != 2 {
			t.Errorf("acute_trust count = %d, want 2", got)
		}
		if got := count(handlers.FacetOrgType, "primary_care"); got != 1 {
			t.Errorf("primary_care count = %d, want 1", got)
		}
		if got := count(handlers.FacetOutcome, "success"); got != 1 {
			t.Errorf("success count among acute trusts = %d, want 1", got)
		}
	})
	t.Run("pages", func(t *testing.T) {
		p, err := a.Browse(t.Context(), handlers.BrowseRequest{PerPage: 3, Page: 2})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{"dpia-guide"}, browseIDs(p)); diff != "" || p.Pages() != 2 || p.Total != 4 {
			t.Errorf("page 2 of 3 a page = %v (pages %d, total %d); want [dpia-guide], 2 pages, 4 in all", browseIDs(p), p.Pages(), p.Total)
		}
	})
	t.Run("unknown value is a clear error", func(t *testing.T) {
		_, err := a.Browse(t.Context(), handlers.BrowseRequest{Filter: handlers.Filter{Outcome: "wonderful"}})
		var ke *knowledge.Error
		if !errors.As(err, &ke) || ke.Kind != knowledge.EInvalid || ke.Field != "outcome" {
			t.Errorf("Browse with outcome=wonderful: %v, want EInvalid on outcome", err)
		}
	})
}

func TestAskFiltersByEvidenceAndStage(t *testing.T) {
	a, _ := catalogueApp(t)
	ask := func(req handlers.AskRequest) handlers.Answer {
		t.Helper()
		ans, err := a.Ask(t.Context(), req)
		if err != nil {
			t.Fatal(err)
		}
		return ans
	}
	q := "ambient scribe in general practice"
	if ans := ask(handlers.AskRequest{Question: q}); !slices.Contains(sourceIDs(ans), "scribe-gp") {
		t.Fatalf("unfiltered %q found %v, want scribe-gp", q, sourceIDs(ans))
	}
	if ans := ask(handlers.AskRequest{Question: q, Evidence: knowledge.EvidenceInternalAudit, Stage: knowledge.StagePilot}); !slices.Contains(sourceIDs(ans), "scribe-gp") {
		t.Errorf("filtered to its evidence and stage, %q found %v, want scribe-gp", q, sourceIDs(ans))
	}
	ans := ask(handlers.AskRequest{Question: q, Evidence: knowledge.EvidenceRCT})
	if slices.Contains(sourceIDs(ans), "scribe-gp") || (len(ans.Sources) == 0 && ans.Confidence != knowledge.ConfidenceNone) {
		t.Errorf("filtered to RCTs, %q = %v (%s); want no scribe-gp, and none when empty", q, sourceIDs(ans), ans.Confidence)
	}
	ans = ask(handlers.AskRequest{Question: q, Stage: knowledge.StageBusinessAsUsual})
	if len(ans.Sources) != 0 || ans.Confidence != knowledge.ConfidenceNone || ans.Text != handlers.NothingFoundText {
		t.Errorf("filtered to business as usual, %q = %v (%s); want nothing found", q, sourceIDs(ans), ans.Confidence)
	}
}

func TestCatalogueEntry(t *testing.T) {
	clk := &clock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	a := curationAppOn(t, clk)
	ctx := t.Context()
	if err := a.store.Put(ctx, catalogueEntries()...); err != nil {
		t.Fatal(err)
	}
	named := a.shareApproved(t, author, "Ambient scribe across four practices", "ongoing")
	form := lessonForm("Voice recognition in outpatient letters", "too_early")
	form.Anonymous = true
	anon, err := a.SubmitLesson(ctx, otherUser, form)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Approve(ctx, mod, anon.ID); err != nil {
		t.Fatal(err)
	}
	a.FinishDecision(ctx, anon.ID)
	if err := a.LoadIndex(ctx); err != nil {
		t.Fatal(err)
	}

	t.Run("not approved is not found", func(t *testing.T) {
		for _, viewer := range []string{otherUser, mod} {
			if _, err := a.CatalogueEntry(ctx, viewer, "secret-draft"); !errors.Is(err, knowledge.ErrNotFound) {
				t.Errorf("CatalogueEntry(%s, pending) = %v, want ENotFound", viewer, err)
			}
		}
	})
	t.Run("anonymous author for moderators only", func(t *testing.T) {
		member, err := a.CatalogueEntry(ctx, author, anon.ID)
		if err != nil {
			t.Fatal(err)
		}
		if member.Author != "" || member.Entry.Contact != "" || member.Source.Contact != "" {
			t.Errorf("member sees author %q contact %q/%q of an anonymous lesson; want none", member.Author, member.Entry.Contact, member.Source.Contact)
		}
		modView, err := a.CatalogueEntry(ctx, mod, anon.ID)
		if err != nil {
			t.Fatal(err)
		}
		if modView.Author != otherUser || !modView.Anonymous {
			t.Errorf("moderator sees author %q anonymous %v; want %s, true", modView.Author, modView.Anonymous, otherUser)
		}
		pub, err := a.CatalogueEntry(ctx, otherUser, named.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pub.Entry.Contact != author || pub.Author != "" {
			t.Errorf("named lesson: contact %q author %q; want contact %s and no author field for a member", pub.Entry.Contact, pub.Author, author)
		}
	})
	t.Run("outcome history", func(t *testing.T) {
		page, err := a.CatalogueEntry(ctx, otherUser, named.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.History) != 1 || page.History[0].Outcome != knowledge.OutcomeOngoing {
			t.Fatalf("history before any update = %+v, want the one ongoing outcome", page.History)
		}
		clk.Set(time.Date(2026, 4, 6, 9, 0, 0, 0, time.UTC))
		if _, err := a.UpdateOutcome(ctx, author, named.ID, handlers.OutcomeUpdate{Outcome: "mixed", Evidence: "service_evaluation"}); err != nil {
			t.Fatal(err)
		}
		clk.Set(time.Date(2026, 7, 6, 9, 0, 0, 0, time.UTC))
		if _, err := a.UpdateOutcome(ctx, author, named.ID, handlers.OutcomeUpdate{Outcome: "abandoned", StopReason: "cost_funding"}); err != nil {
			t.Fatal(err)
		}
		if err := a.SyncIndex(ctx); err != nil {
			t.Fatal(err)
		}
		page, err = a.CatalogueEntry(ctx, otherUser, named.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range page.History {
			got = append(got, fmt.Sprintf("%s %s %s %s", h.At.Format(time.DateOnly), h.Outcome, h.StopReason, h.Evidence))
		}
		want := []string{
			"2026-01-05 ongoing  internal_audit",
			"2026-04-06 mixed  service_evaluation",
			"2026-07-06 abandoned cost_funding service_evaluation",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("outcome history (-want +got):\n%s", diff)
		}
	})
}
