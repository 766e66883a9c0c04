// Command kbbot-scale measures how kbbot's start-up, memory and one-shot
// commands grow with the size of the knowledge base (issue 18): for each
// size it imports a generated corpus into its own redis-server and times
// serve's start (exec → /healthz and /readyz), a second start on the same
// data, a start under the shipped GOMEMLIMIT (-gomemlimit) into which the whole corpus is then
// imported again while it serves, ask, export and import as processes,
// with each one's peak memory, and the /kb answer time through the running
// serve. A serve is stopped once it has written its search index snapshot. It measures built binaries, so one run can put an
// old commit's kbbot ("before") beside the current one ("after"):
//
//	git worktree add /tmp/kb-old OLDCOMMIT && (cd /tmp/kb-old && go build -o /tmp/kbbot-before ./cmd/kbbot)
//	go build -o /tmp/kbbot-after ./cmd/kbbot
//	go run ./cmd/kbbot-scale -bin before=/tmp/kbbot-before -bin after=/tmp/kbbot-after -sizes 1000,10000,50000 -runs 3
//
// It prints a Markdown table (rows × sizes, one column group per binary:
// the median of -runs, with the range) or, with -json, the same figures
// for machines; progress goes to stderr. It needs Linux (/proc) and
// redis-server on PATH, and the network not at all: Slack is a local fake.
// Run it from the module (the /kb questions are the search development
// set, found from go.mod). A measurement that fails is reported in the
// table's notes, with the end of the child's stderr, and the tool goes on;
// it then exits 1. Generated entries a binary's import refuses (its
// privacy screen flags 3 of the 50,000) are left out of that binary's
// corpus, up to 1% of it, and named above the table.
//
// Each binary imports into a database of its own, kept as the import left
// it: every first start (and the GOMEMLIMIT one) runs on a fresh copy of it,
// so a snapshot or migration mark written by an earlier start is not seen.
// ask and export then run on the data the starts leave, as in a deployment.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nhs-ai-cop/kbbot/internal/devtool"
)

func main() { devtool.Main("kbbot-scale", run) }

// usageError is a mistake in the command line (exit 2).
type usageError = devtool.UsageError

// errSomeFailed says the report is printed but has gaps.
var errSomeFailed = errors.New("some measurements failed: see the notes under the table")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if err != nil {
		return err
	}
	if _, err := readMem(0); err != nil {
		return fmt.Errorf("kbbot-scale needs Linux's /proc to read memory: %w", err)
	}
	rep, err := measure(ctx, o, stderr)
	if err != nil {
		return err
	}
	if o.json {
		err = writeJSON(stdout, rep)
	} else {
		err = writeMarkdown(stdout, rep)
	}
	if err != nil {
		return err
	}
	if rep.failed() {
		return errSomeFailed
	}
	return nil
}
