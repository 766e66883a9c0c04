package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// auditCommand is `kbbot audit`.
func auditCommand() command {
	return command{
		name:    "audit",
		args:    "[--since DATE]",
		summary: "print the moderation audit log, oldest first (only reads)",
		about: `Prints the moderation audit log, oldest first, one record a line: when, who,
what, which entry, status before → after, and a rejection's reason. It only
reads: it never seeds, indexes or writes to Redis.`,
		setup: func(fs *flag.FlagSet) action {
			var since time.Time
			fs.Func("since", "only records from `DATE` on (YYYY-MM-DD or RFC 3339)", func(v string) error {
				d, err := knowledge.ParseDate(v)
				if err != nil {
					return errors.New("wants a date as YYYY-MM-DD or RFC 3339")
				}
				since = d.Time
				return nil
			})
			return func(ctx context.Context, e *cmdEnv, args []string) error {
				if len(args) > 0 {
					return usagef("audit: unexpected argument %q (usage: kbbot audit [--since DATE])", args[0])
				}
				return runAudit(ctx, e, since)
			}
		},
	}
}

// runAudit prints the audit log from since on.
func runAudit(ctx context.Context, e *cmdEnv, since time.Time) error {
	lg := newLogger(e.cfg, e.stderr, slog.LevelWarn)
	b, err := e.openStore(ctx, readOnly, "audit")
	if err != nil {
		return err
	}
	defer b.close()
	app, err := newApp(ctx, lg, b, e.cfg, appOptions{})
	if err != nil {
		return err
	}
	recs, err := app.Audit(ctx, since)
	if err != nil {
		return err
	}
	for _, r := range recs {
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s→%s", r.At.UTC().Format(time.RFC3339), r.Actor, r.Action, r.EntryID, orDash(string(r.Before)), orDash(string(r.After)))
		if r.Reason != "" {
			line += "\treason: " + oneLine(r.Reason)
		}
		fmt.Fprintln(e.stdout, line)
	}
	if len(recs) > 0 {
		return nil
	}
	switch n, err := b.store.Count(ctx); {
	case err != nil:
		return err
	case n == 0:
		fmt.Fprintf(e.stderr, "kbbot: the audit log at %s is empty, and so is the knowledge base (check REDIS_URL and KBBOT_NAMESPACE)\n", b.where)
	case !since.IsZero():
		fmt.Fprintf(e.stderr, "kbbot: the audit log at %s has nothing since %s\n", b.where, since.UTC().Format(time.RFC3339))
	default:
		fmt.Fprintf(e.stderr, "kbbot: the audit log at %s is empty\n", b.where)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
