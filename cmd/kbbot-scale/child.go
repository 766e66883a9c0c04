package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// pollEvery is how often a child's /proc status, /healthz and /readyz are
// read.
const pollEvery = 20 * time.Millisecond

// stderrTail is how much of a failed child's stderr is shown.
const stderrTail = 2048

// spec is one kbbot process to run: the binary, its arguments and its
// whole environment (nothing of this process's is passed on, so a stray
// OPENAI_API_KEY or SLACK_APP_TOKEN cannot change what is measured). Each
// runs in its own empty directory, so no .env file is read either.
type spec struct {
	bin  string
	args []string
	env  []string
	dir  string
	// stdout receives the child's standard output (nil: discarded).
	stdout io.Writer
	// stderr, if not nil, receives the child's whole standard error as
	// well (a failure shows only its tail).
	stderr io.Writer
}

// command makes the exec.Cmd: its own process group, killed as a whole
// when ctx ends, so no kbbot outlives the tool.
func (s spec) command(ctx context.Context, stderr io.Writer) *exec.Cmd {
	cmd := exec.CommandContext(ctx, s.bin, s.args...)
	cmd.Env = s.env
	cmd.Dir = s.dir
	cmd.Stdout = s.stdout
	cmd.Stderr = stderr
	if s.stderr != nil {
		cmd.Stderr = io.MultiWriter(stderr, s.stderr)
	}
	// Pdeathsig: should the tool itself be killed (SIGKILL runs no
	// clean-up), the kernel kills its children too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return killGroup(cmd, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// killGroup signals the child's whole process group.
func killGroup(cmd *exec.Cmd, sig syscall.Signal) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, sig)
}

// oneShot is a command that ran to its end: how long it took from exec to
// exit, and its peak resident set.
type oneShot struct {
	wall    time.Duration
	peakKiB uint64
}

// runOnce runs a one-shot command (import, ask, export) to its end. The
// peak is wait4's Maxrss when that says something of the child (see
// rusagePeakKiB), and never less than the highest VmHWM seen while polling.
func runOnce(ctx context.Context, s spec) (oneShot, error) {
	tail := &tailBuffer{max: stderrTail}
	cmd := s.command(ctx, tail)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return oneShot{}, fmt.Errorf("start %s: %w", s.args[0], err)
	}
	done := make(chan struct{})
	var polled uint64
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(pollEvery)
		defer tick.Stop()
		for {
			if m, err := readMem(cmd.Process.Pid); err == nil {
				polled = max(polled, m.HWM)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	wg.Wait()
	if err != nil {
		return oneShot{}, childError(s.args[0], err, tail)
	}
	// This process's peak, read after the child's exec: it only grows, so
	// it is at least what the child inherited (see rusagePeakKiB).
	self, err := readMem(0)
	if err != nil {
		return oneShot{}, err
	}
	peak := polled
	if ru, ok := rusagePeakKiB(cmd.ProcessState, self.HWM); ok {
		peak = max(peak, ru)
	}
	return oneShot{wall: wall, peakKiB: peak}, nil
}

// childError is a failed child's error with the end of its stderr.
func childError(name string, err error, tail *tailBuffer) error {
	return fmt.Errorf("%s: %w; stderr ends: %s", name, err, tail.String())
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

// String is the tail on one line, or "(empty)".
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := strings.Join(strings.Fields(string(t.b)), " ")
	if s == "" {
		return "(empty)"
	}
	return s
}

// logMarks counts the lines written to it that hold any of its markers
// (a serve's log lines saying its index caught up).
type logMarks struct {
	mu      sync.Mutex
	markers []string
	partial []byte
	n       int
	last    string // the marker of the latest marked line
}

func (l *logMarks) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.partial = append(l.partial, p...)
	for {
		i := bytes.IndexByte(l.partial, '\n')
		if i < 0 {
			break
		}
		for _, m := range l.markers {
			if bytes.Contains(l.partial[:i], []byte(m)) {
				l.n++
				l.last = m
				break
			}
		}
		l.partial = append(l.partial[:0], l.partial[i+1:]...)
	}
	return len(p), nil
}

// count is how many marked lines have been written, and the marker of
// the latest.
func (l *logMarks) count() (int, string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, l.last
}

// errExited is a serve that stopped before it was ready.
var errExited = errors.New("serve exited before it was ready")

// started is what a serve start measured.
type started struct {
	healthz, readyz time.Duration // exec → first 200
	peakKiB, rssKiB uint64        // VmHWM and VmRSS once ready
	// endPeakKiB is VmHWM after while ran, just before SIGTERM: the
	// peak over everything the serve did (0 without a while).
	endPeakKiB uint64
}

// runServe starts `serve`, polls /healthz and /readyz at addr every
// pollEvery until /readyz answers 200 (or the process exits, or timeout),
// reads its memory, runs while (if not nil, with the serve's pid) against
// the ready server and reads its peak again, then stops it with SIGTERM,
// as Kubernetes does, and waits for it to exit.
func runServe(ctx context.Context, s spec, addr string, timeout time.Duration, while func(ctx context.Context, pid int) error) (started, error) {
	tail := &tailBuffer{max: stderrTail}
	cmd := s.command(ctx, tail)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return started{}, fmt.Errorf("start serve: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	st, err := waitReady(ctx, cmd.Process.Pid, addr, start, timeout, exited)
	if err == nil && while != nil {
		err = while(ctx, cmd.Process.Pid)
		if err == nil {
			var m memStatus
			if m, err = readMem(cmd.Process.Pid); err == nil {
				st.endPeakKiB = m.HWM
			}
		}
	}
	if stopErr := stop(cmd, exited); stopErr != nil && err == nil {
		err = stopErr
	}
	if err != nil {
		return started{}, childError("serve", err, tail)
	}
	return st, nil
}

// waitReady is runServe's polling.
func waitReady(ctx context.Context, pid int, addr string, start time.Time, timeout time.Duration, exited <-chan error) (started, error) {
	var st started
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if st.healthz == 0 && httpOK(ctx, "http://"+addr+"/healthz") {
			st.healthz = time.Since(start)
		}
		if httpOK(ctx, "http://"+addr+"/readyz") {
			st.readyz = time.Since(start)
			if st.healthz == 0 {
				st.healthz = st.readyz // both opened within one poll
			}
			m, err := readMem(pid)
			if err != nil {
				return st, fmt.Errorf("read serve's memory: %w", err)
			}
			st.peakKiB, st.rssKiB = m.HWM, m.RSS
			return st, nil
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case err := <-exited:
			return st, fmt.Errorf("%w: %v", errExited, err)
		case <-deadline.C:
			return st, fmt.Errorf("serve not ready within %v", timeout)
		case <-tick.C:
		}
	}
}

// stop sends SIGTERM and waits for the exit; after shutdownWait it kills
// the process group. A serve that exits with an error on SIGTERM is
// reported: a figure from a server that cannot stop cleanly is suspect.
func stop(cmd *exec.Cmd, exited <-chan error) error {
	const shutdownWait = 15 * time.Second
	if err := killGroup(cmd, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal serve: %w", err)
	}
	select {
	case err := <-exited:
		if err != nil && !isSignalled(err) {
			return fmt.Errorf("serve on SIGTERM: %w", err)
		}
		return nil
	case <-time.After(shutdownWait):
		_ = killGroup(cmd, syscall.SIGKILL)
		<-exited
		return fmt.Errorf("serve did not stop within %v of SIGTERM", shutdownWait)
	}
}

// isSignalled reports whether err is a process having been killed by a
// signal (the tool's own SIGKILL on cancellation).
func isSignalled(err error) bool {
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return false
	}
	ws, ok := ee.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled()
}

// childEnv is a child's environment: PATH and HOME of this process and the
// given settings.
func childEnv(settings map[string]string) []string {
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range settings {
		env = append(env, k+"="+v)
	}
	return env
}
