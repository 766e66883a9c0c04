package redisstore

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// The value side of the privacy migration (scrub.go): one stored value in,
// the same value with every identifier the screen finds replaced by a
// marker out. It knows no record type: a JSON value is walked and every
// string in it screened, on its own and together with the record's other
// strings (privacy.ScreenFields), so a record kind added later is covered
// without code; anything else is screened as plain text. Bytes outside a
// flagged string are kept exactly as they were.

// Marker returns what replaces an identifier of kind k in stored text:
// "[removed: looks like an NHS number]". It names the kind only.
func Marker(k privacy.Kind) string { return "[removed: " + k.Message() + "]" }

// jsonString is one string of a stored value: a JSON string token (an
// object key or a value) or, for a value that is not JSON, the whole value.
type jsonString struct {
	start, end int // raw[start:end]: the token, quotes and escapes included
	text       string
	key        bool // an object key: screened on its own only
	plain      bool // the whole value is plain text, not a JSON token
	array      int  // which array holds it directly, counting from 1; 0: none
}

// parseStrings returns the strings of a stored value. A JSON object, array
// or string is tokenised; anything else (a number, a bare word, invalid
// JSON) is one plain string.
func parseStrings(raw []byte) []jsonString {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) == 0 || !strings.ContainsRune(`{["`, rune(trimmed[0])) || !json.Valid(raw) {
		return []jsonString{{start: 0, end: len(raw), text: string(raw), plain: true}}
	}
	type frame struct {
		obj, wantKey bool
		array        int
	}
	var stack []frame
	arrays := 0
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].obj {
			stack[n-1].wantKey = true
		}
	}
	var out []jsonString
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	for {
		from := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			// Unreachable: json.Valid accepted raw. Screen it whole.
			return []jsonString{{start: 0, end: len(raw), text: string(raw), plain: true}}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{obj: true, wantKey: true})
			case '[':
				arrays++
				stack = append(stack, frame{array: arrays})
			default:
				stack = stack[:len(stack)-1]
				valueDone()
			}
		case string:
			// The token starts at the first quote after the previous
			// token: only spaces, ':' and ',' lie between.
			end := int(dec.InputOffset())
			start := from + bytes.IndexByte(raw[from:end], '"')
			s := jsonString{start: start, end: end, text: t}
			if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
				s.key = true
				stack[n-1].wantKey = false
			} else {
				if n > 0 {
					s.array = stack[n-1].array
				}
				valueDone()
			}
			out = append(out, s)
		default:
			valueDone()
		}
	}
}

// machineValue reports whether a whole string is an identifier that Slack
// or kbbot made rather than text a person wrote: a Slack message ts, a
// kbbot record id or content hash, a timestamp. These are never screened.
// Without this, about one Slack ts in nine passes the NHS number check
// (ten digits, a dot, six more) and one random record id in two hundred
// holds ten digits that do; deleting those records would lose threads,
// answers and review posts for nothing. The shapes are exact and whole, so
// a person's text never matches them (TestMachineValues).
func machineValue(s string) bool {
	switch {
	case slackTS(s):
		return true
	case hexID(s):
		return true
	case len(s) >= len("2006-01-02") && s[0] >= '0' && s[0] <= '9':
		if _, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return true
		}
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	}
	return false
}

// slackTS reports whether s is a Slack message timestamp: ten digits of
// Unix seconds between 2011 and 2036 (so starting with 1: an NHS number
// never does), a dot, six digits.
func slackTS(s string) bool {
	if len(s) != 17 || s[10] != '.' || s[0] != '1' || s[1] < '3' {
		return false
	}
	for i := range len(s) {
		if i != 10 && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// hexID reports whether s is lowercase hex of a length kbbot's ids and
// hashes have (16: an entry version; 24: a record id; 32; 40: a summary
// key; 64: a SHA-256) with at least one letter, so no all-digit string is
// ever taken for one.
func hexID(s string) bool {
	switch len(s) {
	case 16, 24, 32, 40, 64:
	default:
		return false
	}
	letter := false
	for i := range len(s) {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'a' && c <= 'f':
			letter = true
		default:
			return false
		}
	}
	return letter
}

// slugLike reports whether s is one word joined by '-' or '_' (an entry
// id, a tag, an enum value): such text is also screened with those read as
// spaces, since "lesson-jane-smith-born-on-the-3rd-of-april-1961" is a
// sentence written as an id.
func slugLike(s string) bool {
	return strings.ContainsAny(s, "-_") && !strings.ContainsFunc(s, unicode.IsSpace)
}

// unslug reads '-' and '_' as spaces. It keeps every byte offset.
func unslug(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '_' {
			return ' '
		}
		return r
	}, s)
}

// findAll returns the findings in one string: as written and, for a
// slug-like one, with its hyphens read as spaces.
func findAll(sc *privacy.Screener, s string) []privacy.Finding {
	found := sc.Find(s)
	if slugLike(s) {
		found = append(found, sc.Find(unslug(s))...)
	}
	return found
}

// span is one stretch of a string to replace.
type span struct {
	start, end int
	kind       privacy.Kind
}

// redacted is the outcome of screening one stored value.
type redacted struct {
	out   []byte         // the value with markers; nil when clean
	found []privacy.Kind // one per identifier replaced
	plain bool           // the value is plain text, not JSON
}

// maxRounds bounds the joint screening of one value: each round removes
// at least one finding, and a value that still holds one after this many
// has its flagged strings replaced whole.
const maxRounds = 16

// enumLike reports whether s is one lower-case word of letters and
// underscores: an enum value ("pilot", "acute_trust", "not_found"). It is
// screened on its own but left out of ScreenFields' pairing of every
// string's end with every other's start, which on an entry's dozen enum
// fields cost more than half the time. What such a value could add to an
// identifier split across fields is one spelled digit ("nine"), and a
// field holding nothing else is not something a person typed.
func enumLike(s string) bool {
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return false
	}
	for i := range len(s) {
		if (s[i] < 'a' || s[i] > 'z') && s[i] != '_' {
			return false
		}
	}
	return true
}

// group is what ScreenFields sees as one field: a string, or the strings
// of one array (the tags of an entry, the topics of an expert), one per
// line, as the form's one tags field held them.
type group []int // indexes into the value's strings

// groups lays out a value's strings for ScreenFields, and lists those to
// screen on their own as well: object keys, enum values and slugs.
func groups(strs []jsonString) (gs []group, loose []int) {
	for i, s := range strs {
		if s.text == "" || machineValue(s.text) {
			continue
		}
		if s.key || slugLike(s.text) || enumLike(s.text) {
			loose = append(loose, i)
		}
		if s.key || enumLike(s.text) {
			continue
		}
		if n := len(gs); n > 0 && s.array != 0 && strs[gs[n-1][0]].array == s.array {
			gs[n-1] = append(gs[n-1], i)
			continue
		}
		gs = append(gs, group{i})
	}
	return gs, loose
}

// fieldsOf turns groups into ScreenFields' fields, named by position.
func fieldsOf(gs []group, texts []string) []privacy.Field {
	fields := make([]privacy.Field, len(gs))
	for j, g := range gs {
		var b strings.Builder
		for k, i := range g {
			if k > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(texts[i])
		}
		fields[j] = privacy.Field{Name: strconv.Itoa(j), Text: b.String()}
	}
	return fields
}

// redactValue screens a stored value: every string in it on its own, and
// its strings together (an identifier split across two fields of the
// lesson form is stored split across two strings). It returns the value
// with each finding replaced by Marker, or a nil out when nothing was
// found. Object keys are screened on their own; machine values
// (machineValue) not at all.
func redactValue(sc *privacy.Screener, raw []byte) redacted {
	strs := parseStrings(raw)
	texts := make([]string, len(strs))
	for i, s := range strs {
		texts[i] = s.text
	}
	gs, loose := groups(strs)
	_, flagged := sc.ScreenFields(fieldsOf(gs, texts))
	for _, i := range loose {
		flagged = flagged || len(findAll(sc, texts[i])) > 0
	}
	if !flagged {
		return redacted{}
	}
	plain := len(strs) == 1 && strs[0].plain

	// Something is there. Every string on its own first: most findings
	// lie in one string, and their spans are exact.
	var found []privacy.Kind
	replace := func(i int, spans []span) {
		for _, sp := range spans {
			found = append(found, sp.kind)
		}
		texts[i] = applySpans(texts[i], spans)
	}
	for i, s := range strs {
		if s.text == "" || machineValue(s.text) {
			continue
		}
		if spans := toSpans(findAll(sc, s.text)); len(spans) > 0 {
			replace(i, spans)
		}
	}
	// Then together, until the screen finds nothing: each round locates
	// what ScreenFields reports across strings and replaces it.
	for round := 0; ; round++ {
		ff, ok := sc.ScreenFields(fieldsOf(gs, texts))
		if !ok {
			break
		}
		named := make([]group, len(ff.Fields))
		for j, name := range ff.Fields {
			named[j] = gs[atoi(name)]
		}
		located := false
		if round < maxRounds {
			for _, pieces := range candidates(texts, gs, named) {
				if per := locate(sc, texts, pieces); len(per) > 0 {
					for i, spans := range per {
						replace(i, spans)
					}
					located = true
					break
				}
			}
		}
		whole := named
		switch {
		case located:
			continue
		case round > 2*maxRounds:
			// Unreachable while markers are clean text: every screened
			// string is replaced whole, and that is the end of it.
			whole = gs
		}
		// Found together but not where: replace the strings whole.
		for _, g := range whole {
			for _, i := range g {
				replace(i, []span{{0, len(texts[i]), ff.Kind}})
			}
		}
		if round > 2*maxRounds {
			break
		}
	}
	return redacted{out: splice(raw, strs, texts), found: found, plain: plain}
}

// piece is part of a string laid into a text screened together: texts[i]
// from byte off, n bytes long.
type piece struct{ i, off, n int }

// wholePieces lays out groups' strings whole, in order.
func wholePieces(texts []string, gs []group) []piece {
	var out []piece
	for _, g := range gs {
		for _, i := range g {
			out = append(out, piece{i, 0, len(texts[i])})
		}
	}
	return out
}

// candidates are the texts to look in for an identifier ScreenFields found
// across the groups named: those groups in the order it names them, whole;
// the end of the first next to the start of the second (how ScreenFields
// pairs long fields); and every group in order.
func candidates(texts []string, gs, named []group) [][]piece {
	out := [][]piece{wholePieces(texts, named)}
	if len(named) == 2 && len(named[0]) == 1 && len(named[1]) == 1 {
		a, b := named[0][0], named[1][0]
		ta, hb := edgeOf(texts[a], false), edgeOf(texts[b], true)
		out = append(out, []piece{{a, len(texts[a]) - len(ta), len(ta)}, {b, 0, len(hb)}})
	}
	return append(out, wholePieces(texts, gs))
}

// locate screens pieces laid end to end, one line each, and maps what it
// finds back to spans of the strings they came from.
func locate(sc *privacy.Screener, texts []string, pieces []piece) map[int][]span {
	var b strings.Builder
	starts := make([]int, len(pieces))
	for j, p := range pieces {
		starts[j] = b.Len()
		b.WriteString(texts[p.i][p.off : p.off+p.n])
		b.WriteByte('\n')
	}
	found := sc.Find(b.String())
	if len(found) == 0 {
		return nil
	}
	per := map[int][]span{}
	for _, f := range found {
		for j, p := range pieces {
			lo, hi := max(f.Start, starts[j]), min(f.End, starts[j]+p.n)
			if lo < hi {
				per[p.i] = append(per[p.i], span{lo - starts[j] + p.off, hi - starts[j] + p.off, f.Kind})
			}
		}
	}
	for i, spans := range per {
		per[i] = mergeSpans(spans)
	}
	return per
}

// edgeLen matches privacy.ScreenFields: how much of a string's start or
// end it screens next to another string.
const edgeLen = 320

// edgeOf returns the first (head) or last edgeLen bytes of s, cut at a
// character boundary, as ScreenFields does.
func edgeOf(s string, head bool) string {
	if len(s) <= edgeLen {
		return s
	}
	if head {
		end := edgeLen
		for end > 0 && !isRuneStart(s[end]) {
			end--
		}
		return s[:end]
	}
	start := len(s) - edgeLen
	for start < len(s) && !isRuneStart(s[start]) {
		start++
	}
	return s[start:]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// toSpans turns findings into sorted, non-overlapping spans.
func toSpans(found []privacy.Finding) []span {
	spans := make([]span, len(found))
	for i, f := range found {
		spans[i] = span{f.Start, f.End, f.Kind}
	}
	return mergeSpans(spans)
}

// mergeSpans sorts spans and joins those that overlap or touch; a joined
// span keeps the first one's kind.
func mergeSpans(spans []span) []span {
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var out []span
	for _, s := range spans {
		if n := len(out); n > 0 && s.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// applySpans replaces each span of s with its marker.
func applySpans(s string, spans []span) string {
	var b strings.Builder
	at := 0
	for _, sp := range spans {
		b.WriteString(s[at:sp.start])
		b.WriteString(Marker(sp.kind))
		at = sp.end
	}
	b.WriteString(s[at:])
	return b.String()
}

// splice writes the changed strings back into raw, leaving every other
// byte as it was.
func splice(raw []byte, strs []jsonString, texts []string) []byte {
	var out bytes.Buffer
	at := 0
	for i, s := range strs {
		if texts[i] == s.text {
			continue
		}
		out.Write(raw[at:s.start])
		if s.plain {
			out.WriteString(texts[i])
		} else {
			out.Write(quoteJSON(texts[i]))
		}
		at = s.end
	}
	out.Write(raw[at:])
	return out.Bytes()
}

// quoteJSON encodes s as a JSON string as json.Marshal does, without
// escaping <, > and & (the stored values were not escaped either way that
// matters: both decode the same).
func quoteJSON(s string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// atoi reads back a field's name.
func atoi(s string) int {
	n, _ := strconv.Atoi(s) // only ever a name itoa made
	return n
}
