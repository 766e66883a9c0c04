package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Entries due for review: /kb stale, a page at a time, each entry with
// Mark reviewed, Edit (any kind of entry, in the entry form) and Archive.
// After each, the list is redrawn in place.

// staleCommand is /kb stale: approved entries past their review date, most
// overdue first.
func (b *Bot) staleCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobStale, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runStale shows a moderator the first page of the entries due for review.
func (b *Bot) runStale(ctx context.Context, _ job, r reply) {
	b.showList(ctx, r, listStale, 0, "", false)
}

// staleMessage is a page of /kb stale.
func staleMessage(stale []knowledge.Entry, p listPage, note string) message {
	if len(stale) == 0 {
		return message{text: "Every approved entry is within its review date.", blocks: listBlocks(note, "Every approved entry is within its review date.", nil, p)}
	}
	from, to := p.bounds()
	var items []slack.Block
	for _, e := range stale[from:to] {
		txt := fmt.Sprintf("*%s*\n%s · due %s · last reviewed %s", safe(e.Title), e.Kind.Label(),
			e.DueForReview().Format("2 Jan 2006"), e.LastReviewed().Format("2 Jan 2006"))
		items = append(items, slack.NewSectionBlock(mrkdwn(txt), nil, slack.NewAccessory(button(actionDetails, "Details", e.ID))))
		reviewed := button(actionMarkReviewed, "Mark reviewed", e.ID)
		reviewed.Style = slack.StylePrimary
		archive := button(actionArchive, "Archive", e.ID)
		archive.Style = slack.StyleDanger
		archive.Confirm = slack.NewConfirmationBlockObject(plain("Archive this entry?"),
			plain("It stops appearing in answers at once. It stays in the export."), plain("Archive"), plain("Keep it"))
		items = append(items, slack.NewActionBlock(p.itemBlockID(e.ID), reviewed, button(actionEditEntry, "Edit", e.ID), archive))
	}
	heading := fmt.Sprintf("*Due for review: %d*, most overdue first%s", p.total, p.position())
	return message{text: fmt.Sprintf("Entries due for review: %d", p.total), blocks: listBlocks(note, heading, items, p)}
}

// markReviewedAction is Mark reviewed: the entry's review date becomes
// today.
func (b *Bot) markReviewedAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobMarkReviewed, Reply: replyRecord(c.r), Value: c.value, Block: c.block})
}

// runMarkReviewed marks an entry reviewed today and redraws the list.
func (b *Bot) runMarkReviewed(ctx context.Context, j job, r reply) {
	e, err := b.app.MarkReviewed(ctx, r.user, j.Value)
	if err != nil {
		b.fail(ctx, r, "mark reviewed", err)
		return
	}
	b.refreshList(ctx, r, j.Block, fmt.Sprintf(":white_check_mark: Marked as reviewed today: *%s*. Next review due %s.", safe(e.Title), e.DueForReview().Format("2 Jan 2006")))
}

// archiveAction is Archive: the entry leaves answers at once.
func (b *Bot) archiveAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobArchive, Reply: replyRecord(c.r), Value: c.value, Block: c.block})
}

// runArchive archives an entry and redraws the list. A second run of the
// same job (its replica died after archiving) finds it archived and only
// redraws the list.
func (b *Bot) runArchive(ctx context.Context, j job, r reply) {
	e, err := b.app.Archive(ctx, r.user, j.Value)
	note := ":file_cabinet: Archived *" + safe(e.Title) + "*: it no longer appears in answers."
	if err != nil {
		ke, ok := knowledgeError(err)
		if !ok || j.attempt <= 1 || ke.Kind != knowledge.EConflict {
			b.fail(ctx, r, "archive", err)
			return
		}
		note = ":file_cabinet: Archived: it no longer appears in answers."
	}
	b.refreshList(ctx, r, j.Block, note)
}

// editEntryAction is Edit on a stale entry: the entry form, filled in.
func (b *Bot) editEntryAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "edit_entry_modal", c.r, func(ctx context.Context) {
		f, err := b.app.EntryEditForm(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "edit entry", err)
			return
		}
		if _, err := b.slack.OpenView(ctx, c.trigger, entryModal(listOrigin(c), f)); err != nil {
			b.lg.Error("could not open the entry form", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
		}
	})
}

// submitEntryEdit saves the edit before the modal closes; problems keep it
// open with the moderator's text.
func (b *Bot) submitEntryEdit(ctx context.Context, c viewCall) any {
	o := originOf(c.v.PrivateMetadata, c.r.user)
	var body strings.Builder
	for i := range maxBodyParts {
		body.WriteString(stateValue(c.v, bodyPart(i)))
	}
	f := handlers.EntryForm{
		Title: stateValue(c.v, "title"), Summary: stateValue(c.v, "summary"), Body: body.String(),
		Tags: stateValue(c.v, "tags"), Source: stateValue(c.v, "source"), URL: stateValue(c.v, "url"),
	}
	e, err := b.app.SaveEntryEdit(ctx, c.r.user, o.id, f)
	if err != nil {
		var fe *handlers.FormError
		if errors.As(err, &fe) {
			if msg, ok := fe.Fields["body"]; ok {
				delete(fe.Fields, "body")
				fe.Fields[bodyPart(0)] = msg // the form's body is in parts
			}
		}
		return b.formErrors(err, "title", c.r)
	}
	b.afterModal(ctx, jobAfterEdit, o, ":pencil2: Saved and marked as reviewed today: *"+safe(e.Title)+"*.")
	return nil
}

// A text input holds at most 3,000 characters (Block Kit), and a body up
// to 8,000: the form shows the body in as many parts as it needs, each
// with room to grow, and joins them back on submission.
const (
	maxInputLen  = 3000
	bodyPartLen  = 2800
	maxBodyParts = (knowledge.MaxBodyLen + bodyPartLen - 1) / bodyPartLen
)

func bodyPart(i int) string { return fmt.Sprintf("body_%d", i+1) }

// splitBody cuts a body into the form's parts, at line breaks where it can.
func splitBody(body string) []string {
	var parts []string
	r := []rune(body)
	for len(r) > bodyPartLen && len(parts) < maxBodyParts-1 {
		cut := bodyPartLen
		if i := strings.LastIndex(string(r[:cut]), "\n"); i > 0 {
			cut = len([]rune(string(r[:cut])[:i+1]))
		}
		parts = append(parts, string(r[:cut]))
		r = r[cut:]
	}
	return append(parts, string(r))
}

// entryModal is the moderators' form for any entry.
func entryModal(meta string, f handlers.EntryForm) slack.ModalViewRequest {
	blocks := []slack.Block{
		textSection("Saving counts as a review: the next review date follows from today. :lock: No patient details, please."),
		textInput("title", "Title", f.Title, false, knowledge.MaxTitleLen, false, ""),
		textInput("summary", "Short answer", f.Summary, true, knowledge.MaxSummaryLen, false, "What answers show first."),
	}
	parts := splitBody(f.Body)
	for i, p := range parts {
		label, hint := "Details (Markdown)", "Headings (##), lists (-) and links ([label](https://…)) show in Slack."
		if len(parts) > 1 {
			label = fmt.Sprintf("Details (Markdown), part %d of %d", i+1, len(parts))
			hint = "The parts are joined as they are: a long body is split only because a box holds 3,000 characters."
		}
		blocks = append(blocks, textInput(bodyPart(i), label, p, true, maxInputLen, true, hint))
	}
	blocks = append(blocks,
		textInput("tags", "Tags", f.Tags, false, 300, true, "Comma-separated."),
		textInput("source", "Source", f.Source, false, knowledge.MaxSourceLen, true, "Where it comes from: a document, its publisher and date, an organisation."),
		textInput("url", "Link", f.URL, false, knowledge.MaxURLLen, true, "https://…"),
	)
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Edit entry"), Submit: plain("Save"), Close: plain("Cancel"),
		CallbackID: callbackEditEntry, PrivateMetadata: meta,
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}
