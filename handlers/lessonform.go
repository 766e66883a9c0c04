package handlers

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

// The pilot-lesson form, shared by sharing (share.go), a moderator's edit
// (moderate.go) and the bot's modal (bot/lessonform.go): its fields, the
// checks a submitted form must pass, and how a form becomes an entry and
// back.

// LessonForm is the pilot-lesson form as submitted: the fields of DESIGN's
// modal, as plain strings. The bot fills it from Slack's view state; the
// field names are also the keys of a FormError.
type LessonForm struct {
	Title        string
	Category     string
	OrgType      string
	Stage        string
	Outcome      string
	StopReason   string
	WhatHappened string
	Lessons      string
	Barriers     []string
	Evidence     string
	Tags         string
	Anonymous    bool
	// Link is a link to the Slack message the lesson was saved from.
	Link string
}

// Form field names, shared with the bot's block ids.
const (
	FieldTitle        = "title"
	FieldCategory     = "category"
	FieldOrgType      = "org_type"
	FieldStage        = "stage"
	FieldOutcome      = "outcome"
	FieldStopReason   = "stop_reason"
	FieldWhatHappened = "what_happened"
	FieldLessons      = "lessons"
	FieldBarriers     = "barriers"
	FieldEvidence     = "evidence"
	FieldTags         = "tags"
	FieldContact      = "contact"
)

// Limits of the form's free-text fields.
const (
	MaxWhatHappenedLen = 3000
	MaxLessonsLen      = knowledge.MaxSummaryLen
	MaxTagsTextLen     = 300
)

// FormError is every problem with a submitted form, keyed by field, in
// words that never quote what was typed.
type FormError struct {
	Fields map[string]string
}

func (e *FormError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "form: " + strings.Join(parts, "; ")
}

// Barriers lists the report's barriers that a lesson can name (value,
// label). Values are stored as tags.
func Barriers() [][2]string {
	return [][2]string{
		{"ig and dpia delays", "IG and DPIA delays"},
		{"clinical safety paperwork", "Clinical safety paperwork"},
		{"regulatory uncertainty", "Regulatory uncertainty"},
		{"funding", "Funding"},
		{"business case", "Return on investment / business case"},
		{"digital infrastructure", "Digital infrastructure"},
		{"data quality", "Data quality"},
		{"epr integration", "EPR integration"},
		{"staff capacity", "Staff capacity"},
		{"ai literacy", "AI skills and literacy"},
		{"job security concerns", "Job security concerns"},
		{"clinical engagement", "Clinical engagement"},
		{"change management", "Change management"},
		{"evaluation", "Evaluating the benefit"},
		{"supplier", "Working with the supplier"},
		{"false positives", "False positives / accuracy"},
		{"workflow fit", "Fit with the workflow"},
		{"patient involvement", "Patient involvement"},
	}
}

// lessonEntry turns a form into a validated entry, or a *FormError: the
// form's own checks first, then the entry built from it must pass
// knowledge.Validate.
func (a *App) lessonEntry(f LessonForm, user string) (knowledge.Entry, error) {
	if errs := a.checkLessonForm(f); len(errs) > 0 {
		return knowledge.Entry{}, &FormError{Fields: errs}
	}
	e := a.buildLesson(f, user)
	e.ID = "lesson-placeholder"
	e = knowledge.Normalize(e)
	if fe := knowledge.Validate(e); fe != nil {
		out := map[string]string{}
		for _, x := range fe {
			field := formField(x.Field)
			if _, dup := out[field]; !dup {
				out[field] = capitalise(x.Msg) + "."
			}
		}
		return knowledge.Entry{}, &FormError{Fields: out}
	}
	return e, nil
}

// checkLessonForm returns every problem with a form, keyed by field: text
// that holds a personal identifier, missing or over-long text, and choices
// that are not among the options. Messages never quote what was typed.
func (a *App) checkLessonForm(f LessonForm) map[string]string {
	errs := map[string]string{}
	// Every field the person typed, one by one and together: a number
	// split between the end of the title and the start of the lessons is
	// still a number. The error goes on each field that holds part of it.
	free := []privacy.Field{
		{Name: FieldTitle, Text: f.Title}, {Name: FieldWhatHappened, Text: f.WhatHappened},
		{Name: FieldLessons, Text: f.Lessons}, {Name: FieldTags, Text: f.Tags},
	}
	if ff, found := a.screener.ScreenFields(free); found {
		for _, field := range ff.Fields {
			errs[field] = "This " + ff.Kind.Message() + ". Please remove it: kbbot never stores patient or personal details."
		}
	}
	check := func(field, v string, required bool, max int) {
		switch n := utf8.RuneCountInString(strings.TrimSpace(v)); {
		case required && n == 0:
			errs[field] = "Please fill this in."
		case n > max:
			errs[field] = fmt.Sprintf("At most %d characters (this has %d).", max, n)
		}
	}
	check(FieldTitle, f.Title, true, knowledge.MaxTitleLen)
	check(FieldWhatHappened, f.WhatHappened, true, MaxWhatHappenedLen)
	check(FieldLessons, f.Lessons, true, MaxLessonsLen)
	check(FieldTags, f.Tags, false, MaxTagsTextLen)
	enum := func(field, v string, valid bool, required bool) {
		if _, bad := errs[field]; bad {
			return
		}
		switch {
		case v == "" && required:
			errs[field] = "Please choose one."
		case v != "" && !valid:
			errs[field] = "Please choose one of the options."
		}
	}
	enum(FieldCategory, f.Category, knowledge.Category(f.Category).Valid(), true)
	enum(FieldOrgType, f.OrgType, knowledge.OrgType(f.OrgType).Valid(), true)
	enum(FieldStage, f.Stage, knowledge.Stage(f.Stage).Valid(), false)
	enum(FieldOutcome, f.Outcome, knowledge.Outcome(f.Outcome).Valid(), true)
	enum(FieldEvidence, f.Evidence, knowledge.Evidence(f.Evidence).Valid(), false)
	enum(FieldStopReason, f.StopReason, knowledge.StopReason(f.StopReason).Valid(), false)
	for _, b := range f.Barriers {
		if barrierLabel(b) == "" {
			errs[FieldBarriers] = "Please choose from the list."
			break
		}
	}
	return errs
}

// barrierLabel is the label of a barrier value, or "" for none of them.
func barrierLabel(value string) string {
	for _, b := range Barriers() {
		if b[0] == value {
			return b[1]
		}
	}
	return ""
}

// buildLesson lays a checked form out as a pilot entry: the lessons are the
// summary, the body tells what happened, the lessons and the barriers met,
// the barriers are also tags, and the author is the contact unless the
// lesson is anonymous.
func (a *App) buildLesson(f LessonForm, user string) knowledge.Entry {
	e := knowledge.Entry{
		Kind: knowledge.KindPilot, Title: f.Title, Summary: f.Lessons,
		Category: knowledge.Category(f.Category), OrgType: knowledge.OrgType(f.OrgType),
		Stage: knowledge.Stage(f.Stage), Outcome: knowledge.Outcome(f.Outcome), Evidence: knowledge.Evidence(f.Evidence),
	}
	// The link comes from the message shortcut, through the modal's
	// metadata: keep it only if it is an ordinary web link, and never for
	// an anonymous lesson (a link to the original message shows who wrote
	// it).
	if u, err := url.Parse(strings.TrimSpace(f.Link)); err == nil && !f.Anonymous && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(f.Link) <= knowledge.MaxURLLen {
		e.URL = u.String()
	}
	if e.Outcome == knowledge.OutcomeAbandoned {
		e.StopReason = knowledge.StopReason(f.StopReason)
	}
	var body strings.Builder
	fmt.Fprintf(&body, "## What happened\n\n%s\n\n## Lessons for others\n\n%s", strings.TrimSpace(f.WhatHappened), strings.TrimSpace(f.Lessons))
	var barriers []string
	for _, b := range f.Barriers {
		barriers = append(barriers, barrierLabel(b))
	}
	if len(barriers) > 0 {
		fmt.Fprintf(&body, "\n\n## Barriers met\n\n- %s", strings.Join(barriers, "\n- "))
	}
	e.Body = body.String()
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			e.Tags = append(e.Tags, t)
		}
	}
	e.Tags = append(e.Tags, f.Barriers...)
	e.Source = fmt.Sprintf("Pilot lesson shared by an NHS colleague through kbbot (%s)", a.now().UTC().Format("January 2006"))
	if !f.Anonymous {
		e.Contact = user
	}
	return e
}

// formOf turns an entry back into the form fields that made it.
func formOf(e knowledge.Entry) LessonForm {
	f := LessonForm{
		Title: e.Title, Category: string(e.Category), OrgType: string(e.OrgType), Stage: string(e.Stage),
		Outcome: string(e.Outcome), StopReason: string(e.StopReason), Evidence: string(e.Evidence),
		Lessons: e.Summary, Anonymous: e.Contact == "", Link: e.URL,
	}
	f.WhatHappened = e.Body
	if rest, ok := strings.CutPrefix(e.Body, "## What happened\n\n"); ok {
		what, _, _ := strings.Cut(rest, "\n\n## Lessons for others")
		f.WhatHappened = what
	}
	barriers := map[string]bool{}
	for _, b := range Barriers() {
		barriers[b[0]] = true
	}
	var tags []string
	for _, t := range e.Tags {
		if barriers[t] {
			f.Barriers = append(f.Barriers, t)
		} else {
			tags = append(tags, t)
		}
	}
	f.Tags = strings.Join(tags, ", ")
	return f
}

// formField maps an entry field to the form field that fills it.
func formField(entryField string) string {
	switch entryField {
	case "summary":
		return FieldLessons
	case "body":
		return FieldWhatHappened
	}
	return entryField
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// lessonID makes an opaque id for a new lesson: "lesson-" and ten random
// letters. No word of the title goes into it, since ids reach logs, Redis
// keys and links; and no digit, so no id can ever look like a number the
// privacy screen refuses.
func lessonID() string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return "lesson-" + string(b)
}
