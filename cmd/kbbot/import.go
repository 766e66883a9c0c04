package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// importCommand is `kbbot import`.
func importCommand() command {
	return command{
		name:    "import",
		args:    "[--format jsonl|yaml] FILE",
		summary: "load entries from a .jsonl or .yaml file, or - for stdin (all or nothing)",
		about: `Loads knowledge entries from JSON Lines (.jsonl), YAML (.yaml or .yml: a
list of entries or a stream of --- documents) or - (standard input, JSON
Lines unless --format says otherwise). Every entry is validated and
privacy-screened first, and every problem in the file is reported in one
run, as FILE:LINE: field: reason; with any problem nothing is written. An
entry whose id exists is updated. An empty knowledge base is first loaded
with the built-in seed (unless KBBOT_SEED=off). The entry format is in
README.md, "Knowledge entries".`,
		setup: func(fs *flag.FlagSet) action {
			var format knowledge.Format
			fs.Func("format", "read FILE as `FORMAT`, jsonl or yaml, whatever its name (default: from the extension; jsonl for stdin)", func(v string) error {
				f, err := parseFormat(v)
				format = f
				return err
			})
			return func(ctx context.Context, e *cmdEnv, args []string) error {
				return runImport(ctx, e, format, args)
			}
		},
	}
}

// parseFormat reads a --format value.
func parseFormat(v string) (knowledge.Format, error) {
	switch v {
	case "jsonl", "ndjson":
		return knowledge.FormatJSONL, nil
	case "yaml", "yml":
		return knowledge.FormatYAML, nil
	}
	return "", errors.New("wants jsonl or yaml")
}

func runImport(ctx context.Context, e *cmdEnv, format knowledge.Format, args []string) error {
	if len(args) != 1 {
		return usagef("import: want exactly one FILE (usage: kbbot import FILE.jsonl|FILE.yaml|-)")
	}
	name := args[0]
	display := name
	body, size := e.stdin, int64(-1)
	if name == "-" {
		display = "stdin"
		if format == "" {
			format = knowledge.FormatJSONL
		}
	} else {
		if format == "" {
			f, err := knowledge.FormatOf(name)
			if err != nil {
				return usagef("import: %s: want a .jsonl, .yaml or .yml file, or --format jsonl|yaml", name)
			}
			format = f
		}
		f, err := os.Open(name)
		if err != nil {
			return usagef("import: %v", err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		body = f
	}

	// Open the store before reading, so an unreachable Redis fails fast.
	lg := newLogger(e.cfg, e.stderr, slog.LevelWarn)
	b, err := e.openStore(ctx, readWrite, "import")
	if err != nil {
		return err
	}
	defer b.close()
	// No search index: import does not search, and a running serve picks
	// the changes up from the change log.
	app, err := newApp(ctx, lg, b, e.cfg, appOptions{})
	if err != nil {
		return err
	}
	prog := newProgress(e.stderr, isTerminal(e.stderr))
	checked, err := app.CheckImport(ctx, handlers.ImportRequest{
		Name: display, Format: format, Body: prog.reader(body, size), Progress: prog.update,
	})
	prog.clear()
	if err != nil {
		return err
	}
	// Seed only once the file is known good: a refused import writes
	// nothing at all.
	if e.cfg.Seed {
		seeded, err := app.EnsureSeeded(ctx)
		if err != nil {
			return err
		}
		if seeded {
			fmt.Fprintf(e.stderr, "kbbot: the knowledge base at %s was empty: loaded the built-in seed first (KBBOT_SEED=off skips it)\n", b.where)
		}
	}
	res, err := app.WriteImport(ctx, checked, prog.update)
	prog.clear()
	if err != nil {
		return err
	}
	n := res.Created + res.Updated
	entries := "entries"
	if n == 1 {
		entries = "entry"
	}
	fmt.Fprintf(e.stdout, "imported %d %s from %s: %d new, %d updated\n", n, entries, display, res.Created, res.Updated)
	return nil
}
