package handlers

import (
	"context"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Stats counts the approved knowledge base by kind, category, pilot outcome
// and organisation type, for /kb stats.
type Stats struct {
	Total      int
	ByKind     map[knowledge.Kind]int
	ByCategory map[knowledge.Category]int
	ByOutcome  map[knowledge.Outcome]int
	ByOrgType  map[knowledge.OrgType]int
	Pending    int
}

// Stats returns the counts. Only approved entries count, as only they are
// ever answers; Pending says how many wait for review.
func (a *App) Stats(ctx context.Context) (Stats, error) {
	st := Stats{
		ByKind: map[knowledge.Kind]int{}, ByCategory: map[knowledge.Category]int{},
		ByOutcome: map[knowledge.Outcome]int{}, ByOrgType: map[knowledge.OrgType]int{},
	}
	for _, e := range a.index.Entries() {
		st.Total++
		st.ByKind[e.Kind]++
		if e.Category != "" {
			st.ByCategory[e.Category]++
		}
		if e.Outcome != "" {
			st.ByOutcome[e.Outcome]++
		}
		if e.OrgType != "" {
			st.ByOrgType[e.OrgType]++
		}
	}
	counts, err := a.store.CountByStatus(ctx)
	if err != nil {
		return st, err
	}
	st.Pending = counts[knowledge.StatusPending]
	return st, nil
}
