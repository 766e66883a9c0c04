package privacy

import "strings"

// phonePattern finds candidate UK numbers: "+44"/"0044" or a trunk 0, then
// groups of digits joined by single spaces or hyphens, or an area code in
// brackets. The first group has at least three digits with the 0 and later
// groups at least two ("0300 311 22 33"), which keeps "0 to 5" and
// "01 02 03" out; the candidate may run long ("0161 496 0000 1234"), and
// phoneEnd trims it to the groups that make a number.
const phonePattern = `(?:\+ ?44|0044)[ \-]?(?:\(0\)[ \-]?)?\d{1,5}(?:[ \-]?\d{2,6}){1,4}` +
	`|\(0\d{2,5}\)[ \-]?\d{2,6}(?:[ \-]?\d{2,6}){0,3}` +
	`|0\d{2,5}(?:[ \-]?\d{2,6}){1,4}`

// phones finds UK phone numbers that are not on the allow-list. Dates,
// money, percentages, counts, times and ranges never match: they have no
// trunk 0 or +44, use "/", ".", ",", ":" or "%", or are too short.
func (s *Screener) phones(text string, out []Finding) []Finding {
	for i := 0; i < len(text); i++ {
		if c := text[i]; (c != '0' && c != '+' && c != '(') || !numberStart(text, i) {
			continue
		}
		loc := s.phone.FindStringIndex(text[i:min(len(text), i+numberWindow)])
		if loc == nil {
			continue
		}
		end, digits, ok := phoneEnd(text, i, i+loc[1])
		if !ok {
			continue
		}
		if !s.allow.phones[digits] {
			out = append(out, Finding{Kind: Phone, Start: i, End: end})
		}
		i = end - 1
	}
	return out
}

// phoneEnd decides whether the candidate text[start:end], which starts
// where a number can, begins a UK number. It returns where the number ends
// (after the last digit group that brings it to 10 or 11 national digits)
// and those digits with the trunk 0, for the allow-list.
func phoneEnd(text string, start, end int) (int, string, bool) {
	m := text[start:end]
	digits := make([]byte, 0, 16)
	i := 0
	if m[0] == '+' || strings.HasPrefix(m, "0044") {
		// The country code stands for the trunk 0, and "(0)" repeats it.
		digits = append(digits, '0')
		i = strings.Index(m, "44") + 2
		for i < len(m) && (m[i] == ' ' || m[i] == '-') {
			i++
		}
		if strings.HasPrefix(m[i:], "(0)") {
			i += 3
		}
	}
	best := -1
	var bestDigits string
	for ; i < len(m); i++ {
		if !isDigit(m[i]) {
			continue
		}
		digits = append(digits, m[i])
		if i+1 < len(m) && isDigit(m[i+1]) {
			continue // inside a group: a number never ends mid-group
		}
		n := len(digits)
		if n > 11 {
			break
		}
		if n >= 10 && digits[1] != '0' {
			best, bestDigits = i+1, string(digits)
		}
	}
	if best < 0 || (start+best < len(text) && isDigit(text[start+best])) {
		return 0, "", false
	}
	return start + best, bestDigits, true
}
