package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// The measures, by id (the JSON's "metric"); the suffix is the unit.
const (
	kbP50         = "kb_answer_p50_ms"
	kbP99         = "kb_answer_p99_ms"
	serveHealthz  = "serve_healthz_s"
	serveReadyz   = "serve_readyz_s"
	servePeak     = "serve_peak_mib"
	serveEndPeak  = "serve_end_peak_mib"
	serveRSS      = "serve_ready_rss_mib"
	againHealthz  = "restart_healthz_s"
	againReadyz   = "restart_readyz_s"
	againPeak     = "restart_peak_mib"
	againRSS      = "restart_ready_rss_mib"
	limitHealthz  = "memlimit_healthz_s"
	limitReadyz   = "memlimit_readyz_s"
	limitPeak     = "memlimit_peak_mib"
	limitRSS      = "memlimit_ready_rss_mib"
	limitEndPeak  = "memlimit_end_peak_mib"
	reimportSecs  = "reimport_s"
	caughtUpSecs  = "reimport_caught_up_s"
	askSeconds    = "ask_s"
	askPeak       = "ask_peak_mib"
	exportSeconds = "export_s"
	exportPeak    = "export_peak_mib"
	importSeconds = "import_s"
	importPeak    = "import_peak_mib"
)

// namespace is KBBOT_NAMESPACE for every child (the tool's Redis is its
// own, and each binary has its own databases).
const namespace = "kbscale"

// warmQuestions are /kb questions asked before the timed ones.
const warmQuestions = 5

// measurer holds what every measurement shares.
type measurer struct {
	o         options
	redis     *redisServer
	slack     *fakeSlack
	tmp       string
	questions []string
	rep       *report
	progress  io.Writer
	// corpus is, at the current size, the corpus file each binary
	// imports (by label), and entries how many entries it holds: the
	// generated corpus less any entries that binary refused.
	corpus  map[string]string
	entries map[string]int
	// generated is the current size's generated corpus, and filtered
	// the copies made without refused entries.
	generated string
	filtered  []string
	// noSnapshots names the binaries that wrote no index snapshot within
	// snapshotWait once: they are not waited for again.
	noSnapshots map[string]bool
}

// snapshotWait is how long a serve is given to write its index snapshot
// (after a build) before it is stopped, so that the next start finds it
// as it would in a deployment; caughtUpWait how long it is given to
// follow a re-import of the whole corpus.
const (
	snapshotWait = 60 * time.Second
	caughtUpWait = 3 * time.Minute
)

// measure runs every measurement of o and returns the report.
func measure(ctx context.Context, o options, progress io.Writer) (*report, error) {
	rep := &report{Started: time.Now(), Cores: runtime.NumCPU(), Runs: o.runs, Sizes: o.sizes, AskQuestion: o.question, Questions: o.questions, MemLimit: o.memLimit}
	var err error
	if rep.LoadStart, err = loadAverage(); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "kbbot-scale-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	m := &measurer{o: o, tmp: tmp, rep: rep, progress: progress, slack: newFakeSlack(), noSnapshots: map[string]bool{}}
	defer m.slack.close()
	if err := os.Mkdir(filepath.Join(tmp, "redis"), 0o700); err != nil {
		return nil, err
	}
	if m.redis, err = startRedis(ctx, filepath.Join(tmp, "redis"), max(16, 2*len(o.bins))); err != nil {
		return nil, err
	}
	defer m.redis.stop()
	rep.Redis = m.redis.version(ctx)
	for _, b := range o.bins {
		b.Version = m.version(ctx, b)
		rep.Binaries = append(rep.Binaries, b)
	}
	if o.questions > 0 {
		if m.questions, err = searchtest.BenchQuestions(); err != nil {
			return nil, fmt.Errorf("the /kb questions (run from the module, or -questions 0): %w", err)
		}
	}
	m.logf("load average %.2f %.2f %.2f; %d cores; redis-server %s on %s", rep.LoadStart[0], rep.LoadStart[1], rep.LoadStart[2], rep.Cores, rep.Redis, m.redis.addr)
	for _, size := range o.sizes {
		if err := m.measureSize(ctx, size); err != nil {
			return nil, err
		}
	}
	if rep.LoadEnd, err = loadAverage(); err != nil {
		return nil, err
	}
	rep.Finished = time.Now()
	if self, err := readMem(0); err == nil {
		rep.ToolPeakMiB = mib(self.HWM)
	}
	m.logf("done in %v; load average %.2f %.2f %.2f", rep.Finished.Sub(rep.Started).Round(time.Second), rep.LoadEnd[0], rep.LoadEnd[1], rep.LoadEnd[2])
	return rep, nil
}

// measureSize measures every binary at one size, runs interleaved (run 1
// of each binary, then run 2 …) so that the machine's noise falls on each
// alike.
func (m *measurer) measureSize(ctx context.Context, size int) error {
	corpus := filepath.Join(m.tmp, fmt.Sprintf("corpus-%d.jsonl", size))
	m.logf("%s: writing the corpus", sizeLabel(size))
	if err := writeCorpus(corpus, size); err != nil {
		return err
	}
	m.generated, m.filtered = corpus, nil
	m.corpus, m.entries = map[string]string{}, map[string]int{}
	for _, b := range m.o.bins {
		m.corpus[b.Label], m.entries[b.Label] = corpus, size
	}
	defer func() {
		os.Remove(corpus)
		for _, path := range m.filtered {
			os.Remove(path)
		}
	}()
	for run := 1; run <= m.o.runs; run++ {
		for i, b := range m.o.bins {
			if err := ctx.Err(); err != nil {
				return err
			}
			m.measureRun(ctx, i, b, size, run)
		}
	}
	// A fresh database for the next size.
	for db := range 2 * len(m.o.bins) {
		if err := m.redis.flush(ctx, db); err != nil {
			return err
		}
	}
	return nil
}

// measureRun is one run of one binary at one size. Binary i imports into
// database 2i+1, which is kept as the import left it; each first start
// runs on database 2i, restored from it.
func (m *measurer) measureRun(ctx context.Context, i int, b binary, size, run int) {
	pristine, work := 2*i+1, 2*i
	at := fmt.Sprintf("%s %s run %d/%d", b.Label, sizeLabel(size), run, m.o.runs)
	fail := func(err error, metrics ...string) {
		m.logf("%s: FAILED: %v", at, err)
		for _, id := range metrics {
			m.rep.fail(b.Label, size, id, run, err)
		}
	}
	all := []string{kbP50, kbP99, serveHealthz, serveReadyz, servePeak, serveRSS, serveEndPeak, againHealthz, againReadyz, againPeak, againRSS,
		limitHealthz, limitReadyz, limitPeak, limitRSS, limitEndPeak, reimportSecs, caughtUpSecs, askSeconds, askPeak, exportSeconds, exportPeak}

	// import into an empty database.
	one, err := m.importCorpus(ctx, b, pristine, size, at)
	if err == nil {
		err = m.expectKeys(ctx, pristine)
	}
	if err != nil {
		fail(err, importSeconds, importPeak)
		fail(errors.New("no data: the import failed"), all...)
		return
	}
	m.add(b, size, importSeconds, one.wall.Seconds(), importPeak, mib(one.peakKiB))
	m.logf("%s: import %.2f s, peak %.0f MiB", at, one.wall.Seconds(), mib(one.peakKiB))

	// The first start, with /kb timed while it runs, then a second start
	// on the data the first one leaves.
	if err := m.redis.restore(ctx, pristine, work); err != nil {
		fail(err, all...)
		return
	}
	var kb []time.Duration
	var kbErr error
	var counts map[string]int
	askAll := func(ctx context.Context, r running) error {
		if m.o.questions > 0 {
			kb, kbErr = m.slack.kbLatencies(ctx, r.addr, m.questions, m.o.questions, warmQuestions)
			if kbErr == nil {
				counts, kbErr = checkAnswered(ctx, r.addr, m.o.questions+warmQuestions)
			}
		}
		_, err := m.awaitSnapshot(ctx, b, work, "", at)
		return err
	}
	if st, err := m.serve(ctx, b, work, nil, askAll); err != nil {
		fail(err, kbP50, kbP99, serveHealthz, serveReadyz, servePeak, serveRSS, serveEndPeak)
	} else {
		m.addStart(b, size, at, "serve", st, serveHealthz, serveReadyz, servePeak, serveRSS)
		m.rep.add(b.Label, size, serveEndPeak, mib(st.endPeakKiB))
		m.logf("%s: serve peak %.0f MiB by its end (the /kb questions, its snapshot)", at, mib(st.endPeakKiB))
		switch {
		case m.o.questions == 0:
		case kbErr != nil:
			fail(kbErr, kbP50, kbP99)
		default:
			p50, p99 := ms(percentile(kb, 50)), ms(percentile(kb, 99))
			m.add(b, size, kbP50, p50, kbP99, p99)
			m.logf("%s: /kb answer p50 %.2f ms, p99 %.2f ms (%d questions; answers found %d, not sure %d, not found %d)",
				at, p50, p99, len(kb), counts["found"], counts["not_sure"], counts["not_found"])
		}
	}
	if st, err := m.serve(ctx, b, work, nil, nil); err != nil {
		fail(err, againHealthz, againReadyz, againPeak, againRSS)
	} else {
		m.addStart(b, size, at, "second serve", st, againHealthz, againReadyz, againPeak, againRSS)
	}

	// A first start again, under the shipped memory limit.
	if err := m.redis.restore(ctx, pristine, work); err != nil {
		fail(err, limitHealthz, limitReadyz, limitPeak, limitRSS, askSeconds, askPeak, exportSeconds, exportPeak)
		return
	}
	// Under it, the whole corpus imported again while it serves, as a
	// moderator restoring a backup would (every entry replaced).
	reimport := func(ctx context.Context, r running) error {
		snap, err := m.awaitSnapshot(ctx, b, work, "", at)
		if err != nil {
			return err
		}
		marks, _ := r.caughtUp.count()
		one, err := m.oneShot(ctx, b, work, io.Discard, "import", m.corpus[b.Label])
		if err != nil {
			return fmt.Errorf("import again: %w", err)
		}
		m.rep.add(b.Label, size, reimportSecs, one.wall.Seconds())
		caught, err := m.awaitCaughtUp(ctx, r, marks)
		if err != nil {
			return err
		}
		m.rep.add(b.Label, size, caughtUpSecs, caught.Seconds())
		m.logf("%s: import again into the running serve %.2f s; serve caught up %.2f s after it", at, one.wall.Seconds(), caught.Seconds())
		if _, how := r.caughtUp.count(); how == markBuilt && snap != "" {
			// It rebuilt, so it writes a snapshot now (one that is only
			// patched writes one later: the old one still loads).
			_, err = m.awaitSnapshot(ctx, b, work, snap, at)
		}
		return err
	}
	if st, err := m.serve(ctx, b, work, map[string]string{"GOMEMLIMIT": m.o.memLimit}, reimport); err != nil {
		fail(err, limitHealthz, limitReadyz, limitPeak, limitRSS, limitEndPeak, reimportSecs, caughtUpSecs)
	} else {
		m.addStart(b, size, at, "GOMEMLIMIT serve", st, limitHealthz, limitReadyz, limitPeak, limitRSS)
		m.rep.add(b.Label, size, limitEndPeak, mib(st.endPeakKiB))
		m.logf("%s: GOMEMLIMIT serve peak %.0f MiB by its end (its snapshot, the import again, the next snapshot)", at, mib(st.endPeakKiB))
	}

	// One-shot commands on the data a server has run on (as in a
	// deployment).
	var out bytes.Buffer
	if one, err := m.oneShot(ctx, b, work, &out, "ask", "--json", m.o.question); err != nil {
		fail(err, askSeconds, askPeak)
	} else if err := checkAnswer(out.Bytes()); err != nil {
		fail(err, askSeconds, askPeak)
	} else {
		m.add(b, size, askSeconds, one.wall.Seconds(), askPeak, mib(one.peakKiB))
		m.logf("%s: ask %.2f s, peak %.0f MiB", at, one.wall.Seconds(), mib(one.peakKiB))
	}
	if err := m.export(ctx, b, work, size, at); err != nil {
		fail(err, exportSeconds, exportPeak)
	}
}

// awaitSnapshot waits until database db holds an index snapshot other
// than old (its description; "" for none) and returns it, unless binary b
// has once written none within snapshotWait (a kbbot from before
// snapshots): then it returns old at once.
func (m *measurer) awaitSnapshot(ctx context.Context, b binary, db int, old, at string) (string, error) {
	if m.noSnapshots[b.Label] {
		return old, nil
	}
	deadline := time.Now().Add(snapshotWait)
	for {
		cur, err := m.redis.snapshotMeta(ctx, db)
		if err != nil {
			return "", err
		}
		if cur != "" && cur != old {
			return cur, nil
		}
		if time.Now().After(deadline) {
			m.noSnapshots[b.Label] = true
			m.logf("%s: no index snapshot written within %v: not waited for again", at, snapshotWait)
			return old, nil
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond): // polling another process's Redis writes
		}
	}
}

// awaitCaughtUp waits until the serve r says its index is current again
// (a log line counted by r.caughtUp beyond marks), and returns how long
// that took; a kbbot that says nothing is given until its peak memory has
// not grown for quietFor. Either way within caughtUpWait. Then it waits
// for the serve to settle (no such line and no growth for settleFor), so
// that a refresh that follows is in the peak.
func (m *measurer) awaitCaughtUp(ctx context.Context, r running, marks int) (time.Duration, error) {
	const quietFor, settleFor = 15 * time.Second, 5 * time.Second
	start := time.Now()
	var caught time.Duration
	var peak uint64
	changed := start // the last marked line or growth of the peak
	for {
		if n, _ := r.caughtUp.count(); n > marks {
			marks, changed = n, time.Now()
			if caught == 0 {
				caught = time.Since(start)
			}
		}
		mem, err := readMem(r.pid)
		if err != nil {
			return 0, fmt.Errorf("read serve's memory: %w", err)
		}
		if mem.HWM > peak {
			peak, changed = mem.HWM, time.Now()
		}
		quiet := time.Since(changed)
		switch {
		case caught == 0 && quiet > quietFor:
			return time.Since(start) - quiet, nil
		case caught > 0 && quiet > settleFor:
			return caught, nil
		case time.Since(start) > caughtUpWait:
			return 0, fmt.Errorf("serve did not catch up with the import within %v", caughtUpWait)
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(pollEvery):
		}
	}
}

// add records a pair of figures of one run: a measure and its
// companion (seconds and peak memory, p50 and p99).
func (m *measurer) add(b binary, size int, id1 string, v1 float64, id2 string, v2 float64) {
	m.rep.add(b.Label, size, id1, v1)
	m.rep.add(b.Label, size, id2, v2)
}

// addStart records a serve start's four figures.
func (m *measurer) addStart(b binary, size int, at, what string, st started, healthz, readyz, peak, rss string) {
	m.add(b, size, healthz, st.healthz.Seconds(), readyz, st.readyz.Seconds())
	m.add(b, size, peak, mib(st.peakKiB), rss, mib(st.rssKiB))
	m.logf("%s: %s /healthz %.2f s, /readyz %.2f s, peak %.0f MiB, RSS when ready %.0f MiB", at, what, st.healthz.Seconds(), st.readyz.Seconds(), mib(st.peakKiB), mib(st.rssKiB))
}

func (m *measurer) logf(format string, args ...any) {
	fmt.Fprintf(m.progress, "kbbot-scale: "+format+"\n", args...)
}
