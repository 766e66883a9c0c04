package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
)

// askFlags are ask's flags, accepted before or after the question words.
type askFlags struct {
	json  bool
	limit int
	llm   bool
	words []string
}

func parseAskFlags(args []string) (askFlags, error) {
	f := askFlags{limit: 3}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			f.words = append(f.words, args[i+1:]...)
			i = len(args)
		case a == "--json" || a == "-json":
			f.json = true
		case a == "--llm" || a == "-llm":
			f.llm = true
		case a == "--limit" || a == "-limit" || strings.HasPrefix(a, "--limit=") || strings.HasPrefix(a, "-limit="):
			v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "limit=")
			if !ok {
				if i+1 >= len(args) {
					return f, usagef("ask: --limit needs a number")
				}
				i++
				v = args[i]
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 20 {
				return f, usagef("ask: --limit wants a number from 1 to 20")
			}
			f.limit = n
		case strings.HasPrefix(a, "-") && len(a) > 1:
			return f, usagef("ask: unknown flag %s (want --json, --limit N, --llm)", a)
		default:
			f.words = append(f.words, a)
		}
	}
	if len(f.words) == 0 {
		return f, usagef("ask: no question (usage: kbbot ask [--json] [--limit N] QUESTION...)")
	}
	return f, nil
}

// jsonAnswer is the --json shape of DESIGN.md.
type jsonAnswer struct {
	Question string       `json:"question"`
	Answer   string       `json:"answer"`
	Results  []jsonResult `json:"results"`
	LLM      bool         `json:"llm"`
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

func runAsk(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	f, err := parseAskFlags(args)
	if err != nil {
		return err
	}
	lg := newLogger(cfg, stderr, slog.LevelWarn)
	var sum handlers.Summarizer
	if f.llm {
		if cfg.OpenAIKey == "" {
			return usagef("ask: --llm needs OPENAI_API_KEY (see .env.example)")
		}
		if sum, err = newSummarizer(lg, cfg, nil); err != nil {
			return err
		}
	}
	app, closeStore, err := openApp(ctx, cfg, lg, stderr, sum)
	if err != nil {
		return err
	}
	defer closeStore()
	ans, err := app.Ask(ctx, handlers.AskRequest{Question: strings.Join(f.words, " "), Limit: f.limit})
	if err != nil {
		return err
	}
	if f.llm && ans.Found {
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
	if f.json {
		out := jsonAnswer{Question: ans.Question, Answer: ans.Text, Results: []jsonResult{}, LLM: ans.LLM}
		for _, s := range ans.Sources {
			out.Results = append(out.Results, jsonResult{ID: s.ID, Title: s.Title, Kind: string(s.Kind), Summary: s.Summary, Score: s.Score})
		}
		return writeJSON(stdout, out)
	}
	_, err = io.WriteString(stdout, renderText(ans))
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
