package redisstore

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/redis/go-redis/v9"
)

// Vectors: embeddings kept so that a restart, a second replica or a second
// `kbbot ask` embeds nothing again. One hash per space and model, one field
// per id; a value carries the version it was computed for (a hash of the
// model and the embedded text, made by the caller), so an edited entry's
// old vector is recognised as stale and replaced.

// VectorSpace names what a hash of vectors holds.
type VectorSpace string

// Vector spaces: the rows vectors:MODEL and vectorbank:MODEL of the layout.
const (
	// VectorsEntries holds approved entries' vectors, by entry id.
	VectorsEntries VectorSpace = "vectors"
	// VectorsBank holds the off-topic bank's vectors, by question number.
	VectorsBank VectorSpace = "vectorbank"
)

// CachedVector is a kept embedding: the version of the text it was
// computed from, and its values.
type CachedVector struct {
	Version string
	Values  []float32
}

// vectorChunk bounds the fields read or written per command, so that one
// reply stays a few megabytes even for long vectors.
const vectorChunk = 256

// vectorKey is the hash of one space and model.
func (s *Store) vectorKey(space VectorSpace, model string) string { return s.key(string(space), model) }

// Vectors reads the kept vectors of ids. Ids with none, or with a value
// that does not decode, are absent from the map (the caller embeds them
// again).
func (s *Store) Vectors(ctx context.Context, space VectorSpace, model string, ids []string) (map[string]CachedVector, error) {
	out := make(map[string]CachedVector, len(ids))
	key := s.vectorKey(space, model)
	for start := 0; start < len(ids); start += vectorChunk {
		chunk := ids[start:min(start+vectorChunk, len(ids))]
		vals, err := s.rdb.HMGet(ctx, key, chunk...).Result()
		if err != nil {
			return nil, fmt.Errorf("redisstore: read %s of %s: %w", space, model, err)
		}
		for i, v := range vals {
			str, ok := v.(string)
			if !ok {
				continue
			}
			if cv, ok := decodeVector(str); ok {
				out[chunk[i]] = cv
			}
		}
	}
	return out, nil
}

// SetVectors keeps vectors by id, replacing what was kept.
func (s *Store) SetVectors(ctx context.Context, space VectorSpace, model string, vecs map[string]CachedVector) error {
	key := s.vectorKey(space, model)
	args := make([]any, 0, 2*min(len(vecs), vectorChunk))
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		if err := s.rdb.HSet(ctx, key, args...).Err(); err != nil {
			return fmt.Errorf("redisstore: write %s of %s: %w", space, model, err)
		}
		args = args[:0]
		return nil
	}
	for id, cv := range vecs {
		args = append(args, id, encodeVector(cv))
		if len(args) >= 2*vectorChunk {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// DeleteVectors forgets the vectors of ids.
func (s *Store) DeleteVectors(ctx context.Context, space VectorSpace, model string, ids ...string) error {
	key := s.vectorKey(space, model)
	for start := 0; start < len(ids); start += vectorChunk {
		if err := s.rdb.HDel(ctx, key, ids[start:min(start+vectorChunk, len(ids))]...).Err(); err != nil {
			return fmt.Errorf("redisstore: delete %s of %s: %w", space, model, err)
		}
	}
	return nil
}

// VectorIDs lists the ids that have a kept vector.
func (s *Store) VectorIDs(ctx context.Context, space VectorSpace, model string) ([]string, error) {
	ids, err := s.rdb.HKeys(ctx, s.vectorKey(space, model)).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("redisstore: list %s of %s: %w", space, model, err)
	}
	return ids, nil
}

// encodeVector is a kept vector's value: the version's length (one byte),
// the version, then the values as little-endian float32s: a quarter of
// the size of JSON, and exact.
func encodeVector(cv CachedVector) string {
	ver := cv.Version[:min(len(cv.Version), math.MaxUint8)]
	b := make([]byte, 1+len(ver)+4*len(cv.Values))
	b[0] = byte(len(ver))
	copy(b[1:], ver)
	p := b[1+len(ver):]
	for i, x := range cv.Values {
		binary.LittleEndian.PutUint32(p[4*i:], math.Float32bits(x))
	}
	return string(b)
}

// decodeVector reads a value written by encodeVector; false if it is not
// one (cut short, or written by something else).
func decodeVector(s string) (CachedVector, bool) {
	if len(s) < 1 {
		return CachedVector{}, false
	}
	n := int(s[0])
	rest := s[1:]
	if len(rest) < n || (len(rest)-n)%4 != 0 || len(rest) == n {
		return CachedVector{}, false
	}
	cv := CachedVector{Version: rest[:n], Values: make([]float32, (len(rest)-n)/4)}
	p := rest[n:]
	for i := range cv.Values {
		j := 4 * i
		cv.Values[i] = math.Float32frombits(uint32(p[j]) | uint32(p[j+1])<<8 | uint32(p[j+2])<<16 | uint32(p[j+3])<<24)
	}
	return cv, true
}
