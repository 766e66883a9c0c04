package web

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/nhs-ai-cop/kbbot/handlers"
	"github.com/nhs-ai-cop/kbbot/knowledge"
)

// The charts are SVG drawn here, on the server, into a fixed 400-unit
// wide view box that scales with the page: labels sit above bars so a
// phone's narrow screen keeps them readable. Colours come from classes in
// the stylesheet (the Content-Security-Policy allows no inline style);
// every colour has at least 3:1 contrast with the background, and every
// chart has a table with the same numbers beside it, so nothing is told
// by colour alone.

// chart is one SVG chart: horizontal rows or vertical columns.
type chart struct {
	ID     string
	Title  string
	Desc   string
	W, H   int
	Rows   []chartRow
	Cols   []chartCol
	Legend []series
	Empty  bool
	BaseY  int
}

// chartRow is one horizontal bar with its label above it.
type chartRow struct {
	Label          string
	LabelY         int
	Total          int
	ValueX, ValueY int
	Segs           []seg
}

// chartCol is one vertical bar with a two-line label under it.
type chartCol struct {
	Label1, Label2 string
	LabelX         int
	Label1Y        int
	Label2Y        int
	Total          int
	ValueY         int
	Segs           []seg
}

// seg is one coloured part of a bar.
type seg struct {
	X, Y, W, H int
	Class      string
	Title      string
}

// series is one stacked part of every bar: its class and legend label.
type series struct {
	Class string
	Label string
}

// Geometry of the charts, in view box units.
const (
	chartW   = 400
	rowH     = 36 // label line, bar, gap
	barH     = 14
	colTop   = 22
	colPlotH = 120
	valueGap = 4
)

// hbar draws horizontal bars, each stacked from values (one per series).
func hbar(id, title string, labels []string, values [][]int, ser []series) chart {
	c := chart{ID: id, Title: title, W: chartW, H: max(rowH, len(labels)*rowH), Legend: legendOf(ser)}
	maxTotal := 0
	for _, vs := range values {
		maxTotal = max(maxTotal, sum(vs))
	}
	c.Empty = maxTotal == 0
	plotW := float64(chartW - 40) // room for the value after the longest bar
	for i, label := range labels {
		y := i * rowH
		row := chartRow{Label: label, LabelY: y + 12, Total: sum(values[i])}
		x := 0
		for j, n := range values[i] {
			if n == 0 {
				continue
			}
			w := max(2, int(math.Round(plotW*float64(n)/float64(maxTotal))))
			name := label
			if len(ser) > 1 {
				name += ", " + ser[j].Label
			}
			row.Segs = append(row.Segs, seg{X: x, Y: y + 16, W: w, H: barH, Class: ser[j].Class, Title: fmt.Sprintf("%s: %d", name, n)})
			x += w
		}
		row.ValueX, row.ValueY = x+valueGap, y+27
		c.Rows = append(c.Rows, row)
	}
	c.Desc = describe(title, labels, values)
	return c
}

// vbar draws columns, each stacked from values, with two-line labels.
func vbar(id, title string, labels [][2]string, values [][]int, ser []series) chart {
	n := max(1, len(labels))
	c := chart{ID: id, Title: title, W: chartW, H: colTop + colPlotH + 36, BaseY: colTop + colPlotH, Legend: legendOf(ser)}
	maxTotal := 0
	for _, vs := range values {
		maxTotal = max(maxTotal, sum(vs))
	}
	c.Empty = maxTotal == 0
	slot := float64(chartW) / float64(n)
	bw := int(slot * 0.6)
	flat := make([]string, len(labels))
	for i, l := range labels {
		flat[i] = strings.TrimSpace(l[0] + " " + l[1])
		x := int(float64(i)*slot + (slot-float64(bw))/2)
		col := chartCol{Label1: l[0], Label2: l[1], LabelX: int(float64(i)*slot + slot/2), Label1Y: c.BaseY + 14, Label2Y: c.BaseY + 28, Total: sum(values[i])}
		y := c.BaseY
		for j, v := range values[i] {
			if v == 0 {
				continue
			}
			h := max(2, int(math.Round(colPlotH*float64(v)/float64(maxTotal))))
			y -= h
			name := flat[i]
			if len(ser) > 1 {
				name += ", " + ser[j].Label
			}
			col.Segs = append(col.Segs, seg{X: x, Y: y, W: bw, H: h, Class: ser[j].Class, Title: fmt.Sprintf("%s: %d", name, v)})
		}
		col.ValueY = y - valueGap
		c.Cols = append(c.Cols, col)
	}
	c.Desc = describe(title, flat, values)
	return c
}

// describe is the chart's text description: its largest bar, and where
// the numbers are.
func describe(title string, labels []string, values [][]int) string {
	best, bestN, total := "", 0, 0
	for i, vs := range values {
		t := sum(vs)
		total += t
		if t > bestN {
			best, bestN = labels[i], t
		}
	}
	if total == 0 {
		return title + ": nothing to show yet."
	}
	return fmt.Sprintf("%s: %d in all; the most, %d, for %s. The table beside the chart gives every number.", title, total, bestN, best)
}

func legendOf(ser []series) []series {
	if len(ser) < 2 {
		return nil
	}
	return ser
}

func sum(vs []int) int {
	t := 0
	for _, v := range vs {
		t += v
	}
	return t
}

// catTable is the table beside "pilots by category × outcome".
type catTable struct {
	Columns []string
	Rows    []catRow
}

type catRow struct {
	Label  string
	Counts []int
	Total  int
}

// categoryChart stacks each category's pilots by outcome.
func categoryChart(in handlers.Insights) (chart, catTable) {
	var ser []series
	t := catTable{}
	for _, o := range knowledge.Outcomes() {
		ser = append(ser, series{Class: "o-" + string(o), Label: o.Label()})
		t.Columns = append(t.Columns, o.Label())
	}
	ser = append(ser, series{Class: "o-unknown", Label: "Not stated"})
	t.Columns = append(t.Columns, "Not stated")
	var labels []string
	var values [][]int
	for _, row := range in.ByCategory {
		labels = append(labels, row.Label)
		vs := make([]int, 0, len(row.Outcomes)+1)
		for _, o := range row.Outcomes {
			vs = append(vs, o.N)
		}
		vs = append(vs, row.Unknown)
		values = append(values, vs)
		t.Rows = append(t.Rows, catRow{Label: row.Label, Counts: vs, Total: row.Total})
	}
	return hbar("category", "Pilots by what the AI does, and their outcome", labels, values, ser), t
}

// countChart draws one bar per count.
func countChart(id, title string, cs []handlers.Count) chart {
	labels := make([]string, len(cs))
	values := make([][]int, len(cs))
	for i, c := range cs {
		labels[i], values[i] = c.Label, []int{c.N}
	}
	return hbar(id, title, labels, values, []series{{Class: "bar", Label: "Pilots"}})
}

// monthChart draws lessons shared per month.
func monthChart(cs []handlers.Count) chart {
	labels := make([][2]string, len(cs))
	values := make([][]int, len(cs))
	for i, c := range cs {
		month, year, _ := strings.Cut(c.Label, " ")
		labels[i], values[i] = [2]string{month, year}, []int{c.N}
	}
	return vbar("months", "Pilot lessons shared per month", labels, values, []series{{Class: "bar", Label: "Lessons"}})
}

// questionsChart stacks each week's questions by kind of answer.
func questionsChart(ws []handlers.WeekAnswers) chart {
	labels := make([][2]string, len(ws))
	values := make([][]int, len(ws))
	for i, w := range ws {
		labels[i], values[i] = weekLabel(w.Start), []int{w.High, w.Low, w.None}
	}
	return vbar("questions", "Questions per week by kind of answer", labels, values, []series{
		{Class: "a-high", Label: "Confident"}, {Class: "a-low", Label: "Not sure"}, {Class: "a-none", Label: "Nothing found"},
	})
}

// ratingsChart stacks each week's ratings, helpful and not.
func ratingsChart(ws []handlers.WeekRatings) chart {
	labels := make([][2]string, len(ws))
	values := make([][]int, len(ws))
	for i, w := range ws {
		labels[i], values[i] = weekLabel(w.Start), []int{w.Up, w.Down}
	}
	return vbar("ratings", "Ratings of answers per week", labels, values, []series{
		{Class: "r-up", Label: "Helpful"}, {Class: "r-down", Label: "Not helpful"},
	})
}

// weekLabel is a week's Monday as two lines: day, month.
func weekLabel(start time.Time) [2]string {
	return [2]string{start.Format("2"), start.Format("Jan")}
}
