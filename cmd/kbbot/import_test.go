package main

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
)

// TestImportFindings: each case is a way `kbbot import` lost entries or
// reported problems a few at a time (issue 14). Each runs against its own
// namespace with KBBOT_SEED=off, so export shows exactly what was written.
func TestImportFindings(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	entry := func(id string) string {
		return `{"id": "` + id + `", "kind": "insight", "title": "Title ` + id + `", "summary": "Summary."}`
	}
	yamlEntry := func(id string) string {
		return "id: " + id + "\nkind: insight\ntitle: Title " + id + "\nsummary: Summary.\n"
	}
	var sixty strings.Builder
	for i := range 60 {
		fmt.Fprintf(&sixty, `{"id": "e%d", "kind": "robot", "title": "T", "summary": "S"}`+"\n", i)
	}
	wantSixty := make([]string, 0, 52)
	for i := range 50 {
		wantSixty = append(wantSixty, fmt.Sprintf("sixty.jsonl:%d: kind: must be one of pilot, use_case, guidance, insight", i+1))
	}
	wantSixty = append(wantSixty, "kbbot: … and 10 more problems not listed (the first 50 are above)", "kbbot: import aborted, nothing was written (60 problems)")

	for i, tc := range []struct {
		name, file, content, stdin string
		args                       []string // after "import"; default the file
		wantOut                    string   // stdout on success
		wantErr                    []string // the stderr lines on failure
		wantIDs                    int      // entries exported afterwards
	}{
		// A stream of --- documents imported only the first, saying
		// "imported 1".
		{name: "yaml --- stream", file: "two.yaml", content: yamlEntry("a") + "---\n" + yamlEntry("b"),
			wantOut: "imported 2 entries from two.yaml: 2 new, 0 updated\n", wantIDs: 2},
		{name: "yaml list then an entry", file: "mixed.yml", content: "- id: a\n  kind: insight\n  title: T\n  summary: S\n---\n" + yamlEntry("b"),
			wantOut: "imported 2 entries from mixed.yml: 2 new, 0 updated\n", wantIDs: 2},
		// "-" was refused.
		{name: "stdin", stdin: entry("a") + "\n" + entry("b") + "\n", args: []string{"-"},
			wantOut: "imported 2 entries from stdin: 2 new, 0 updated\n", wantIDs: 2},
		{name: "stdin as yaml", stdin: yamlEntry("a"), args: []string{"--format", "yaml", "-"},
			wantOut: "imported 1 entry from stdin: 1 new, 0 updated\n", wantIDs: 1},
		// A byte order mark was "invalid JSON at byte 1".
		{name: "utf-8 byte order mark", file: "bom.jsonl", content: "\xEF\xBB\xBF" + entry("a") + "\n",
			wantOut: "imported 1 entry from bom.jsonl: 1 new, 0 updated\n", wantIDs: 1},
		{name: "a file whose name says nothing, with --format", file: "entries.txt", content: entry("a") + "\n", args: []string{"--format=jsonl", "entries.txt"},
			wantOut: "imported 1 entry from entries.txt: 1 new, 0 updated\n", wantIDs: 1},
		// A repeated key kept the last value silently.
		{name: "json key given twice", file: "twice.jsonl", content: `{"id": "a", "kind": "insight", "title": "T", "summary": "First.", "summary": "Second."}` + "\n",
			wantErr: []string{"twice.jsonl:1: summary: given twice in one entry", "kbbot: import aborted, nothing was written (1 problem)"}},
		{name: "yaml key given twice", file: "twice.yaml", content: "- id: a\n  kind: insight\n  title: T\n  summary: First.\n  summary: Second.\n",
			wantErr: []string{"twice.yaml:5: summary: given twice in one entry", "kbbot: import aborted, nothing was written (1 problem)"}},
		// Problems came in phases: reading, then validation, then the
		// privacy screen.
		{name: "every problem in one run", file: "phases.jsonl", content: `{"id": "a", "kind": "insight", "title": "T", "summary": "S", "colour": "x"}` + "\n" +
			`{"id": "b", "kind": "insight", "title": "T"}` + "\n" +
			`{"id": "c", "kind": "insight", "title": "T", "summary": "Call 07700 900123."}` + "\n" +
			entry("a") + "\n",
			wantErr: []string{"phases.jsonl:1: colour: unknown field", "phases.jsonl:2: summary: required",
				"phases.jsonl:3: summary: looks like a phone number", "phases.jsonl:4: id: duplicate of the entry on line 1",
				"kbbot: import aborted, nothing was written (4 problems)"}},
		// Past 50 problems the rest were cut without saying so.
		{name: "more than 50 problems", file: "sixty.jsonl", content: sixty.String(), wantErr: wantSixty},
		{name: "stdin with a problem", stdin: `{"id": "a", "kind": "insight"}` + "\n", args: []string{"-"},
			wantErr: []string{"stdin:1: title: required", "stdin:1: summary: required", "kbbot: import aborted, nothing was written (2 problems)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": fmt.Sprintf("find%d", i), "KBBOT_SEED": "off"}
			args := tc.args
			if tc.file != "" {
				writeFile(t, tc.file, tc.content)
				if args == nil {
					args = []string{tc.file}
				}
			}
			r := kbbotIn(t, env, tc.stdin, append([]string{"import"}, args...)...)
			if tc.wantErr != nil {
				if r.code != 2 {
					t.Errorf("exit status %d, want 2", r.code)
				}
				if diff := cmp.Diff(tc.wantErr, lines(r.stderr)); diff != "" {
					t.Errorf("stderr (-want +got):\n%s", diff)
				}
			} else {
				if r.code != 0 || r.stdout != tc.wantOut {
					t.Errorf("exit %d, stdout %q, stderr %q; want 0 and %q", r.code, r.stdout, r.stderr, tc.wantOut)
				}
			}
			exp := kbbot(t, env, "export")
			if got := len(lines(exp.stdout)); got != tc.wantIDs {
				t.Errorf("export holds %d entries after the import, want %d", got, tc.wantIDs)
			}
		})
	}
}

// TestSeedOff: with KBBOT_SEED=off nothing is ever seeded: not by ask, not
// by import, not by serve; anything else is a configuration error.
func TestSeedOff(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { rdb.Close() })
	env := func(ns, seed string) map[string]string {
		return map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": ns, "KBBOT_SEED": seed}
	}
	count := func(ns string) int64 {
		n, err := rdb.ZCard(t.Context(), ns+":ids").Result()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	t.Run("ask", func(t *testing.T) {
		r := kbbot(t, env("ask-off", "off"), "ask", xrayQuestion)
		if r.code != 0 || !strings.Contains(r.stdout, "couldn't find anything") {
			t.Errorf("exit %d, stdout %q; want 0 and nothing found", r.code, r.stdout)
		}
		if !strings.Contains(r.stderr, `namespace "ask-off"`) || !strings.Contains(r.stderr, "KBBOT_SEED=off") {
			t.Errorf("stderr = %q, want it to say the knowledge base is empty with KBBOT_SEED=off", r.stderr)
		}
		if n, err := rdb.DBSize(t.Context()).Result(); err != nil || n != 0 {
			t.Errorf("DBSIZE = %d, %v after ask with KBBOT_SEED=off; want 0", n, err)
		}
		if r := kbbot(t, env("ask-on", "on"), "ask", xrayQuestion); r.code != 0 || count("ask-on") == 0 {
			t.Errorf("KBBOT_SEED=on: exit %d, %d entries; want the seed", r.code, count("ask-on"))
		}
	})
	t.Run("import", func(t *testing.T) {
		writeFile(t, "one.jsonl", importGood+"\n")
		r := kbbot(t, env("import-off", "off"), "import", "one.jsonl")
		if r.code != 0 || r.stderr != "" {
			t.Errorf("exit %d, stderr %q; want 0 and no word of seeding", r.code, r.stderr)
		}
		if n := count("import-off"); n != 1 {
			t.Errorf("%d entries after importing one with KBBOT_SEED=off, want 1", n)
		}
	})
	t.Run("a refused import does not seed either", func(t *testing.T) {
		writeFile(t, "bad.jsonl", `{"id": "x"}`+"\n")
		if r := kbbot(t, env("refused-on", "on"), "import", "bad.jsonl"); r.code != 2 {
			t.Errorf("exit %d, want 2", r.code)
		}
		if n := count("refused-on"); n != 0 {
			t.Errorf("%d entries after a refused import, want 0: nothing is written, the seed included", n)
		}
	})
	t.Run("bad value", func(t *testing.T) {
		r := kbbot(t, env("bad", "no"), "ask", "q")
		if r.code != 2 || len(lines(r.stderr)) != 1 || !strings.Contains(r.stderr, "KBBOT_SEED: want on or off") {
			t.Errorf("exit %d, stderr %q; want 2 and one line naming KBBOT_SEED", r.code, r.stderr)
		}
	})
}

// TestImportProgress: on a terminal, import shows the reading, checking
// and writing phases (it showed reading, then nothing for 9 s).
func TestImportProgress(t *testing.T) {
	srv := redistest.Start(t)
	cfg := config{RedisURL: srv.URL(), Namespace: "kb"}
	b, err := openStore(t.Context(), cfg, readWrite, "import")
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	app, err := newApp(t.Context(), slog.New(slog.DiscardHandler), b, cfg, appOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var file strings.Builder
	for i := range 300 {
		fmt.Fprintf(&file, `{"id": "p%d", "kind": "insight", "title": "Title %d", "summary": "Summary."}`+"\n", i, i)
	}
	var out bytes.Buffer
	prog := newProgress(&out, true)
	clock := time.Unix(0, 0)
	prog.now = func() time.Time { clock = clock.Add(time.Second); return clock } // every update is due
	checked, err := app.CheckImport(t.Context(), handlers.ImportRequest{
		Name: "p.jsonl", Format: knowledge.FormatJSONL, Body: prog.reader(strings.NewReader(file.String()), int64(file.Len())), Progress: prog.update,
	})
	if err != nil {
		t.Fatal(err)
	}
	prog.clear()
	if _, err := app.WriteImport(t.Context(), checked, prog.update); err != nil {
		t.Fatal(err)
	}
	prog.clear()
	got := out.String()
	for _, want := range []string{"kbbot: reading 100%", "kbbot: checking entries: 1 of 300", "kbbot: checking entries: 300 of 300",
		"kbbot: writing 300 entries in one transaction…", "kbbot: wrote 300 entries"} {
		if !strings.Contains(got, want) {
			t.Errorf("progress output lacks %q:\n%q", want, got)
		}
	}
	if !strings.HasSuffix(got, "\r") {
		t.Errorf("progress output ends %q, want the line cleared", got[max(len(got)-20, 0):])
	}

	t.Run("silent off a terminal", func(t *testing.T) {
		var out bytes.Buffer
		p := newProgress(&out, false)
		p.update(handlers.ImportProgress{Phase: handlers.ImportWrite, Total: 3})
		p.clear()
		if out.Len() != 0 {
			t.Errorf("output %q, want nothing", out.String())
		}
	})
}
