package search

import (
	"slices"
	"strings"
	"unicode"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// Query is a question plus optional hard filters.
type Query struct {
	// Text is the question as asked.
	Text string
	// Context is earlier text the question follows up (the first question
	// of a Slack thread); it counts, but for half as much as Text.
	Context string
	// Filters: only entries with these values (empty: any).
	Kind     knowledge.Kind
	Category knowledge.Category
	OrgType  knowledge.OrgType
	Outcome  knowledge.Outcome
	Evidence knowledge.Evidence
	Stage    knowledge.Stage
	// Limit is the most hits to return (default 3).
	Limit int
	// Explain asks for Result.Explanation.
	Explain bool
	// Vector is the question's embedding, from the model whose vectors the
	// index holds (nil: word search alone).
	Vector []float32
}

// How much the lesser readings of a question count against its words as
// typed.
const (
	contextFactor    = 0.5 // the thread's first question, in a follow-up
	correctedFactor  = 0.8 // a typo corrected to a word entries hold
	prefixFactor     = 0.8 // an abbreviation completed ("histopath")
	expansionFactor  = 0.9 // an abbreviation's expansion ("MSK")
	synonymFactor    = 0.5 // a thesaurus synonym of a word no entry holds
	conceptFloor     = 0.6
	maxSynonyms      = 4
	maxSynonymCount  = 3 // most general-English uses of a word read through synonyms
	minCorrectionLen = 4
)

// Kinds of unit, for explanations.
const (
	unitWord      = "word"
	unitConcept   = "concept"
	unitTypo      = "typo"
	unitPrefix    = "abbreviation"
	unitExpansion = "expansion"
	unitSynonym   = "synonym"
	unitUnseen    = "unseen"
)

// unit is one piece of a question's meaning, which an entry covers or
// not: a word, a vocabulary concept, or a word no entry holds read as
// some that entries do.
type unit struct {
	display string // the question's own words
	kind    string
	weight  float64 // in (0, 1], scaled by the reading's factor
	// alts are the terms that cover the unit, each with the factor its
	// reading counts for.
	alts    []alt
	context bool
	// org is the organisation type the unit's words also name ("GP"), so
	// an entry of that type covers it.
	org knowledge.OrgType
}

type alt struct {
	term   uint32
	name   string
	factor float64
}

// intents are the metadata a question names in everyday words.
type intents struct {
	kinds       []knowledge.Kind
	orgTypes    []knowledge.OrgType
	outcomes    []knowledge.Outcome
	evidence    []knowledge.Evidence
	stopReasons []knowledge.StopReason
}

func (in intents) empty() bool {
	return len(in.kinds) == 0 && len(in.orgTypes) == 0 && len(in.outcomes) == 0 &&
		len(in.evidence) == 0 && len(in.stopReasons) == 0
}

// topical reports whether the intents name something beyond a kind of
// entry: "how do I" names a kind, not a topic.
func (in intents) topical() bool {
	return len(in.orgTypes) > 0 || len(in.outcomes) > 0 || len(in.evidence) > 0 || len(in.stopReasons) > 0
}

// parsed is a question taken apart.
type parsed struct {
	units   []unit
	intents intents
}

// parse takes a question (and the thread's first question, if any) apart.
// Caller holds ix.mu.
func (ix *Index) parse(text, context string) parsed {
	var p parsed
	ix.parseInto(&p, text, false)
	if strings.TrimSpace(context) != "" {
		var c parsed
		ix.parseInto(&c, context, true)
		for _, u := range c.units {
			if !slices.ContainsFunc(p.units, func(x unit) bool { return x.display == u.display || sameTerms(x, u) }) {
				p.units = append(p.units, u)
			}
		}
		if p.intents.empty() {
			p.intents = c.intents
		}
	}
	return p
}

func sameTerms(a, b unit) bool {
	return len(a.alts) > 0 && len(b.alts) > 0 && a.alts[0].term == b.alts[0].term
}

// parseInto reads one text's units and intents into p.
func (ix *Index) parseInto(p *parsed, text string, context bool) {
	raw := words.Tokens(text)
	// Abbreviations stand for their expansions ("MSK" → "musculoskeletal"),
	// which are matched like words the question typed.
	var toks []string
	expanded := map[int]bool{}
	for _, t := range raw {
		if exp, ok := ix.vocab.abbrev[t]; ok && ix.dfOf(ix.stem.stem(t)) == 0 {
			for _, e := range exp {
				expanded[len(toks)] = true
				toks = append(toks, e)
			}
			continue
		}
		toks = append(toks, t)
	}
	factor := 1.0
	if context {
		factor = contextFactor
	}
	used := make([]bool, len(toks))
	orgAt := make([]knowledge.OrgType, len(toks))
	// Metadata: organisation types mark their words (which may also be a
	// topic: "GP"); outcomes, kinds and evidence levels are used up.
	for _, sp := range ix.vocab.orgTypes.match(toks) {
		p.intents.orgTypes = appendNew(p.intents.orgTypes, knowledge.OrgType(sp.value))
		for i := sp.start; i < sp.end; i++ {
			orgAt[i] = knowledge.OrgType(sp.value)
		}
	}
	for _, sp := range ix.vocab.outcomes.match(toks) {
		p.intents.outcomes = appendNew(p.intents.outcomes, knowledge.Outcome(sp.value))
		markUsed(used, sp)
	}
	for _, sp := range ix.vocab.kinds.match(toks) {
		// A kind ("trialled", "guidance") is a preference, and its words
		// stay topic words: "which AI tools are being trialled most".
		p.intents.kinds = appendNew(p.intents.kinds, knowledge.Kind(sp.value))
		if sp.value == string(knowledge.KindPilot) {
			// Someone who asks what was tried wants use cases too.
			p.intents.kinds = appendNew(p.intents.kinds, knowledge.KindUseCase)
		}
	}
	for _, sp := range ix.vocab.evidence.match(toks) {
		switch sp.value {
		case evidenceStrong:
			for _, e := range []knowledge.Evidence{knowledge.EvidenceServiceEvaluation, knowledge.EvidencePeerReviewed, knowledge.EvidenceRCT} {
				p.intents.evidence = appendNew(p.intents.evidence, e)
			}
		case evidenceWeak:
			p.intents.evidence = appendNew(p.intents.evidence, knowledge.EvidenceAnecdotal)
		}
		markUsed(used, sp)
	}
	if slices.Contains(p.intents.outcomes, knowledge.OutcomeAbandoned) {
		// "stopped because of cost": why, only for stopped pilots. The
		// words stay topic words too.
		for _, sp := range ix.vocab.stopReasons.match(toks) {
			p.intents.stopReasons = appendNew(p.intents.stopReasons, knowledge.StopReason(sp.value))
		}
	}
	// Concepts.
	inConcept := make([]bool, len(toks))
	for _, sp := range ix.vocab.concepts.match(toks) {
		if anyUsed(used, sp) {
			continue
		}
		for i := sp.start; i < sp.end; i++ {
			inConcept[i] = true
		}
		term := conceptTerm(sp.value)
		u := unit{display: strings.Join(toks[sp.start:sp.end], " "), kind: unitConcept, context: context}
		// A concept is what the vocabulary says the domain is about: it
		// weighs at least conceptFloor, however many entries mention it
		// in passing.
		u.weight = max(ix.termWeight(ix.dfOf(term)), conceptFloor) * factor
		if t, ok := ix.termID[term]; ok {
			u.alts = append(u.alts, alt{term: t, name: term, factor: 1})
		}
		for i := sp.start; i < sp.end; i++ {
			if orgAt[i] != "" {
				u.org = orgAt[i]
			}
		}
		if !slices.ContainsFunc(p.units, func(x unit) bool { return x.display == u.display }) {
			p.units = append(p.units, u)
		}
	}
	// Words.
	for i, t := range toks {
		if used[i] || inConcept[i] || len(t) < 2 || isNumber(t) {
			continue
		}
		s := ix.stem.stem(t)
		if s == "" || slices.ContainsFunc(p.units, func(x unit) bool { return x.display == t }) {
			continue
		}
		u := ix.wordUnit(t, s)
		u.weight *= factor
		u.context = context
		u.org = orgAt[i]
		if expanded[i] {
			u.kind = unitExpansion
			u.weight *= expansionFactor
		}
		p.units = append(p.units, u)
	}
}

// wordUnit reads one word of a question. A word entries hold is itself.
// A word no entry holds is read, in turn, as a typo of a word they hold,
// as a short form of one ("histopath"), or through its thesaurus synonyms
// that entries hold; each reading counts for less than the word would. A
// word none of these reach is unseen: it weighs like the rarest term and
// covers nothing, so it lowers confidence without hiding the entries that
// match the rest. Caller holds ix.mu.
func (ix *Index) wordUnit(tok, st string) unit {
	u := unit{display: tok, kind: unitWord}
	spec := ix.lex.specificity(tok)
	if t, ok := ix.termID[st]; ok && ix.df[t] > 0 {
		u.weight = ix.termWeight(int(ix.df[t])) * spec
		u.alts = []alt{{term: t, name: st, factor: 1}}
		return u
	}
	u.weight = ix.termWeight(0) * spec
	u.kind = unitUnseen
	real := ix.lex.english[tok] || ix.lex.english[strings.TrimSuffix(tok, "s")]
	if !real {
		if w, ok := ix.correct(tok); ok {
			if t, ok := ix.termID[ix.stem.stem(w)]; ok && ix.df[t] > 0 {
				u.kind = unitTypo
				u.alts = []alt{{term: t, name: w, factor: correctedFactor}}
				return u
			}
		}
		if w, ok := ix.complete(tok); ok {
			if t, ok := ix.termID[ix.stem.stem(w)]; ok && ix.df[t] > 0 {
				u.kind = unitPrefix
				u.alts = []alt{{term: t, name: w, factor: prefixFactor}}
				return u
			}
		}
	}
	// Only a word general English rarely uses is read through its
	// synonyms: a common word's senses are too many ("last" → "close",
	// "final", "live"), a rare one's few ("binned" → "bin").
	if ix.lex.count(tok) > maxSynonymCount {
		return u
	}
	for _, syn := range ix.synonyms(tok) {
		s := ix.stem.stem(syn)
		if t, ok := ix.termID[s]; ok && ix.df[t] > 0 && !slices.ContainsFunc(u.alts, func(a alt) bool { return a.term == t }) {
			u.alts = append(u.alts, alt{term: t, name: syn, factor: synonymFactor})
			if len(u.alts) == maxSynonyms {
				break
			}
		}
	}
	if len(u.alts) > 0 {
		u.kind = unitSynonym
	}
	return u
}

// synonyms returns the thesaurus's synonyms of a word, trying its base
// form when the word itself is not listed ("binned" → "bin").
func (ix *Index) synonyms(tok string) []string {
	if s, ok := ix.lex.synonyms[tok]; ok {
		return s
	}
	for _, suffix := range []string{"ing", "ed", "es", "s", "d"} {
		base, ok := strings.CutSuffix(tok, suffix)
		if !ok || len(base) < 3 {
			continue
		}
		if s, ok := ix.lex.synonyms[base]; ok {
			return s
		}
		// "binned" → "binn" → "bin"
		if n := len(base); n > 3 && base[n-1] == base[n-2] {
			if s, ok := ix.lex.synonyms[base[:n-1]]; ok {
				return s
			}
		}
	}
	return nil
}

// correct returns the word entries hold that a typo most likely meant: one
// or two edits away (two for long words), the commonest if several. Only
// words that are neither English nor in the thesaurus are corrected, so a
// real word is never turned into another ("cardiology" is not a typo of
// "radiology"). Caller holds ix.mu.
func (ix *Index) correct(tok string) (string, bool) {
	n := len([]rune(tok))
	if n < minCorrectionLen || !isAlpha(tok) {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	rt := []rune(tok)
	best, bestDist, bestCount := "", limit+1, int32(-1)
	consider := func(w string, count int32) {
		if l := len(w); l < n-limit || l > n+limit+2 {
			return
		}
		d := words.EditDistanceRunes(rt, []rune(w), limit)
		if d < bestDist || (d == bestDist && count > bestCount) {
			best, bestDist, bestCount = w, d, count
		}
	}
	for l := n - limit; l <= n+limit; l++ {
		for _, w := range ix.wordBuckets[bucketKey(tok[0], l)] {
			if c := ix.words[w]; c > 0 && len(w) >= minCorrectionLen {
				consider(w, c)
			}
		}
	}
	for _, w := range ix.vocab.words {
		consider(w, ix.words[w])
	}
	if bestDist > limit {
		return "", false
	}
	return best, true
}

// complete returns the commonest word entries hold that starts with tok, a
// short form such as "histopath" or "radiol". Caller holds ix.mu.
func (ix *Index) complete(tok string) (string, bool) {
	if len(tok) < 4 || !isAlpha(tok) {
		return "", false
	}
	best, bestCount := "", int32(0)
	i, _ := slices.BinarySearch(ix.wordList, tok)
	for ; i < len(ix.wordList) && strings.HasPrefix(ix.wordList[i], tok); i++ {
		w := ix.wordList[i]
		if c := ix.words[w]; len(w) > len(tok)+1 && c > bestCount {
			best, bestCount = w, c
		}
	}
	return best, best != ""
}

func markUsed(used []bool, sp span) {
	for i := sp.start; i < sp.end; i++ {
		used[i] = true
	}
}

func anyUsed(used []bool, sp span) bool {
	for i := sp.start; i < sp.end; i++ {
		if used[i] {
			return true
		}
	}
	return false
}

func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func isAlpha(t string) bool {
	for _, r := range t {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return t != ""
}

func isNumber(t string) bool {
	for _, r := range t {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return t != ""
}

// Terms returns what text means for matching other things the same way
// (an expert's topics): its vocabulary concepts, and the stems of its
// other words, typos corrected. "data protection impact assessment" is one
// concept, not four words more.
func (ix *Index) Terms(text string) (concepts, stems []string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	toks := words.Tokens(text)
	for i, t := range toks {
		if ix.dfOf(ix.stem.stem(t)) == 0 && !ix.lex.english[t] {
			if w, ok := ix.correct(t); ok {
				toks[i] = w
			}
		}
	}
	in := make([]bool, len(toks))
	for _, sp := range ix.vocab.concepts.match(toks) {
		concepts = appendNew(concepts, sp.value)
		for i := sp.start; i < sp.end; i++ {
			in[i] = true
		}
	}
	for i, t := range toks {
		if in[i] || len(t) < 3 {
			continue
		}
		if s := ix.stem.stem(t); s != "" {
			stems = appendNew(stems, s)
		}
	}
	return concepts, stems
}
