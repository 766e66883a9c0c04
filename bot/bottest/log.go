package bottest

import (
	"bytes"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// Logs is a thread-safe buffer of a test's log output.
type Logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

// Write implements io.Writer.
func (l *Logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *Logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Contains reports whether s was logged.
func (l *Logs) Contains(s string) bool { return strings.Contains(l.String(), s) }

// Logger returns a debug-level JSON logger writing to a buffer, which is
// printed if the test fails. Unlike t.Log, the buffer is safe to write to
// from goroutines that outlive the test.
func Logger(t testing.TB) (*slog.Logger, *Logs) {
	t.Helper()
	l := &Logs{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("logs:\n%s", l.String())
		}
	})
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug})), l
}
