package privacy

import "strings"

// niPattern is HMRC's National Insurance number: two prefix letters (the
// first never D, F, I, Q, U or V; the second never those or O), six digits,
// optionally spaced in pairs, and a suffix A to D (Presidio's
// UkNinoRecognizer). The prefixes HMRC never issues are checked in code.
const niPattern = `(?i)\b([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`

// niNumbers finds National Insurance numbers.
func (s *Screener) niNumbers(text string, out []Finding) []Finding {
	for _, m := range s.ni.FindAllStringSubmatchIndex(text, -1) {
		switch strings.ToUpper(text[m[2]:m[3]]) {
		case "BG", "GB", "NK", "KN", "NT", "TN", "ZZ":
			continue // never issued; "GB" is also how codes for Britain start
		}
		out = append(out, Finding{Kind: NINumber, Start: m[0], End: m[1]})
	}
	return out
}
