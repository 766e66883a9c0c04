// Command kbbot is a Slack bot that answers NHS staff's questions about
// adopting AI from a curated knowledge base, and the tools to run it:
// serve, ask, import, export, audit, check and version.
package main

import (
	"context"
	"errors"
	"flag"
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
	err := run(ctx, os.Args[1:], os.LookupEnv, os.Stdin, os.Stdout, os.Stderr)
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

// loggedError is a failure already logged (by serve, in its log format):
// exit status 1 without another line.
type loggedError struct{ err error }

func (e loggedError) Error() string { return e.err.Error() }
func (e loggedError) Unwrap() error { return e.err }

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
	var le loggedError
	if errors.As(err, &le) {
		return 1
	}
	var ie *knowledge.ImportError
	if errors.As(err, &ie) {
		for _, le := range ie.Errs {
			fmt.Fprintln(stderr, le.Error())
		}
		n := ie.Count()
		if more := n - len(ie.Errs); more > 0 {
			fmt.Fprintf(stderr, "kbbot: … and %d more problem%s not listed (the first %d are above)\n", more, plural(more), len(ie.Errs))
		}
		fmt.Fprintf(stderr, "kbbot: import aborted, nothing was written (%d problem%s)\n", n, plural(n))
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

// run is kbbot's whole program, with its environment passed in so tests can
// run it end to end. lookupEnv is the real environment (os.LookupEnv): a
// variable set to "" there still overrides .env.
func run(ctx context.Context, args []string, lookupEnv func(string) (string, bool), stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		printHelp(stderr)
		return exitStatus(2)
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) == 0 {
			printHelp(stdout)
			return nil
		}
		c, ok := findCommand(rest[0])
		if !ok {
			return unknownCommand(rest[0])
		}
		fs, _ := c.newFlagSet()
		c.printUsage(stdout, fs)
		return nil
	case "-version", "--version":
		name = "version"
	}
	c, ok := findCommand(name)
	if !ok {
		return unknownCommand(name)
	}
	fs, act := c.newFlagSet()
	pos, err := c.parseArgs(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		c.printUsage(stdout, fs)
		return nil
	}
	if err != nil {
		return err
	}
	e := &cmdEnv{stdin: stdin, stdout: stdout, stderr: stderr}
	if c.config != configNone {
		if e.cfg, err = loadConfig(lookupEnv); err != nil {
			return err
		}
		if c.config == configChecked {
			if err := e.cfg.validate(); err != nil {
				return err
			}
		}
	}
	return act(ctx, e, pos)
}

// unknownCommand is the usage error for a command kbbot does not have,
// with the nearest command when it looks like a typo.
func unknownCommand(name string) error {
	if strings.HasPrefix(name, "-") {
		return usagef("unknown flag %s before the command: flags go after it (run kbbot help)", name)
	}
	var names []string
	for _, c := range commands() {
		if !c.hidden {
			names = append(names, c.name)
		}
	}
	if s := suggest(name, names); s != "" {
		return usagef("unknown command %q: did you mean %s? (run kbbot help)", name, s)
	}
	return usagef("unknown command %q (run kbbot help)", name)
}
