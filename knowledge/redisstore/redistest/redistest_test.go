package redistest

import (
	"net"
	"os/exec"
	"strconv"
	"testing"
)

// TestStartRefusesATakenPort: a server started on a port another test's
// server holds is not taken for started, though the other one answers.
func TestStartRefusesATakenPort(t *testing.T) {
	first := Start(t)
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatal(err)
	}
	_, p, _ := net.SplitHostPort(first.Addr)
	port, _ := strconv.Atoi(p)
	if srv, err := start(t, bin, t.TempDir(), port); err == nil {
		t.Fatalf("a second redis-server on %s was taken for started (pid %d)", srv.Addr, srv.cmd.Process.Pid)
	} else {
		t.Logf("refused: %v", err)
	}
	if c := Client(t); c.Ping(t.Context()).Err() != nil {
		t.Error("a fresh server does not answer")
	}
}
