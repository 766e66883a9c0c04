package privacy

import (
	"regexp"
	"strings"
)

// Hospital numbers have no shape of their own: a local patient
// identifier is any short code. It is a finding only after a keyword that
// says what it is.

// hospitalPattern is a local-identifier keyword, an optional ":" or "#",
// then a 5 to 12 character code (group 1). The Data Dictionary gives LOCAL
// PATIENT IDENTIFIER as an10, and trusts vary, so the code's shape is
// loose; requiring a digit keeps "patient id was missing" out.
const hospitalPattern = `^(?i)\b(?:mrn` +
	`|hosp(?:ital)?\.?\s?(?:number|num\b|no\b\.?)` +
	`|unit\s?(?:number|no\b\.?)` +
	`|pas\s?(?:number|no\b\.?|id\b)` +
	`|case\s?notes?\s?(?:number|no\b\.?)` +
	`|(?:local\s{1,3})?patient\s{1,3}(?:identifier|id\b)` +
	`|[b-hj-z]\s(?:number|no\b\.?))` + // "K number", trusts' own names
	`[\s:#]{0,4}(` + localCode + `)\b`

// localCode is a hospital number's shape: up to three letters, then four
// to twelve digits, perhaps grouped ("RX-123-456", "K 123 4567"), perhaps
// a check letter; or a code of five to twelve letters and digits.
const localCode = `[a-z]{0,3}[ \-]?\d(?:[ \-./]?\d){3,11}[a-z]?|[a-z0-9]{5,12}`

// hospitalNumbers finds codes that follow a hospital-number keyword.
func (s *Screener) hospitalNumbers(text string, _ []group, out []Finding) []Finding {
	for _, m := range keywordMatches(s.hospital, text, s.hospitalKeywordAt) {
		if hasDigit(text[m[2]:m[3]]) {
			out = append(out, Finding{Kind: HospitalNumber, Start: m[2], End: m[3]})
		}
	}
	return out
}

// keywordWindow bounds how far past a keyword its pattern is tried; it is
// longer than any keyword, filler and value the patterns accept.
const keywordWindow = 96

// keywordMatches runs re, which is anchored with ^, at each word start in
// text that begins with one of roots (ASCII, any case), and returns its
// submatch indexes as offsets into text. Case-insensitive alternations with
// a leading \b are slow for RE2 to scan for; trying them only where a
// keyword begins makes a lesson without keywords nearly free. The byte
// before and after the match are checked here, because \b cannot see past
// the window.
func keywordMatches(re *regexp.Regexp, text string, keywordAt func(string) bool) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		// A keyword starts a word: not inside one, nor after an
		// apostrophe ("wife's number").
		if (i > 0 && (isWordByte(text[i-1]) || text[i-1] == '\'' || strings.HasSuffix(text[:i], "’"))) || !keywordAt(text[i:]) {
			continue
		}
		m := re.FindStringSubmatchIndex(text[i:min(len(text), i+keywordWindow)])
		if m == nil || (i+m[1] < len(text) && isWordByte(text[i+m[1]]) && isWordByte(text[i+m[1]-1])) {
			continue
		}
		for j := range m {
			if m[j] >= 0 {
				m[j] += i
			}
		}
		out = append(out, m)
		i = m[1] - 1
	}
	return out
}

// hospitalKeywordAt reports whether a hospital-number keyword may start
// text: one of its roots, or a single letter and "number" or "no" ("K
// number"), as some trusts name theirs.
func (s *Screener) hospitalKeywordAt(text string) bool {
	if hasAnyPrefixFold(text, s.hospitalRoots) {
		return true
	}
	return len(text) > 4 && isLetter(text[0]) && text[1] == ' ' && hasAnyPrefixFold(text[2:], []string{"number", "no"})
}

// hasAnyPrefixFold reports whether s begins with one of the lower-case
// ASCII prefixes, ignoring ASCII case.
func hasAnyPrefixFold(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '_'
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}
