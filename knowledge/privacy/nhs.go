package privacy

// ValidNHSNumber reports whether digits is an NHS number (or a Scottish CHI
// or Northern Irish H&C number, which share the format): ten digits whose
// last is the modulus-11 check digit of the first nine (notes §4.1). Spaces
// and hyphens are ignored, so "943 476 5919" and "943-476-5919" are valid
// too. The test range (999 000 0018…) is valid: it is well-formed, merely
// never issued.
func ValidNHSNumber(digits string) bool {
	var d [10]int
	n := 0
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		switch {
		case c == ' ' || c == '-':
			continue
		case !isDigit(c) || n == len(d):
			return false
		}
		d[n] = int(c - '0')
		n++
	}
	if n != len(d) {
		return false
	}
	// Weights 10..2 over the first nine digits; check = 11 - sum%11, where
	// 11 means 0 and 10 means "no valid number has this stem".
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (10 - i)
	}
	check := 11 - sum%11
	switch check {
	case 11:
		check = 0
	case 10:
		return false
	}
	return check == d[9]
}

// chiDate reports whether the first six digits of a ten-digit number form a
// DDMMYY date, which is how a Scottish CHI number begins. The century is
// unknown, so 29 February is allowed in any year divisible by four.
func chiDate(digits string) bool {
	if len(digits) < 6 {
		return false
	}
	dd := int(digits[0]-'0')*10 + int(digits[1]-'0')
	mm := int(digits[2]-'0')*10 + int(digits[3]-'0')
	yy := int(digits[4]-'0')*10 + int(digits[5]-'0')
	if mm < 1 || mm > 12 || dd < 1 {
		return false
	}
	days := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[mm]
	if mm == 2 && yy%4 == 0 {
		days = 29
	}
	return dd <= days
}

// nhsNumbers finds ten-digit numbers (plain or grouped 3-3-4 with single
// spaces or hyphens) that pass the check digit. RE2 has no look-around, so
// the pattern is tried only where a number starts and the digit after it
// is checked here: "19434765919" is not an NHS number, but in
// "2023 943 476 5919" the second number is.
func (s *Screener) nhsNumbers(text string, out []Finding) []Finding {
	for i := 0; i < len(text); i++ {
		if !isDigit(text[i]) || !numberStart(text, i) {
			continue
		}
		loc := s.nhs.FindStringIndex(text[i:min(len(text), i+numberWindow)])
		if loc == nil {
			continue
		}
		end := i + loc[1]
		if end < len(text) && isDigit(text[end]) {
			continue
		}
		digits := digitsOf(text[i:end])
		if !ValidNHSNumber(digits) {
			continue
		}
		kind := NHSNumber
		if chiDate(digits) {
			// A CHI number embeds the date of birth, and the refusal says so.
			kind = CHINumber
		}
		out = append(out, Finding{Kind: kind, Start: i, End: end})
		i = end - 1
	}
	return out
}

// numberWindow bounds how far past a number's start its pattern is tried:
// longer than any NHS number or phone number can be written, and it keeps
// each try constant-time however long the text.
const numberWindow = 64

// numberStart reports whether a number can begin at text[i]: the byte
// before it is not a digit.
func numberStart(text string, i int) bool { return i == 0 || !isDigit(text[i-1]) }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// digitsOf returns the ASCII digits of s, in order.
func digitsOf(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			b = append(b, s[i])
		}
	}
	return string(b)
}
