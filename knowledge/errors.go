package knowledge

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors that adapters translate their library errors into.
var (
	// ErrNotFound: no entry (or record) with that id.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the record changed under us, or a decision was already made.
	ErrConflict = errors.New("conflict")
	// ErrForbidden: the caller may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrRateLimited: a provider (the LLM) refused the call for now
	// because of its rate limit; trying later may work.
	ErrRateLimited = errors.New("rate limited")
	// ErrGarbage: a provider answered, but with something that cannot be
	// used (embeddings missing, empty, of two lengths or not finite).
	ErrGarbage = errors.New("the provider answered garbage")
)

// ErrorKind classifies an Error for the edge that shows it.
type ErrorKind string

// Kinds of user-facing error.
const (
	EInvalid   ErrorKind = "invalid"   // bad input: exit 2, a modal field error
	EPrivacy   ErrorKind = "privacy"   // the privacy screen refused the text
	ENotFound  ErrorKind = "not_found" // no such thing
	EForbidden ErrorKind = "forbidden" // not allowed
	EConflict  ErrorKind = "conflict"  // already decided, or changed meanwhile
)

// Error carries text that is safe to show a user: it never holds the input
// that caused it. Anything that is not an *Error is shown as "Something went
// wrong" and logged.
type Error struct {
	Kind  ErrorKind
	Field string // the entry field or form field at fault, if any
	Msg   string
}

// Error formats the error as "field: msg".
func (e *Error) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// Is makes errors.Is(err, ErrNotFound) and friends work for *Error.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.Kind == ENotFound
	case ErrForbidden:
		return e.Kind == EForbidden
	case ErrConflict:
		return e.Kind == EConflict
	}
	return false
}

// Errorf returns an *Error of the given kind about field.
func Errorf(kind ErrorKind, field, format string, args ...any) *Error {
	return &Error{Kind: kind, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// FieldErrors is every problem found in one entry, in field order.
type FieldErrors []*Error

// Error joins the problems on one line.
func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// LineError is one bad record of an import file.
type LineError struct {
	File  string
	Line  int
	Field string
	Msg   string
}

// Error formats the problem as FILE:LINE: field: reason.
func (e LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Field, e.Msg)
}

// ImportError is every problem found in an import file. Import is all or
// nothing, so any of them means nothing was written.
type ImportError struct {
	// Errs are the problems in line order; past the first 50 they are only
	// counted.
	Errs []LineError
	// Total counts every problem; 0 means len(Errs).
	Total int
}

// Count is the number of problems, shown or not.
func (e *ImportError) Count() int { return max(e.Total, len(e.Errs)) }

// Error returns the first problem and how many more there are.
func (e *ImportError) Error() string {
	if len(e.Errs) == 0 {
		return "import failed"
	}
	s := e.Errs[0].Error()
	if n := e.Count() - 1; n > 0 {
		s += fmt.Sprintf(" (and %d more)", n)
	}
	return s
}
