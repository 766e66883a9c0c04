package main

import (
	"math"
	"slices"
	"time"
)

// summary is one measure over the runs: its median, and the range the runs
// spread over (the machine is shared, so the spread is part of the figure).
type summary struct {
	Median, Min, Max float64
	N                int
}

// summarize returns the median, minimum and maximum of values; N is 0 (and
// the rest NaN) when there are none. An even count's median is the mean of
// the middle two.
func summarize(values []float64) summary {
	if len(values) == 0 {
		return summary{Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	}
	s := slices.Clone(values)
	slices.Sort(s)
	mid := len(s) / 2
	med := s[mid]
	if len(s)%2 == 0 {
		med = (s[mid-1] + s[mid]) / 2
	}
	return summary{Median: med, Min: s[0], Max: s[len(s)-1], N: len(s)}
}

// percentile returns the p-th percentile (0 < p <= 100) of d by the
// nearest-rank method, as searchtest.Latencies does for BenchmarkSearch, so
// the two sets of figures are read the same way; 0 when d is empty.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	rank := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
