package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge/redisstore/redistest"
	"github.com/nhs-ai-cop/kbbot/knowledge/seed"
)

// These tests run the whole program through run(), as a shell would, with
// a fake environment and buffers for stdout and stderr. Each one works in
// its own temporary directory, so no .env of the developer's is read; hence
// they cannot run in parallel (t.Chdir).

// TestMain lets a test run main() itself in a child process (see
// kbbotProcess): with KBBOT_TEST_MAIN_ARGS set, this test binary is kbbot.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("KBBOT_TEST_MAIN_ARGS"); ok {
		os.Args = append([]string{"kbbot"}, strings.Split(args, "\x1f")...)
		main()
		return // unreachable: main exits
	}
	os.Exit(m.Run())
}

// result is what one run of kbbot did.
type result struct {
	code           int
	stdout, stderr string
}

// kbbot runs the program with args and the environment env, and maps its
// error to the exit status as main does.
func kbbot(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	return kbbotIn(t, env, "", args...)
}

// kbbotIn is kbbot with stdin.
func kbbotIn(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), args, fakeEnv(env), strings.NewReader(stdin), &stdout, &stderr)
	code := exitCode(err, &stderr)
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// inTempDir makes a fresh temporary directory the working directory for
// the rest of the test and returns it.
func inTempDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Chdir(dir)
	return dir
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// lines splits output into its non-empty lines.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// embeddedPrefix is the start of the line DESIGN asks for when REDIS_URL
// is unset ("says on stderr that nothing will persist").
const embeddedPrefix = "kbbot: REDIS_URL is not set"

// errorLines are the lines of stderr other than the embedded-store notice.
func errorLines(stderr string) []string {
	return slices.DeleteFunc(lines(stderr), func(l string) bool { return strings.HasPrefix(l, embeddedPrefix) })
}

const xrayQuestion = "has anyone used AI to clear an x-ray backlog?"

func TestAskJSON(t *testing.T) {
	inTempDir(t)
	for _, tc := range []struct {
		name      string
		args      []string
		wantLimit int
	}{
		{"default limit", []string{"ask", "--json", xrayQuestion}, 3},
		{"limit 1", []string{"ask", "--json", "--limit", "1", xrayQuestion}, 1},
		{"limit=2 after the words", append(append([]string{"ask"}, strings.Fields(xrayQuestion)...), "--limit=2", "--json"), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := kbbot(t, nil, tc.args...)
			if r.code != 0 {
				t.Fatalf("exit status %d, want 0; stderr:\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "nothing will persist") {
				t.Errorf("stderr = %q, want the embedded store's notice that nothing will persist", r.stderr)
			}
			if el := errorLines(r.stderr); len(el) != 0 {
				t.Errorf("stderr has %q besides the notice, want nothing", el)
			}
			var top map[string]json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &top); err != nil {
				t.Fatalf("stdout is not a JSON object: %v\n%s", err, r.stdout)
			}
			if diff := cmp.Diff([]string{"answer", "confidence", "llm", "question", "results"}, sortedKeys(top)); diff != "" {
				t.Errorf("JSON keys (-want +got):\n%s", diff)
			}
			var got struct {
				Question string           `json:"question"`
				Answer   string           `json:"answer"`
				Results  []map[string]any `json:"results"`
				LLM      *bool            `json:"llm"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			if got.Question != xrayQuestion {
				t.Errorf("question = %q, want %q", got.Question, xrayQuestion)
			}
			if got.Answer == "" || got.Answer == handlers.NothingFoundText {
				t.Errorf("answer = %q, want an answer", got.Answer)
			}
			if got.LLM == nil || *got.LLM {
				t.Errorf("llm = %v, want false (no OPENAI_API_KEY)", got.LLM)
			}
			if n := len(got.Results); n == 0 || n > tc.wantLimit {
				t.Fatalf("%d results, want 1 to %d", n, tc.wantLimit)
			}
			var ids []string
			for i, res := range got.Results {
				if diff := cmp.Diff([]string{"id", "kind", "score", "summary", "title"}, sortedKeys(res)); diff != "" {
					t.Errorf("result %d keys (-want +got):\n%s", i, diff)
				}
				for _, k := range []string{"id", "kind", "summary", "title"} {
					if s, ok := res[k].(string); !ok || s == "" {
						t.Errorf("result %d %s = %v, want a non-empty string", i, k, res[k])
					}
				}
				score, ok := res["score"].(float64)
				if !ok || score <= 0 || score > 1 {
					t.Errorf("result %d score = %v, want a number in (0, 1]", i, res["score"])
				}
				if i > 0 && score > got.Results[i-1]["score"].(float64) {
					t.Errorf("result %d scores above result %d: want best first", i, i-1)
				}
				ids = append(ids, fmt.Sprint(res["id"]))
			}
			if !slices.Contains(ids, "pilot-fracture-ai-xray-backlog") && tc.wantLimit > 1 {
				t.Errorf("results %v, want pilot-fracture-ai-xray-backlog among them", ids)
			}
			if got.Answer != got.Results[0]["summary"] {
				t.Errorf("answer = %q, want the best result's summary", got.Answer)
			}
		})
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestAskText(t *testing.T) {
	inTempDir(t)
	r := kbbot(t, nil, "ask", xrayQuestion)
	if r.code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"Sources:", " 1. ", "id: pilot-fracture-ai-xray-backlog", "Pilot"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout does not contain %q:\n%s", want, r.stdout)
		}
	}
}

func TestAskUnanswerable(t *testing.T) {
	inTempDir(t)
	r := kbbot(t, nil, "ask", "--json", "who won the football last night")
	if r.code != 0 {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, `"results": []`) {
		t.Errorf(`stdout does not contain "results": []:`+"\n%s", r.stdout)
	}
	var got struct {
		Answer  string `json:"answer"`
		Results []any  `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	if got.Results == nil || len(got.Results) != 0 {
		t.Errorf("results = %#v, want an empty list", got.Results)
	}
	// The command line's own text: the shared one points to Slack commands.
	if got.Answer != cliNothingFoundText || strings.Contains(got.Answer, "/kb experts") {
		t.Errorf("answer = %q, want the command line's nothing-found text", got.Answer)
	}

	t.Run("text", func(t *testing.T) {
		r := kbbot(t, nil, "ask", "who won the football last night")
		if r.code != 0 || strings.Contains(r.stdout, "Sources:") || !strings.Contains(r.stdout, "I couldn't find anything") {
			t.Errorf("exit %d, stdout:\n%s\nwant 0 and the nothing-found text without sources", r.code, r.stdout)
		}
	})
}

func TestAskRefused(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		kind     string
		message  string
		jsonMode bool
	}{
		{"nhs number json embedded", nil, []string{"ask", "--json", "x-ray", "backlog", "AI", "for", "999", "000", "0018"}, "nhs_number", "NHS number", true},
		{"nhs number json redis", map[string]string{"REDIS_URL": srv.URL()}, []string{"ask", "--json", "x-ray backlog AI for 999 000 0018"}, "nhs_number", "NHS number", true},
		{"nhs number text", map[string]string{"REDIS_URL": srv.URL()}, []string{"ask", "x-ray backlog AI for 9990000018"}, "nhs_number", "NHS number", false},
		{"phone json", map[string]string{"REDIS_URL": srv.URL()}, []string{"ask", "--json", "call 07700 900123 about the x-ray backlog"}, "phone", "phone number", true},
		{"email text", map[string]string{"REDIS_URL": srv.URL()}, []string{"ask", "email jane.smith@nhs.net about DPIA"}, "email", "email address", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := kbbot(t, tc.env, tc.args...)
			if r.code != 2 {
				t.Errorf("exit status %d, want 2", r.code)
			}
			el := errorLines(r.stderr)
			if len(el) != 1 || !strings.Contains(el[0], tc.message) {
				t.Errorf("stderr lines %q, want exactly one naming %q", el, tc.message)
			}
			if tc.env["REDIS_URL"] != "" && len(lines(r.stderr)) != 1 {
				t.Errorf("stderr = %q, want exactly one line", r.stderr)
			}
			for _, secret := range []string{"999", "0018", "07700", "900123", "jane.smith", "backlog", "DPIA"} {
				if strings.Contains(r.stdout, secret) || strings.Contains(r.stderr, secret) {
					t.Errorf("output repeats %q from the question:\nstdout %q\nstderr %q", secret, r.stdout, r.stderr)
				}
			}
			if !tc.jsonMode {
				if r.stdout != "" {
					t.Errorf("stdout = %q, want nothing", r.stdout)
				}
				return
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
			}
			want := map[string]any{"refused": tc.kind, "results": []any{}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("stdout JSON (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBadUsage(t *testing.T) {
	inTempDir(t)
	writeFile(t, "notes.txt", "hello\n")
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string // in the one line on stderr
	}{
		{"ask without a question", nil, []string{"ask"}, "no question"},
		{"ask flags only", nil, []string{"ask", "--json"}, "no question"},
		{"ask unknown flag", nil, []string{"ask", "--verbose", "q"}, "unknown flag --verbose"},
		{"ask limit zero", nil, []string{"ask", "--limit", "0", "q"}, "--limit wants a number from 1 to 20"},
		{"ask limit not a number", nil, []string{"ask", "--limit=many", "q"}, "--limit wants a number"},
		{"ask limit missing", nil, []string{"ask", "q", "--limit"}, "--limit needs a value"},
		{"export bad format", nil, []string{"export", "--format", "xml"}, "--format wants jsonl or yaml"},
		{"export format missing", nil, []string{"export", "--format"}, "--format needs"},
		{"export extra argument", nil, []string{"export", "all"}, "unexpected argument"},
		{"import without a file", nil, []string{"import"}, "want exactly one FILE"},
		{"import two files", nil, []string{"import", "a.jsonl", "b.jsonl"}, "want exactly one FILE"},
		{"import missing file", nil, []string{"import", "missing.jsonl"}, "missing.jsonl"},
		{"import unknown extension", nil, []string{"import", "notes.txt"}, "want a .jsonl, .yaml or .yml file"},
		{"bad llm timeout", map[string]string{"KBBOT_LLM_TIMEOUT": "soon"}, []string{"ask", "q"}, "KBBOT_LLM_TIMEOUT"},
		{"bad redis url", map[string]string{"REDIS_URL": "http://example.org"}, []string{"ask", "q"}, "REDIS_URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := kbbot(t, tc.env, tc.args...)
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

func TestUnknownCommand(t *testing.T) {
	inTempDir(t)
	r := kbbot(t, nil, "frobnicate")
	if r.code != 2 {
		t.Errorf("exit status %d, want 2", r.code)
	}
	if l := lines(r.stderr); len(l) != 1 || !strings.Contains(l[0], `unknown command "frobnicate"`) {
		t.Errorf("stderr = %q, want one line naming the unknown command", r.stderr)
	}
	t.Run("no command", func(t *testing.T) {
		r := kbbot(t, nil)
		if r.code != 2 || !strings.Contains(r.stderr, "usage: kbbot") {
			t.Errorf("exit %d, stderr %q; want 2 and the usage", r.code, r.stderr)
		}
	})
	t.Run("help", func(t *testing.T) {
		r := kbbot(t, nil, "help")
		if r.code != 0 || !strings.Contains(r.stdout, "usage: kbbot") {
			t.Errorf("exit %d, stdout %q; want 0 and the usage", r.code, r.stdout)
		}
	})
}

func TestVersion(t *testing.T) {
	inTempDir(t)
	for _, arg := range []string{"version", "--version"} {
		t.Run(arg, func(t *testing.T) {
			r := kbbot(t, nil, arg)
			if r.code != 0 {
				t.Errorf("exit status %d, want 0", r.code)
			}
			if !strings.HasPrefix(r.stdout, "kbbot ") {
				t.Errorf("stdout = %q, want it to start with \"kbbot \"", r.stdout)
			}
			if r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
		})
	}
}

// importGood and importBad are import lines: a valid new entry, and the
// same entry with a problem.
const importGood = `{"id": "pilot-cli-podiatry", "kind": "pilot", "title": "AI wound photos in podiatry", "summary": "A podiatry team measured ulcers from photos with AI.", "status": "approved", "created_at": "2026-02-01"}`

func TestImportBadFile(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	env := map[string]string{"REDIS_URL": srv.URL()}
	for _, tc := range []struct {
		name, file, content string
		want                []string // the lines on stderr
		secret              string
	}{
		{"bad enum", "bad.jsonl", importGood + "\n" + `{"id": "x", "kind": "robot", "title": "T", "summary": "S"}` + "\n",
			[]string{"bad.jsonl:2: kind: must be one of pilot, use_case, guidance, insight", "kbbot: import aborted, nothing was written (1 problem)"}, ""},
		{"nhs number", "lessons.jsonl", importGood + "\n\n" + `{"id": "x", "kind": "pilot", "title": "T", "summary": "Worked for 999 000 0018."}` + "\n",
			[]string{"lessons.jsonl:3: summary: looks like an NHS number", "kbbot: import aborted, nothing was written (1 problem)"}, "0018"},
		// Both problems in one run (only the unknown field was reported,
		// and the missing summary only after fixing it).
		{"two problems", "two.jsonl", `{"id": "a", "kind": "pilot", "title": "T"}` + "\n" + `{"id": "b", "kind": "pilot", "title": "T", "summary": "S", "colour": "vermilion"}` + "\n",
			[]string{"two.jsonl:1: summary: required", "two.jsonl:2: colour: unknown field", "kbbot: import aborted, nothing was written (2 problems)"}, "vermilion"},
		{"yaml", "bad.yaml", "- id: a\n  kind: pilot\n  title: T\n  summary: S\n  outcome: brilliant\n",
			[]string{"bad.yaml:1: outcome: must be one of success, mixed, abandoned, ongoing, too_early", "kbbot: import aborted, nothing was written (1 problem)"}, "brilliant"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := kbbot(t, env, "export")
			writeFile(t, tc.file, tc.content)
			r := kbbot(t, env, "import", tc.file)
			if r.code != 2 {
				t.Errorf("exit status %d, want 2", r.code)
			}
			if diff := cmp.Diff(tc.want, lines(r.stderr)); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
			if tc.secret != "" && strings.Contains(r.stderr, tc.secret) {
				t.Errorf("stderr repeats %q from the file", tc.secret)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			after := kbbot(t, env, "export")
			if before.code != 0 || after.code != 0 || before.stdout != after.stdout {
				t.Errorf("store changed by a failed import (export exit %d then %d, %d then %d bytes)",
					before.code, after.code, len(before.stdout), len(after.stdout))
			}
		})
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	env := func(ns string) map[string]string {
		return map[string]string{"REDIS_URL": srv.URL(), "KBBOT_NAMESPACE": ns}
	}
	seedEntries, err := seed.Entries()
	if err != nil {
		t.Fatal(err)
	}
	extra := importGood + "\n" +
		`{"id": "insight-cli-pending", "kind": "insight", "title": "Pending & <odd>", "summary": "Waiting for review.", "status": "pending", "created_at": "2026-03-01T09:30:00Z"}` + "\n"
	writeFile(t, "extra.jsonl", extra)
	r := kbbot(t, env("kb"), "import", "extra.jsonl")
	if r.code != 0 {
		t.Fatalf("import: exit status %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	if want := "imported 2 entries from extra.jsonl: 2 new, 0 updated\n"; r.stdout != want {
		t.Errorf("import stdout = %q, want %q", r.stdout, want)
	}
	// Importing into an empty knowledge base seeds it first, and says so.
	if want := "kbbot: the knowledge base at namespace \"kb\" on " + srv.URL() + " was empty: loaded the built-in seed first (KBBOT_SEED=off skips it)\n"; r.stderr != want {
		t.Errorf("import stderr = %q, want %q", r.stderr, want)
	}

	for _, format := range []string{"jsonl", "yaml"} {
		t.Run(format, func(t *testing.T) {
			backup := kbbot(t, env("kb"), "export", "--format", format)
			if backup.code != 0 {
				t.Fatalf("export: exit status %d; stderr:\n%s", backup.code, backup.stderr)
			}
			if format == "jsonl" {
				if got, want := len(lines(backup.stdout)), len(seedEntries)+2; got != want {
					t.Errorf("export has %d lines, want %d (the seed and 2 imported)", got, want)
				}
			}
			for _, id := range []string{"pilot-cli-podiatry", "insight-cli-pending", "pilot-fracture-ai-xray-backlog"} {
				if !strings.Contains(backup.stdout, id) {
					t.Errorf("export lacks %s", id)
				}
			}
			file := "backup." + format
			writeFile(t, file, backup.stdout)
			ns := "restore-" + format
			r := kbbot(t, env(ns), "import", file)
			if r.code != 0 {
				t.Fatalf("restore: exit status %d; stderr:\n%s", r.code, r.stderr)
			}
			if want := fmt.Sprintf("imported %d entries from %s", len(seedEntries)+2, file); !strings.HasPrefix(r.stdout, want) {
				t.Errorf("restore stdout = %q, want it to start %q", r.stdout, want)
			}
			restored := kbbot(t, env(ns), "export", "--format="+format)
			if restored.code != 0 {
				t.Fatalf("export after restore: exit status %d; stderr:\n%s", restored.code, restored.stderr)
			}
			if restored.stdout != backup.stdout {
				t.Errorf("export after restore differs (-backup +restored):\n%s", cmp.Diff(backup.stdout, restored.stdout))
			}
		})
	}
}

func TestRedisUnreachable(t *testing.T) {
	inTempDir(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens here now
	const password = "s3cret-Passw0rd"
	env := map[string]string{"REDIS_URL": "redis://kbbot:" + password + "@" + addr + "/0"}
	for _, args := range [][]string{{"ask", "q"}, {"export"}} {
		t.Run(args[0], func(t *testing.T) {
			r := kbbot(t, env, args...)
			if r.code != 1 {
				t.Errorf("exit status %d, want 1", r.code)
			}
			l := lines(r.stderr)
			if len(l) != 1 || !strings.Contains(l[0], "cannot reach Redis") || !strings.Contains(l[0], addr) {
				t.Errorf("stderr = %q, want one line saying it cannot reach Redis at %s", r.stderr, addr)
			}
			if strings.Contains(r.stderr, password) {
				t.Errorf("stderr = %q, shows the password", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
		})
	}
}

// TestDotEnv: a .env in the working directory is read, and the real
// environment wins over it, even when it sets a variable to "". The
// namespace shows which won: ask seeds under it.
func TestDotEnv(t *testing.T) {
	inTempDir(t)
	srv := redistest.Start(t)
	writeFile(t, ".env", "# local settings\nREDIS_URL="+srv.URL()+"\nKBBOT_NAMESPACE=fromdotenv\n")
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { rdb.Close() })
	seeded := func(ns string) bool {
		n, err := rdb.Exists(t.Context(), ns+":ids").Result()
		if err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	for _, tc := range []struct {
		name         string
		env          map[string]string
		want         string // the namespace seeded; "" for none
		wantEmbedded bool
	}{
		{".env alone", nil, "fromdotenv", false},
		{"environment wins", map[string]string{"KBBOT_NAMESPACE": "fromenv"}, "fromenv", false},
		// Set to "" in the environment: the embedded store, not .env's
		// Redis (the empty value used to fall through to .env).
		{"empty environment variable wins", map[string]string{"REDIS_URL": "", "KBBOT_NAMESPACE": "fromemptyenv"}, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := kbbot(t, tc.env, "ask", "x-ray backlog")
			if r.code != 0 {
				t.Fatalf("exit status %d, want 0; stderr:\n%s", r.code, r.stderr)
			}
			if got := strings.Contains(r.stderr, embeddedPrefix); got != tc.wantEmbedded {
				t.Errorf("used the embedded store: %v, want %v (stderr %q)", got, tc.wantEmbedded, r.stderr)
			}
			if tc.want != "" && !seeded(tc.want) {
				t.Errorf("no keys under namespace %q", tc.want)
			}
		})
	}
	if !seeded("fromdotenv") || seeded("kb") || seeded("fromemptyenv") {
		t.Errorf("namespaces: fromdotenv %v, kb %v, fromemptyenv %v; want only the configured ones",
			seeded("fromdotenv"), seeded("kb"), seeded("fromemptyenv"))
	}
}

// kbbotProcess runs main() in a child process, in a fresh directory, with
// the given environment on top of this one, and returns its exit status
// and output. Unlike kbbot it sees everything written to the process's
// stderr, libraries' own logging included.
func kbbotProcess(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^$")
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "KBBOT_TEST_MAIN_ARGS="+strings.Join(args, "\x1f"))
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run kbbot: %v", err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// TestMainProcess checks what a user of the real binary sees: the exit
// status main() gives, and that stderr holds exactly one line, which
// in-process runs cannot see (a library logging to os.Stderr bypasses the
// stderr that run is given).
func TestMainProcess(t *testing.T) {
	srv := redistest.Start(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		want     string // in the one line of stderr; "" for no stderr at all
		bug      string
	}{
		{"version", nil, []string{"version"}, 0, "", ""},
		{"ask", map[string]string{"REDIS_URL": srv.URL()}, []string{"ask", "--json", xrayQuestion}, 0, "", ""},
		{"unknown command", nil, []string{"frobnicate"}, 2, "unknown command", ""},
		{"refused", map[string]string{"REDIS_URL": srv.URL()}, []string{"ask", "patient 999 000 0018"}, 2, "NHS number", ""},
		{"redis unreachable", map[string]string{"REDIS_URL": "redis://" + closed}, []string{"ask", "q"}, 1, "cannot reach Redis", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bug != "" && os.Getenv("KBBOT_SHOW_BUGS") == "" {
				t.Skip("BUG: " + tc.bug)
			}
			r := kbbotProcess(t, tc.env, tc.args...)
			if r.code != tc.wantCode {
				t.Errorf("exit status %d, want %d; stderr:\n%s", r.code, tc.wantCode, r.stderr)
			}
			l := lines(r.stderr)
			switch {
			case tc.want == "" && len(l) != 0:
				t.Errorf("stderr = %q, want nothing", r.stderr)
			case tc.want != "" && (len(l) != 1 || !strings.Contains(l[0], tc.want)):
				t.Errorf("stderr = %q, want exactly one line containing %q", r.stderr, tc.want)
			}
		})
	}
}
