package privacy

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Numbers are read the way a person reads them, not by one fixed layout:
// normalised text is cut into digit groups (maximal runs of ASCII digits),
// and groups separated only by whitespace and separator punctuation, in
// any mixture and runs ("943 - 476\t5919", "(943) 476/5919", "943,476,5919"),
// are chained into one number. The NHS and phone rules then look for ten
// or eleven digits anywhere along a chain, on group boundaries.
//
// Ordinary text chains numbers too ("on 03/04/2024 12 patients", "10:30
// 2024/25"), so groups that are plainly something else are "explained"
// and break chains: parts of a date, a time or ratio, a financial or year
// range, an amount of money or a percentage. Each such shape must be whole
// and stand apart (a date "03/04/2024" whose separator continues, as in
// "9/4/34/76/59/19", is not a date), so a number written in one separator
// style is never mistaken for one.

// group is a run of digits in normalised text.
type group struct {
	start, end int
	explained  bool // part of a date, time, range, amount or percentage
}

func (g group) len() int { return g.end - g.start }

// maxGap bounds the separators between two groups of one number: runs of
// spaces, line breaks and punctuation that a paste or a careless typist
// produces, but not a sentence.
const maxGap = 16

// digitGroups returns the digit groups of text, with the explained ones
// marked.
func digitGroups(text string) []group {
	var gs []group
	for i := 0; i < len(text); {
		if !isDigit(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		gs = append(gs, group{start: i, end: j})
		i = j
	}
	if len(gs) == 0 {
		return nil
	}
	explain(text, gs)
	return gs
}

// joins reports whether the text between two digit groups is only
// separators, so the groups can be read as one number.
func joins(gap string) bool {
	if gap == "" || len(gap) > maxGap {
		return false
	}
	for _, r := range gap {
		if r < utf8.RuneSelf {
			if strings.IndexByte(separatorBytes, byte(r)) < 0 {
				return false
			}
			continue
		}
		// Other scripts' punctuation: middle dots, bullets, ideographic
		// commas and full stops, quotation marks.
		if !unicode.IsPunct(r) {
			return false
		}
	}
	return true
}

// separatorBytes are the ASCII characters that may stand between the
// groups of one number. Not ':' (times, ratios), '%', '@', '&', '+' or
// currency signs, which say what a number is.
const separatorBytes = " .,-/\\()[]{}_|'\";*#~`<>=!?"

// chains splits groups into runs of unexplained groups joined by
// separators. Each chain is a slice of gs.
func chains(text string, gs []group) [][]group {
	var out [][]group
	start := -1
	for i := range gs {
		if gs[i].explained {
			if start >= 0 {
				out = append(out, gs[start:i])
				start = -1
			}
			continue
		}
		if start >= 0 && !joins(text[gs[i-1].end:gs[i].start]) {
			out = append(out, gs[start:i])
			start = -1
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, gs[start:])
	}
	return out
}

// explain marks the groups that are part of something that is not an
// identifier. See the package comment at the top of this file.
func explain(text string, gs []group) {
	for i := range gs {
		g := gs[i]
		// Times and ratios: "10:30", "1:4", "13485:2016".
		if g.end+1 < len(text) && text[g.end] == ':' && isDigit(text[g.end+1]) ||
			g.start >= 2 && text[g.start-1] == ':' && isDigit(text[g.start-2]) {
			gs[i].explained = true
		}
		// Money: "£1,200,000.50", "$5", "€ 40k". The amount runs on over
		// thousands groups and pence.
		if currencyBefore(text, g.start) {
			gs[i].explained = true
			for j := i + 1; j < len(gs); j++ {
				gap := text[gs[j-1].end:gs[j].start]
				if !(gap == "," && gs[j].len() == 3 || gap == "." && gs[j].len() <= 2) {
					break
				}
				gs[j].explained = true
			}
		}
		// Percentages: "73%", "68.5 %", "1,204%".
		if k := skipSpaces(text, g.end); k < len(text) && text[k] == '%' {
			gs[i].explained = true
			for j := i - 1; j >= 0; j-- {
				gap := text[gs[j].end:gs[j+1].start]
				if gap != "." && gap != "," {
					break
				}
				gs[j].explained = true
			}
		}
	}
	// Shapes made of several groups: dates and ranges.
	for i := range gs {
		if n := dateAt(text, gs, i); n > 0 {
			for j := i; j < i+n; j++ {
				gs[j].explained = true
			}
		}
	}
}

// dateAt reports how many groups from gs[i] form a whole date or range
// that stands apart: "03/04/2024", "3.4.61", "2024-09-30", "2024/25",
// "2023-2025", "25/26". It returns 0 when they do not.
func dateAt(text string, gs []group, i int) int {
	sepAfter := func(j int) string {
		if j+1 >= len(gs) {
			return ""
		}
		return text[gs[j].end:gs[j+1].start]
	}
	num := func(j int) int {
		n := 0
		for _, c := range text[gs[j].start:gs[j].end] {
			n = n*10 + int(c-'0')
		}
		return n
	}
	// apart: the shape's separator does not continue on either side,
	// within the gap to the neighbouring group.
	apart := func(first, last int, sep string) bool {
		if first > 0 && strings.Contains(text[gs[first-1].end:gs[first].start], sep) && joins(text[gs[first-1].end:gs[first].start]) {
			return false
		}
		if last+1 < len(gs) && strings.Contains(text[gs[last].end:gs[last+1].start], sep) && joins(text[gs[last].end:gs[last+1].start]) {
			return false
		}
		return true
	}
	s1 := sepAfter(i)
	if s1 != "/" && s1 != "." && s1 != "-" {
		return 0
	}
	a, la := num(i), gs[i].len()
	if i+1 >= len(gs) {
		return 0
	}
	b, lb := num(i+1), gs[i+1].len()
	// Three groups: a date, day first or month first, or ISO year first.
	if i+2 < len(gs) && sepAfter(i+1) == s1 {
		c, lc := num(i+2), gs[i+2].len()
		dmy := la <= 2 && lb <= 2 && (lc == 2 || lc == 4 && isYear(c)) && (validDayMonth(a, b) || validDayMonth(b, a))
		ymd := la == 4 && isYear(a) && lb <= 2 && lc <= 2 && validDayMonth(c, b)
		if (dmy || ymd) && apart(i, i+2, s1) {
			return 3
		}
	}
	if s1 == "." {
		return 0
	}
	// Two groups: a financial or year range. "2024/25" and "2025-28" end
	// later than they start; "2023-2025" within a decade; "FY25/26" a year
	// on.
	switch {
	case la == 4 && isYear(a) && lb == 2 && (b > a%100 || a%100 == 99 && b == 0),
		la == 4 && isYear(a) && lb == 4 && b > a && b <= a+10,
		la == 2 && lb == 2 && b == (a+1)%100 && fyBefore(text, gs[i].start):
		if apart(i, i+1, s1) {
			return 2
		}
	}
	return 0
}

// fyBefore reports whether "FY" (any case, perhaps with a space) comes
// just before text[i].
func fyBefore(text string, i int) bool {
	j := i
	if j > 0 && text[j-1] == ' ' {
		j--
	}
	return j >= 2 && strings.EqualFold(text[j-2:j], "fy")
}

func isYear(y int) bool { return 1900 <= y && y <= 2099 }

func validDayMonth(d, m int) bool { return 1 <= d && d <= 31 && 1 <= m && m <= 12 }

// currencyBefore reports whether a currency sign stands just before
// text[i], perhaps with a space between.
func currencyBefore(text string, i int) bool {
	j := i
	if j > 0 && text[j-1] == ' ' {
		j--
	}
	for _, c := range []string{"£", "$", "€"} {
		if strings.HasSuffix(text[:j], c) {
			return true
		}
	}
	return false
}

func skipSpaces(text string, i int) int {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	return i
}

// digitsIn returns the digits of the groups gs[from:to+1], concatenated.
func digitsIn(text string, gs []group) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(text[g.start:g.end])
	}
	return b.String()
}
