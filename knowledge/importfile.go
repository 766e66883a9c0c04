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

	"go.yaml.in/yaml/v3"
)

// Record is one parsed entry with the line it started on, so later checks
// (the privacy screen, say) can report FILE:LINE too.
type Record struct {
	Line  int
	Entry Entry
}

// maxImportErrors bounds how many problems one import reports; past that the
// file is clearly the wrong file.
const maxImportErrors = 50

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

// Parse reads every entry of an import file, normalises and validates each,
// and returns them all, or an *ImportError listing every bad record as
// FILE:LINE: field: reason. Parsing is all or nothing: with any error no
// records are returned. name is only used in messages.
func Parse(name string, format Format, r io.Reader) ([]Record, error) {
	var recs []Record
	var errs []LineError
	switch format {
	case FormatJSONL:
		recs, errs = parseJSONL(name, r)
	case FormatYAML:
		recs, errs = parseYAML(name, r)
	default:
		return nil, Errorf(EInvalid, "", "unknown format %q", format)
	}
	if len(errs) == 0 {
		errs = checkRecords(name, recs)
	}
	if len(errs) > 0 {
		if len(errs) > maxImportErrors {
			errs = errs[:maxImportErrors]
		}
		return nil, &ImportError{Errs: errs}
	}
	return recs, nil
}

// checkRecords validates each record and refuses ids used twice in a file.
func checkRecords(name string, recs []Record) []LineError {
	var errs []LineError
	firstLine := map[string]int{}
	for i := range recs {
		r := &recs[i]
		r.Entry = Normalize(r.Entry)
		for _, fe := range Validate(r.Entry) {
			errs = append(errs, LineError{File: name, Line: r.Line, Field: fe.Field, Msg: fe.Msg})
		}
		if r.Entry.ID == "" {
			continue
		}
		if l, ok := firstLine[r.Entry.ID]; ok {
			errs = append(errs, LineError{File: name, Line: r.Line, Field: "id", Msg: fmt.Sprintf("duplicate of the entry on line %d", l)})
			continue
		}
		firstLine[r.Entry.ID] = r.Line
	}
	return errs
}

func parseJSONL(name string, r io.Reader) ([]Record, []LineError) {
	var recs []Record
	var errs []LineError
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), maxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		e, field, msg := decodeJSONEntry(b)
		if msg != "" {
			errs = append(errs, LineError{File: name, Line: line, Field: field, Msg: msg})
			if len(errs) > maxImportErrors {
				break
			}
			continue
		}
		recs = append(recs, Record{Line: line, Entry: e})
	}
	if err := sc.Err(); err != nil {
		msg := "cannot read: " + err.Error()
		if errors.Is(err, bufio.ErrTooLong) {
			msg = fmt.Sprintf("line longer than %d bytes", maxLineBytes)
		}
		errs = append(errs, LineError{File: name, Line: line + 1, Msg: msg})
	}
	return recs, errs
}

// decodeJSONEntry decodes one JSON object field by field, so that a problem
// is pinned to the field that has it. It returns the field and a message on
// failure. Messages describe what was wanted and never quote the value.
func decodeJSONEntry(b []byte) (Entry, string, string) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return Entry{}, "", fmt.Sprintf("invalid JSON at byte %d", se.Offset)
		}
		return Entry{}, "", "want one JSON object per line"
	}
	known := Fields()
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	// Report problems in the format's field order, unknown fields first.
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(known, k) {
			return Entry{}, k, "unknown field"
		}
	}
	var e Entry
	for _, k := range known {
		v, ok := raw[k]
		if !ok {
			continue
		}
		obj := append(append([]byte(`{"`+k+`":`), v...), '}')
		if err := json.Unmarshal(obj, &e); err != nil {
			return Entry{}, k, typeMessage(k)
		}
	}
	return e, "", ""
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

func parseYAML(name string, r io.Reader) ([]Record, []LineError) {
	var doc yaml.Node
	dec := yaml.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil // an empty file imports nothing
		}
		return nil, []LineError{{File: name, Line: yamlErrLine(err), Msg: "invalid YAML"}}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.SequenceNode {
		return nil, []LineError{{File: name, Line: root.Line, Msg: "want a list of entries"}}
	}
	known := Fields()
	var recs []Record
	var errs []LineError
	for _, item := range root.Content {
		if item.Kind != yaml.MappingNode {
			errs = append(errs, LineError{File: name, Line: item.Line, Msg: "want an entry (a mapping of field: value)"})
			continue
		}
		var e Entry
		bad := false
		for i := 0; i+1 < len(item.Content); i += 2 {
			key, val := item.Content[i], item.Content[i+1]
			if !slices.Contains(known, key.Value) {
				errs = append(errs, LineError{File: name, Line: key.Line, Field: key.Value, Msg: "unknown field"})
				bad = true
				break
			}
			one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key, val}}
			if err := one.Decode(&e); err != nil {
				errs = append(errs, LineError{File: name, Line: val.Line, Field: key.Value, Msg: typeMessage(key.Value)})
				bad = true
				break
			}
		}
		if !bad {
			recs = append(recs, Record{Line: item.Line, Entry: e})
		}
		if len(errs) > maxImportErrors {
			break
		}
	}
	return recs, errs
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
