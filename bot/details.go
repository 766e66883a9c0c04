package bot

import (
	"context"
	"net/url"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Details: every source (answers, App Home, the digest, /kb queue, stale
// and mine) has a Details button that opens the whole entry in a modal.
// A trigger_id dies three seconds after the click, and reading the entry
// needs Redis, which may be slow: so the modal opens at once with a
// loading view (no I/O before views.open), and views.update fills it in.

// detailsAction is Details.
func (b *Bot) detailsAction(ctx context.Context, c actionCall) {
	b.urgently(ctx, "details_modal", c.r, func(ctx context.Context) {
		viewID, err := b.slack.OpenView(ctx, c.trigger, loadingModal())
		if err != nil {
			b.lg.Error("could not open the details view", "entry_id", c.value, "err", err)
			b.apologise(ctx, c.r)
			return
		}
		var v slack.ModalViewRequest
		e, err := b.app.Details(ctx, c.r.user, c.value)
		switch ke, ok := knowledgeError(err); {
		case err == nil:
			v = detailsModal(e, b.cfg.CatalogueURL)
		case ok:
			v = noticeModal("Details", ke.Msg)
		default:
			b.lg.Error("could not read an entry for its details", "entry_id", c.value, "err", err)
			v = noticeModal("Details", apologyText)
		}
		if err := b.slack.UpdateView(ctx, viewID, v); err != nil {
			b.lg.Error("could not fill in the details view", "entry_id", c.value, "err", err)
		}
	})
}

// loadingModal is what Details shows for the moment it takes to read the
// entry.
func loadingModal() slack.ModalViewRequest {
	return noticeModal("Details", ":hourglass_flowing_sand: Loading…")
}

// noticeModal is a modal that only says something (kbbot's own words).
func noticeModal(title, text string) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain(title), Close: plain("Close"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{textSection(text)}},
	}
}

// detailsModal shows an entry whole: title, every fact a source shows (and
// the category, stage and tags), the short answer, the body from Markdown
// to mrkdwn, where it comes from, its link and who to contact; and, when
// the web catalogue is on, a button to its page there. Every string from
// the entry is made safe; the modal's title is the entry's kind, never
// its text.
func detailsModal(e knowledge.Entry, catalogueURL string) slack.ModalViewRequest {
	src := handlers.SourceFacts(handlers.Source{
		Kind: e.Kind, Outcome: e.Outcome, Evidence: e.Evidence, StopReason: e.StopReason,
		OrgType: e.OrgType, LastReviewed: e.LastReviewed(),
	})
	if e.Category != "" {
		src = append(src, e.Category.Label())
	}
	if e.Stage != "" {
		src = append(src, "Organisation's AI stage: "+strings.ToLower(e.Stage.Label()))
	}
	if e.Status != knowledge.StatusApproved {
		src = append(src, "Status: "+strings.ToLower(e.Status.Label()))
	}
	blocks := []slack.Block{
		textSection("*" + safe(e.Title) + "*"),
		slack.NewContextBlock("", mrkdwn(safe(strings.Join(src, " · ")))),
		textSection("*In short*\n" + safe(e.Summary)),
	}
	for _, sec := range mrkdwnSections(bodyWithoutSummary(e), 2900) {
		blocks = append(blocks, textSection(sec))
	}
	blocks = append(blocks, slack.NewDividerBlock())
	var about []string
	if e.Source != "" {
		about = append(about, "*Source:* "+safe(e.Source))
	}
	if u := safeURL(e.URL); u != "" {
		about = append(about, "*Link:* "+link(e.URL, clip(e.URL, 100)))
	}
	switch {
	case e.Contact != "":
		about = append(about, "*Contact:* "+mention(e.Contact)+", who is happy to be contacted about it")
	case e.Kind == knowledge.KindPilot:
		about = append(about, "*Contact:* none shared (the lesson may have been posted anonymously); `/kb experts TOPIC` finds people who can help")
	}
	if len(e.Tags) > 0 {
		about = append(about, "*Tags:* "+safe(strings.Join(e.Tags, ", ")))
	}
	if len(about) > 0 {
		blocks = append(blocks, textSection(strings.Join(about, "\n")))
	}
	if catalogueURL != "" {
		open := slack.NewButtonBlockElement(actionCatalogue, e.ID, plain("Open in the catalogue"))
		open.URL = strings.TrimRight(catalogueURL, "/") + "/entries/" + url.PathEscape(e.ID)
		blocks = append(blocks, slack.NewActionBlock("details_links", open))
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain(kindTitle(e.Kind)), Close: plain("Close"),
		Blocks: slack.Blocks{BlockSet: capBlocks(blocks, maxHomeBlocks)},
	}
}

// kindTitle is a modal title for an entry of kind k: at most 24
// characters, and never the entry's own words.
func kindTitle(k knowledge.Kind) string {
	switch {
	case k == knowledge.KindPilot:
		return "Pilot lesson"
	case k.Valid():
		return k.Label()
	}
	return "Details"
}
