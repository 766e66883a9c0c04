package privacy

import (
	"regexp"
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
	titleCue = `\b(?:[Mm]rs?|[Mm]s|[Mm]iss|[Mm]x|[Dd]r|MRS?|MS|MISS|MX|DR)\.?\s+([A-Z][\pL'’\-]*)`
	// patientCue is "patient Smith", "Pt Jones".
	patientCue = `\b(?i:patient|pt)\.?\s+([A-Z][\pL'’\-]*)`
	// ageCue is "aged 72", "72-year-old", "72 years old", "72 yo", "72yo", "72 y/o".
	ageCue = `(?i)\b(?:aged\s+\d{1,3}\b|\d{1,3}[\s\-]?(?:years?|yrs?)[\s\-]?old\b|\d{1,3}\s?(?:y\.?o\.?|y/o)\b)`
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
func (s *Screener) postcodes(text string, out []Finding) []Finding {
	for _, loc := range s.postcode.FindAllStringIndex(text, -1) {
		if s.hasPersonCue(text, loc[0], loc[1]) {
			out = append(out, Finding{Kind: Postcode, Start: loc[0], End: loc[1]})
		}
	}
	return out
}

// hasPersonCue reports whether a name, a date-of-birth keyword or an age
// lies within postcodeReach bytes of text[start:end]. A date-of-birth
// finding always has its keyword in reach, so the keyword stands for it.
//
// Only a window around the postcode is scanned: the cues are cheap to miss
// but costly to look for across a whole lesson. The window runs a cue's
// length past the reach and is widened to whitespace, so that \b at its
// edges means what it means in the full text.
func (s *Screener) hasPersonCue(text string, start, end int) bool {
	const cueLen = 40 // longer than any cue match that could reach
	lo, hi := max(0, start-postcodeReach-cueLen), min(len(text), end+postcodeReach+cueLen)
	for lo > 0 && !isSpace(text[lo-1]) {
		lo--
	}
	for hi < len(text) && !isSpace(text[hi]) {
		hi++
	}
	window := text[lo:hi]
	near := func(m []int) bool {
		return lo+m[1] >= start-postcodeReach && lo+m[0] <= end+postcodeReach
	}
	for _, re := range s.nameCues {
		for _, m := range re.FindAllStringSubmatchIndex(window, -1) {
			if near(m) && !s.notNames[strings.ToLower(window[m[2]:m[3]])] {
				return true
			}
		}
	}
	for _, re := range []*regexp.Regexp{s.dobCue, s.ageCue} {
		for _, m := range re.FindAllStringIndex(window, -1) {
			if near(m) {
				return true
			}
		}
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
