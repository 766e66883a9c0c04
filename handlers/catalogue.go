package handlers

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// The web catalogue's use cases: browsing the approved knowledge base by
// its facets, and one entry in full with its outcome history. Searching
// is Ask (with no Asker, so nothing is kept), exactly as in Slack.

// Filter restricts a catalogue view to entries with these values; an
// empty field matches anything.
type Filter struct {
	Kind     knowledge.Kind
	Category knowledge.Category
	OrgType  knowledge.OrgType
	Outcome  knowledge.Outcome
	Evidence knowledge.Evidence
	Stage    knowledge.Stage
}

// Facet names a field entries are filtered by, as in URLs.
type Facet string

// The facets, in the order the catalogue shows them.
const (
	FacetKind     Facet = "kind"
	FacetCategory Facet = "category"
	FacetOrgType  Facet = "org_type"
	FacetOutcome  Facet = "outcome"
	FacetEvidence Facet = "evidence"
	FacetStage    Facet = "stage"
)

// Facets lists every facet in display order.
func Facets() []Facet {
	return []Facet{FacetKind, FacetCategory, FacetOrgType, FacetOutcome, FacetEvidence, FacetStage}
}

// Get returns the filter's value for facet f ("" when unset).
func (f Filter) Get(facet Facet) string {
	switch facet {
	case FacetKind:
		return string(f.Kind)
	case FacetCategory:
		return string(f.Category)
	case FacetOrgType:
		return string(f.OrgType)
	case FacetOutcome:
		return string(f.Outcome)
	case FacetEvidence:
		return string(f.Evidence)
	case FacetStage:
		return string(f.Stage)
	}
	return ""
}

// With returns the filter with facet set to v ("" clears it).
func (f Filter) With(facet Facet, v string) Filter {
	switch facet {
	case FacetKind:
		f.Kind = knowledge.Kind(v)
	case FacetCategory:
		f.Category = knowledge.Category(v)
	case FacetOrgType:
		f.OrgType = knowledge.OrgType(v)
	case FacetOutcome:
		f.Outcome = knowledge.Outcome(v)
	case FacetEvidence:
		f.Evidence = knowledge.Evidence(v)
	case FacetStage:
		f.Stage = knowledge.Stage(v)
	}
	return f
}

// Check returns a *knowledge.Error naming the first facet whose value is
// not one of its known values, so a hand-edited link gets a clear answer.
func (f Filter) Check() error {
	for _, facet := range Facets() {
		v := f.Get(facet)
		if v != "" && !slices.ContainsFunc(FacetValues(facet), func(o FacetOption) bool { return o.Value == v }) {
			return knowledge.Errorf(knowledge.EInvalid, string(facet), "%s is not a known value of %s", v, facet.Label())
		}
	}
	return nil
}

// Empty reports whether the filter matches everything.
func (f Filter) Empty() bool { return f == Filter{} }

// Match reports whether e has every value the filter sets.
func (f Filter) Match(e knowledge.Entry) bool {
	return f.matchExcept(e, "")
}

// matchExcept is Match ignoring one facet (for facet counts).
func (f Filter) matchExcept(e knowledge.Entry, skip Facet) bool {
	for _, facet := range Facets() {
		if facet == skip {
			continue
		}
		if v := f.Get(facet); v != "" && v != entryValue(e, facet) {
			return false
		}
	}
	return true
}

func entryValue(e knowledge.Entry, facet Facet) string {
	return Filter{Kind: e.Kind, Category: e.Category, OrgType: e.OrgType, Outcome: e.Outcome, Evidence: e.Evidence, Stage: e.Stage}.Get(facet)
}

// Label is the facet in plain words.
func (f Facet) Label() string {
	switch f {
	case FacetKind:
		return "Kind"
	case FacetCategory:
		return "What the AI does"
	case FacetOrgType:
		return "Organisation type"
	case FacetOutcome:
		return "Outcome"
	case FacetEvidence:
		return "Evidence"
	case FacetStage:
		return "Adoption stage"
	}
	return string(f)
}

// FacetOption is one value of a facet, with how many entries have it.
type FacetOption struct {
	Value string
	Label string
	Count int
}

// FacetValues lists a facet's values in display order (counts zero).
func FacetValues(f Facet) []FacetOption {
	switch f {
	case FacetKind:
		return options(knowledge.Kinds())
	case FacetCategory:
		return options(knowledge.Categories())
	case FacetOrgType:
		return options(knowledge.OrgTypes())
	case FacetOutcome:
		return options(knowledge.Outcomes())
	case FacetEvidence:
		return options(knowledge.EvidenceLevels())
	case FacetStage:
		return options(knowledge.Stages())
	}
	return nil
}

func options[T interface {
	~string
	Label() string
}](vs []T) []FacetOption {
	out := make([]FacetOption, len(vs))
	for i, v := range vs {
		out[i] = FacetOption{Value: string(v), Label: v.Label()}
	}
	return out
}

// BrowseRequest asks for one page of the approved entries that match a
// filter.
type BrowseRequest struct {
	Filter  Filter
	Page    int // from 1
	PerPage int // default 20, at most 100
}

// BrowsePage is one page of a browse, newest reviewed first, with the
// counts of each facet value among the entries the other facets allow (so
// a link shows how many entries it leads to).
type BrowsePage struct {
	Sources []Source
	Total   int
	Page    int
	PerPage int
	Facets  map[Facet][]FacetOption
}

// Pages is how many pages the browse has (at least 1).
func (p BrowsePage) Pages() int { return max(1, (p.Total+p.PerPage-1)/p.PerPage) }

// snapshot is the catalogue's view of the index at one generation: the
// approved entries, newest reviewed first, with each one's facet values as
// option indexes, and which are due for review. Pages read it without
// copying 10,000 entries per request; it is rebuilt when the index
// changes. Its entries are shared: nothing may change them.
type snapshot struct {
	gen     uint64
	entries []knowledge.Entry
	facets  [][numFacets]int8 // index into FacetValues, -1: unset or unknown
	due     []int             // indexes of entries with a review date, soonest first
	dueAt   []time.Time       // due date of each entry
	// insights are the counts of this snapshot, for the month they were
	// counted in (lessons per month end at the current month).
	insights atomic.Pointer[monthInsights]
}

type monthInsights struct {
	month string
	v     Insights
}

const numFacets = 6

// catalogue returns the snapshot of the current index, building it when
// the index has changed since the last one. Two requests may build it at
// once; both results are right and the last one is kept.
func (a *App) catalogue() *snapshot {
	gen := a.sync.gen.Load()
	if s := a.snap.Load(); s != nil && s.gen == gen {
		return s
	}
	entries := a.index.Entries()
	reviewed := make(map[string]time.Time, len(entries))
	for _, e := range entries {
		reviewed[e.ID] = e.LastReviewed().Time
	}
	slices.SortFunc(entries, func(x, y knowledge.Entry) int {
		if c := reviewed[y.ID].Compare(reviewed[x.ID]); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
	s := &snapshot{gen: gen, entries: entries, facets: make([][numFacets]int8, len(entries)), dueAt: make([]time.Time, len(entries))}
	values := make([][]FacetOption, numFacets)
	for i, f := range Facets() {
		values[i] = FacetValues(f)
	}
	for i, e := range entries {
		for j, f := range Facets() {
			s.facets[i][j] = optionIndex(values[j], entryValue(e, f))
		}
		if due := e.DueForReview(); !due.IsZero() {
			s.dueAt[i] = due
			s.due = append(s.due, i)
		}
	}
	slices.SortFunc(s.due, func(x, y int) int {
		if c := s.dueAt[x].Compare(s.dueAt[y]); c != 0 {
			return c
		}
		return cmp.Compare(entries[x].ID, entries[y].ID)
	})
	a.snap.Store(s)
	return s
}

// optionIndex is v's place among a facet's options, -1 when absent.
func optionIndex(opts []FacetOption, v string) int8 {
	if v == "" {
		return -1
	}
	return int8(slices.IndexFunc(opts, func(o FacetOption) bool { return o.Value == v }))
}

// Browse returns a page of the approved entries matching req.Filter. Only
// approved entries are ever shown, as only they are ever answers.
func (a *App) Browse(ctx context.Context, req BrowseRequest) (BrowsePage, error) {
	if err := req.Filter.Check(); err != nil {
		return BrowsePage{}, err
	}
	if req.PerPage <= 0 {
		req.PerPage = 20
	}
	req.PerPage = min(req.PerPage, 100)
	req.Page = max(req.Page, 1)
	page := BrowsePage{Page: req.Page, PerPage: req.PerPage, Facets: map[Facet][]FacetOption{}}
	snap := a.catalogue()
	var want [numFacets]int8
	var counts [numFacets][]int
	for i, f := range Facets() {
		opts := FacetValues(f)
		page.Facets[f] = opts
		want[i] = optionIndex(opts, req.Filter.Get(f))
		counts[i] = make([]int, len(opts))
	}
	start := (req.Page - 1) * req.PerPage
	for i, fv := range snap.facets {
		// misses counts the facets the entry fails; it counts toward a
		// facet's options when it fails at most that facet.
		misses, missed := 0, -1
		for j := range numFacets {
			if want[j] >= 0 && fv[j] != want[j] {
				misses++
				missed = j
			}
		}
		if misses > 1 {
			continue
		}
		for j := range numFacets {
			if fv[j] >= 0 && (misses == 0 || missed == j) {
				counts[j][fv[j]]++
			}
		}
		if misses == 0 {
			if page.Total >= start && page.Total < start+req.PerPage {
				page.Sources = append(page.Sources, sourceOf(snap.entries[i], 0))
			}
			page.Total++
		}
	}
	for i, f := range Facets() {
		for j := range page.Facets[f] {
			page.Facets[f][j].Count = counts[i][j]
		}
	}
	return page, nil
}

// OutcomeChange is one step of a pilot's outcome history: what its author
// (or the import) said the outcome was, and when.
type OutcomeChange struct {
	Outcome    knowledge.Outcome    `json:"outcome"`
	StopReason knowledge.StopReason `json:"stop_reason,omitempty"`
	Evidence   knowledge.Evidence   `json:"evidence,omitempty"`
	At         time.Time            `json:"at"`
}

// EntryPage is one approved entry in full, for the catalogue.
type EntryPage struct {
	Entry knowledge.Entry
	// Source is the entry as an answer's source shows it (its facts).
	Source Source
	// History is the pilot's outcomes, oldest first; empty when it never
	// had one.
	History []OutcomeChange
	// Author is who shared the lesson, for moderators only: set even for
	// an anonymous lesson, whose Anonymous is then true. Members never
	// get it; they see Entry.Contact, which an anonymous lesson lacks.
	Author    string
	Anonymous bool
}

// CatalogueEntry returns an approved entry in full for viewer. A pending,
// rejected, withdrawn or unknown id is not found, for everyone.
func (a *App) CatalogueEntry(ctx context.Context, viewer, id string) (EntryPage, error) {
	e, ok := a.index.Get(id)
	if !ok {
		return EntryPage{}, knowledge.Errorf(knowledge.ENotFound, "", "There is no approved entry with that id.")
	}
	page := EntryPage{Entry: e, Source: sourceOf(e, 0)}
	hist, err := a.OutcomeHistory(ctx, e)
	if err != nil {
		return EntryPage{}, err
	}
	page.History = hist
	if a.IsModerator(viewer) {
		sub, err := a.submission(ctx, id)
		switch {
		case errors.Is(err, knowledge.ErrNotFound):
			// Imported or seeded: nobody shared it through Slack.
		case err != nil:
			return EntryPage{}, err
		default:
			page.Author, page.Anonymous = sub.Author, sub.Anonymous
		}
	}
	return page, nil
}

// OutcomeHistory returns a pilot's outcomes, oldest first: the ones kept
// since its author first updated it, or else the outcome it has now, dated
// when it was last reviewed.
func (a *App) OutcomeHistory(ctx context.Context, e knowledge.Entry) ([]OutcomeChange, error) {
	hist, found, err := a.outcomeHistories().Get(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	if found && len(hist) > 0 {
		return hist, nil
	}
	if e.Outcome == "" {
		return nil, nil
	}
	return []OutcomeChange{outcomeOf(e, e.LastReviewed().Time)}, nil
}

func outcomeOf(e knowledge.Entry, at time.Time) OutcomeChange {
	return OutcomeChange{Outcome: e.Outcome, StopReason: e.StopReason, Evidence: e.Evidence, At: at}
}

// recordOutcome adds an author's outcome update to the entry's history,
// starting the history with the outcome it replaced. Losing it costs only
// the history's detail, so a failure is logged, not returned.
func (a *App) recordOutcome(ctx context.Context, before, after knowledge.Entry, now time.Time) {
	hist, found, err := a.outcomeHistories().Get(ctx, after.ID)
	if err != nil {
		a.lg.Warn("could not read the outcome history", "entry_id", after.ID, "err", err)
		return
	}
	if !found && before.Outcome != "" {
		at := before.CreatedAt.Time
		if at.IsZero() {
			at = before.LastReviewed().Time
		}
		hist = append(hist, outcomeOf(before, at))
	}
	hist = append(hist, outcomeOf(after, now))
	if err := a.outcomeHistories().Set(ctx, after.ID, hist); err != nil {
		a.lg.Warn("could not keep the outcome history", "entry_id", after.ID, "err", err)
	}
}
