package privacy

import (
	"slices"
	"strings"
)

// phones finds UK phone numbers along chains of digit groups (numbers.go),
// so any separators people use between the groups count: spaces, dots,
// dashes, brackets, slashes, line breaks ("07700 900123", "07700.900.123",
// "(020) 7946 0958", "0161-496-0000", "0 7 7 0 0 9 0 0 1 2 3"). A number
// starts at a group that begins with the trunk 0, or after the country
// code ("+44", "0044", with an optional "(0)"), and runs to the group
// boundary that brings it to 10 or 11 national digits, the longer if both.
// The first group has at least three digits with the 0 and later groups at
// least two ("0300 311 22 33"), or every group is one digit; that keeps
// "0 to 5", "01 02 03" and rows of decimals out. Dates, times, money and
// percentages never start one: their groups are explained.
//
// Organisational numbers are not personal (DESIGN): 03 numbers, 0800,
// 0808 and 084x/087x numbers, and whatever the allow-list names.
func (s *Screener) phones(text string, gs []group, out []Finding) []Finding {
	labels := labelCache{text: text}
	for _, ch := range chains(text, gs) {
		for i := 0; i < len(ch); i++ {
			if i > 0 && ch[i-1].end == ch[i].start-1 && text[ch[i-1].end] == '.' {
				continue // inside a dotted number, a version or an address: "10.0.19045.3930"
			}
			last, digits, ok := phoneAt(text, ch, i, &labels)
			if !ok {
				continue
			}
			if !organisational(digits) && !s.allow.phones[digits] && !s.organisationLine(text, ch[i].start, ch[last].end, digits) {
				out = append(out, Finding{Kind: Phone, Start: phoneFrom(text, ch[i].start), End: ch[last].end})
			}
			i = last
		}
	}
	return out
}

// phoneAt reports whether a UK number starts at ch[i], and returns the
// index of its last group and its national digits (with the trunk 0).
func phoneAt(text string, ch []group, i int, labels *labelCache) (int, string, bool) {
	grp := func(k int) string { return text[ch[k].start:ch[k].end] }
	g := grp(i)
	plus := afterPlus(text, ch[i].start)
	national, k, best := "", i, -1
	bare := false
	switch {
	case plus && g == "44", g == "0044":
		// The country code stands for the trunk 0; "+44 (0)20" repeats it.
		national, k = "0", i+1
		if k < len(ch) && grp(k) == "0" && text[ch[k].start-1] == '(' {
			k++
		}
	case !plus && g == "44" && i+1 < len(ch) && grp(i + 1)[0] == '7':
		// "44 7700 900123": a mobile's country code without its "+",
		// written with spaces only (a table's "| 44 | 7,812 |" is not).
		national, k, bare = "0", i+1, true
	case !plus && len(g) == 12 && strings.HasPrefix(g, "447"):
		// "447700900123": a mobile as text-message systems store it.
		national, k, best = "0"+g[2:], i+1, i
	case plus && len(g) > 2 && g[:2] == "44":
		// "+447700900123": the country code glued to the number.
		national, k = "0"+g[2:], i+1
		if n := len(national); n >= 10 && n <= 11 && national[1] != '0' {
			best = i
		}
	case g[0] == '0':
	case trunkDropped(text, ch, i, labels):
		// "Mob: 7700 900123": a number whose trunk 0 a spreadsheet
		// dropped, labelled a phone.
		national, k = "0", i
	default:
		return 0, "", false
	}
	digits, bestDigits := national, national
	ones := true
	for j := k; j < len(ch); j++ {
		d := grp(j)
		ones = ones && len(d) == 1
		// A number's first group has at least three digits with the 0
		// (any length after a country code), later groups at least two;
		// or it is written a digit at a time.
		short := len(d) < 2 || j == i && len(d) < 3
		if short && !ones && !(j == k && national != "") {
			break
		}
		digits += d
		if len(digits) > 11 {
			break
		}
		if len(digits) >= 10 && digits[1] != '0' {
			best, bestDigits = j, digits
		}
	}
	if best < 0 || bare && strings.IndexFunc(text[ch[i].start:ch[best].end], func(r rune) bool { return r != ' ' && (r < '0' || r > '9') }) >= 0 {
		return 0, "", false
	}
	return best, bestDigits, true
}

// afterPlus reports whether a "+" (perhaps "(+" or "+ ") comes just before
// text[i].
func afterPlus(text string, i int) bool {
	switch {
	case i >= 1 && text[i-1] == '+':
		return true
	case i >= 2 && text[i-1] == ' ' && text[i-2] == '+':
		return true
	}
	return false
}

// phoneFrom widens a phone finding back over its "+" or "(" so the refusal
// covers the whole number.
func phoneFrom(text string, start int) int {
	for start > 0 && (text[start-1] == '+' || text[start-1] == '(' || text[start-1] == ' ' && start > 1 && text[start-2] == '+') {
		start--
	}
	return start
}

// organisational reports whether national digits are a number that only
// organisations hold: 03 (UK-wide rate), freephone 0800 and 0808, and the
// 084x and 087x service numbers.
func organisational(digits string) bool {
	for _, p := range []string{"03", "0800", "0808", "084", "087"} {
		if strings.HasPrefix(digits, p) {
			return true
		}
	}
	return false
}

// organisationLine reports whether a landline at text[start:end] is an
// organisation's, as its label says: a switchboard, main reception,
// extension, helpline, service desk or dial-in named just before it
// ("York Hospital. Switchboard: 01904 631313", "Dial in: +44 20 3855
// 4748"), with no person, pronoun, relative or home anywhere near it. A
// mobile is never an organisation's; "tel" and "phone" say nothing about
// whose a number is, and a landline near a person (a patient's, or a staff
// signature's) is refused as any other.
func (s *Screener) organisationLine(text string, start, end int, digits string) bool {
	if !strings.HasPrefix(digits, "01") && !strings.HasPrefix(digits, "02") {
		return false
	}
	label := strings.ToLower(text[max(0, start-24):start])
	cue := false
	for _, c := range []string{"switchboard", "main reception", "extension", "helpline", "help line", "service desk",
		"main line", "dial in", "dial-in", "join by phone"} {
		if hasWord(label, c) {
			cue = true
			break
		}
	}
	if !cue {
		return false
	}
	lo, hi := max(0, start-160), min(len(text), end+80)
	around := strings.ToLower(text[lo:hi])
	for _, w := range []string{"home", "she", "he", "her", "him", "his", "their", "they", "pt", "pts", "patient", "patients",
		"mum", "dad", "mother", "father", "daughter", "son", "sister", "brother", "wife", "husband", "partner", "next of kin",
		"nok", "carer", "mobile", "mob", "lives", "discharged", "admitted", "gentleman", "lady", "man", "woman", "client",
		"resident", "family", "relative"} {
		if hasWord(around, w) {
			return false // "discharged from York Hospital, switchboard …"
		}
	}
	return !s.personNear(text, lo, hi)
}

// hasWord reports whether the lower-case text holds w as a whole word (or
// phrase), anywhere.
func hasWord(text, w string) bool {
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		j += i
		if (j == 0 || !isWordByte(text[j-1])) && (j+len(w) == len(text) || !isWordByte(text[j+len(w)])) {
			return true
		}
		i = j + 1
	}
}

// trunkDropped reports whether the digits from ch[i] are a UK number
// written without its trunk 0, as a spreadsheet stores it ("7700900123",
// "7700 900123", "20 7946 0958"): ten digits in at most three groups
// parted by a space or a dash, starting with the 1, 2 or 7 a landline or
// mobile starts with, just after a phone label ("Mob:", "tel no", "phone
// -"). A mobile written as one cell of a table whose text names a phone
// column anywhere ("Name,Mobile" over "Jo Bloggs,7700900123") counts too.
// Without a label ten such digits are any other number, and are left
// alone.
func trunkDropped(text string, ch []group, i int, labels *labelCache) bool {
	g := ch[i]
	if c := text[g.start]; c != '1' && c != '2' && c != '7' {
		return false
	}
	n := 0
	for j := i; j < len(ch) && j < i+3; j++ {
		if j > i {
			if gap := text[ch[j-1].end:ch[j].start]; gap != " " && gap != "-" && gap != " - " {
				break
			}
		}
		n += ch[j].len()
		if n >= 10 {
			break
		}
	}
	if n != 10 {
		return false
	}
	if phoneLabel(text, g.start) {
		return true
	}
	return text[g.start] == '7' && g.len() == 10 && cellEdge(text, g.start-1) && cellEdge(text, g.end) && labels.phoneColumn()
}

// cellEdge reports whether text[i] ends a table cell (or i is outside the
// text).
func cellEdge(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return true
	}
	switch text[i] {
	case ',', '|', ';', ' ':
		return true
	}
	return false
}

// labelCache answers, once per text, whether it names a phone column.
type labelCache struct {
	text        string
	done, phone bool
}

// phoneColumn reports whether the text names a phone anywhere as a word
// ("Mobile", "Tel", "contact number").
func (c *labelCache) phoneColumn() bool {
	if !c.done {
		c.done = true
		lower := strings.ToLower(c.text)
		// Not "home" or "contact", which say other things as often.
		for _, w := range []string{"mobile", "mobiles", "mob", "tel", "telephone", "phone", "phones", "landline", "contact number"} {
			if hasWord(lower, w) {
				c.phone = true
				break
			}
		}
	}
	return c.phone
}

// phoneLabels are the words that label a phone number.
func phoneLabels() []string {
	return []string{"mobile", "mob", "tel", "telephone", "phone", "ph", "cell", "cellphone", "contact", "landline", "home", "mobiles", "phones"}
}

// phoneLabel reports whether a phone's label ends just before text[i], on
// with nothing but punctuation and "no"/"number" after it.
func phoneLabel(text string, i int) bool {
	lo := max(0, i-24)
	ws := strings.FieldsFunc(strings.ToLower(text[lo:i]), func(r rune) bool { return r < 'a' || r > 'z' })
	// Only a label and its "no"/"number" may stand between: "mobile
	// number:", "tel no.", "mob -".
	for len(ws) > 0 {
		switch ws[len(ws)-1] {
		case "no", "number", "num", "nr":
			ws = ws[:len(ws)-1]
			continue
		}
		break
	}
	if len(ws) == 0 {
		return false
	}
	return slices.Contains(phoneLabels(), ws[len(ws)-1])
}
