package privacy

import (
	"strings"
	"testing"
	"time"
)

func TestScratchSlow(t *testing.T) {
	s := New(DefaultAllowList())
	for name, text := range map[string]string{
		"postcodes no space": "Mr X," + strings.Repeat("A11AA,", 20000),
		"postcodes spaced":   strings.Repeat("Mr Smith A1 1AA ", 8000),
		"zeros":              strings.Repeat("0", 120000),
		"zero groups":        strings.Repeat("0 ", 60000),
		"plus44":             strings.Repeat("+44 20 ", 20000),
		"ats":                strings.Repeat("a.b@", 30000),
		"patients":           strings.Repeat("patient id ", 12000),
		"dob":                strings.Repeat("dob 1/1/", 15000),
		"digits":             strings.Repeat("943 476 5919 ", 10000),
	} {
		t0 := time.Now()
		n := len(s.Find(text))
		t.Logf("%-20s %7d bytes %6d findings %v", name, len(text), n, time.Since(t0))
	}
}
