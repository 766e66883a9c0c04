package search

import (
	"fmt"
	"strings"
)

// Explain describes how a question is read: its units of meaning with their
// weights, the metadata it names, and the coverage of each candidate. It is
// for tuning the vocabulary and for operators asking "why did kbbot answer
// that?"; it is not on any hot path.
func (ix *Index) Explain(text string) string {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := ix.parse(text, 1)
	var b strings.Builder
	fmt.Fprintf(&b, "tokens: %v\n", Tokens(text))
	for _, u := range p.units {
		fmt.Fprintf(&b, "unit %-24s weight %.2f df %d (%s)\n", u.key, u.weight, ix.tab.df(u.key), u.display)
	}
	fmt.Fprintf(&b, "concepts %v intents %+v\n", p.concepts, p.intents)
	for id, d := range ix.docs {
		if c, _ := ix.coverage(d, p); c > 0.3 {
			fmt.Fprintf(&b, "  %.2f %s\n", c, id)
		}
	}
	return b.String()
}
