package privacy

import "strings"

// emailPattern is the usual address shape (notes §4.3). It is deliberately
// loose: a false positive costs a rephrase, a miss costs a patient's address.
const emailPattern = `[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`

// emails finds addresses that are not published or role mailboxes. The
// pattern is tried only around each "@", on the run of address characters
// that surrounds it, which gives the same matches as scanning the whole
// text at a fraction of the cost.
func (s *Screener) emails(text string, _ []group, out []Finding) []Finding {
	return s.disguisedEmails(text, unendedEmails(text, s.atEmails(text, out)))
}

// unendedEmails finds personal addresses typed without their ending
// ("jsmith61@gmail"), which the address pattern needs: around each "@",
// on the run of address characters that surrounds it.
func unendedEmails(text string, out []Finding) []Finding {
	for at := strings.IndexByte(text, '@'); at >= 0; {
		lo, hi := at, at+1
		for lo > 0 && isLocalByte(text[lo-1]) {
			lo--
		}
		for hi < len(text) && isDomainByte(text[hi]) {
			hi++
		}
		if end, ok := unendedPersonalMail(text, lo, at, hi); ok {
			out = append(out, Finding{Kind: Email, Start: lo, End: end})
		}
		next := strings.IndexByte(text[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	return out
}

// atEmails finds the addresses written plainly, with an "@".
func (s *Screener) atEmails(text string, out []Finding) []Finding {
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

// unendedPersonalMail reports whether text[lo:hi], around the "@" at at,
// is a personal address typed without its ending ("jsmith61@gmail",
// "jane.smith@hotmail"): a mailbox name before the "@" and a personal mail
// service's name after it, with nothing more of a domain. It returns the
// address's end.
func unendedPersonalMail(text string, lo, at, hi int) (int, bool) {
	end := at + 1
	for end < hi && isLetter(text[end]) {
		end++
	}
	if end < hi && text[end] != '.' || end < hi-1 {
		return 0, false // more of a domain follows: not unended
	}
	local := strings.ToLower(strings.Trim(text[lo:at], "._%+-"))
	if local == "" || !mailboxWord(local) && !personLocal(local) {
		return 0, false
	}
	switch strings.ToLower(text[at+1 : end]) {
	case "gmail", "googlemail", "hotmail", "outlook", "yahoo", "icloud", "aol", "btinternet", "btopenworld",
		"virginmedia", "talktalk", "protonmail", "ntlworld", "blueyonder", "tiscali", "gmx":
		return end, true
	}
	return 0, false
}

// disguisedEmailPattern matches an address written so that it does not
// look like one: spaces around the "@" ("jane.smith @ nhs.net"), "(at)"
// and "[dot]" ("jane.smith(at)nhs.net"), or spelled out ("jane dot smith
// at nhs dot net"). A spelled " at " before a domain written plainly counts
// only when the name before it is in parts ("jane.smith at gmail.com",
// "jane dot smith at gmail.com"), so "guidance at digital.nhs.uk" is not
// an address.
const disguisedEmailPattern = `(?i)\b[a-z0-9][a-z0-9._%+\-]*(?:` + spelledDot + `[a-z0-9._%+\-]+)*` +
	`(?:` +
	`(?: @ ?| ?@ |\s?[\[(]\s?at\s?[\])]\s?)[a-z0-9\-]+(?:(?:\.|` + spelledDot + `)[a-z0-9\-]+)*(?:\.|` + spelledDot + `)` +
	`|(?:\s?[\[(]\s?at\s?[\])]\s?| at )[a-z0-9\-]+(?:` + spelledDot + `[a-z0-9\-]+)*` + spelledDot +
	`| at [a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.` +
	`)(?:com|net|org|uk|io|me|info|email|scot|wales)\b`

// spelledDot is a dot written as a word: " dot ", "[dot]", "(dot)".
const spelledDot = `(?: dot |\s?[\[(]\s?dot\s?[\])]\s?)`

// disguisedEmails finds addresses written in disguise, and refuses them
// unless the address they spell is a published or role mailbox.
func (s *Screener) disguisedEmails(text string, out []Finding) []Finding {
	low := strings.ToLower(text)
	if !strings.Contains(low, " @") && !strings.Contains(low, "@ ") && !strings.Contains(low, "at]") &&
		!strings.Contains(low, "at)") && !strings.Contains(low, " dot ") && !atAddress(low) {
		return out
	}
	spelled := strings.NewReplacer(" dot ", ".", "[dot]", ".", "(dot)", ".", " at ", "@", "[at]", "@", "(at)", "@", " ", "")
	for _, loc := range s.disguisedEmail.FindAllStringIndex(text, -1) {
		raw := strings.ToLower(text[loc[0]:loc[1]])
		if local, domain, ok := strings.Cut(raw, " at "); ok && !strings.Contains(domain, " dot ") && !strings.ContainsAny(domain, "[(") &&
			!strings.Contains(local, " dot ") && !strings.ContainsAny(local, "[(") && !plainDomainAddress(local, domain) {
			continue // "guidance at digital.nhs.uk", "section 4.3 at gov.uk", "staff at nhs.net"
		}
		addr := spelled.Replace(raw)
		if !s.allow.allowedEmail(addr) {
			out = append(out, Finding{Kind: Email, Start: loc[0], End: loc[1]})
		}
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

// atAddress reports whether text (lower case) may hold an address with a
// spelled " at " and a plain domain: the word before " at " is a person's
// name in parts ("jane.smith at") or a word before a personal mail
// service ("jane at gmail.com"). It keeps the address pattern off the many
// " at "s of ordinary prose.
func atAddress(low string) bool {
	for i := strings.Index(low, " at "); i >= 0; {
		rest := low[i+4:]
		domain := rest
		if k := strings.IndexAny(rest, " ,;:()<>\"'"); k >= 0 {
			domain = rest[:k]
		}
		domain = strings.TrimRight(domain, ".")
		if strings.Contains(domain, ".") {
			local := low[:i]
			if k := strings.LastIndexAny(local, " ,;:()<>\"'"); k >= 0 {
				local = local[k+1:]
			}
			if plainDomainAddress(local, domain) || strings.HasSuffix(low[:i], " dot "+local) {
				return true
			}
		}
		next := strings.Index(rest, " at ")
		if next < 0 {
			break
		}
		i += 4 + next
	}
	return false
}

// plainDomainAddress reports whether "LOCAL at DOMAIN", with the domain
// written plainly, is an address: a person's name in parts before it
// ("jane.smith at nhs.net"), or one word before a personal mail service
// ("jsmith61 at talktalk.net").
func plainDomainAddress(local, domain string) bool {
	return personLocal(local) || personalMail(domain) && mailboxWord(local)
}

// personLocal reports whether the word before a spelled " at " looks like
// a person's mailbox: names of letters joined by dots or underscores
// ("jane.smith", "j.smith", "jane_smith"), not an abbreviation ("e.g"), a
// section or version ("4.3", "v2.1") or a file ("dpia_v3.docx").
func personLocal(local string) bool {
	parts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' })
	if len(parts) < 2 || len(parts) > 3 || len(parts[len(parts)-1]) < 2 {
		return false
	}
	for _, p := range parts {
		if !lettersOnly(p) {
			return false
		}
	}
	switch parts[len(parts)-1] {
	case "doc", "docx", "pdf", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "html", "htm", "json", "zip", "png", "jpg":
		return false
	}
	return true
}

// mailboxWord reports whether w is a one-word mailbox name: a letter, then
// letters and digits ("jsmith61").
func mailboxWord(w string) bool {
	if w == "" || !isLetter(w[0]) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isLetter(w[i]) && !isDigit(w[i]) {
			return false
		}
	}
	return true
}

// lettersOnly reports whether w is one or more ASCII letters.
func lettersOnly(w string) bool { return every(w, isLetter) }

// every reports whether w is not empty and each of its bytes is ok.
func every(w string, ok func(byte) bool) bool {
	for i := 0; i < len(w); i++ {
		if !ok(w[i]) {
			return false
		}
	}
	return w != ""
}

// personalMail reports whether a domain is a personal mail service's,
// whose name after " at " is an address's ("jane at gmail.com").
func personalMail(domain string) bool {
	switch domain {
	case "gmail.com", "googlemail.com", "hotmail.com", "hotmail.co.uk", "outlook.com", "live.com", "live.co.uk",
		"yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "aol.com", "btinternet.com", "btopenworld.com",
		"sky.com", "virginmedia.com", "talktalk.net", "protonmail.com", "proton.me", "gmx.com", "gmx.co.uk",
		"mail.com", "ntlworld.com", "blueyonder.co.uk", "tiscali.co.uk", "msn.com":
		return true
	}
	return false
}
