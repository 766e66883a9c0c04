package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMarkdownToMrkdwn(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"heading", "## What happened\n\nIt worked.", "*What happened*\n\nIt worked."},
		{"bold and italic", "**strong** and *soft* and _also_", "*strong* and _soft_ and _also_"},
		{"bullets", "- one\n- two\n  - nested", "• one\n• two\n    • nested"},
		{"numbers", "3. three\n4. four", "3. three\n4. four"},
		{"link", "[guidance](https://example.org/a)", "<https://example.org/a|guidance> (example.org)"},
		{"link naming its host", "[example.org/a](https://example.org/a)", "<https://example.org/a|example.org/a>"},
		{"bare link", "see https://example.org/x", "see <https://example.org/x|https://example.org/x>"},
		{"unsafe link", "[click](javascript:alert(1))", "click"},
		{"code", "use `kbbot ask`", "use `kbbot ask`"},
		{"fenced", "```\na < b\n```", "```\na &lt; b\n```"},
		{"quote", "> said so", "> said so"},
		{"strike", "~~old~~ new", "~old~ new"},
		{"escapes and entities", "A\\*B &amp; C", "A*B &amp; C"},
		{"markup in text", "<!channel> & <@U1>", "&lt;!channel&gt; &amp; &lt;@U1&gt;"},
		{"soft break kept", "line one\nline two", "line one\nline two"},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "*a | b*\n1 | 2"},
		{"rule", "above\n\n---\n\nbelow", "above\n\n───────\n\nbelow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mdToMrkdwn(tt.md); got != tt.want {
				t.Errorf("mdToMrkdwn(%q)\n got %q\nwant %q", tt.md, got, tt.want)
			}
		})
	}
}

// TestMrkdwnSections: a body of 8,000 characters is cut into sections of
// at most 3,000, at block boundaries where it can, never inside an entity
// or a link, and nothing is lost.
func TestMrkdwnSections(t *testing.T) {
	para := strings.Repeat("Tom & Jerry read [the guide](https://example.org/g) every day. ", 12)
	var md strings.Builder
	for md.Len() < 7900 {
		md.WriteString("## Part\n\n" + para + "\n\n")
	}
	long := strings.Repeat("x", 3500) // one word longer than a section
	secs := mrkdwnSections(md.String()+long, 2900)
	if len(secs) < 3 {
		t.Fatalf("%d sections, want at least 3", len(secs))
	}
	joined := strings.Join(secs, "")
	for i, s := range secs {
		if n := utf8.RuneCountInString(s); n == 0 || n > 2900 {
			t.Errorf("section %d has %d characters, want 1 to 2900", i, n)
		}
		if strings.Count(s, "<") != strings.Count(s, ">") {
			t.Errorf("section %d cuts a link in half: …%s", i, s[max(0, len(s)-80):])
		}
		if i := strings.LastIndex(s, "&"); i >= 0 && !strings.Contains(s[i:], ";") {
			t.Errorf("section %d cuts an entity in half", i)
		}
	}
	if got, want := strings.Count(joined, "&amp;"), strings.Count(md.String(), "&"); got != want {
		t.Errorf("%d ampersands after cutting, want %d", got, want)
	}
	// Every x survives: the document's own (in "example"), twice for each
	// link (its URL and the host after it), and the long word's 3,500.
	if got, want := strings.Count(joined, "x"), 2*strings.Count(md.String(), "x")+3500; got != want {
		t.Errorf("%d x's after cutting, want %d", got, want)
	}
}
