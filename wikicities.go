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
	// ErrUnavailable means a service the answer depends on (the database)
	// cannot be reached for now; the caller may try again shortly.
	ErrUnavailable = errors.New("temporarily unavailable")
	// ErrStale means the write named a version other than the stored one:
	// someone changed the record meanwhile. Every *StaleError matches it,
	// and ErrConflict too.
	ErrStale = errors.New("stale version")
)

// StaleError reports a write based on an outdated version of a record (a
// concurrent edit): the one way every service reports it. It matches
// ErrStale and ErrConflict with errors.Is.
type StaleError struct {
	Entity  string // "community", "partnership", "user", ...
	ID      int64
	Version int64 // the version the write was based on
	Current int64 // the stored version, when known (0 otherwise)
}

func (e *StaleError) Error() string {
	if e.Current > 0 {
		return fmt.Sprintf("%s %d is at version %d, not %d: someone changed it meanwhile; reload and try again", e.Entity, e.ID, e.Current, e.Version)
	}
	return fmt.Sprintf("%s %d was changed by someone else since version %d; reload and try again", e.Entity, e.ID, e.Version)
}

// Is reports whether target is ErrStale or ErrConflict.
func (e *StaleError) Is(target error) bool { return target == ErrStale || target == ErrConflict }

// FieldError is a validation error that names the field and the problem.
// It matches ErrInvalid with errors.Is.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	// Problem and Params say the problem for translation (see Problem);
	// the English Message is what the API and the CLI show.
	Problem Problem `json:"-"`
	Params  []any   `json:"-"`
}

// Because records the kind of problem and its parameters, so that a page
// can say it in the reader's language; it returns e.
func (e *FieldError) Because(p Problem, params ...any) *FieldError {
	e.Problem, e.Params = p, params
	return e
}

// Problem is a kind of invalid input that the web pages say in the
// reader's language (package labels); each constant documents its Params.
// A FieldError without one keeps its English message everywhere.
type Problem string

// Problems.
const (
	ProblemRequired    Problem = "required"      // the field is empty or missing
	ProblemTooLong     Problem = "too_long"      // params: the most bytes allowed
	ProblemOneLine     Problem = "one_line"      // the text holds a line break
	ProblemOneLineMax  Problem = "one_line_max"  // params: the most bytes allowed on the one line
	ProblemLength      Problem = "length"        // params: the fewest and the most bytes of each entry
	ProblemTooMany     Problem = "too_many"      // params: the most entries allowed
	ProblemNotAllowed  Problem = "not_allowed"   // params: the value given, which is not one of the choices
	ProblemLanguage    Problem = "language"      // params: the value, not a Wikimedia language code
	ProblemNotID       Problem = "not_id"        // params: the value, not the number of a record
	ProblemSkill       Problem = "skill"         // params: the value, not a skill of the vocabulary
	ProblemURL         Problem = "url"           // params: the value, not an http(s) address
	ProblemEmail       Problem = "email"         // params: the value, not an email address
	ProblemQID         Problem = "qid"           // params: the value, not a Wikidata item id
	ProblemMetaPage    Problem = "meta_page"     // not a Meta-Wiki page title
	ProblemNumberRange Problem = "number_range"  // params: the lowest and the highest number allowed
	ProblemDateRange   Problem = "date_range"    // params: the date, not between 2001 and today
	ProblemBeforeStart Problem = "before_start"  // the end is before the start
	ProblemNotFuture   Problem = "not_future"    // params: the date, not in the future
	ProblemTooFarAhead Problem = "too_far_ahead" // params: the date, more than two years ahead
	ProblemYearRange   Problem = "year_range"    // params: the date, the first and the last year allowed (strings: years are not numbers to group)
	ProblemSelfPartner Problem = "self_partner"  // both parties are the same community
	// The mentor cannot take a mentoring request.
	ProblemMentorAway        Problem = "mentor_away"        // params: the mentor's name, the time.Time they are away until
	ProblemMentorFull        Problem = "mentor_full"        // params: the mentor's name, how many mentees they take at a time
	ProblemMentorUnavailable Problem = "mentor_unavailable" // params: the mentor's name, the capacity's code, not available from them
)

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

// Add appends a problem with field and returns it, for Because.
func (v *ValidationErrors) Add(field, format string, args ...any) *FieldError {
	e := &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
	*v = append(*v, e)
	return e
}

// Err returns v as an error, or nil when there is no problem.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
