package privacy

import (
	"regexp"
	"strings"
)

// Dates of birth and hospital numbers have no shape of their own: a date is
// a date and a hospital number is any short code. Both are findings only
// after a keyword that says what they are. Bare dates in a lesson ("pilot
// started 03/04/2024") are not findings.

// dobKeyword matches the words that announce a date of birth. It is also a
// postcode cue, so it lives in its own constant.
const dobKeyword = `\b(?:d\.?o\.?b(?:\.|\b)|date\s{1,3}of\s{1,3}birth|birth\s?date|born\b)`

// monthName matches English month names and their usual abbreviations.
const monthName = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

// dobPattern is the keyword, a few characters of filler ("DOB: ",
// "born on "), then one date in a form the notes list; group 1 is the date.
const dobPattern = `^(?i)` + dobKeyword + `[\s:=,(\-]{0,4}(?:(?:is|was|on)[\s:]{1,3}){0,2}(` +
	`\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})\b` + // 14/07/45, 14-07-1945, 14.07.1945
	`|\d{1,2}(?:st|nd|rd|th)?[ \-]` + monthName + `\.?[ \-,]\s?\d{4}\b` + // 14 Jul 1945, 14-Jul-1945
	`|` + monthName + `\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4}\b` + // July 14, 1945
	`|\d{4}-\d{2}-\d{2}\b` + // 1945-07-14
	`)`

// hospitalPattern is a local-identifier keyword, an optional ":" or "#",
// then a 5 to 12 character code (group 1). The Data Dictionary gives LOCAL
// PATIENT IDENTIFIER as an10, and trusts vary, so the code's shape is
// loose; requiring a digit keeps "patient id was missing" out.
const hospitalPattern = `^(?i)\b(?:mrn` +
	`|hosp(?:ital)?\.?\s?(?:number|num\b|no\b\.?)` +
	`|unit\s?(?:number|no\b\.?)` +
	`|pas\s?(?:number|no\b\.?|id\b)` +
	`|case\s?notes?\s?(?:number|no\b\.?)` +
	`|(?:local\s{1,3})?patient\s{1,3}(?:identifier|id\b))` +
	`[\s:#]{0,4}([a-z0-9]{5,12})\b`

// datesOfBirth finds dates that follow a date-of-birth keyword. The finding
// covers the date only, not the keyword.
func (s *Screener) datesOfBirth(text string, out []Finding) []Finding {
	for _, m := range keywordMatches(s.dob, text, s.dobRoots) {
		out = append(out, Finding{Kind: DateOfBirth, Start: m[2], End: m[3]})
	}
	return out
}

// hospitalNumbers finds codes that follow a hospital-number keyword.
func (s *Screener) hospitalNumbers(text string, out []Finding) []Finding {
	for _, m := range keywordMatches(s.hospital, text, s.hospitalRoots) {
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
func keywordMatches(re *regexp.Regexp, text string, roots []string) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		if (i > 0 && isWordByte(text[i-1])) || !hasAnyPrefixFold(text[i:], roots) {
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
