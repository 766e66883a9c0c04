package main

import (
	"strings"
	"testing"
)

// TestHelpForEveryCommand: every command answers -h and --help with its own
// usage on stdout and exit 0, however its configuration looks (a bad
// setting must not hide the help).
func TestHelpForEveryCommand(t *testing.T) {
	inTempDir(t)
	badConfig := map[string]string{"KBBOT_LLM_TIMEOUT": "soon", "REDIS_URL": "http://nowhere"}
	for _, c := range commands() {
		for _, flag := range []string{"-h", "--help", "-help"} {
			t.Run(c.name+" "+flag, func(t *testing.T) {
				r := kbbot(t, badConfig, c.name, flag)
				if r.code != 0 {
					t.Errorf("exit status %d, want 0; stderr %q", r.code, r.stderr)
				}
				if !strings.HasPrefix(r.stdout, "usage: kbbot "+c.name) || !strings.Contains(r.stdout, "-h, --help") {
					t.Errorf("stdout = %q, want the usage of kbbot %s", r.stdout, c.name)
				}
				if r.stderr != "" {
					t.Errorf("stderr = %q, want nothing", r.stderr)
				}
			})
		}
	}
	t.Run("help COMMAND", func(t *testing.T) {
		r := kbbot(t, nil, "help", "import")
		if r.code != 0 || !strings.HasPrefix(r.stdout, "usage: kbbot import") || !strings.Contains(r.stdout, "--format") {
			t.Errorf("exit %d, stdout %q; want import's usage", r.code, r.stdout)
		}
	})
	t.Run("help lists the commands", func(t *testing.T) {
		r := kbbot(t, nil, "--help")
		for _, c := range commands() {
			if listed := strings.Contains(r.stdout, "\n  "+c.name+" "); listed == c.hidden {
				t.Errorf("kbbot --help lists %s: %v, want %v", c.name, listed, !c.hidden)
			}
		}
	})
}

// TestUsageErrors: each is friction from issue 14, one clear line and
// exit 2.
func TestUsageErrors(t *testing.T) {
	inTempDir(t)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"command typo", []string{"serv"}, `unknown command "serv": did you mean serve?`},
		{"command swap", []string{"exprot"}, "did you mean export?"},
		{"command far off", []string{"frobnicate"}, `unknown command "frobnicate" (run kbbot help)`},
		{"flag before the command", []string{"--json", "ask", "q"}, "flags go after it"},
		{"flag typo", []string{"ask", "--jsn", "q"}, "unknown flag --jsn (did you mean --json?)"},
		{"bool flag with a bad value", []string{"ask", "--json=maybe", "q"}, "--json wants true or false"},
		{"limit out of range", []string{"ask", "--limit=21", "q"}, "--limit wants a number from 1 to 20"},
		{"audit date", []string{"audit", "--since", "last week"}, "--since wants a date as YYYY-MM-DD or RFC 3339"},
		{"import format", []string{"import", "--format", "csv", "-"}, "--format wants jsonl or yaml"},
		{"version argument", []string{"version", "now"}, "version: takes no arguments"},
		{"check argument", []string{"check", "all"}, "check: takes no arguments"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := kbbot(t, nil, tc.args...)
			if r.code != 2 {
				t.Errorf("exit status %d, want 2", r.code)
			}
			if l := lines(r.stderr); len(l) != 1 || !strings.Contains(l[0], tc.want) {
				t.Errorf("stderr = %q, want one line containing %q", r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}
}

// TestFlagForms: --flag=value, -flag, flags after the words and "--" all
// work (--json=true was refused).
func TestFlagForms(t *testing.T) {
	inTempDir(t)
	for _, args := range [][]string{
		{"ask", "--json=true", "x-ray backlog"},
		{"ask", "-json", "x-ray", "backlog"},
		{"ask", "x-ray", "--json", "backlog", "--limit=1"},
		{"ask", "--json", "--", "x-ray", "backlog"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := kbbot(t, nil, args...)
			if r.code != 0 || !strings.HasPrefix(r.stdout, "{") || !strings.Contains(r.stdout, `"question": "x-ray backlog"`) {
				t.Errorf("exit %d, stdout %q, stderr %q; want the JSON answer to \"x-ray backlog\"", r.code, r.stdout, r.stderr)
			}
		})
	}
	t.Run("after -- a dash word is a question word", func(t *testing.T) {
		r := kbbot(t, nil, "ask", "--json", "--", "--limit")
		if r.code != 0 || !strings.Contains(r.stdout, `"question": "--limit"`) {
			t.Errorf("exit %d, stdout %q; want --limit taken as the question", r.code, r.stdout)
		}
	})
}

func TestSuggest(t *testing.T) {
	names := []string{"serve", "ask", "import", "export", "audit", "check", "version"}
	for in, want := range map[string]string{
		"serv": "serve", "sevre": "serve", "ak": "ask", "imprt": "import", "exprot": "export",
		"chek": "check", "versoin": "version", "ver": "version", "frobnicate": "", "x": "", "": "",
	} {
		if got := suggest(in, names); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
