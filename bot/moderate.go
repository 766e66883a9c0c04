package bot

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Moderation: /kb queue, the review post's Approve, Edit and Reject, and
// their modals. A decision or an edit is one handlers call; the follow-up
// (search index, review posts updated in place, the author's DM) is
// handlers.FinishDecision or AfterEdit, run once Slack has its answer.
// Every action is checked on the server by the use case.

// queueCommand is /kb queue: the submissions waiting for review, a page
// at a time, each with its buttons.
func (b *Bot) queueCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobQueue, Reply: replyRecord(c.r)})
	return ackOnly()
}

// runQueue shows a moderator the first page of the queue.
func (b *Bot) runQueue(ctx context.Context, _ job, r reply) {
	b.showList(ctx, r, listQueue, 0, "", false)
}

// approveAction is Approve. It runs off the acknowledgement, so the
// decision's follow-up runs in the same job: the lesson answers questions
// before the next job starts. Pressed on /kb queue, the queue is redrawn
// without it; on a review post, the post itself shows the decision.
func (b *Bot) approveAction(ctx context.Context, c actionCall) {
	b.enqueue(ctx, "", job{Kind: jobApprove, Reply: replyRecord(c.r), Value: c.value, Block: c.block})
}

// runApprove approves a submission and finishes the decision. A second
// run of the same job (its replica died after approving) finds it decided
// and finishes what the first left undone; FinishDecision tells nobody
// twice.
func (b *Bot) runApprove(ctx context.Context, j job, r reply) {
	e, err := b.app.Approve(ctx, r.user, j.Value)
	note := ":white_check_mark: Approved *" + safe(e.Title) + "*: it now appears in answers."
	if err != nil {
		ke, ok := knowledgeError(err)
		if !ok || j.attempt <= 1 || ke.Kind != knowledge.EConflict {
			b.fail(ctx, r, "approve", err)
			return
		}
		note = ":white_check_mark: Approved: it now appears in answers."
	}
	b.app.FinishDecision(ctx, j.Value)
	if _, _, ok := fromBlock(j.Block); ok {
		b.refreshList(ctx, r, j.Block, note)
	}
}

// runFinishReject finishes a rejection recorded by the modal and, when
// the modal was opened from /kb queue, redraws the queue.
func (b *Bot) runFinishReject(ctx context.Context, j job, r reply) {
	b.app.FinishDecision(ctx, j.Value)
	if j.Block != "" && r.responseURL != "" {
		b.refreshList(ctx, r, j.Block, j.Note)
	}
}

// runAfterEdit shows an edit in the search index and the review posts
// and, when the form was opened from a list, redraws the list.
func (b *Bot) runAfterEdit(ctx context.Context, j job, r reply) {
	b.app.AfterEdit(ctx, j.Value)
	if j.Block != "" && r.responseURL != "" {
		b.refreshList(ctx, r, j.Block, j.Note)
	}
}

// afterModal queues the follow-up of a modal's change to entry o.id: a
// job of kind, which redraws the list the modal was opened from (with
// note) when it was opened from one.
func (b *Bot) afterModal(ctx context.Context, kind string, o origin, note string) {
	j := job{Kind: kind, Value: o.id}
	if o.fromList() {
		j.Reply, j.Block, j.Note = replyRecord(o.r), o.block, note
	}
	b.enqueue(ctx, "", j)
}

// rejectAction is Reject: it asks for the reason, in a modal.
func (b *Bot) rejectAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "reject_modal", c.r, func(ctx context.Context) {
		e, err := b.app.RejectForm(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "reject", err)
			return
		}
		if _, err := b.slack.OpenView(ctx, c.trigger, reasonModal(listOrigin(c), e.Title)); err != nil {
			b.lg.Error("could not open the reject form", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
		}
	})
}

// submitReject records the rejection before the modal closes; a missing
// or unsafe reason keeps it open.
func (b *Bot) submitReject(ctx context.Context, c viewCall) any {
	o := originOf(c.v.PrivateMetadata, c.r.user)
	e, err := b.app.Reject(ctx, c.r.user, o.id, stateValue(c.v, fieldReason))
	if err != nil {
		return b.formErrors(err, fieldReason, c.r)
	}
	b.afterModal(ctx, jobFinishReject, o, ":x: Not accepted: *"+safe(e.Title)+"*. The author has your reason.")
	return nil
}

// origin is where a modal was opened from: the entry it acts on and, when
// its button was on a list, the list's block and response_url, so the
// list can be redrawn once the modal is submitted. It travels in the
// modal's private_metadata: the entry id alone (the review post's
// buttons), or id, block and response_url on three lines.
type origin struct {
	id    string
	block string
	r     reply
}

func (o origin) fromList() bool { return o.block != "" && o.r.responseURL != "" }

// listOrigin is the private_metadata of a modal opened by c.
func listOrigin(c actionCall) string {
	if _, _, ok := fromBlock(c.block); !ok || c.r.responseURL == "" {
		return c.value
	}
	return c.value + "\n" + c.block + "\n" + c.r.responseURL
}

// originOf reads a modal's private_metadata back.
func originOf(meta, user string) origin {
	parts := strings.SplitN(meta, "\n", 3)
	o := origin{id: parts[0], r: reply{user: user, private: true}}
	if len(parts) == 3 {
		o.block, o.r.responseURL = parts[1], parts[2]
	}
	return o
}

// editAction is Edit: the lesson form, filled with the submission.
func (b *Bot) editAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "edit_modal", c.r, func(ctx context.Context) {
		f, err := b.app.EditForm(ctx, c.r.user, c.value)
		if err != nil {
			b.fail(ctx, c.r, "edit", err)
			return
		}
		v := lessonModal(callbackEdit, listOrigin(c), f, true)
		if utf8.RuneCountInString(f.WhatHappened) > handlers.MaxWhatHappenedLen {
			// Not laid out as a shared lesson (an import with a long
			// body): the lesson form cannot hold it, the entry form can.
			ef, err := b.app.EntryEditForm(ctx, c.r.user, c.value)
			if err != nil {
				b.fail(ctx, c.r, "edit", err)
				return
			}
			v = entryModal(listOrigin(c), ef)
		}
		if _, err := b.slack.OpenView(ctx, c.trigger, v); err != nil {
			b.lg.Error("could not open the edit form", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
		}
	})
}

// submitEdit saves a moderator's edit before the modal closes.
func (b *Bot) submitEdit(ctx context.Context, c viewCall) any {
	f := lessonFormOf(c.v)
	f.Link = "" // the edit modal's metadata is where it came from, not a link
	o := originOf(c.v.PrivateMetadata, c.r.user)
	e, err := b.app.SaveEdit(ctx, c.r.user, o.id, f)
	if err != nil {
		return b.formErrors(err, handlers.FieldTitle, c.r)
	}
	b.afterModal(ctx, jobAfterEdit, o, ":pencil2: Saved your edit of *"+safe(e.Title)+"*.")
	return nil
}

// reasonModal asks a moderator why a submission is not accepted. meta is
// its origin (listOrigin).
func reasonModal(meta, title string) slack.ModalViewRequest {
	in := textInput(fieldReason, "Reason for the author", "", true, handlers.MaxReasonLen, false, "The author receives this. Be kind and specific: what would make it acceptable?")
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Don't accept"), Submit: plain("Send"), Close: plain("Cancel"),
		CallbackID: callbackReject, PrivateMetadata: meta,
		Blocks: slack.Blocks{BlockSet: []slack.Block{textSection("*" + safe(title) + "*"), in}},
	}
}

// reviewMessage is a review post: the lesson as moderators see it, all of
// it (the body from Markdown to mrkdwn, the lessons once), the sender
// (even when anonymous: moderators may see who sent it), and either the
// Approve / Edit / Reject buttons or the decision and what happened since.
func reviewMessage(r handlers.Review) message {
	e := r.Entry
	blocks := []slack.Block{slack.NewHeaderBlock(plain("Pilot lesson for review"))}
	blocks = append(blocks, textSection(entryHead(e)), textSection("*Lessons for others*\n"+safe(clip(e.Summary, 2900))))
	for _, sec := range mrkdwnSections(bodyWithoutSummary(e), 2900) {
		blocks = append(blocks, textSection(sec))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(sender(r))))
	if r.Decision == nil {
		blocks = append(blocks, reviewButtons("review_"+e.ID, e.ID))
	} else {
		blocks = append(blocks, slack.NewContextBlock("decision", mrkdwn(decisionLine(r))))
	}
	text := "Pilot lesson for review: " + safe(clip(e.Title, 200))
	if r.Decision != nil {
		text = decisionText(r) + ": " + safe(clip(e.Title, 200))
	}
	return message{text: text, blocks: capBlocks(blocks, maxMessageBlocks)}
}

// decisionLine says what was decided, by whom and when, and what happened
// since.
func decisionLine(r handlers.Review) string {
	d := r.Decision
	when := d.At.Format("2 Jan 2006 at 15:04 MST")
	var line string
	switch d.Status {
	case knowledge.StatusApproved:
		line = fmt.Sprintf(":white_check_mark: Approved by %s on %s.", mention(d.By), when)
		if r.Later == nil {
			line += " It now appears in answers."
		}
	case knowledge.StatusRejected:
		line = fmt.Sprintf(":x: Not accepted by %s on %s. Reason sent to the author: _%s_", mention(d.By), when, safe(d.Reason))
	case knowledge.StatusArchived:
		line = fmt.Sprintf(":leftwards_arrow_with_hook: Withdrawn by the author on %s.", d.At.Format("2 Jan 2006"))
	}
	if l := r.Later; l != nil {
		switch {
		case l.By != "":
			line += fmt.Sprintf("\n:file_cabinet: Archived by %s on %s: it no longer appears in answers.", mention(l.By), l.At.Format("2 Jan 2006"))
		default:
			line += fmt.Sprintf("\n:leftwards_arrow_with_hook: Withdrawn by the author on %s: it no longer appears in answers.", l.At.Format("2 Jan 2006"))
		}
	}
	return line
}

// decisionText is the decision in a few words, for the top-level text.
func decisionText(r handlers.Review) string {
	switch {
	case r.Later != nil:
		return "Pilot lesson no longer in answers"
	case r.Decision.Status == knowledge.StatusApproved:
		return "Pilot lesson approved"
	case r.Decision.Status == knowledge.StatusRejected:
		return "Pilot lesson not accepted"
	}
	return "Pilot lesson withdrawn"
}

// entryHead is an entry's title and facts, for moderators.
func entryHead(e knowledge.Entry) string {
	facts := []string{e.Category.Label(), e.OrgType.Label(), outcomeLabel(e.Outcome)}
	if e.StopReason != "" {
		facts = append(facts, "stopped: "+strings.ToLower(e.StopReason.Label()))
	}
	if e.Evidence != "" {
		facts = append(facts, "evidence: "+strings.ToLower(e.Evidence.Label()))
	}
	var kept []string
	for _, f := range facts {
		if f != "" {
			kept = append(kept, f)
		}
	}
	return fmt.Sprintf("*%s*\n%s", safe(e.Title), safe(strings.Join(kept, " · ")))
}

// sender says who sent a submission, as moderators may know it.
func sender(r handlers.Review) string {
	who := "Sent by " + mention(r.Author)
	switch {
	case r.Author == "":
		who = "Imported entry"
	case r.Anonymous:
		who += ", who asked to stay *anonymous*: answers will never show their name."
	default:
		who += ", happy to be contacted."
	}
	if len(r.Entry.Tags) > 0 {
		who += " Tags: " + safe(strings.Join(r.Entry.Tags, ", "))
	}
	return who
}

// reviewButtons are Approve, Edit and Reject for entry id.
func reviewButtons(blockID, id string) slack.Block {
	approve := button(actionApprove, "Approve", id)
	approve.Style = slack.StylePrimary
	reject := button(actionReject, "Reject", id)
	reject.Style = slack.StyleDanger
	return slack.NewActionBlock(blockID, approve, button(actionEdit, "Edit", id), reject)
}

// bodyWithoutSummary is an entry's body without the "Lessons for others"
// section that repeats its summary (a shared lesson's body holds both).
func bodyWithoutSummary(e knowledge.Entry) string {
	dup := "## Lessons for others\n\n" + strings.TrimSpace(e.Summary)
	body := e.Body
	if i := strings.Index(body, dup); i >= 0 && strings.TrimSpace(e.Summary) != "" {
		body = body[:i] + body[i+len(dup):]
	}
	for strings.Contains(body, "\n\n\n") {
		body = strings.ReplaceAll(body, "\n\n\n", "\n\n")
	}
	return strings.TrimSpace(body)
}

// queueMessage is a page of /kb queue: how many wait in all, then each
// submission whole (its facts, lessons, the start of what happened, who
// sent it, Details for the rest) with its buttons right under it.
func queueMessage(q handlers.QueuePage, note string) message {
	p := clampPage(listQueue, q.Offset/pageSize(listQueue), q.Total)
	if q.Total == 0 {
		return message{text: "Nothing is waiting for review.", blocks: listBlocks(note, "Nothing is waiting for review. :tada:", nil, p)}
	}
	var items []slack.Block
	for _, r := range q.Reviews {
		e := r.Entry
		items = append(items, slack.NewDividerBlock(),
			slack.NewSectionBlock(mrkdwn(entryHead(e)), nil, slack.NewAccessory(button(actionDetails, "Details", e.ID))),
			textSection("*Lessons for others*\n"+safe(clip(e.Summary, 600))))
		if body := bodyWithoutSummary(e); body != "" {
			items = append(items, textSection(clip(mdToMrkdwn(clipWords(body, 600)), 2900)))
		}
		items = append(items, slack.NewContextBlock("", mrkdwn(sender(r))), reviewButtons(p.itemBlockID(e.ID), e.ID))
	}
	heading := fmt.Sprintf("*Waiting for review: %d*, oldest first%s", q.Total, p.position())
	return message{text: fmt.Sprintf("Waiting for review: %d", q.Total), blocks: listBlocks(note, heading, items, p)}
}

// clipWords cuts Markdown to about n characters at a word boundary, before
// it is converted, so no link or entity is cut in half.
func clipWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return cut + " …"
}
