package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

func TestParseOptions(t *testing.T) {
	dir := t.TempDir()
	exe := func(name string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("#!/bin/sh\n"), mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b, plain := exe("kbbot-a", 0o755), exe("kbbot-b", 0o755), exe("notes.txt", 0o644)

	o, err := parseOptions([]string{"-bin", "before=" + a, "-bins", b + "," + a, "-sizes", "50, 1000", "-runs", "1", "-json"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var labels, paths []string
	for _, bin := range o.bins {
		labels, paths = append(labels, bin.Label), append(paths, bin.Path)
	}
	if want := []string{"before", "kbbot-b", "kbbot-a"}; !slices.Equal(labels, want) {
		t.Errorf("labels = %v, want %v", labels, want)
	}
	if want := []string{a, b, a}; !slices.Equal(paths, want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
	if !slices.Equal(o.sizes, []int{50, 1000}) || o.runs != 1 || !o.json {
		t.Errorf("sizes %v runs %d json %v, want [50 1000] 1 true", o.sizes, o.runs, o.json)
	}

	// A repeated label gets the binary's position.
	o, err = parseOptions([]string{"-bin", a, "-bin", a}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.bins[0].Label != "kbbot-a" || o.bins[1].Label != "kbbot-a-2" {
		t.Errorf("labels of the same binary twice = %q, %q; want kbbot-a, kbbot-a-2", o.bins[0].Label, o.bins[1].Label)
	}

	// A relative path is made absolute (children run elsewhere).
	t.Chdir(dir)
	o, err = parseOptions([]string{"-bin", "kbbot-a"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.bins[0].Path != a {
		t.Errorf("path of ./kbbot-a = %q, want %q", o.bins[0].Path, a)
	}

	for name, args := range map[string][]string{
		"no binary":      {"-sizes", "50"},
		"not executable": {"-bin", plain},
		"missing":        {"-bin", filepath.Join(dir, "nothing")},
		"bad size":       {"-bin", a, "-sizes", "1000,ten"},
		"zero runs":      {"-bin", a, "-runs", "0"},
		"stray argument": {"-bin", a, "serve"},
		"bad memlimit":   {"-bin", a, "-gomemlimit", "768MB"},
	} {
		_, err := parseOptions(args, io.Discard)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("%s: parseOptions(%q) = %v, want a usage error", name, args, err)
		}
	}
}

// TestDefaultMemLimitIsTheManifests keeps -gomemlimit's default the
// GOMEMLIMIT the shipped Kubernetes manifest sets, so the table measures
// what a deployment runs with.
func TestDefaultMemLimitIsTheManifests(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "k8s", "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`name: GOMEMLIMIT\s+value: "([^"]+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("deploy/k8s/deployment.yaml sets no GOMEMLIMIT")
	}
	if string(m[1]) != defaultMemLimit {
		t.Errorf("the manifest's GOMEMLIMIT is %q, -gomemlimit's default %q", m[1], defaultMemLimit)
	}
}
