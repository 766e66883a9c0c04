package glove

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// writeVectors writes vectors in glovegen's format.
func writeVectors(t *testing.T, words []string, vecs [][]float32) string {
	t.Helper()
	var raw bytes.Buffer
	fmt.Fprintf(&raw, "wordvec 1 %d %d\n", len(words), len(vecs[0]))
	for _, w := range words {
		fmt.Fprintln(&raw, w)
	}
	for _, v := range vecs {
		m := 0.0
		for _, x := range v {
			m = math.Max(m, math.Abs(float64(x)))
		}
		scale := float32(m / 127)
		binary.Write(&raw, binary.LittleEndian, scale)
		for _, x := range v {
			binary.Write(&raw, binary.LittleEndian, int8(math.Round(float64(x/scale))))
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	path := filepath.Join(t.TempDir(), "v.bin.gz")
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestVectors: words are found (plurals through their singular), similar
// words have similar vectors, and a text's vector leans to its rare words.
func TestVectors(t *testing.T) {
	words := []string{"the", "of", "queue", "backlog", "printer", "scan"}
	vecs := [][]float32{
		{1, 1, 0, 0}, {1, 0.9, 0, 0.1},
		{0, 0.1, 1, 0}, {0, 0, 1, 0.2},
		{0, 0, 0, 1}, {0.1, 0, 0.2, 1},
	}
	m, err := Load(writeVectors(t, words, vecs))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Words("The queues, of the BACKLOG; a zebra"); len(got) != 5 {
		t.Fatalf("Words found %v, want the, queue, of, the, backlog", got)
	}
	q, b, p := m.Words("queue")[0], m.Words("backlog")[0], m.Words("printer")[0]
	if m.Sim(q, b) < 0.9 || m.Sim(q, p) > 0.1 {
		t.Fatalf("sim(queue, backlog) %.2f, sim(queue, printer) %.2f", m.Sim(q, b), m.Sim(q, p))
	}
	if m.Weight(m.Words("the")[0]) >= m.Weight(p) {
		t.Fatalf("a common word weighs %.3f, a rare one %.3f", m.Weight(m.Words("the")[0]), m.Weight(p))
	}
	cos := func(a, b []float32) float64 {
		s := 0.0
		for i := range a {
			s += float64(a[i] * b[i])
		}
		return s
	}
	u := m.Vector("the queue of the")
	if cos(u, m.Vector("backlog")) <= cos(u, m.Vector("printer")) {
		t.Fatalf("the queue is nearer the printer (%.2f) than the backlog (%.2f)", cos(u, m.Vector("printer")), cos(u, m.Vector("backlog")))
	}
	if v := m.Vector("zebra"); cos(v, v) != 0 {
		t.Fatalf("a text of unknown words has vector %v, want zero", v)
	}
}

// TestLoadRefusesDamage: a file that is not glovegen's is an error.
func TestLoadRefusesDamage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.gz")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("something else\n"))
	zw.Close()
	os.WriteFile(path, gz.Bytes(), 0o644)
	if _, err := Load(path); err == nil {
		t.Fatal("a damaged file loaded")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Fatal("a missing file loaded")
	}
}
