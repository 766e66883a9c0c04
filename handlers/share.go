package handlers

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/privacy"
)

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

// Submission is the private record of who sent a lesson. Moderators see
// it; answers, exports and logs never show an anonymous author.
type Submission struct {
	Author      string     `json:"author"`
	Anonymous   bool       `json:"anonymous"`
	SubmittedAt time.Time  `json:"submitted_at"`
	Review      MessageRef `json:"review,omitempty"`
	// DMReviews are the review posts sent to each moderator's DM when no
	// moderation channel is set.
	DMReviews  []MessageRef `json:"dm_reviews,omitempty"`
	ApprovedAt time.Time    `json:"approved_at,omitzero"`
}

// reviewRefs lists every post of the submission for review.
func (s Submission) reviewRefs() []MessageRef {
	var refs []MessageRef
	if s.Review.Channel != "" {
		refs = append(refs, s.Review)
	}
	for _, r := range s.DMReviews {
		if r.Channel != "" {
			refs = append(refs, r)
		}
	}
	return refs
}

// SubmitLesson validates a form and stores it as a pending entry before
// returning, so the user's modal closes only once it is safe. Every
// free-text field is privacy-screened first; a problem comes back as a
// *FormError keyed by field, and nothing is stored or logged. Then the
// lesson is posted for review and its author told what happens next; a
// failure there is logged, not returned (the lesson is safe in the queue).
func (a *App) SubmitLesson(ctx context.Context, user string, f LessonForm) (knowledge.Entry, error) {
	e, err := a.lessonEntry(f, user)
	if err != nil {
		return knowledge.Entry{}, err
	}
	now := a.now().UTC()
	e.ID = lessonID()
	e.Status = knowledge.StatusPending
	e.CreatedAt = knowledge.NewDate(now)
	e.UpdatedAt = knowledge.NewDate(now)
	sub := Submission{Author: user, Anonymous: f.Anonymous, SubmittedAt: now}
	if err := a.store.CreateSubmission(ctx, e, user, sub); err != nil {
		return knowledge.Entry{}, err
	}
	if err := a.audit(ctx, AuditRecord{Actor: auditActor(user, f.Anonymous), Action: ActionSubmit, EntryID: e.ID, After: knowledge.StatusPending}); err != nil {
		a.lg.Warn("could not write the audit log", "entry_id", e.ID, "err", err)
	}
	if f.Anonymous {
		a.lg.Info("lesson submitted", "entry_id", e.ID, "anonymous", true)
	} else {
		a.lg.Info("lesson submitted", "entry_id", e.ID, "user", user)
	}
	return e, nil
}

// AnonymousActor stands in the audit log for the author of an anonymous
// lesson: operators who read `kbbot audit` are not necessarily moderators,
// and only moderators may know who sent it (from the submission record).
const AnonymousActor = "anonymous-author"

func auditActor(user string, anonymous bool) string {
	if anonymous {
		return AnonymousActor
	}
	return user
}

// AnnounceSubmission posts a new submission for review and DMs its author.
// It runs after the modal has closed.
func (a *App) AnnounceSubmission(ctx context.Context, id string) error {
	e, err := a.store.Get(ctx, id)
	if err != nil {
		return err
	}
	sub, err := a.submission(ctx, id)
	if err != nil {
		return err
	}
	review := Review{Entry: e, Author: sub.Author, Anonymous: sub.Anonymous}
	var errs []error
	switch {
	case a.modChannel != "":
		ref, err := a.slack.PostReview(ctx, a.modChannel, review)
		if err != nil {
			errs = append(errs, fmt.Errorf("post for review: %w", err))
			break
		}
		sub.Review = ref
		if err := a.store.SetRecord(ctx, "submission", id, sub, 0); err != nil {
			errs = append(errs, err)
		}
	default:
		// No channel configured: each moderator gets it by DM, and every
		// copy is updated when it is decided.
		for _, m := range a.moderators {
			ref, err := a.slack.PostReview(ctx, m, review)
			if err != nil {
				errs = append(errs, fmt.Errorf("send for review: %w", err))
				continue
			}
			sub.DMReviews = append(sub.DMReviews, ref)
		}
		if err := a.store.SetRecord(ctx, "submission", id, sub, 0); err != nil {
			errs = append(errs, err)
		}
	}
	text := fmt.Sprintf("Thanks for sharing *%s*. It's now waiting for a moderator, who will approve it, ask for an edit or explain why not. "+
		"I'll message you when it's decided. Until then it doesn't appear in answers. You can withdraw it at any time with `/kb mine`.", e.Title)
	if sub.Anonymous {
		text += " You chose to post anonymously: answers will never show your name (moderators can see who sent it)."
	}
	if err := a.slack.DM(ctx, sub.Author, Notice{Text: text}); err != nil {
		errs = append(errs, fmt.Errorf("dm author: %w", err))
	}
	if len(errs) > 0 {
		return fmt.Errorf("handlers: announce %s: %v", id, errs)
	}
	return nil
}

func (a *App) submission(ctx context.Context, id string) (Submission, error) {
	var sub Submission
	found, err := a.store.GetRecord(ctx, "submission", id, &sub)
	if err != nil {
		return sub, err
	}
	if !found {
		return sub, knowledge.Errorf(knowledge.ENotFound, "", "no submission record for %s", id)
	}
	return sub, nil
}

// lessonEntry turns a form into a validated entry, or a *FormError.
func (a *App) lessonEntry(f LessonForm, user string) (knowledge.Entry, error) {
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
	barriers := map[string]string{}
	for _, b := range Barriers() {
		barriers[b[0]] = b[1]
	}
	var barrierLabels []string
	for _, b := range f.Barriers {
		l, ok := barriers[b]
		if !ok {
			errs[FieldBarriers] = "Please choose from the list."
			break
		}
		barrierLabels = append(barrierLabels, l)
	}
	if len(errs) > 0 {
		return knowledge.Entry{}, &FormError{Fields: errs}
	}
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
	if len(barrierLabels) > 0 {
		fmt.Fprintf(&body, "\n\n## Barriers met\n\n- %s", strings.Join(barrierLabels, "\n- "))
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
