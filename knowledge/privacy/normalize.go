package privacy

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalize is the one folding every rule sees. Text pasted from Word, a
// patient record, a phone or a web page carries characters that look like
// digits, spaces and dashes but are not ASCII, and characters that do not
// show at all; an identifier written with them must be screened like the
// plain one. normalize
//   - removes every format character (Unicode category Cf: zero-width
//     spaces, joiners and non-joiners, word joiners, soft hyphens, byte
//     order marks, bidirectional marks) and every combining mark (Mn, Me:
//     variation selectors, keycaps, strike-throughs), which show nothing
//     of their own;
//   - folds compatibility forms to their plain letters (NFKC, one
//     character at a time): full-width and mathematical digits and letters,
//     superscripts, circled digits, "＠", "﹫", ligatures;
//   - turns every decimal digit of any script (Arabic-Indic, Devanagari,
//     Bengali, Thai, …) into its ASCII digit;
//   - turns every dash and minus into '-', and every run of whitespace
//     (any script's spaces, tabs, line breaks) into one ' ';
//   - decodes a link's percent-encoded printable characters ("%40" is
//     "@", "%20" a space) and reads a "+" between digits as a space;
//   - reads the letters typed or recognised for digits inside a number
//     as those digits: O for 0, l and I for 1, B for 8 and S for 5
//     (foldLetterDigits).
//
// It returns the folded text and, for each of its byte offsets and its
// end, the offset in the original, so findings point into the text the
// caller holds. Text that is plain ASCII without repeated whitespace, "%XX"
// or a "+" between digits comes back as is, with a nil map.
func normalize(text string) (string, []int) {
	norm, back := foldChars(text)
	return foldDigitWords(foldLetterDigits(norm), back)
}

// foldLetterDigits reads the letters a typist or a screenshot's text
// recognition puts for digits inside a number: O for a zero ("4O1 O23
// 2137", "O3/O4/1961"), a lower-case l or capital I for a one ("4l0 l23
// 2137"), and, between two digits, B for an eight and S for a five
// ("855 7B95"). In a word of only digits and those letters, with at least
// two digits, or with one digit and a slash, dot or dash joining it to
// another number, or three characters or more next to a group of three
// digits or more ("999 l4l Ol12"), every such letter is its digit. A word
// with any other letter ("CO2", "NO2x", "B12", "S10") or one digit on its
// own ("O2", "l1") is left alone, and so is a word a postcode's inward
// code follows ("l12 3ab" is Liverpool's L12). Byte for byte, so offsets
// do not move.
func foldLetterDigits(text string) string {
	var out []byte
	for i := 0; i < len(text); {
		if !isLetter(text[i]) && !isDigit(text[i]) {
			i++
			continue
		}
		j, digits, letters, ones := i, 0, 0, 0
		for ; j < len(text) && (isLetter(text[j]) || isDigit(text[j])); j++ {
			switch c := text[j]; {
			case isDigit(c):
				digits++
			case c == 'O' || c == 'o':
				letters++
			case c == 'l' || c == 'I':
				letters++
				ones++
			case (c == 'B' || c == 'S') && j > i && isDigit(text[j-1]) && j+1 < len(text) && isDigit(text[j+1]):
				letters++
			default:
				digits = -len(text) // another letter: not a number
			}
		}
		if letters > 0 && (digits >= 2 || digits == 1 && (joinedToNumber(text, i, j) || j-i >= 3 && besideNumber(text, i, j))) &&
			!(ones > 0 && inwardCodeAt(text, j)) {
			if out == nil {
				out = []byte(text)
			}
			for k := i; k < j; k++ {
				switch out[k] {
				case 'O', 'o':
					out[k] = '0'
				case 'l', 'I':
					out[k] = '1'
				case 'B':
					out[k] = '8'
				case 'S':
					out[k] = '5'
				}
			}
		}
		i = j
	}
	if out == nil {
		return text
	}
	return string(out)
}

// besideNumber reports whether a group of three digits or more, not part
// of a word, stands next to text[i:j], parted from it by one space or
// dash.
func besideNumber(text string, i, j int) bool {
	sep := func(c byte) bool { return c == ' ' || c == '-' }
	if i >= 2 && sep(text[i-1]) {
		k := i - 2
		for k >= 0 && isDigit(text[k]) {
			k--
		}
		if i-2-k >= 3 && (k < 0 || !isLetter(text[k])) {
			return true
		}
	}
	if j+1 < len(text) && sep(text[j]) {
		k := j + 1
		for k < len(text) && isDigit(text[k]) {
			k++
		}
		if k-(j+1) >= 3 && (k >= len(text) || !isLetter(text[k])) {
			return true
		}
	}
	return false
}

// inwardCodeAt reports whether a postcode's inward code (a digit and two
// letters, "3AB") follows text[i] after one space.
func inwardCodeAt(text string, i int) bool {
	return i+4 <= len(text) && text[i] == ' ' && isDigit(text[i+1]) && isLetter(text[i+2]) && isLetter(text[i+3]) &&
		(i+4 == len(text) || !isLetter(text[i+4]) && !isDigit(text[i+4]))
}

// foldChars is normalize's character folding.
func foldChars(text string) (string, []int) {
	if plain(text) {
		return text, nil
	}
	out := make([]byte, 0, len(text))
	back := make([]int, 0, len(text)+1)
	emit := func(b byte, at int) {
		out = append(out, b)
		back = append(back, at)
	}
	space := false // the last byte written is a space standing for a run
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			// Invalid UTF-8 is kept byte for byte: it is nothing a rule
			// matches, and dropping it could join what it separates.
			emit(text[i], i)
			space = false
		case isSpaceRune(r):
			if !space {
				emit(' ', i)
				space = true
			}
		case r == '%' && percentByte(text, i) != 0:
			b := percentByte(text, i) // a link's "%40" is "@"
			if b != ' ' || !space {
				emit(b, i)
			}
			space = b == ' '
			size = 3
		case r == '+' && digitPlus(text, i):
			if !space {
				emit(' ', i)
				space = true
			}
		case r < utf8.RuneSelf:
			emit(byte(r), i)
			space = false
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r):
			// Invisible: dropped, so "943\u200c476" is "943476".
		default:
			for _, b := range []byte(foldRune(r)) {
				if b == ' ' && space {
					continue
				}
				emit(b, i)
				space = b == ' '
			}
		}
		i += size
	}
	back = append(back, len(text))
	return string(out), back
}

// foldDigitWords turns digits said in words into figures when four or
// more come in a row ("nine four three four seven six five nine one
// nine", "treble nine treble zero double zero one eight"), or two or more
// beside figures ("463 one eight eight 5491"), which is how a number is
// read out or disguised; the run becomes one number, whatever a
// transcript puts between its words. Shorter runs ("one or two") are left
// alone. back maps text's offsets to the original (nil: text is the
// original).
func foldDigitWords(text string, back []int) (string, []int) {
	// A word of the run says digit, times times ("double zero" is one
	// word of the run, from "double" to "zero").
	type word struct {
		start, end int
		digit      byte
		times      int
	}
	var run []word
	digits := 0
	var out []byte
	var outBack []int
	last := 0 // text before this offset has been copied to out
	flush := func() {
		if digits >= 4 || digits >= 2 && len(run) > 0 && besideFigures(text, run[0].start, run[len(run)-1].end) {
			if out == nil {
				out = make([]byte, 0, len(text))
				outBack = make([]int, 0, len(text)+1)
			}
			for i, w := range run {
				// The words of a run are one number's digits: the spaces,
				// commas and dashes a transcript puts between them go
				// ("three eight one, four four two" is "381442").
				if i > 0 {
					last = w.start
				}
				for k := last; k < w.start; k++ {
					out = append(out, text[k])
					outBack = append(outBack, origin(back, k))
				}
				for range w.times {
					out = append(out, w.digit)
					outBack = append(outBack, origin(back, w.start))
				}
				last = w.end
			}
		}
		run, digits = run[:0], 0
	}
	wordAt := func(i int) int { // the end of the word at text[i]
		j := i
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		return j
	}
	for i := 0; i < len(text); {
		if !isLetter(text[i]) {
			i++
			continue
		}
		j := wordAt(i)
		w := word{start: i, end: j, digit: digitWord(text[i:j]), times: 1}
		if times := repeatWord(text[i:j]); times > 0 {
			// "double zero": the multiplier and the digit it repeats.
			k := j
			for k < len(text) && text[k] == ' ' {
				k++
			}
			if e := wordAt(k); k < len(text) && k > j && digitWord(text[k:e]) != 0 {
				w = word{start: i, end: e, digit: digitWord(text[k:e]), times: times}
			}
		}
		if w.digit == 0 {
			flush()
		} else {
			if len(run) > 0 && !onlySeparators(text[run[len(run)-1].end:i]) {
				flush()
			}
			run = append(run, w)
			digits += w.times
		}
		i = w.end
	}
	flush()
	if out == nil {
		return text, back
	}
	for k := last; k < len(text); k++ {
		out = append(out, text[k])
		outBack = append(outBack, origin(back, k))
	}
	outBack = append(outBack, origin(back, len(text)))
	return string(out), outBack
}

// besideFigures reports whether a group of three or more figures stands
// next to text[start:end], parted from it by one space, comma or dash
// ("463 one eight eight 5491"): digits said in words among figures are
// part of their number however few.
func besideFigures(text string, start, end int) bool {
	before := strings.TrimRight(text[:start], " ,-")
	after := strings.TrimLeft(text[end:], " ,-")
	run := func(s string, fromEnd bool) int {
		n := 0
		for n < len(s) {
			c := s[n]
			if fromEnd {
				c = s[len(s)-1-n]
			}
			if !isDigit(c) {
				break
			}
			n++
		}
		return n
	}
	return start-len(before) <= 2 && run(before, true) >= 3 || len(text)-end-len(after) <= 2 && run(after, false) >= 3
}

// repeatWord returns how many times a word repeats the digit after it
// ("double", "treble", "triple"), or 0.
func repeatWord(w string) int {
	switch {
	case strings.EqualFold(w, "double"):
		return 2
	case strings.EqualFold(w, "treble"), strings.EqualFold(w, "triple"):
		return 3
	}
	return 0
}

// digitWord returns the figure a word says ('0' to '9'), or 0.
func digitWord(w string) byte {
	if len(w) < 1 || len(w) > 6 {
		return 0
	}
	var buf [6]byte
	for i := 0; i < len(w); i++ {
		buf[i] = lowerByte(w[i])
	}
	switch string(buf[:len(w)]) {
	case "zero", "oh", "o", "nought", "nil":
		return '0'
	case "one":
		return '1'
	case "two":
		return '2'
	case "three":
		return '3'
	case "four":
		return '4'
	case "five":
		return '5'
	case "six":
		return '6'
	case "seven":
		return '7'
	case "eight":
		return '8'
	case "nine":
		return '9'
	}
	return 0
}

func onlySeparators(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '-' && s[i] != ',' {
			return false
		}
	}
	return len(s) <= 3
}

// joinedToNumber reports whether the word text[i:j] is joined by a slash,
// dot or dash to a number: a digit, or an O just before one, across it.
func joinedToNumber(text string, i, j int) bool {
	joiner := func(c byte) bool { return c == '/' || c == '.' || c == '-' }
	numeric := func(k int) bool {
		return k >= 0 && k < len(text) && (isDigit(text[k]) ||
			(text[k] == 'O' || text[k] == 'o' || text[k] == 'l' || text[k] == 'I') && (k+1 < len(text) && isDigit(text[k+1]) || k > 0 && isDigit(text[k-1])))
	}
	return j+1 < len(text) && joiner(text[j]) && numeric(j+1) || i >= 2 && joiner(text[i-1]) && numeric(i-2)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// origin maps an offset through back, which may be nil (identity).
func origin(back []int, i int) int {
	if back == nil {
		return i
	}
	return back[i]
}

// plain reports whether text needs no folding: ASCII with no whitespace
// other than single spaces.
func plain(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c >= utf8.RuneSelf || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			return false
		}
		if c == ' ' && i > 0 && text[i-1] == ' ' {
			return false
		}
		if c == '%' && percentByte(text, i) != 0 || c == '+' && digitPlus(text, i) {
			return false
		}
	}
	return true
}

// percentByte returns the printable ASCII character that text[i:i+3]
// percent-encodes ("%40" is "@", "%20" a space), or 0: an address or a
// number inside a link ("mailto:jane.smith%40…", "?q=943%20476%205919") is
// screened as written out.
func percentByte(text string, i int) byte {
	if i+2 >= len(text) || text[i] != '%' {
		return 0
	}
	v, err := strconv.ParseUint(text[i+1:i+3], 16, 8)
	if err != nil || v < 0x20 || v > 0x7e {
		return 0
	}
	return byte(v)
}

// digitPlus reports whether text[i] is a "+" between two digits, which a
// link's query writes for a space ("?q=943+476+5919").
func digitPlus(text string, i int) bool {
	return text[i] == '+' && i > 0 && i+1 < len(text) && isDigit(text[i-1]) && isDigit(text[i+1])
}

func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' ||
		(r >= utf8.RuneSelf && (unicode.IsSpace(r) || unicode.Is(unicode.Zs, r)))
}

// foldRune returns the ASCII a non-ASCII rune stands for, or the rune
// itself (as UTF-8) when it has no ASCII form. Digits of any script become
// ASCII digits; dashes and minus signs become '-'.
func foldRune(r rune) string {
	if v, ok := digitValue(r); ok {
		return string(rune('0' + v))
	}
	if unicode.Is(unicode.Pd, r) || r == '\u2212' || r == '\u2043' || r == '\ufe63' || r == '\uff0d' {
		return "-"
	}
	s := norm.NFKC.String(string(r))
	// NFKC may itself produce digits of another script or invisible marks;
	// fold what it gives once more, ASCII through.
	var b []byte
	for _, c := range s {
		switch {
		case c < utf8.RuneSelf:
			b = append(b, byte(c))
		case unicode.Is(unicode.Cf, c) || unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Me, c):
		default:
			if v, ok := digitValue(c); ok {
				b = append(b, byte('0'+v))
			} else if isSpaceRune(c) {
				b = append(b, ' ')
			} else {
				b = utf8.AppendRune(b, c)
			}
		}
	}
	return string(b)
}

// digitValue returns the value of a decimal digit of any script (Unicode
// category Nd). Unicode allots every script's digits as runs of ten
// starting at zero, and the Nd table's ranges each start at a zero, so
// the value is the distance from the range's start, modulo ten (the
// mathematical digits are five runs in one range). TestDigitValue checks
// this against every Nd rune.
func digitValue(r rune) (int, bool) {
	if r < utf8.RuneSelf {
		if '0' <= r && r <= '9' {
			return int(r - '0'), true
		}
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			if (r-rune(rg.Lo))%rune(rg.Stride) != 0 {
				return 0, false
			}
			return int((r - rune(rg.Lo)) / rune(rg.Stride) % 10), true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			if (r-rune(rg.Lo))%rune(rg.Stride) != 0 {
				return 0, false
			}
			return int((r - rune(rg.Lo)) / rune(rg.Stride) % 10), true
		}
	}
	return 0, false
}
