package knowledge

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the entry format, shared by import, the share form and the
// moderators' edit form.
const (
	MaxIDLen      = 80
	MaxTitleLen   = 150
	MaxSummaryLen = 500
	MaxBodyLen    = 8000
	MaxSourceLen  = 500
	MaxURLLen     = 2000
	MaxTags       = 20
	MaxTagLen     = 50
)

// Normalize tidies what people type without changing its meaning: it trims
// spaces, lower-cases and de-duplicates tags, and defaults the status to
// approved (the import default). Validate expects a normalised entry.
func Normalize(e Entry) Entry {
	e = e.Clone()
	e.ID = strings.TrimSpace(e.ID)
	e.Title = strings.TrimSpace(e.Title)
	e.Summary = strings.TrimSpace(e.Summary)
	e.Body = strings.TrimSpace(e.Body)
	e.Source = strings.TrimSpace(e.Source)
	e.URL = strings.TrimSpace(e.URL)
	e.Contact = strings.TrimSpace(e.Contact)
	var tags []string
	seen := map[string]bool{}
	for _, t := range e.Tags {
		t = strings.Join(strings.Fields(strings.ToLower(t)), " ")
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		tags = append(tags, t)
	}
	e.Tags = tags
	if e.Status == "" {
		e.Status = StatusApproved
	}
	return e
}

// Validate checks every field of e against DESIGN.md and returns all the
// problems, in field order, or nil. Messages name the rule, never the value,
// so they are safe to show in a modal or on stderr.
func Validate(e Entry) FieldErrors {
	var errs FieldErrors
	add := func(field, format string, args ...any) {
		errs = append(errs, Errorf(EInvalid, field, format, args...))
	}
	switch {
	case e.ID == "":
		add("id", "required")
	case len(e.ID) > MaxIDLen:
		add("id", "at most %d characters", MaxIDLen)
	case !validSlug(e.ID):
		add("id", "use lowercase letters, digits and hyphens only, starting with a letter or digit")
	}
	switch {
	case e.Kind == "":
		add("kind", "required")
	case !e.Kind.Valid():
		add("kind", "must be one of %s", join(Kinds()))
	}
	checkText(add, "title", e.Title, true, MaxTitleLen)
	checkText(add, "summary", e.Summary, true, MaxSummaryLen)
	checkText(add, "body", e.Body, false, MaxBodyLen)
	if len(e.Tags) > MaxTags {
		add("tags", "at most %d tags", MaxTags)
	}
	for _, t := range e.Tags {
		if msg := tagProblem(t); msg != "" {
			add("tags", "%s", msg)
			break
		}
	}
	if e.Category != "" && !e.Category.Valid() {
		add("category", "must be one of %s", join(Categories()))
	}
	if e.OrgType != "" && !e.OrgType.Valid() {
		add("org_type", "must be one of %s", join(OrgTypes()))
	}
	if e.Stage != "" && !e.Stage.Valid() {
		add("stage", "must be one of %s", join(Stages()))
	}
	switch {
	case e.Outcome != "" && !e.Outcome.Valid():
		add("outcome", "must be one of %s", join(Outcomes()))
	case e.Outcome != "" && e.Kind != KindPilot:
		add("outcome", "only pilots have an outcome")
	}
	if e.Evidence != "" && !e.Evidence.Valid() {
		add("evidence", "must be one of %s", join(EvidenceLevels()))
	}
	switch {
	case e.StopReason != "" && !e.StopReason.Valid():
		add("stop_reason", "must be one of %s", join(StopReasons()))
	case e.StopReason != "" && e.Outcome != OutcomeAbandoned:
		add("stop_reason", "only an abandoned pilot has a stop reason")
	}
	checkText(add, "source", e.Source, false, MaxSourceLen)
	if e.URL != "" {
		u, err := url.Parse(e.URL)
		switch {
		case len(e.URL) > MaxURLLen:
			add("url", "at most %d characters", MaxURLLen)
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			add("url", "must be an http or https link")
		case strings.ContainsAny(e.URL, "<>| \t\n\"`"):
			// Slack reads <, > and | as markup: a link holding them could
			// rewrite the message it appears in.
			add("url", "must not contain spaces, quotes or < > |")
		}
	}
	if e.Contact != "" && !ValidUserID(e.Contact) {
		add("contact", "must be a Slack user id such as U012AB3CD")
	}
	if !e.Status.Valid() {
		add("status", "must be one of %s", join(Statuses()))
	}
	if !e.ReviewDue.IsZero() && !e.ReviewedAt.IsZero() && e.ReviewDue.Before(e.ReviewedAt.Time) {
		add("review_due", "must not be before reviewed_at")
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// ValidUserID reports whether s looks like a Slack user id (U… or W…).
func ValidUserID(s string) bool {
	if len(s) < 3 || len(s) > 30 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// checkText applies the required and length rules to a free-text field.
// Lengths count characters, not bytes, so accented names are not penalised.
func checkText(add func(string, string, ...any), field, v string, required bool, max int) {
	switch {
	case required && v == "":
		add(field, "required")
	case !utf8.ValidString(v):
		add(field, "is not valid UTF-8")
	case utf8.RuneCountInString(v) > max:
		add(field, "at most %d characters (has %d)", max, utf8.RuneCountInString(v))
	}
}

func validSlug(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case r == '-' && i > 0:
		default:
			return false
		}
	}
	return true
}

// tagProblem returns why t is not a tag, or "". Tags are lowercase words or
// short phrases; punctuation used in NHS shorthand (a&e, x-ray, 111) is fine.
func tagProblem(t string) string {
	if utf8.RuneCountInString(t) > MaxTagLen {
		return "each tag at most 50 characters"
	}
	for _, r := range t {
		switch {
		case unicode.IsUpper(r):
			return "tags must be lowercase"
		case unicode.IsLetter(r), unicode.IsDigit(r), r == ' ', strings.ContainsRune("-&+./'", r):
		default:
			return "tags may hold letters, digits, spaces and - & + . / ' only"
		}
	}
	return ""
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
