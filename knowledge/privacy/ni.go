package privacy

import "strings"

// niPattern is HMRC's National Insurance number: two prefix letters (the
// first never D, F, I, Q, U or V; the second never those or O), six digits,
// and a suffix A to D (Presidio's UkNinoRecognizer), which may be left
// off after a word that names the number ("NI: AB123456"; without one,
// two letters and six digits are as often a local code), with or without a
// space, dot or dash between any two characters ("AB 12 34 56 C",
// "JG.10.37.59.A", "A B 1 2 3 4 5 6 C"). The prefixes HMRC never issues
// are checked in code.
const niPattern = `(?i)\b([A-CEGHJ-PR-TW-Z])` + niSep + `([A-CEGHJ-NPR-TW-Z])` + niSep +
	`\d` + niSep + `\d` + niSep + `\d` + niSep + `\d` + niSep + `\d` + niSep + `\d` + `(?:` + niSep + `[A-D])?\b`

const niSep = `[ .\-]?`

// niNumbers finds National Insurance numbers.
//
// The pattern is tried only around six digits written close together
// (groups apart by one space, dot or dash at most), since every NI number
// has them, so most text costs a walk over its digit groups.
func (s *Screener) niNumbers(text string, gs []group, out []Finding) []Finding {
	done := 0
	for i := range gs {
		n, j := 0, i
		for ; j < len(gs) && n < 6; j++ {
			if j > i && gs[j].start-gs[j-1].end > 1 {
				break
			}
			n += gs[j].len()
		}
		if n != 6 || gs[i].start < done {
			continue
		}
		lo, hi := max(done, gs[i].start-4), min(len(text), gs[j-1].end+3)
		m := s.ni.FindStringSubmatchIndex(text[lo:hi])
		if m == nil {
			continue
		}
		for k := range m {
			m[k] += lo
		}
		if m[0] > 0 && isWordByte(text[m[0]-1]) || m[1] < len(text) && isWordByte(text[m[1]]) {
			continue // \b saw the window's edge, not the text's
		}
		if isDigit(text[m[1]-1]) && !niCue(text, m[0]) {
			continue
		}
		switch strings.ToUpper(text[m[2]:m[3]] + text[m[4]:m[5]]) {
		case "BG", "GB", "NK", "KN", "NT", "TN", "ZZ":
			continue // never issued; "GB" is also how codes for Britain start
		}
		out = append(out, Finding{Kind: NINumber, Start: m[0], End: m[1]})
		done = m[1]
	}
	return out
}

// niCue reports whether a word that names a National Insurance number
// stands just before text[i], with at most "number", "no." or "is" and
// punctuation between: "NI: AB123456", "NI number AB 12 34 56", "national
// insurance no. is AB123456". ("in NI: change request CR123456" is
// Northern Ireland's.)
func niCue(text string, i int) bool {
	before := strings.ToLower(text[max(0, i-cueReach):i])
	for {
		trimmed := strings.TrimRight(before, " :#.-=()")
		cut := false
		for _, w := range []string{"number", "num", "no", "is", "was"} {
			if endsWithWord(trimmed, w) {
				trimmed, cut = trimmed[:len(trimmed)-len(w)], true
				break
			}
		}
		before = trimmed
		if !cut {
			break
		}
	}
	for _, w := range []string{"national insurance", "nino", "n.i", "ni"} {
		if endsWithWord(before, w) {
			return true
		}
	}
	return false
}

// endsWithWord reports whether s ends with the word w, not with the end
// of a longer word ("in" is not the end of "within").
func endsWithWord(s, w string) bool {
	return strings.HasSuffix(s, w) && (len(s) == len(w) || !isLetter(s[len(s)-len(w)-1]))
}
