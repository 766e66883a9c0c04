package redisstore

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Embedded is an in-process Redis-compatible server (miniredis) with a
// client connected to it: kbbot's default when REDIS_URL is unset, so that a
// fresh clone answers questions with no server installed. Nothing persists.
type Embedded struct {
	srv    *miniredis.Miniredis
	Client *redis.Client
}

// StartEmbedded starts the in-process server on a free loopback port.
func StartEmbedded() (*Embedded, error) {
	srv := miniredis.NewMiniRedis()
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("redisstore: start embedded store: %w", err)
	}
	return &Embedded{srv: srv, Client: redis.NewClient(&redis.Options{Addr: srv.Addr(), ContextTimeoutEnabled: true})}, nil
}

// Addr is the server's address, for sharing one embedded store between
// clients in tests.
func (e *Embedded) Addr() string { return e.srv.Addr() }

// Close closes the client and stops the server.
func (e *Embedded) Close() error {
	err := e.Client.Close()
	e.srv.Close()
	return err
}
