package bot

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"
)

// pool runs slow work in this process, on a fixed number of workers with
// a bounded queue and a per-job timeout: the fallback for when the durable
// queue cannot take a job (Redis unreachable), and the runner when no
// queue is configured. Shutdown stops taking jobs and waits, bounded, for
// those in flight.
type pool struct {
	lg      *slog.Logger
	m       *Metrics
	timeout time.Duration
	jobs    chan poolJob
	mu      sync.RWMutex // guards closed and sends on jobs
	closed  bool
	wg      sync.WaitGroup
}

// poolJob is one piece of slow work run in this process. onPanic, if set,
// runs after a panic was recovered, to apologise to the user.
type poolJob struct {
	name    string
	run     func(ctx context.Context)
	onPanic func(ctx context.Context)
}

// errBusy: the queue is full or the pool is shutting down.
var errBusy = errors.New("bot: too busy")

func newPool(lg *slog.Logger, m *Metrics, workers, queue int, timeout time.Duration) *pool {
	return &pool{lg: lg, m: m, timeout: timeout, jobs: make(chan poolJob, queue)}
}

// start runs the workers. Jobs run under base (not the request's context,
// which ends with the acknowledgement), so shutting down the listener does
// not cancel work in flight.
func (p *pool) start(base context.Context, workers int) {
	for range workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				p.runJob(base, j)
			}
		}()
	}
}

func (p *pool) runJob(base context.Context, j poolJob) {
	ctx, cancel := context.WithTimeout(base, p.timeout)
	defer cancel()
	p.m.JobsRunning.Inc()
	defer p.m.JobsRunning.Dec()
	defer func() {
		if r := recover(); r != nil {
			p.m.Panics.Inc()
			p.lg.Error("panic in job", "job", j.name, "panic", r, "stack", string(debug.Stack()))
			if j.onPanic != nil {
				// A fresh context: the job's may be what ran out.
				actx, acancel := context.WithTimeout(base, 10*time.Second)
				defer acancel()
				func() {
					defer func() { _ = recover() }()
					j.onPanic(actx)
				}()
			}
		}
	}()
	j.run(ctx)
}

// submit queues a job, or returns errBusy at once when the queue is full or
// the pool is shutting down: the caller has acknowledged Slack already and
// must not block.
func (p *pool) submit(j poolJob) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		p.m.JobsDropped.Inc()
		return errBusy
	}
	select {
	case p.jobs <- j:
		return nil
	default:
		p.m.JobsDropped.Inc()
		return errBusy
	}
}

// shutdown stops taking jobs and waits until the queued and running jobs
// finish or ctx ends.
func (p *pool) shutdown(ctx context.Context) error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.jobs)
	}
	p.mu.Unlock()
	done := make(chan struct{})
	go func() { p.wg.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
