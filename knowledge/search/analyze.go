package search

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// englishWordsGz is a list of ordinary English words (SCOWL), and
// thesaurusGz a thesaurus made from WordNet (internal/wordnetgen): together
// they tell a real word ("parking", "cardiology") from a typo ("radiolgy"),
// and the thesaurus maps a word no entry holds onto words entries may hold.
// See english-words.LICENSE and thesaurus.LICENSE.
//
//go:embed english-words.txt.gz
var englishWordsGz []byte

//go:embed thesaurus.txt.gz
var thesaurusGz []byte

//go:generate go run ./internal/wordnetgen -out thesaurus.txt.gz

// lexicon is the language knowledge search shares across indexes: which
// words are real English, and their synonyms. It is loaded once per
// process (it is read-only) by loadLexicon.
type lexicon struct {
	english  map[string]bool
	synonyms map[string][]string
	stop     map[string]bool
	// common counts how often a word is seen in general English (WordNet's
	// tagged corpus): "make" 1613, "keep" 346, "checklist" 5, "dpia" 0.
	common map[string]int32
}

// loadLexicon reads the embedded word lists.
func loadLexicon() (*lexicon, error) {
	lx := &lexicon{english: make(map[string]bool, 120000), synonyms: make(map[string][]string, 80000), stop: map[string]bool{}, common: make(map[string]int32, 30000)}
	for _, w := range strings.Fields(stopList) {
		lx.stop[w] = true
	}
	if err := eachLine(englishWordsGz, func(line string) {
		lx.english[line] = true
	}); err != nil {
		return nil, fmt.Errorf("search: read word list: %w", err)
	}
	if err := eachLine(thesaurusGz, func(line string) {
		fs := strings.Fields(line)
		if len(fs) < 2 {
			return
		}
		lx.english[fs[0]] = true
		if n, err := strconv.Atoi(fs[1]); err == nil && n > 0 {
			lx.common[fs[0]] = int32(n)
		}
		if len(fs) > 2 {
			lx.synonyms[fs[0]] = fs[2:]
		}
	}); err != nil {
		return nil, fmt.Errorf("search: read thesaurus: %w", err)
	}
	return lx, nil
}

// specificity is how much a word says about a topic beyond being ordinary
// English, in (0, 1]: 1 for a word general English rarely uses (a term,
// an acronym, a name), down to about 0.4 for the commonest ("make", "get").
// A small knowledge base holds "keep" or "stage" in few entries, which
// makes them look rare to it; this keeps them in their place.
func (lx *lexicon) specificity(tok string) float64 {
	n := lx.count(tok)
	if n <= 0 {
		return 1
	}
	const top, beta = 1600.0, 1.5
	return 1 / (1 + beta*math.Min(1, math.Log1p(float64(n))/math.Log1p(top)))
}

// count is a word's general-English count, trying its base form when the
// word itself is not listed ("meetings" → "meeting").
func (lx *lexicon) count(tok string) int32 {
	if n, ok := lx.common[tok]; ok {
		return n
	}
	for _, suffix := range []string{"ies", "es", "s", "ing", "ed", "d", "ly"} {
		base, ok := strings.CutSuffix(tok, suffix)
		if !ok || len(base) < 3 {
			continue
		}
		if suffix == "ies" {
			base += "y"
		}
		if n, ok := lx.common[base]; ok {
			return n
		}
		if n := len(base); n > 3 && base[n-1] == base[n-2] {
			if c, ok := lx.common[base[:n-1]]; ok {
				return c
			}
		}
	}
	return 0
}

func eachLine(gz []byte, f func(string)) error {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f(sc.Text())
	}
	return sc.Err()
}

// stemmer stems words with the Snowball English (Porter 2) algorithm, and
// remembers what it stemmed: a knowledge base's words repeat endlessly.
type stemmer struct {
	stop  map[string]bool
	mu    sync.RWMutex
	cache map[string]string
}

func newStemmer(stop map[string]bool) *stemmer {
	return &stemmer{stop: stop, cache: make(map[string]string, 4096)}
}

// stem returns the stem of a lower-case token, or "" for a stop word.
func (s *stemmer) stem(tok string) string {
	if s.stop[tok] {
		return ""
	}
	s.mu.RLock()
	st, ok := s.cache[tok]
	s.mu.RUnlock()
	if ok {
		return st
	}
	env := snowballstem.NewEnv(tok)
	english.Stem(env)
	st = env.Current()
	s.mu.Lock()
	if len(s.cache) > 200000 {
		s.cache = make(map[string]string, 4096) // bound memory against hostile input
	}
	s.cache[tok] = st
	s.mu.Unlock()
	return st
}

// stopList holds the words that carry no topic: the English stop list most
// search engines share (Lucene's and Snowball's), contractions written
// without their apostrophe, and the greetings and shorthand of chat. It
// holds no word of the domain: how much "pilot" or "AI" says is left to
// how many entries hold it.
const stopList = `
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other ought our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves also may might must shall yet ever even still already
arent cant couldnt didnt doesnt dont hadnt hasnt havent isnt mightnt mustnt neednt shant shouldnt
wasnt werent wont wouldnt im ive youre youve youd youll hes shes weve theyre
theyve theyd theyll thats whats whos wheres whens whys hows heres theres lets
us vs versus get gets getting got gotten itll thatll theyll whatll whod youd
anyone anybody anything someone somebody something everyone everybody everything nobody nothing
hi hello hey thanks thank thx ta cheers pls plz please ok okay yes yeah yep nope lol guys folks
u ur r ya any1 some1 b4 gonna wanna gotta kinda sorta
`
