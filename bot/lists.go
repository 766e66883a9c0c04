package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// Long lists, a page at a time: /kb queue, gaps, stale and mine. Each page
// fits Slack's block limit whole (never a button without its item above
// it), says how many there are in all, and has Previous / Next. A button
// on an item sits in a block whose id names the list and the page
// ("queue_2_ENTRYID"), so after the action the list is redrawn in place
// (replace_original on the response_url) with a line saying what happened.

// listKind names a paged list.
type listKind string

// The paged lists.
const (
	listQueue listKind = "queue"
	listGaps  listKind = "gaps"
	listStale listKind = "stale"
	listMine  listKind = "mine"
)

// pageSize is how many items a page of each list shows. Each queue item
// takes six blocks, each stale or mine item two, a page of gaps a few
// sections: all well within 50 blocks with the header and the buttons.
func pageSize(k listKind) int {
	switch k {
	case listQueue:
		return 5
	case listGaps:
		return 15
	}
	return 8
}

// listPage is where a page sits in its list.
type listPage struct {
	kind   listKind
	number int // from 0
	total  int // items in the whole list
}

func (p listPage) size() int  { return pageSize(p.kind) }
func (p listPage) pages() int { return max(1, (p.total+p.size()-1)/p.size()) }

// clampPage keeps a page number within a list of total items.
func clampPage(k listKind, number, total int) listPage {
	p := listPage{kind: k, total: total}
	p.number = min(max(number, 0), p.pages()-1)
	return p
}

// bounds are the indexes of the page's items in the whole list.
func (p listPage) bounds() (int, int) {
	from := p.number * p.size()
	return min(from, p.total), min(from+p.size(), p.total)
}

// itemBlockID names the block of an item's buttons: list, page, item.
func (p listPage) itemBlockID(id string) string {
	return fmt.Sprintf("%s_%d_%s", p.kind, p.number, id)
}

// position says which page this is, for a list's heading.
func (p listPage) position() string {
	if p.pages() == 1 {
		return ""
	}
	return fmt.Sprintf(" · page %d of %d", p.number+1, p.pages())
}

// nav is the Previous / Next buttons, or nil when one page holds all.
func (p listPage) nav() slack.Block {
	if p.pages() == 1 {
		return nil
	}
	var els []slack.BlockElement
	if p.number > 0 {
		els = append(els, button(actionPage, "← Previous", fmt.Sprintf("%s:%d", p.kind, p.number-1)))
	}
	if p.number < p.pages()-1 {
		els = append(els, button(actionPage, "Next →", fmt.Sprintf("%s:%d", p.kind, p.number+1)))
	}
	return slack.NewActionBlock("nav_"+string(p.kind), els...)
}

// fromBlock reads the list and page from an item's block id; ok is false
// for a button that is not on a list (a review post, an answer).
func fromBlock(block string) (listKind, int, bool) {
	parts := strings.SplitN(block, "_", 3)
	if len(parts) < 3 {
		return "", 0, false
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return "", 0, false
	}
	switch k := listKind(parts[0]); k {
	case listQueue, listGaps, listStale, listMine:
		return k, n, true
	}
	return "", 0, false
}

// pageAction is Previous / Next: the same list, another page, in place.
func (b *Bot) pageAction(ctx context.Context, c actionCall) {
	if _, _, ok := pageValue(c.value); !ok {
		b.lg.Debug("bad page value ignored", "value_len", len(c.value))
		return
	}
	b.enqueue(ctx, "", job{Kind: jobPage, Reply: replyRecord(c.r), Value: c.value})
}

// runPage redraws a list at another page, in place.
func (b *Bot) runPage(ctx context.Context, j job, r reply) {
	kind, n, ok := pageValue(j.Value)
	if !ok {
		b.lg.Error("page job with a bad value", "value_len", len(j.Value))
		return
	}
	b.showList(ctx, r, kind, n, "", true)
}

// pageValue reads a page button's value, "LIST:PAGE".
func pageValue(v string) (listKind, int, bool) {
	kind, num, _ := strings.Cut(v, ":")
	n, err := strconv.Atoi(num)
	if err != nil {
		return "", 0, false
	}
	return listKind(kind), n, true
}

// listJobKind is the job that shows the first page of a list.
func listJobKind(k listKind) string {
	switch k {
	case listQueue:
		return jobQueue
	case listGaps:
		return jobGaps
	case listStale:
		return jobStale
	}
	return jobMine
}

// showList renders a page of a list for r.user and sends it on r: in place
// of the list the button was on (replace), or as a new message.
func (b *Bot) showList(ctx context.Context, r reply, kind listKind, number int, note string, replace bool) {
	msg, err := b.listMessage(ctx, r.user, kind, number, note)
	if err != nil {
		b.fail(ctx, r, "list "+string(kind), err)
		return
	}
	if replace && r.responseURL != "" {
		opts := append(msg.options(),
			slack.MsgOptionResponseURL(r.responseURL, slack.ResponseTypeEphemeral),
			slack.MsgOptionReplaceOriginal(r.responseURL))
		if err := b.slack.Respond(ctx, r.responseURL, opts...); err == nil {
			return
		}
		b.lg.Warn("could not redraw the list; sending it anew", "list", string(kind), "user", r.user)
	}
	if _, _, err := b.post(ctx, r, msg); err != nil {
		b.lg.Error("list not delivered", "list", string(kind), "user", r.user, "err", err)
	}
}

// refreshList redraws the list an action's button was on, with a line
// saying what happened; a button elsewhere gets the line alone.
func (b *Bot) refreshList(ctx context.Context, r reply, block, note string) {
	if kind, n, ok := fromBlock(block); ok {
		b.showList(ctx, r, kind, n, note, true)
		return
	}
	b.say(ctx, r, note)
}

// listMessage builds one page of a list.
func (b *Bot) listMessage(ctx context.Context, user string, kind listKind, number int, note string) (message, error) {
	size := pageSize(kind)
	switch kind {
	case listQueue:
		q, err := b.app.Queue(ctx, user, number*size, size)
		if err != nil {
			return message{}, err
		}
		return queueMessage(q, note), nil
	case listGaps:
		groups, err := b.app.Gaps(ctx, user, 0)
		if err != nil {
			return message{}, err
		}
		return gapsMessage(groups, clampPage(kind, number, len(groups)), note), nil
	case listStale:
		stale, err := b.app.Stale(ctx, user)
		if err != nil {
			return message{}, err
		}
		return staleMessage(stale, clampPage(kind, number, len(stale)), note), nil
	case listMine:
		mine, err := b.app.Mine(ctx, user)
		if err != nil {
			return message{}, err
		}
		waiting, err := b.app.Waiting(ctx, user)
		if err != nil {
			return message{}, err
		}
		return mineMessage(mine, waiting, clampPage(kind, number, len(mine)), note), nil
	}
	return message{}, fmt.Errorf("bot: unknown list %q", kind)
}

// listBlocks assembles a page: the note of what just happened, the
// heading, the items, the page buttons.
func listBlocks(note, heading string, items []slack.Block, p listPage) []slack.Block {
	var blocks []slack.Block
	if note != "" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(note)))
	}
	blocks = append(blocks, textSection(heading))
	blocks = append(blocks, items...)
	if nav := p.nav(); nav != nil {
		blocks = append(blocks, nav)
	}
	return blocks
}

// gapsMessage is a page of /kb gaps: one line per group of questions that
// ask the same thing, with how often it was asked, how often an answer was
// rated unhelpful, how many people wait for an answer, and up to three
// reasons.
func gapsMessage(groups []handlers.GapGroup, p listPage, note string) message {
	if len(groups) == 0 {
		return message{text: "No knowledge gaps recorded yet.", blocks: listBlocks(note, "No knowledge gaps recorded yet.", nil, p)}
	}
	from, to := p.bounds()
	var lines []string
	for _, g := range groups[from:to] {
		line := fmt.Sprintf("• *%d×* %s", g.Count, safe(clip(g.Question, 200)))
		if g.Unhelpful > 0 {
			line += fmt.Sprintf(" _(%d rated unhelpful)_", g.Unhelpful)
		}
		if g.Waiting > 0 {
			line += fmt.Sprintf(" · :bell: %d waiting for an answer", g.Waiting)
		}
		for _, reason := range g.Reasons {
			line += "\n    ↳ " + safe(clip(reason, 150))
		}
		lines = append(lines, line)
	}
	var items []slack.Block
	var chunk []string
	size := 0
	for _, l := range lines {
		if size+len(l) > 2800 && len(chunk) > 0 {
			items = append(items, textSection(strings.Join(chunk, "\n")))
			chunk, size = nil, 0
		}
		chunk = append(chunk, l)
		size += len(l) + 1
	}
	items = append(items, textSection(strings.Join(chunk, "\n")))
	heading := fmt.Sprintf("*Questions kbbot couldn't answer well: %d*, most asked first%s", p.total, p.position())
	return message{text: fmt.Sprintf("Knowledge gaps: %d", p.total), blocks: listBlocks(note, heading, items, p)}
}
