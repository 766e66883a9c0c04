package privacy

import "strings"

// emailPattern is the usual address shape (notes §4.3). It is deliberately
// loose: a false positive costs a rephrase, a miss costs a patient's address.
const emailPattern = `[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`

// emails finds addresses that are not published or role mailboxes. The
// pattern is tried only around each "@", on the run of address characters
// that surrounds it, which gives the same matches as scanning the whole
// text at a fraction of the cost.
func (s *Screener) emails(text string, out []Finding) []Finding {
	done := 0 // end of the last match: an "@" before it is already used
	for at := strings.IndexByte(text, '@'); at >= 0; {
		lo, hi := at, at+1
		for lo > done && isLocalByte(text[lo-1]) {
			lo--
		}
		for hi < len(text) && isDomainByte(text[hi]) {
			hi++
		}
		if loc := s.email.FindStringIndex(text[lo:hi]); loc != nil {
			start, end := lo+loc[0], lo+loc[1]
			if !s.allow.allowedEmail(text[start:end]) {
				out = append(out, Finding{Kind: Email, Start: start, End: end})
			}
			done = end
		}
		next := strings.IndexByte(text[max(at+1, done):], '@')
		if next < 0 {
			break
		}
		at = max(at+1, done) + next
	}
	return out
}

// isLocalByte and isDomainByte are the character classes of emailPattern.
func isLocalByte(c byte) bool {
	return isWordByte(c) && c != '_' || strings.IndexByte("._%+-", c) >= 0
}

func isDomainByte(c byte) bool {
	return isWordByte(c) && c != '_' || c == '.' || c == '-'
}
