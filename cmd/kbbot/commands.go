package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one kbbot subcommand. Adding one is an entry in commands and
// a file that declares it (see ask.go for the pattern).
type command struct {
	name    string
	args    string // the synopsis after "kbbot NAME", e.g. "[--json] QUESTION..."
	summary string // one line for `kbbot help`
	about   string // what the command does, for `kbbot NAME --help`
	hidden  bool   // left out of `kbbot help` (the image's healthcheck)
	config  configUse
	// setup declares the command's flags on fs and returns what runs it
	// once they are parsed.
	setup func(fs *flag.FlagSet) action
}

// action runs a command with its parsed flags; args are the positional
// arguments, flags taken out wherever they stood.
type action func(ctx context.Context, e *cmdEnv, args []string) error

// cmdEnv is what every command runs with.
type cmdEnv struct {
	cfg    config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// configUse says how a command treats the configuration.
type configUse int

const (
	// configChecked: a malformed value stops the command (exit 2).
	configChecked configUse = iota
	// configOwn: the command reports problems itself (serve, check).
	configOwn
	// configNone: the command reads no configuration (version).
	configNone
)

// commands is kbbot's command table, in the order `kbbot help` lists it.
func commands() []command {
	return []command{
		serveCommand(),
		askCommand(),
		importCommand(),
		exportCommand(),
		auditCommand(),
		evalCommand(),
		checkCommand(),
		versionCommand(),
		healthcheckCommand(),
	}
}

// findCommand returns the command called name.
func findCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// newFlagSet makes a command's flag set and its action. Flags accept one or
// two dashes and --flag=value forms (the flag package's rules).
func (c command) newFlagSet() (*flag.FlagSet, action) {
	fs := flag.NewFlagSet("kbbot "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // kbbot prints its own one-line errors
	run := c.setup(fs)
	return fs, run
}

// parseArgs parses a command's flags, which may come before, between or
// after its positional arguments (`kbbot ask why --json`); "--" ends the
// flags. It returns the positional arguments.
func (c command) parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, c.flagError(fs, err)
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagError turns a flag package error into a usage error that names the
// flag and what it wants, and points at --help. It reads the flag
// package's messages, which have not changed since Go 1.
func (c command) flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	hint := fmt.Sprintf(" (run kbbot %s --help)", c.name)
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		name = strings.TrimLeft(name, "-")
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if s := suggest(name, names); s != "" {
			hint = fmt.Sprintf(" (did you mean --%s?)", s)
		}
		return usagef("%s: unknown flag --%s%s", c.name, name, hint)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usagef("%s: --%s needs a value%s", c.name, strings.TrimLeft(name, "-"), hint)
	}
	// invalid value "V" for flag -NAME: REASON, or for a bool flag
	// invalid boolean value "V" for -NAME: REASON.
	if i := strings.LastIndex(msg, "\" for "); strings.HasPrefix(msg, "invalid ") && i >= 0 {
		rest := strings.TrimPrefix(msg[i+len("\" for "):], "flag ")
		name, reason, _ := strings.Cut(strings.TrimLeft(rest, "-"), ": ")
		if f := fs.Lookup(name); f != nil && isBoolFlag(f) {
			reason = "wants true or false"
		}
		return usagef("%s: --%s %s", c.name, name, reason)
	}
	return usagef("%s: %s%s", c.name, msg, hint)
}

func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// printUsage writes a command's help: synopsis, what it does, its flags.
func (c command) printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: kbbot %s %s\n", c.name, c.args)
	if c.about != "" {
		fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.about))
	}
	type row struct{ left, right string }
	var rows []row
	width := len("-h, --help")
	fs.VisitAll(func(f *flag.Flag) {
		placeholder, usage := flag.UnquoteUsage(f)
		left := "--" + f.Name
		if isBoolFlag(f) {
			placeholder = ""
		}
		if placeholder != "" {
			left += " " + placeholder
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	rows = append(rows, row{"-h, --help", "show this help"})
	fmt.Fprintln(w, "\nflags:")
	for _, r := range rows {
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.left, r.right)
	}
	if c.config != configNone {
		fmt.Fprintln(w, "\nConfiguration comes from the environment and a .env file; see .env.example.")
	}
}

// printHelp writes `kbbot help`: every command with its summary.
func printHelp(w io.Writer) {
	fmt.Fprint(w, "usage: kbbot COMMAND [flags] [arguments]\n\ncommands:\n")
	for _, c := range commands() {
		if !c.hidden {
			fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
		}
	}
	fmt.Fprint(w, "\nRun kbbot COMMAND --help for a command's flags.\n"+
		"Configuration comes from the environment and a .env file; see .env.example.\n")
}

// suggest returns the candidate closest to s, if it is close enough to be
// a typo: within two edits (a swap of neighbours counts as one), or s is a
// prefix of it.
func suggest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		d := editDistance(s, c)
		if len(s) >= 3 && strings.HasPrefix(c, s) {
			d = min(d, 1)
		}
		if d < bestDist && d < max(len(c), 2) {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
