package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// Set by the linker in release builds (see deploy/Dockerfile):
// -ldflags "-X main.version=v1.2.3 -X main.commit=abc1234".
var (
	version = ""
	commit  = ""
)

// buildInfo returns the version and commit, from the linker flags when set,
// otherwise from the Go build information (module version, VCS revision).
func buildInfo() (ver, rev, built string, modified bool) {
	ver, rev = version, commit
	if bi, ok := debug.ReadBuildInfo(); ok {
		if ver == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			ver = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				if rev == "" {
					rev = s.Value
				}
			case "vcs.time":
				built = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if ver == "" {
		ver = "dev"
	}
	if rev == "" {
		rev = "unknown"
	}
	return ver, rev, built, modified
}

// versionCommand is `kbbot version`.
func versionCommand() command {
	return command{
		name:    "version",
		args:    "",
		summary: "print the version and build information",
		config:  configNone,
		setup: func(*flag.FlagSet) action {
			return func(_ context.Context, e *cmdEnv, args []string) error {
				if len(args) > 0 {
					return usagef("version: takes no arguments")
				}
				return runVersion(e.stdout)
			}
		},
	}
}

func runVersion(w io.Writer) error {
	ver, rev, built, modified := buildInfo()
	dirty := ""
	if modified {
		dirty = " (modified)"
	}
	fmt.Fprintf(w, "kbbot %s\ncommit %s%s\n", ver, rev, dirty)
	if built != "" {
		fmt.Fprintf(w, "committed %s\n", built)
	}
	fmt.Fprintf(w, "%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
