package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// readOnlyHook makes a Redis client refuse every command that is not a
// read, for the commands that must never write (export, audit, check):
// a change that made one of them seed, index or keep bookkeeping would fail
// loudly in tests instead of quietly writing to an operator's Redis.
type readOnlyHook struct{ command string }

// isReadCommand reports whether name is one of the Redis commands a read-only kbbot command may send:
// the reads the store uses, and what go-redis sends to set up a connection.
func isReadCommand(name string) bool {
	switch strings.ToLower(name) {
	case "get", "mget", "exists", "type", "ttl", "pttl", "strlen",
		"zrange", "zrevrange", "zcard", "zscore", "zrangebyscore", "zrevrangebyscore", "zcount",
		"lrange", "llen", "lindex", "smembers", "scard", "sismember",
		"hget", "hgetall", "hmget", "hlen", "hexists",
		"xrange", "xrevrange", "xlen", "xread",
		"scan", "dbsize", "ping", "echo", "time", "info",
		// Connection set-up (go-redis sends these itself) and cluster
		// topology; none of them changes data.
		"hello", "auth", "select", "client", "readonly", "cluster", "command", "sentinel":
		return true
	}
	return false
}

func (h readOnlyHook) check(cmd redis.Cmder) error {
	if isReadCommand(cmd.Name()) {
		return nil
	}
	err := fmt.Errorf("kbbot %s only reads, but tried to send Redis %s (a bug: nothing was written)", h.command, strings.ToUpper(cmd.Name()))
	cmd.SetErr(err)
	return err
}

// DialHook lets connections through unchanged.
func (readOnlyHook) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook refuses a write command.
func (h readOnlyHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if err := h.check(cmd); err != nil {
			return err
		}
		return next(ctx, cmd)
	}
}

// ProcessPipelineHook refuses a pipeline or transaction holding a write.
func (h readOnlyHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, cmd := range cmds {
			if err := h.check(cmd); err != nil {
				return err
			}
		}
		return next(ctx, cmds)
	}
}
