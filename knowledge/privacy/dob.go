package privacy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A date is a date: "pilot started 03/04/2024" identifies nobody. It is a
// date of birth when a birth word announces it ("DOB 03/04/1961", "born on
// the 3rd of April 1961", "date of birth: third of April 1961") or when it
// sits next to a person's name and is long enough ago to be one ("Jane
// Smith, 3 April 1961", "Mr Ahmed 03.04.61"). Dates are read in every
// common British form, in figures and in words.

// dobKeyword matches the words that announce a date of birth, with the
// slips of fast typing ("D0B", "date of brith"). It is also a postcode
// cue.
const dobKeyword = `\b(?:d\.? ?[o0]\.? ?b\b\.?|d/[o0]/b\b|date[ _]of[ _]b(?:irth|rith)|b(?:irth|rith)[ _]?date|b(?:irth|rith)day|born|dyddiad geni)`

// dobKeywordIntl matches the same words in Welsh and in the languages
// staff and patients in England most often write besides English
// ("ganwyd", "data urodzenia", "data nașterii", "data de nascimento",
// "জন্ম তারিখ", "تاريخ الميلاد"). It is kept apart from dobKeyword, and
// tried only on text that holds one of intlBirthHints, so the commonest
// text does not pay for it. Words in other scripts have no \b (it is
// ASCII's), and are written as normalised: without a virama, a combining
// mark.
const dobKeywordIntl = `(?:\b(?:ganwyd|ganed` + // Welsh
	`|data urodzenia|urodzon[ya]` + // Polish
	`|data na[sș]terii|n[aă]scut[ăa]?` + // Romanian
	`|data de nascimento|nascid[oa]|fecha de nacimiento|nacid[oa]` + // Portuguese, Spanish
	`|date de naissance|data di nascita|geburtsdatum|geboren` + // French, Italian, German
	`|do[gğ]um tarihi|gimimo data|taariikhda dhalashada|tarikh pidaish|tareekh e paidaish` + // Turkish, Lithuanian, Somali, Urdu in Latin script
	`)\b|জনম তারিখ|जनम तिथि|ਜਨਮ ਮਿਤੀ|تاریخ پیدائش|تاريخ الميلاد)` // Bengali, Hindi, Punjabi, Urdu, Arabic

// intlBirthHints are pieces of dobKeywordIntl's words, lower case, one of
// which any text it matches holds.
func intlBirthHints() []string {
	return []string{"ganwyd", "ganed", "urodz", "terii", "scut", "nascid", "nascimento", "nacimiento", "nacid", "naissance", "nascita",
		"geburtsdatum", "geboren", "um tarihi", "gimimo", "dhalashada", "pidaish", "paidaish"}
}

// intlBirthHint reports whether text may hold a birth word of another
// language: it has a byte outside ASCII, or one of intlBirthHints. low is
// text lower-cased byte for byte (asciiLower).
func intlBirthHint(text, low string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, h := range intlBirthHints() {
		if strings.Contains(low, h) {
			return true
		}
	}
	return false
}

// monthName matches English month names and their usual abbreviations.
const monthName = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`

// ordinalDay matches a day of the month in words: "third", "twenty-first".
const ordinalDay = `(?:(?:twenty|thirty)[ \-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)` +
	`|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth`

// dateSep separates a numeric date's parts: "03/04/1961", "3.4.61",
// "03 04 1961", "03 / 04 / 1961".
const dateSep = `(?: ?[/.\-] ?| )`

// yearWords matches a year said in words: "nineteen forty-eight",
// "nineteen oh five", "two thousand and three", "twenty ten".
const yearWords = `(?:(?:nineteen|eighteen|twenty) (?:hundred|oh[ \-]` + unitWord + `|` + teenWord + `|` + tensWord + `(?:[ \-]` + unitWord + `)?)` +
	`|two thousand(?: and)?(?: ` + unitWord + `| ` + teenWord + `| ` + tensWord + `(?:[ \-]` + unitWord + `)?)?)`

const (
	unitWord = `(?:one|two|three|four|five|six|seven|eight|nine)`
	teenWord = `(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)`
	tensWord = `(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)`
)

// datePattern matches one date; the groups name its parts so the year can
// be judged. Text is normalised, so whitespace is single spaces and
// dashes are '-'.
const datePattern = `(?i)\b(?:` +
	// 03/04/1961, 3.4.61, 03-04-1961, 03 04 1961
	`(?P<d1>\d{1,2})` + dateSep + `(?P<m1>\d{1,2})` + dateSep + `(?P<y1>\d{4}|\d{2})` +
	// 1961-04-03
	`|(?P<y2>\d{4})[/.\-](?P<m2>\d{1,2})[/.\-](?P<d2>\d{1,2})` +
	// 3rd of April 1961, the 3rd April '61, 14-Jul-1945, third of April 1961
	`|(?:the )?(?P<d3>\d{1,2}(?:st|nd|rd|th)?|` + ordinalDay + `)(?: of)?[ \-]` + monthName + `\.?,?[ \-](?P<y3>\d{4}|'\d{2}|\d{2}|` + yearWords + `)` +
	// April 3rd, 1961; July 14 1945
	`|` + monthName + `\.? (?:the )?(?P<d4>\d{1,2}(?:st|nd|rd|th)?|` + ordinalDay + `),? (?P<y4>\d{4}|'\d{2}|` + yearWords + `)` +
	// 03APR1961, 3apr61 (an EPR's compact form)
	`|(?P<d5>\d{1,2})` + monthName + `(?P<y5>\d{4})` +
	// 04/1961, April 1961: a month and year, only after a birth word
	// (checked in code)
	`|(?P<m6>\d{1,2})[/.\-](?P<y6>\d{4})` +
	`|` + monthName + `\.? (?P<y7>\d{4})` +
	// 03041961, only after a birth word (checked in code)
	`|(?P<compact>\d{8})` +
	`)\b`

// datesOfBirth finds dates of birth. A date of birth needs a birth word
// before it or a name near it, so dates are looked for only around those:
// text without either costs a word scan, and a lesson's many ordinary
// dates are never parsed.
func (s *Screener) datesOfBirth(text string, gs []group, out []Finding) []Finding {
	out = hl7Births(text, out)
	const reach = 48 // longer than any written date
	var spans [][2]int
	low := asciiLower(text) // byte for byte: its offsets are text's
	// Whether the text may hold another language's birth word: if it
	// does not, no part of it does.
	intl := intlBirthHint(text, low)
	at := birthWords(low, intl)
	if intl {
		out = s.welshDates(text, out)
	}
	out = s.gluedDates(text, at, intl, out)
	for _, i := range at {
		// A date after its birth word, or just before ("03/04/1961 is
		// her DOB").
		spans = append(spans, [2]int{max(0, i-reach), min(len(text), i+2*reach)})
	}
	if len(gs) > 0 { // without figures, only a date in words, after a birth word
		for _, n := range s.names(text, 0, len(text)) {
			spans = append(spans, [2]int{max(0, n[0]-nameReach/2-reach), min(len(text), n[1]+nameReach+reach)})
		}
		for _, a := range s.ages(text, gs) {
			spans = append(spans, [2]int{max(0, a[0]-nameReach/2-reach), min(len(text), a[1]+nameReach+reach)})
		}
	}
	if len(spans) == 0 {
		return out
	}
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	lo, hi := -1, -1
	for _, sp := range spans {
		a, b := widen(text, sp[0], sp[1])
		if a <= hi {
			hi = max(hi, b)
			continue
		}
		if lo >= 0 {
			out = s.datesIn(text, lo, hi, intl, out)
		}
		lo, hi = a, b
	}
	return s.datesIn(text, lo, hi, intl, out)
}

// dateStart reports whether t can begin a date: one or two digits, then
// a separator and a digit or a space and a letter ("12/06/57", "3 April"),
// four digits and a separator ("1961-04-03"), or eight digits
// ("03041961"). It spares the date pattern most numbers.
func dateStart(t string) bool {
	n := 0
	for n < len(t) && isDigit(t[n]) {
		n++
	}
	if n == 8 {
		return true
	}
	if n == 0 || n+1 >= len(t) {
		return false
	}
	sep := t[n] == '/' || t[n] == '.' || t[n] == '-'
	switch {
	case n <= 2 && sep:
		return isDigit(t[n+1]) || isLetter(t[n+1])
	case n <= 2 && t[n] == ' ':
		return isDigit(t[n+1]) || n+4 <= len(t) && monthPrefix(asciiLower(t[n+1:n+4]))
	case n <= 2 && isLetter(t[n]):
		return true // "3rd", "03APR1961"
	case n == 4 && sep:
		return isDigit(t[n+1])
	}
	return false
}

// monthPrefix reports whether p, three lower-case letters, begins a
// month's name.
func monthPrefix(p string) bool {
	switch p {
	case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
		return true
	}
	return false
}

// welshDatePattern is a date with a Welsh month's name: "31 Rhagfyr 1966".
const welshDatePattern = `(?i)\b\d{1,2} (?:ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr) \d{4}\b`

// welshDates finds dates with a Welsh month's name just after a birth
// word ("a ganwyd ar 31 Rhagfyr 1966"). They are looked for apart from
// datePattern, only in text that may hold a Welsh birth word, so the
// commonest text does not pay for twelve more month names.
func (s *Screener) welshDates(text string, out []Finding) []Finding {
	for _, m := range s.welshDate.FindAllStringIndex(text, -1) {
		if announced, _ := s.birthWordBefore(text, m[0], true); announced {
			out = append(out, Finding{Kind: DateOfBirth, Start: m[0], End: m[1]})
		}
	}
	return out
}

// asciiLower lower-cases the ASCII letters of s and leaves every other
// byte as it is, so offsets into the result are offsets into s
// (strings.ToLower turns invalid UTF-8 into three-byte replacement
// characters, and some capitals into longer lower-case letters).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerByte(c)
	}
	return string(b)
}

// gluedDates finds a date typed straight after its birth word, with no
// space ("dob12/06/57"; "DOB:" is the usual form): the date pattern needs
// a word's edge before it, which the window's start gives. at are where
// birth words start (birthWords); intl as for datesIn.
func (s *Screener) gluedDates(text string, at []int, intl bool, out []Finding) []Finding {
	const reach = 48
	for _, j := range at {
		if j > 0 && isLetter(text[j-1]) {
			continue
		}
		for _, w := range []string{"d.o.b.", "d.o.b", "dob", "d0b"} {
			k := j + len(w)
			if k < len(text) && strings.EqualFold(text[j:k], w) {
				if dateStart(text[k:min(len(text), k+12)]) {
					out = s.datesIn(text, k, min(len(text), k+reach), intl, out)
				}
				break
			}
		}
	}
	return out
}

// hl7Births finds the date of birth of an HL7 v2 patient segment, which
// has no label of its own: PID-7, the seventh field after "PID", as
// YYYYMMDD with perhaps a time ("PID|1||…||SMITH^JANE||19610403|F").
func hl7Births(text string, out []Finding) []Finding {
	pidFields(text, 7, func(start, end int) {
		// The date, perhaps with a time; a component mark may follow.
		d := start
		for d < end && isDigit(text[d]) {
			d++
		}
		if d-start >= 8 && d-start <= 14 && (d == end || text[d] == '^') {
			out = append(out, Finding{Kind: DateOfBirth, Start: start, End: d})
		}
	})
	return out
}

// birthWords returns where the words "born", "birth", "dob" and "b."
// (and, when intl, the birth words of other languages) start in low,
// the text lower-cased byte for byte (asciiLower), roughly: a place to look for a date written in words.
func birthWords(low string, intl bool) []int {
	var at []int
	needles := []string{"born", "birth", "brith", "dob", "d0b", "d.o", "d o b", "d. o", "do.b", "d.ob", "d/o/b", "geni"}
	if intl {
		needles = append(append(needles, intlBirthHints()...), "জনম", "जनम", "ਜਨਮ", "پیدائش", "الميلاد")
	}
	for _, w := range needles {
		for i := 0; ; {
			j := strings.Index(low[i:], w)
			if j < 0 {
				break
			}
			at = append(at, i+j)
			i += j + len(w)
		}
	}
	// The biographer's "b.", as a word of its own.
	for i := 0; ; {
		j := strings.Index(low[i:], "b.")
		if j < 0 {
			break
		}
		if j += i; j == 0 || !isLetter(low[j-1]) {
			at = append(at, j)
		}
		i = j + 2
	}
	return at
}

// widen moves a window's edges out to spaces (a little way at most), so
// that \b at the edges means what it means in the whole text.
func widen(text string, lo, hi int) (int, int) {
	for stop := max(0, lo-24); lo > stop && text[lo-1] != ' '; {
		lo--
	}
	for stop := min(len(text), hi+24); hi < stop && text[hi] != ' '; {
		hi++
	}
	return lo, hi
}

// datesIn finds dates of birth in text[lo:hi]. intl says whether the
// text may hold another language's birth word (intlBirthHint).
func (s *Screener) datesIn(text string, lo, hi int, intl bool, out []Finding) []Finding {
	window := text[lo:hi]
	for _, m := range s.date.FindAllStringSubmatchIndex(window, -1) {
		start, end := lo+m[0], lo+m[1]
		part := func(name string) string {
			i := s.date.SubexpIndex(name)
			if m[2*i] < 0 {
				return ""
			}
			return window[m[2*i]:m[2*i+1]]
		}
		// The match ends at a word boundary; it must not run on into
		// more digits of the same number ("03/04/2024/25").
		if end < len(text) && (isDigit(text[end]) || end+1 < len(text) && strings.ContainsRune("/.-", rune(text[end])) && isDigit(text[end+1])) {
			continue
		}
		if start > 0 && (isDigit(text[start-1]) || start > 1 && strings.ContainsRune("/.-", rune(text[start-1])) && isDigit(text[start-2])) {
			continue
		}
		year := part("y1") + part("y2") + part("y3") + part("y4") + part("y5") + part("y6") + part("y7")
		numeric := part("d1") != "" || part("y2") != ""
		if numeric && !plausibleNumericDate(part("d1")+part("d2"), part("m1")+part("m2")) {
			continue
		}
		announced, gapped := s.birthWordBefore(text, start, intl)
		if !announced && s.longAgo(year) && (s.dobAfter.MatchString(text[end:min(len(text), end+40)]) || bareBorn(text, start)) {
			// "03/04/1961 is her DOB", "03/04/1961 (DOB)"; "b. 03/04/1961"
			// (a list's item "b." holds a recent date).
			announced = true
		}
		if s.tooLongAgo(year) && !(announced && dobLabel(text, start) && !dateBound(text, start)) {
			// "Florence Nightingale was born on 12 May 1820"; but "PAS has
			// her DOB as 03/04/1861" is a typo of a patient's.
			continue
		}
		near := func(f func(string, int, int) bool) bool {
			return f(text, max(0, start-nameReach), min(len(text), end+nameReach/2))
		}
		switch {
		case part("compact") != "":
			if !announced || gapped {
				continue // "03041961" only right after a birth word
			}
		case part("m6") != "" || part("y7") != "":
			// "DOB: 04/1961", "DOB April 1961": only right after a birth
			// word, and long enough ago ("the NHS's birthday in July 2024").
			if !announced || gapped || !s.longAgo(year) {
				continue
			}
		case announced && !gapped:
		case announced && s.longAgo(year):
		case !s.longAgo(year):
			continue
		case near(s.nameIn):
			if s.eventAfterName(text, start) {
				// "Dr Patel led the pilot, go-live 01/04/2013": the
				// words after the name make the date an event's.
				continue
			}
		case near(s.ageIn):
			// "65 yo female 03/04/1961".
		default:
			continue
		}
		out = append(out, Finding{Kind: DateOfBirth, Start: start, End: end})
	}
	return out
}

// plausibleNumericDate reports whether a numeric date's day and month are a
// day and a month, in either order.
func plausibleNumericDate(d, m string) bool {
	a, _ := strconv.Atoi(d)
	b, _ := strconv.Atoi(m)
	return validDayMonth(a, b) || validDayMonth(b, a)
}

// longAgo reports whether a year is long enough ago to be a birth year of
// someone whose date a colleague would write next to their name: at least
// twelve years back. Two-digit years later than this year's are last
// century's.
func (s *Screener) longAgo(year string) bool {
	year = strings.TrimPrefix(year, "'")
	y, err := strconv.Atoi(year)
	if err != nil {
		if y, ok := yearFromWords(year); ok {
			return y <= s.year-12
		}
		return false
	}
	if len(year) == 2 {
		if y > s.year%100 {
			y += 1900
		} else {
			y += 2000
		}
	}
	return y <= s.year-12
}

// yearFromWords reads a year said in words, as yearWords matches it:
// "nineteen sixty-one", "nineteen oh five", "nineteen hundred", "twenty
// ten", "two thousand and three".
func yearFromWords(w string) (int, bool) {
	ws := strings.FieldsFunc(strings.ToLower(w), func(r rune) bool { return r == ' ' || r == '-' })
	small := map[string]int{
		"oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	}
	if len(ws) < 2 {
		return 0, false
	}
	if ws[0] == "two" && ws[1] == "thousand" {
		y := 2000
		for _, x := range ws[2:] {
			if x != "and" {
				y += small[x]
			}
		}
		return y, true
	}
	century, ok := small[ws[0]]
	if !ok || century < 18 || century > 20 {
		return 0, false
	}
	y := century * 100
	if ws[1] != "hundred" {
		for _, x := range ws[1:] {
			y += small[x]
		}
	}
	return y, true
}

// birthWordBefore reports whether a birth word announces the date at
// text[i]: only filler ("on the", "is", ":", "(", Slack's bold and code
// marks, a table's bars, a JSON key's quotes) and at most
// maxBirthGapWords other words or numbers ("DOB on PAS is", "DOB was
// recorded as", "DOB/Age:", a table's "DOB | 4 | SMITH Jane", "the DOB on
// PAS not match the Spine? PAS has") stand between them. gapped says
// whether other words do: such a date is a birth date only if it is long
// enough ago and no event word announces it ("we removed DOB from the
// form on 03/04/2024"). intl says whether the text may hold another
// language's birth word (intlBirthHint).
func (s *Screener) birthWordBefore(text string, i int, intl bool) (announced, gapped bool) {
	before := text[max(0, i-birthGap):i]
	skipped := 0
	for first := true; ; first = false {
		trimmed := strings.TrimRight(before, " :=,(-*_`\"'’[]|{}/)?")
		colon := strings.Contains(before[len(trimmed):], ":")
		before = trimmed
		low := strings.ToLower(before)
		if s.dobEnd.MatchString(before) || intl && s.dobEndIntl.MatchString(before) {
			if strings.HasSuffix(low, "born") && (thingBorn(before[:len(before)-4]) || skipped > 0 && !personBorn(before[:len(before)-4])) {
				return false, false
			}
			return true, skipped > 0
		}
		// "Jane Smith (b. 03/04/1961)", "Jane Smith, b. 3 April 1961": the
		// biographer's "b.", only in brackets or after a comma, not a list's
		// item "b.".
		if first && bornAbbrev(before) {
			return true, false
		}
		// "Birth: 03/04/1961", a form's label.
		if first && colon && strings.HasSuffix(low, "birth") && (len(low) == 5 || !isWordByte(low[len(low)-6])) {
			return true, false
		}
		// The word before: letters, or a number (a table's bed number).
		k := len(before)
		for k > 0 && isLetter(before[k-1]) {
			k--
		}
		if k == len(before) {
			for k > 0 && isDigit(before[k-1]) {
				k--
			}
		}
		w := low[k:]
		if w == "" {
			return false, false
		}
		if !birthFiller(w) {
			if skipped++; skipped > maxBirthGapWords {
				return false, false
			}
		}
		before = before[:k]
	}
}

// personBorn reports whether a person comes just before "born" ("she was
// born in Leeds on …"): with words between "born" and a date, only a
// person's birth counts.
func personBorn(before string) bool {
	words := strings.Fields(strings.ToLower(before))
	for k := len(words) - 1; k >= 0 && k >= len(words)-3; k-- {
		switch strings.Trim(words[k], ",.;:'’") {
		case "she", "he", "i", "you", "they", "patient", "pt", "baby", "child", "son", "daughter", "mum",
			"dad", "mother", "father", "twins", "boy", "girl":
			return true
		}
	}
	return false
}

// birthGap is how far before a date its birth word may stand, and
// maxBirthGapWords how many words other than filler may come between.
const (
	birthGap         = 64
	maxBirthGapWords = 6
)

// birthFiller reports whether w may stand between a birth word and its
// date without counting against maxBirthGapWords.
func birthFiller(w string) bool {
	switch w {
	case "the", "on", "is", "was", "of", "in", "at", "dated", "as", "be", "should", "recorded", "given",
		"listed", "entered", "shows", "reads", "says", "age", "and", "it's", "its":
		return true
	}
	return false
}

// thingBorn reports whether the words before "born" make its subject a
// thing, not a person: "the NHS was born", "the idea was born".
func thingBorn(before string) bool {
	words := strings.Fields(strings.ToLower(before))
	for len(words) > 0 {
		w := strings.Trim(words[len(words)-1], ",.;:'’")
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && w != "was" && w != "has" && w != "this" {
			w = strings.TrimSuffix(w, "s") // "ICBs were born", "systems were born"
		}
		switch w {
		case "was", "were", "is", "been", "be", "being", "had", "has", "have", "first", "officially", "really":
			words = words[:len(words)-1]
			continue
		}
		// The subject, a word or three back: "the idea for the chatbot
		// was born".
		for k := len(words) - 1; k >= 0 && k >= len(words)-4; k-- {
			w := strings.Trim(words[k], ",.;:'’")
			if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && w != "this" {
				w = strings.TrimSuffix(w, "s")
			}
			switch w {
			case "nhs", "nhsx", "nhse", "england", "service", "idea", "programme", "project", "trust", "scheme",
				"initiative", "network", "pilot", "tool", "system", "app", "it", "this", "that", "team",
				"organisation", "icb", "ic", "practice", "hospital", "charity", "company", "movement", "concept",
				"plan", "partnership", "collaborative", "community", "group", "forum", "platform", "product",
				"strategy", "chatbot", "policy", "act", "report", "unit", "model", "study", "cohort":
				return true
			case "she", "he", "i", "you", "they", "patient", "pt", "baby", "child", "son", "daughter":
				return false
			}
		}
		return false
	}
	return false
}

// nameIn reports whether a person's name stands in text[lo:hi] (widened
// to spaces).
func (s *Screener) nameIn(text string, lo, hi int) bool {
	return len(s.names(text, lo, hi)) > 0
}

// names returns the spans of people's names in text[lo:hi] (widened to
// spaces): an honorific and a surname ("Mr Ahmed", "Dr. Khan", "MRS
// PATEL", "mr ahmed"), "patient Smith" or "Pt Jones", "Name: K. Patel", a
// common first name and a capitalised word ("Jane Smith", "JANE SMITH"),
// or a record's "SMITH, Jane" and "SMITH Jane" (and a CSV row's
// "Hollis,Derek"). It walks the words once; a
// capitalised word that follows a cue without naming anyone ("Patient
// Advice", "MS Teams"), and a name that is a place's ("John Radcliffe
// Hospital", "Queen Elizabeth Hospital", "Mary Seacole Programme"), are
// not names.
func (s *Screener) names(text string, lo, hi int) [][2]int {
	lo, hi = widen(text, lo, hi)
	var out [][2]int
	ws := make([]nameWord, 0, (hi-lo)/6+1)
	for i := lo; i < hi; {
		for i < hi && isNameBreak(text[i]) {
			i++
		}
		j := i
		for j < hi && !isNameBreak(text[j]) {
			j++
		}
		if i == j {
			break
		}
		ws = append(ws, nameWord{text[i:j], i, j})
		i = j
	}
	for k, w := range ws {
		// "Dr.Khan", "Mr.Smith": an honorific glued to the name by a dot.
		if d := strings.IndexByte(w.text, '.'); d > 0 && d < len(w.text)-1 && honorific(w.text[:d]) && s.surname(w.text[d+1:]) {
			out = append(out, [2]int{w.start, w.end})
		}
		if k == 0 {
			continue
		}
		prev := ws[k-1]
		gap := text[prev.end:w.start]
		if gap == "," {
			gap = ", " // a CSV row's "Hollis,Derek"
		}
		if gap != " " && gap != ", " && strings.Trim(gap, " *_`\"|") != "" {
			continue
		}
		bare := strings.TrimRight(prev.text, ".")
		// The words around: "John Radcliffe Hospital", "Queen Elizabeth".
		place := func() bool {
			return k+1 < len(ws) && institution(strings.ToLower(strings.Trim(ws[k+1].text, ",.;:'\"’"))) ||
				k >= 2 && royal(strings.ToLower(strings.TrimRight(ws[k-2].text, ".")))
		}
		surname := trimName(w.text)
		if surname == "" || !isLetter(surname[0]) {
			continue // no case below takes it: "2024", "£12m"
		}
		lowSurname := surname
		if !isLowerASCII(surname) {
			lowSurname = strings.ToLower(surname)
		}
		switch {
		case gap == ", " && s.recordName(prev.text, w.text):
			// "SMITH, Jane": a record's surname first.
			out = append(out, [2]int{prev.start, w.end})
		case gap == ", " && capitalised(prev.text) && !greeting(strings.ToLower(prev.text)) && !s.notNames[strings.ToLower(prev.text)] &&
			!institution(strings.ToLower(prev.text)) && capitalised(surname) && s.firstNames[lowSurname]:
			// "Smith, Jane".
			out = append(out, [2]int{prev.start, w.end})
		case gap == ", ":
		case honorific(bare) && (s.surname(w.text) && !institution(lowSurname) || s.lowerSurname(bare, w.text)) && !place(),
			strings.EqualFold(bare, "patient") && s.surname(w.text),
			strings.EqualFold(bare, "pt") && s.surname(w.text),
			strings.EqualFold(prev.text, "name:") && !qualifiedName(ws, k-1) && (capitalised(strings.TrimRight(w.text, ",.;:")) && !s.notNames[strings.ToLower(strings.TrimRight(w.text, ",.;:"))] ||
				len(w.text) == 2 && w.text[1] == '.' && w.text[0] >= 'A' && w.text[0] <= 'Z' && k+1 < len(ws) && capitalised(strings.TrimRight(ws[k+1].text, ",.;:"))) && !place():
			out = append(out, [2]int{prev.start, w.end})
		case bare == prev.text && (capitalised(prev.text) && (capitalised(surname) || s.capsSurname(surname)) || allCaps(prev.text) && s.capsSurname(surname)) &&
			s.firstNames[strings.ToLower(prev.text)] && !s.notNames[lowSurname] && !institution(lowSurname) && !place() &&
			!(k >= 2 && strings.EqualFold(ws[k-2].text, "the")):
			// "Jane Smith", "Jane SMITH", "JANE SMITH"; not a building
			// named after one ("at the John Radcliffe").
			out = append(out, [2]int{prev.start, w.end})
		case s.recordName(prev.text, w.text):
			// "SMITH Jane"
			out = append(out, [2]int{prev.start, w.end})
		case initial(prev.text) && capitalised(surname) && !s.notNames[lowSurname] && streetAfter(ws, k+1):
			// "J. Smith, 12 High Street": an initial and a surname at
			// the head of a home address.
			out = append(out, [2]int{prev.start, w.end})
		case (strings.EqualFold(prev.text, "patient:") || strings.EqualFold(prev.text, "pt:")) && capitalised(strings.TrimRight(w.text, ",")) &&
			!s.notNames[lowSurname] && k+1 < len(ws) && capitalised(strings.TrimRight(trimName(ws[k+1].text), ",")) &&
			!s.notNames[strings.ToLower(strings.TrimRight(trimName(ws[k+1].text), ","))]:
			// "Patient: Doreen Walsh", a form's label and a full name.
			out = append(out, [2]int{prev.start, ws[k+1].end})
		}
	}
	return out
}

// initial reports whether w is a capital letter, perhaps with a dot: "J.",
// "J" (not the words "A" and "I").
func initial(w string) bool {
	w = strings.TrimSuffix(w, ".")
	return len(w) == 1 && w[0] >= 'B' && w[0] <= 'Z' && w[0] != 'I'
}

// streetAfter reports whether ws[k:] starts with a house number (perhaps
// "Flat 3" first) and a street: "12 High Street", "4a Elm Road", "Flat 2,
// 7 Mill Lane".
func streetAfter(ws []nameWord, k int) bool {
	if k+1 < len(ws) && strings.EqualFold(ws[k].text, "flat") {
		k += 2
	}
	if k >= len(ws) {
		return false
	}
	n := strings.TrimRight(ws[k].text, ",")
	if n == "" || !isDigit(n[0]) || len(n) > 4 {
		return false
	}
	for _, w := range ws[k+1 : min(len(ws), k+4)] {
		switch strings.ToLower(strings.TrimRight(w.text, ",.")) {
		case "street", "st", "road", "rd", "avenue", "ave", "lane", "close", "drive", "way", "crescent", "grove",
			"place", "gardens", "court", "terrace", "hill", "rise", "walk", "row", "square", "mews", "green", "parade":
			return true
		}
	}
	return false
}

// recordName reports whether two words are a surname in capitals and a
// common first name, as records write a name: "SMITH Jane", "SMITH, Jane".
func (s *Screener) recordName(surname, first string) bool {
	first = strings.TrimRight(trimName(first), ",")
	return allCaps(surname) && capitalised(first) && s.capsSurname(surname) && s.firstNames[strings.ToLower(first)]
}

// trimName is a word without the punctuation after it: "Smith." "Jane:"
// "Patel’".
func trimName(w string) string {
	for len(w) > 0 {
		switch c := w[len(w)-1]; {
		case c == '.' || c == ':' || c == '\'' || c == '"':
			w = w[:len(w)-1]
		case strings.HasSuffix(w, "’"):
			w = w[:len(w)-len("’")]
		default:
			return w
		}
	}
	return w
}

// isLowerASCII reports whether w has no ASCII capital and no byte beyond
// ASCII, so strings.ToLower would return it unchanged.
func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return false
		}
	}
	return true
}

// lowerSurname reports whether a lower-case word after an honorific can be
// a surname typed in haste ("mr ahmed"): the honorific is not in capitals
// ("MR scanner", "MS clinic" and "DR site" are magnetic resonance,
// multiple sclerosis and disaster recovery) nor "miss" (a verb as often),
// and the word is letters only and not one that follows without naming
// anyone ("ms teams", "mr and mrs", "dr foster").
func (s *Screener) lowerSurname(honorific, w string) bool {
	if allCaps(honorific) || strings.EqualFold(honorific, "miss") {
		return false
	}
	w = strings.TrimRight(w, ",.;:)'\"’")
	if len(w) < 2 || s.notNames[w] {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	switch w {
	case "and", "or", "the", "to", "of", "in", "on", "at", "is", "was", "has", "had", "will", "who", "said", "says",
		"scanner", "scan", "scans", "imaging", "nurse", "nurses", "clinic", "site", "test", "team", "unit", "ward",
		"service", "foster", "appointment", "appointments", "safety", "physics", "lead", "rota", "pathway":
		return false
	}
	return true
}

// capsSurname reports whether a word in capitals can be a surname
// ("SMITH"), not an acronym of NHS prose ("RAG", "CCIO", "AI").
func (s *Screener) capsSurname(w string) bool {
	if len(w) < 3 || !allCaps(w) {
		return false
	}
	switch strings.ToLower(w) {
	case "rag", "nhs", "icb", "ics", "cqc", "mhra", "nice", "dpia", "dtac", "epr", "ehr", "pas", "ccio", "cio",
		"cso", "dpo", "sro", "pmo", "kpi", "okr", "rfi", "rfp", "itt", "poc", "mvp", "api", "faq", "ppi", "pals",
		"icu", "itu", "opd", "mdt", "pcn", "lmc", "ahsn", "hin", "csu", "nhse", "nhsx", "dhsc", "ukhsa", "gdpr",
		"dspt", "caf", "ig", "avt", "llm", "ocr", "nlp", "rpa", "sql", "csv", "pdf", "url", "ceo", "cfo", "coo",
		"cmo", "cno", "emis", "tpp", "lims", "ris", "pacs", "ward", "bay", "bed", "red", "amber", "green", "ok":
		return false
	}
	return !s.notNames[strings.ToLower(w)]
}

// greeting reports whether a word before ", Jane" is a greeting or
// thanks, not a surname: "Thanks, Jane".
func greeting(w string) bool {
	switch w {
	case "thanks", "hi", "hello", "dear", "morning", "afternoon", "evening", "cheers", "yes", "no", "ok", "okay",
		"sorry", "please", "welcome", "congratulations", "well", "so", "and", "but", "hey", "thank", "hiya", "right":
		return true
	}
	return false
}

// qualifiedName reports whether the label "name:" at ws[k] names a thing:
// "Supplier name:", "Product name:".
func qualifiedName(ws []nameWord, k int) bool {
	if k == 0 {
		return false
	}
	switch strings.ToLower(strings.Trim(ws[k-1].text, "*_|")) {
	case "supplier", "product", "company", "trust", "organisation", "organization", "file", "user", "project",
		"tool", "app", "brand", "model", "service", "team", "display", "field", "site", "device", "vendor", "programme":
		return true
	}
	return false
}

// nameWord is a word of text, for names.
type nameWord struct {
	text       string
	start, end int
}

// allCaps reports whether w is two or more capital letters (apostrophes
// and hyphens allowed): "SMITH", "O'NEILL".
func allCaps(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !(r >= 'A' && r <= 'Z' || r == '\'' || r == '-' || r == '’') {
			return false
		}
	}
	return true
}

// institution reports whether a word after a person's name makes the name
// a place's or a programme's: "John Radcliffe Hospital".
func institution(w string) bool {
	switch w {
	case "hospital", "hospitals", "infirmary", "university", "college", "school", "centre", "center", "house",
		"programme", "program", "fellowship", "foundation", "institute", "trust", "unit", "ward", "wing",
		"building", "clinic", "surgery", "practice", "hospice", "award", "awards", "lecture", "report", "review",
		"road", "street", "lane", "avenue", "court", "hall", "library", "medical", "health", "memorial":
		return true
	}
	return false
}

// royal reports whether a word before a first name makes it a place's
// name: "Queen Elizabeth", "St James".
func royal(w string) bool {
	switch w {
	case "queen", "king", "prince", "princess", "royal", "st", "saint", "lady", "sir":
		return true
	}
	return false
}

// isNameBreak reports whether c separates words when looking for names.
func isNameBreak(c byte) bool {
	switch c {
	case ' ', ',', ';', '(', ')', '/', '[', ']', '*', '_', '`', '"', '|':
		return true
	}
	return false
}

// honorific reports whether w is a title that comes before a surname.
func honorific(w string) bool {
	if len(w) < 2 || len(w) > 4 {
		return false
	}
	for _, h := range []string{"mr", "mrs", "ms", "miss", "mx", "dr"} {
		if strings.EqualFold(w, h) {
			return true
		}
	}
	return false
}

// surname reports whether a word can be the name after a cue: it starts
// with a capital and is not one of the words that follow "Patient" or "MS"
// in NHS prose without naming anyone.
func (s *Screener) surname(w string) bool {
	w = strings.TrimRight(w, ",.;:)'\"’")
	if w == "" || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	return !s.notNames[strings.ToLower(w)]
}

// capitalised reports whether w is a capital letter followed by lower-case
// letters (apostrophes and hyphens allowed, each perhaps followed by a
// capital, as is the name after "Mc" or "Mac"): "Smith", "O'Neill",
// "Ferreira-Lopes", "McAllister".
func capitalised(w string) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	prev := rune(w[0])
	for i, r := range w[1:] {
		// A part after a hyphen or an apostrophe starts with its own
		// capital: "Ferreira-Lopes", "O'Neill"; so does the name after
		// "Mc" or "Mac": "McAllister", "MacDonald".
		upper := r >= 'A' && r <= 'Z' && (prev == '-' || prev == '\'' || prev == '’' ||
			i == 1 && w[:2] == "Mc" || i == 2 && w[:3] == "Mac")
		if !(r >= 'a' && r <= 'z' || upper || r == '\'' || r == '-' || r == '’') {
			return false
		}
		prev = r
	}
	return true
}

// bornAbbrev reports whether text ends with "b." just after an opening
// bracket or a comma.
func bornAbbrev(text string) bool {
	rest, ok := strings.CutSuffix(text, "b.")
	if !ok {
		return false
	}
	rest = strings.TrimSuffix(rest, " ")
	return strings.HasSuffix(rest, "(") || strings.HasSuffix(rest, "[") || strings.HasSuffix(rest, ",")
}

// bareBorn reports whether "b." stands just before text[i], at the start
// of the text or after a space.
func bareBorn(text string, i int) bool {
	before := strings.TrimSuffix(text[:i], " ")
	rest, ok := strings.CutSuffix(before, "b.")
	return ok && (rest == "" || strings.HasSuffix(rest, " "))
}

// nameReach is how far before a date a name may stand: "Jane Smith, of 12
// High Street, 3 April 1961".
const nameReach = 48

// compileDOB returns the patterns the date-of-birth rule uses.
func compileDOB() (date, dobEnd, dobEndIntl *regexp.Regexp) {
	return regexp.MustCompile(datePattern), regexp.MustCompile(`(?i)` + dobKeyword + `$`), regexp.MustCompile(`(?i)` + dobKeywordIntl + `$`)
}

// eventAfterName reports whether, between the last name before
// text[i] and the date there, a word makes the date an event's, not a
// birth's: "Dr Patel led the pilot, go-live 01/04/2013", "Robert Francis
// QC published the report on 06/02/2013". A word before the name says
// nothing of the date ("Added Jane Smith 03/04/1961 to the list"), nor do
// a record's edits ("changed", "fixed"). When the name comes after the
// date, the words before the date say ("Nye Bevan opened the hospital on
// 05/07/1948 and met Sylvia Beckingham").
func (s *Screener) eventAfterName(text string, i int) bool {
	from := max(0, i-nameReach)
	if names := s.names(text, from, i); len(names) > 0 {
		from = names[len(names)-1][1]
	}
	if from >= i {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(text[from:i]), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r == '-')
	}) {
		switch w {
		case "published", "launched", "started", "starts", "began", "begins", "opened", "signed", "issued",
			"released", "held", "live", "go-live", "golive", "meeting", "deadline", "due", "since", "until",
			"effective", "introduced", "announced", "approved", "completed", "ended", "closed", "took", "went",
			"joined", "led", "presented", "chaired", "term":
			return true
		}
	}
	return false
}

// dateBound reports whether the word just before text[i] makes the date a
// bound, not a value: "a DOB before 01/01/1900".
func dateBound(text string, i int) bool {
	words := strings.Fields(strings.ToLower(text[max(0, i-16):i]))
	if len(words) == 0 {
		return false
	}
	switch words[len(words)-1] {
	case "before", "after", "than", "from", "until", "since", "between", "earlier", "later":
		return true
	}
	return false
}

// dobLabel reports whether a date-of-birth label (not "born") stands
// shortly before text[i]: "PAS has her DOB as 03/04/1861".
func dobLabel(text string, i int) bool {
	before := strings.ToLower(text[max(0, i-birthGap):i])
	for _, w := range []string{"dob", "d0b", "d.o.b", "d/o/b", "date of birth", "date_of_birth", "date of brith", "birth date", "birth_date", "birthdate", "dyddiad geni"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// tooLongAgo reports whether a year is too long ago for anyone alive to
// have been born in it (120 years), so the date is history ("Florence
// Nightingale was born on 12 May 1820", "PAS rejects a DOB before
// 01/01/1900").
func (s *Screener) tooLongAgo(year string) bool {
	y, err := strconv.Atoi(strings.TrimPrefix(year, "'"))
	return err == nil && len(year) == 4 && y < s.year-120
}

// ages returns where ages ("aged 72", "65 yo", "72F") stand in text. Every
// age has a number of one to three digits, so the pattern is tried only
// around those.
func (s *Screener) ages(text string, gs []group) [][2]int {
	var out [][2]int
	for _, g := range gs {
		if g.len() > 3 || !ageShaped(text, g) {
			continue
		}
		lo, hi := widen(text, max(0, g.start-16), min(len(text), g.end+16))
		if m := s.ageCue.FindStringIndex(text[lo:hi]); m != nil {
			out = append(out, [2]int{lo + m[0], lo + m[1]})
		}
	}
	return out
}

// ageShaped reports whether a number has what an age has around it: "y",
// "M" or "F" just after it ("72 yo", "65y", "72-year-old", "72F"), or
// "age", "aged" or "of" just before it.
func ageShaped(text string, g group) bool {
	after := strings.TrimLeft(text[g.end:min(len(text), g.end+3)], " -")
	if after != "" && (after[0] == 'y' || after[0] == 'Y' || after[0] == 'M' || after[0] == 'F') {
		return true
	}
	before := strings.ToLower(strings.TrimRight(text[max(0, g.start-8):g.start], " :"))
	return strings.HasSuffix(before, "age") || strings.HasSuffix(before, "aged") || strings.HasSuffix(before, " of") ||
		strings.HasSuffix(before, ",") // "Lady, 80,"
}
