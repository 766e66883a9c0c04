package knowledge

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Record is one parsed entry with the line it started on, so later checks
// (the privacy screen, say) can report FILE:LINE too.
type Record struct {
	Line  int
	Entry Entry
}

// MaxShownProblems bounds how many problems an import error lists; the rest
// are counted (ImportError.Total), so a wrong file says how wrong it is
// without burying the first problems.
const MaxShownProblems = 50

// maxLineBytes bounds one JSON line: a full entry is under 10 kB, so a line
// this long is not an entry.
const maxLineBytes = 1 << 20

// Format is an import/export file format.
type Format string

// Formats kbbot reads and writes.
const (
	FormatJSONL Format = "jsonl"
	FormatYAML  Format = "yaml"
)

// FormatOf picks the format from a file name's extension.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return FormatJSONL, nil
	case ".yaml", ".yml":
		return FormatYAML, nil
	}
	return "", Errorf(EInvalid, "", "%s: want a .jsonl, .yaml or .yml file", name)
}

// Problems collects the problems of one import file from every check that
// runs over it (reading, validation, the privacy screen), so that one run
// reports them all. It keeps the first MaxShownProblems in line order and
// counts the rest. The zero value is ready to use.
type Problems struct {
	first []LineError
	total int
}

// Add records a problem. Problems of one line keep the order they were
// added in.
func (p *Problems) Add(e LineError) {
	p.total++
	i, _ := slices.BinarySearchFunc(p.first, e.Line+1, func(have LineError, line int) int { return have.Line - line })
	if i >= MaxShownProblems {
		return
	}
	p.first = slices.Insert(p.first, i, e)
	if len(p.first) > MaxShownProblems {
		p.first = p.first[:MaxShownProblems]
	}
}

// Len is the number of problems added.
func (p *Problems) Len() int { return p.total }

// Err returns the problems as an *ImportError, or nil when there are none.
func (p *Problems) Err() error {
	if p.total == 0 {
		return nil
	}
	return &ImportError{Errs: slices.Clone(p.first), Total: p.total}
}

// Parse reads every entry of an import file, normalises and validates each,
// and returns them all, or an *ImportError listing every problem as
// FILE:LINE: field: reason. It is all or nothing: with any problem no
// records are returned. name is only used in messages.
func Parse(name string, format Format, r io.Reader) ([]Record, error) {
	var p Problems
	recs := Read(name, format, r, &p)
	if err := p.Err(); err != nil {
		return nil, err
	}
	return recs, nil
}

// Read reads an import file (JSON Lines; YAML as a list of entries or a
// stream of --- documents, each an entry or a list), normalises and
// validates every entry, refuses an id used twice and a field given twice,
// and adds every problem to p. It returns every record it could make out,
// with problems or not, so that later checks (the privacy screen) report
// theirs in the same run; the caller must not write them unless p stays
// empty. A UTF-8 byte order mark is skipped.
func Read(name string, format Format, r io.Reader, p *Problems) []Record {
	br := bufio.NewReaderSize(r, 64*1024)
	if !skipBOM(name, br, p) {
		return nil
	}
	var recs []readRecord
	switch format {
	case FormatJSONL:
		recs = readJSONL(name, br, p)
	case FormatYAML:
		recs = readYAML(name, br, p)
	default:
		p.Add(LineError{File: name, Line: 1, Msg: fmt.Sprintf("unknown format %q", format)})
		return nil
	}
	return checkRecords(name, recs, p)
}

// skipBOM drops a UTF-8 byte order mark (Windows editors add one) and
// refuses UTF-16, which would otherwise read as garbage.
func skipBOM(name string, br *bufio.Reader, p *Problems) bool {
	head, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		_, _ = br.Discard(3) // cannot fail: the bytes are buffered
	case bytes.HasPrefix(head, []byte("\xFF\xFE")), bytes.HasPrefix(head, []byte("\xFE\xFF")):
		p.Add(LineError{File: name, Line: 1, Msg: "the file is UTF-16: save it as UTF-8"})
		return false
	}
	return true
}

// readRecord is a record with the fields that could not be read, whose
// validation problems would only repeat the reading problem.
type readRecord struct {
	Record
	unread []string
}

// checkRecords normalises and validates each record and refuses ids used
// twice in a file.
func checkRecords(name string, recs []readRecord, p *Problems) []Record {
	out := make([]Record, len(recs))
	firstLine := map[string]int{}
	for i, r := range recs {
		r.Entry = Normalize(r.Entry)
		out[i] = r.Record
		for _, fe := range Validate(r.Entry) {
			if !slices.Contains(r.unread, fe.Field) {
				p.Add(LineError{File: name, Line: r.Line, Field: fe.Field, Msg: fe.Msg})
			}
		}
		if r.Entry.ID == "" {
			continue
		}
		if l, ok := firstLine[r.Entry.ID]; ok {
			p.Add(LineError{File: name, Line: r.Line, Field: "id", Msg: fmt.Sprintf("duplicate of the entry on line %d", l)})
			continue
		}
		firstLine[r.Entry.ID] = r.Line
	}
	return out
}

func readJSONL(name string, br *bufio.Reader, p *Problems) []readRecord {
	var recs []readRecord
	for line := 1; ; line++ {
		b, tooLong, err := nextLine(br, maxLineBytes)
		if err != nil && !errors.Is(err, io.EOF) {
			p.Add(LineError{File: name, Line: line, Msg: "cannot read: " + err.Error()})
			return recs
		}
		switch b = bytes.TrimSpace(b); {
		case tooLong:
			p.Add(LineError{File: name, Line: line, Msg: fmt.Sprintf("line longer than %d bytes: want one entry per line", maxLineBytes)})
		case len(b) == 0:
		case !utf8.Valid(b):
			p.Add(LineError{File: name, Line: line, Msg: "not UTF-8 text: save the file as UTF-8"})
		default:
			e, probs, ok := decodeJSONEntry(b)
			rec := readRecord{Record: Record{Line: line, Entry: e}}
			for _, fp := range probs {
				p.Add(LineError{File: name, Line: line, Field: fp.field, Msg: fp.msg})
				rec.unread = append(rec.unread, fp.field)
			}
			if ok {
				recs = append(recs, rec)
			}
		}
		if err != nil { // io.EOF after the last line
			return recs
		}
	}
}

// nextLine reads one line of at most max bytes. A longer line is read to
// its end and reported as too long, so the lines after it are still read.
func nextLine(br *bufio.Reader, max int) (line []byte, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > max {
			tooLong = true
		} else {
			line = append(line, chunk...)
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, tooLong, err
		}
	}
}

// fieldProblem is a problem with one field of an entry.
type fieldProblem struct{ field, msg string }

// decodeJSONEntry decodes one JSON object field by field, so that every
// problem is pinned to its field: unknown fields, fields given twice, and
// values of the wrong type. ok is false when the line is not a JSON object
// at all. Messages describe what was wanted and never quote the value.
func decodeJSONEntry(b []byte) (e Entry, probs []fieldProblem, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	syntax := func(err error) (Entry, []fieldProblem, bool) {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			return Entry{}, []fieldProblem{{"", fmt.Sprintf("invalid JSON at byte %d", se.Offset)}}, false
		case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return Entry{}, []fieldProblem{{"", "invalid JSON: the line ends inside the object"}}, false
		}
		return Entry{}, []fieldProblem{{"", "want one JSON object per line"}}, false
	}
	tok, err := dec.Token()
	if err != nil {
		return syntax(err)
	}
	if d, isDelim := tok.(json.Delim); !isDelim || d != '{' {
		return Entry{}, []fieldProblem{{"", "want one JSON object per line"}}, false
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		key, _ := tok.(string) // object keys are always strings
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		switch {
		case seen[key]:
			probs = append(probs, fieldProblem{key, "given twice in one entry"})
		case !slices.Contains(Fields(), key):
			probs = append(probs, fieldProblem{key, "unknown field"})
		default:
			// Decoding {"key": value} into the Entry uses its own JSON
			// rules (dates, enums) for just this field.
			obj := append(append([]byte(`{"`+key+`":`), raw...), '}')
			if err := json.Unmarshal(obj, &e); err != nil {
				probs = append(probs, fieldProblem{key, typeMessage(key)})
			}
		}
		seen[key] = true
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return syntax(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return Entry{}, []fieldProblem{{"", "want one JSON object per line (more follows the object)"}}, false
	}
	return e, probs, true
}

// typeMessage explains a decoding failure of field k without quoting input.
func typeMessage(k string) string {
	switch k {
	case "tags":
		return "want a list of strings"
	case "created_at", "updated_at", "reviewed_at", "review_due":
		return "want a date as YYYY-MM-DD or RFC 3339"
	}
	// Every other field is a string. The decoder's own message would quote
	// the input, which may be exactly what the privacy screen must not echo.
	return "want a string"
}

// readYAML reads every document of a YAML stream. Each document is an
// entry (a mapping) or a list of entries; empty documents are skipped.
func readYAML(name string, r io.Reader, p *Problems) []readRecord {
	var recs []readRecord
	dec := yaml.NewDecoder(r)
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return recs
		}
		if err != nil {
			// The parser cannot resume after a syntax error: what follows
			// is unread, so say so.
			p.Add(LineError{File: name, Line: yamlErrLine(err), Msg: "invalid YAML (" + yamlErrReason(err) + "); nothing after it was read"})
			return recs
		}
		root := &doc
		if root.Kind == yaml.DocumentNode {
			if len(root.Content) == 0 {
				continue
			}
			root = root.Content[0]
		}
		switch {
		case root.Kind == yaml.SequenceNode:
			for _, item := range root.Content {
				if rec, ok := readYAMLEntry(name, item, p); ok {
					recs = append(recs, rec)
				}
			}
		case root.Kind == yaml.MappingNode:
			if rec, ok := readYAMLEntry(name, root, p); ok {
				recs = append(recs, rec)
			}
		case root.Kind == yaml.ScalarNode && root.Tag == "!!null":
			// An empty document ("---" with nothing after it).
		default:
			p.Add(LineError{File: name, Line: root.Line, Msg: "want an entry (field: value lines) or a list of entries"})
		}
	}
}

// readYAMLEntry reads one mapping as an entry, reporting every unknown,
// repeated or mistyped field.
func readYAMLEntry(name string, item *yaml.Node, p *Problems) (readRecord, bool) {
	if item.Kind == yaml.AliasNode && item.Alias != nil {
		item = item.Alias
	}
	if item.Kind != yaml.MappingNode {
		p.Add(LineError{File: name, Line: item.Line, Msg: "want an entry (a mapping of field: value)"})
		return readRecord{}, false
	}
	rec := readRecord{Record: Record{Line: item.Line}}
	seen := map[string]bool{}
	for i := 0; i+1 < len(item.Content); i += 2 {
		key, val := item.Content[i], item.Content[i+1]
		problem := ""
		switch {
		case seen[key.Value]:
			problem = "given twice in one entry"
		case key.Kind != yaml.ScalarNode || !slices.Contains(Fields(), key.Value):
			problem = "unknown field"
		default:
			one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, val}}
			if err := one.Decode(&rec.Entry); err != nil {
				problem = typeMessage(key.Value)
			}
		}
		seen[key.Value] = true
		if problem != "" {
			line := key.Line
			if problem != "unknown field" && problem != "given twice in one entry" {
				line = val.Line
			}
			p.Add(LineError{File: name, Line: line, Field: key.Value, Msg: problem})
			rec.unread = append(rec.unread, key.Value)
		}
	}
	return rec, true
}

// yamlErrLine digs the line number out of a yaml.v3 syntax error
// ("yaml: line 3: …"); 1 when there is none.
func yamlErrLine(err error) int {
	var n int
	if _, scanErr := fmt.Sscanf(err.Error(), "yaml: line %d:", &n); scanErr == nil && n > 0 {
		return n
	}
	return 1
}

// yamlErrReason is the parser's reason for a syntax error, without the
// "yaml: line N:" prefix. yaml.v3's syntax messages are fixed phrases
// ("did not find expected key") that never quote the document.
func yamlErrReason(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "line ") {
		msg = rest
	}
	// Quoted punctuation ("did not find expected ',' or ']'") is the
	// parser's own; any other quote could hold input, which is never echoed.
	bare := msg
	for _, r := range "[]{},:-'\"" {
		bare = strings.ReplaceAll(bare, "'"+string(r)+"'", "")
	}
	if strings.ContainsAny(bare, "`\"'") {
		return "syntax error"
	}
	return msg
}

// Write writes entries in the given format, sorted by id, in the exact form
// Parse reads back unchanged.
func Write(w io.Writer, format Format, entries []Entry) error {
	sorted := slices.Clone(entries)
	slices.SortFunc(sorted, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	switch format {
	case FormatJSONL:
		bw := bufio.NewWriter(w)
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false) // keep "A&E" and "<" readable in backups
		for _, e := range sorted {
			if err := enc.Encode(e); err != nil {
				return fmt.Errorf("knowledge: write %s: %w", e.ID, err)
			}
		}
		return bw.Flush()
	case FormatYAML:
		if len(sorted) == 0 {
			_, err := io.WriteString(w, "[]\n")
			return err
		}
		enc := yaml.NewEncoder(w)
		enc.SetIndent(2)
		if err := enc.Encode(sorted); err != nil {
			return fmt.Errorf("knowledge: write yaml: %w", err)
		}
		return enc.Close()
	}
	return Errorf(EInvalid, "", "unknown format %q", format)
}
