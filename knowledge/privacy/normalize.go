package privacy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// normalize folds the look-alike characters that text pasted from Word or
// a patient record carries (non-breaking and thin spaces, full-width
// digits, Unicode hyphens and dashes) into their ASCII forms, so that
// "943\u00a0476\u00a05919" is screened like "943 476 5919". It returns the
// folded text and, for each of its byte offsets (and its end), the offset
// in the original, so findings point into the text the caller holds.
// Plain ASCII text is returned as is, with a nil map.
func normalize(text string) (string, []int) {
	ascii := true
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return text, nil
	}
	var b strings.Builder
	b.Grow(len(text))
	back := make([]int, 0, len(text)+1)
	for i, r := range text {
		size := utf8.RuneLen(r)
		if r == utf8.RuneError {
			size = 1
		}
		var folded rune = -1
		switch {
		case r >= '０' && r <= '９':
			folded = '0' + (r - '０')
		case r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014' || r == '\u2212' || r == '\uff0d':
			folded = '-'
		case r >= utf8.RuneSelf && unicode.IsSpace(r), r == '\u200b', r == '\u2007', r == '\u202f', r == '\u00a0':
			folded = ' '
		case r == '＋':
			folded = '+'
		case r == '／':
			folded = '/'
		case r == '．':
			folded = '.'
		}
		if folded >= 0 {
			b.WriteByte(byte(folded))
			back = append(back, i)
			continue
		}
		b.WriteString(text[i : i+size])
		for k := 0; k < size; k++ {
			back = append(back, i+k)
		}
	}
	back = append(back, len(text))
	return b.String(), back
}
