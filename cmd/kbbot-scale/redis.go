package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nhs-ai-cop/kbbot/internal/devtool"

	"github.com/redis/go-redis/v9"
)

// redisServer is the tool's own redis-server, started the way
// knowledge/redisstore/redistest starts one for tests (redistest itself
// needs a testing.TB): on a free port on 127.0.0.1, in a temporary
// directory, with persistence off.
type redisServer struct {
	addr   string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process has been waited for
}

// startRedis starts redis-server with databases numbered databases. It is
// stopped when ctx ends or by stop.
func startRedis(ctx context.Context, dir string, databases int) (*redisServer, error) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, errors.New("redis-server not found on PATH: install it (apt-get install -y redis-server)")
	}
	var lastErr error
	for range 5 {
		port, err := devtool.FreePort()
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		srv, err := startRedisOn(ctx, bin, dir, port, databases)
		if err == nil {
			return srv, nil
		}
		lastErr = err // most likely the port was taken meanwhile: try another
	}
	return nil, fmt.Errorf("start redis-server: %w", lastErr)
}

func startRedisOn(ctx context.Context, bin, dir string, port, databases int) (*redisServer, error) {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	s := spec{bin: bin, dir: dir, args: []string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1",
		"--dir", dir, "--save", "", "--appendonly", "no",
		"--protected-mode", "yes", "--loglevel", "warning",
		"--databases", strconv.Itoa(databases),
	}}
	tail := &tailBuffer{max: stderrTail}
	s.stdout = tail
	cmd := s.command(ctx, tail)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	srv := &redisServer{addr: addr, cmd: cmd, exited: exited}
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		pctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
		err := c.Ping(pctx).Err()
		cancel()
		if err == nil {
			return srv, nil
		}
		select {
		case <-exited:
			return nil, fmt.Errorf("redis-server on %s exited: %s", addr, tail.String())
		case <-ctx.Done():
			srv.stop()
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond): // polling a starting process: no event to wait on
		}
	}
	srv.stop()
	return nil, fmt.Errorf("redis-server on %s did not answer: %s", addr, tail.String())
}

// stop kills the server and waits for it.
func (s *redisServer) stop() {
	_ = killGroup(s.cmd, syscall.SIGKILL)
	<-s.exited
}

// url is REDIS_URL for database db.
func (s *redisServer) url(db int) string { return fmt.Sprintf("redis://%s/%d", s.addr, db) }

// client connects to database db.
func (s *redisServer) client(db int) *redis.Client {
	return redis.NewClient(&redis.Options{Addr: s.addr, DB: db})
}

// flush empties database db.
func (s *redisServer) flush(ctx context.Context, db int) error {
	c := s.client(db)
	defer c.Close()
	if err := c.FlushDB(ctx).Err(); err != nil {
		return fmt.Errorf("redis: flush db %d: %w", db, err)
	}
	return nil
}

// size is the number of keys in database db.
func (s *redisServer) size(ctx context.Context, db int) (int64, error) {
	c := s.client(db)
	defer c.Close()
	n, err := c.DBSize(ctx).Result()
	if err != nil {
		return 0, fmt.Errorf("redis: dbsize %d: %w", db, err)
	}
	return n, nil
}

// restore makes database to an exact copy of database from (values and
// expiries; COPY, Redis 6.2 and later), so that every "first start" sees
// the knowledge base as the import left it, whatever an earlier start
// added (a snapshot, a privacy-migration mark).
func (s *redisServer) restore(ctx context.Context, from, to int) error {
	if err := s.flush(ctx, to); err != nil {
		return err
	}
	c := s.client(from)
	defer c.Close()
	var iter uint64
	for {
		keys, next, err := c.Scan(ctx, iter, "*", 1000).Result()
		if err != nil {
			return fmt.Errorf("redis: scan db %d: %w", from, err)
		}
		if len(keys) > 0 {
			cmds, err := c.Pipelined(ctx, func(p redis.Pipeliner) error {
				for _, k := range keys {
					p.Copy(ctx, k, k, to, true)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("redis: copy db %d to %d: %w", from, to, firstErr(cmds, err))
			}
		}
		if iter = next; iter == 0 {
			break
		}
	}
	want, err := s.size(ctx, from)
	if err != nil {
		return err
	}
	got, err := s.size(ctx, to)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("redis: copy db %d to %d: %d keys, want %d", from, to, got, want)
	}
	return nil
}

func firstErr(cmds []redis.Cmder, err error) error {
	for _, c := range cmds {
		if c.Err() != nil {
			return c.Err()
		}
	}
	return err
}

// redisVersion is the server's version, for the report.
func (s *redisServer) version(ctx context.Context) string {
	c := s.client(0)
	defer c.Close()
	info, err := c.Info(ctx, "server").Result()
	if err != nil {
		return "unknown"
	}
	for line := range strings.SplitSeq(info, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "redis_version:"); ok {
			return v
		}
	}
	return "unknown"
}

// snapshotMeta is the search index snapshot's description kbbot keeps in
// database db ("" when there is none): it changes with every snapshot
// written.
func (s *redisServer) snapshotMeta(ctx context.Context, db int) (string, error) {
	c := s.client(db)
	defer c.Close()
	v, err := c.Get(ctx, namespace+":snapshot:meta").Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("redis: read the snapshot's description in db %d: %w", db, err)
	}
	return v, nil
}
