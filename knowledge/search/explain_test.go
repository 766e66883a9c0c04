package search_test

import (
	"os"
	"testing"
)

// TestExplain prints how KBBOT_EXPLAIN is read, for tuning:
// KBBOT_EXPLAIN="question" go test -run TestExplain -v ./knowledge/search/
func TestExplain(t *testing.T) {
	q := os.Getenv("KBBOT_EXPLAIN")
	ix, _ := seededIndex(t)
	if q == "" {
		q = "has anyone used AI to clear an x-ray backlog?"
	}
	out := ix.Explain(q)
	if out == "" {
		t.Fatal("Explain returned nothing")
	}
	t.Log("\n" + out)
}
