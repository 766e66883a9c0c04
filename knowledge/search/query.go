package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Query is a question plus optional hard filters.
type Query struct {
	// Text is the question as asked.
	Text string
	// Context is earlier text the question follows up (the first question
	// of a Slack thread); it counts, but for less than Text.
	Context string
	// Filters: only entries with these values (empty: any).
	Kind     knowledge.Kind
	Category knowledge.Category
	OrgType  knowledge.OrgType
	Outcome  knowledge.Outcome
	// Limit is the most hits to return (default 3).
	Limit int
}

// Result is what a search found: the entries, best first, and which kind
// of answer they make.
type Result struct {
	Hits       []Hit
	Confidence knowledge.Confidence
}

// Hit is one relevant entry, best first.
type Hit struct {
	Entry knowledge.Entry
	// Score is in [0, 1]: how much of the question the entry covers, how
	// well the full-text engine ranks it, and how well its metadata fits
	// what the question names.
	Score float64
}

// Threshold is the least share of a question's meaning (weighted by how rare
// each term is) that an entry must cover to be returned. Below it, kbbot
// says it found nothing rather than offering the least-bad entry.
const Threshold = 0.5

// Relevance tuning. Weights of the final score's parts, how much a typo
// correction or a follow-up's context counts, and how many candidates the
// full-text engine hands to the relevance check.
const (
	weightCoverage   = 0.55
	weightText       = 0.30
	weightIntent     = 0.15
	correctedFactor  = 0.8
	contextFactor    = 0.5
	candidates       = 40
	conceptBoost     = 2.5
	intentBoostKind  = 1.0
	intentBoostOther = 2.0
	// maxWordWeight caps a single word's weight: in a small knowledge base
	// an ordinary word ("forward") can be rarer than any concept, and must
	// not outweigh the rest of the question on its own.
	maxWordWeight = 3.5
	// A word held by more than 1/commonShare of the entries (and more
	// than commonMin) is left out of the full-text query.
	commonShare = 4
	commonMin   = 500
	// bodyOnlyFactor is the credit for a term found only deep in an
	// entry's body: an entry is about what its title, tags and summary say.
	bodyOnlyFactor = 0.75
	// conceptMinWeight is the least a vocabulary concept weighs however
	// many entries hold it: concepts are the curated words of the domain,
	// and "clinical safety officer" is what "CSO for a chatbot" is about.
	conceptMinWeight = 3.0
	// englishFactor scales ordinary English words against domain terms:
	// in "do the Caldicott principles apply to AI", "apply" says less than
	// "Caldicott".
	englishFactor = 0.8
	// Weights of the metadata a question names, counted like terms: an
	// outcome or an organisation type ("success stories from general
	// practice") and, weaker, a kind of entry ("pilots", "guidance on").
	intentWeight     = 2.0
	kindIntentWeight = 1.0
	// unseenWordWeight is the weight of a word no entry holds.
	unseenWordWeight = 4.5
	// plainWordsThreshold is the coverage a question of ordinary English
	// words only must reach.
	plainWordsThreshold = 0.8
)

// unit is one piece of a question's meaning that an entry either covers or
// not: a concept ("ambient_scribe") or a stemmed word ("backlog").
type unit struct {
	key     string   // the stem or concept key an entry may hold
	alt     []string // for a concept: stems that together also cover it
	org     knowledge.OrgType
	weight  float64
	display string
	// anchor marks a unit that pins the topic down: a vocabulary concept
	// or a word that is not ordinary English (a term, a name, an acronym).
	anchor bool
}

// intents are the metadata a question names in everyday words.
type intents struct {
	kinds    []knowledge.Kind
	orgTypes []knowledge.OrgType
	outcomes []knowledge.Outcome
}

func (in intents) empty() bool {
	return len(in.kinds) == 0 && len(in.orgTypes) == 0 && len(in.outcomes) == 0
}

// parsed is a question taken apart.
type parsed struct {
	units []unit
	// text are the question's words for the full-text engine (all but
	// the commonest).
	text     []string
	context  []string
	concepts []string
	intents  intents
}

// Search returns the approved entries that answer q, best first, at most
// q.Limit, and only those above Threshold: an empty result means "nothing
// relevant".
func (ix *Index) Search(ctx context.Context, q Query) (Result, error) {
	hits, err := ix.search(ctx, q)
	if err != nil {
		return Result{}, err
	}
	if len(hits) == 0 {
		return Result{Confidence: knowledge.ConfidenceNone}, nil
	}
	return Result{Hits: hits, Confidence: knowledge.ConfidenceHigh}, nil
}

func (ix *Index) search(ctx context.Context, q Query) ([]Hit, error) {
	if q.Limit <= 0 {
		q.Limit = 3
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := ix.parse(q.Text, 1)
	if q.Context != "" {
		c := ix.parse(q.Context, contextFactor)
		p.units = mergeUnits(p.units, c.units)
		p.context = c.text
		for _, cc := range c.concepts {
			if !slices.Contains(p.concepts, cc) {
				p.concepts = append(p.concepts, cc)
			}
		}
		if p.intents.empty() {
			p.intents = c.intents
		}
	}
	if len(p.units) == 0 && p.intents.empty() && !hasFilter(q) {
		return nil, nil
	}
	if !ix.answerable(p) {
		return nil, nil
	}
	// Most answers match in an entry's lead (title, tags, summary), whose
	// postings are a fraction of the bodies': look there first, and walk
	// the bodies only when the lead does not yield enough.
	hits, err := ix.candidates(ctx, p, q, true)
	if err != nil {
		return nil, err
	}
	if len(hits) < q.Limit {
		if hits, err = ix.candidates(ctx, p, q, false); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(hits, func(a, b Hit) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Entry.ID, b.Entry.ID)
	})
	if len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	return hits, nil
}

func hasFilter(q Query) bool {
	return q.Kind != "" || q.Category != "" || q.OrgType != "" || q.Outcome != ""
}

// candidates runs the full-text query (over the lead fields only, or all)
// and keeps the hits that pass the relevance check, scored. Caller holds
// ix.mu.
func (ix *Index) candidates(ctx context.Context, p parsed, q Query, leadOnly bool) ([]Hit, error) {
	req := bleve.NewSearchRequestOptions(ix.bleveQuery(p, q, leadOnly), candidates, 0, false)
	res, err := ix.bl.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	maxScore := 0.0
	for _, h := range res.Hits {
		maxScore = math.Max(maxScore, h.Score)
	}
	var hits []Hit
	for _, h := range res.Hits {
		d, ok := ix.docs[h.ID]
		if !ok {
			continue
		}
		cov, ok := ix.coverage(d, p)
		if !ok {
			continue
		}
		text := 0.0
		if maxScore > 0 {
			text = h.Score / maxScore
		}
		// Named metadata already counts inside coverage (when there are
		// terms too); counting it again here would let "pilot" and "GP"
		// outrank the topic the question is about.
		score := weightCoverage*cov + weightText*text
		if len(p.units) == 0 && !p.intents.empty() {
			score += weightIntent * intentFit(d.entry, p.intents)
		} else {
			score += weightIntent * cov
		}
		hits = append(hits, Hit{Entry: d.entry.Clone(), Score: math.Round(score*1000) / 1000})
	}
	return hits, nil
}

// parse takes a question apart into units of meaning, words for the
// full-text engine and metadata intents. factor scales unit weights (a
// follow-up's context counts less). Caller holds ix.mu.
func (ix *Index) parse(text string, factor float64) parsed {
	toks := Tokens(text)
	corrected := make([]bool, len(toks))
	for i, t := range toks {
		if c, ok := ix.correct(t); ok {
			toks[i], corrected[i] = c, true
		}
	}
	var p parsed
	inIntent := make([]bool, len(toks))
	orgAt := make([]knowledge.OrgType, len(toks))
	for _, sp := range ix.vocab.orgTypes.match(toks) {
		p.intents.orgTypes = appendNew(p.intents.orgTypes, knowledge.OrgType(sp.value))
		for i := sp.start; i < sp.end; i++ {
			inIntent[i], orgAt[i] = true, knowledge.OrgType(sp.value)
		}
	}
	for _, sp := range ix.vocab.outcomes.match(toks) {
		p.intents.outcomes = appendNew(p.intents.outcomes, knowledge.Outcome(sp.value))
		for i := sp.start; i < sp.end; i++ {
			inIntent[i] = true
		}
	}
	for _, sp := range ix.vocab.kinds.match(toks) {
		p.intents.kinds = appendNew(p.intents.kinds, knowledge.Kind(sp.value))
		for i := sp.start; i < sp.end; i++ {
			inIntent[i] = true
		}
	}
	inConcept := make([]bool, len(toks))
	for _, sp := range ix.vocab.concepts.match(toks) {
		for i := sp.start; i < sp.end; i++ {
			inConcept[i] = true
		}
		if slices.Contains(p.concepts, sp.value) {
			continue
		}
		p.concepts = append(p.concepts, sp.value)
		u := unit{key: conceptKey(sp.value), display: strings.Join(toks[sp.start:sp.end], " "), anchor: !ix.vocab.soft[sp.value]}
		anyCorrected := false
		for i := sp.start; i < sp.end; i++ {
			if s := ix.stem(toks[i]); s != "" {
				u.alt = append(u.alt, s)
			}
			anyCorrected = anyCorrected || corrected[i]
			if orgAt[i] != "" {
				u.org = orgAt[i]
			}
		}
		u.weight = max(ix.idf(u.key), conceptMinWeight) * factor
		if anyCorrected {
			u.weight *= correctedFactor
		}
		p.units = append(p.units, u)
		for _, t := range toks[sp.start:sp.end] {
			if st := ix.stem(t); st != "" && ix.tab.df(st) <= max(commonMin, len(ix.docs)/commonShare) {
				p.text = append(p.text, t)
			}
		}
	}
	for i, t := range toks {
		if inConcept[i] || inIntent[i] || ix.vocab.Filler(t) || isNumber(t) {
			continue
		}
		s := ix.stem(t)
		if s == "" || slices.ContainsFunc(p.units, func(u unit) bool { return u.key == s }) {
			continue
		}
		english := ix.english[t]
		if ix.tab.df(s) == 0 && !english && !isAlpha(t) {
			// Chat shorthand ("any1", "b4") that is neither in the
			// knowledge base nor a word: it says nothing about the topic.
			continue
		}
		w := min(ix.idf(s), maxWordWeight)
		if ix.tab.df(s) == 0 {
			// A word no entry holds is most likely the very topic the
			// knowledge base lacks ("sepsis", "parking", "GMC").
			w = unseenWordWeight
		}
		w *= factor
		if corrected[i] {
			w *= correctedFactor
		}
		if english {
			w *= englishFactor
		}
		// Ordinary English words ("apply", "leave", "cover") turn up in
		// many entries in other senses; domain terms do not.
		p.units = append(p.units, unit{key: s, weight: w, display: t, anchor: !english})
		// Words most entries hold rank nothing and cost the engine a walk
		// over most of the index: the relevance check still counts them.
		if ix.tab.df(s) <= max(commonMin, len(ix.docs)/commonShare) {
			p.text = append(p.text, t)
		}
	}
	return p
}

// answerable reports whether any entry could pass the relevance check: if
// the terms no entry holds already outweigh the threshold, or no entry
// holds any of the question's domain terms, the answer is "nothing", and
// the full-text engine need not be asked. Caller holds ix.mu.
func (ix *Index) answerable(p parsed) bool {
	if len(p.units) == 0 {
		return true // metadata or filters only: judged per entry
	}
	total, held := 0.0, 0.0
	anchors, anchorsHeld := 0, 0
	for _, u := range p.units {
		total += u.weight
		present := ix.tab.df(u.key) > 0 || u.org != ""
		if !present && len(u.alt) > 0 {
			present = true
			for _, s := range u.alt {
				present = present && ix.tab.df(s) > 0
			}
		}
		if present {
			held += u.weight
		}
		if u.anchor {
			anchors++
			if present {
				anchorsHeld++
			}
		}
	}
	switch {
	case total == 0:
		return false
	case anchors > 0:
		return held/total >= Threshold && anchorsHeld > 0
	default:
		return held/total >= plainWordsThreshold
	}
}

// coverage is the weighted share of the question's units that d covers,
// and whether that clears Threshold. A question made only of metadata words
// ("what did GP surgeries drop?") is judged on the metadata instead.
func (ix *Index) coverage(d *doc, p parsed) (float64, bool) {
	if len(p.units) == 0 {
		if p.intents.empty() {
			return 1, true // explicit filters only: every filtered entry fits
		}
		if len(p.intents.orgTypes) == 0 && len(p.intents.outcomes) == 0 {
			// "how do I …" names a kind of entry, not a topic: alone it
			// would match every piece of guidance.
			return 0, false
		}
		fit := intentFit(d.entry, p.intents)
		return fit, fit >= Threshold
	}
	total, got := 0.0, 0.0
	anchors, anchorsCovered := 0, 0
	// Metadata the question names counts like a term the entry covers when
	// its metadata matches. An organisation type already read as a concept
	// ("GP surgeries") is not counted twice.
	if len(p.intents.outcomes) > 0 {
		total += intentWeight
		if slices.Contains(p.intents.outcomes, d.entry.Outcome) {
			got += intentWeight
		}
	}
	if len(p.intents.orgTypes) > 0 && !slices.ContainsFunc(p.units, func(u unit) bool { return u.org != "" }) {
		total += intentWeight
		if slices.Contains(p.intents.orgTypes, d.entry.OrgType) {
			got += intentWeight
		}
	}
	if len(p.intents.kinds) > 0 {
		total += kindIntentWeight
		if slices.Contains(p.intents.kinds, d.entry.Kind) {
			got += kindIntentWeight
		}
	}
	for _, u := range p.units {
		total += u.weight
		if u.anchor {
			anchors++
		}
		credit := 0.0
		switch {
		case ix.tab.holds(d, u.key, true):
			credit = 1
		case ix.covers(d, u):
			credit = bodyOnlyFactor
		}
		got += u.weight * credit
		if u.anchor && credit > 0 {
			anchorsCovered++
		}
	}
	if total == 0 {
		return 0, false
	}
	c := got / total
	switch {
	case anchors > 0:
		// The entry must share at least one of the question's terms, not
		// just its ordinary words.
		return c, c >= Threshold && anchorsCovered > 0
	default:
		// Ordinary words only ("how do I apply for study leave"): they
		// must nearly all match before we trust the match.
		return c, c >= plainWordsThreshold
	}
}

func (ix *Index) covers(d *doc, u unit) bool {
	if ix.tab.holds(d, u.key, false) {
		return true
	}
	if u.org != "" && d.entry.OrgType == u.org {
		return true
	}
	if len(u.alt) == 0 {
		return false
	}
	for _, s := range u.alt {
		if !ix.tab.holds(d, s, false) {
			return false
		}
	}
	return true
}

// intentFit is the share of named metadata kinds (organisation type,
// outcome, entry kind) that the entry matches.
func intentFit(e knowledge.Entry, in intents) float64 {
	n, hit := 0, 0
	if len(in.orgTypes) > 0 {
		n++
		if slices.Contains(in.orgTypes, e.OrgType) {
			hit++
		}
	}
	if len(in.outcomes) > 0 {
		n++
		if slices.Contains(in.outcomes, e.Outcome) {
			hit++
		}
	}
	if len(in.kinds) > 0 {
		n++
		if slices.Contains(in.kinds, e.Kind) {
			hit++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(hit) / float64(n)
}

// bleveQuery turns a parsed question into the candidate query: the words in
// each field with its boost, the concepts, the metadata as soft preferences
// and the explicit filters as hard ones.
func (ix *Index) bleveQuery(p parsed, q Query, leadOnly bool) query.Query { // caller holds ix.mu
	var text []query.Query
	fields := fieldBoosts()
	if leadOnly {
		fields = fields[:len(fields)-1] // the body is last
	}
	match := func(words []string, factor float64) []query.Query {
		if len(words) == 0 {
			return nil
		}
		var qs []query.Query
		for _, f := range fields {
			mq := bleve.NewMatchQuery(strings.Join(words, " "))
			mq.SetField(f.name)
			mq.SetBoost(f.boost * factor)
			qs = append(qs, mq)
		}
		return qs
	}
	text = append(text, match(p.text, 1)...)
	text = append(text, match(p.context, contextFactor)...)
	for _, c := range p.concepts {
		text = append(text, termQuery(fieldConceptsLead, c, conceptBoost*leadBoost))
		if !leadOnly {
			text = append(text, termQuery(fieldConceptsBody, c, conceptBoost))
		}
	}
	var prefs []query.Query
	for _, k := range p.intents.kinds {
		prefs = append(prefs, termQuery(fieldKind, string(k), intentBoostKind))
	}
	for _, o := range p.intents.orgTypes {
		prefs = append(prefs, termQuery(fieldOrgType, string(o), intentBoostOther))
	}
	for _, o := range p.intents.outcomes {
		prefs = append(prefs, termQuery(fieldOutcome, string(o), intentBoostOther))
	}
	bq := bleve.NewBooleanQuery()
	switch {
	case len(text) > 0:
		bq.AddMust(bleve.NewDisjunctionQuery(text...))
		if len(prefs) > 0 {
			bq.AddShould(prefs...)
		}
	case len(prefs) > 0:
		bq.AddMust(bleve.NewDisjunctionQuery(prefs...))
	default:
		bq.AddMust(bleve.NewMatchAllQuery())
	}
	for _, f := range []struct{ field, value string }{
		{fieldKind, string(q.Kind)}, {fieldCategory, string(q.Category)},
		{fieldOrgType, string(q.OrgType)}, {fieldOutcome, string(q.Outcome)},
	} {
		if f.value != "" {
			bq.AddMust(termQuery(f.field, f.value, 0))
		}
	}
	return bq
}

func termQuery(field, value string, boost float64) query.Query {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	if boost > 0 {
		tq.SetBoost(boost)
	}
	return tq
}

// correct returns the knowledge-base word a typo most likely meant. Real
// words are left alone (so "parking" never becomes "marking"), as are short
// tokens, numbers and words the index already knows. Caller holds ix.mu.
func (ix *Index) correct(tok string) (string, bool) {
	n := len([]rune(tok))
	if n < 4 || isNumber(tok) || ix.vocab.Filler(tok) {
		return "", false
	}
	if ix.tab.wordCountOf(tok) > 0 || ix.english[tok] || ix.tab.df(ix.stem(tok)) > 0 {
		return "", false
	}
	if _, ok := ix.vocab.concepts.phrases[tok]; ok {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	rt := []rune(tok)
	best, bestDist, bestDF := "", limit+1, -1
	consider := func(w string, df int) {
		d := editDistance(rt, []rune(w), limit)
		if d < bestDist || (d == bestDist && df > bestDF) {
			best, bestDist, bestDF = w, d, df
		}
	}
	// Vocabulary words first: short acronyms like "dpia" are only ever
	// corrected to vocabulary terms.
	for _, w := range ix.vocab.words {
		if l := len([]rune(w)); l >= n-limit && l <= n+limit {
			consider(w, ix.tab.wordCountOf(w)+1000)
		}
	}
	if n >= 5 {
		for l := n - limit; l <= n+limit; l++ {
			for _, id := range ix.tab.byLen[l] {
				if c := ix.tab.wordCount[id]; c > 0 && len(ix.tab.wordName[id]) >= 4 {
					consider(ix.tab.wordName[id], int(c))
				}
			}
		}
	}
	if bestDist > limit {
		return "", false
	}
	return best, true
}

// Correct is the typo correction search uses, for matching other things (an
// expert's topics) the same way.
func (ix *Index) Correct(tok string) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if c, ok := ix.correct(tok); ok {
		return c
	}
	return tok
}

// Stem returns the index's English stem of one token ("" for a stop word).
func (ix *Index) Stem(tok string) string { return ix.stem(tok) }

// Vocabulary returns the index's vocabulary.
func (ix *Index) Vocabulary() *Vocabulary { return ix.vocab }

// Terms returns what text means for matching, after typo correction: its
// vocabulary concepts, and the stems of its other words (those outside any
// concept phrase, and not fillers). "data protection impact assessment"
// is one concept, not four words more.
func (ix *Index) Terms(text string) (concepts, stems []string) {
	toks := Tokens(text)
	for i, t := range toks {
		toks[i] = ix.Correct(t)
	}
	in := make([]bool, len(toks))
	for _, sp := range ix.vocab.concepts.match(toks) {
		if !slices.Contains(concepts, sp.value) {
			concepts = append(concepts, sp.value)
		}
		for i := sp.start; i < sp.end; i++ {
			in[i] = true
		}
	}
	for i, t := range toks {
		if in[i] || len(t) < 3 || ix.vocab.Filler(t) {
			continue
		}
		if s := ix.Stem(t); s != "" && !slices.Contains(stems, s) {
			stems = append(stems, s)
		}
	}
	return concepts, stems
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

func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// mergeUnits adds context units that the question does not already have.
func mergeUnits(a, b []unit) []unit {
	for _, u := range b {
		if !slices.ContainsFunc(a, func(x unit) bool { return x.key == u.key }) {
			a = append(a, u)
		}
	}
	return a
}
