// Package wikicities holds the domain of WikiCities: the cities and their twin
// links, the communities and institutions that live in them, the partnerships
// between them, and the service contracts over all of it. It has no
// dependencies beyond the standard library; storage, HTTP, importers and the
// matcher live in packages of their own.
package wikicities

import (
	"errors"
	"fmt"
)

// Shared error kinds. Every backend maps its driver's errors to these, and the
// HTTP layer maps these to status codes in one table.
var (
	// ErrNotFound means the record asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means the write clashes with existing data: a duplicate key,
	// or a stale version (a concurrent edit).
	ErrConflict = errors.New("conflict")
	// ErrInvalid means the input is malformed; the wrapping error names the field.
	ErrInvalid = errors.New("invalid input")
	// ErrUnauthorized means the caller is not signed in.
	ErrUnauthorized = errors.New("not signed in")
	// ErrForbidden means the caller is signed in but may not do this.
	ErrForbidden = errors.New("forbidden")
	// ErrAmbiguous means a name matched several records; see AmbiguousError.
	ErrAmbiguous = errors.New("ambiguous")
)

// FieldError is a validation error that names the field and the problem.
// It matches ErrInvalid with errors.Is.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %s", e.Field, e.Message) }

// Is reports whether target is ErrInvalid.
func (e *FieldError) Is(target error) bool { return target == ErrInvalid }

// Invalidf returns a FieldError for field with a formatted message.
func Invalidf(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ValidationErrors collects every FieldError of one input, so that a form or
// an API client sees all problems at once. It matches ErrInvalid.
type ValidationErrors []*FieldError

func (v ValidationErrors) Error() string {
	if len(v) == 1 {
		return v[0].Error()
	}
	s := fmt.Sprintf("%d problems:", len(v))
	for _, e := range v {
		s += " " + e.Error() + ";"
	}
	return s
}

// Is reports whether target is ErrInvalid.
func (v ValidationErrors) Is(target error) bool { return target == ErrInvalid }

// Add appends a problem with field.
func (v *ValidationErrors) Add(field, format string, args ...any) {
	*v = append(*v, &FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// Err returns v as an error, or nil when there is no problem.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
