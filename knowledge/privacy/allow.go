package privacy

import (
	"slices"
	"strings"
)

// AllowList names published contact details that are not about a patient:
// trust switchboards and role mailboxes that lessons quote on purpose.
type AllowList struct {
	// Phones are UK numbers in any usual layout ("0300 311 22 33",
	// "+44 300 311 2233"); they are compared by their digits.
	Phones []string
	// Emails are whole addresses, compared case-insensitively.
	Emails []string
	// EmailDomains allow every address at a domain or its subdomains. Never
	// add nhs.net: it hosts every member of staff's personal address.
	EmailDomains []string
}

// DefaultAllowList returns a few contact details that NHS England publishes
// on its own pages. It is data, not logic: check the published page before
// adding to it, and never add a number from a pilot's own write-up.
func DefaultAllowList() AllowList {
	return AllowList{
		Phones: []string{
			"0300 311 22 33", // NHS England contact centre
			"0113 825 0000",  // NHS England switchboard, Leeds
		},
		Emails: []string{
			"england.contactus@nhs.net",    // NHS England contact centre
			"england.digital.iapt@nhs.net", // quoted on NHS England pages (notes §4.3)
		},
	}
}

// roleWords returns the words that name a team, role or service in a
// shared mailbox's local part. A function, not a package variable, per
// house style; New copies it into a set once.
func roleWords() []string {
	return []string{
		"info", "enquiries", "enquiry", "contact", "contactus", "admin",
		"support", "help", "helpdesk", "servicedesk", "team", "office",
		"noreply", "reply", "donotreply", "mailbox", "reception",
		"feedback", "pals", "complaints", "comms", "communications",
		"governance", "ig", "dpo", "research", "digital", "innovation",
		"iapt", "it", "ai", "data", "dataprotection", "privacy", "foi",
		"safeguarding", "referrals", "referral", "bookings", "booking",
		"appointments", "switchboard", "transformation", "programme",
		"programmes", "project", "projects", "clinical", "safety",
		"informatics", "analytics", "procurement", "finance", "hr",
		"workforce", "estates", "pharmacy", "radiology", "pathology",
		"service", "services", "hub", "network", "unit", "department",
		"dept", "desk", "general", "queries", "query", "accounts",
		"payroll", "training", "education", "library", "press", "media",
		"secretariat", "board", "committee", "group", "forum", "lab",
		"centre", "center", "practice", "surgery", "clinic", "ward",
		"nhs", "nhse", "nhsx", "icb", "ics", "pcn", "gp", "cso", "siro",
		"caldicott", "ccio", "cio", "ict", "ehr", "epr", "care",
		// Services and functions that shared mailboxes are named after.
		"health", "officer", "officers", "guardian", "pilot", "pilots",
		"lesson", "lessons", "app", "experience", "patient", "patients",
		"record", "records", "medical", "request", "requests", "planning",
		"information", "advice", "liaison", "quality", "assurance",
		"audit", "contracts", "commissioning", "operations", "ops",
		"theatres", "outpatients", "admissions", "discharge", "careers",
		"recruitment", "jobs", "wellbeing", "security", "cyber",
		"protection", "risk", "incidents", "incident", "legal",
		"evaluation", "strategy", "performance", "access", "results",
		"nursing", "midwifery", "pmo", "technology", "ahp", "therapies", "national",
		"governance", "policy", "policies", "standards", "registry",
		"register", "licensing", "insight", "insights", "intelligence",
		"partnership", "partnerships", "engagement", "involvement",
		"volunteers", "volunteering", "events", "news", "web", "website",
		"fund", "funding", "diagnostic", "diagnostics", "imaging", "screening", "corporate",
		// Clinical services and national programmes that name shared
		// mailboxes ("maternity.digital", "desp.admin").
		"maternity", "midwives", "cardiology", "stroke", "oncology", "cancer", "dermatology",
		"diabetes", "diabetic", "ophthalmology", "eye", "eyes", "retinal", "desp", "aaa", "bowel", "breast",
		"respiratory", "renal", "neurology", "urology", "orthopaedics", "trauma", "paediatrics",
		"children", "neonatal", "mental", "community", "district", "nurses", "therapy", "physio",
		"physiotherapy", "dietetics", "audiology", "endoscopy", "haematology", "microbiology",
		"virology", "histopathology", "cytology", "sexual", "vaccination", "vaccinations",
		"immunisation", "immunisations", "covid", "flu", "urgent", "emergency",
		"outpatient", "inpatient", "frailty", "palliative", "hospice", "dental", "optometry",
		"primary", "secondary", "practices", "medicines", "prescribing", "coding", "transcription",
		"scribe", "avt", "mdt", "hdu", "icu", "itu", "theatre", "surgical", "medicine",
	}
}

// placeWords returns the names of nations, regions and cities that shared
// mailboxes carry ("england.contactus", "pals.leeds").
func placeWords() []string {
	return []string{
		"england", "scotland", "wales", "cymru", "uk", "london", "national",
		"regional", "north", "south", "east", "west", "central",
		"northeast", "northwest", "southeast", "southwest", "midlands",
		"yorkshire", "humber", "cumbria", "kent", "surrey", "sussex",
		"essex", "devon", "cornwall", "leeds", "manchester", "liverpool",
		"birmingham", "bristol", "sheffield", "newcastle", "nottingham",
		"leicester", "oxford", "cambridge", "brighton", "plymouth",
		"southampton", "coventry", "bradford", "hull", "york", "derby",
		"norwich", "exeter", "cardiff", "edinburgh", "glasgow", "belfast",
		"nel", "ncl", "nwl", "sel", "swl",
		// Words of the names of places and practices ("aire.valley.practice").
		"valley", "vale", "park", "green", "hill", "hills", "bridge", "moor", "field", "fields",
		"road", "street", "lane", "river", "bay", "forest", "heath", "wood", "town", "city",
		"village", "upper", "lower", "royal", "county", "district",
	}
}

// allowSets is an AllowList normalised for lookups.
type allowSets struct {
	phones  map[string]bool // national-format digits, "03003112233"
	emails  map[string]bool // lower-case addresses
	domains []string        // lower-case, no leading "@" or "."
	roles   map[string]bool
	places  map[string]bool
}

func newAllowSets(a AllowList) allowSets {
	s := allowSets{
		phones: make(map[string]bool),
		emails: make(map[string]bool),
		roles:  make(map[string]bool),
		places: make(map[string]bool),
	}
	for _, p := range a.Phones {
		if d := nationalDigits(p); d != "" {
			s.phones[d] = true
		}
	}
	for _, e := range a.Emails {
		s.emails[strings.ToLower(strings.TrimSpace(e))] = true
	}
	for _, d := range a.EmailDomains {
		d = strings.Trim(strings.ToLower(strings.TrimSpace(d)), "@.")
		if d != "" {
			s.domains = append(s.domains, d)
		}
	}
	for _, w := range roleWords() {
		s.roles[w] = true
	}
	for _, w := range placeWords() {
		s.places[w] = true
	}
	return s
}

// allowedEmail reports whether addr is a published or role address.
func (s allowSets) allowedEmail(addr string) bool {
	addr = strings.ToLower(addr)
	if s.emails[addr] {
		return true
	}
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return false
	}
	local, domain := addr[:at], addr[at+1:]
	switch {
	case strings.HasPrefix(domain, "thread.tacv") || strings.HasPrefix(domain, "thread.skype") || domain == "unq.gbl.spaces":
		return true // a Teams channel's or chat's id in a link ("…%40thread.tacv2")
	}
	for _, d := range s.domains {
		if domain == d || strings.HasSuffix(domain, "."+d) {
			return true
		}
	}
	return s.roleMailbox(local, domain == "nhs.net" || strings.HasSuffix(domain, ".nhs.uk"))
}

// roleMailbox reports whether a local part names only a team, role,
// service or place ("england.aiteam", "it.servicedesk", "pals.leeds",
// "no-reply"). A person's name with a role word added is personal
// ("first.last.team", "jane.office2"), and so is anything with a "+" tag
// ("name+info"), which a personal mailbox accepts.
func (s allowSets) roleMailbox(local string, nhsDomain bool) bool {
	if strings.ContainsRune(local, '+') {
		return false
	}
	// An organisation's code, then a role, at an NHS domain (roleMailbox's
	// caller checks it): "leedsth-tr.dpo", "wyicb-wak.ig",
	// "gnt.digitalhealth", "mft.aipmo".
	if k := strings.LastIndexByte(local, '.'); k > 0 && nhsDomain && orgCode(local[:k]) {
		if s.roleWords(local[k+1:]) {
			return true // "lth-tr.ai-programme"
		}
	}
	if s.roles[strings.NewReplacer(".", "", "-", "", "_", "").Replace(local)] {
		return true // "no-reply", "do-not-reply", "contact.us"
	}
	segs := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '-' || r == '_' })
	// A GP practice's shared mailbox at an NHS domain, named after its
	// place: "aire.valley.practice", "moor.lane.surgery". No one's own
	// address ends so.
	if nhsDomain && len(segs) >= 2 && len(segs) <= 4 && !slices.ContainsFunc(segs, func(p string) bool { return len(p) < 2 }) {
		switch segs[len(segs)-1] {
		case "practice", "surgery", "medicalcentre", "healthcentre", "pcn":
			return true
		}
	}
	role := false
	for _, seg := range segs {
		seg = strings.TrimRight(seg, "0123456789")
		switch {
		case s.roles[seg]:
			role = true
		case s.places[seg]:
		case s.compoundRole(seg):
			role = true
		default:
			return false
		}
	}
	return role
}

// roleWords reports whether every part of a local part's last segment,
// split at hyphens and underscores, is a role or place word or a compound
// of them, and one is a role: "dpo", "ai-programme", "digital_team".
func (s allowSets) roleWords(seg string) bool {
	role := false
	for _, p := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' }) {
		switch {
		case s.roles[p], s.compoundRole(p):
			role = true
		case s.places[p]:
		default:
			return false
		}
	}
	return role
}

// compoundRole reports whether a segment is role and place words run
// together, at least one a role: "aiteam", "itservicedesk",
// "londonpals", "aidiagnosticfund". A name run together with a role word
// ("janeteam") is not.
func (s allowSets) compoundRole(seg string) bool {
	if len(seg) > 64 {
		return false // longer than a mailbox name may be (RFC 5321)
	}
	// parts[i] says seg[:i] splits into words of at least two letters;
	// withRole[i] that one of them is a role.
	n := len(seg)
	parts, withRole := make([]bool, n+1), make([]bool, n+1)
	parts[0] = true
	for i := 2; i <= n; i++ {
		for j := 0; j <= i-2; j++ {
			if !parts[j] {
				continue
			}
			w := seg[j:i]
			if s.roles[w] || s.places[w] {
				parts[i] = true
				if s.roles[w] || withRole[j] {
					withRole[i] = true
				}
			}
		}
	}
	// One word alone is the caller's case, not a compound.
	return withRole[n] && !s.roles[seg] && !s.places[seg]
}

// nationalDigits turns a UK number in any layout into its national digits
// with the trunk 0 ("+44 (0)20 7946 0958" → "02079460958"). It returns ""
// for anything that is not 10 or 11 such digits.
func nationalDigits(p string) string {
	var b []byte
	p = strings.TrimSpace(p)
	switch {
	case strings.HasPrefix(p, "+44"):
		b, p = append(b, '0'), p[3:]
		p = strings.Replace(strings.TrimLeft(p, " -"), "(0)", "", 1)
	case strings.HasPrefix(p, "0044"):
		b, p = append(b, '0'), p[4:]
		p = strings.Replace(strings.TrimLeft(p, " -"), "(0)", "", 1)
	}
	for i := 0; i < len(p); i++ {
		if isDigit(p[i]) {
			b = append(b, p[i])
		}
	}
	if len(b) < 10 || len(b) > 11 || b[0] != '0' {
		return ""
	}
	return string(b)
}

// orgCode reports whether the start of a mailbox name is an NHS
// organisation's code rather than a person's name: it names a trust or ICB
// ("leedsth-tr", "wyicb-wak") or is a code of three to six letters
// without a vowel ("gnt", "mft", "ssd"), which no name is.
func orgCode(s string) bool {
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
		switch {
		case p == "tr" || p == "ccg" || p == "csu" || strings.Contains(p, "icb") || strings.Contains(p, "nhs"):
			return true
		case len(p) >= 3 && len(p) <= 6 && !strings.ContainsAny(p, "aeiouy") && lettersOnly(p):
			return true
		}
	}
	return false
}
