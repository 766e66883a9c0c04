package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search"
)

// askCommand is `kbbot ask`.
func askCommand() command {
	return command{
		name:    "ask",
		args:    "[--json] [--limit N] [--llm] [--explain] QUESTION...",
		summary: "answer a question from the knowledge base",
		about: `Answers a question from the knowledge base, as kbbot does in Slack, and
prints the answer and its sources. Flags may come before or after the
question's words. An empty knowledge base is first loaded with the built-in
seed (unless KBBOT_SEED=off). With OPENAI_EMBEDDING_MODEL set, search is
hybrid (words and meaning): entries not yet embedded are embedded first and
kept in Redis, and if the embeddings endpoint fails the question is answered
by words alone, with a line on stderr saying so. The answer is one of three: a confident one,
related sources shown with a hedge, or nothing found. --explain shows how the
question was read (its words and concepts and what they weigh), what each
source matched, and why the answer is high, low or none. A question holding
a patient identifier is refused with exit status 2.`,
		setup: func(fs *flag.FlagSet) action {
			jsonOut := fs.Bool("json", false, "print the answer as JSON: question, answer, results and llm")
			limit := 3
			fs.Func("limit", "show at most `N` sources, 1 to 20 (default 3)", func(v string) error {
				n, err := strconv.Atoi(v)
				if err != nil || n < 1 || n > 20 {
					return errors.New("wants a number from 1 to 20")
				}
				limit = n
				return nil
			})
			useLLM := fs.Bool("llm", false, "summarise the sources with the configured LLM (needs OPENAI_API_KEY)")
			explain := fs.Bool("explain", false, "show which words and concepts matched and why the answer is high, low or none")
			return func(ctx context.Context, e *cmdEnv, words []string) error {
				return runAsk(ctx, e, askFlags{json: *jsonOut, limit: limit, llm: *useLLM, explain: *explain, words: words})
			}
		},
	}
}

// askFlags are ask's parsed flags and the question's words.
type askFlags struct {
	json    bool
	limit   int
	llm     bool
	explain bool
	words   []string
}

// cliNothingFoundText is the command line's answer when nothing relevant
// was found.
const cliNothingFoundText = "I couldn't find anything in the knowledge base that answers this, so I won't guess. " +
	"Try other words; if you know the answer, add it to the knowledge base (kbbot import FILE, or /kb share in Slack)."

// jsonAnswer is the --json shape of DESIGN.md.
type jsonAnswer struct {
	Question    string              `json:"question"`
	Answer      string              `json:"answer"`
	Confidence  string              `json:"confidence"`
	Results     []jsonResult        `json:"results"`
	LLM         bool                `json:"llm"`
	Explanation *search.Explanation `json:"explanation,omitempty"`
}

type jsonResult struct {
	ID      string  `json:"id"`
	Title   string  `json:"title"`
	Kind    string  `json:"kind"`
	Summary string  `json:"summary"`
	Score   float64 `json:"score"`
}

// jsonRefusal is printed instead when the privacy screen stops the
// question; it deliberately does not carry the question.
type jsonRefusal struct {
	Refused string       `json:"refused"`
	Results []jsonResult `json:"results"`
}

func runAsk(ctx context.Context, e *cmdEnv, f askFlags) error {
	if len(f.words) == 0 {
		return usagef("ask: no question (usage: kbbot ask [--json] [--limit N] QUESTION...)")
	}
	cfg, stdout, stderr := e.cfg, e.stdout, e.stderr
	lg := newLogger(cfg, stderr, slog.LevelWarn)
	var sum handlers.Summarizer
	if f.llm {
		if cfg.OpenAIKey == "" {
			return usagef("ask: --llm needs OPENAI_API_KEY (see .env.example)")
		}
		var err error
		if sum, err = newSummarizer(lg, cfg, nil); err != nil {
			return err
		}
	}
	emb, err := newEmbedder(lg, cfg, nil)
	if err != nil {
		return err
	}
	b, err := e.openStore(ctx, readWrite, "ask")
	if err != nil {
		return err
	}
	defer b.close()
	app, err := newApp(ctx, lg, b, cfg, appOptions{seed: cfg.Seed, index: true, sum: sum, embed: emb})
	if err != nil {
		return err
	}
	if emb != nil {
		if err := loadVectors(ctx, e, app, b, emb.Model(), false); err != nil {
			// As in Slack: an embeddings endpoint that fails never stops
			// an answer.
			fmt.Fprintf(stderr, "kbbot: hybrid search is off for this question, answering by words alone: %s\n", oneLine(err.Error()))
		}
	}
	ans, err := app.Ask(ctx, handlers.AskRequest{Question: strings.Join(f.words, " "), Limit: f.limit, Explain: f.explain})
	if err != nil {
		return err
	}
	if fb := ans.VectorFallback; fb != "" && fb != handlers.FallbackNotReady {
		fmt.Fprintf(stderr, "kbbot: answered by words alone: the question could not be embedded (%s)\n", fb)
	}
	if f.llm && ans.HasSources() {
		var info handlers.SummaryInfo
		ans, info = app.Summarize(ctx, ans, "")
		reportSummary(stderr, info)
	}
	if ans.Refused != "" {
		if f.json {
			if err := writeJSON(stdout, jsonRefusal{Refused: string(ans.Refused), Results: []jsonResult{}}); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "kbbot: question refused: it %s; ask again without patient or personal details\n", ans.Refused.Message())
		return exitStatus(2)
	}
	if ans.Confidence == knowledge.ConfidenceNone && ans.Question != "" {
		// The shared text points to Slack commands; here the way to add
		// knowledge is the command line.
		ans.Text = cliNothingFoundText
		if n, err := b.store.Count(ctx); err == nil && n == 0 {
			fmt.Fprintf(stderr, "kbbot: the knowledge base at %s is empty (KBBOT_SEED=off): add entries with kbbot import\n", b.where)
		}
	}
	if f.json {
		out := jsonAnswer{Question: ans.Question, Answer: ans.Text, Confidence: string(ans.Confidence), Results: []jsonResult{}, LLM: ans.LLM, Explanation: ans.Explanation}
		for _, s := range ans.Sources {
			out.Results = append(out.Results, jsonResult{ID: s.ID, Title: s.Title, Kind: string(s.Kind), Summary: s.Summary, Score: s.Score})
		}
		return writeJSON(stdout, out)
	}
	text := renderText(ans)
	if ans.Explanation != nil {
		text += "\nWhy:\n" + ans.Explanation.String()
	}
	_, err = io.WriteString(stdout, text)
	return err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// renderText formats an answer for a terminal: the short answer, then each
// source with what a reader needs to judge it.
func renderText(ans handlers.Answer) string {
	var b strings.Builder
	b.WriteString(wrap(ans.Text, 78, ""))
	b.WriteString("\n")
	if len(ans.Sources) == 0 {
		return b.String()
	}
	if ans.LLM {
		b.WriteString("(AI summary of the sources below; check them before relying on it.)\n")
	}
	b.WriteString("\nSources:\n")
	for i, s := range ans.Sources {
		fmt.Fprintf(&b, "%2d. %s\n", i+1, s.Title)
		fmt.Fprintf(&b, "    %s\n", strings.Join(handlers.SourceFacts(s), " · "))
		if s.Source != "" {
			b.WriteString(wrap("Source: "+s.Source, 78, "    "))
			b.WriteString("\n")
		}
		if s.URL != "" {
			fmt.Fprintf(&b, "    %s\n", s.URL)
		}
		fmt.Fprintf(&b, "    id: %s\n", s.ID)
	}
	return b.String()
}

// wrap folds text at width, prefixing every line with indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	for pi, para := range strings.Split(text, "\n") {
		if pi > 0 {
			b.WriteString("\n")
		}
		line := indent
		for _, w := range strings.Fields(para) {
			if len(line) > len(indent) && len(line)+1+len(w) > width {
				b.WriteString(line + "\n")
				line = indent
			}
			if len(line) > len(indent) {
				line += " "
			}
			line += w
		}
		b.WriteString(line)
	}
	return b.String()
}

// loadVectors loads the entries' vectors for hybrid search, showing
// progress on a terminal, and says on stderr what it had to embed.
func loadVectors(ctx context.Context, e *cmdEnv, app *handlers.App, b *backend, model string, readOnly bool) error {
	pr := newProgress(e.stderr, isTerminal(e.stderr))
	embedded := map[string]int{}
	err := app.LoadVectors(ctx, func(vp handlers.VectorProgress) {
		embedded[vp.Phase] = vp.Embedded
		what := "entries"
		if vp.Phase == "bank" {
			what = "off-topic questions"
		}
		pr.show(vp.Done() == vp.Total, "embedding %s with %s: %d of %d (%d kept from before)", what, model, vp.Done(), vp.Total, vp.Cached)
	})
	pr.clear()
	if n := embedded["entries"] + embedded["bank"]; n > 0 {
		kept := "kept in Redis for next time"
		switch {
		case readOnly:
			kept = "not kept: this command only reads Redis"
		case b.embedded:
			kept = "not kept: the embedded store forgets them on exit"
		}
		fmt.Fprintf(e.stderr, "kbbot: embedded %d entries and %d off-topic questions with %s (%s)\n", embedded["entries"], embedded["bank"], model, kept)
	}
	return err
}

// reportSummary prints what the LLM step did and cost, on stderr.
func reportSummary(w io.Writer, info handlers.SummaryInfo) {
	switch {
	case info.CacheHit:
		fmt.Fprintf(w, "kbbot: AI summary from cache (no LLM call) in %s\n", info.Elapsed.Round(time.Millisecond))
	case info.Fallback != "":
		fmt.Fprintf(w, "kbbot: no AI summary (%s); tokens in %d, out %d; %s\n", info.Fallback, info.PromptTokens, info.CompletionTokens, info.Elapsed.Round(time.Millisecond))
	default:
		fmt.Fprintf(w, "kbbot: AI summary; tokens in %d, out %d; %s\n", info.PromptTokens, info.CompletionTokens, info.Elapsed.Round(time.Millisecond))
	}
}
