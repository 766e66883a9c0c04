package privacy

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Hospital numbers have no shape of their own: a local patient
// identifier is any short code. It is a finding only after a keyword that
// says what it is.

// hospitalPattern is a local-identifier keyword, then what staff put
// between a label and its value (":", "#", "=", "-", brackets, quotes,
// Slack's bold and code marks, "is", "was"), then a 5 to 12 character code
// (group 1). The Data Dictionary gives LOCAL PATIENT IDENTIFIER as an10,
// and trusts vary, so the code's shape is loose; requiring a digit keeps
// "patient id was missing" out.
const hospitalPattern = `^(?i)\b(?:` + hospitalKeyword + `)` + hospitalFiller + `(` + localCode + `)\b`

// hospitalKeyword names a local identifier; hospitalKeywordPattern finds
// one alone, for a code written before it ("K1234567 (hosp no)").
const (
	hospitalKeyword = `mrn|m\.r\.n\.?` +
		`|hosp(?:ital)?\.?[\s_]?(?:number\b|num\b|no\b\.?|id\b|#)` +
		`|unit\s?(?:number\b|no\b\.?)` +
		`|pas\s?(?:number\b|no\b\.?|id\b)` +
		`|case\s?notes?\s?(?:number\b|no\b\.?)` +
		`|case\s?record\s?(?:number\b|no\b\.?)|crn\b` +
		`|(?:local[\s_]{1,3})?patient[\s_]{1,3}(?:identifier\b|id\b|number\b|no\b\.?|ref(?:erence)?\b)` +
		`|pt\.?\s?(?:number\b|no\b\.?|id\b|ref\b)` +
		`|(?:medical\s{1,3})?records?\s?(?:number\b|no\b\.?)` +
		`|(?:epr|emis|s1|systmone|trust)\s?(?:number\b|no\b\.?|id\b)|pid\b|urn\b|lpi\b` +
		`|rhif\s(?:ysbyty|claf|uned)\b` + // Welsh: hospital, patient, unit number
		`|h/n\s?[:#]` + // "H/N: K1234567": a short label, so only with its colon
		`|[b-hj-z]\s(?:number\b|no\b\.?)` // "K number", trusts' own names
	hospitalKeywordPattern = `^(?i)\b(?:` + hospitalKeyword + `)`
	// codeBeforePattern is a code written as one word, before its
	// keyword.
	codeBeforePattern = `(?i)^(?:[a-z]{0,3}\d[\d\-./]{3,13}[a-z]?|[a-z0-9]{5,12})$`
)

// hospitalFiller is what may stand between a hospital-number keyword and
// its code: "MRN: ", "Hosp No - ", "MRN (", "MRN: *", "?mrn=", `"mrn": "`,
// "hospital number is", a table's cell border ("| MRN | K1234567 |") and a
// qualifier in brackets ("Hospital Number (PAS): ").
const hospitalFiller = "(?:[\\s:#=()\\[*_`\"'’.|\\-]|\\b(?:is|was|of)\\b|\\([a-z][a-z .]{0,15}\\)){0,8}"

// localCode is a hospital number's shape: up to three letters, then four
// to twelve digits, perhaps grouped ("RX-123-456", "K 123 4567", "K/123456"), perhaps
// a check letter; or a code of five to twelve letters and digits.
const localCode = `[a-z]{0,3}[ \-/]?\d(?:[ \-./]?\d){3,11}[a-z]?|[a-z0-9]{5,12}`

// hospitalNumbers finds codes that follow a hospital-number keyword.
func (s *Screener) hospitalNumbers(text string, _ []group, out []Finding) []Finding {
	out = s.codesAfterKeywords(text, out)
	for _, m := range keywordMatches(s.hospitalAlone, text, s.hospitalKeywordAt) {
		// A code and then its keyword: "K1234567 (hosp no)", "RX123456 - MRN".
		if start, end, ok := s.codeBeforeKeyword(text, m[0]); ok {
			out = append(out, Finding{Kind: HospitalNumber, Start: start, End: end})
		}
		// A few words between the keyword and its code: "the hosp no on
		// her wristband was K1234567", "Hosp no. for her: K1234567".
		if start, end, ok := codeAfterWords(text, m[1]); ok && !afterFDA(text, m[0]) {
			out = append(out, Finding{Kind: HospitalNumber, Start: start, End: end})
		}
	}
	out = s.typedIdentifiers(text, out)
	slices.SortFunc(out, func(a, b Finding) int { return a.Start - b.Start })
	return out
}

// codeBeforeKeyword finds a code written as the one word before a
// hospital-number keyword that starts at text[k]: "K1234567 (hosp no)".
func (s *Screener) codeBeforeKeyword(text string, k int) (int, int, bool) {
	end := len(strings.TrimRight(text[:k], " :#=([*_`\"'‘’-"))
	if end == k || end == 0 {
		return 0, 0, false
	}
	start := 0
	if i := strings.LastIndexAny(text[:end], " ([*_`\"'‘’"); i >= 0 {
		_, size := utf8.DecodeRuneInString(text[i:])
		start = i + size
	}
	code := text[start:end]
	return start, end, s.codeBefore.MatchString(code) && localIdentifier(code)
}

// typedIdentifiers finds hospital numbers that integration messages type
// with a code instead of a label: MR (medical record number) or PI
// (patient internal identifier), in an HL7 v2 PID-3 ("PID|1||H1234567^^^
// RXF^MR") or a FHIR identifier's type ({"code":"MR"}, then its "value").
func (s *Screener) typedIdentifiers(text string, out []Finding) []Finding {
	pidFields(text, 3, func(start, end int) {
		for _, rep := range fieldRanges(text, start, end, '~') {
			comps := fieldRanges(text, rep[0], rep[1], '^')
			if len(comps) >= 5 && typedAsRecord(text[comps[4][0]:comps[4][1]]) && localIdentifier(text[comps[0][0]:comps[0][1]]) {
				out = append(out, Finding{Kind: HospitalNumber, Start: comps[0][0], End: comps[0][1]})
			}
		}
	})
	if !strings.Contains(text, `"code"`) {
		return out // no FHIR coding: the common case, without a regexp scan
	}
	for from := 0; ; {
		m := s.fhirType.FindStringIndex(text[from:])
		if m == nil {
			return out
		}
		at := from + m[1]
		from = at
		v := s.fhirValue.FindStringSubmatchIndex(text[at:min(len(text), at+160)])
		if v == nil || strings.Contains(text[at:at+v[0]], `"code"`) {
			continue
		}
		if code := text[at+v[2] : at+v[3]]; localIdentifier(code) {
			out = append(out, Finding{Kind: HospitalNumber, Start: at + v[2], End: at + v[3]})
		}
	}
}

// fhirTypePattern is a FHIR identifier typed as a hospital number, and
// fhirValuePattern the identifier's value after it.
const (
	fhirTypePattern  = `"code"\s*:\s*"(?:MR|PI)"`
	fhirValuePattern = `"value"\s*:\s*"([A-Za-z0-9][A-Za-z0-9 /\-]{3,18})"`
)

// typedAsRecord reports whether an HL7 identifier type code says a
// hospital number.
func typedAsRecord(code string) bool { return code == "MR" || code == "MRN" || code == "PI" }

// codeAfterWords finds a hospital number a few words after its keyword,
// which ends at text[i]: up to six words of letters, then a code of one
// to three letters and six to nine digits ("K1234567", "RX0012345"),
// within the sentence, or below its label in a table ("| Hospital no |
// Ward |" over "| RXF3321987 | 23 |"). A code of digits alone needs the keyword just
// before it (hospitalPattern): after words, too many counts are.
func codeAfterWords(text string, i int) (int, int, bool) {
	words := 0
	for i < len(text) && words <= 6 {
		for i < len(text) && strings.IndexByte(" :,'’\"*_`()|-", text[i]) >= 0 {
			i++
		}
		j := i
		for j < len(text) && (isLetter(text[j]) || isDigit(text[j]) || text[j] == '\'') {
			j++
		}
		if j == i {
			return 0, 0, false // a sentence's end, or a mark no label has
		}
		w := text[i:j]
		letters := 0
		for letters < len(w) && isLetter(w[letters]) {
			letters++
		}
		if digits := len(w) - letters; letters >= 1 && letters <= 3 && digits >= 6 && digits <= 9 && allDigits(w[letters:]) {
			return i, j, localIdentifier(w) && !ticketPrefix(w[:letters])
		}
		// A heading with a digit or two ("NEWS2", "FY1") is a word.
		if letters < len(w) && !strings.HasSuffix(w, "'s") && !(letters >= 2 && len(w)-letters <= 2 && allDigits(w[letters:])) {
			return 0, 0, false // a number or a code of another shape: not this one
		}
		words++
		i = j
	}
	return 0, 0, false
}

// ticketPrefix reports whether a code's letters are a service desk's or a
// purchase system's ("INC1234567", "CHG0012345", "PO123456"): IT threads
// about the PAS name both.
func ticketPrefix(letters string) bool {
	switch strings.ToUpper(letters) {
	case "INC", "CHG", "REQ", "PRB", "TSK", "SR", "CR", "PO", "WO", "CS", "TKT", "RFC", "CAB":
		return true
	}
	return false
}

// allDigits reports whether w is one or more ASCII digits.
func allDigits(w string) bool { return every(w, isDigit) }

// codesAfterKeywords finds the codes that follow a hospital-number keyword
// ("MRN: RX123456"), trying hospitalPattern only where a keyword can
// start.
func (s *Screener) codesAfterKeywords(text string, out []Finding) []Finding {
	for _, m := range keywordMatches(s.hospital, text, s.hospitalKeywordAt) {
		if hospitalCode(text, m) {
			out = append(out, Finding{Kind: HospitalNumber, Start: m[2], End: m[3]})
		}
	}
	return out
}

// hospitalCode reports whether a match of hospitalPattern (its submatch
// indexes into text) is a hospital number: "mRNA-1273" is no MRN (the
// keyword must end its word), and the code must be one (localIdentifier),
// not a device's FDA number.
func hospitalCode(text string, m []int) bool {
	if strings.EqualFold(text[m[0]:m[0]+3], "mrn") && m[0]+3 < len(text) && isLetter(text[m[0]+3]) {
		return false
	}
	return localIdentifier(text[m[2]:m[3]]) && !afterFDA(text, m[0])
}

// keywordWindow bounds how far past a keyword its pattern is tried; it is
// longer than any keyword, filler and value the patterns accept.
const keywordWindow = 96

// keywordMatches runs re, which is anchored with ^, at each word start in
// text that begins with one of roots (ASCII, any case), and returns its
// submatch indexes as offsets into text. Case-insensitive alternations with
// a leading \b are slow for RE2 to scan for; trying them only where a
// keyword begins makes a lesson without keywords nearly free. The byte
// before and after the match are checked here, because \b cannot see past
// the window.
func keywordMatches(re *regexp.Regexp, text string, keywordAt func(string) bool) [][]int {
	var out [][]int
	for i := 0; i < len(text); i++ {
		// A keyword starts a word: not inside one, nor after an
		// apostrophe ("wife's number").
		if (i > 0 && (isWordByte(text[i-1]) || text[i-1] == '\'' || strings.HasSuffix(text[:i], "’"))) || !keywordAt(text[i:]) {
			continue
		}
		m := re.FindStringSubmatchIndex(text[i:min(len(text), i+keywordWindow)])
		if m == nil || (i+m[1] < len(text) && isWordByte(text[i+m[1]]) && isWordByte(text[i+m[1]-1])) {
			continue
		}
		for j := range m {
			if m[j] >= 0 {
				m[j] += i
			}
		}
		out = append(out, m)
		i = m[1] - 1
	}
	return out
}

// hospitalKeywordAt reports whether a hospital-number keyword may start
// text: one of its roots, or a single letter and "number" or "no" ("K
// number"), as some trusts name theirs.
func (s *Screener) hospitalKeywordAt(text string) bool {
	if len(text) >= 2 && s.hospitalStarts[lowerByte(text[0])][lowerByte(text[1])] && hasAnyPrefixFold(text, s.hospitalRoots) {
		return true
	}
	return len(text) > 4 && isLetter(text[0]) && text[1] == ' ' && hasAnyPrefixFold(text[2:], []string{"number", "no"})
}

// hasAnyPrefixFold reports whether s begins with one of the lower-case
// ASCII prefixes, ignoring ASCII case.
func hasAnyPrefixFold(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || c == '_'
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			return true
		}
	}
	return false
}

// phoneShaped reports whether a code is all digits (perhaps grouped) and
// shaped like a UK phone number: 10 or 11 digits from a 0.
func phoneShaped(code string) bool {
	var digits []byte
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case isDigit(c):
			digits = append(digits, c)
		case c == ' ' || c == '-' || c == '.':
		default:
			return false
		}
	}
	return (len(digits) == 10 || len(digits) == 11) && digits[0] == '0'
}

// localIdentifier reports whether a code after (or before) a
// hospital-number keyword can be one: five letters and digits at least,
// one a digit, and not a year, a financial year or a date ("patient
// numbers 2024/25", "On 03/04/2024 MRN merges"), a standard's number
// ("Patient ID (DCB1077)") or a phone number ("patient number 028 9649
// 6123", which the phone rule names).
func localIdentifier(code string) bool {
	n := 0
	for i := 0; i < len(code); i++ {
		if isWordByte(code[i]) {
			n++
		}
	}
	if n < 5 || !hasDigit(code) || phoneShaped(code) {
		return false
	}
	low := strings.ReplaceAll(strings.ToLower(code), " ", "")
	for _, p := range []string{"dcb", "isb", "iso", "bs", "en"} {
		if strings.HasPrefix(low, p) && len(low) > len(p) && isDigit(low[len(p)]) {
			return false
		}
	}
	return !yearOrDate(strings.TrimLeft(low, "fy "))
}

// yearOrDate reports whether a code is a year ("2024"), a financial year
// ("2024/25", "2024-2025"), a year's serial ("2024-001") or a date
// ("03/04/2024", "2024-04-03").
func yearOrDate(code string) bool {
	parts := strings.FieldsFunc(code, func(r rune) bool { return r == '/' || r == '-' || r == '.' })
	if len(parts) == 0 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		if p == "" || len(p) > 4 || digitsOf(p) != p {
			return false
		}
	}
	switch len(parts) {
	case 1:
		return len(parts[0]) == 4 && (parts[0][:2] == "19" || parts[0][:2] == "20")
	case 2:
		// "2024/25", "2024-2025", and a register's "2024-001".
		return len(parts[0]) == 4 && (parts[0][:2] == "19" || parts[0][:2] == "20")
	}
	return true
}

// afterFDA reports whether "FDA" stands near text[i]: "the FDA K number
// (K192320)" is a device's clearance.
func afterFDA(text string, i int) bool {
	return strings.Contains(strings.ToLower(text[max(0, i-cueReach):min(len(text), i+2*cueReach)]), "fda")
}

// lowerByte is an ASCII byte in lower case.
func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
