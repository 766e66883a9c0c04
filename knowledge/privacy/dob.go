package privacy

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A date is a date: "pilot started 03/04/2024" identifies nobody. It is a
// date of birth when a birth word announces it ("DOB 03/04/1961", "born on
// the 3rd of April 1961", "date of birth: third of April 1961") or when it
// sits next to a person's name and is long enough ago to be one ("Jane
// Smith, 3 April 1961", "Mr Ahmed 03.04.61"). Dates are read in every
// common British form, in figures and in words.

// dobKeyword matches the words that announce a date of birth. It is also a
// postcode cue.
const dobKeyword = `\b(?:d\.? ?o\.? ?b\b\.?|date of birth|birth ?date|birthday|born)`

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
	// 03041961, only after a birth word (checked in code)
	`|(?P<compact>\d{8})` +
	`)\b`

// datesOfBirth finds dates of birth. A date of birth needs a birth word
// before it or a name near it, so dates are looked for only around those:
// text without either costs a word scan, and a lesson's many ordinary
// dates are never parsed.
func (s *Screener) datesOfBirth(text string, gs []group, out []Finding) []Finding {
	const reach = 48 // longer than any written date
	var spans [][2]int
	for _, i := range birthWords(text) {
		spans = append(spans, [2]int{i, min(len(text), i+2*reach)})
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
			out = s.datesIn(text, lo, hi, out)
		}
		lo, hi = a, b
	}
	return s.datesIn(text, lo, hi, out)
}

// birthWords returns where the words "born", "birth" and "dob" start in
// text, roughly: a place to look for a date written in words.
func birthWords(text string) []int {
	var at []int
	low := strings.ToLower(text)
	for _, w := range []string{"born", "birth", "dob", "d.o", "d o b", "d. o", "do.b", "d.ob"} {
		for i := 0; ; {
			j := strings.Index(low[i:], w)
			if j < 0 {
				break
			}
			at = append(at, i+j)
			i += j + len(w)
		}
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

// datesIn finds dates of birth in text[lo:hi].
func (s *Screener) datesIn(text string, lo, hi int, out []Finding) []Finding {
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
		year := part("y1") + part("y2") + part("y3") + part("y4") + part("y5")
		numeric := part("d1") != "" || part("y2") != ""
		if numeric && !plausibleNumericDate(part("d1")+part("d2"), part("m1")+part("m2")) {
			continue
		}
		announced := s.birthWordBefore(text, start)
		switch {
		case part("compact") != "":
			if !announced {
				continue
			}
		case announced:
		case eventDate(text, start):
			// "Dr Patel led the pilot, go-live 01/04/2013": a date the
			// words before it make an event's.
			continue
		case s.longAgo(year) && (s.nameIn(text, max(0, start-nameReach), min(len(text), end+nameReach/2)) ||
			s.ageIn(text, max(0, start-nameReach), min(len(text), end+nameReach/2))):
			// Next to a name or an age ("65 yo female 03/04/1961").
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

// birthWordBefore reports whether a birth word announces the date at
// text[i]: only filler ("on the", "is", ":", "(", Slack's bold and code
// marks, a table's bars, a JSON key's quotes) and at most
// maxBirthGapWords other words ("DOB on PAS is", "DOB was recorded as",
// "DOB/Age:", a table's "DOB SMITH Jane") stand between them.
func (s *Screener) birthWordBefore(text string, i int) bool {
	before := text[max(0, i-birthGap):i]
	skipped := 0
	for {
		before = strings.TrimRight(before, " :=,(-*_`\"'’[]|{}/)")
		if s.dobEnd.MatchString(before) {
			return !strings.HasSuffix(strings.ToLower(before), "born") || !thingBorn(before[:len(before)-4])
		}
		k := len(before)
		for k > 0 && isLetter(before[k-1]) {
			k--
		}
		w := strings.ToLower(before[k:])
		if w == "" {
			return false
		}
		if !birthFiller(w) {
			if skipped++; skipped > maxBirthGapWords {
				return false
			}
		}
		before = before[:k]
	}
}

// birthGap is how far before a date its birth word may stand, and
// maxBirthGapWords how many words other than filler may come between.
const (
	birthGap         = 48
	maxBirthGapWords = 3
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
		case "nhs", "service", "services", "idea", "ideas", "programme", "project", "trust", "scheme",
			"initiative", "network", "pilot", "tool", "system", "app", "it", "this", "that", "team",
			"organisation", "icb", "practice", "hospital", "charity", "company", "movement", "concept",
			"plan", "partnership", "collaborative", "community", "group", "forum", "platform", "product", "strategy":
			return true
		default:
			return false
		}
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
// or a record's "SMITH, Jane" and "SMITH Jane". It walks the words once; a
// capitalised word that follows a cue without naming anyone ("Patient
// Advice", "MS Teams"), and a name that is a place's ("John Radcliffe
// Hospital", "Queen Elizabeth Hospital", "Mary Seacole Programme"), are
// not names.
func (s *Screener) names(text string, lo, hi int) [][2]int {
	lo, hi = widen(text, lo, hi)
	var out [][2]int
	type word struct {
		text       string
		start, end int
	}
	var ws []word
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
		ws = append(ws, word{text[i:j], i, j})
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
		if strings.Trim(gap, " *_`\"|") != "" && gap != ", " {
			continue
		}
		bare := strings.TrimRight(prev.text, ".")
		// The words around: "John Radcliffe Hospital", "Queen Elizabeth".
		place := func() bool {
			return k+1 < len(ws) && institution(strings.ToLower(strings.Trim(ws[k+1].text, ",.;:'\"’"))) ||
				k >= 2 && royal(strings.ToLower(strings.TrimRight(ws[k-2].text, ".")))
		}
		switch {
		case gap == ", ":
			// "SMITH, Jane": a record's surname first.
			if s.recordName(prev.text, w.text) {
				out = append(out, [2]int{prev.start, w.end})
			}
		case honorific(bare) && (s.surname(w.text) || s.lowerSurname(w.text)),
			strings.EqualFold(bare, "patient") && s.surname(w.text),
			strings.EqualFold(bare, "pt") && s.surname(w.text),
			strings.EqualFold(prev.text, "name:") && (capitalised(strings.TrimRight(w.text, ",.;:")) && !s.notNames[strings.ToLower(strings.TrimRight(w.text, ",.;:"))] ||
				len(w.text) == 2 && w.text[1] == '.' && w.text[0] >= 'A' && w.text[0] <= 'Z' && k+1 < len(ws) && capitalised(strings.TrimRight(ws[k+1].text, ",.;:"))):
			out = append(out, [2]int{prev.start, w.end})
		case bare == prev.text && (capitalised(prev.text) && capitalised(strings.TrimRight(w.text, ".:'\"’")) || allCaps(prev.text) && allCaps(strings.TrimRight(w.text, ".:'\"’"))) &&
			s.firstNames[strings.ToLower(prev.text)] && !s.notNames[strings.ToLower(strings.TrimRight(w.text, ".:'\"’"))] && !place():
			out = append(out, [2]int{prev.start, w.end})
		case s.recordName(prev.text, w.text):
			// "SMITH Jane"
			out = append(out, [2]int{prev.start, w.end})
		}
	}
	return out
}

// recordName reports whether two words are a surname in capitals and a
// common first name, as records write a name: "SMITH Jane", "SMITH, Jane".
func (s *Screener) recordName(surname, first string) bool {
	first = strings.TrimRight(first, ",.:'\"’")
	return allCaps(surname) && !s.notNames[strings.ToLower(surname)] && capitalised(first) && s.firstNames[strings.ToLower(first)]
}

// lowerSurname reports whether a lower-case word after an honorific can be
// a surname typed in haste ("mr ahmed"): letters only, and not a word that
// follows one without naming anyone ("ms teams", "mr and mrs").
func (s *Screener) lowerSurname(w string) bool {
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
	case "and", "or", "the", "to", "of", "in", "on", "at", "is", "was", "has", "had", "will", "who", "said", "says":
		return false
	}
	return true
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
	switch strings.ToLower(w) {
	case "mr", "mrs", "ms", "miss", "mx", "dr":
		return true
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
// letters (apostrophes and hyphens allowed): "Smith", "O'Neill".
func capitalised(w string) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for _, r := range w[1:] {
		if !(r >= 'a' && r <= 'z' || r == '\'' || r == '-' || r == '’') {
			return false
		}
	}
	return true
}

// nameReach is how far before a date a name may stand: "Jane Smith, of 12
// High Street, 3 April 1961".
const nameReach = 48

// compileDOB returns the patterns the date-of-birth rule uses.
func compileDOB() (date, dobEnd *regexp.Regexp) {
	return regexp.MustCompile(datePattern), regexp.MustCompile(`(?i)` + dobKeyword + `$`)
}

// eventDate reports whether one of the few words just before text[i]
// makes the date there an event's, not a birth's: "published on",
// "go-live", "went live with the EPR on", "since".
func eventDate(text string, i int) bool {
	words := strings.FieldsFunc(strings.ToLower(text[max(0, i-40):i]), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r == '-')
	})
	for k := len(words) - 1; k >= 0 && k >= len(words)-5; k-- {
		switch words[k] {
		case "published", "launched", "started", "starts", "began", "begins", "opened", "signed", "issued",
			"released", "held", "live", "go-live", "golive", "meeting", "deadline", "due", "since", "until",
			"effective", "introduced", "announced", "approved", "completed", "submitted", "updated", "ended",
			"closed", "took", "went", "from", "between":
			return true
		}
	}
	return false
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
	return strings.HasSuffix(before, "age") || strings.HasSuffix(before, "aged") || strings.HasSuffix(before, " of")
}
