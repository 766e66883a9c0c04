package words_test

import (
	"slices"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"lower-cased", "Ambient SCRIBE", []string{"ambient", "scribe"}},
		{"apostrophes vanish", "didn't it’s", []string{"didnt", "its"}},
		{"punctuation separates", "A&E x-ray, DPIA?", []string{"a", "e", "x", "ray", "dpia"}},
		{"digits kept", "GP 111 2025", []string{"gp", "111", "2025"}},
		{"letters of any script", "Größe café", []string{"größe", "café"}},
		{"only separators", " -- // ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := words.Tokens(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"stats", "stats", 2, 0},
		{"stat", "stats", 2, 1},          // insert
		{"exprts", "experts", 2, 1},      // insert
		{"queu", "queue", 2, 1},          // insert at the end
		{"gasp", "gaps", 2, 1},           // swap neighbours counts once
		{"shrae", "share", 2, 1},         // swap neighbours counts once
		{"mine", "mind", 2, 1},           // substitute
		{"kitten", "sitting", 3, 3},      // the classic
		{"kitten", "sitting", 2, 3},      // over the limit: limit+1
		{"a", "abcdef", 2, 3},            // lengths alone exceed the limit
		{"", "ab", 2, 2},                 // all inserts
		{"ça", "ca", 2, 1},               // runes, not bytes
		{"ambient", "ambeint", 1, 1},     // swap within a word
		{"triage", "trigae", 1, 1},       // swap
		{"radiology", "radiolgoy", 1, 1}, // swap at the end
	}
	for _, tt := range tests {
		if got := words.EditDistance(tt.a, tt.b, tt.limit); got != tt.want {
			t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
		}
		if got := words.EditDistanceRunes([]rune(tt.b), []rune(tt.a), tt.limit); got != tt.want {
			t.Errorf("EditDistanceRunes(%q, %q, %d) = %d, want %d (symmetric)", tt.b, tt.a, tt.limit, got, tt.want)
		}
	}
}
