package privacy

import "strings"

// HL7 v2 messages carry identifiers in fixed fields with no label of their
// own. pidFields finds them in the patient segment (PID).

// pidFields calls f with the range of field n of each PID segment in text
// (PID-3 is the patient's identifiers, PID-7 the date of birth): the text
// after the n-th "|" from "PID", up to the next "|" or space. A "PID|"
// glued to a word ("RAPID|") is not a segment.
func pidFields(text string, n int, f func(start, end int)) {
	for from := 0; ; {
		i := strings.Index(text[from:], "PID|")
		if i < 0 {
			return
		}
		i += from
		from = i + 4
		if i > 0 && isWordByte(text[i-1]) {
			continue
		}
		start := i + 3 // the "|" after "PID", the first of n
		for k := 1; k < n && start >= 0; k++ {
			j := strings.IndexByte(text[start+1:], '|')
			if j < 0 {
				start = -1
				break
			}
			start += 1 + j
		}
		if start < 0 {
			continue
		}
		start++
		end := start
		for end < len(text) && text[end] != '|' && text[end] != ' ' {
			end++
		}
		f(start, end)
	}
}

// fieldRanges splits text[start:end] at sep, returning each part's range.
func fieldRanges(text string, start, end int, sep byte) [][2]int {
	var out [][2]int
	for a := start; ; {
		b := strings.IndexByte(text[a:end], sep)
		if b < 0 {
			return append(out, [2]int{a, end})
		}
		out = append(out, [2]int{a, a + b})
		a += b + 1
	}
}
