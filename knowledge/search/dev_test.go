package search_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
	"github.com/nhs-ai-cop/kbbot/knowledge/words"
)

// TestDev prints evaluation reports on development sets named in
// KBBOT_DEV_SETS ("entries.jsonl:questions.jsonl,…"; "seed" for the seed).
func TestDev(t *testing.T) {
	spec := os.Getenv("KBBOT_DEV_SETS")
	if spec == "" {
		t.Skip("KBBOT_DEV_SETS not set")
	}
	for _, pair := range strings.Split(spec, ",") {
		kb, qf, _ := strings.Cut(pair, ":")
		var entries []knowledge.Entry
		var err error
		if kb == "seed" {
			entries, err = seed.Entries()
		} else {
			f, ferr := os.Open(kb)
			if ferr != nil {
				t.Fatal(ferr)
			}
			recs, perr := knowledge.Parse(kb, knowledge.FormatJSONL, f)
			f.Close()
			err = perr
			for _, r := range recs {
				entries = append(entries, r.Entry)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		vocab, _ := search.DefaultVocabulary()
		ix, err := search.New(slog.New(slog.DiscardHandler), vocab)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Rebuild(entries); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(qf)
		if err != nil {
			t.Fatal(err)
		}
		qs, err := search.ParseGolden(qf, f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		r, err := ix.Evaluate(t.Context(), qs)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("== %s (%d entries) %s\n", qf, len(entries), ix.Calibration())
		fmt.Printf("recall@1 %.3f recall@3 %.3f MRR %.3f | high right %.3f | answerable high&right %.3f | unanswerable not high %.3f | baseline r@3 %.3f mrr %.3f | rank r@3 %.3f\n",
			r.Recall1, r.Recall3, r.MRR, r.HighRight, r.AnswerableHighRight, r.UnanswerableNotHigh, r.BaselineRecall3, r.BaselineMRR, r.RankRecall3)
		fmt.Printf("answerable %v unanswerable %v\n", r.AnswerableKinds, r.UnanswerableKinds)
		if out := os.Getenv("KBBOT_DEV_FEATURES"); out != "" {
			fw, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			names := []string{"share", "concept_in_lead", "text_score", "known_words", "metadata", "lead_mass", "content", "best_lead", "lead", "score1", "topcov", "nunits", "margin", "share2", "bmratio"}
			row := func(group string, f map[string]float64, ev float64) {
				fmt.Fprintf(fw, "%s\t%s", qf, group)
				for _, n := range names {
					fmt.Fprintf(fw, "\t%.3f", f[n])
				}
				fmt.Fprintf(fw, "\t%.3f\n", ev)
			}
			for _, g := range qs {
				f, id, ev := ix.DevFeatures(g.Q, g.Context)
				group := "unanswerable"
				if len(g.Relevant) > 0 {
					group = "wrong"
					for _, r := range g.Relevant {
						if r == id {
							group = "right"
						}
					}
				}
				row(group, f, ev)
			}
			for _, q := range strings.Split(search.OffTopicBank(), "\n") {
				if q != "" && words.SmallTalk(q) == "" {
					f, _, ev := ix.DevFeatures(q, "")
					row("offtopic", f, ev)
				}
			}
			fw.Close()
		}
		if out := os.Getenv("KBBOT_DEV_CANDS"); out != "" {
			fw, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			for qi, g := range qs {
				if len(g.Relevant) == 0 {
					continue
				}
				ids, fs := ix.DevCandidates(g.Q, g.Context, 15)
				for i, id := range ids {
					rel := 0
					if slices.Contains(g.Relevant, id) {
						rel = 1
					}
					b, _ := json.Marshal(fs[i])
					fmt.Fprintf(fw, "%s\t%d\t%d\t%s\n", qf, qi, rel, b)
				}
			}
			fw.Close()
		}
		if os.Getenv("KBBOT_DEV_MISSES") != "" {
			for _, m := range r.Misses {
				fmt.Printf("- %q ctx=%q want %v got %v %s: %s\n", m.Q, m.Context, m.Relevant, m.Got, m.Confidence, m.Why)
				if os.Getenv("KBBOT_DEV_MISSES") == "explain" {
					fmt.Print(m.Explanation.String())
				}
			}
		}
	}
}
