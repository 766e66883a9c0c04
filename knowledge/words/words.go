// Package words holds the small text helpers that search, the use cases
// and the bot share: splitting text into the words search indexes, and the
// edit distance its typo tolerance uses. It is a leaf: it imports nothing
// of kbbot's, so any package may use it without pulling in the search
// index.
package words

import (
	"strings"
	"unicode"
)

// Tokens lower-cases text and splits it into words of letters and digits.
// Apostrophes vanish ("didn't" → "didnt") and every other character
// separates words ("A&E" → "a", "e"; "x-ray" → "x", "ray"), the same for
// entries, questions and vocabulary phrases.
func Tokens(text string) []string {
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r == '\'' || r == '’':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// EditDistance is the number of single-character edits (insert, delete,
// substitute, swap neighbours) between a and b, or limit+1 once it must
// exceed limit: the measure search's typo tolerance uses.
func EditDistance(a, b string, limit int) int { return EditDistanceRunes([]rune(a), []rune(b), limit) }

// EditDistanceRunes is EditDistance on runes, for callers that compare one
// word with many and convert it once. It is the optimal-string-alignment
// distance, cut off at limit+1, which keeps typo correction cheap.
func EditDistanceRunes(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
