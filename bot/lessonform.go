package bot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// The pilot-lesson form as a modal, for sharing (share.go) and a
// moderator's edit (moderate.go); handlers/lessonform.go checks what comes
// back. Block ids are handlers' field names, plus these.
const (
	contactShare     = "share"
	contactAnonymous = "anonymous"
	fieldReason      = "reason"
	fieldNote        = "note"
)

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
