package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// runAudit prints the moderation audit log, oldest first: when, who, what,
// which entry, status before → after, and a rejection's reason.
func runAudit(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	var since time.Time
	for i := 0; i < len(args); i++ {
		a := args[i]
		v, ok := strings.CutPrefix(a, "--since=")
		switch {
		case ok:
		case a == "--since" || a == "-since":
			if i+1 >= len(args) {
				return usagef("audit: --since needs a date (YYYY-MM-DD or RFC 3339)")
			}
			i++
			v = args[i]
		default:
			return usagef("audit: unexpected argument %q (usage: kbbot audit [--since DATE])", a)
		}
		d, err := knowledge.ParseDate(v)
		if err != nil {
			return usagef("audit: --since: %v", err)
		}
		since = d.Time
	}
	lg := newLogger(cfg, stderr, slog.LevelWarn)
	app, closeStore, err := openApp(ctx, cfg, lg, stderr, nil)
	if err != nil {
		return err
	}
	defer closeStore()
	recs, err := app.Audit(ctx, since)
	if err != nil {
		return err
	}
	for _, r := range recs {
		line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s→%s", r.At.UTC().Format(time.RFC3339), r.Actor, r.Action, r.EntryID, orDash(string(r.Before)), orDash(string(r.After)))
		if r.Reason != "" {
			line += "\treason: " + oneLine(r.Reason)
		}
		fmt.Fprintln(stdout, line)
	}
	if len(recs) == 0 {
		fmt.Fprintln(stderr, "kbbot: the audit log is empty")
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
