package privacy

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// The corpora in testdata were written by someone who saw neither this
// package nor its tests: ordinary.txt holds sentences NHS staff write, with
// numbers that identify nobody; identifiers.txt holds messages that each
// carry one identifier, in the layouts people and copy-paste produce;
// roles.txt holds shared mailboxes and published numbers.

// readLines returns a testdata file's non-empty lines, with the escapes
// \n, \t and \uXXXX in them decoded.
func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// unescape decodes \n, \t and \uXXXX written literally in a corpus line.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch s[i+1] {
		case 'n':
			b.WriteByte('\n')
			i++
		case 't':
			b.WriteByte('\t')
			i++
		case 'u':
			if i+6 <= len(s) {
				if r, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
					b.WriteRune(rune(r))
					i += 5
					continue
				}
			}
			b.WriteByte(s[i])
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func TestOrdinaryCorpus(t *testing.T) {
	s := New(DefaultAllowList())
	lines := readLines(t, "ordinary.txt")
	if len(lines) < 300 {
		t.Fatalf("ordinary.txt has %d lines, want at least 300", len(lines))
	}
	refused := 0
	for _, line := range lines {
		if got := s.Find(line); len(got) > 0 {
			refused++
			t.Errorf("refused an ordinary sentence: %s\n  %q", show(line, got), line)
		}
	}
	t.Logf("%d ordinary sentences, %d refused", len(lines), refused)
}

func TestIdentifierCorpus(t *testing.T) {
	s := New(DefaultAllowList())
	lines := readLines(t, "identifiers.txt")
	for _, line := range lines {
		kind, msg, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("line without a kind: %q", line)
		}
		text := unescape(msg)
		got := s.Find(text)
		found := false
		for _, f := range got {
			found = found || f.Kind == Kind(kind)
		}
		if !found {
			t.Errorf("missed %s: got %s in %q", kind, show(text, got), text)
		}
	}
}

func TestRoleCorpus(t *testing.T) {
	s := New(DefaultAllowList())
	for _, line := range readLines(t, "roles.txt") {
		if got := s.Find(line); len(got) > 0 {
			t.Errorf("refused a shared mailbox or published number: %s", show(line, got))
		}
	}
}

// TestOrdinaryCorpusAsFields: ordinary sentences side by side in a form's
// fields are not refused either (the fields are also screened together).
func TestOrdinaryCorpusAsFields(t *testing.T) {
	s := New(DefaultAllowList())
	lines := readLines(t, "ordinary.txt")
	for i := 0; i+2 < len(lines); i += 3 {
		fields := []Field{{Name: "title", Text: lines[i]}, {Name: "what_happened", Text: lines[i+1]}, {Name: "lessons", Text: lines[i+2]}}
		if ff, ok := s.ScreenFields(fields); ok {
			t.Errorf("refused ordinary fields as %s in %v: %+v", ff.Kind, ff.Fields, fields)
		}
	}
}
