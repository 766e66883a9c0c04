package main

import (
	"os"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// readmeSection returns the text of README.md under the "## title" heading,
// up to the next "## " heading.
func readmeSection(t *testing.T, title string) string {
	t.Helper()
	b, err := os.ReadFile(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n## "+title+"\n")
	if !ok {
		t.Fatalf("README.md has no section %q", title)
	}
	if i := strings.Index(rest, "\n## "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}

// tableRows maps the first cell of each row of the first Markdown table in
// text to the whole row.
func tableRows(text string) map[string]string {
	rows := map[string]string{}
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, "| ") || strings.HasPrefix(l, "| ---") {
			continue
		}
		first, _, _ := strings.Cut(strings.TrimPrefix(l, "| "), " |")
		for _, name := range strings.Split(first, ",") {
			rows[strings.Trim(strings.TrimSpace(name), "`")] = l
		}
	}
	return rows
}

// TestReadmeEntryFormat: the entry format is documented in the repository
// itself (it pointed at ../shared), with every field and every value the
// importer accepts.
func TestReadmeEntryFormat(t *testing.T) {
	rows := tableRows(readmeSection(t, "Knowledge entries"))
	for _, f := range knowledge.Fields() {
		if rows[f] == "" {
			t.Errorf("README's entry table lacks the field %s", f)
		}
	}
	values := map[string][]string{
		"kind": strs2(knowledge.Kinds()), "category": strs2(knowledge.Categories()), "org_type": strs2(knowledge.OrgTypes()),
		"stage": strs2(knowledge.Stages()), "outcome": strs2(knowledge.Outcomes()), "evidence": strs2(knowledge.EvidenceLevels()),
		"stop_reason": strs2(knowledge.StopReasons()), "status": strs2(knowledge.Statuses()),
	}
	for field, vs := range values {
		for _, v := range vs {
			if !strings.Contains(rows[field], "`"+v+"`") {
				t.Errorf("README's row for %s lacks the value %s", field, v)
			}
		}
	}
	b, err := os.ReadFile(repoFile("README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "../shared") {
		t.Errorf("README.md points outside the repository (../shared)")
	}
}

func strs2[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// TestReadmeCommandsAndSettings: every command is in the README's command
// table and every variable of .env.example in its configuration table.
func TestReadmeCommandsAndSettings(t *testing.T) {
	cmds := readmeSection(t, "Command line")
	for _, c := range commands() {
		if !c.hidden && !strings.Contains(cmds, "| `kbbot "+c.name) {
			t.Errorf("README's command table lacks kbbot %s", c.name)
		}
	}
	rows := tableRows(readmeSection(t, "Configuration"))
	for _, v := range envExampleVars(t) {
		if rows[v] == "" {
			t.Errorf("README's configuration table lacks %s", v)
		}
	}
	for _, section := range []string{"Install", "Quickstart: the Slack bot on your machine", "What kbbot posts", "Operating"} {
		readmeSection(t, section)
	}
}
