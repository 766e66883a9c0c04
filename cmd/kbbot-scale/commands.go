package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/nhs-ai-cop/kbbot/internal/devtool"
)

// The children: how each kbbot command is run on the tool's Redis.

// importCorpus times `import` of the binary's corpus into the empty
// database db. When the import refuses some generated entries (exit 2,
// with FILE:LINE problems), they are left out of this binary's corpus from
// then on, the report says which, and the import is timed again; up to 1%
// of the corpus may go that way.
func (m *measurer) importCorpus(ctx context.Context, b binary, db, size int, at string) (oneShot, error) {
	for {
		if err := m.redis.flush(ctx, db); err != nil {
			return oneShot{}, err
		}
		path := m.corpus[b.Label]
		var stderr strings.Builder
		one, err := m.oneShotStderr(ctx, b, db, &stderr, "import", path)
		if err == nil {
			return one, nil
		}
		ps := refusedLines(stderr.String(), path)
		if len(ps) == 0 || size-m.entries[b.Label]+len(ps) > size/100 {
			return oneShot{}, err
		}
		ref := m.rep.refusal(b.Label, size)
		var lines []int
		for _, p := range ps {
			n := originalLine(p.line, ref.Lines)
			lines = append(lines, n)
			ref.Reasons = append(ref.Reasons, fmt.Sprintf("line %d: %s", n, p.reason))
		}
		ref.Lines = append(ref.Lines, lines...)
		slices.Sort(ref.Lines)
		ref.Lines = slices.Compact(ref.Lines)
		m.logf("%s: the import refuses generated entries (%s): measuring %s without them",
			at, strings.Join(ref.Reasons[len(ref.Reasons)-len(ps):], "; "), b.Label)
		filtered := filepath.Join(m.tmp, fmt.Sprintf("corpus-%d-%d.jsonl", size, len(m.filtered)))
		if err := filterCorpus(m.generated, filtered, ref.Lines); err != nil {
			return oneShot{}, err
		}
		m.filtered = append(m.filtered, filtered)
		m.corpus[b.Label] = filtered
		m.entries[b.Label] = size - len(ref.Lines)
	}
}

// export times `export` into a temporary file and checks it holds every
// entry.
func (m *measurer) export(ctx context.Context, b binary, db, size int, at string) error {
	path := filepath.Join(m.tmp, "export.jsonl")
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	one, err := m.oneShot(ctx, b, db, f, "export")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if n, err := countLines(path); err != nil {
		return err
	} else if want := m.entries[b.Label]; n != want {
		return fmt.Errorf("export wrote %d entries, want %d", n, want)
	}
	m.add(b, size, exportSeconds, one.wall.Seconds(), exportPeak, mib(one.peakKiB))
	m.logf("%s: export %.2f s, peak %.0f MiB", at, one.wall.Seconds(), mib(one.peakKiB))
	return nil
}

// baseEnv is what every child gets: the tool's Redis, no seed, quiet logs.
func (m *measurer) baseEnv(db int) map[string]string {
	return map[string]string{
		"REDIS_URL": m.redis.url(db), "KBBOT_SEED": "off", "KBBOT_NAMESPACE": namespace, "KBBOT_LOG_LEVEL": "warn",
	}
}

// childDir is an empty directory for a child to run in.
func (m *measurer) childDir() (string, error) {
	return os.MkdirTemp(m.tmp, "run-")
}

// oneShot runs BIN ARGS… on database db under the tool's timeout.
func (m *measurer) oneShot(ctx context.Context, b binary, db int, stdout io.Writer, args ...string) (oneShot, error) {
	return m.runChild(ctx, b, db, spec{stdout: stdout, args: args})
}

// oneShotStderr is oneShot keeping the whole of stderr.
func (m *measurer) oneShotStderr(ctx context.Context, b binary, db int, stderr io.Writer, args ...string) (oneShot, error) {
	return m.runChild(ctx, b, db, spec{stderr: stderr, args: args})
}

// runChild runs s (its args and outputs) as binary b on database db.
func (m *measurer) runChild(ctx context.Context, b binary, db int, s spec) (oneShot, error) {
	dir, err := m.childDir()
	if err != nil {
		return oneShot{}, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(ctx, m.o.timeout)
	defer cancel()
	s.bin, s.env, s.dir = b.Path, childEnv(m.baseEnv(db)), dir
	return runOnce(ctx, s)
}

// markBuilt is the log line of a serve that built its search index (and
// so writes a snapshot at once).
const markBuilt = "search index built"

// running is a ready serve, as serve's while sees it.
type running struct {
	addr string
	pid  int
	// caughtUp counts the serve's log lines saying its search index is
	// current again after a bulk change (caught up, built, refreshed or
	// loaded).
	caughtUp *logMarks
}

// serve starts serve on database db in HTTP mode against the fake Slack,
// with extra settings, and runs while once it is ready.
func (m *measurer) serve(ctx context.Context, b binary, db int, extra map[string]string, while func(ctx context.Context, r running) error) (started, error) {
	dir, err := m.childDir()
	if err != nil {
		return started{}, err
	}
	defer os.RemoveAll(dir)
	port, err := devtool.FreePort()
	if err != nil {
		return started{}, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	env := m.baseEnv(db)
	env["SLACK_BOT_TOKEN"] = botToken
	env["SLACK_SIGNING_SECRET"] = signingSecret
	env["SLACK_API_URL"] = m.slack.apiURL()
	env["KBBOT_ADDR"] = addr
	env["KBBOT_LOG_LEVEL"] = "info" // the lines that say its index caught up
	for k, v := range extra {
		env[k] = v
	}
	marks := &logMarks{markers: []string{markBuilt, "search index caught up", "search index refreshed", "search index loaded from snapshot"}}
	var w func(context.Context, int) error
	if while != nil {
		w = func(ctx context.Context, pid int) error {
			return while(ctx, running{addr: addr, pid: pid, caughtUp: marks})
		}
	}
	return runServe(ctx, spec{bin: b.Path, args: []string{"serve"}, env: childEnv(env), dir: dir, stderr: marks}, addr, m.o.timeout, w)
}

// version is the first lines of `BIN version`, on one line.
func (m *measurer) version(ctx context.Context, b binary) string {
	var out bytes.Buffer
	if _, err := m.oneShot(ctx, b, 0, &out, "version"); err != nil {
		return "unknown (" + err.Error() + ")"
	}
	return strings.Join(strings.Fields(out.String()), " ")
}

// expectKeys checks an import left something in database db.
func (m *measurer) expectKeys(ctx context.Context, db int) error {
	n, err := m.redis.size(ctx, db)
	if err == nil && n == 0 {
		err = errors.New("import left the database empty")
	}
	return err
}

// checkAnswer checks `ask --json` printed an answer.
func checkAnswer(out []byte) error {
	var a struct {
		Question string `json:"question"`
	}
	if err := json.Unmarshal(out, &a); err != nil || a.Question == "" {
		return fmt.Errorf("ask --json printed no answer: %.200q", out)
	}
	return nil
}

// countLines counts the non-empty lines of a file.
func countLines(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			n++
		}
	}
	return n, sc.Err()
}
