package redisstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// DataState reads, in one round trip, how many entries the knowledge base
// holds and the newest change-log position ("0" for none): what tells a
// running replica that Redis lost its data (restarted empty, flushed,
// failed over to an empty or older replica).
func (s *Store) DataState(ctx context.Context) (entries int, lastChange string, err error) {
	var count *redis.IntCmd
	var last *redis.XMessageSliceCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		count = p.ZCard(ctx, s.idsKey())
		last = p.XRevRangeN(ctx, s.changesKey(), "+", "-", 1)
		return nil
	})
	if err != nil {
		return 0, "", fmt.Errorf("redisstore: data state: %w", err)
	}
	lastChange = "0"
	if msgs := last.Val(); len(msgs) > 0 {
		lastChange = msgs[0].ID
	}
	return int(count.Val()), lastChange, nil
}

// ComparePositions orders two change-log positions (stream ids, "ms-seq";
// "" and "0" are the start): -1, 0 or 1.
func ComparePositions(a, b string) int {
	am, as := splitPosition(a)
	bm, bs := splitPosition(b)
	switch {
	case am != bm:
		return cmpInt(am, bm)
	default:
		return cmpInt(as, bs)
	}
}

func splitPosition(p string) (uint64, uint64) {
	ms, seq, _ := strings.Cut(p, "-")
	m, _ := strconv.ParseUint(ms, 10, 64)
	n, _ := strconv.ParseUint(seq, 10, 64)
	return m, n
}

func cmpInt(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
