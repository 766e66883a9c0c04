package main

import (
	"math"
	"slices"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	tests := []struct {
		name        string
		in          []float64
		med, lo, hi float64
		n           int
	}{
		{"one", []float64{2.5}, 2.5, 2.5, 2.5, 1},
		{"odd, unsorted", []float64{17.2, 3.4, 55.4}, 17.2, 3.4, 55.4, 3},
		{"even: mean of the middle two", []float64{4, 1, 3, 2}, 2.5, 1, 4, 4},
		{"repeated", []float64{1, 1, 9}, 1, 1, 9, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			got := summarize(in)
			if got.Median != tt.med || got.Min != tt.lo || got.Max != tt.hi || got.N != tt.n {
				t.Errorf("summarize(%v) = %+v, want median %v min %v max %v n %d", tt.in, got, tt.med, tt.lo, tt.hi, tt.n)
			}
			if !slices.Equal(in, tt.in) {
				t.Errorf("summarize reordered its input: %v, want %v", in, tt.in)
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		got := summarize(nil)
		if got.N != 0 || !math.IsNaN(got.Median) || !math.IsNaN(got.Min) || !math.IsNaN(got.Max) {
			t.Errorf("summarize(nil) = %+v, want N 0 and NaNs", got)
		}
	})
}

func TestPercentile(t *testing.T) {
	// 1 ms … 100 ms, shuffled: the nearest rank of p is p ms.
	var d []time.Duration
	for i := 100; i >= 1; i-- {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	d[3], d[70] = d[70], d[3]
	for _, p := range []float64{1, 50, 99, 100} {
		if got, want := percentile(d, p), time.Duration(p)*time.Millisecond; got != want {
			t.Errorf("percentile(1..100 ms, %v) = %v, want %v", p, got, want)
		}
	}
	// 150 samples (the question set's size): p50 is the 75th, p99 the
	// 149th (ceil(148.5)).
	var e []time.Duration
	for i := 1; i <= 150; i++ {
		e = append(e, time.Duration(i))
	}
	if got := percentile(e, 50); got != 75 {
		t.Errorf("p50 of 1..150 = %d, want 75", got)
	}
	if got := percentile(e, 99); got != 149 {
		t.Errorf("p99 of 1..150 = %d, want 149", got)
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("p99 of one sample = %v, want it", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("percentile(nil) = %v, want 0", got)
	}
}
