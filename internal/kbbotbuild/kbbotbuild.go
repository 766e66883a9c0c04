// Package kbbotbuild builds the kbbot binary for tests that run it as an
// operator would.
package kbbotbuild

import (
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// Build builds the kbbot command whose package is in dir (relative to the
// test's working directory) into a temporary directory and returns its
// path. It builds as the test binary was built: under go test -race the
// packages are then already compiled (a cold non-race build takes
// minutes), and the binary reports its own data races.
func Build(t testing.TB, dir string) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is needed to build kbbot: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "kbbot")
	args := []string{"build", "-o", bin}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				args = append(args, "-race")
			}
		}
	}
	cmd := exec.CommandContext(t.Context(), goTool, append(args, dir)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s %s: %v\n%s", strings.Join(args, " "), dir, err, out)
	}
	return bin
}
