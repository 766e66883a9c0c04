package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// report is every figure of one kbbot-scale run.
type report struct {
	Started     time.Time  `json:"started"`
	Finished    time.Time  `json:"finished"`
	Cores       int        `json:"cores"`
	LoadStart   [3]float64 `json:"load_average_start"`
	LoadEnd     [3]float64 `json:"load_average_end"`
	Runs        int        `json:"runs"`
	Sizes       []int      `json:"sizes"`
	Redis       string     `json:"redis_version"`
	AskQuestion string     `json:"ask_question"`
	Questions   int        `json:"kb_questions"`
	MemLimit    string     `json:"gomemlimit"`
	// ToolPeakMiB is this tool's own peak memory: a child's rusage peak
	// is only used above it (rusagePeakKiB).
	ToolPeakMiB float64  `json:"tool_peak_mib"`
	Binaries    []binary `json:"binaries"`
	// Refused lists the generated entries an import refused, left out
	// of that binary's corpus at that size.
	Refused []*refusal `json:"refused,omitempty"`
	Results []*result  `json:"results"`
	index   map[resultKey]*result
}

// result is one measure of one binary at one size, over the runs.
type result struct {
	Binary string    `json:"binary"`
	Size   int       `json:"size"`
	Metric string    `json:"metric"`
	Unit   string    `json:"unit"`
	Values []float64 `json:"values"`
	// Median, Min and Max are absent when every run failed.
	Median *float64 `json:"median,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
	Errors []string `json:"errors,omitempty"`
}

type resultKey struct {
	bin    string
	size   int
	metric string
}

// get returns the result for a key, made on first use.
func (r *report) get(bin string, size int, metric string) *result {
	k := resultKey{bin, size, metric}
	if r.index == nil {
		r.index = map[resultKey]*result{}
	}
	res, ok := r.index[k]
	if !ok {
		res = &result{Binary: bin, Size: size, Metric: metric, Unit: unitOf(metric), Values: []float64{}}
		r.index[k] = res
		r.Results = append(r.Results, res)
	}
	return res
}

// refusal returns the refusals of a binary at a size, made on first use.
func (r *report) refusal(bin string, size int) *refusal {
	for _, f := range r.Refused {
		if f.Binary == bin && f.Size == size {
			return f
		}
	}
	f := &refusal{Binary: bin, Size: size}
	r.Refused = append(r.Refused, f)
	return f
}

// add records one run's value and updates the summary.
func (r *report) add(bin string, size int, metric string, v float64) {
	res := r.get(bin, size, metric)
	res.Values = append(res.Values, v)
	s := summarize(res.Values)
	res.Median, res.Min, res.Max = &s.Median, &s.Min, &s.Max
}

// fail records that one run of a measure failed.
func (r *report) fail(bin string, size int, metric string, run int, err error) {
	res := r.get(bin, size, metric)
	res.Errors = append(res.Errors, fmt.Sprintf("run %d: %v", run, err))
}

// failed reports whether any measurement failed.
func (r *report) failed() bool {
	for _, res := range r.Results {
		if len(res.Errors) > 0 {
			return true
		}
	}
	return false
}

// unitOf is a metric's unit, from its id's suffix.
func unitOf(metric string) string {
	switch {
	case strings.HasSuffix(metric, "_ms"):
		return "ms"
	case strings.HasSuffix(metric, "_mib"):
		return "MiB"
	}
	return "s"
}

// row is one line of the Markdown table: measures shown as "a / b".
type row struct {
	label   string
	metrics []string
}

// tableRows are the table's lines, in the order of issue 18's table.
func tableRows(memLimit string) []row {
	return []row{
		{"`/kb` answer through `serve` (not in-process search), p50 / p99, ms", []string{kbP50, kbP99}},
		{"`serve` exec → `/healthz` 200 / `/readyz` 200, s", []string{serveHealthz, serveReadyz}},
		{"`serve` peak RSS / RSS when ready, MiB", []string{servePeak, serveRSS}},
		{"`serve` peak RSS by its end (the /kb questions, its index snapshot written), MiB", []string{serveEndPeak}},
		{"second `serve` on the same data: ready s / peak MiB", []string{againReadyz, againPeak}},
		{"with `GOMEMLIMIT=" + memLimit + "`: ready s / peak MiB", []string{limitReadyz, limitPeak}},
		{"the same serve: the whole corpus imported again while it serves, import s / serve caught up s after / serve peak MiB by its end", []string{reimportSecs, caughtUpSecs, limitEndPeak}},
		{"`ask --json` as a process, s / peak MiB", []string{askSeconds, askPeak}},
		{"`export`, s / peak MiB", []string{exportSeconds, exportPeak}},
		{"`import` into an empty Redis, s / peak MiB", []string{importSeconds, importPeak}},
	}
}

// writeMarkdown prints the report as the table, one column group
// per binary, with what it was measured on above and failures below.
func writeMarkdown(w io.Writer, r *report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Measured %s, %s; %d cores; load average (1, 5, 15 min) %s at the start, %s at the end.\n",
		r.Started.Format("2006-01-02 15:04"), r.Finished.Sub(r.Started).Round(time.Second), r.Cores, loadText(r.LoadStart), loadText(r.LoadEnd))
	fmt.Fprintf(&b, "Median of %d run(s)%s. Corpus: `searchtest.Entries(n, searchtest.Seed)` imported as JSON lines into the tool's own redis-server %s (KBBOT_SEED=off).\n",
		r.Runs, rangeNote(r.Runs), r.Redis)
	for _, f := range r.Refused {
		fmt.Fprintf(&b, "At %s, %s's import refused %d generated entries, measured without them (%s).\n",
			sizeLabel(f.Size), cellText(f.Binary), len(f.Lines), strings.Join(f.Reasons, "; "))
	}
	b.WriteString("\n| binary | path | version |\n| --- | --- | --- |\n")
	for _, bin := range r.Binaries {
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", cellText(bin.Label), bin.Path, cellText(bin.Version))
	}
	b.WriteString("\n| measure |")
	sep := "| --- |"
	for _, bin := range r.Binaries {
		for _, size := range r.Sizes {
			if len(r.Binaries) > 1 {
				fmt.Fprintf(&b, " %s %s |", cellText(bin.Label), sizeLabel(size))
			} else {
				fmt.Fprintf(&b, " %s |", sizeLabel(size))
			}
			sep += " --- |"
		}
	}
	b.WriteString("\n" + sep + "\n")
	for _, rw := range tableRows(r.MemLimit) {
		b.WriteString("| " + rw.label + " |")
		for _, bin := range r.Binaries {
			for _, size := range r.Sizes {
				b.WriteString(" " + r.cell(bin.Label, size, rw.metrics) + " |")
			}
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n`/kb` answer: a signed `/kb ask` with the search development set's questions (%d timed after %d warm-up, one at a time), from the request to the answer at its response_url; in-process search latency is `go test -run '^$' -bench Search ./knowledge/search/`.\n", r.Questions, warmQuestions)
	b.WriteString("Peak RSS of `serve` is VmHWM once `/readyz` answers, and again just before it is stopped (\"by its end\"); of the one-shot commands, wait4's Maxrss (or the highest VmHWM polled every 20 ms). A serve is stopped only once it has written its index snapshot, as a replica that has run a while has (a binary that writes none within a minute is not waited for again). `ask` and `export` run on the data the `GOMEMLIMIT` serve leaves, after the whole corpus was imported into it again.\n")
	fmt.Fprintf(&b, "This tool's own peak RSS was %s MiB (a child's Maxrss counts only above it).\n", formatValue(r.ToolPeakMiB, "MiB"))
	if notes := r.failureNotes(); len(notes) > 0 {
		b.WriteString("\nFailed:\n" + strings.Join(notes, "\n") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// failureNotes lists each failure once, with the measures it cost: one
// failed serve start loses four.
func (r *report) failureNotes() []string {
	type failure struct{ bin, size, err string }
	var order []failure
	metrics := map[failure][]string{}
	for _, res := range r.Results {
		for _, e := range res.Errors {
			f := failure{res.Binary, sizeLabel(res.Size), e}
			if _, ok := metrics[f]; !ok {
				order = append(order, f)
			}
			metrics[f] = append(metrics[f], res.Metric)
		}
	}
	notes := make([]string, 0, len(order))
	for _, f := range order {
		notes = append(notes, fmt.Sprintf("- %s %s (%s) %s", f.bin, f.size, strings.Join(metrics[f], ", "), f.err))
	}
	return notes
}

// cell is one table cell: each measure's median (and range), joined by
// " / "; "failed" for a measure with no value, and "(k of n runs)" when
// some runs failed.
func (r *report) cell(bin string, size int, metrics []string) string {
	parts := make([]string, 0, len(metrics))
	for _, id := range metrics {
		res := r.index[resultKey{bin, size, id}]
		if res == nil || len(res.Values) == 0 {
			parts = append(parts, "failed")
			continue
		}
		s := summarize(res.Values)
		p := formatValue(s.Median, res.Unit)
		if r.Runs > 1 {
			p += " [" + formatValue(s.Min, res.Unit) + "–" + formatValue(s.Max, res.Unit) + "]"
		}
		if len(res.Errors) > 0 {
			p += fmt.Sprintf(" (%d of %d runs)", s.N, s.N+len(res.Errors))
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " / ")
}

// formatValue prints a figure with the precision the table uses:
// three significant digits or so for times, whole MiB with thousands
// separators.
func formatValue(v float64, unit string) string {
	if math.IsNaN(v) {
		return "–"
	}
	if unit == "MiB" {
		return thousands(int64(math.Round(v)))
	}
	switch a := math.Abs(v); {
	case a < 10:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case a < 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	return thousands(int64(math.Round(v)))
}

// thousands prints n with commas between groups of three digits.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// sizeLabel is a size as the issue writes it: 1k, 10k, 50k; 1.5k; 50.
func sizeLabel(n int) string {
	if n >= 1000 && n%100 == 0 {
		return strconv.FormatFloat(float64(n)/1000, 'f', -1, 64) + "k"
	}
	return strconv.Itoa(n)
}

func rangeNote(runs int) string {
	if runs > 1 {
		return ", [min–max] of the runs"
	}
	return ""
}

func loadText(la [3]float64) string {
	return fmt.Sprintf("%.2f %.2f %.2f", la[0], la[1], la[2])
}

// cellText keeps text from breaking the table.
func cellText(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

// writeJSON prints the report as indented JSON.
func writeJSON(w io.Writer, r *report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
