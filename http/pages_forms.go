package http

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// Form is the state of a page's form: what the user typed (kept when the
// form comes back with errors), the problems found, by field, and the
// problems that belong to no field of the form.
type Form struct {
	Values  url.Values
	Errors  map[string]string
	General []string
	// Stale is set when the record changed since the form was loaded: the
	// page says so and shows the current record, never overwriting it.
	Stale bool
}

// newForm returns an empty form with values.
func newForm(values url.Values) *Form {
	if values == nil {
		values = url.Values{}
	}
	return &Form{Values: values, Errors: map[string]string{}}
}

// Get returns the value typed in field.
func (f *Form) Get(field string) string { return f.Values.Get(field) }

// Has reports whether value is among the values of field (checkboxes,
// multiple selects).
func (f *Form) Has(field, value string) bool {
	for _, v := range f.Values[field] {
		if v == value {
			return true
		}
	}
	return false
}

// markStale records that the record changed since the form was read: the
// form keeps what was typed, says so, and bases the next save on version.
func (f *Form) markStale(version int64) {
	f.Stale = true
	f.Values.Set("version", strconv.FormatInt(version, 10))
}

// Error returns the problem with field, or "".
func (f *Form) Error(field string) string { return f.Errors[field] }

// HasErrors reports whether the form has any problem to show.
func (f *Form) HasErrors() bool { return len(f.Errors) > 0 || len(f.General) > 0 || f.Stale }

// formFieldOf maps a field named in a ValidationErrors ("languages[2]",
// "agreement.goals[0]") to the form field that holds it.
func formFieldOf(field string, aliases map[string]string) string {
	if i := strings.IndexByte(field, '['); i >= 0 {
		field = field[:i]
	}
	if a, ok := aliases[field]; ok {
		return a
	}
	return field
}

// setError files err in the form: each field error next to its field (when
// the form has that field), the rest in General. Errors other than invalid
// input are returned for the caller to handle.
func (f *Form) setError(p *i18n.Printer, err error, fields []string, aliases map[string]string) error {
	var ve wikicities.ValidationErrors
	var fe *wikicities.FieldError
	switch {
	case errors.As(err, &ve):
	case errors.As(err, &fe):
		ve = wikicities.ValidationErrors{fe}
	default:
		return err
	}
	already := map[string]bool{}
	for k := range f.Errors {
		already[k] = true // found by the form itself, more precisely
	}
	for _, e := range ve {
		field := formFieldOf(e.Field, aliases)
		if already[field] {
			continue
		}
		text := labels.Problem(p, e)
		known := false
		for _, k := range fields {
			known = known || k == field
		}
		if !known {
			// A field the form does not show: name it, as the API would.
			said := e.Message
			if e.Problem != "" {
				said = text
			}
			f.General = append(f.General, p.Msg("form-field-problem", e.Field+p.Msg("colon-separator")+said))
			continue
		}
		if prev := f.Errors[field]; prev != "" && prev != text {
			text = prev + " " + text
		}
		f.Errors[field] = text
	}
	return nil
}

// postedForm reads a POSTed form (parseForm), or answers the error page
// and returns false.
func (s *Server) postedForm(w http.ResponseWriter, r *http.Request) bool {
	if err := parseForm(w, r); err != nil {
		s.renderError(w, r, err)
		return false
	}
	return true
}

// parseForm reads a POSTed form of at most 64 KiB.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return ErrTooLarge
		}
		return wikicities.Invalidf("form", "%v", err)
	}
	return cleanForm(r)
}

// splitList splits a field typed as a list: items separated by commas or
// new lines; blanks dropped.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// splitLines splits a field typed one item a line.
func splitLines(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "\n") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// formInt reads a whole number field; empty is 0. A bad number is filed as
// the field's error.
func formInt(f *Form, p *i18n.Printer, field string) int {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		f.Errors[field] = p.Msg("form-not-a-number")
		return 0
	}
	return n
}

// requireSignIn answers a page that needs an account: the sign-in page's
// address when there is one, else the translated 401 page. It returns false
// when the request may go on.
func (s *Server) requireSignIn(w http.ResponseWriter, r *http.Request) bool {
	if wikicities.ActorFrom(r.Context()).SignedIn() {
		return true
	}
	if r.Method == http.MethodGet {
		http.Redirect(w, r, SignInPath+"?returnto="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return false
	}
	s.renderError(w, r, wikicities.ErrUnauthorized)
	return false
}

// SignInPath is the address of the sign-in page (pages_signin.go), where
// pages that need an account send anonymous visitors.
const SignInPath = "/auth/signin"
