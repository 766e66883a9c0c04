package search

import (
	"fmt"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// Explanation says how a question was read and why its answer is high,
// low or none: for `kbbot ask --explain`, `kbbot eval` and anyone asking
// "why did kbbot answer that?". It holds no entry text.
type Explanation struct {
	Units      []ExplainedUnit `json:"units"`
	Metadata   []string        `json:"metadata,omitempty"` // what the question names: "outcome=abandoned", …
	Candidates []ExplainedHit  `json:"candidates"`
	// Features of the best candidate, by name, and the evidence score they
	// make.
	Features map[string]float64 `json:"features"`
	Evidence float64            `json:"evidence"`
	// High and Low are the thresholds; Calibrated says they were fitted to
	// this knowledge base.
	High       float64              `json:"high_threshold"`
	Low        float64              `json:"low_threshold"`
	Calibrated bool                 `json:"calibrated"`
	Confidence knowledge.Confidence `json:"confidence"`
	Reason     string               `json:"reason"`
}

// ExplainedUnit is one piece of the question's meaning.
type ExplainedUnit struct {
	Words   string   `json:"words"`             // as typed
	Kind    string   `json:"kind"`              // word, concept, typo, abbreviation, expansion, synonym, unseen
	Weight  float64  `json:"weight"`            // its weight in the question, in (0, 1]
	Terms   []string `json:"terms,omitempty"`   // what it matches in entries
	Context bool     `json:"context,omitempty"` // from the thread's first question
}

// ExplainedHit is one of the best candidates.
type ExplainedHit struct {
	ID        string   `json:"id"`
	Score     float64  `json:"score"`
	Share     float64  `json:"share"`
	LeadShare float64  `json:"lead_share"`
	Matched   []string `json:"matched,omitempty"` // the units it covers, with "(body)" for body only
	Missing   []string `json:"missing,omitempty"` // the units it does not cover
}

// explain builds the explanation. Caller holds ix.mu.
func (ix *Index) explain(p parsed, cands []scored, d decision, cal calibration, limit int) *Explanation {
	e := &Explanation{
		Features: map[string]float64{}, Evidence: d.score, High: cal.high, Low: cal.low,
		Calibrated: cal.fitted, Confidence: d.confidence,
	}
	for _, u := range p.units {
		eu := ExplainedUnit{Words: u.display, Kind: u.kind, Weight: round3(u.weight), Context: u.context}
		for _, a := range u.alts {
			name := a.name
			if a.factor != 1 {
				name = fmt.Sprintf("%s ×%.1f", a.name, a.factor)
			}
			eu.Terms = append(eu.Terms, name)
		}
		if u.org != "" {
			eu.Terms = append(eu.Terms, "org_type="+string(u.org))
		}
		e.Units = append(e.Units, eu)
	}
	for _, k := range p.intents.kinds {
		e.Metadata = append(e.Metadata, "kind="+string(k))
	}
	for _, o := range p.intents.orgTypes {
		e.Metadata = append(e.Metadata, "org_type="+string(o))
	}
	for _, o := range p.intents.outcomes {
		e.Metadata = append(e.Metadata, "outcome="+string(o))
	}
	for _, v := range p.intents.evidence {
		e.Metadata = append(e.Metadata, "evidence="+string(v))
	}
	for _, r := range p.intents.stopReasons {
		e.Metadata = append(e.Metadata, "stop_reason="+string(r))
	}
	for i, c := range cands {
		if i == max(limit, 5) {
			break
		}
		h := ExplainedHit{ID: ix.docs[c.doc].entry.ID, Score: round3(c.score), Share: round3(c.share), LeadShare: round3(c.lead)}
		for j, u := range p.units {
			switch c.covered[j] {
			case 2:
				h.Matched = append(h.Matched, u.display)
			case 1:
				h.Matched = append(h.Matched, u.display+" (body)")
			default:
				h.Missing = append(h.Missing, u.display)
			}
		}
		e.Candidates = append(e.Candidates, h)
	}
	names := featureNames()
	for i, v := range d.features.v {
		e.Features[names[i]] = round3(v)
	}
	if d.features.hasVector {
		e.Features["vector_similarity"] = round3(d.features.vector)
	}
	switch {
	case !d.features.found:
		e.Reason = "no entry holds any of the question's words or concepts"
	case d.confidence == knowledge.ConfidenceHigh:
		e.Reason = fmt.Sprintf("evidence %.2f is at or above the high threshold %.2f", d.score, cal.high)
	case d.confidence == knowledge.ConfidenceLow:
		e.Reason = fmt.Sprintf("evidence %.2f is between the low %.2f and high %.2f thresholds", d.score, cal.low, cal.high)
	default:
		e.Reason = fmt.Sprintf("evidence %.2f is below the low threshold %.2f", d.score, cal.low)
	}
	return e
}

func round3(f float64) float64 { return float64(int64(f*1000+0.5)) / 1000 }

// String renders the explanation for a terminal.
func (e *Explanation) String() string {
	if e == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "read as:\n")
	for _, u := range e.Units {
		ctx := ""
		if u.Context {
			ctx = " (from the thread)"
		}
		terms := strings.Join(u.Terms, ", ")
		if terms == "" {
			terms = "no entry holds it"
		}
		fmt.Fprintf(&b, "  %-28q %-12s weight %.2f → %s%s\n", u.Words, u.Kind, u.Weight, terms, ctx)
	}
	if len(e.Metadata) > 0 {
		fmt.Fprintf(&b, "  names: %s\n", strings.Join(e.Metadata, ", "))
	}
	fmt.Fprintf(&b, "best candidates:\n")
	for _, h := range e.Candidates {
		fmt.Fprintf(&b, "  %.3f %-48s covers %.2f (lead %.2f)", h.Score, h.ID, h.Share, h.LeadShare)
		if len(h.Matched) > 0 {
			fmt.Fprintf(&b, "; matched: %s", strings.Join(h.Matched, ", "))
		}
		if len(h.Missing) > 0 {
			fmt.Fprintf(&b, "; missing: %s", strings.Join(h.Missing, ", "))
		}
		b.WriteString("\n")
	}
	if len(e.Candidates) == 0 {
		b.WriteString("  none\n")
	}
	var fs []string
	for _, n := range featureNames() {
		fs = append(fs, fmt.Sprintf("%s %.2f", n, e.Features[n]))
	}
	if v, ok := e.Features["vector_similarity"]; ok {
		fs = append(fs, fmt.Sprintf("vector_similarity %.2f", v))
	}
	cal := "default"
	if e.Calibrated {
		cal = "calibrated on this knowledge base"
	}
	fmt.Fprintf(&b, "decision: %s; %s (thresholds %s)\n  features: %s\n", e.Confidence, e.Reason, cal, strings.Join(fs, ", "))
	return b.String()
}
