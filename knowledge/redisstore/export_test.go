package redisstore

import (
	"context"
	"time"
)

// EnqueueLimit is Enqueue with a bound of its own, so a test can reach it.
func (s *Store) EnqueueLimit(ctx context.Context, eventID string, ttl time.Duration, limit int, data []byte) (string, bool, error) {
	return s.enqueue(ctx, eventID, ttl, limit, data)
}
