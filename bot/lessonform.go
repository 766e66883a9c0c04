package bot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Callback ids of kbbot's modals.
const (
	callbackShare         = "kb_share_lesson"
	callbackEdit          = "kb_edit_lesson"
	callbackReject        = "kb_reject"
	callbackUpdateOutcome = "kb_update_outcome"
	shortcutSaveLesson    = "save_as_lesson"
	contactShare          = "share"
	contactAnonymous      = "anonymous"
	fieldReason           = "reason"
	fieldNote             = "note"
)

// option builds a select option.
func option(value, label string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(clip(label, 75)), nil)
}

func enumOptions[T ~string](values []T, label func(T) string) []*slack.OptionBlockObject {
	out := make([]*slack.OptionBlockObject, len(values))
	for i, v := range values {
		out[i] = option(string(v), label(v))
	}
	return out
}

func findOption(opts []*slack.OptionBlockObject, value string) *slack.OptionBlockObject {
	for _, o := range opts {
		if o.Value == value {
			return o
		}
	}
	return nil
}

// selectInput is a static select input block, preselected when value is
// one of its options.
func selectInput(id, label, placeholder string, opts []*slack.OptionBlockObject, value string, optional bool, hint string) *slack.InputBlock {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(placeholder), id, opts...)
	if o := findOption(opts, value); o != nil {
		el.InitialOption = o
	}
	return inputBlock(id, label, hint, el, optional)
}

// inputBlock wraps an input element with its label, optional hint and
// whether it may be left empty.
func inputBlock(id, label, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
	var h *slack.TextBlockObject
	if hint != "" {
		h = plain(hint)
	}
	b := slack.NewInputBlock(id, plain(label), h, el)
	b.Optional = optional
	return b
}

// textInput is a plain-text input block.
func textInput(id, label, value string, multiline bool, maxLen int, optional bool, hint string) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(nil, id)
	el.Multiline = multiline
	el.MaxLength = maxLen
	el.InitialValue = value
	return inputBlock(id, label, hint, el, optional)
}

func outcomeLabel(o knowledge.Outcome) string {
	switch o {
	case knowledge.OutcomeAbandoned:
		return "Stopped / abandoned"
	case knowledge.OutcomeSuccess:
		return "Success"
	case knowledge.OutcomeMixed:
		return "Mixed"
	case knowledge.OutcomeOngoing:
		return "Still running"
	case knowledge.OutcomeTooEarly:
		return "Too early to tell"
	}
	return string(o)
}

func evidenceLabel(e knowledge.Evidence) string {
	switch e {
	case knowledge.EvidenceAnecdotal:
		return "Anecdotal: impressions, no data"
	case knowledge.EvidenceInternalAudit:
		return "Internal audit: local before/after counts"
	case knowledge.EvidenceServiceEvaluation:
		return "Service evaluation: planned, with a comparator"
	case knowledge.EvidencePeerReviewed:
		return "Peer reviewed: published study"
	case knowledge.EvidenceRCT:
		return "Randomised trial"
	}
	return string(e)
}

// lessonModal is the pilot-lesson form, blank or prefilled (the message
// shortcut, a moderator's edit). Its wording is blameless on purpose: the
// report found people hold back lessons for fear that "someone will pick
// holes".
func lessonModal(callback, metadata string, f handlers.LessonForm, editing bool) slack.ModalViewRequest {
	barrierOpts := make([]*slack.OptionBlockObject, 0, len(handlers.Barriers()))
	for _, b := range handlers.Barriers() {
		barrierOpts = append(barrierOpts, option(b[0], b[1]))
	}
	barriers := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, plain("Choose any"), handlers.FieldBarriers, barrierOpts...)
	for _, v := range f.Barriers {
		if o := findOption(barrierOpts, v); o != nil {
			barriers.InitialOptions = append(barriers.InitialOptions, o)
		}
	}
	barrierBlock := slack.NewInputBlock(handlers.FieldBarriers, plain("Barriers you met"), nil, barriers)
	barrierBlock.Optional = true

	intro := "*Share what your pilot taught you, whether it worked or not.* Pilots that were stopped are among the most useful lessons: they save the next team months. " +
		"A moderator reads it before it appears in answers.\n:lock: Please don't include patient details (names, NHS numbers, dates of birth, addresses)."
	if editing {
		intro = "*Editing a submission.* The author's contact choice is kept as they set it."
	}
	blocks := []slack.Block{
		textSection(intro),
		textInput(handlers.FieldTitle, "Title", f.Title, false, knowledge.MaxTitleLen, false, "e.g. Ambient scribe in a GP practice: what we'd do differently"),
		selectInput(handlers.FieldCategory, "What does the AI do?", "Choose a category", enumOptions(knowledge.Categories(), knowledge.Category.Label), f.Category, false, ""),
		selectInput(handlers.FieldOrgType, "Organisation type", "Choose one", enumOptions(knowledge.OrgTypes(), knowledge.OrgType.Label), f.OrgType, false, ""),
		selectInput(handlers.FieldStage, "How far has your organisation got with AI?", "Choose one", enumOptions(knowledge.Stages(), knowledge.Stage.Label), f.Stage, true, ""),
		selectInput(handlers.FieldOutcome, "Outcome", "Choose one", enumOptions(knowledge.Outcomes(), outcomeLabel), f.Outcome, false, ""),
		selectInput(handlers.FieldStopReason, "If you stopped: the main reason", "Choose one", enumOptions(knowledge.StopReasons(), knowledge.StopReason.Label), f.StopReason, true, "Only used when the outcome is stopped / abandoned."),
		textInput(handlers.FieldWhatHappened, "What happened", f.WhatHappened, true, handlers.MaxWhatHappenedLen, false, "What you tried, where, for how long, and what you saw."),
		textInput(handlers.FieldLessons, "Lessons for others", f.Lessons, true, handlers.MaxLessonsLen, false, "The short answer colleagues will see first: what would you tell the next team?"),
		barrierBlock,
		selectInput(handlers.FieldEvidence, "How strong is the evidence?", "Choose one", enumOptions(knowledge.EvidenceLevels(), evidenceLabel), f.Evidence, true, ""),
		textInput(handlers.FieldTags, "Tags", f.Tags, false, handlers.MaxTagsTextLen, true, "Comma-separated, e.g. ambient scribe, dpia, primary care"),
	}
	if !editing {
		share := slack.NewOptionBlockObject(contactShare, plain("Share my name as a contact"), plain("Colleagues can message you about it."))
		anon := slack.NewOptionBlockObject(contactAnonymous, plain("Post anonymously"), plain("Answers never show your name. Moderators can see who sent it."))
		radio := slack.NewRadioButtonsBlockElement(handlers.FieldContact, share, anon)
		radio.InitialOption = share
		if f.Anonymous {
			radio.InitialOption = anon
		}
		blocks = append(blocks, slack.NewInputBlock(handlers.FieldContact, plain("Contact"), nil, radio))
	}
	title, submit := "Share a pilot lesson", "Submit for review"
	if editing {
		title, submit = "Edit submission", "Save"
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain(title), Submit: plain(submit), Close: plain("Cancel"),
		CallbackID: callback, PrivateMetadata: metadata,
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// stateValue reads a text input, a select or a radio button from a view's
// state, by block id (kbbot uses the same id for the element).
func stateValue(v slack.View, id string) string {
	a, ok := v.State.Values[id][id]
	if !ok {
		return ""
	}
	switch {
	case a.SelectedOption.Value != "":
		return a.SelectedOption.Value
	default:
		return a.Value
	}
}

func stateValues(v slack.View, id string) []string {
	a, ok := v.State.Values[id][id]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(a.SelectedOptions))
	for _, o := range a.SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}

// lessonFormOf reads the lesson form from a submitted view.
func lessonFormOf(v slack.View) handlers.LessonForm {
	return handlers.LessonForm{
		Title:        stateValue(v, handlers.FieldTitle),
		Category:     stateValue(v, handlers.FieldCategory),
		OrgType:      stateValue(v, handlers.FieldOrgType),
		Stage:        stateValue(v, handlers.FieldStage),
		Outcome:      stateValue(v, handlers.FieldOutcome),
		StopReason:   stateValue(v, handlers.FieldStopReason),
		WhatHappened: stateValue(v, handlers.FieldWhatHappened),
		Lessons:      stateValue(v, handlers.FieldLessons),
		Barriers:     stateValues(v, handlers.FieldBarriers),
		Evidence:     stateValue(v, handlers.FieldEvidence),
		Tags:         stateValue(v, handlers.FieldTags),
		Anonymous:    stateValue(v, handlers.FieldContact) == contactAnonymous,
		Link:         strings.TrimSpace(v.PrivateMetadata),
	}
}

// reasonModal asks a moderator why a submission is not accepted.
func reasonModal(entryID, title string) slack.ModalViewRequest {
	in := textInput(fieldReason, "Reason for the author", "", true, handlers.MaxReasonLen, false, "The author receives this. Be kind and specific: what would make it acceptable?")
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Don't accept"), Submit: plain("Send"), Close: plain("Cancel"),
		CallbackID: callbackReject, PrivateMetadata: entryID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{textSection("*" + escape(title) + "*"), in}},
	}
}

// outcomeModal lets an author say how a pilot turned out.
func outcomeModal(e knowledge.Entry) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Update outcome"), Submit: plain("Save"), Close: plain("Cancel"),
		CallbackID: callbackUpdateOutcome, PrivateMetadata: e.ID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			textSection("*" + escape(e.Title) + "*\nWhatever happened, including stopping, the update helps the next team decide."),
			selectInput(handlers.FieldOutcome, "Outcome now", "Choose one", enumOptions(knowledge.Outcomes(), outcomeLabel), string(e.Outcome), false, ""),
			selectInput(handlers.FieldStopReason, "If you stopped: the main reason", "Choose one", enumOptions(knowledge.StopReasons(), knowledge.StopReason.Label), string(e.StopReason), true, ""),
			selectInput(handlers.FieldEvidence, "How strong is the evidence now?", "Choose one", enumOptions(knowledge.EvidenceLevels(), evidenceLabel), string(e.Evidence), true, ""),
			textInput(fieldNote, "What changed?", "", true, handlers.MaxNoteLen, true, "Added to your lesson, dated. No patient details, please."),
		}},
	}
}
