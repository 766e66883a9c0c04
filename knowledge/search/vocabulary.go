package search

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// vocabularyYAML is the shipped domain vocabulary: data, edited without
// touching code.
//
//go:embed vocabulary.yaml
var vocabularyYAML []byte

// Vocabulary maps the words staff use to concepts (AVT = ambient voice
// technology = ambient scribe), abbreviations to what they stand for (MSK =
// musculoskeletal) and everyday words to entry metadata (acute hospitals =
// acute_trust; dropped = abandoned). It is read-only after loading and safe
// for concurrent use.
type Vocabulary struct {
	concepts    phraseSet
	orgTypes    phraseSet
	outcomes    phraseSet
	kinds       phraseSet
	evidence    phraseSet
	stopReasons phraseSet
	// abbrev maps a short form to the tokens of its expansion.
	abbrev map[string][]string
	// words is every single word of every phrase, for typo correction.
	words []string
}

type vocabularyFile struct {
	Concepts      map[string][]string `yaml:"concepts"`
	Abbreviations map[string]string   `yaml:"abbreviations"`
	OrgTypes      map[string][]string `yaml:"org_types"`
	Outcomes      map[string][]string `yaml:"outcomes"`
	Kinds         map[string][]string `yaml:"kinds"`
	Evidence      map[string][]string `yaml:"evidence"`
	StopReasons   map[string][]string `yaml:"stop_reasons"`
}

// DefaultVocabulary loads the shipped vocabulary.
func DefaultVocabulary() (*Vocabulary, error) { return ParseVocabulary(vocabularyYAML) }

// ParseVocabulary reads a vocabulary in the format of vocabulary.yaml and
// checks that every metadata value it names exists.
func ParseVocabulary(b []byte) (*Vocabulary, error) {
	var f vocabularyFile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("search: vocabulary: %w", err)
	}
	v := &Vocabulary{abbrev: map[string][]string{}}
	var err error
	if v.concepts, err = newPhraseSet(f.Concepts, nil); err != nil {
		return nil, err
	}
	if v.orgTypes, err = newPhraseSet(f.OrgTypes, func(s string) bool { return knowledge.OrgType(s).Valid() }); err != nil {
		return nil, err
	}
	if v.outcomes, err = newPhraseSet(f.Outcomes, func(s string) bool { return knowledge.Outcome(s).Valid() }); err != nil {
		return nil, err
	}
	if v.kinds, err = newPhraseSet(f.Kinds, func(s string) bool { return knowledge.Kind(s).Valid() }); err != nil {
		return nil, err
	}
	if v.evidence, err = newPhraseSet(f.Evidence, func(s string) bool { return s == evidenceStrong || s == evidenceWeak }); err != nil {
		return nil, err
	}
	if v.stopReasons, err = newPhraseSet(f.StopReasons, func(s string) bool { return knowledge.StopReason(s).Valid() }); err != nil {
		return nil, err
	}
	for short, long := range f.Abbreviations {
		toks := words.Tokens(short)
		exp := words.Tokens(long)
		if len(toks) != 1 || len(exp) == 0 {
			return nil, fmt.Errorf("search: vocabulary: abbreviation %q: want one word standing for some words", short)
		}
		if _, ok := v.concepts.phrases[toks[0]]; ok {
			return nil, fmt.Errorf("search: vocabulary: abbreviation %q is already a concept phrase", short)
		}
		v.abbrev[toks[0]] = exp
	}
	seen := map[string]bool{}
	for _, ps := range []phraseSet{v.concepts, v.orgTypes, v.outcomes, v.kinds} {
		for p := range ps.phrases {
			for _, w := range strings.Fields(p) {
				if !seen[w] && len(w) >= 4 {
					seen[w] = true
					v.words = append(v.words, w)
				}
			}
		}
	}
	slices.Sort(v.words)
	return v, nil
}

// The evidence levels a question can name.
const (
	evidenceStrong = "strong" // service_evaluation, peer_reviewed, rct
	evidenceWeak   = "weak"   // anecdotal
)

// ConceptCount is the number of distinct concepts.
func (v *Vocabulary) ConceptCount() int { return len(v.concepts.values) }

// TermCount is the number of phrases that map to a concept.
func (v *Vocabulary) TermCount() int { return len(v.concepts.phrases) }

// Concepts returns the distinct concepts mentioned in text, in order of first
// mention. Both entries (at index time) and questions go through it.
func (v *Vocabulary) Concepts(text string) []string {
	var out []string
	for _, sp := range v.concepts.match(words.Tokens(text)) {
		if !slices.Contains(out, sp.value) {
			out = append(out, sp.value)
		}
	}
	return out
}

// phraseSet maps phrases (space-joined tokens) to a value, with a trie of
// tokens for matching without building strings.
type phraseSet struct {
	phrases map[string]string
	values  map[string]bool
	root    *trieNode
}

type trieNode struct {
	next  map[string]*trieNode
	value string // set when a phrase ends here
}

func newPhraseSet(m map[string][]string, valid func(string) bool) (phraseSet, error) {
	ps := phraseSet{phrases: map[string]string{}, values: map[string]bool{}, root: &trieNode{}}
	for value, phrases := range m {
		if valid != nil && !valid(value) {
			return ps, fmt.Errorf("search: vocabulary: unknown value %q", value)
		}
		ps.values[value] = true
		for _, p := range phrases {
			toks := words.Tokens(p)
			if len(toks) == 0 {
				continue
			}
			key := strings.Join(toks, " ")
			if prev, ok := ps.phrases[key]; ok && prev != value {
				return ps, fmt.Errorf("search: vocabulary: %q is under both %s and %s", p, prev, value)
			}
			ps.phrases[key] = value
			n := ps.root
			for _, t := range toks {
				if n.next == nil {
					n.next = map[string]*trieNode{}
				}
				child, ok := n.next[t]
				if !ok {
					child = &trieNode{}
					n.next[t] = child
				}
				n = child
			}
			n.value = value
		}
	}
	return ps, nil
}

// span is a run of tokens [start, end) that matched a phrase.
type span struct {
	start, end int
	value      string
}

// match finds phrases in tokens, longest first from each position, without
// overlaps.
func (ps phraseSet) match(toks []string) []span {
	var out []span
	for i := 0; i < len(toks); {
		end, value := -1, ""
		n := ps.root
		for j := i; j < len(toks) && n != nil; j++ {
			n = n.next[toks[j]]
			if n != nil && n.value != "" {
				end, value = j+1, n.value
			}
		}
		if end < 0 {
			i++
			continue
		}
		out = append(out, span{i, end, value})
		i = end
	}
	return out
}

// Tokens is words.Tokens: how search splits entries, questions and
// vocabulary phrases into words.
func Tokens(text string) []string { return words.Tokens(text) }
