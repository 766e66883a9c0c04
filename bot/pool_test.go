package bot

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestPoolRecoversPanics: a panicking job is logged and counted, its
// apology runs, and the pool keeps working.
func TestPoolRecoversPanics(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry())
	p := newPool(slog.New(slog.DiscardHandler), m, 1, 10, time.Second)
	p.start(t.Context(), 1)
	apologised := make(chan struct{})
	if err := p.submit(poolJob{name: "boom", run: func(context.Context) { panic("boom") }, onPanic: func(context.Context) { close(apologised) }}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-apologised:
	case <-time.After(5 * time.Second):
		t.Fatal("the panicking job's apology never ran")
	}
	ran := make(chan struct{})
	if err := p.submit(poolJob{name: "after", run: func(context.Context) { close(ran) }}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("the pool stopped working after a panic")
	}
	if got := testutil.ToFloat64(m.Panics); got != 1 {
		t.Errorf("kbbot_panics_total = %v, want 1", got)
	}
	if err := p.shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := p.submit(poolJob{name: "late", run: func(context.Context) {}}); err != errBusy {
		t.Errorf("submit after shutdown = %v, want errBusy", err)
	}
}

// TestPoolFullRefuses: a full queue refuses at once rather than blocking
// the acknowledgement.
func TestPoolFullRefuses(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry())
	p := newPool(slog.New(slog.DiscardHandler), m, 1, 1, time.Second)
	// No workers started: the queue of one fills with one job.
	if err := p.submit(poolJob{name: "a", run: func(context.Context) {}}); err != nil {
		t.Fatal(err)
	}
	if err := p.submit(poolJob{name: "b", run: func(context.Context) {}}); err != errBusy {
		t.Errorf("second submit = %v, want errBusy", err)
	}
	if got := testutil.ToFloat64(m.JobsDropped); got != 1 {
		t.Errorf("kbbot_jobs_dropped_total = %v, want 1", got)
	}
}

// TestRecovererTurnsPanicInto500: a panic in an HTTP handler becomes a 500
// and a count, and the server goes on.
func TestRecovererTurnsPanicInto500(t *testing.T) {
	m := NewMetrics(prometheus.NewRegistry())
	b := &Bot{lg: slog.New(slog.DiscardHandler), m: m}
	h := b.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("status = %d, want 500", rec.Code)
	}
	if got := testutil.ToFloat64(m.Panics); got != 1 {
		t.Errorf("kbbot_panics_total = %v, want 1", got)
	}
}
