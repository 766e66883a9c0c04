package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// exportCommand is `kbbot export`.
func exportCommand() command {
	return command{
		name:    "export",
		args:    "[--format jsonl|yaml]",
		summary: "write every entry to stdout (the backup format; only reads)",
		about: `Writes every entry of the knowledge base, whatever its status, to standard
output, sorted by id, in the form kbbot import reads back unchanged: the
backup format. It only reads: it never seeds, indexes or writes to Redis.
An empty knowledge base (a fresh or mistyped KBBOT_NAMESPACE, a wrong
REDIS_URL) prints nothing and says so on stderr.`,
		setup: func(fs *flag.FlagSet) action {
			format := knowledge.FormatJSONL
			fs.Func("format", "write `FORMAT`: jsonl or yaml (default jsonl)", func(v string) error {
				f, err := parseFormat(v)
				format = f
				return err
			})
			return func(ctx context.Context, e *cmdEnv, args []string) error {
				if len(args) > 0 {
					return usagef("export: unexpected argument %q (usage: kbbot export [--format jsonl|yaml])", args[0])
				}
				return runExport(ctx, e, format)
			}
		},
	}
}

func runExport(ctx context.Context, e *cmdEnv, format knowledge.Format) error {
	lg := newLogger(e.cfg, e.stderr, slog.LevelWarn)
	b, err := e.openStore(ctx, readOnly, "export")
	if err != nil {
		return err
	}
	defer b.close()
	n, err := b.store.Count(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		fmt.Fprintf(e.stderr, "kbbot: the knowledge base at %s is empty: nothing exported (check REDIS_URL and KBBOT_NAMESPACE)\n", b.where)
		return nil
	}
	app, err := newApp(ctx, lg, b, e.cfg, appOptions{})
	if err != nil {
		return err
	}
	written, err := app.Export(ctx, e.stdout, format)
	if err != nil {
		return err
	}
	lg.Info("exported entries", "count", written, "format", string(format))
	return nil
}
