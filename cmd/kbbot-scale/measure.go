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
	serveRSS      = "serve_ready_rss_mib"
	againHealthz  = "restart_healthz_s"
	againReadyz   = "restart_readyz_s"
	againPeak     = "restart_peak_mib"
	againRSS      = "restart_ready_rss_mib"
	limitHealthz  = "memlimit_healthz_s"
	limitReadyz   = "memlimit_readyz_s"
	limitPeak     = "memlimit_peak_mib"
	limitRSS      = "memlimit_ready_rss_mib"
	askSeconds    = "ask_s"
	askPeak       = "ask_peak_mib"
	exportSeconds = "export_s"
	exportPeak    = "export_peak_mib"
	importSeconds = "import_s"
	importPeak    = "import_peak_mib"
)

// memLimit is the GOMEMLIMIT the shipped Kubernetes manifest sets.
const memLimit = "400MiB"

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
}

// measure runs every measurement of o and returns the report.
func measure(ctx context.Context, o options, progress io.Writer) (*report, error) {
	rep := &report{Started: time.Now(), Cores: runtime.NumCPU(), Runs: o.runs, Sizes: o.sizes, AskQuestion: o.question, Questions: o.questions}
	var err error
	if rep.LoadStart, err = loadAverage(); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "kbbot-scale-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	m := &measurer{o: o, tmp: tmp, rep: rep, progress: progress, slack: newFakeSlack()}
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
	all := []string{kbP50, kbP99, serveHealthz, serveReadyz, servePeak, serveRSS, againHealthz, againReadyz, againPeak, againRSS,
		limitHealthz, limitReadyz, limitPeak, limitRSS, askSeconds, askPeak, exportSeconds, exportPeak}

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
	askAll := func(ctx context.Context, addr string) {
		if m.o.questions == 0 {
			return
		}
		kb, kbErr = m.slack.kbLatencies(ctx, addr, m.questions, m.o.questions, warmQuestions)
		if kbErr == nil {
			counts, kbErr = checkAnswered(ctx, addr, m.o.questions+warmQuestions)
		}
	}
	if st, err := m.serve(ctx, b, work, nil, askAll); err != nil {
		fail(err, kbP50, kbP99, serveHealthz, serveReadyz, servePeak, serveRSS)
	} else {
		m.addStart(b, size, at, "serve", st, serveHealthz, serveReadyz, servePeak, serveRSS)
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
	if st, err := m.serve(ctx, b, work, map[string]string{"GOMEMLIMIT": memLimit}, nil); err != nil {
		fail(err, limitHealthz, limitReadyz, limitPeak, limitRSS)
	} else {
		m.addStart(b, size, at, "GOMEMLIMIT serve", st, limitHealthz, limitReadyz, limitPeak, limitRSS)
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
