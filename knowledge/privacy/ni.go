package privacy

import "strings"

// niPattern is HMRC's National Insurance number: two prefix letters (the
// first never D, F, I, Q, U or V; the second never those or O), six digits,
// and a suffix A to D (Presidio's UkNinoRecognizer), with or without a
// space, dot or dash between any two characters ("AB 12 34 56 C",
// "JG.10.37.59.A", "A B 1 2 3 4 5 6 C"). The prefixes HMRC never issues
// are checked in code.
const niPattern = `(?i)\b([A-CEGHJ-PR-TW-Z])` + niSep + `([A-CEGHJ-NPR-TW-Z])` + niSep +
	`\d` + niSep + `\d` + niSep + `\d` + niSep + `\d` + niSep + `\d` + niSep + `\d` + niSep + `[A-D]\b`

const niSep = `[ .\-]?`

// niNumbers finds National Insurance numbers.
func (s *Screener) niNumbers(text string, _ []group, out []Finding) []Finding {
	for _, m := range s.ni.FindAllStringSubmatchIndex(text, -1) {
		switch strings.ToUpper(text[m[2]:m[3]] + text[m[4]:m[5]]) {
		case "BG", "GB", "NK", "KN", "NT", "TN", "ZZ":
			continue // never issued; "GB" is also how codes for Britain start
		}
		out = append(out, Finding{Kind: NINumber, Start: m[0], End: m[1]})
	}
	return out
}
