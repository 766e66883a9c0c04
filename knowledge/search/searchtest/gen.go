// Package searchtest generates realistic synthetic knowledge entries, loads
// the search question set, and reports latency percentiles and memory, for
// the benchmarks of knowledge/search and handlers. It is test support: no
// production code imports it.
package searchtest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
)

// Seed is the fixed random seed of the benchmark corpus, so every run
// indexes the same entries and figures stay comparable between runs.
const Seed uint64 = 20261127

// Body lengths of generated entries, in characters.
const (
	MinBody = 500
	MaxBody = 1500
)

// ordinaryWords are everyday words that any write-up uses, in four lists
// separated by "#": nouns, verbs (base form), adjectives, and time or place
// phrases (these separated by "|"). A const, not a package variable, per house style.
const ordinaryWords = `
access account action advice agenda analysis answer approach area audit backlog baseline benefit
board budget burden business capacity case champion change clinic colleague comparison concern
contract cost data deadline decision delay demand department design detail difference discharge
effort email evidence example experience feedback figure finding follow-up form forum gap goal
group handover impact incident input issue job knowledge lesson letter licence list load manager
meeting message method model month network note number option outcome output owner paperwork
partner pathway pattern people performance phase plan policy practice pressure priority problem
process progress project queue question rate reason record referral report request resource
result review risk role rota rule safety sample scope service session shift site skill slot
software staff stage standard step support system task team test time tool training trial trust
update user value version volume waiting ward week work workload year
#
reduce improve speed check review measure track cut share agree test plan compare support train
automate sort flag route prioritise summarise draft record code book schedule forecast predict
screen triage report publish explain document validate monitor audit budget procure extend scale
replace pause stop restart adapt simplify standardise capture estimate allocate escalate release
recruit involve inform reassure protect secure integrate link connect configure deploy assess
learn
#
small large local national regional early late slow fast clear simple complex careful practical
useful reliable accurate inaccurate safe unsafe busy quiet weekly monthly annual clinical
administrative digital manual shared separate new existing formal informal modest significant
measurable unexpected common rare urgent routine planned unplanned limited wider narrow first
second final frontline senior junior independent internal external open honest realistic
cautious confident anxious positive negative mixed steady
#
last winter|this spring|over the summer|since the autumn|in the first quarter|after go-live|
before the pilot|during the evaluation|across two sites|in one outpatient clinic|on the wards|
in the back office|at the weekend|out of hours|in the first month|after six months`

// orgPhrases describe where a write-up comes from, by organisation type.
func orgPhrases(o knowledge.OrgType) []string {
	switch o {
	case knowledge.OrgAcuteTrust:
		return []string{"an acute trust", "a London teaching hospital", "a district general hospital"}
	case knowledge.OrgPrimaryCare:
		return []string{"a GP practice", "a primary care network", "a group of GP surgeries"}
	case knowledge.OrgICB:
		return []string{"an ICB", "an integrated care board", "the ICB digital team"}
	case knowledge.OrgMentalHealth:
		return []string{"a mental health trust", "a talking therapies service"}
	case knowledge.OrgCommunity:
		return []string{"a community trust", "a community nursing team"}
	case knowledge.OrgAmbulance:
		return []string{"an ambulance trust", "an ambulance control room"}
	}
	return []string{"a health innovation network", "a commissioning support unit"}
}

// Generator makes synthetic entries that look like the seed: the same
// kinds, categories, organisation types and outcomes, titles and summaries
// built from the seed's tags and title words mixed with ordinary words, and
// Markdown bodies of MinBody to MaxBody characters. Two generators with the
// same seed make the same entries. A Generator is not safe for concurrent
// use.
type Generator struct {
	rng                       *rand.Rand
	domain                    []string // seed tags and distinctive title words
	nouns, verbs, adjs, whens []string
	next                      int
}

// NewGenerator returns a generator seeded with seed.
func NewGenerator(seedValue uint64) (*Generator, error) {
	entries, err := seed.Entries()
	if err != nil {
		return nil, err
	}
	parts := strings.Split(ordinaryWords, "#")
	if len(parts) != 4 {
		return nil, fmt.Errorf("searchtest: word lists: got %d parts, want 4", len(parts))
	}
	g := &Generator{
		rng:   rand.New(rand.NewPCG(seedValue, seedValue^0x9e3779b97f4a7c15)),
		nouns: strings.Fields(parts[0]),
		verbs: strings.Fields(parts[1]),
		adjs:  strings.Fields(parts[2]),
	}
	for w := range strings.SplitSeq(parts[3], "|") {
		if w = strings.TrimSpace(w); w != "" {
			g.whens = append(g.whens, w)
		}
	}
	// The seed's vocabulary: its tags, the words and phrases its curators
	// chose to describe it. Sorted, so the order (and so the output) does
	// not depend on map iteration.
	seen := map[string]bool{}
	for _, e := range entries {
		for _, t := range e.Tags {
			seen[t] = true
		}
	}
	for w := range seen {
		g.domain = append(g.domain, w)
	}
	slices.Sort(g.domain)
	return g, nil
}

// Entries returns n generated entries from a generator seeded with
// seedValue.
func Entries(n int, seedValue uint64) ([]knowledge.Entry, error) {
	g, err := NewGenerator(seedValue)
	if err != nil {
		return nil, err
	}
	out := make([]knowledge.Entry, n)
	for i := range out {
		out[i] = g.Entry()
	}
	return out, nil
}

// Corpus returns n entries in all: the seed, then generated entries (with
// Seed) to make up the number. It is the knowledge base of the benchmarks.
func Corpus(n int) ([]knowledge.Entry, error) {
	entries, err := seed.Entries()
	if err != nil {
		return nil, err
	}
	if n <= len(entries) {
		return entries[:n], nil
	}
	gen, err := Entries(n-len(entries), Seed)
	if err != nil {
		return nil, err
	}
	return append(entries, gen...), nil
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// Entry returns the next entry. It is approved, valid and normalised, and
// its free text holds no identifier the privacy screen would refuse.
func (g *Generator) Entry() knowledge.Entry {
	r := g.rng
	g.next++
	kinds := []knowledge.Kind{ // pilots are the commonest submissions
		knowledge.KindPilot, knowledge.KindPilot, knowledge.KindPilot, knowledge.KindPilot,
		knowledge.KindUseCase, knowledge.KindUseCase, knowledge.KindGuidance, knowledge.KindGuidance,
		knowledge.KindInsight, knowledge.KindInsight,
	}
	e := knowledge.Entry{
		ID:       fmt.Sprintf("gen-%06d", g.next),
		Kind:     pick(r, kinds),
		Category: pick(r, knowledge.Categories()),
		OrgType:  pick(r, knowledge.OrgTypes()),
		Stage:    pick(r, knowledge.Stages()),
		Status:   knowledge.StatusApproved,
	}
	org := pick(r, orgPhrases(e.OrgType))
	topic, other := pick(r, g.domain), pick(r, g.domain)
	if e.Kind == knowledge.KindPilot {
		e.Outcome = pick(r, knowledge.Outcomes())
		e.Evidence = pick(r, knowledge.EvidenceLevels())
		if e.Outcome == knowledge.OutcomeAbandoned {
			e.StopReason = pick(r, knowledge.StopReasons())
		}
	}
	e.Title = clip(capitalise(g.title(topic, other, org)), knowledge.MaxTitleLen)
	e.Summary = clip(g.summary(e, topic, other, org), knowledge.MaxSummaryLen)
	e.Body = g.body(topic, other, org)
	e.Tags = []string{topic}
	for range r.IntN(5) {
		e.Tags = append(e.Tags, pick(r, g.domain))
	}
	if r.IntN(4) == 0 {
		e.Tags = append(e.Tags, pick(r, g.nouns))
	}
	e.Source = fmt.Sprintf("Synthetic write-up from %s, %s", org, pick(r, g.whens))
	if r.IntN(3) == 0 {
		e.Contact = fmt.Sprintf("U%08X", r.Uint32())
	}
	created := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(900))
	e.CreatedAt = knowledge.Day(created)
	if r.IntN(2) == 0 {
		e.ReviewedAt = knowledge.Day(created.AddDate(0, 0, r.IntN(200)))
	}
	return knowledge.Normalize(e)
}

func (g *Generator) title(topic, other, org string) string {
	r := g.rng
	switch r.IntN(5) {
	case 0:
		return fmt.Sprintf("%s for %s %s: %s lessons from %s", topic, pick(r, g.nouns), pick(r, g.nouns), pick(r, g.adjs), org)
	case 1:
		return fmt.Sprintf("Using %s to %s the %s %s", topic, pick(r, g.verbs), pick(r, g.nouns), pick(r, g.nouns))
	case 2:
		return fmt.Sprintf("%s %s with %s and %s", pick(r, g.adjs), pick(r, g.nouns), topic, other)
	case 3:
		return fmt.Sprintf("What we learned about %s in %s", topic, org)
	}
	return fmt.Sprintf("How to %s %s %s when adopting %s", pick(r, g.verbs), pick(r, g.adjs), pick(r, g.nouns), topic)
}

func (g *Generator) summary(e knowledge.Entry, topic, other, org string) string {
	r := g.rng
	var b strings.Builder
	fmt.Fprintf(&b, "%s used %s to %s %s %s %s.", capitalise(org), topic, pick(r, g.verbs), pick(r, g.adjs), pick(r, g.nouns), pick(r, g.whens))
	if e.Outcome != "" {
		fmt.Fprintf(&b, " The outcome so far: %s, on %s evidence.", strings.ToLower(e.Outcome.Label()), strings.ToLower(e.Evidence.Label()))
	}
	for range 1 + r.IntN(2) {
		b.WriteString(" ")
		b.WriteString(g.sentence(topic, other, org))
	}
	return b.String()
}

// body writes paragraphs of three sentences until the body is at least a
// random target length between MinBody and MaxBody, then trims it to
// MaxBody at a word boundary.
func (g *Generator) body(topic, other, org string) string {
	target := MinBody + g.rng.IntN(MaxBody-MinBody+1)
	var b strings.Builder
	for n := 0; b.Len() < target; n++ {
		switch {
		case n == 0:
		case n%3 == 0:
			b.WriteString("\n\n")
		default:
			b.WriteString(" ")
		}
		b.WriteString(g.sentence(topic, other, org))
	}
	s := b.String()
	if len(s) <= MaxBody {
		return s
	}
	// Drop the sentence that ran over, unless that makes the body too
	// short; then cut at a word.
	if i := strings.LastIndex(s[:MaxBody], ". "); i+1 >= MinBody {
		return s[:i+1]
	}
	s = s[:strings.LastIndexByte(s[:MaxBody], ' ')]
	return strings.TrimRight(s, " ,;:.") + "."
}

// sentence is one sentence of ordinary prose about the topic.
func (g *Generator) sentence(topic, other, org string) string {
	r := g.rng
	n, a, v, w := func() string { return pick(r, g.nouns) }, func() string { return pick(r, g.adjs) },
		func() string { return pick(r, g.verbs) }, func() string { return pick(r, g.whens) }
	switch r.IntN(10) {
	case 0:
		return fmt.Sprintf("We set out to %s the %s %s with %s %s.", v(), a(), n(), topic, w())
	case 1:
		return fmt.Sprintf("The %s team agreed %s %s before anyone touched %s.", n(), article(a()), n(), other)
	case 2:
		return fmt.Sprintf("Staff said %s was %s for %s but %s for %s.", topic, a(), n(), a(), n())
	case 3:
		return fmt.Sprintf("It took %d weeks to %s the %s and %d more to %s it.", 2+r.IntN(20), v(), n(), 1+r.IntN(8), v())
	case 4:
		return fmt.Sprintf("The %s %s fell by about %d%% %s, which freed %s time.", n(), n(), 5+r.IntN(50), w(), a())
	case 5:
		return fmt.Sprintf("Our advice to %s is to %s %s early and to %s the %s.", org, v(), other, v(), n())
	case 6:
		return fmt.Sprintf("The main %s was %s %s, so we had to %s the %s %s.", n(), a(), n(), v(), a(), n())
	case 7:
		return fmt.Sprintf("Linking %s with %s meant %s %s for the %s.", topic, other, article(a()), n(), n())
	case 8:
		return fmt.Sprintf("%s, the %s lead asked us to %s every %s.", capitalise(w()), n(), v(), n())
	}
	return fmt.Sprintf("We would %s %s again, with %s %s and %s plan to %s.", v(), topic, article(a()), n(), article(a()), v())
}

// article puts "a" or "an" before w.
func article(w string) string {
	if w != "" && strings.ContainsRune("aeiou", rune(w[0])) {
		return "an " + w
	}
	return "a " + w
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// clip shortens s to at most max characters, at a word boundary.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	rs := []rune(s)[:max]
	if i := strings.LastIndexByte(string(rs), ' '); i > 0 {
		return strings.TrimRight(string(rs)[:i], " ,;:")
	}
	return string(rs)
}

// BenchSet is the question set the benchmarks ask, from the module's root:
// a development set (tuned on, so it says nothing of quality; it is here
// for questions as staff write them).
const BenchSet = "knowledge/search/testdata/2026-12-07-dev-seed.jsonl"

// BenchQuestions reads BenchSet from any package of the module: it looks
// for the module's go.mod from the working directory up.
func BenchQuestions() ([]string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return Questions(filepath.Join(dir, BenchSet))
		}
		up := filepath.Dir(dir)
		if up == dir {
			return nil, fmt.Errorf("searchtest: no go.mod above the working directory")
		}
		dir = up
	}
}

// Questions reads the "q" of every line of a question set in the format
// of knowledge/search/testdata (JSON lines with a "q").
func Questions(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var q struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		qs = append(qs, q.Q)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%s: no questions", path)
	}
	return qs, nil
}

// Latencies collects the duration of each operation of a benchmark, for
// percentiles: a mean hides the slow questions that users notice.
type Latencies struct {
	d []time.Duration
}

// Time runs f and records how long it took.
func (l *Latencies) Time(f func()) {
	start := time.Now()
	f()
	l.d = append(l.d, time.Since(start))
}

// Percentile returns the p-th percentile (0 < p <= 100) by the
// nearest-rank method, or 0 when nothing was recorded.
func (l *Latencies) Percentile(p float64) time.Duration {
	if len(l.d) == 0 {
		return 0
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

// Report adds p50-ms and p99-ms to the benchmark's results.
func (l *Latencies) Report(b *testing.B) {
	b.Helper()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(l.Percentile(50)), "p50-ms")
	b.ReportMetric(ms(l.Percentile(99)), "p99-ms")
}

// HeapInuse returns the bytes of heap in use after a garbage collection, so
// that only live data counts.
func HeapInuse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// ReportMemory adds the live heap (heap-inuse-MB), the part of it above
// baseline (a HeapInuse taken before building what is measured;
// built-heap-MB) and, where /proc/self/status is readable, the process's
// resident set (rss-MB) to the benchmark's results. Call it while what is
// measured is still referenced.
func ReportMemory(b *testing.B, baseline uint64) {
	b.Helper()
	const mb = 1 << 20
	inuse := HeapInuse()
	b.ReportMetric(float64(inuse)/mb, "heap-inuse-MB")
	b.ReportMetric((float64(inuse)-float64(baseline))/mb, "built-heap-MB")
	if kb, ok := vmRSSKiB(); ok {
		b.ReportMetric(float64(kb)/1024, "rss-MB")
	}
}

// vmRSSKiB reads VmRSS from /proc/self/status (Linux only).
func vmRSSKiB() (uint64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false // not Linux, or no /proc: rss is simply not reported
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		v, ok := strings.CutPrefix(line, "VmRSS:")
		if !ok {
			continue
		}
		f := strings.Fields(v) // "123456 kB"
		if len(f) == 0 {
			return 0, false
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		return n, err == nil
	}
	return 0, false
}
