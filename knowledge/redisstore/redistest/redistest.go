// Package redistest starts Redis servers for tests: a real redis-server on a
// free port in a temporary directory (never 6379, never shared), and the
// embedded miniredis that kbbot uses when REDIS_URL is unset.
package redistest

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/internal/devtool"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Server is a running redis-server owned by one test.
type Server struct {
	Addr string
	cmd  *exec.Cmd
}

// URL is the server's redis:// URL, as REDIS_URL would hold it.
func (s *Server) URL() string { return "redis://" + s.Addr }

// Stop kills the server now (for tests of Redis going down). Cleanup stops
// it anyway.
func (s *Server) Stop() {
	if s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
}

// Start starts a real redis-server for the test and stops it when the test
// ends. It fails the test, with the install command, when redis-server is
// not installed: storage tests must not pass by skipping.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found on PATH: install it (apt-get install -y redis-server) or run the tests with make test")
	}
	dir := t.TempDir()
	var lastErr error
	for range 5 {
		port, err := devtool.FreePort()
		if err != nil {
			t.Fatalf("redistest: find a free port: %v", err)
		}
		srv, err := start(t, bin, dir, port)
		if err == nil {
			return srv
		}
		lastErr = err // most likely the port was taken meanwhile: try another
	}
	t.Fatalf("redistest: start redis-server: %v", lastErr)
	return nil
}

// StartOnPort restarts a server on a given port (to bring Redis "back up"
// at the same address after Stop).
func StartOnPort(t testing.TB, addr string) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Fatalf("redis-server not found on PATH")
	}
	_, p, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(p)
	srv, err := start(t, bin, t.TempDir(), port)
	if err != nil {
		t.Fatalf("redistest: restart redis-server on %s: %v", addr, err)
	}
	return srv
}

func start(t testing.TB, bin, dir string, port int) (*Server, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	cmd := exec.Command(bin,
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", dir, "--save", "", "--appendonly", "no",
		"--protected-mode", "yes", "--loglevel", "warning",
	)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	srv := &Server{Addr: addr, cmd: cmd}
	logLines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case logLines <- sc.Text():
			default:
			}
		}
		close(logLines)
	}()
	t.Cleanup(srv.Stop)
	deadline := time.Now().Add(5 * time.Second)
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer c.Close()
	for time.Now().Before(deadline) {
		if cmd.ProcessState != nil {
			break
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return srv, nil
		}
		time.Sleep(10 * time.Millisecond) // polling a starting process: no event to wait on
	}
	srv.Stop()
	var lines []string
	for l := range logLines {
		lines = append(lines, l)
	}
	return nil, fmt.Errorf("redis-server on %s did not answer: %s", addr, strings.Join(lines, " | "))
}

// Client returns a go-redis client for a fresh real redis-server.
func Client(t testing.TB) *redis.Client {
	t.Helper()
	srv := Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { c.Close() })
	return c
}

// Embedded returns a client for a fresh embedded (miniredis) store.
func Embedded(t testing.TB) *redis.Client {
	t.Helper()
	e, err := redisstore.StartEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	return e.Client
}

// Backends lists both servers by name, for conformance suites that must pass
// on each.
func Backends() map[string]func(testing.TB) *redis.Client {
	return map[string]func(testing.TB) *redis.Client{
		"redis-server": func(t testing.TB) *redis.Client { return Client(t) },
		"embedded":     func(t testing.TB) *redis.Client { return Embedded(t) },
	}
}
