// Command wordnetgen turns Princeton WordNet 3.0, as Debian's wordnet-base
// package installs it (/usr/share/wordnet), into the small thesaurus that
// knowledge/search embeds (thesaurus.txt.gz): one line per single-word
// lemma or irregular form ("stuck"), the word first, then how often its
// senses are seen in WordNet's tagged corpus (cntlist.rev; a rough measure
// of how common the word is in general English), then the single-word
// synonyms from its most common senses. Run it with go generate in knowledge/search after
// `apt-get install wordnet-base`; the output is committed, so builds and
// tests never need WordNet installed.
package main

import (
	"bufio"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet dict directory")
	out := flag.String("out", "thesaurus.txt.gz", "output file")
	senses := flag.Int("senses", 3, "senses per part of speech whose synonyms are kept (most common first)")
	flag.Parse()
	if err := run(*dir, *out, *senses); err != nil {
		fmt.Fprintln(os.Stderr, "wordnetgen:", err)
		os.Exit(1)
	}
}

func run(dir, out string, senses int) error {
	syn := map[string]map[string]bool{}
	counts, err := readCounts(filepath.Join(dir, "cntlist.rev"))
	if err != nil {
		return err
	}
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		sets, err := readData(filepath.Join(dir, "data."+pos))
		if err != nil {
			return err
		}
		if err := readIndex(filepath.Join(dir, "index."+pos), sets, senses, syn); err != nil {
			return err
		}
	}
	// Irregular forms ("stuck" → "stick") share their lemma's line.
	for _, pos := range []string{"noun", "verb", "adj", "adv"} {
		if err := readExceptions(filepath.Join(dir, pos+".exc"), syn, counts); err != nil {
			return err
		}
	}
	lemmas := make([]string, 0, len(syn))
	for l := range syn {
		lemmas = append(lemmas, l)
	}
	slices.Sort(lemmas)
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(zw)
	for _, l := range lemmas {
		others := make([]string, 0, len(syn[l]))
		for s := range syn[l] {
			others = append(others, s)
		}
		slices.Sort(others)
		fmt.Fprintln(w, strings.Join(append([]string{l, strconv.Itoa(counts[l])}, others...), " "))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return f.Close()
}

// word reports whether a WordNet lemma is one plain lower-case word.
func word(s string) bool {
	if len(s) < 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// readData maps each synset's offset to its single-word members.
func readData(name string) (map[string][]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sets := map[string][]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // licence header
		}
		fs := strings.Fields(line)
		if len(fs) < 4 {
			continue
		}
		n, err := strconv.ParseInt(fs[3], 16, 32)
		if err != nil {
			return nil, fmt.Errorf("%s: word count %q: %w", name, fs[3], err)
		}
		var members []string
		for i := 0; i < int(n) && 4+2*i < len(fs); i++ {
			w := strings.ToLower(fs[4+2*i])
			if k := strings.IndexByte(w, '('); k >= 0 {
				w = w[:k] // adjective markers: "long(a)"
			}
			if word(w) {
				members = append(members, w)
			}
		}
		sets[fs[0]] = members
	}
	return sets, sc.Err()
}

// readIndex adds, for each single-word lemma, the members of its first
// senses synsets.
func readIndex(name string, sets map[string][]string, senses int, syn map[string]map[string]bool) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue
		}
		fs := strings.Fields(line)
		if len(fs) < 4 || !word(fs[0]) {
			continue
		}
		lemma := fs[0]
		if syn[lemma] == nil {
			syn[lemma] = map[string]bool{}
		}
		nsyn, _ := strconv.Atoi(fs[2])
		nptr, _ := strconv.Atoi(fs[3])
		offsets := fs[4+nptr+2:]
		if len(offsets) > nsyn {
			offsets = offsets[:nsyn]
		}
		for i, off := range offsets {
			if i == senses {
				break
			}
			for _, m := range sets[off] {
				if m != lemma {
					syn[lemma][m] = true
				}
			}
		}
	}
	return sc.Err()
}

// readCounts sums, per single-word lemma, the tag counts of its senses.
func readCounts(name string) (map[string]int, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) != 3 {
			continue
		}
		lemma, _, ok := strings.Cut(fs[0], "%")
		if !ok || !word(lemma) {
			continue
		}
		n, err := strconv.Atoi(fs[2])
		if err != nil {
			return nil, fmt.Errorf("%s: count %q: %w", name, fs[2], err)
		}
		counts[lemma] += n
	}
	return counts, sc.Err()
}

// readExceptions adds irregular forms with their lemma's count and
// synonyms (the lemma itself among them).
func readExceptions(name string, syn map[string]map[string]bool, counts map[string]int) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) < 2 || !word(fs[0]) || !word(fs[1]) || syn[fs[1]] == nil {
			continue
		}
		form, lemma := fs[0], fs[1]
		if syn[form] == nil {
			syn[form] = map[string]bool{}
		}
		for s := range syn[lemma] {
			syn[form][s] = true
		}
		syn[form][lemma] = true
		delete(syn[form], form)
		counts[form] = max(counts[form], counts[lemma])
	}
	return sc.Err()
}
