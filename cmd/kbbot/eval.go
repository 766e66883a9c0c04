package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// evalCommand is `kbbot eval`.
func evalCommand() command {
	return command{
		name:    "eval",
		args:    "[--json] FILE",
		summary: "score the knowledge base against a file of golden questions (only reads)",
		about: `Asks every question of FILE (JSON Lines, one {"q": "...", "relevant": ["id", ...]}
per line; an empty list means the knowledge base should not answer it; an
optional "context" is the thread's first question of a follow-up; "-" reads
standard input) and scores the answers: recall@1 and recall@3, the mean
reciprocal rank, the share of high-confidence answers that are right (their
first source is listed), the share of answerable questions answered right with
high confidence, and the share of unanswerable ones not answered with high
confidence; plain BM25 on the same entries for comparison; then every miss
with its explanation. Moderators keep such a file to see what a change to the
knowledge base does. It only reads Redis: it never seeds, writes or records
gaps (with no REDIS_URL it evaluates the built-in seed, in memory). With
OPENAI_EMBEDDING_MODEL set it scores hybrid search: vectors kept in Redis are
used, missing ones embedded in memory (not kept), and it fails if the
embeddings endpoint does.`,
		setup: func(fs *flag.FlagSet) action {
			jsonOut := fs.Bool("json", false, "print the report as JSON")
			return func(ctx context.Context, e *cmdEnv, args []string) error {
				if len(args) != 1 {
					return usagef("eval: want one FILE (usage: kbbot eval [--json] FILE)")
				}
				return runEval(ctx, e, args[0], *jsonOut)
			}
		},
	}
}

func runEval(ctx context.Context, e *cmdEnv, name string, jsonOut bool) error {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return usagef("eval: %v", err)
		}
		defer f.Close()
		r = f
	}
	qs, err := search.ParseGolden(name, r)
	if err != nil {
		return usagef("%v", err)
	}
	lg := newLogger(e.cfg, e.stderr, slog.LevelWarn)
	// A real Redis is only read. The embedded store holds nothing until
	// this process puts something there, and keeps nothing after it: the
	// seed is loaded into it, so that eval on a fresh machine scores the
	// built-in knowledge base.
	access, seed := readOnly, false
	if e.cfg.RedisURL == "" {
		access, seed = readWrite, e.cfg.Seed
	}
	emb, err := newEmbedder(lg, e.cfg, nil)
	if err != nil {
		return err
	}
	b, err := e.openStore(ctx, access, "eval")
	if err != nil {
		return err
	}
	defer b.close()
	app, err := newApp(ctx, lg, b, e.cfg, appOptions{seed: seed, index: true, embed: emb, vectorsReadOnly: access == readOnly})
	if err != nil {
		return err
	}
	if emb != nil {
		// Scores of word search alone would pass for hybrid search's:
		// fail instead.
		if err := loadVectors(ctx, e, app, b, emb.Model(), access == readOnly); err != nil {
			return fmt.Errorf("eval: hybrid search is configured (OPENAI_EMBEDDING_MODEL) but the entries could not be embedded: %w", err)
		}
	}
	n, err := b.store.CountByStatus(ctx)
	if err != nil {
		return err
	}
	if n[knowledge.StatusApproved] == 0 {
		fmt.Fprintf(e.stderr, "kbbot: the knowledge base at %s has no approved entries: every answer will be \"nothing found\"\n", b.where)
	}
	rep, err := app.Eval(ctx, qs)
	if err != nil {
		return err
	}
	mode := "words"
	if model, k := app.HybridSearch(); model != "" {
		mode = fmt.Sprintf("hybrid: words and meaning (%s, %d entries with a vector)", model, k)
	}
	if jsonOut {
		return writeJSON(e.stdout, struct {
			search.EvalReport
			Entries     int    `json:"entries"`
			Calibration string `json:"calibration"`
			Search      string `json:"search"`
		}{rep, n[knowledge.StatusApproved], app.Calibration(), mode})
	}
	_, err = io.WriteString(e.stdout, renderEval(rep, n[knowledge.StatusApproved], app.Calibration()+"\nsearch: "+mode))
	return err
}

// renderEval formats an evaluation report for a terminal.
func renderEval(r search.EvalReport, entries int, calibration string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d questions (%d answerable, %d unanswerable) against %d approved entries\n", r.Questions, r.Answerable, r.Unanswerable, entries)
	fmt.Fprintf(&b, "recall@1 %.3f  recall@3 %.3f  MRR %.3f\n", r.Recall1, r.Recall3, r.MRR)
	fmt.Fprintf(&b, "high-confidence answers that are right:              %.3f\n", r.HighRight)
	fmt.Fprintf(&b, "answerable questions answered right, high:           %.3f\n", r.AnswerableHighRight)
	fmt.Fprintf(&b, "unanswerable questions not answered high:            %.3f\n", r.UnanswerableNotHigh)
	kinds := func(m map[knowledge.Confidence]int) string {
		return fmt.Sprintf("high %d, low %d, none %d", m[knowledge.ConfidenceHigh], m[knowledge.ConfidenceLow], m[knowledge.ConfidenceNone])
	}
	fmt.Fprintf(&b, "answers: answerable %s; unanswerable %s\n", kinds(r.AnswerableKinds), kinds(r.UnanswerableKinds))
	fmt.Fprintf(&b, "plain BM25 on the same entries: recall@3 %.3f  MRR %.3f\n", r.BaselineRecall3, r.BaselineMRR)
	fmt.Fprintf(&b, "confidence: %s\n", calibration)
	if len(r.Misses) == 0 {
		b.WriteString("\nno misses\n")
		return b.String()
	}
	fmt.Fprintf(&b, "\n%d misses:\n", len(r.Misses))
	for _, m := range r.Misses {
		fmt.Fprintf(&b, "\n- %q", m.Q)
		if m.Context != "" {
			fmt.Fprintf(&b, " (following up %q)", m.Context)
		}
		fmt.Fprintf(&b, "\n  %s\n  wanted %s; got %s (%s)\n", m.Why, listOrNone(m.Relevant), listOrNone(m.Got), m.Confidence)
		for _, line := range strings.Split(strings.TrimRight(m.Explanation.String(), "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	return b.String()
}

func listOrNone(ids []string) string {
	if len(ids) == 0 {
		return "nothing"
	}
	return strings.Join(ids, ", ")
}
