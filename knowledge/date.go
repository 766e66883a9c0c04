package knowledge

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Date is a point in time that remembers whether it was written as a plain
// calendar date ("2025-03-01") or as an RFC 3339 timestamp, so that export
// writes back exactly the form import read.
type Date struct {
	time.Time
	DateOnly bool
}

// NewDate returns a timestamp Date in UTC, truncated to the second.
func NewDate(t time.Time) Date { return Date{Time: t.UTC().Truncate(time.Second)} }

// Day returns a date-only Date for the calendar day of t.
func Day(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), DateOnly: true}
}

// ParseDate accepts RFC 3339 or YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return Date{Time: t, DateOnly: true}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return Date{}, fmt.Errorf("want a date as YYYY-MM-DD or RFC 3339")
	}
	return Date{Time: t}, nil
}

// String formats the date in the form it was read.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	if d.DateOnly {
		return d.Format(time.DateOnly)
	}
	return d.Format(time.RFC3339)
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d.Time.IsZero() }

// MarshalJSON writes the date as a string in its original form.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a string date.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a date string")
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalYAML writes the date as a plain string.
func (d Date) MarshalYAML() (any, error) { return d.String(), nil }

// UnmarshalYAML reads a string date. YAML would otherwise turn an unquoted
// 2025-03-01 into a timestamp and lose the form.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a date")
	}
	if n.Value == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
