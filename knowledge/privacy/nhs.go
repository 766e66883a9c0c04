package privacy

import (
	"slices"
	"strconv"
	"strings"
)

// ValidNHSNumber reports whether digits is an NHS number (or a Scottish CHI
// or Northern Irish H&C number, which share the format): ten digits whose
// last is the modulus-11 check digit of the first nine (notes §4.1). Spaces
// and hyphens are ignored, so "943 476 5919" and "943-476-5919" are valid
// too. The test range (999 000 0018…) is valid: it is well-formed, merely
// never issued.
func ValidNHSNumber(digits string) bool {
	var d [10]int
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		switch {
		case c == ' ' || c == '-':
			continue
		case !isDigit(c) || n == len(d):
			return false
		}
		d[n] = int(c - '0')
		n++
	}
	if n != len(d) {
		return false
	}
	// Weights 10..2 over the first nine digits; check = 11 - sum%11, where
	// 11 means 0 and 10 means "no valid number has this stem".
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		check = 0
	case 10:
		return false
	}
	return check == d[9]
}

// chiDate reports whether the first six digits of a ten-digit number form a
// DDMMYY date, which is how a Scottish CHI number begins. The century is
// unknown, so 29 February is allowed in any year divisible by four.
func chiDate(digits string) bool {
	if len(digits) < 6 {
		return false
	}
	dd := int(digits[0]-'0')*10 + int(digits[1]-'0')
	mm := int(digits[2]-'0')*10 + int(digits[3]-'0')
	yy := int(digits[4]-'0')*10 + int(digits[5]-'0')
	if mm < 1 || mm > 12 || dd < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mm]
	if mm == 2 && yy%4 == 0 {
		days = 29
	}
	return dd <= days
}

// nhsNumbers finds NHS, Northern Irish H&C and Scottish CHI numbers: ten
// digits anywhere along a chain of digit groups (numbers.go), starting and
// ending on group boundaries, whose last digit is the modulus-11 check
// digit of the first nine. Any grouping and any separators are read
// ("9434765919", "943 476 5919", "9 4 3 4 7 6 5 9 1 9", "9434 765 919",
// "(943)-476 / 5919"), glued to letters or not ("NHS9434765919").
//
// The check digit passes for one random ten-digit run in eleven, so what
// decides is where the run sits. A chain that is exactly the ten digits is
// a number standing alone and is refused. Inside a longer run of numbers
// (a row of figures, "2023 943 476 5919"), ten digits are refused in the
// groupings people write an NHS number in (10, 3-3-4, 4-3-3, 3-4-3, 3-3-2-2,
// 5-5, a digit at a time), or in any grouping when a word that names an
// identifier ("NHS", "CHI", "number", "no.", "patient", "ID") comes just
// before; a row of two-digit scores is not.
func (s *Screener) nhsNumbers(text string, gs []group, out []Finding) []Finding {
	csv := 0 // whether text has a CSV header: 0 not read yet, 1 no, 2 yes
	for _, ch := range chains(text, gs) {
		var row []bool // decimalRow(ch), once a run needs it
		rowDone := false
		for i := 0; i < len(ch); i++ {
			n, j := 0, i
			for ; j < len(ch) && n < 10; j++ {
				n += ch[j].len()
			}
			if n != 10 {
				continue
			}
			w := ch[i:j]
			digits := digitsIn(text, w)
			if !ValidNHSNumber(digits) {
				continue
			}
			if !rowDone {
				row, rowDone = decimalRow(text, ch), true
				if csv == 0 {
					csv = 1
					if csvHeader(text) {
						csv = 2
					}
				}
			}
			if csv == 2 && slices.ContainsFunc(w[1:], func(g group) bool {
				return g.start >= 2 && text[g.start-1] == ',' && text[g.start-2] != ' ' && isDigit(text[g.start-2])
			}) {
				continue // cells of a CSV row: "2025-01-06,1532,214,812"
			}
			if notAnIdentifier(text, w) || row != nil && slices.Contains(row[i:j], true) {
				continue
			}
			alone := i == 0 && j == len(ch)
			if !alone && !usualGrouping(w) && !(chiDate(digits) && chiGrouping(w)) && !identifierCue(text, w[0].start) {
				continue
			}
			kind := NHSNumber
			if chiDate(digits) {
				// A CHI number embeds the date of birth, and the refusal says so.
				kind = CHINumber
			}
			out = append(out, Finding{Kind: kind, Start: w[0].start, End: w[len(w)-1].end})
			i = j - 1
		}
	}
	return out
}

// decimalRow returns, for a chain that is a row of figures with pence or
// decimals ("Mics\t120\t149.99\t17,998.80"), which of its groups are the
// decimal part of an amount; nil for any other chain. Ten digits read
// across such a row that take in a decimal part are no identifier. A
// decimal part is two digits after a dot, after a whole number that no
// dot comes before, with no dot or digit after: "149.99", not the "59.19"
// of "943.476.59.19". The row holds two at least, and parts its other
// numbers with spaces or tabs and its thousands with commas.
func decimalRow(text string, ch []group) []bool {
	dec := make([]bool, len(ch))
	n := 0
	for k := 1; k < len(ch); k++ {
		g, p := ch[k], ch[k-1]
		sep := text[p.end:g.start]
		if sep == "." && g.len() == 2 && (p.start == 0 || text[p.start-1] != '.') &&
			(g.end == len(text) || text[g.end] != '.' && !isDigit(text[g.end])) {
			dec[k] = true
			n++
			continue
		}
		if strings.TrimSpace(sep) != "" && !(sep == "," && g.len() == 3) {
			return nil
		}
	}
	if n < 2 {
		return nil
	}
	return dec
}

// csvHeader reports whether text holds a CSV header: three or more
// column names (letters, digits, underscores, spaces inside) parted by
// bare commas, the first starting with a letter ("date,queries,users",
// "trust,ods_code,go_live"). Digits parted by bare commas below it are
// cells, not one number.
func csvHeader(text string) bool {
	for from := 0; ; {
		i := strings.IndexByte(text[from:], ',')
		if i < 0 {
			return false
		}
		i += from
		from = i + 1
		// The word before the first comma, then two more cells of words.
		a := i
		for a > 0 && (isLetter(text[a-1]) || text[a-1] == '_') {
			a--
		}
		if a == i || a > 0 && text[a-1] != ' ' {
			continue
		}
		cells, j := 1, i
		for cells < 3 && j < len(text) && text[j] == ',' {
			k := j + 1
			for k < len(text) && (isLetter(text[k]) || text[k] == '_' || isDigit(text[k])) {
				k++
			}
			if k == j+1 || !isLetter(text[j+1]) {
				break
			}
			cells++
			j = k
		}
		if cells >= 3 {
			return true
		}
	}
}

// usualGrouping reports whether the groups of a ten-digit run are laid out
// the way people write NHS numbers.
func usualGrouping(w []group) bool {
	if len(w) == 1 {
		return true
	}
	ones := true
	shape := make([]byte, len(w))
	for i, g := range w {
		shape[i] = byte('0' + g.len()) // every group is under ten digits here
		ones = ones && g.len() == 1
	}
	switch string(shape) {
	case "334", "433", "343", "3322", "55", "244", "3331":
		return true
	}
	return ones
}

// chiGrouping reports whether ten digits are grouped as a CHI number is
// written: its date of birth, then four digits ("140745 1235").
func chiGrouping(w []group) bool {
	return len(w) == 2 && w[0].len() == 6 && w[1].len() == 4
}

// notAnIdentifier reports whether ten digits that pass the check are
// plainly something else: an amount of money with thousands separators
// ("GBP 3,400,000,000", "1,500,000,000 pounds"), an IPv4 address (unless
// a word such as "NHS" or "patient" names it an identifier)
// ("172.16.254.10"), or a book's ISBN (whose check is the same modulus
// 11).
func notAnIdentifier(text string, w []group) bool {
	seps := make([]string, 0, len(w))
	for k := 1; k < len(w); k++ {
		seps = append(seps, text[w[k-1].end:w[k].start])
	}
	all := func(sep string) bool {
		for _, x := range seps {
			if x != sep {
				return false
			}
		}
		return len(seps) > 0
	}
	before := strings.ToLower(text[max(0, w[0].start-cueReach):w[0].start])
	after := strings.ToLower(text[w[len(w)-1].end:min(len(text), w[len(w)-1].end+12)])
	money := func() bool {
		for _, c := range []string{"gbp", "usd", "eur", "budget", "cost", "worth", "fund", "spend", "price", "£", "$", "€"} {
			if strings.Contains(before, c) {
				return true
			}
		}
		return strings.HasPrefix(strings.TrimSpace(after), "pound") || strings.HasPrefix(strings.TrimSpace(after), "gbp")
	}
	if all(",") && w[0].len() <= 3 && !slices.ContainsFunc(w[1:], func(g group) bool { return g.len() != 3 }) && money() {
		return true
	}
	if all(".") && len(w) == 4 && !identifierCue(text, w[0].start) && !slices.ContainsFunc(w, func(g group) bool {
		n, err := strconv.Atoi(digitsIn(text, []group{g}))
		return g.len() > 3 || err != nil || n > 255
	}) {
		return true
	}
	return strings.Contains(before, "isbn")
}

// identifierCue reports whether a word that names an identifier ends
// shortly before text[i].
func identifierCue(text string, i int) bool {
	lo := max(0, i-cueReach)
	window := strings.ToLower(text[lo:i])
	for _, w := range strings.FieldsFunc(window, func(r rune) bool {
		return !(r == '&' || r >= 'a' && r <= 'z')
	}) {
		switch w {
		case "nhs", "chi", "h&c", "hcn", "number", "no", "num", "nr", "patient", "patients", "pt", "id", "identifier", "ref", "mrn":
			return true
		}
	}
	return false
}

// cueReach is how far before a number an identifier word counts: "NHS
// number:", "patient's NHS no. is".
const cueReach = 32

// numberWindow bounds how far past a number's start its pattern is tried:
// longer than any NHS number or phone number can be written, and it keeps
// each try constant-time however long the text.
const numberWindow = 64

// numberStart reports whether a number can begin at text[i]: the byte
// before it is not a digit.
func numberStart(text string, i int) bool { return i == 0 || !isDigit(text[i-1]) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitsOf returns the ASCII digits of s, in order.
func digitsOf(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
