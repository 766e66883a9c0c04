// Command kbbot is a Slack bot that answers NHS staff's questions about
// adopting AI from a curated knowledge base, and the tools to run it:
// serve, ask, import, export, audit, check and version.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

func main() {
	// go-redis logs dial failures to stderr through its own global logger;
	// kbbot reports Redis problems itself, in one line, so silence it.
	redis.SetLogger(quietRedisLogger{})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// quietRedisLogger drops go-redis's internal log lines.
type quietRedisLogger struct{}

func (quietRedisLogger) Printf(context.Context, string, ...any) {}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitStatus lets a command choose its exit status without printing an
// error line (ask's privacy refusal prints its own line).
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// exitCode prints err as one line and maps it to kbbot's exit statuses:
// 0 ok, 1 runtime failure, 2 bad usage or bad input.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var st exitStatus
	if errors.As(err, &st) {
		return int(st)
	}
	var ie *knowledge.ImportError
	if errors.As(err, &ie) {
		for _, le := range ie.Errs {
			fmt.Fprintln(stderr, le.Error())
		}
		fmt.Fprintf(stderr, "kbbot: import aborted, nothing was written (%d problem%s)\n", len(ie.Errs), plural(len(ie.Errs)))
		return 2
	}
	var ce *configError
	if errors.As(err, &ce) {
		for _, p := range ce.problems {
			fmt.Fprintln(stderr, "kbbot: "+p)
		}
		return 2
	}
	fmt.Fprintln(stderr, "kbbot: "+oneLine(err.Error()))
	var ue *usageError
	if errors.As(err, &ue) {
		return 2
	}
	var ke *knowledge.Error
	if errors.As(err, &ke) && (ke.Kind == knowledge.EInvalid || ke.Kind == knowledge.EPrivacy) {
		return 2
	}
	return 1
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

const usage = `usage: kbbot COMMAND [flags]

commands:
  serve                 run the Slack bot (Socket Mode when SLACK_APP_TOKEN is set, else HTTP)
  ask [--json] [--limit N] QUESTION...
                        answer a question from the knowledge base
  import FILE           load entries from a .jsonl or .yaml file (all or nothing)
  export [--format jsonl|yaml]
                        write every entry to stdout (the backup format)
  audit [--since DATE]  print the moderation audit log, oldest first
  check                 validate the configuration and reach Redis, Slack and the LLM
  version               print the version and build information

Configuration comes from the environment and a .env file; see .env.example.`

// run is kbbot's whole program, with its environment passed in so tests can
// run it end to end.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return exitStatus(2)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	case "version", "--version":
		return runVersion(stdout)
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	if cmd != "serve" && cmd != "check" {
		if err := cfg.validate(); err != nil {
			return err
		}
	}
	switch cmd {
	case "serve":
		return runServe(ctx, cfg, rest, stderr)
	case "ask":
		return runAsk(ctx, cfg, rest, stdout, stderr)
	case "import":
		return runImport(ctx, cfg, rest, stderr, stdout)
	case "export":
		return runExport(ctx, cfg, rest, stdout, stderr)
	case "audit":
		return runAudit(ctx, cfg, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, cfg, rest, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, cfg, stdout)
	}
	return usagef("unknown command %q (run kbbot help)", cmd)
}
