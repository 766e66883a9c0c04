package search

import (
	"bytes"
	"context"
	"math"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// DevFeatures exposes, for development tools in tests, the features and
// evidence of a question's best candidate and its id.
func (ix *Index) DevFeatures(text, context string) (map[string]float64, string, float64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := ix.parse(text, context)
	cands := ix.rank(p, Query{Limit: 3})
	f := ix.features(p, cands, false)
	out := map[string]float64{}
	for i, n := range featureNames() {
		out[n] = f.v[i]
	}
	out["best_lead"] = f.bestLead
	if len(cands) > 0 {
		out["lead"] = cands[0].lead
		out["score1"] = cands[0].score
		top := 0.0
		topCov := 0.0
		for i, u := range p.units {
			if u.weight > top {
				top = u.weight
				topCov = float64(cands[0].covered[i]) / 2
			}
		}
		out["topcov"] = topCov
		out["nunits"] = float64(len(p.units))
	}
	if len(cands) > 1 {
		out["margin"] = cands[0].score - cands[1].score
		out["share2"] = cands[1].share
		out["bmratio"] = cands[1].bm25 / max(cands[0].bm25, 1e-9)
	}
	id := ""
	if len(cands) > 0 {
		id = ix.docs[cands[0].doc].entry.ID
	}
	return out, id, ix.calib.evidence(f)
}

// OffTopicBank returns the shipped off-topic questions.
func OffTopicBank() string { return offTopicBank }

var _ = context.Background

// WithFingerprintForTest rewrites a snapshot's fingerprint, as if another
// build had written it.
func WithFingerprintForTest(data []byte, fp string) ([]byte, error) {
	f, err := decodeSnapshot(bytes.NewReader(data), nil)
	if err != nil {
		return nil, err
	}
	f.Fingerprint = fp
	var out bytes.Buffer
	if err := encodeSnapshot(&out, &f); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// DevCandidates returns, for the best n candidates of a question, their ids
// and ranking features (development only). With vec (a question vector of
// the index's model) the devVecCands entries nearest it join them, and
// each has its cosine as "cos".
func (ix *Index) DevCandidates(text, context string, vec []float32, n int) ([]string, []map[string]float64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	p := ix.parse(text, context)
	cands := ix.rank(p, Query{Limit: 3})
	u := ix.hybrid(Query{Vector: vec})
	if len(cands) > n {
		cands = cands[:n]
	}
	if u != nil {
		in := map[uint32]bool{}
		for _, c := range cands {
			in[c.doc] = true
		}
		for _, r := range ix.nearest(u, devVecCands, nil) {
			if !in[r.doc] {
				c := scored{doc: r.doc, meta: metaFit(&ix.docs[r.doc].entry, &p.intents)}
				cv := ix.coverage(r.doc, p)
				c.share, c.lead, c.covered = cv.share, cv.lead, cv.covered
				cands = append(cands, c)
			}
		}
		for i := range cands {
			cands[i].cos = ix.vectors.similarity(u, cands[i].doc)
		}
		n = len(cands)
	}
	var ids []string
	var out []map[string]float64
	best := 0.0
	for _, c := range cands {
		best = max(best, c.bm25)
	}
	topW, topI := 0.0, -1
	for i, u := range p.units {
		if u.weight > topW {
			topW, topI = u.weight, i
		}
	}
	for r, c := range cands {
		if r == n {
			break
		}
		d := &ix.docs[c.doc]
		f := map[string]float64{"share": c.share, "lead": c.lead, "meta": c.meta, "score": c.score, "rank": 1 / float64(1+r)}
		if u != nil {
			f["cos"] = c.cos
		}
		if best > 0 {
			f["text"] = c.bm25 / best
		}
		cv := ix.coverage(c.doc, p)
		for fi, name := range []string{"f_title", "f_tags", "f_summary", "f_body"} {
			f[name] = cv.fields[fi]
		}
		if topI >= 0 {
			f["topcov"] = float64(c.covered[topI]) / 2
		}
		f["bodylen"] = math.Log1p(float64(d.lens[numFields-1])) / 8
		f["titlelen"] = math.Log1p(float64(d.lens[0])) / 4
		for _, k := range []knowledge.Kind{knowledge.KindPilot, knowledge.KindUseCase, knowledge.KindGuidance, knowledge.KindInsight} {
			if d.entry.Kind == k {
				f["k_"+string(k)] = 1
			}
		}
		ids = append(ids, d.entry.ID)
		out = append(out, f)
	}
	return ids, out
}

// devVecCands is how many entries nearest a question's vector join its
// word candidates in DevCandidates.
const devVecCands = 5
