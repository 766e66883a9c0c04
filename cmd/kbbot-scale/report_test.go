package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden table in testdata/")

// sampleReport is two binaries at two sizes over three runs, with one
// measure that failed in one run and one that failed in every run.
func sampleReport() *report {
	start := time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)
	r := &report{
		Started: start, Finished: start.Add(754 * time.Second), Cores: 2,
		LoadStart: [3]float64{0.72, 2.63, 4.39}, LoadEnd: [3]float64{2.35, 2.35, 3.87},
		Runs: 3, Sizes: []int{1000, 50000}, Redis: "7.0.15", Questions: 200, ToolPeakMiB: 31.4, MemLimit: "768MiB",
		Binaries: []binary{
			{Label: "before", Path: "/tmp/kbbot-before", Version: "kbbot dev commit 6daa568"},
			{Label: "after", Path: "/tmp/kbbot-after", Version: "kbbot dev commit 1234abc | dirty"},
		},
	}
	ref := r.refusal("after", 50000)
	ref.Lines = []int{42009, 47959}
	ref.Reasons = []string{"line 42009: contact+tags: looks like an NHS number", "line 47959: tags+id: looks like a hospital number"}
	for _, row := range tableRows(r.MemLimit) {
		for _, id := range row.metrics {
			for bi, b := range r.Binaries {
				for si, size := range r.Sizes {
					base := float64(1+bi) * float64(1+si*20)
					if id == servePeak || id == askPeak {
						base *= 700
					}
					for run := range 3 {
						if b.Label == "after" && size == 50000 && id == limitReadyz && run == 1 {
							r.fail(b.Label, size, id, run+1, errors.New("serve: not ready within 15m0s"))
							continue
						}
						if b.Label == "after" && size == 50000 && (id == exportSeconds || id == exportPeak) {
							r.fail(b.Label, size, id, run+1, errors.New("export: exit status 1; stderr ends: boom"))
							continue
						}
						r.add(b.Label, size, id, base*(1+0.05*float64(run)))
					}
				}
			}
		}
	}
	return r
}

// TestWriteMarkdown compares the table with testdata/table.md (go test
// -update rewrites it).
func TestWriteMarkdown(t *testing.T) {
	var got bytes.Buffer
	if err := writeMarkdown(&got, sampleReport()); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "table.md")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("table differs from %s (go test -update rewrites it):\n%s", golden, got.Bytes())
	}
}

func TestWriteJSON(t *testing.T) {
	r := sampleReport()
	var out bytes.Buffer
	if err := writeJSON(&out, r); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Runs    int `json:"runs"`
		Results []struct {
			Binary, Metric, Unit string
			Size                 int
			Values               []float64
			Median, Min, Max     *float64
			Errors               []string
		} `json:"results"`
	}
	if err := json.Unmarshal(out.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Runs != 3 || len(back.Results) != len(r.Results) {
		t.Fatalf("JSON has runs %d and %d results, want 3 and %d", back.Runs, len(back.Results), len(r.Results))
	}
	seen := 0
	for _, res := range back.Results {
		switch {
		case res.Binary == "after" && res.Size == 50000 && res.Metric == exportSeconds:
			seen++
			if len(res.Values) != 0 || res.Median != nil || len(res.Errors) != 3 {
				t.Errorf("export at 50k (failed every run) = %+v, want no values, no median, 3 errors", res)
			}
		case res.Binary == "before" && res.Size == 1000 && res.Metric == serveReadyz:
			seen++
			if res.Unit != "s" || len(res.Values) != 3 || res.Median == nil || *res.Median != 1.05 || *res.Min != 1 || *res.Max != 1.1 {
				t.Errorf("before 1k serve ready = %+v, want s, 3 values, median 1.05 [1–1.1]", res)
			}
		}
	}
	if seen != 2 {
		t.Errorf("found %d of the 2 results checked", seen)
	}
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		v    float64
		unit string
		want string
	}{
		{0.474, "s", "0.47"},
		{17.24, "s", "17.2"},
		{155.4, "s", "155"},
		{1516.4, "MiB", "1,516"},
		{89.5, "MiB", "90"},
		{1234567, "MiB", "1,234,567"},
		{0.17, "ms", "0.17"},
		{2.425, "ms", "2.42"},
	}
	for _, tt := range tests {
		if got := formatValue(tt.v, tt.unit); got != tt.want {
			t.Errorf("formatValue(%v, %s) = %q, want %q", tt.v, tt.unit, got, tt.want)
		}
	}
}

func TestSizeLabel(t *testing.T) {
	for n, want := range map[int]string{50: "50", 999: "999", 1000: "1k", 1500: "1.5k", 10000: "10k", 50000: "50k", 1234: "1234"} {
		if got := sizeLabel(n); got != want {
			t.Errorf("sizeLabel(%d) = %q, want %q", n, got, want)
		}
	}
}
