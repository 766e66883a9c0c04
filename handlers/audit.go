package handlers

import (
	"context"
	"encoding/json"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Audit actions.
const (
	ActionSubmit        = "submit"
	ActionApprove       = "approve"
	ActionReject        = "reject"
	ActionEdit          = "edit"
	ActionWithdraw      = "withdraw"
	ActionUpdateOutcome = "update_outcome"
	ActionMarkReviewed  = "mark_reviewed"
	ActionArchive       = "archive"
)

// AuditRecord is one line of the moderation audit log: who did what to
// which entry, when, and the status before and after. It holds ids and
// statuses only, never lesson text, so a withdrawn lesson survives here as
// an id alone.
type AuditRecord struct {
	At      time.Time        `json:"at"`
	Actor   string           `json:"actor"`
	Action  string           `json:"action"`
	EntryID string           `json:"entry_id"`
	Before  knowledge.Status `json:"before,omitempty"`
	After   knowledge.Status `json:"after,omitempty"`
	// Reason is a rejection reason (already privacy-screened).
	Reason string `json:"reason,omitempty"`
}

func (a *App) audit(ctx context.Context, r AuditRecord) error {
	if r.At.IsZero() {
		r.At = a.now().UTC()
	}
	return a.store.AppendAudit(ctx, r)
}

// Audit returns the audit log, oldest first, from since on (zero: all).
func (a *App) Audit(ctx context.Context, since time.Time) ([]AuditRecord, error) {
	var out []AuditRecord
	err := a.store.Audit(ctx, func(b []byte) error {
		var r AuditRecord
		if err := json.Unmarshal(b, &r); err != nil {
			return err
		}
		if !r.At.Before(since) {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}
