package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// statsCommand is /kb stats: what the knowledge base holds.
func (b *Bot) statsCommand(ctx context.Context, c slashCall) *commandResponse {
	b.enqueue(ctx, "", job{Kind: jobStats, Reply: replyRecord(c.r)})
	return nil
}

// runStats shows what the knowledge base holds.
func (b *Bot) runStats(ctx context.Context, _ job, r reply) {
	st, err := b.app.Stats(ctx)
	if err != nil {
		b.fail(ctx, r, "stats", err)
		return
	}
	if _, _, err := b.post(ctx, r, renderStats(st)); err != nil {
		b.lg.Error("stats not delivered", "user", r.user, "err", err)
	}
}

// renderStats lays out /kb stats.
func renderStats(st handlers.Stats) message {
	var b strings.Builder
	fmt.Fprintf(&b, "*The knowledge base holds %d approved entries*", st.Total)
	if st.Pending > 0 {
		fmt.Fprintf(&b, " (%d waiting for review)", st.Pending)
	}
	sections := []slack.Block{textSection(b.String())}
	add := func(title string, lines []string) {
		if len(lines) > 0 {
			sections = append(sections, textSection("*"+title+"*\n"+strings.Join(lines, "\n")))
		}
	}
	add("By kind", countLines(st.ByKind, knowledge.Kind.Label))
	add("By pilot outcome", countLines(st.ByOutcome, knowledge.Outcome.Label))
	add("By organisation type", countLines(st.ByOrgType, knowledge.OrgType.Label))
	add("By category", countLines(st.ByCategory, knowledge.Category.Label))
	return message{text: fmt.Sprintf("The knowledge base holds %d approved entries.", st.Total), blocks: sections}
}

// countLines lists counts, largest first, as "• Label: n".
func countLines[K ~string](m map[K]int, label func(K) string) []string {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(string(a), string(b))
	})
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = fmt.Sprintf("• %s: %d", safe(label(k)), m[k])
	}
	return lines
}
