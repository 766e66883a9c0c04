package redisstore

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

func testScreener() *privacy.Screener { return privacy.New(privacy.DefaultAllowList()) }

// nhsLayouts are the layouts of issue 9 that the old screen let through,
// with numbers from the never-issued test range.
func nhsLayouts() map[string]string {
	return map[string]string{
		"two spaces":        "999  000  0018",
		"spaced dash":       "999 - 000 - 0026",
		"tabs":              "999\t000\t0034",
		"line breaks":       "999\n000\n0018",
		"commas":            "999,000,0026",
		"brackets":          "(999) 000 0034",
		"4-3-3":             "9990 000 018",
		"every digit":       "9 9 9 0 0 0 0 0 1 8",
		"zero-width joiner": "999\u200d000\u200d0026",
		"non-joiner":        "999\u200c000\u200c0034",
		"word joiner":       "999\u2060000\u20600018",
		"soft hyphen":       "999\u00ad000\u00ad0026",
		"byte-order mark":   "999\ufeff000\ufeff0034",
		"arabic-indic":      "\u0669\u0669\u0669 \u0660\u0660\u0660 \u0660\u0660\u0661\u0668",
		"devanagari":        "\u096f\u096f\u096f \u0966\u0966\u0966 \u0966\u0966\u0968\u096c",
		"mathematical":      "\U0001d7e1\U0001d7e1\U0001d7e1 \U0001d7d8\U0001d7d8\U0001d7d8 \U0001d7d8\U0001d7d8\U0001d7db\U0001d7dc",
	}
}

// otherLayouts are the other identifiers issue 9 lists.
func otherLayouts() map[string]string {
	return map[string]string{
		"birth in words":     "Jane Smith born on the 3rd of April 1961",
		"team-suffixed mail": "first.last.team@nhs.net",
		"plus mail":          "name+info@nhs.net",
		"dotted phone":       "07700.900.123",
	}
}

func TestLayoutsAreFlagged(t *testing.T) {
	// The fixtures must be what the screen flags, or the migration tests
	// below prove nothing.
	sc := testScreener()
	for _, set := range []map[string]string{nhsLayouts(), otherLayouts()} {
		for name, text := range set {
			if _, ok := sc.First("seen by " + text + " today"); !ok {
				t.Errorf("%s: the screen does not flag %q", name, text)
			}
		}
	}
}

func TestMachineValues(t *testing.T) {
	sc := testScreener()
	// Each of these is flagged by the screen on its own: that is why they
	// are recognised as machine-made and left alone.
	for _, v := range []string{"1600007422.047514", "06484904890fdf2cd7dbe735", "0783759116c7176e"} {
		if _, ok := sc.First(v); !ok {
			t.Errorf("%q: the screen no longer flags it; pick another example", v)
		}
		if !machineValue(v) {
			t.Errorf("machineValue(%q) = false, want true", v)
		}
	}
	for _, v := range []string{"2026-01-02T03:04:05Z", "2026-01-02T03:04:05.123456789+01:00", "2026-01-02"} {
		if !machineValue(v) {
			t.Errorf("machineValue(%q) = false, want true", v)
		}
	}
	// No identifier, however written, passes for a machine value.
	not := []string{
		"9990000018", "9990000018.123456", "0101611234.123456", "999000001812345", "1600007422.04751", "1600007422,047514",
		"9990000018000000", "999000001800000000000000", "0783759116C7176E", "0783759116c7176g",
		"1961-04-03 Jane Smith", "born 1961-04-03",
	}
	for _, set := range []map[string]string{nhsLayouts(), otherLayouts()} {
		for _, v := range set {
			not = append(not, v)
		}
	}
	for _, v := range not {
		if machineValue(v) {
			t.Errorf("machineValue(%q) = true, want false", v)
		}
	}
}

func TestRedactValue(t *testing.T) {
	sc := testScreener()
	nhs := Marker(privacy.NHSNumber)
	tests := []struct {
		name, in, want string
		plain          bool
	}{
		{"clean JSON", `{"question":"how do I start a DPIA for ambient voice?","asker":"U1"}`, "", false},
		{"clean text", "1", "", false},
		{
			"one value, bytes around kept",
			`{ "reason" : "wrong for 999 000 0018, sorry",  "n": 1.50, "html": "<b>&</b>", "u":"caf\u00e9"}`,
			`{ "reason" : "wrong for ` + nhs + `, sorry",  "n": 1.50, "html": "<b>&</b>", "u":"caf\u00e9"}`, false,
		},
		{
			"escaped value is decoded, screened and written back",
			`{"q":"NHS\t999\t000\t0018 \"urgent\""}`,
			`{"q":"NHS\t` + nhs + ` \"urgent\""}`, false,
		},
		{
			"split across two values",
			`{"title":"Follow-up for 999 000","body":"0018 went well","kind":"pilot"}`,
			`{"title":"Follow-up for ` + nhs + `","body":"` + nhs + ` went well","kind":"pilot"}`, false,
		},
		{
			"split across three tags",
			`{"tags":["999","000","0018"],"title":"ok"}`,
			`{"tags":["` + nhs + `","` + nhs + `","` + nhs + `"],"title":"ok"}`, false,
		},
		{
			"split across fields that are not next to each other",
			`{"title":"Seen 999 000","summary":"` + strings.Repeat("The pilot ran in clinic. ", 20) + `","body":"0018 was the one"}`,
			`{"title":"Seen ` + nhs + `","summary":"` + strings.Repeat("The pilot ran in clinic. ", 20) + `","body":"` + nhs + ` was the one"}`, false,
		},
		{
			"an id written from title words",
			`{"entry_id":"lesson-jane-smith-born-on-the-3rd-of-april-1961"}`,
			`{"entry_id":"lesson-jane-smith-born-on-` + Marker(privacy.DateOfBirth) + `"}`, false,
		},
		{"plain text", "call 07700.900.123 later", "call " + Marker(privacy.Phone) + " later", true},
		{"a JSON string", `"first.last.team@nhs.net wrote"`, `"` + Marker(privacy.Email) + ` wrote"`, false},
		{
			"machine values next to each other are not read together",
			`{"channel":"C1","ts":"1600007422.047514","id":"06484904890fdf2cd7dbe735","at":"2026-01-02T03:04:05Z"}`, "", false,
		},
		{"an object key", `{"999 000 0018":true}`, `{"` + nhs + `":true}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redactValue(sc, []byte(tt.in))
			if string(got.out) != tt.want {
				t.Errorf("redactValue(%s)\n got %s\nwant %s", tt.in, got.out, tt.want)
			}
			if tt.want == "" {
				return
			}
			if got.plain != tt.plain {
				t.Errorf("plain = %v, want %v", got.plain, tt.plain)
			}
			if len(got.found) == 0 {
				t.Errorf("found no kinds")
			}
			if !tt.plain && !json.Valid(got.out) {
				t.Errorf("result is not JSON: %s", got.out)
			}
			if again := redactValue(sc, got.out); again.out != nil {
				t.Errorf("the redacted value is flagged again: %s", again.out)
			}
		})
	}
}

func TestRedactEveryLayout(t *testing.T) {
	sc := testScreener()
	for _, set := range []map[string]string{nhsLayouts(), otherLayouts()} {
		for name, text := range set {
			raw, _ := json.Marshal(map[string]string{"reason": "see " + text + " please", "user": "U024BE7LH"})
			got := redactValue(sc, raw)
			if got.out == nil {
				t.Errorf("%s: not redacted", name)
				continue
			}
			var v map[string]string
			if err := json.Unmarshal(got.out, &v); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			// The marker covers the span the screen reports ("the 3rd of
			// April 1961" of a birth in words).
			if !strings.HasPrefix(v["reason"], "see ") || !strings.Contains(v["reason"], "[removed: ") ||
				!strings.HasSuffix(v["reason"], "] please") || strings.ContainsAny(v["reason"], "0123456789@") || v["user"] != "U024BE7LH" {
				t.Errorf("%s: got %q", name, got.out)
			}
		}
	}
}

func TestMarkersAreClean(t *testing.T) {
	sc := testScreener()
	for _, k := range []privacy.Kind{privacy.NHSNumber, privacy.CHINumber, privacy.Phone, privacy.Email,
		privacy.DateOfBirth, privacy.HospitalNumber, privacy.NINumber, privacy.Postcode} {
		m := Marker(k)
		if _, ok := sc.First("Jane Smith " + m + " " + m); ok {
			t.Errorf("the marker %q is itself flagged", m)
		}
	}
}
