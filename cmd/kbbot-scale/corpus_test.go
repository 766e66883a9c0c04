package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/nhs-ai-cop/kbbot/knowledge"
	"github.com/nhs-ai-cop/kbbot/knowledge/search/searchtest"
)

// TestWriteCorpus checks the streamed corpus is exactly what knowledge.Write
// makes of searchtest.Entries(n, Seed), and that the import parser takes it.
func TestWriteCorpus(t *testing.T) {
	const n = 40
	path := filepath.Join(t.TempDir(), "corpus.jsonl")
	if err := writeCorpus(path, n); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := searchtest.Entries(n, searchtest.Seed)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := knowledge.Write(&want, knowledge.FormatJSONL, entries); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("writeCorpus differs from knowledge.Write(searchtest.Entries(%d, Seed)):\ngot  %.300s\nwant %.300s", n, got, want.Bytes())
	}
	recs, err := knowledge.Parse("corpus.jsonl", knowledge.FormatJSONL, bytes.NewReader(got))
	if err != nil {
		t.Fatalf("the import parser refuses the corpus: %v", err)
	}
	if len(recs) != n {
		t.Errorf("parsed %d entries, want %d", len(recs), n)
	}
}

func TestRefusedLines(t *testing.T) {
	path := "/tmp/kbbot-scale-1/corpus-50000.jsonl"
	stderr := path + ":42009: contact+tags: looks like an NHS number\n" +
		path + ":47959: tags+id: looks like a hospital number\n" +
		"/elsewhere.jsonl:3: title: required\n" +
		"kbbot: import aborted, nothing was written (2 problems)\n"
	got := refusedLines(stderr, path)
	want := []problem{{42009, "contact+tags: looks like an NHS number"}, {47959, "tags+id: looks like a hospital number"}}
	if !slices.Equal(got, want) {
		t.Errorf("refusedLines = %v, want %v", got, want)
	}
	if got := refusedLines("kbbot: REDIS_URL: connection refused\n", path); len(got) != 0 {
		t.Errorf("refusedLines of a failure that is not about lines = %v, want none", got)
	}
}

func TestOriginalLine(t *testing.T) {
	dropped := []int{2, 5, 6}
	// The filtered file's lines 1, 2, 3, 4, 5 are the original 1, 3, 4, 7, 8.
	for line, want := range map[int]int{1: 1, 2: 3, 3: 4, 4: 7, 5: 8} {
		if got := originalLine(line, dropped); got != want {
			t.Errorf("originalLine(%d, %v) = %d, want %d", line, dropped, got, want)
		}
	}
}

// TestImportCorpusLeavesOutRefused runs importCorpus against a stand-in for
// kbbot that refuses, one import at a time, two chosen entries, as kbbot
// reports a privacy problem: the measurement goes on without them, and the
// report names them by their line in the generated corpus.
func TestImportCorpusLeavesOutRefused(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not installed (apt-get install -y redis-server)")
	}
	dir := t.TempDir()
	fake := filepath.Join(dir, "kbbot")
	script := `#!/bin/sh
# import FILE: refuse the first of two chosen entries still in FILE.
n=$(grep -n -m1 -E '"id":"gen-(000002|000150)"' "$2" | cut -d: -f1)
if [ -n "$n" ]; then
	echo "$2:$n: contact+tags: looks like an NHS number" >&2
	echo "kbbot: import aborted, nothing was written (1 problem)" >&2
	exit 2
fi
`
	if err := os.WriteFile(fake, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	const size = 200 // 1%: two entries may be left out
	corpus := filepath.Join(dir, "corpus.jsonl")
	if err := writeCorpus(corpus, size); err != nil {
		t.Fatal(err)
	}
	srv, err := startRedis(t.Context(), dir, 16)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.stop)
	b := binary{Label: "fake", Path: fake}
	m := &measurer{
		o: options{timeout: time.Minute}, redis: srv, tmp: dir, rep: &report{}, progress: io.Discard,
		generated: corpus, corpus: map[string]string{"fake": corpus}, entries: map[string]int{"fake": size},
	}
	if _, err := m.importCorpus(t.Context(), b, 1, size, "test"); err != nil {
		t.Fatalf("importCorpus: %v", err)
	}
	if len(m.rep.Refused) != 1 {
		t.Fatalf("refusals = %+v, want one", m.rep.Refused)
	}
	ref := m.rep.Refused[0]
	if !slices.Equal(ref.Lines, []int{2, 150}) || len(ref.Reasons) != 2 || ref.Reasons[1] != "line 150: contact+tags: looks like an NHS number" {
		t.Errorf("refusal = %+v, want lines [2 150] with their reasons by original line", ref)
	}
	if m.entries["fake"] != size-2 {
		t.Errorf("entries = %d, want %d", m.entries["fake"], size-2)
	}
	got, err := os.ReadFile(m.corpus["fake"])
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(got, []byte("\n")); n != size-2 || bytes.Contains(got, []byte(`"gen-000002"`)) || bytes.Contains(got, []byte(`"gen-000150"`)) || !bytes.Contains(got, []byte(`"gen-000149"`)) {
		t.Errorf("filtered corpus: %d lines, want %d without gen-000002 and gen-000150 only", n, size-2)
	}

	// A third refusal would pass 1%: the import fails as itself.
	m.rep, m.entries["fake"], m.corpus["fake"] = &report{}, size-2, corpus
	if _, err := m.importCorpus(t.Context(), b, 1, size, "test"); err == nil {
		t.Error("importCorpus left out more than 1% of the corpus without failing")
	}
}
