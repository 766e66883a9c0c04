package privacy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// want is an expected finding: its kind and the exact text its offsets must
// slice. Spelling wants as text keeps the table readable and checks the
// offsets at the same time.
type want struct {
	kind Kind
	text string
}

// show renders findings for failure messages. Tests may print the values;
// the package never does.
func show(text string, fs []Finding) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("%s %q [%d:%d]", f.Kind, text[f.Start:f.End], f.Start, f.End)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func checkFind(t *testing.T, s *Screener, text string, wants []want) {
	t.Helper()
	got := s.Find(text)
	ok := len(got) == len(wants)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Kind == wants[i].kind && text[got[i].Start:got[i].End] == wants[i].text
	}
	if !ok {
		t.Errorf("Find(%q)\n got %s\nwant %v", text, show(text, got), wants)
	}
}

func TestValidNHSNumber(t *testing.T) {
	tests := []struct {
		name, in string
		want     bool
	}{
		// Notes §4.2.
		{"worked example spaced", "943 476 5919", true},
		{"worked example plain", "9434765919", true},
		{"worked example hyphenated", "943-476-5919", true},
		{"wrong check digit", "943 476 5910", false},
		{"test range 18", "999 000 0018", true},
		{"test range 26", "999 000 0026", true},
		{"test range 34", "999 000 0034", true},
		{"crate README example", "999 123 4560", false},
		{"Wikipedia format example", "987 654 4321", false},
		{"Wikipedia example corrected", "987 654 4322", true},
		{"all zero passes the checksum", "000 000 0000", true},
		{"CHI number", "140745 1235", true},
		// Shape.
		{"nine digits", "943 476 591", false},
		{"eleven digits", "94347659190", false},
		{"letter", "943 476 591O", false},
		{"empty", "", false},
		{"full-width digits", "９４３４７６５９１９", false},
	}
	// Every stem whose check digit would be 10 is invalid whatever digit 10 is.
	for x := '0'; x <= '9'; x++ {
		tests = append(tests,
			struct {
				name, in string
				want     bool
			}{"999 000 000" + string(x), "999 000 000" + string(x), false},
			struct {
				name, in string
				want     bool
			}{"123 456 789" + string(x), "123 456 789" + string(x), false},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidNHSNumber(tt.in); got != tt.want {
				t.Errorf("ValidNHSNumber(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestFindPositives(t *testing.T) {
	s := New(DefaultAllowList())
	tests := []struct {
		name string
		text string
		want []want
	}{
		// NHS numbers.
		{"nhs in sentence", "Patient NHS no 943 476 5919 was flagged", []want{{NHSNumber, "943 476 5919"}}},
		{"nhs plain", "ref 9434765919.", []want{{NHSNumber, "9434765919"}}},
		{"nhs hyphenated", "NHS: 943-476-5919", []want{{NHSNumber, "943-476-5919"}}},
		{"nhs mixed separators", "943 476-5919", []want{{NHSNumber, "943 476-5919"}}},
		{"nhs test range 18", "fixture 999 000 0018", []want{{NHSNumber, "999 000 0018"}}},
		{"nhs test range 26", "999 000 0026", []want{{NHSNumber, "999 000 0026"}}},
		{"nhs test range 34", "(999-000-0034)", []want{{NHSNumber, "999-000-0034"}}},
		{"nhs all zero", "000 000 0000", []want{{NHSNumber, "000 000 0000"}}},
		{"nhs after a year", "in 2023 943 476 5919 was seen", []want{{NHSNumber, "943 476 5919"}}},
		{"nhs other range", "H&C 401 023 2137", []want{{NHSNumber, "401 023 2137"}}},
		// CHI numbers: a valid check digit and a DDMMYY prefix.
		{"chi spaced", "CHI 140 745 1235 on the letter", []want{{CHINumber, "140 745 1235"}}},
		{"chi plain", "chi 1407451235", []want{{CHINumber, "1407451235"}}},
		{"chi beats phone", "number 0101901232", []want{{CHINumber, "0101901232"}}},
		// Phones.
		{"phone mobile in sentence", "call me on 07700 900123", []want{{Phone, "07700 900123"}}},
		{"phone london", "ring 020 7946 0958 today", []want{{Phone, "020 7946 0958"}}},
		{"phone international", "+44 20 7946 0958", []want{{Phone, "+44 20 7946 0958"}}},
		{"phone international with (0)", "tel +44 (0)20 7946 0958", []want{{Phone, "+44 (0)20 7946 0958"}}},
		{"phone international mobile", "+447700900123", []want{{Phone, "+447700900123"}}},
		{"phone 0044", "0044 161 496 0000", []want{{Phone, "0044 161 496 0000"}}},
		{"phone bracketed area code", "(020) 7946 0958", []want{{Phone, "(020) 7946 0958"}}},
		{"phone hyphenated", "0161-496-0000", []want{{Phone, "0161-496-0000"}}},
		{"phone plain mobile", "07700900123", []want{{Phone, "07700900123"}}},
		{"phone five-digit area code", "Tel: 01632 960001.", []want{{Phone, "01632 960001"}}},
		{"phone mobile 5-3-3", "07700 900 123", []want{{Phone, "07700 900 123"}}},
		{"phone then a count", "call 020 7946 0958 2 times", []want{{Phone, "020 7946 0958"}}},
		{"phone then an extension", "0161 496 0000 1234", []want{{Phone, "0161 496 0000"}}},
		{"phone ten digits", "0161 496 000", []want{{Phone, "0161 496 000"}}},
		{"phone pairs", "0161 11 22 33 44", []want{{Phone, "0161 11 22 33"}}},
		// Emails.
		{"email nhs.net person", "email jane.smith@nhs.net please", []want{{Email, "jane.smith@nhs.net"}}},
		{"email gmail", "anyone@gmail.com", []want{{Email, "anyone@gmail.com"}}},
		{"email end of sentence", "write to J.Bloggs99@hotmail.co.uk.", []want{{Email, "J.Bloggs99@hotmail.co.uk"}}},
		{"email two at signs", "a@b@c.com", []want{{Email, "b@c.com"}}},
		{"email two addresses", "a.b@gmail.com,c.d@yahoo.co.uk", []want{{Email, "a.b@gmail.com"}, {Email, "c.d@yahoo.co.uk"}}},
		{"email role word as substring only", "helena.office2@nhs.net", []want{{Email, "helena.office2@nhs.net"}}},
		// Dates of birth.
		{"dob slashes", "DOB: 14/07/1945", []want{{DateOfBirth, "14/07/1945"}}},
		{"dob two-digit year", "dob:14/07/45", []want{{DateOfBirth, "14/07/45"}}},
		{"dob dotted keyword", "d.o.b. 14-07-1945", []want{{DateOfBirth, "14-07-1945"}}},
		{"dob dots", "date of birth 14.07.1945", []want{{DateOfBirth, "14.07.1945"}}},
		{"dob month abbrev", "born 14 Jul 1945", []want{{DateOfBirth, "14 Jul 1945"}}},
		{"dob month name", "She was born on 14 July 1945 in Leeds", []want{{DateOfBirth, "14 July 1945"}}},
		{"dob cui banner", "DOB 14-Jul-1945", []want{{DateOfBirth, "14-Jul-1945"}}},
		{"dob iso", "birth date 1945-07-14", []want{{DateOfBirth, "1945-07-14"}}},
		{"dob us order", "born July 14, 1945", []want{{DateOfBirth, "July 14, 1945"}}},
		{"dob keyword is", "Date of birth is 01/02/1950.", []want{{DateOfBirth, "01/02/1950"}}},
		{"dob odd dots", "D.OB 01/02/1950", []want{{DateOfBirth, "01/02/1950"}}},
		{"dob upper case", "DATE OF BIRTH: 1 FEB 1950", []want{{DateOfBirth, "1 FEB 1950"}}},
		// Hospital numbers.
		{"mrn", "MRN: RX123456", []want{{HospitalNumber, "RX123456"}}},
		{"mrn hash", "mrn#1234567", []want{{HospitalNumber, "1234567"}}},
		{"hospital no.", "Hospital No. K1234567 attended", []want{{HospitalNumber, "K1234567"}}},
		{"hosp no", "hosp no 12345678", []want{{HospitalNumber, "12345678"}}},
		{"unit number", "unit number A12345", []want{{HospitalNumber, "A12345"}}},
		{"pas id", "PAS ID 7654321", []want{{HospitalNumber, "7654321"}}},
		{"case note no", "case note no #CN98765", []want{{HospitalNumber, "CN98765"}}},
		{"local patient identifier", "local patient identifier: L0012345", []want{{HospitalNumber, "L0012345"}}},
		{"patient id", "Patient ID 55512A", []want{{HospitalNumber, "55512A"}}},
		{"mrn no space", "MRN12345", []want{{HospitalNumber, "12345"}}},
		{"keyword spread out", "local   patient   identifier  L0012345", []want{{HospitalNumber, "L0012345"}}},
		// National Insurance numbers.
		{"ni spaced", "NI number AB 12 34 56 C", []want{{NINumber, "AB 12 34 56 C"}}},
		{"ni plain lower case", "ni ab123456c.", []want{{NINumber, "ab123456c"}}},
		{"ni in sentence", "his NINO JG103759A is on file", []want{{NINumber, "JG103759A"}}},
		// Postcodes near a person.
		{"postcode near title", "Mrs Patel, 12 High Street, Leeds LS1 4AP", []want{{Postcode, "LS1 4AP"}}},
		{"postcode near patient", "Patient Smith lives at M1 1AE", []want{{Postcode, "M1 1AE"}}},
		{"postcode near age", "a 72-year-old from SW1A 1AA", []want{{Postcode, "SW1A 1AA"}}},
		{"postcode after age", "EH1 1YZ, aged 72", []want{{Postcode, "EH1 1YZ"}}},
		{"postcode near yo", "72yo, postcode cr26xh", []want{{Postcode, "cr26xh"}}},
		{"postcode near dob", "DOB 14/07/1945, B33 8TH", []want{{DateOfBirth, "14/07/1945"}, {Postcode, "B33 8TH"}}},
		{"only the postcode in reach", "Mr Smith, LS1 4AP." + strings.Repeat(" and so on", 8) + " Office: LS2 7UE",
			[]want{{Postcode, "LS1 4AP"}}},
		{"cue between two postcodes", "LS1 4AP, then Pt Brown, then LS2 7UE",
			[]want{{Postcode, "LS1 4AP"}, {Postcode, "LS2 7UE"}}},
		{"postcode in text without spaces", strings.Repeat("x", 100) + ",Mr.Smith,LS1 4AP", []want{{Postcode, "LS1 4AP"}}},
		// Several at once, in order.
		{"several", "Mr Jones (NHS 943 476 5919), call 07700 900123 or jones@gmail.com, DOB 14/07/1945",
			[]want{{NHSNumber, "943 476 5919"}, {Phone, "07700 900123"}, {Email, "jones@gmail.com"}, {DateOfBirth, "14/07/1945"}}},
		{"mrn that is an nhs number", "MRN 9434765919", []want{{NHSNumber, "9434765919"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFind(t, s, tt.text, tt.want)
		})
	}
}

// lesson is a realistic pilot write-up full of ordinary numbers: none of
// them identifies anyone.
const lesson = `Between 03/04/2024 and 2024-09-30 the trust piloted an AI triage tool for chest X-rays
across 3 sites (2023-2025 programme). We spent £21m over the programme; the tool itself cost £1,200,000,
about £3.5 million with integration. Reporting backlog fell by 73% reduction in weeks 4-12, and 68.5% of
12,000 X-rays were triaged within 2 hours; 4000 patients were seen. The clinical safety case followed
DCB0129 v4.2 and DCB0160; the device is Class IIa (UKCA). We ran 18 interviews and 44 responses came back
by 09:30 on 1 May. Sensitivity 0.94, specificity 0.91, ratio 1:4, NNT 12. The steering group met at
St James's University Hospital, Beckett Street, Leeds LS9 7TF. Questions: Patient Advice and Liaison
Service, Leeds LS9 7TF, or join us on MS Teams from Quarry House, Leeds LS2 7UE. Call the NHS England
switchboard on 0300 311 22 33 or email england.digital.iapt@nhs.net or enquiries@leedsth.nhs.uk.
Version 2.3.1 went live in Q3 2024/25; ISO 13485:2016 and IEC 62304 applied. Born in 2019, the
programme now covers 1.2 million people. Patient id was never stored; hospital number formats vary.`

func TestFindNegatives(t *testing.T) {
	s := New(DefaultAllowList())
	tests := []struct{ name, text string }{
		{"lesson paragraph", lesson},
		{"bad check digit", "NHS no 943 476 5910"},
		{"crate README example", "999 123 4560"},
		{"Wikipedia example", "987 654 4321"},
		{"stem with check 10", "999 000 0005"},
		{"stem 123456789", "1234567890"},
		{"nhs touching digits", "ref 94347659190"},
		{"slash date", "started 03/04/2024"},
		{"iso date", "2024-04-03"},
		{"money", "£21m, £1,200,000 and £3.5 million"},
		{"percentages", "73% reduction, 68.5%"},
		{"counts", "12,000 X-rays for 4000 patients"},
		{"interviews", "18 interviews and 44 responses"},
		{"standards", "DCB0129 v4.2 and DCB0160, Class IIa"},
		{"year range", "2023-2025"},
		{"time", "09:30 to 17:00"},
		{"ratio", "ratio 1:4"},
		{"version", "v4.2"},
		{"small zero groups", "scores 01 02 03 04 05 06"},
		{"phone too short", "0161 496 00"},
		{"phone too long", "020794609581"},
		{"switchboard on allow-list", "call 0300 311 22 33"},
		{"switchboard other layout", "+44 300 311 2233"},
		{"role mailbox on allow-list", "england.digital.iapt@nhs.net"},
		{"role mailbox word", "enquiries@leedsth.nhs.uk"},
		{"role mailbox segment", "pals.leeds@nhs.net and ai-team@nhs.net"},
		{"noreply", "no-reply@nhs.net"},
		{"bare date of birth year", "born in 1945"},
		{"dob keyword inside word", "Dobson 14/07/1945"},
		{"patient id without digit", "Patient ID missing"},
		{"keyword inside a word", "compass id 12345 and community 12345"},
		{"email without a dot", "user@localhost"},
		{"hospital number too short", "unit no 3"},
		{"mrn too long", "MRN 1234567890123"},
		{"ni never issued prefix", "QQ 12 34 56 C, GB123456A, ZZ 12 34 56 A"},
		{"ni bad suffix", "AB 12 34 56 E"},
		{"postcode alone", "Quarry House, Leeds LS2 7UE"},
		{"postcode far from a name", "Mr Patel chaired." + strings.Repeat(" and so on", 8) + " Venue: LS2 7UE"},
		{"postcode with MS Teams", "on MS Teams, Leeds LS2 7UE"},
		{"outward code only", "patients in SE1 and Mrs Jones"},
		{"empty", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFind(t, s, tt.text, nil)
		})
	}
}

func TestAllowList(t *testing.T) {
	s := New(AllowList{
		Phones:       []string{"+44 (0)20 7946 0958"},
		Emails:       []string{"Jane.Smith@NHS.net"},
		EmailDomains: []string{"@example.org"},
	})
	tests := []struct {
		name, text string
		want       []want
	}{
		{"phone in another layout", "020-7946-0958", nil},
		{"other phone", "020 7946 0959", []want{{Phone, "020 7946 0959"}}},
		{"email any case", "jane.smith@nhs.net", nil},
		{"domain", "a.b@example.org", nil},
		{"subdomain", "a.b@mail.example.org", nil},
		{"lookalike domain", "a.b@badexample.org", []want{{Email, "a.b@badexample.org"}}},
		{"role word without the default list", "england.contactus@nhs.net", nil}, // "contactus" segment
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFind(t, s, tt.text, tt.want)
		})
	}
	t.Run("empty allow-list", func(t *testing.T) {
		checkFind(t, New(AllowList{}), "0113 825 0000", []want{{Phone, "0113 825 0000"}})
	})
}

// TestFindingOffsets checks that offsets are bytes into the original text,
// multi-byte characters included, and slice exactly the identifier.
func TestFindingOffsets(t *testing.T) {
	s := New(DefaultAllowList())
	text := "£5 – café – “NHS” 943 476 5919 – ☎ 07700 900123 – ✉ a.b@gmail.com"
	got := s.Find(text)
	wants := []want{{NHSNumber, "943 476 5919"}, {Phone, "07700 900123"}, {Email, "a.b@gmail.com"}}
	if len(got) != len(wants) {
		t.Fatalf("Find: got %s, want %v", show(text, got), wants)
	}
	for i, w := range wants {
		start := strings.Index(text, w.text)
		if got[i] != (Finding{Kind: w.kind, Start: start, End: start + len(w.text)}) {
			t.Errorf("finding %d: got %+v, want %v at [%d:%d]", i, got[i], w.kind, start, start+len(w.text))
		}
	}
}

func TestFirst(t *testing.T) {
	s := New(DefaultAllowList())
	text := "email a.b@gmail.com, NHS 943 476 5919"
	f, ok := s.First(text)
	if !ok || f.Kind != Email || text[f.Start:f.End] != "a.b@gmail.com" {
		t.Errorf("First(%q) = %+v, %v; want the email", text, f, ok)
	}
	if f, ok := s.First(lesson); ok {
		t.Errorf("First(lesson) = %+v, true; want nothing", f)
	}
}

func TestKindMessage(t *testing.T) {
	kinds := []Kind{NHSNumber, CHINumber, Phone, Email, DateOfBirth, HospitalNumber, NINumber, Postcode}
	// Values the screen finds: no message may contain any of them.
	values := []string{"943 476 5919", "9434765919", "07700 900123", "jane.smith@nhs.net", "14/07/1945", "RX123456", "AB 12 34 56 C", "LS1 4AP"}
	seen := make(map[string]Kind)
	for _, k := range kinds {
		t.Run(string(k), func(t *testing.T) {
			msg := k.Message()
			if !strings.HasPrefix(msg, "looks like ") {
				t.Errorf("Message() = %q, want it to start %q", msg, "looks like ")
			}
			if strings.ContainsAny(msg, "0123456789@") {
				t.Errorf("Message() = %q contains a digit or @", msg)
			}
			for _, v := range values {
				if strings.Contains(msg, v) {
					t.Errorf("Message() = %q contains the value %q", msg, v)
				}
			}
			if other, dup := seen[msg]; dup {
				t.Errorf("Message() = %q is the same as for %s", msg, other)
			}
			seen[msg] = k
		})
	}
	if got, want := NHSNumber.Message(), "looks like an NHS number"; got != want {
		t.Errorf("NHSNumber.Message() = %q, want %q", got, want)
	}
	if got := Kind("something_new").Message(); got == "" || strings.Contains(got, "something_new") {
		t.Errorf("unknown Kind.Message() = %q, want a generic phrase", got)
	}
}

func FuzzFind(f *testing.F) {
	for _, seed := range []string{
		lesson,
		"Patient NHS no 943 476 5919 was flagged",
		"call me on 07700 900123 or +44 (0)20 7946 0958",
		"Mrs Patel DOB 14-Jul-1945, LS1 4AP, MRN: RX123456, NI AB 12 34 56 C",
		"0101901232 9434765919 0161-496-0000 a.b@gmail.com",
		"+44", "0044 (0", "(0", "MRN", "dob 1", "\xff943 476 5919\xff",
	} {
		f.Add(seed)
	}
	s := New(DefaultAllowList())
	// The screen tries its slower patterns only where a match can begin
	// (around "@", at keyword starts). These whole-text scans are the
	// plain definition those shortcuts must agree with.
	plainEmail := regexp.MustCompile(emailPattern)
	plainHospital := regexp.MustCompile(strings.Replace(hospitalPattern, "^", "", 1))
	f.Fuzz(func(t *testing.T, text string) {
		var want []Finding
		for _, loc := range plainEmail.FindAllStringIndex(text, -1) {
			if !s.allow.allowedEmail(text[loc[0]:loc[1]]) {
				want = append(want, Finding{Email, loc[0], loc[1]})
			}
		}
		if got := s.atEmails(text, nil); !slices.Equal(got, want) {
			t.Fatalf("emails = %v, whole-text scan = %v", got, want)
		}
		want = nil
		for _, m := range plainHospital.FindAllStringSubmatchIndex(text, -1) {
			// keywordMatches also refuses a keyword after an apostrophe
			// ("wife's number").
			if hospitalCode(text, m) && !strings.HasSuffix(text[:m[0]], "'") && !strings.HasSuffix(text[:m[0]], "’") {
				want = append(want, Finding{HospitalNumber, m[2], m[3]})
			}
		}
		if got := s.codesAfterKeywords(text, nil); !slices.Equal(got, want) {
			t.Fatalf("hospital numbers = %v, whole-text scan = %v", got, want)
		}

		got := s.Find(text)
		end := 0
		for i, g := range got {
			if g.Start < end || g.Start >= g.End || g.End > len(text) {
				t.Fatalf("finding %d %+v: out of order, empty, overlapping or out of range (previous end %d, len %d)", i, g, end, len(text))
			}
			if g.Kind.Message() == Kind("").Message() {
				t.Fatalf("finding %d has unknown kind %q", i, g.Kind)
			}
			end = g.End
		}
		first, ok := s.First(text)
		if ok != (len(got) > 0) || (ok && first != got[0]) {
			t.Fatalf("First = %+v, %v; Find[0] = %v", first, ok, got)
		}
	})
}

// benchLesson is a lesson of about 2,000 characters with one identifier in
// it, so every rule, the postcode cues included, does its full work.
func benchLesson() string {
	text := lesson + "\nFollow-up: Mrs Patel, aged 72, LS1 4AP, rang 07700 900123.\n"
	for len(text) < 2000 {
		text += "The team reviewed 120 cases per week at 2 sites. "
	}
	return text[:2000]
}

// BenchmarkScreen measures the screen on what it sees most: a question,
// a lesson of about 2,000 characters, and a whole lesson form (each field,
// then the fields together).
func BenchmarkScreen(b *testing.B) {
	s := New(DefaultAllowList())
	b.Run("question", func(b *testing.B) {
		q := "has anyone piloted an ambient scribe in primary care, and what did the DPIA take in 2024/25?"
		b.SetBytes(int64(len(q)))
		for b.Loop() {
			s.Find(q)
		}
	})
	b.Run("lesson", func(b *testing.B) {
		text := benchLesson()
		b.SetBytes(int64(len(text)))
		for b.Loop() {
			s.Find(text)
		}
	})
	b.Run("form", func(b *testing.B) {
		text := strings.ReplaceAll(lesson, "\n", " ")
		fields := []Field{
			{Name: "title", Text: "Ambient scribe in a GP practice, 2024/25"},
			{Name: "what_happened", Text: text},
			{Name: "lessons", Text: text[:400]},
			{Name: "tags", Text: "ambient voice\nscribe\ndpia"},
		}
		for b.Loop() {
			s.ScreenFields(fields)
		}
	})
}

// slicedCase is an identifier in a text: the kind of its finding and the
// part of the text, as written, that the finding must slice.
type slicedCase struct {
	text string
	want Kind
	id   string
}

// findsAsWritten checks that each case's first finding is of its kind (NHS
// and CHI answer for each other) and slices the original text at its
// identifier.
func findsAsWritten(t *testing.T, s *Screener, cases map[string]slicedCase) {
	t.Helper()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f, ok := s.First(tc.text)
			if !ok || !hasKind([]Finding{f}, tc.want) {
				t.Fatalf("First(%q) = %v, %v; want %s", tc.text, f, ok, tc.want)
			}
			if got := tc.text[f.Start:f.End]; got != tc.id {
				t.Errorf("finding slices %q, want %q", got, tc.id)
			}
		})
	}
}

// TestFindFoldsLookAlikes: identifiers written with non-breaking or thin
// spaces, Unicode dashes, full-width digits, dots or slashes are found, and
// the finding's offsets still slice the original text.
func TestFindFoldsLookAlikes(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"nbsp nhs":         {"patient 943\u00a0476\u00a05919 seen", NHSNumber, "943\u00a0476\u00a05919"},
		"narrow nbsp nhs":  {"no. 943\u202f476\u202f5919", NHSNumber, "943\u202f476\u202f5919"},
		"dotted nhs":       {"ref 943.476.5919", NHSNumber, "943.476.5919"},
		"slashed nhs":      {"ref 943/476/5919", NHSNumber, "943/476/5919"},
		"en dash nhs":      {"943\u2013476\u20135919", NHSNumber, "943\u2013476\u20135919"},
		"full-width nhs":   {"番号 ９４３ ４７６ ５９１９", NHSNumber, "９４３ ４７６ ５９１９"},
		"nbsp phone":       {"ring 07700\u00a0900123 today", Phone, "07700\u00a0900123"},
		"accented context": {"café patient 943 476 5919", NHSNumber, "943 476 5919"},
	})
	for _, clean := range []string{"12.03.2024", "v4.2.1 of DCB0129", "£1,200.50", "2023\u20132025"} {
		if f, ok := s.First(clean); ok {
			t.Errorf("First(%q) = %s, want nothing", clean, f.Kind)
		}
	}
}

// TestFindReadsLetterOAsZero: the letter O typed for a zero inside a
// number is read as one, so an identifier typed that way is refused and
// its finding slices the text as written; a word with another letter, or
// with one digit on its own, stays a word.
func TestFindReadsLetterOAsZero(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"grouped nhs":   {"NHS no 4O1 O23 2137 for the clinic list", NHSNumber, "4O1 O23 2137"},
		"run of nhs":    {"pt 4o1o232137 needs a recall", NHSNumber, "4o1o232137"},
		"chi":           {"CHI 22O358 1239", CHINumber, "22O358 1239"},
		"mobile":        {"her mobile is O77OO 9OO123", Phone, "O77OO 9OO123"},
		"date of birth": {"DOB O3/O4/1961", DateOfBirth, "O3/O4/1961"},
	})
	passesAll(t, s, []reviewCase{
		{name: "gases", text: "CO2 and NO2 sensors on the ward, O2 sats alarms and H2O2 wipes"},
		{name: "gases joined", text: "CO2/O2 mix, O2-rich air, O2.5 litres"},
		{name: "O2 arena", text: "the O2 arena event for the ICS on 10 May"},
		{name: "OOH", text: "OOH GP service and O&G clinics, 2O24/25 plan"},
		{name: "room", text: "meet in room 1O1 at 10:00"},
		{name: "standards", text: "ISO 27001 and DCB0129 v4.O apply"},
	})
}

// TestFindReadsLetterLAsOne: a lower-case l or a capital I inside a
// number is a one, as text recognition and hurried typists write it; the
// same word's letters elsewhere are not, and neither is a postcode's
// outward code before its inward code.
func TestFindReadsLetterLAsOne(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"grouped nhs":   {"NHS No. 48l 172 7959 on the referral", NHSNumber, "48l 172 7959"},
		"capital i":     {"NHS No: 40I 023 2I37", NHSNumber, "40I 023 2I37"},
		"leading l":     {"pt l234 567 88l needs a recall", NHSNumber, "l234 567 88l"},
		"mixed with O":  {"nhs 4O1O232l37", NHSNumber, "4O1O232l37"},
		"date of birth": {"DOB l2/11/l950", DateOfBirth, "l2/11/l950"},
		"mobile":        {"mob O77OO 9OOl23", Phone, "O77OO 9OOl23"},
		"postcode kept": {"Mr Jones lives at l12 3ab", Postcode, "l12 3ab"},
	})
	passesAll(t, s, []reviewCase{
		{name: "litres", text: "10l of water and 2l bottles for 1l0 staff"},
		{name: "vitamin", text: "B12 levels 345 and section II 12"},
		{name: "version", text: "version 1.2l build, ll00 meeting, Il2 receptor"},
		{name: "roman", text: "Part III, phase I, 12 wards"},
	})
}

// TestFindTrunkDroppedPhones: a phone whose trunk 0 a spreadsheet dropped
// is refused after a phone label, or as a table's cell when the text names
// a phone column; ten such digits without a label are any other number.
func TestFindTrunkDroppedPhones(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"label":           {"Mob: 7700 900123", Phone, "7700 900123"},
		"label and no":    {"mobile number 7700900123 (texts only)", Phone, "7700900123"},
		"dashes":          {"Mob 7700-900-123", Phone, "7700-900-123"},
		"landline":        {"tel no. 20 7946 0958", Phone, "20 7946 0958"},
		"csv column":      {"Name,Mobile\nJo Bloggs,7700900123", Phone, "7700900123"},
		"markdown column": {"| Name | Mobile |\n|---|---|\n| Jo Bloggs | 7700900123 |", Phone, "7700900123"},
	})
	passesAll(t, s, []reviewCase{
		{name: "no label", text: "order 7700900123 arrived; ticket 2079460958 closed"},
		{name: "count", text: "phone calls: 7700 900 123 last year"},
		{name: "thousands", text: "phone 7,812,345,678"},
		{name: "not a cell", text: "the phone audit found ref 7700900123/2"},
		{name: "other column", text: "Ward,Contacts\nAMU,7700900123"},
	})
}

// TestFindBornAbbreviation: the biographer's "b." announces a birth date
// in brackets or after a comma, or alone before a date long enough ago; a
// list's item "b." before a recent date is left alone.
func TestFindBornAbbreviation(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"brackets":   {"Jane Smith (b. 12/11/1950) was admitted", DateOfBirth, "12/11/1950"},
		"comma":      {"Jane Smith, b. 3 April 1961, lives alone", DateOfBirth, "3 April 1961"},
		"no space":   {"Jane Smith (b.12/11/1950)", DateOfBirth, "12/11/1950"},
		"on its own": {"b. 12/11/1950, admitted via ED", DateOfBirth, "12/11/1950"},
	})
	passesAll(t, s, []reviewCase{
		{name: "list", text: "a. 12/11/2023 go-live b. 12/02/2024 review"},
		{name: "section", text: "see section b. 2.1 of the plan"},
		{name: "historical", text: "Florence Nightingale (b. 12 May 1820)"},
		{name: "words", text: "web. 12/11/1950 archive, Feb. 1961 minutes"},
	})
}

// TestFindHospitalNumberBelowItsLabel: a hospital number in a table's row
// below its column's label.
func TestFindHospitalNumberBelowItsLabel(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"markdown": {"| Hospital no | Ward |\n| RXF3321987 | 23 |", HospitalNumber, "RXF3321987"},
	})
	passesAll(t, s, []reviewCase{
		{name: "ticket below", text: "| Hospital no field | Ticket |\n| missing | INC1234567 |"},
	})
}

// TestFindNameInCSVRow: a CSV row's surname and first name, written
// without a space after the comma, are a name beside the row's postcode;
// a row of places is not.
func TestFindNameInCSVRow(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"headerless": {"Hollis,Derek,NE6 5TH\nPatel,Anita,NE4 6BE", Postcode, "NE6 5TH"},
		"header":     {"Surname,Forename,Postcode\nHollis,Derek,NE6 5TH", Postcode, "NE6 5TH"},
	})
	passesAll(t, s, []reviewCase{
		{name: "sites", text: "Freeman,Newcastle,NE7 7DN\nRVI,Newcastle,NE1 4LP"},
	})
}

// TestReview8Rules: what the eighth review's fixes must refuse, and what
// they must still pass.
func TestReview8Rules(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"B between digits":   {"NHS no 999 855 7B95 from the fax", NHSNumber, "999 855 7B95"},
		"S between digits":   {"nhs 999 8S5 7895", NHSNumber, "999 8S5 7895"},
		"one digit, 3 chars": {"wristband 999 l4l Ol12 photo", NHSNumber, "999 l4l Ol12"},
		"glued dob":          {"pt dob12/06/57 rang again", DateOfBirth, "12/06/57"},
		"glued DOB dots":     {"D.O.B03.04.1961 on the form", DateOfBirth, "03.04.1961"},
		"heading with digit": {"MRN\tWard\tNEWS2\nM4412093\tAMU\t7", HospitalNumber, "M4412093"},
		"older first name":   {"Beryl Hatch\tSE15 4QP\tY03654", Postcode, "SE15 4QP"},
		"short form":         {"Dave Hollis, 12 Elm Road, NE6 5TH", Postcode, "NE6 5TH"},
	})
	passesAll(t, s, []reviewCase{
		{name: "B and S at a word's edge", text: "B12 levels 345, S10 clinic, 3B 4S codes, 12S and 7B rooms"},
		{name: "one digit alone", text: "the l4l meme, 2O and 3I lines, room 1 I 2"},
		{name: "dob word", text: "dobbins 12/06/57 lot, adobe12/06/2024"},
		{name: "event before the date", text: "Nye Bevan opened Park Hospital on 05/07/1948 and met Sylvia Beckingham"},
		{name: "headings then a count", text: "MRN\tWard\tNEWS2\n(hashed)\tAMU\t7"},
	})
}

// TestFindHyphenatedSurname: a surname in two capitalised parts, or with
// a capital after an apostrophe, is a surname.
func TestFindHyphenatedSurname(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"patient label": {"Patient: Daniel Ferreira-Lopes, TR1 3LJ", Postcode, "TR1 3LJ"},
		"first name":    {"Jane Smith-Jones 03/04/1961", DateOfBirth, "03/04/1961"},
		"apostrophe":    {"Mr O'Neill, LS6 3AB", Postcode, "LS6 3AB"},
		"curly":         {"Mrs O’Brien DOB-less, 03/04/1961", DateOfBirth, "03/04/1961"},
	})
	passesAll(t, s, []reviewCase{
		{name: "all capitals", text: "the NHS-AI lab, LS1 4AB, and the ICS-wide board"},
	})
}

// TestFindHomeAddressBlock: a letter's address block is a person's home
// address: an initial and a surname over a house number and a street, or a
// name a line above the street when the block is too long for the
// postcode's usual reach.
func TestFindHomeAddressBlock(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"initial":        {"J. Smith\n12 High Street\nLeeds\nLS1 4AB", Postcode, "LS1 4AB"},
		"initial inline": {"J Smith, 4a Elm Road, Leeds LS6 3AB", Postcode, "LS6 3AB"},
		"flat":           {"K. Patel, Flat 2, 7 Mill Lane, Bradford BD1 1AA", Postcode, "BD1 1AA"},
		"long block":     {"Jane Smith\nFlat 3\n12 High Street\nHeadingley\nLeeds\nWest Yorkshire\nLS6 3AB", Postcode, "LS6 3AB"},
	})
	passesAll(t, s, []reviewCase{
		{name: "article", text: "A Leeds hospital, 12 Great George Street, LS1 3EX"},
		{name: "building", text: "Robert Dolan House, 9 Alie Street, London E1 8DE"},
		{name: "no house number", text: "J. Smith visited St James's University Hospital, Beckett Street, Leeds LS9 7TF"},
		{name: "trust HQ", text: "Trust headquarters\nWhite Rose House\n12 Great George Street\nLeeds\nWest Yorkshire\nLS1 3EX"},
	})
}

// TestReview10Rules: what the tenth review's fixes must refuse (speech,
// labels in other languages, Scottish surnames), and what they must still
// pass.
func TestReview10Rules(t *testing.T) {
	s := New(DefaultAllowList())
	findsAsWritten(t, s, map[string]slicedCase{
		"half in words":     {"NHS number is 463 one eight eight 5491 on the list", NHSNumber, "463 one eight eight 5491"},
		"spoken mobile":     {"her mobile is oh seven seven double oh, nine one two, four six three, ok", Phone, "oh seven seven double oh, nine one two, four six three"},
		"spoken NI":         {"his national insurance is S K five five, one nine, oh four, C for the form", NINumber, "S K five five, one nine, oh four"},
		"year in words":     {"date of birth please patient: it's the third of April nineteen sixty one", DateOfBirth, "the third of April nineteen sixty one"},
		"welsh":             {"Gofynnodd y claf, a ganwyd ar 31 Rhagfyr 1966, am gopi", DateOfBirth, "31 Rhagfyr 1966"},
		"polish":            {"Pani Zofia, data urodzenia: 15.06.1972, prosi o list", DateOfBirth, "15.06.1972"},
		"bengali":           {"রোগী: আব্দুল করিম, জন্ম তারিখ: 03/09/1949। অনুগ্রহ", DateOfBirth, "03/09/1949"},
		"arabic":            {"المريضة: فاطمة حسن، تاريخ الميلاد: 21/05/1980. يرجى", DateOfBirth, "21/05/1980"},
		"german":            {"Geburtsdatum: 03.04.1961, Station 4", DateOfBirth, "03.04.1961"},
		"lpi":               {"Export row: LPI 88302157; attendance ED", HospitalNumber, "88302157"},
		"welsh hospital no": {"Rhif ysbyty: A1234567", HospitalNumber, "A1234567"},
		"Mc":                {"Safeguarding: Jean McAllister, EH7 5QP, found confused", Postcode, "EH7 5QP"},
		"Mac":               {"Patient Sarah MacDonald, G12 8QQ", Postcode, "G12 8QQ"},
	})
	passesAll(t, s, []reviewCase{
		{name: "meeting id in words", text: "meeting ID three eight one, four four two, nine nine oh, seven one six, passcode on the invite"},
		{name: "few words", text: "room four one two, bed seven; scored 7 out of ten"},
		{name: "year in words", text: "we launched in two thousand and five, in the nineteen sixties style"},
		{name: "welsh months", text: "Cyfarfod y bwrdd: 3 Mai 2024 a 12 Medi 2023, Caerdydd"},
		{name: "macro", text: "the Macro team at McDonalds, G12 8QQ, ran the Mc pilot"},
	})
}

// TestFindUnendedPersonalMail: a personal address typed without its ending
// is refused; a service named after an "@" with no mailbox before it, or
// a domain that goes on, is not this rule's.
func TestFindUnendedPersonalMail(t *testing.T) {
	s := New(DefaultAllowList())
	refusesAll(t, s, []reviewCase{
		{"jsmith61", "her email is jsmith61@gmail so send it there", Email},
		{"name in parts", "reply to jane.smith@hotmail.", Email},
		{"end of text", "pt email: k_okafor@yahoo", Email},
		{"capitals", "Contact: JSmith@BTInternet", Email},
	})
	passesAll(t, s, []reviewCase{
		{name: "no mailbox", text: "we use @gmail style handles in the demo"},
		{name: "a Slack mention", text: "ask <@U024BE7LH> about the outlook add-in"},
		{name: "a service's own domain", text: "the gmail.com outage on Friday"},
		{name: "not a service", text: "ping ig-team@trustname for the DPIA"},
	})
}

// TestReview5RulesStayNarrow: what the fifth review's fixes must not
// refuse (tables of sites, a column of names of things, a price, ordinary
// HL7, brackets after a keyword that hold no code, a building named after
// a person, programme mailboxes), and what they must still refuse.
func TestReview5RulesStayNarrow(t *testing.T) {
	s := New(DefaultAllowList())
	passesAll(t, s, []reviewCase{
		{name: "site table", text: "Site name | Postcode\nSt James's University Hospital | LS9 7TF\nChapel Allerton | LS7 4SA"},
		{name: "practice csv", text: "Practice name,Postcode\nBurley Park Medical Centre,LS4 2PH"},
		{name: "name beside site", text: "Site | Name | Postcode\nSJUH | Bexley Wing | LS9 7TF"},
		{name: "one decimal", text: "Licences 120 at 149.99 each"},
		{name: "prices row", text: "Mics\t12\t49.99\t599.88\nHeadsets\t40\t19.50\t780.00"},
		{name: "HL7 MSH", text: "MSH|^~\\&|EPR|RTH|PAS|RTH|20250304101500||ADT^A01|123456|P|2.4"},
		{name: "mrn bracket", text: "MRN (trust) is assigned at registration, see the PAS guide"},
		{name: "the building", text: "Workshop at the William Harvey, Kennington Road, Ashford TN24 0LZ"},
		{name: "programme mailbox", text: "email england.aidiagnosticfund@nhs.net or london.imagingnetwork@nhs.net"},
	})
	refusesAll(t, s, []reviewCase{
		{"dotted nhs in a row", "ids 943.476.5919 and 12.50", NHSNumber},
		{"person before a building word", "John Radcliffe, 4 Elm Road, Oxford OX3 9DU", Postcode},
		{"personal run-together", "write to janeteam@nhs.net", Email},
		{"hl7 dob", "PID|1||||SMITH^JANE||19610403|F", DateOfBirth},
		{"pipe table name", "Name | Postcode\nJane Doe | B10 0AE", Postcode},
		{"patient list with a ward", "Name | Ward | Postcode\nJane Doe | Ward 7 | B10 0AE", Postcode},
		{"dotted like an address, after NHS", "NHS: 145.4.206.187", NHSNumber},
	})
}

// TestHospitalNumberAfterWords: a hospital number a few words after its
// keyword is refused when it has a trust's letters before its digits; a
// count, a year, a standard or a sentence that moves on is not one.
func TestHospitalNumberAfterWords(t *testing.T) {
	s := New(DefaultAllowList())
	refusesAll(t, s, []reviewCase{
		{"on the wristband", "the hosp no on her wristband was K1234567", HospitalNumber},
		{"possessive", "her hosp number's K1234567", HospitalNumber},
		{"for her", "Hosp no. for her: K1234567", HospitalNumber},
		{"mrn in the letter", "the MRN in the clinic letter is RX0012345, can someone fix it", HospitalNumber},
		{"H/N label", "H/N: K1234567 please check the bloods", HospitalNumber},
		{"h/n hash", "pt h/n#RX123456", HospitalNumber},
	})
	passesAll(t, s, []reviewCase{
		{name: "a count", text: "MRN fields were merged for 1234567 records in 2024"},
		{name: "a year", text: "hospital numbers changed format in FY2024"},
		{name: "a standard", text: "patient ID labels follow DCB1077 since 2019"},
		{name: "the sentence moves on", text: "MRN checks are manual. Ticket INC1234567 is open for the PAS fix"},
		{name: "FDA", text: "the K number for the device is K192320 on the FDA site"},
		{name: "a ticket", text: "MRN merge failed, see ticket INC1234567 and change CHG0012345"},
		{name: "H/N without its colon", text: "the H/N ratio was 12345 in the model card"},
	})
}

// TestReview6Rules: what the sixth review's fixes refuse and pass.
func TestReview6Rules(t *testing.T) {
	s := New(DefaultAllowList())
	refusesAll(t, s, []reviewCase{
		{"HL7 PID-3 typed MR", "PID|1||H1234567^^^RXF^MR~9434765919^^^NHS^NH", HospitalNumber},
		{"FHIR typed MR", `{"identifier":[{"type":{"coding":[{"code":"MR"}]},"value":"D2233445"}]}`, HospitalNumber},
		{"patient label and name", "Patient: Doreen Walsh, 3 Elm Grove, Harrogate HG1 5QT", Postcode},
		{"phone at a dotted chain's start", "call 07700.900.123 after 5", Phone},
		{"nhs number in a CSV cell", "nhs_number,surname,ward\n9434765919,Smith,7", NHSNumber},
		{"nhs number spaced in a CSV cell", "nhs,surname,ward\n943 476 5919,Smith,7", NHSNumber},
		{"nhs number with commas, no header", "her number is 943,476,5919", NHSNumber},
	})
	passesAll(t, s, []reviewCase{
		{name: "trust programme mailbox", text: "Queries to lth-tr.ai-programme@nhs.net please"},
		{name: "corporate IG mailbox", text: "IG,england.ig-corporate@nhs.net,0300 311 22 33"},
		{name: "HL7 typed otherwise", text: "PID|1||X1234567^^^RXF^XX|"},
		{name: "FHIR typed as something else", text: `{"type":{"coding":[{"code":"DL"}]},"value":"MORGA657054SM9IJ"}`},
		{name: "patient label and a form word", text: "Patient: Experience Team, St James's, Leeds LS9 7TF"},
		{name: "a build number", text: "Build 10.0.19045.3930 is the one on the ward PCs"},
		{name: "a CSV of metrics", text: "date,queries,users,avg_latency_ms\n2025-01-06,1532,214,812\n2025-01-07,1610,220,790"},
	})
}

// TestReview7Rules: what the seventh review's fixes pass and still refuse.
func TestReview7Rules(t *testing.T) {
	s := New(DefaultAllowList())
	passesAll(t, s, []reviewCase{
		{name: "programme mailbox", text: "Reach the DESP office at desp.admin@nhs.net"},
		{name: "service mailbox", text: "maternity.digital@bradfordhospitals.nhs.uk for the pilot data"},
		{name: "practice mailbox", text: "practice mailbox aire.valley.practice@nhs.net or moor.lane.surgery@nhs.net"},
	})
	refusesAll(t, s, []reviewCase{
		{"a name and a role word", "helena.office2@nhs.net", Email},
		{"an initial before a practice", "j.smith.practice@nhs.net", Email},
		{"a practice name at a personal service", "aire.valley.practice@gmail.com", Email},
		{"a name and a team", "peter.holt.team@nhs.net", Email},
		{"a short first name and a place word", "ed.green@nhs.net", Email},
		{"underscored birth label", "extract row: sex=F, date_of_birth=1952-11-23, ward=AMU", DateOfBirth},
		{"underscored birth date", "birth_date: 1952-11-23", DateOfBirth},
	})
}
