package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

func runImport(ctx context.Context, cfg config, args []string, stderr, stdout io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") && args[0] != "-" {
		return usagef("import: want exactly one FILE (usage: kbbot import FILE.jsonl|FILE.yaml)")
	}
	name := args[0]
	format, err := knowledge.FormatOf(name)
	if err != nil {
		return err
	}
	f, err := os.Open(name)
	if err != nil {
		return usagef("import: %v", err)
	}
	defer f.Close()
	var r io.Reader = f
	if st, err := f.Stat(); err == nil && isTerminal(stderr) && st.Size() > 1<<20 {
		r = &progressReader{r: f, total: st.Size(), w: stderr}
	}
	lg := newLogger(cfg, stderr, slog.LevelWarn)
	app, closeStore, err := openApp(ctx, cfg, lg, stderr, nil)
	if err != nil {
		return err
	}
	defer closeStore()
	res, err := app.Import(ctx, name, format, r)
	if pr, ok := r.(*progressReader); ok {
		pr.done()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %d entries from %s: %d new, %d updated\n", res.Created+res.Updated, name, res.Created, res.Updated)
	return nil
}

// progressReader reports how much of a large import file has been read,
// on one terminal line.
type progressReader struct {
	r       io.Reader
	w       io.Writer
	total   int64
	read    int64
	lastPct int64
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	if pct := p.read * 100 / max(p.total, 1); pct != p.lastPct {
		p.lastPct = pct
		fmt.Fprintf(p.w, "\rreading %d%%", pct)
	}
	return n, err
}

func (p *progressReader) done() { fmt.Fprint(p.w, "\r             \r") }

func runExport(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) error {
	format := knowledge.FormatJSONL
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--format" || a == "-format":
			if i+1 >= len(args) {
				return usagef("export: --format needs jsonl or yaml")
			}
			i++
			format = knowledge.Format(args[i])
		case strings.HasPrefix(a, "--format=") || strings.HasPrefix(a, "-format="):
			format = knowledge.Format(a[strings.Index(a, "=")+1:])
		default:
			return usagef("export: unexpected argument %q (usage: kbbot export [--format jsonl|yaml])", a)
		}
	}
	if format == "yml" {
		format = knowledge.FormatYAML
	}
	if format != knowledge.FormatJSONL && format != knowledge.FormatYAML {
		return usagef("export: --format wants jsonl or yaml")
	}
	lg := newLogger(cfg, stderr, slog.LevelWarn)
	app, closeStore, err := openApp(ctx, cfg, lg, stderr, nil)
	if err != nil {
		return err
	}
	defer closeStore()
	n, err := app.Export(ctx, stdout, format)
	if err != nil {
		return err
	}
	lg.Info("exported entries", "count", n, "format", string(format))
	return nil
}
