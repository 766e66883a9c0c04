package knowledge

import (
	"slices"
	"time"
)

// Entry is one item of the knowledge base: a pilot lesson, a use case, a
// piece of guidance or an insight. Its JSON form is the import/export format
// fixed in DESIGN.md; field order here is the order export writes.
type Entry struct {
	ID         string     `json:"id" yaml:"id"`
	Kind       Kind       `json:"kind" yaml:"kind"`
	Title      string     `json:"title" yaml:"title"`
	Summary    string     `json:"summary" yaml:"summary"`
	Body       string     `json:"body,omitempty" yaml:"body,omitempty"`
	Tags       []string   `json:"tags,omitempty" yaml:"tags,omitempty"`
	Category   Category   `json:"category,omitempty" yaml:"category,omitempty"`
	OrgType    OrgType    `json:"org_type,omitempty" yaml:"org_type,omitempty"`
	Stage      Stage      `json:"stage,omitempty" yaml:"stage,omitempty"`
	Outcome    Outcome    `json:"outcome,omitempty" yaml:"outcome,omitempty"`
	Evidence   Evidence   `json:"evidence,omitempty" yaml:"evidence,omitempty"`
	StopReason StopReason `json:"stop_reason,omitempty" yaml:"stop_reason,omitempty"`
	Source     string     `json:"source,omitempty" yaml:"source,omitempty"`
	URL        string     `json:"url,omitempty" yaml:"url,omitempty"`
	Contact    string     `json:"contact,omitempty" yaml:"contact,omitempty"`
	Status     Status     `json:"status,omitempty" yaml:"status,omitempty"`
	CreatedAt  Date       `json:"created_at,omitzero" yaml:"created_at,omitempty"`
	UpdatedAt  Date       `json:"updated_at,omitzero" yaml:"updated_at,omitempty"`
	ReviewedAt Date       `json:"reviewed_at,omitzero" yaml:"reviewed_at,omitempty"`
	ReviewDue  Date       `json:"review_due,omitzero" yaml:"review_due,omitempty"`
}

// Fields lists the entry's field names in export order. Import refuses any
// other name, so that a typo cannot silently drop data.
func Fields() []string {
	return []string{
		"id", "kind", "title", "summary", "body", "tags", "category", "org_type",
		"stage", "outcome", "evidence", "stop_reason", "source", "url", "contact",
		"status", "created_at", "updated_at", "reviewed_at", "review_due",
	}
}

// Clone returns a deep copy, so callers can change the copy's tags freely.
func (e Entry) Clone() Entry {
	e.Tags = slices.Clone(e.Tags)
	return e
}

// Approved reports whether the entry may be used in answers. Only approved
// entries ever are.
func (e Entry) Approved() bool { return e.Status == StatusApproved }

// Anonymous reports whether the entry has no contact to show. Answers show a
// contributor only through Contact, so an entry without one shows nobody.
func (e Entry) Anonymous() bool { return e.Contact == "" }

// DueForReview returns when the entry should next be reviewed: ReviewDue when
// set, otherwise six months after the last review for guidance (it changes
// every few months) and twelve months for everything else. The zero time
// means the entry has never been reviewed or dated.
func (e Entry) DueForReview() time.Time {
	if !e.ReviewDue.IsZero() {
		return e.ReviewDue.Time
	}
	base := e.ReviewedAt
	if base.IsZero() {
		base = e.UpdatedAt
	}
	if base.IsZero() {
		base = e.CreatedAt
	}
	if base.IsZero() {
		return time.Time{}
	}
	if e.Kind == KindGuidance {
		return base.AddDate(0, 6, 0)
	}
	return base.AddDate(1, 0, 0)
}

// LastReviewed is the date shown as "last reviewed" in answers: the review
// date, else the last update, else creation.
func (e Entry) LastReviewed() Date {
	for _, d := range []Date{e.ReviewedAt, e.UpdatedAt, e.CreatedAt} {
		if !d.IsZero() {
			return d
		}
	}
	return Date{}
}
