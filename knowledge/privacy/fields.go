package privacy

import (
	"slices"
	"unicode/utf8"
)

// Field is one named piece of text a person submitted together with others:
// a field of the lesson form, an entry's title or tags, a question and the
// thread it follows up.
type Field struct {
	Name, Text string
	// Alone marks a machine value (an entry id, a Slack user id, a link):
	// it is screened on its own, and never joined with the other fields,
	// where its digits would run into their words ("U80049652" before
	// "10 year plan" reads as ten digits; an id's digits after a tag
	// "number" read as a hospital number).
	Alone bool
}

// FieldFinding says what kind of identifier a set of fields holds and
// which fields hold it: one field, or several when the identifier is split
// across them ("943 476" at the end of the title, "5919" at the start of
// the lessons).
type FieldFinding struct {
	Kind   Kind
	Fields []string
}

// ScreenFields screens each field on its own, then the fields together:
// all of them in order, and the end of each next to the start of every
// other, so an identifier split across fields, in whatever order a form
// lays them out, is still found. It returns the first finding.
func (s *Screener) ScreenFields(fields []Field) (FieldFinding, bool) {
	for _, f := range fields {
		if found, ok := s.First(f.Text); ok {
			return FieldFinding{Kind: found.Kind, Fields: []string{f.Name}}, true
		}
	}
	fields = slices.DeleteFunc(slices.Clone(fields), func(f Field) bool { return f.Alone })
	if len(fields) < 2 {
		return FieldFinding{}, false
	}
	// All fields in order, one line each.
	var joined []byte
	starts := make([]int, len(fields))
	for i, f := range fields {
		starts[i] = len(joined)
		joined = append(joined, f.Text...)
		joined = append(joined, '\n')
	}
	if found, ok := s.First(string(joined)); ok {
		var names []string
		for i, f := range fields {
			if starts[i] < found.End && found.Start < starts[i]+len(f.Text) {
				names = append(names, f.Name)
			}
		}
		return FieldFinding{Kind: found.Kind, Fields: names}, true
	}
	// The end of one field next to the start of another, in every order.
	for i, a := range fields {
		tail := edge(a.Text, false)
		if tail == "" {
			continue
		}
		for j, b := range fields {
			if j == i || j == i+1 {
				continue // i+1: already next to it in the joined text
			}
			head := edge(b.Text, true)
			if head == "" {
				continue
			}
			if found, ok := s.First(tail + "\n" + head); ok {
				return FieldFinding{Kind: found.Kind, Fields: []string{a.Name, b.Name}}, true
			}
		}
	}
	return FieldFinding{}, false
}

// edgeLen is how much of a field's start or end can hold part of an
// identifier that continues in another field: more than any identifier is
// long, written out with separators, invisible characters and four-byte
// digits.
const edgeLen = 320

// edge returns the first (head) or last edgeLen bytes of text, cut at a
// character boundary.
func edge(text string, head bool) string {
	if len(text) <= edgeLen {
		return text
	}
	if head {
		end := edgeLen
		for end > 0 && !utf8.RuneStart(text[end]) {
			end--
		}
		return text[:end]
	}
	start := len(text) - edgeLen
	for start < len(text) && !utf8.RuneStart(text[start]) {
		start++
	}
	return text[start:]
}
