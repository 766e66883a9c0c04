package privacy

import (
	"regexp"
	"slices"
	"sort"
	"time"
)

// Screener finds patient identifiers in text. Build one with New at start-up
// and share it: it holds only compiled patterns, word lists and the
// allow-list, and is safe for concurrent use.
type Screener struct {
	// email, hospital, ni and postcode match shapes; hospital is anchored
	// with ^ and tried only where its keyword can start (keywordMatches).
	email, disguisedEmail, hospital, ni, postcode *regexp.Regexp
	// street is a house number and a street, the head of a home address
	// ("12 High Street").
	street *regexp.Regexp
	// hospitalAlone is a hospital-number keyword alone, codeBefore a code
	// at the end of text (for "K1234567 (hosp no)").
	hospitalAlone, codeBefore *regexp.Regexp
	// fhirType and fhirValue find a FHIR identifier typed as a hospital
	// number, and its value.
	fhirType, fhirValue *regexp.Regexp
	// date matches a date in any common form; dobEnd a birth word at the
	// end of text.
	date, dobEnd *regexp.Regexp
	// dobEndIntl is a birth word of another language at the end of text,
	// and dobCueIntl one anywhere (dobKeywordIntl).
	dobEndIntl, dobCueIntl *regexp.Regexp
	// welshDate is a date with a Welsh month's name.
	welshDate *regexp.Regexp
	// dobAfter is a birth word just after a date: "03/04/1961 is her
	// DOB", "03/04/1961 (DOB)".
	dobAfter *regexp.Regexp

	// Person cues: honorific and "patient" names, date-of-birth keywords,
	// ages; capitalised words that follow a cue without naming anyone;
	// common first names.
	nameCues       []*regexp.Regexp
	dobCue, ageCue *regexp.Regexp
	notNames       map[string]bool
	firstNames     map[string]bool

	// How each keyword rule's keywords begin, lower case: the only places
	// its pattern is tried.
	hospitalRoots []string
	// hospitalStarts marks the first two bytes (lower case) of the
	// roots: most words are turned away on them.
	hospitalStarts *[256][256]bool

	// year is the current year, for telling a birth date from a recent one.
	year int

	allow allowSets
}

// New compiles the screen's patterns with the given allow-list. The
// patterns are constants, so a compile failure is a programming error caught
// by every test run; hence MustCompile.
func New(allow AllowList) *Screener {
	date, dobEnd, dobEndIntl := compileDOB()
	s := &Screener{
		email:          regexp.MustCompile(emailPattern),
		disguisedEmail: regexp.MustCompile(disguisedEmailPattern),
		hospital:       regexp.MustCompile(hospitalPattern),
		hospitalAlone:  regexp.MustCompile(hospitalKeywordPattern),
		codeBefore:     regexp.MustCompile(codeBeforePattern),
		fhirType:       regexp.MustCompile(fhirTypePattern),
		fhirValue:      regexp.MustCompile(fhirValuePattern),
		ni:             regexp.MustCompile(niPattern),
		postcode:       regexp.MustCompile(postcodePattern),
		street:         regexp.MustCompile(streetPattern),
		date:           date,
		dobEnd:         dobEnd,
		dobEndIntl:     dobEndIntl,
		dobCueIntl:     regexp.MustCompile(`(?i)` + dobKeywordIntl),
		welshDate:      regexp.MustCompile(welshDatePattern),
		dobAfter:       regexp.MustCompile(`^(?i)[\s,:()\-*|]*(?:(?:is|was|her|his|their|the|pts?|patient'?s|as|=)[\s,:()\-*|]+){0,3}` + dobKeyword),
		nameCues: []*regexp.Regexp{
			regexp.MustCompile(titleCue),
			regexp.MustCompile(patientCue),
		},
		dobCue:        regexp.MustCompile(`(?i)` + dobKeyword),
		ageCue:        regexp.MustCompile(ageCue),
		notNames:      make(map[string]bool),
		firstNames:    make(map[string]bool),
		hospitalRoots: []string{"mrn", "m.r.n", "hosp", "unit", "pas", "case", "crn", "local", "patient", "pt", "medical", "record", "epr", "emis", "s1", "systmone", "trust", "pid", "urn", "h/n", "lpi", "rhif"},
		year:          time.Now().Year(),
		allow:         newAllowSets(allow),
	}
	s.hospitalStarts = new([256][256]bool)
	for _, r := range s.hospitalRoots {
		s.hospitalStarts[r[0]][r[1]] = true
	}
	for _, w := range notNames() {
		s.notNames[w] = true
	}
	for _, w := range firstNames() {
		s.firstNames[w] = true
	}
	return s
}

// rule is one identifier finder, given normalised text and its digit
// groups. Its place in rules() is its precedence when two findings claim
// the same bytes.
type rule func(s *Screener, text string, gs []group, out []Finding) []Finding

// rules lists the finders, most certain first: a checksum-verified NHS or
// CHI number beats everything (so a valid 10-digit number is never also a
// phone), then shapes that are unambiguous on their own, then the
// keyword-anchored rules, then phones, and postcodes last because they
// lean on context.
func rules() []rule {
	return []rule{
		(*Screener).nhsNumbers,
		(*Screener).emails,
		(*Screener).niNumbers,
		(*Screener).datesOfBirth,
		(*Screener).hospitalNumbers,
		(*Screener).phones,
		(*Screener).postcodes,
	}
}

// Find returns every identifier in text, ordered by Start, with no two
// findings sharing a byte. It never returns the matched text: callers slice
// text themselves if they must (they must not log it).
func (s *Screener) Find(text string) []Finding {
	norm, back := normalize(text)
	found := s.find(norm)
	if back != nil {
		for i := range found {
			found[i].Start, found[i].End = back[found[i].Start], back[found[i].End]
		}
	}
	return found
}

// find is Find on text already normalised.
func (s *Screener) find(text string) []Finding {
	gs := digitGroups(text)
	var found []Finding // accepted so far, kept sorted by Start
	var cand []Finding
	for _, r := range rules() {
		cand = r(s, text, gs, cand[:0])
		for _, f := range cand {
			// Insert f unless it overlaps an earlier rule's finding. found
			// is sorted and non-overlapping, so only the neighbours at the
			// insertion point can overlap.
			i := sort.Search(len(found), func(j int) bool { return found[j].Start >= f.Start })
			if i > 0 && found[i-1].End > f.Start {
				continue
			}
			if i < len(found) && found[i].Start < f.End {
				continue
			}
			found = slices.Insert(found, i, f)
		}
	}
	return found
}

// First returns the earliest finding in text, which is the one a refusal
// message names, and false when the text is clean.
func (s *Screener) First(text string) (Finding, bool) {
	found := s.Find(text)
	if len(found) == 0 {
		return Finding{}, false
	}
	return found[0], true
}
