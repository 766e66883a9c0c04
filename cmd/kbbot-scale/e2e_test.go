package main

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/nhs-ai-cop/kbbot/internal/kbbotbuild"
)

// TestRunEndToEnd builds kbbot and measures it at 50 entries, one run: every
// measure of the table must have its value, and the values must hang
// together.
func TestRunEndToEnd(t *testing.T) {
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not installed (apt-get install -y redis-server): the end-to-end run needs it")
	}
	bin := kbbotbuild.Build(t, "../kbbot")
	var stdout, stderr bytes.Buffer
	err := run(t.Context(), []string{"-bin", "under-test=" + bin, "-sizes", "50", "-runs", "1", "-questions", "10", "-json"}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("run: %v\nstderr:\n%s", err, stderr.String())
	}
	var rep struct {
		Runs     int `json:"runs"`
		Binaries []binary
		Results  []result
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("-json output: %v\n%s", err, stdout.String())
	}
	if len(rep.Binaries) != 1 || rep.Binaries[0].Label != "under-test" || !strings.HasPrefix(rep.Binaries[0].Version, "kbbot ") {
		t.Errorf("binaries = %+v, want one labelled under-test with a kbbot version", rep.Binaries)
	}
	got := map[string]float64{}
	for _, r := range rep.Results {
		if len(r.Errors) > 0 || len(r.Values) != 1 || r.Size != 50 || r.Binary != "under-test" {
			t.Errorf("result %+v: want one value at size 50 and no errors", r)
			continue
		}
		got[r.Metric] = r.Values[0]
	}
	for _, row := range tableRows(defaultMemLimit) {
		for _, id := range row.metrics {
			if v, ok := got[id]; !ok || v <= 0 {
				t.Errorf("%s = %v (present %v), want a positive figure", id, v, ok)
			}
		}
	}
	// Figures that are ordered by definition.
	for _, pair := range [][2]string{{serveHealthz, serveReadyz}, {againHealthz, againReadyz}, {limitHealthz, limitReadyz}, {kbP50, kbP99}, {serveRSS, servePeak}, {servePeak, serveEndPeak}, {limitPeak, limitEndPeak}} {
		if got[pair[0]] > got[pair[1]] {
			t.Errorf("%s = %v > %s = %v", pair[0], got[pair[0]], pair[1], got[pair[1]])
		}
	}
	for _, s := range []string{serveReadyz, importSeconds, askSeconds, exportSeconds} {
		if got[s] > 60 {
			t.Errorf("%s = %v s at 50 entries: not plausible", s, got[s])
		}
	}
	if !strings.Contains(stderr.String(), "under-test 50 run 1/1: import") {
		t.Errorf("no progress on stderr:\n%s", stderr.String())
	}
}
