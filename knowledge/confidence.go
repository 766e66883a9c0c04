package knowledge

// Confidence is which of DESIGN's three kinds of answer an answer is: the
// sources answer the question (high), they look related but may not answer
// it (low, shown with a plain hedge), or nothing relevant was found (none,
// and no sources). `kbbot ask --json` prints it.
type Confidence string

// The three kinds of answer.
const (
	ConfidenceHigh Confidence = "high"
	ConfidenceLow  Confidence = "low"
	ConfidenceNone Confidence = "none"
)

// Valid reports whether c is one of the three kinds.
func (c Confidence) Valid() bool {
	return c == ConfidenceHigh || c == ConfidenceLow || c == ConfidenceNone
}
