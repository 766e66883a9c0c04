package redisstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// WorkerConfig sizes and times a process's workers on the queue.
type WorkerConfig struct {
	// Consumer names this process in the workers group; it must be unique
	// among the processes sharing the queue (host, pid and a random part).
	Consumer string
	// Workers is how many jobs run at once (default 16).
	Workers int
	// Lease is how long a running job may go unrenewed before another
	// worker takes it over (default 15 s). Running jobs are renewed every
	// Lease/3, so only a dead or cut-off worker loses its jobs.
	Lease time.Duration
	// MaxAttempts is how many deliveries a job gets before it is
	// dead-lettered (default 5).
	MaxAttempts int
	// JobTimeout bounds one job (default 30 s).
	JobTimeout time.Duration
	// Paused, when set and true, stops taking new jobs for now (the
	// knowledge base is being restored); jobs wait in the queue.
	Paused func() bool
	// Yield, when set and true, says the process has more urgent work
	// (acknowledging Slack): while it lasts at most yieldRunning jobs run
	// at once, so that a steady stream of deliveries slows answers down
	// but cannot stop them.
	Yield func() bool
}

// yieldRunning is how many jobs run at once while Yield says so.
const yieldRunning = 2

func (c *WorkerConfig) defaults() {
	if c.Workers <= 0 {
		c.Workers = 16
	}
	if c.Lease <= 0 {
		c.Lease = 15 * time.Second
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 30 * time.Second
	}
}

// pausePoll is how often paused (or yielding) workers look again.
const pausePoll = 5 * time.Millisecond

// Handler does the jobs.
type Handler struct {
	// Do does one job. nil means done (the job is acknowledged); an error
	// (a panic included) means this attempt failed and the job is tried
	// again, by any worker, until it has had MaxAttempts.
	Do func(ctx context.Context, j Job) error
	// GiveUp is told about a job dead-lettered after MaxAttempts, to tell
	// its user. It may be nil.
	GiveUp func(ctx context.Context, j Job)
}

// QueueMetrics are the work queue's Prometheus metrics.
type QueueMetrics struct {
	Reclaimed  prometheus.Counter
	DeadLetter prometheus.Counter
	Failed     prometheus.Counter
	HandedBack prometheus.Counter
	Full       prometheus.Counter
}

// NewQueueMetrics registers the queue's metrics on reg: counters of
// reclaimed, failed, handed-back and dead-lettered jobs and of refusals at
// the bound, and gauges of depth, pending jobs, the oldest job's age and
// the dead-letter list, read from Redis at each scrape.
func NewQueueMetrics(reg prometheus.Registerer, s *Store) *QueueMetrics {
	m := &QueueMetrics{
		Reclaimed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_queue_reclaimed_total", Help: "Jobs taken over from a worker that died, hung or handed them back.",
		}),
		DeadLetter: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_queue_dead_lettered_total", Help: "Jobs moved to the dead-letter list after failing every attempt (their users were told).",
		}),
		Failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_queue_failed_attempts_total", Help: "Job attempts that failed (a panic) and were queued again.",
		}),
		HandedBack: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_queue_handed_back_total", Help: "Running jobs handed back to other replicas at shutdown.",
		}),
		Full: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "kbbot_queue_full_total", Help: "Deliveries the queue refused at its bound (done in process instead).",
		}),
	}
	reg.MustRegister(m.Reclaimed, m.DeadLetter, m.Failed, m.HandedBack, m.Full, queueCollector{s: s})
	return m
}

// queueCollector reads the queue's state from Redis at each scrape.
type queueCollector struct{ s *Store }

var (
	queueDepthDesc   = prometheus.NewDesc("kbbot_queue_depth", "Outstanding jobs in the durable queue: waiting for a worker or running.", nil, nil)
	queuePendingDesc = prometheus.NewDesc("kbbot_queue_pending", "Jobs delivered to a worker and not yet finished.", nil, nil)
	queueOldestDesc  = prometheus.NewDesc("kbbot_queue_oldest_job_age_seconds", "Age of the oldest outstanding job (0 when the queue is empty).", nil, nil)
	queueDeadDesc    = prometheus.NewDesc("kbbot_queue_dead_letters", "Jobs in the dead-letter list.", nil, nil)
	queueUpDesc      = prometheus.NewDesc("kbbot_queue_stats_up", "1 when the queue's state could be read at this scrape.", nil, nil)
)

func (c queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- queueDepthDesc
	ch <- queuePendingDesc
	ch <- queueOldestDesc
	ch <- queueDeadDesc
	ch <- queueUpDesc
}

func (c queueCollector) Collect(ch chan<- prometheus.Metric) {
	// A scrape has no context of its own; bound the read instead.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	st, err := c.s.QueueStats(ctx)
	if err != nil {
		ch <- prometheus.MustNewConstMetric(queueUpDesc, prometheus.GaugeValue, 0)
		return
	}
	age := 0.0
	if !st.Oldest.IsZero() {
		age = max(0, c.s.now().Sub(st.Oldest).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(queueUpDesc, prometheus.GaugeValue, 1)
	ch <- prometheus.MustNewConstMetric(queueDepthDesc, prometheus.GaugeValue, float64(st.Depth))
	ch <- prometheus.MustNewConstMetric(queuePendingDesc, prometheus.GaugeValue, float64(st.Pending))
	ch <- prometheus.MustNewConstMetric(queueOldestDesc, prometheus.GaugeValue, age)
	ch <- prometheus.MustNewConstMetric(queueDeadDesc, prometheus.GaugeValue, float64(st.Dead))
}

// Workers run jobs from the queue: one reader takes as many jobs as there
// are free workers (jobs handed back or abandoned first, then new ones),
// and each runs on its own goroutine, renewed while it runs. Stop stops
// reading, lets running jobs finish while it can, and hands back the rest.
type Workers struct {
	s   *Store
	lg  *slog.Logger
	cfg WorkerConfig
	h   Handler
	m   *QueueMetrics

	stopRead  context.CancelFunc
	stopRenew context.CancelFunc
	readDone  chan struct{}
	slots     chan struct{}

	mu      sync.Mutex
	running map[string]*runningJob
	wg      sync.WaitGroup
}

// runningJob is a job in flight and how to cut it short.
type runningJob struct {
	job        Job
	cancel     context.CancelFunc
	handedBack bool
}

// StartWorkers starts cfg.Workers workers on the queue. Jobs run under base
// (each bounded by JobTimeout); cancel base only after Stop. m may be nil.
func (s *Store) StartWorkers(base context.Context, lg *slog.Logger, cfg WorkerConfig, h Handler, m *QueueMetrics) *Workers {
	cfg.defaults()
	if m == nil {
		m = NewQueueMetrics(prometheus.NewRegistry(), s)
	}
	readCtx, stopRead := context.WithCancel(base)
	renewCtx, stopRenew := context.WithCancel(base)
	w := &Workers{
		s: s, lg: lg, cfg: cfg, h: h, m: m,
		stopRead: stopRead, stopRenew: stopRenew, readDone: make(chan struct{}),
		slots:   make(chan struct{}, cfg.Workers),
		running: map[string]*runningJob{},
	}
	go w.read(readCtx, base)
	go w.renew(renewCtx)
	return w
}

// read takes jobs while there are free workers, until ctx ends.
func (w *Workers) read(ctx, base context.Context) {
	defer close(w.readDone)
	backoff := 100 * time.Millisecond
	lastReclaim := time.Time{}
	for ctx.Err() == nil {
		// Wait for one free worker, then count every other free one.
		select {
		case w.slots <- struct{}{}:
		case <-ctx.Done():
			return
		}
		free := 1
	more:
		for free < w.cfg.Workers {
			select {
			case w.slots <- struct{}{}:
				free++
			default:
				break more
			}
		}
		if w.cfg.Paused != nil && w.cfg.Paused() {
			w.release(free)
			if !sleep(ctx, pausePoll) {
				return
			}
			continue
		}
		if w.cfg.Yield != nil && w.cfg.Yield() {
			// More urgent work in the process: run at most yieldRunning
			// jobs at once until it passes.
			allowed := yieldRunning - w.Running()
			if allowed <= 0 {
				w.release(free)
				if !sleep(ctx, pausePoll) {
					return
				}
				continue
			}
			if free > allowed {
				w.release(free - allowed)
				free = allowed
			}
		}
		var jobs []Job
		var err error
		// Work that lost its worker comes first; look for it every second
		// (and at once again while there is more).
		if time.Since(lastReclaim) >= time.Second {
			jobs, err = w.s.ReclaimJobs(ctx, w.cfg.Consumer, w.cfg.Lease, free)
			if len(jobs) < free {
				lastReclaim = time.Now()
			}
			if len(jobs) > 0 {
				w.m.Reclaimed.Add(float64(len(jobs)))
				w.lg.Info("jobs reclaimed", "jobs", len(jobs), "consumer", w.cfg.Consumer)
			}
		}
		if err == nil && len(jobs) < free {
			var fresh []Job
			fresh, err = w.s.ReadJobs(ctx, w.cfg.Consumer, free-len(jobs), time.Second)
			jobs = append(jobs, fresh...)
		}
		if len(jobs) > 0 && w.cfg.Paused != nil && w.cfg.Paused() {
			// Paused while this read waited: the jobs go back, their
			// attempt not counted, for when the pause ends.
			if herr := w.s.HandBackJobs(ctx, jobs...); herr != nil {
				w.lg.Warn("could not hand back jobs read during a pause; they wait for their lease", "jobs", len(jobs), "err", herr)
			}
			jobs = nil
		}
		w.release(free - len(jobs))
		for _, j := range jobs {
			w.start(base, j)
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			w.lg.Warn("reading the work queue failed; retrying", "err", err, "retry_in", backoff.String())
			if !sleep(ctx, backoff) {
				return
			}
			backoff = min(backoff*2, 2*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
	}
}

func (w *Workers) release(n int) {
	for range n {
		<-w.slots
	}
}

// sleep waits d or until ctx ends, and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// start runs one job on its own goroutine, holding a worker slot. A job
// past its attempts is dead-lettered instead.
func (w *Workers) start(base context.Context, j Job) {
	ctx, cancel := context.WithTimeout(base, w.cfg.JobTimeout)
	rj := &runningJob{job: j, cancel: cancel}
	w.mu.Lock()
	w.running[j.ID] = rj
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		defer func() { <-w.slots }()
		defer cancel()
		defer func() {
			w.mu.Lock()
			delete(w.running, j.ID)
			w.mu.Unlock()
		}()
		if j.Attempt > w.cfg.MaxAttempts {
			w.deadLetter(ctx, j, fmt.Sprintf("failed %d attempts", j.Attempt-1))
			return
		}
		err := w.do(ctx, j)
		// Acknowledge on a context of its own: the job's may have run out.
		actx, acancel := context.WithTimeout(context.WithoutCancel(base), 5*time.Second)
		defer acancel()
		w.mu.Lock()
		handedBack := rj.handedBack
		w.mu.Unlock()
		switch {
		case handedBack:
			// Stop gave it to another worker; whatever it did is theirs
			// to finish.
		case err == nil:
			if err := w.s.FinishJob(actx, j.ID); err != nil {
				// It stays pending and is done again after the lease: the
				// handler's own records keep that from showing twice.
				w.lg.Error("job done but not acknowledged", "job_id", j.ID, "err", err)
			}
		default:
			w.m.Failed.Inc()
			w.lg.Error("job attempt failed", "job_id", j.ID, "attempt", j.Attempt, "err", err)
			if err := w.s.RetryJob(actx, j); err != nil {
				w.lg.Error("failed job not queued again at once; it will be after the lease", "job_id", j.ID, "err", err)
			}
		}
	}()
}

// do runs the handler, turning a panic into an error.
func (w *Workers) do(ctx context.Context, j Job) (err error) {
	defer func() {
		if p := recover(); p != nil {
			w.lg.Error("panic in job", "job_id", j.ID, "panic", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return w.h.Do(ctx, j)
}

// deadLetter moves a job past its attempts to the dead-letter list and
// tells its user through GiveUp.
func (w *Workers) deadLetter(ctx context.Context, j Job, reason string) {
	if err := w.s.DeadLetter(ctx, j, reason); err != nil {
		w.lg.Error("could not dead-letter a job", "job_id", j.ID, "err", err)
		return
	}
	w.m.DeadLetter.Inc()
	w.lg.Error("job dead-lettered", "job_id", j.ID, "attempts", j.Attempt-1, "reason", reason)
	if w.h.GiveUp == nil {
		return
	}
	defer func() {
		if p := recover(); p != nil {
			w.lg.Error("panic telling the user about a dead-lettered job", "job_id", j.ID, "panic", p)
		}
	}()
	w.h.GiveUp(ctx, j)
}

// renew keeps the running jobs' leases until ctx ends (the end of Stop).
func (w *Workers) renew(ctx context.Context) {
	t := time.NewTicker(w.cfg.Lease / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.renewNow(ctx)
	}
}

func (w *Workers) renewNow(ctx context.Context) {
	w.mu.Lock()
	ids := make([]string, 0, len(w.running))
	for id, rj := range w.running {
		if !rj.handedBack {
			ids = append(ids, id)
		}
	}
	w.mu.Unlock()
	if len(ids) == 0 {
		return
	}
	rctx, cancel := context.WithTimeout(ctx, w.cfg.Lease/3)
	defer cancel()
	n, err := w.s.RenewJobs(rctx, w.cfg.Consumer, ids...)
	switch {
	case err != nil:
		w.lg.Warn("could not renew running jobs", "jobs", len(ids), "err", err)
	case n < len(ids):
		w.lg.Warn("running jobs were taken over by another worker", "jobs", len(ids)-n)
	}
}

// Running reports how many jobs are running.
func (w *Workers) Running() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.running)
}

// Stop stops taking jobs and waits for the running ones until ctx ends;
// then it hands back those still running to the other replicas (their
// contexts are cancelled) and returns. It returns an error only if it
// could not hand them back; they are then reclaimed after the lease.
func (w *Workers) Stop(ctx context.Context) error {
	defer w.stopRenew()
	w.stopRead()
	<-w.readDone
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
		w.forget()
		return nil
	case <-ctx.Done():
	}
	w.mu.Lock()
	var back []Job
	for _, rj := range w.running {
		rj.handedBack = true
		rj.cancel()
		back = append(back, rj.job)
	}
	w.mu.Unlock()
	hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	err := w.s.HandBackJobs(hctx, back...)
	if err == nil {
		w.m.HandedBack.Add(float64(len(back)))
		w.lg.Info("running jobs handed back to the other replicas", "jobs", len(back))
		w.forget()
	} else {
		err = errors.Join(err, fmt.Errorf("redisstore: %d jobs left pending until their lease ends", len(back)))
	}
	// The handed-back jobs' goroutines see their cancelled contexts; give
	// them a moment to return so nothing they do outlives Stop by much.
	select {
	case <-done:
	case <-hctx.Done():
	}
	return err
}

// forget removes this process from the workers group once it owns nothing.
func (w *Workers) forget() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := w.s.DeleteConsumer(ctx, w.cfg.Consumer); err != nil {
		w.lg.Debug("could not leave the workers group", "err", err)
	}
}
