package privacy

import (
	"math"
	"regexp"
	"slices"
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
	locs := s.postcode.FindAllStringIndex(text, -1)
	if locs == nil {
		return out // most text: no cue scan at all
	}
	cues := s.personCues(text, locs)
	// Both lists are sorted by start. A cue is in reach of a postcode if it
	// starts before the postcode's reach ends and ends after its reach
	// begins; the cues that start early enough only grow as the postcodes
	// move right, so their greatest end is all that needs keeping.
	j, reached := 0, math.MinInt // reached: greatest end of the cues taken
	for _, loc := range locs {
		for ; j < len(cues) && cues[j][0] <= loc[1]+postcodeReach; j++ {
			reached = max(reached, cues[j][1])
		}
		if reached >= loc[0]-postcodeReach {
			out = append(out, Finding{Kind: Postcode, Start: loc[0], End: loc[1]})
		}
	}
	return out
}

// personCues returns the spans of names, date-of-birth keywords and ages
// near the postcodes at locs, sorted by start. A date-of-birth finding
// always has its keyword in reach, so the keyword stands for it.
//
// Only windows around the postcodes are scanned: the cues are cheap to miss
// but costly to look for across a whole lesson. Each window runs a cue's
// length past the reach and is widened to whitespace, so that \b at its
// edges means what it means in the full text. Overlapping windows are
// merged so no byte is scanned twice, and the widening is capped, so the
// work stays linear even in text without spaces; past the cap a cue may be
// seen inside a longer word, which can only refuse more.
func (s *Screener) personCues(text string, locs [][]int) [][]int {
	const (
		cueLen = 40 // longer than any cue match that could reach
		widen  = 32 // at most this far to find whitespace
	)
	var cues [][]int
	scan := func(lo, hi int) {
		window := text[lo:hi]
		for _, re := range s.nameCues {
			for _, m := range re.FindAllStringSubmatchIndex(window, -1) {
				if !s.notNames[strings.ToLower(window[m[2]:m[3]])] {
					cues = append(cues, []int{lo + m[0], lo + m[1]})
				}
			}
		}
		for _, re := range []*regexp.Regexp{s.dobCue, s.ageCue} {
			for _, m := range re.FindAllStringIndex(window, -1) {
				cues = append(cues, []int{lo + m[0], lo + m[1]})
			}
		}
	}
	curLo, curHi := -1, -1
	for _, loc := range locs {
		lo := max(0, loc[0]-postcodeReach-cueLen)
		hi := min(len(text), loc[1]+postcodeReach+cueLen)
		for stop := max(0, lo-widen); lo > stop && !isSpace(text[lo-1]); {
			lo--
		}
		for stop := min(len(text), hi+widen); hi < stop && !isSpace(text[hi]); {
			hi++
		}
		if lo <= curHi {
			curHi = max(curHi, hi)
			continue
		}
		if curHi >= 0 {
			scan(curLo, curHi)
		}
		curLo, curHi = lo, hi
	}
	scan(curLo, curHi)
	slices.SortFunc(cues, func(a, b []int) int { return a[0] - b[0] })
	return cues
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
