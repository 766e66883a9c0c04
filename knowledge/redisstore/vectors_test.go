package redisstore_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore"
)

// TestVectors: kept vectors read back exactly (bits, not approximately),
// per space and model, under the keys of the layout table; deleted ones
// go; a value that does not decode counts as missing.
func TestVectors(t *testing.T) {
	forEachBackend(t, func(t *testing.T, rdb *redis.Client) {
		ctx := t.Context()
		s := redisstore.New(rdb, "kbvec")
		want := map[string]redisstore.CachedVector{
			"pilot-a": {Version: "v1", Values: []float32{0.25, -1.5, float32(math.Pi), math.SmallestNonzeroFloat32}},
			"pilot-b": {Version: "0123456789abcdef0123456789abcdef", Values: []float32{1, 0, 0, 0}},
		}
		// More than one chunk, to cross the command boundaries.
		for i := range 600 {
			want[fmt.Sprintf("bulk-%03d", i)] = redisstore.CachedVector{Version: "v", Values: []float32{float32(i), 1}}
		}
		if err := s.SetVectors(ctx, redisstore.VectorsEntries, "model-a", want); err != nil {
			t.Fatal(err)
		}
		ids := make([]string, 0, len(want)+1)
		for id := range want {
			ids = append(ids, id)
		}
		ids = append(ids, "never-kept")
		got, err := s.Vectors(ctx, redisstore.VectorsEntries, "model-a", ids)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Vectors (-want +got):\n%s", diff)
		}
		// Another model and another space are other hashes.
		if other, err := s.Vectors(ctx, redisstore.VectorsEntries, "model-b", ids); err != nil || len(other) != 0 {
			t.Errorf("model-b holds %d vectors, %v; want none", len(other), err)
		}
		if err := s.SetVectors(ctx, redisstore.VectorsBank, "model-a", map[string]redisstore.CachedVector{"0": {Version: "q", Values: []float32{1}}}); err != nil {
			t.Fatal(err)
		}
		keys, err := rdb.Keys(ctx, "kbvec:*").Result()
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"kbvec:vectorbank:model-a", "kbvec:vectors:model-a"}) {
			t.Errorf("keys = %q, want the layout's vectors:MODEL and vectorbank:MODEL", keys)
		}

		if err := s.DeleteVectors(ctx, redisstore.VectorsEntries, "model-a", "pilot-a", "never-kept"); err != nil {
			t.Fatal(err)
		}
		left, err := s.VectorIDs(ctx, redisstore.VectorsEntries, "model-a")
		if err != nil {
			t.Fatal(err)
		}
		if len(left) != len(want)-1 || slices.Contains(left, "pilot-a") {
			t.Errorf("after delete %d ids (pilot-a there: %v), want %d", len(left), slices.Contains(left, "pilot-a"), len(want)-1)
		}
		// Something else wrote the field: missing, not an error.
		if err := rdb.HSet(ctx, "kbvec:vectors:model-a", "pilot-b", "\x05ab").Err(); err != nil {
			t.Fatal(err)
		}
		got, err = s.Vectors(ctx, redisstore.VectorsEntries, "model-a", []string{"pilot-b"})
		if err != nil || len(got) != 0 {
			t.Errorf("a corrupt value read as %v, %v; want missing", got, err)
		}
		if ids, err := s.VectorIDs(ctx, redisstore.VectorsEntries, "no-such-model"); err != nil || len(ids) != 0 {
			t.Errorf("VectorIDs of an unknown model = %q, %v", ids, err)
		}
	})
}
