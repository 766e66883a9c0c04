package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// options are the command line.
type options struct {
	bins      []binary
	sizes     []int
	runs      int
	json      bool
	questions int           // /kb questions timed per first start (0: none)
	question  string        // the question `ask --json` is timed with
	timeout   time.Duration // bounds each child (and each serve's start)
	memLimit  string        // GOMEMLIMIT of the third serve start
}

// defaultMemLimit is the GOMEMLIMIT deploy/k8s/deployment.yaml sets.
const defaultMemLimit = "768MiB"

// validMemLimit is the form of a GOMEMLIMIT the Go runtime accepts (a
// malformed one stops a child at its start).
var validMemLimit = regexp.MustCompile(`^(off|[0-9]+(B|KiB|MiB|GiB|TiB)?)$`)

// binary is one kbbot binary measured, with the label of its columns.
type binary struct {
	Label   string `json:"label"`
	Path    string `json:"path"`
	Version string `json:"version"`
}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("kbbot-scale", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kbbot-scale -bin [LABEL=]PATH [-bin …] [-sizes 1000,10000,50000] [-runs 3] [-json]")
		fs.PrintDefaults()
	}
	o := options{runs: 3}
	addBin := func(v string) error {
		b, err := parseBinary(v)
		if err != nil {
			return err
		}
		o.bins = append(o.bins, b)
		return nil
	}
	fs.Func("bin", "a built kbbot binary, as `[LABEL=]PATH` (repeat it to measure binaries side by side; LABEL defaults to the file name)", addBin)
	fs.Func("bins", "binaries as a comma-separated `LIST` of [LABEL=]PATH, the same as repeating -bin", func(v string) error {
		for p := range strings.SplitSeq(v, ",") {
			if err := addBin(strings.TrimSpace(p)); err != nil {
				return err
			}
		}
		return nil
	})
	sizes := fs.String("sizes", "1000,10000,50000", "knowledge-base sizes, entries, comma-separated")
	fs.IntVar(&o.runs, "runs", 3, "runs of each measurement; the table shows the median and the range")
	fs.BoolVar(&o.json, "json", false, "print the figures as JSON instead of a Markdown table")
	fs.IntVar(&o.questions, "questions", 200, "/kb questions timed through each first serve start (0: skip that row)")
	fs.StringVar(&o.question, "ask", "has anyone used AI to clear an x-ray backlog?", "the question `ask --json` is timed with")
	fs.StringVar(&o.memLimit, "gomemlimit", defaultMemLimit, "the `GOMEMLIMIT` of the third serve start (the shipped Kubernetes manifest's)")
	fs.DurationVar(&o.timeout, "timeout", 15*time.Minute, "the longest any one child may take (a serve to become ready, an import…)")
	if err := fs.Parse(args); err != nil {
		return o, usageError(err.Error())
	}
	if fs.NArg() > 0 {
		return o, usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	if len(o.bins) == 0 {
		return o, usageError("-bin is required: a kbbot binary built with go build -o /tmp/kbbot ./cmd/kbbot")
	}
	seen := map[string]bool{}
	for i := range o.bins {
		if seen[o.bins[i].Label] {
			o.bins[i].Label += "-" + strconv.Itoa(i+1)
		}
		seen[o.bins[i].Label] = true
	}
	var err error
	if o.sizes, err = parseSizes(*sizes); err != nil {
		return o, err
	}
	if !validMemLimit.MatchString(o.memLimit) {
		return o, usageError(fmt.Sprintf("-gomemlimit %q: want what GOMEMLIMIT takes, such as 768MiB, 1GiB or off", o.memLimit))
	}
	if o.runs < 1 || o.questions < 0 || o.timeout <= 0 {
		return o, usageError("-runs must be at least 1, -questions not negative and -timeout positive")
	}
	return o, nil
}

// parseBinary reads [LABEL=]PATH and checks the file is an executable. The
// path is made absolute: children run in their own directories.
func parseBinary(v string) (binary, error) {
	label, path, ok := strings.Cut(v, "=")
	if !ok {
		path, label = v, filepath.Base(v)
	}
	if label == "" || path == "" {
		return binary{}, fmt.Errorf("want [LABEL=]PATH, got %q", v)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return binary{}, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return binary{}, err
	}
	if st.IsDir() || st.Mode().Perm()&0o111 == 0 {
		return binary{}, fmt.Errorf("%s is not an executable file", path)
	}
	return binary{Label: label, Path: abs}, nil
}

// parseSizes reads "1000,10000,50000".
func parseSizes(v string) ([]int, error) {
	var sizes []int
	for p := range strings.SplitSeq(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 {
			return nil, usageError(fmt.Sprintf("-sizes: want positive whole numbers, comma-separated, got %q", p))
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}
