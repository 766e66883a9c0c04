package privacy

import (
	"strconv"
	"strings"
)

// postcodePattern is the full-unit UK postcode with the Royal Mail letter
// rules (notes §4.3, as Presidio's UkPostcodeRecognizer). An outward code
// alone ("SE1") is not matched.
const postcodePattern = `(?i)\b(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2})\b`

// A postcode is only a finding near something that makes it a person's:
// a name, a date of birth or an age. Trust and office addresses, which
// lessons quote freely, have none of these.
const (
	// postcodeReach is how far, in bytes, a cue may sit from the postcode,
	// on either side: about one line of an address block.
	postcodeReach = 60

	// titleCue is an honorific then a capital: "Mr Patel", "Dr A. Khan".
	titleCue = `\b(?:[Mm]rs?|[Mm]s|[Mm]iss|[Mm]x|[Dd]r|MRS?|MS|MISS|MX|DR)(?:\.\s*|\s+)([A-Z][\pL'’\-]*)`
	// patientCue is "patient Smith", "Pt Jones".
	patientCue = `\b(?i:patient|pt)(?:\.\s*|\s+)([A-Z][\pL'’\-]*)`
	// ageCue is a person's age or home: "aged 72", "age: 72",
	// "72-year-old", "72 years old", "72 yo", "72yo", "72 y/o", "72yrs",
	// "65y", "72F", "72 M", "lady of 88", "Lady, 80,", "lives at", "home
	// address", "her postcode".
	ageCue = `(?i)\b(?:aged?:?\s*\d{1,3}\b|\d{1,3}[\s\-]?(?:years?|yrs?)[\s\-]?old\b|\d{1,3}\s?(?:y\.?o\.?|y/o)\b` +
		`|\d{2,3}\s?(?:yrs?|y)\b|(?-i:\d{2,3}\s?[MF])\b` +
		`|(?:man|woman|lady|gentleman|gent|boy|girl|male|female|patient|pt|child|baby|resident|client|mum|dad|mother|father|husband|wife|son|daughter)(?:\s(?:of|aged)\s|\s?,\s?)\d{1,3}\b` +
		// "lives at", "home address", "her postcode": a person's address.
		`|\b(?:lives|living|resides|residing) (?:at|in)\b|\bhome address\b` +
		`|\b(?:her|his|their|pt'?s|patient'?s|client'?s) (?:home |full )?(?:address|postcode|post code)\b)`
)

// notNames returns capitalised words that follow "patient", "Pt", "Ms" or
// "Dr" in NHS prose without naming anyone: "Patient Advice and Liaison
// Service, ... LS9 7TF" and "MS Teams" are everywhere in lessons, and a PALS
// address is exactly the kind of trust address that must pass.
func notNames() []string {
	return []string{
		"access", "advice", "app", "care", "centre", "data", "engagement",
		"experience", "flow", "forms", "group", "information", "initiated",
		"involvement", "led", "liaison", "nhs", "office", "online", "panel",
		"participation", "portal", "record", "records", "reported", "safety",
		"service", "services", "teams", "transport", "voice", "word",
	}
}

// postcodes finds full postcodes that have a person cue within reach.
//
// Every full postcode ends in an inward code, a digit and two letters
// ("4AP"); the pattern is tried only just before those.
func (s *Screener) postcodes(text string, _ []group, out []Finding) []Finding {
	table := 0 // whether text is a table of names and postcodes: 0 not read yet, 1 no, 2 yes
	for p := 0; p+3 <= len(text); p++ {
		if !isDigit(text[p]) || !isLetter(text[p+1]) || !isLetter(text[p+2]) || p+3 < len(text) && isWordByte(text[p+3]) {
			continue
		}
		lo := max(0, p-6)
		m := s.postcode.FindAllStringIndex(text[lo:p+3], -1)
		if m == nil {
			continue
		}
		loc := []int{lo + m[len(m)-1][0], lo + m[len(m)-1][1]}
		if loc[1] != p+3 || loc[0] > 0 && isWordByte(text[loc[0]-1]) {
			continue
		}
		if table == 0 {
			table = 1
			if nameAndPostcodeColumns(text) {
				table = 2
			}
		}
		if table == 2 || s.personNear(text, max(0, loc[0]-postcodeReach), min(len(text), loc[1]+postcodeReach)) || s.personAboveStreet(text, loc[0]) {
			out = append(out, Finding{Kind: Postcode, Start: loc[0], End: loc[1]})
		}
	}
	return out
}

// streetPattern is a house number and a street name ending in a street's
// word: "12 High Street", "4a Elm Road", "7, Mill Lane".
const streetPattern = `(?i)\b\d{1,4}[a-z]?,? (?:[a-z'’\-]+ ){1,3}(?:street|st|road|rd|avenue|ave|lane|close|drive|way|crescent|grove|place|gardens|court|terrace|hill|rise|walk|row|square|mews|green|parade)\b`

// personAboveStreet reports whether the postcode at text[at] ends an
// address block whose street line is within reach before it and whose
// head, a line before that street, names a person: "Jane Smith / Flat 3 /
// 12 High Street / Headingley / Leeds / West Yorkshire / LS6 3AB" puts
// the name further from the postcode than postcodeReach.
func (s *Screener) personAboveStreet(text string, at int) bool {
	lo := max(0, at-postcodeReach)
	m := s.street.FindStringIndex(text[lo:at])
	if m == nil {
		return false
	}
	st := lo + m[0]
	return s.nameIn(text, max(0, st-postcodeReach), st)
}

// nameAndPostcodeColumns reports whether text is a table (pipes or
// commas) with a column of people's names and one of postcodes: "Name |
// Postcode", "surname,forename,postcode". Every row's postcode then sits
// next to a name, whatever the name looks like. A column naming something
// else ("Site name", "Practice name"), or a "Name" column beside a column
// of sites, practices or trusts, is not one of people. Text is
// normalised, so a header's line break is a space, and the postcode
// column's cell may run on into the first row.
func nameAndPostcodeColumns(text string) bool {
	low := strings.ToLower(text)
	if !strings.Contains(low, "name") || !strings.Contains(low, "post") || !strings.ContainsAny(low, "|,") {
		return false
	}
	names, posts := false, false
	for _, c := range strings.FieldsFunc(low, func(r rune) bool { return r == '|' || r == ',' }) {
		c = strings.Trim(c, " *_`:")
		switch c {
		case "name", "names", "surname", "forename", "forenames", "first name", "last name", "full name",
			"given name", "family name", "patient name", "patient", "patient's name", "pt name":
			names = true
		case "site", "sites", "practice", "practices", "trust", "trusts", "organisation", "organisations", "org",
			"location", "locations", "pcn", "icb", "surgery":
			return false // a "Name" column beside one of these names the place
		}
		posts = posts || strings.HasPrefix(c, "postcode") || strings.HasPrefix(c, "post code")
	}
	return names && posts
}

// personNear reports whether text[lo:hi] names or describes a person: a
// name, a date-of-birth keyword or an age.
func (s *Screener) personNear(text string, lo, hi int) bool {
	if s.nameIn(text, lo, hi) {
		return true
	}
	lo, hi = widen(text, lo, hi)
	w := text[lo:hi]
	return s.dobCue.MatchString(w) || intlBirthHint(w, asciiLower(w)) && s.dobCueIntl.MatchString(w) || s.ageIn(text, lo, hi)
}

// ageIn reports whether text[lo:hi] gives a person's age. An age band
// ("aged 65 and over", "65 years and over", "≥65y", "aged 18-65"), a
// length of time ("12 yrs of PACS data"), money ("£12M") and a size
// ("12F catheters", "Room 10F") are not one.
func (s *Screener) ageIn(text string, lo, hi int) bool {
	if !s.mayHoldAge(text, lo, hi) {
		return false
	}
	for _, m := range s.ageCue.FindAllStringIndex(text[lo:hi], -1) {
		if personAge(text, lo+m[0], lo+m[1]) {
			return true
		}
	}
	return false
}

// mayHoldAge reports whether text[lo:hi] may hold what ageCue matches: a
// number of one to three digits shaped like an age (ageShaped), or a word
// of a person's home ("lives", "address", "postcode"). It keeps the
// pattern off most windows, which hold only a postcode or a date.
func (s *Screener) mayHoldAge(text string, lo, hi int) bool {
	for i := lo; i < hi; {
		if !isDigit(text[i]) {
			i++
			continue
		}
		j := i
		for j < hi && isDigit(text[j]) {
			j++
		}
		if j-i <= 3 && (i == 0 || !isLetter(text[i-1])) && ageShaped(text, group{start: i, end: j}) {
			return true
		}
		i = j
	}
	low := strings.ToLower(text[lo:hi])
	for _, w := range []string{"lives", "living", "resid", "address", "postcode", "post code"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// personAge reports whether the age ageCue matched at text[start:end] is a
// person's.
func personAge(text string, start, end int) bool {
	rest := strings.ToLower(strings.TrimLeft(text[end:min(len(text), end+24)], " "))
	for _, w := range []string{"years", "year", "yrs", "yr", "y"} {
		if r, ok := strings.CutPrefix(rest, w); ok && (r == "" || !isLetter(r[0])) {
			rest = strings.TrimLeft(r, " ")
			break
		}
	}
	for _, b := range []string{"+", "and over", "and above", "and older", "plus", "or over", "or older", "-", "to ", "of "} {
		if strings.HasPrefix(rest, b) {
			return false
		}
	}
	// The number, and what comes before it.
	i := start
	for i < end && !isDigit(text[i]) {
		i++
	}
	j := i
	for j < end && isDigit(text[j]) {
		j++
	}
	// "over 20 yrs", "for 30 years": a length of time or a band; but "for
	// 84 yo female" is an age.
	words := strings.Fields(strings.ToLower(text[max(0, i-12):i]))
	unit := strings.ToLower(strings.TrimLeft(text[j:end], " -"))
	spokenAge := strings.Contains(unit, "yo") || strings.Contains(unit, "y/o") || strings.Contains(unit, "y.o") || strings.Contains(unit, "old")
	if len(words) > 0 && !spokenAge {
		switch words[len(words)-1] {
		case "over", "under", "for", "within", "than", "about", "nearly", "almost", "past", "last", "next", "first":
			return false
		}
	}
	before := strings.TrimRight(text[max(0, i-3):i], " ")
	if strings.HasSuffix(before, "£") || strings.HasSuffix(before, "$") || strings.HasSuffix(before, "€") ||
		strings.HasSuffix(before, ">") || strings.HasSuffix(before, "<") || strings.HasSuffix(before, "≥") ||
		strings.HasSuffix(before, "≤") || strings.HasSuffix(before, "=") {
		return false
	}
	// "72F", "65y", "72yrs": a bare letter after a number is an age only
	// for an adult's number ("12F" is a catheter, "10F" a room).
	if unit == "m" || unit == "f" || unit == "y" || unit == "yr" || unit == "yrs" {
		n, _ := strconv.Atoi(text[i:j])
		return n >= 16 && n <= 110
	}
	return true
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
