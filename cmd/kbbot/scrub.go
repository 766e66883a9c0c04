package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// privacyScreenVersion is the privacy screen's version: a new one makes
// serve screen every stored record again.
const privacyScreenVersion = privacy.Version

// scrubMetrics are the privacy migration's counts on /metrics.
type scrubMetrics struct {
	records *prometheus.CounterVec
	found   *prometheus.CounterVec
}

func newScrubMetrics(reg prometheus.Registerer) *scrubMetrics {
	m := &scrubMetrics{
		records: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_privacy_migration_records_total",
			Help: "Stored records the start-up privacy migration checked, redacted or deleted, by record kind.",
		}, []string{"kind", "action"}),
		found: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "kbbot_privacy_migration_identifiers_total",
			Help: "Identifiers the start-up privacy migration removed from stored records, by kind of identifier.",
		}, []string{"kind"}),
	}
	reg.MustRegister(m.records, m.found)
	return m
}

// scrubStore is the privacy migration at serve start-up, before serving:
// unless it was done for this screen version (by this replica or another),
// every record kbbot keeps is screened again and what the screen flags is
// redacted or deleted. It reports counts, never values, in one log line
// and on /metrics.
func scrubStore(ctx context.Context, lg *slog.Logger, store *redisstore.Store, reg prometheus.Registerer) error {
	m := newScrubMetrics(reg)
	lg.Info("privacy migration: checking stored records", "version", privacyScreenVersion)
	rep, err := store.Scrub(ctx, privacy.New(privacy.DefaultAllowList()), redisstore.ScrubConfig{Version: privacyScreenVersion})
	if err != nil {
		return fmt.Errorf("privacy migration: %w", err)
	}
	if !rep.Ran {
		lg.Info("privacy migration already done", "version", rep.Version)
		return nil
	}
	var kinds []any
	for _, kind := range slices.Sorted(maps.Keys(rep.Kinds)) {
		c := rep.Kinds[kind]
		name := strings.NewReplacer(":", "_", "-", "_").Replace(kind)
		kinds = append(kinds, slog.Group(name, "checked", c.Checked, "redacted", c.Redacted, "deleted", c.Deleted))
		m.records.WithLabelValues(kind, "checked").Add(float64(c.Checked))
		m.records.WithLabelValues(kind, "redacted").Add(float64(c.Redacted))
		m.records.WithLabelValues(kind, "deleted").Add(float64(c.Deleted))
	}
	var found []any
	for _, k := range slices.Sorted(maps.Keys(rep.Found)) {
		found = append(found, string(k), rep.Found[k])
		m.found.WithLabelValues(string(k)).Add(float64(rep.Found[k]))
	}
	lg.Info("privacy migration done", "version", rep.Version, "keys", rep.Keys, "ms", rep.Elapsed.Milliseconds(),
		slog.Group("kinds", kinds...), slog.Group("found", found...))
	if len(rep.InvalidEntries) > 0 {
		// Ids are safe to log: each passed the screen.
		lg.Warn("privacy migration: redacted entries need a moderator's edit to pass validation", "entry_ids", rep.InvalidEntries)
	}
	return nil
}
