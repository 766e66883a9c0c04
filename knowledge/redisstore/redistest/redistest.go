// Package redistest starts Redis servers for tests: a real redis-server on a
// free port in a temporary directory (never 6379, never shared), and the
// embedded miniredis that kbbot uses when REDIS_URL is unset.
package redistest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/internal/devtool"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// Server is a running redis-server owned by one test.
type Server struct {
	Addr   string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has exited
}

// URL is the server's redis:// URL, as REDIS_URL would hold it.
func (s *Server) URL() string { return "redis://" + s.Addr }

// Stop kills the server now (for tests of Redis going down). Cleanup stops
// it anyway.
func (s *Server) Stop() {
	_ = s.cmd.Process.Kill()
	<-s.exited
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
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	srv := &Server{Addr: addr, cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(srv.exited)
	}()
	t.Cleanup(srv.Stop)
	deadline := time.Now().Add(5 * time.Second)
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer c.Close()
	for time.Now().Before(deadline) {
		select {
		case <-srv.exited: // it could not start: most likely the port was taken
			return nil, fmt.Errorf("redis-server on %s exited: %s", addr, logs.String())
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		info, err := c.Info(ctx, "server").Result()
		cancel()
		if err == nil {
			// Another test's server may hold the port, and answer.
			if !strings.Contains(info, "process_id:"+strconv.Itoa(cmd.Process.Pid)+"\r\n") {
				srv.Stop()
				return nil, fmt.Errorf("another redis-server answers on %s", addr)
			}
			return srv, nil
		}
		time.Sleep(10 * time.Millisecond) // polling a starting process: no event to wait on
	}
	srv.Stop()
	return nil, fmt.Errorf("redis-server on %s did not answer: %s", addr, logs.String())
}

// syncBuffer is a redis-server's output, written by the exec package's
// copying goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Join(strings.Fields(b.b.String()), " ")
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
