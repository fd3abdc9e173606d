package http

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
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
	// Unversioned is set when the form named no version it edits: a stale
	// save then says so, not that someone else saved.
	Unversioned bool
	// Current holds, after a stale save, the current record's value of
	// each field where it differs from what was typed (an empty list where
	// the current record leaves the field empty): shown under the field, so
	// that what the other save changed is seen before saving over it.
	Current map[string][]string
	// Choices offers, by field, the candidates of an ambiguous value
	// (the cities of a name), to pick one without retyping.
	Choices map[string][]option
}

// ChoicesOf returns the candidates offered for field.
func (f *Form) ChoicesOf(field string) []option { return f.Choices[field] }

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

// noteCurrent records, for each of fields, the value of current (the
// form's values of the record as saved now) where it differs from what
// was typed, and from typed (the form's values of the record that was
// typed, as the form writes them: "Berlin, DE" for "Berlin"; nil if
// unknown). Line ends, spaces around values, empty values and the order
// of a list of choices do not count as differences.
func (f *Form) noteCurrent(current, typed url.Values, fields []string) {
	norm := func(vs []string) []string {
		var out []string
		for _, v := range vs {
			if v = strings.TrimSpace(strings.ReplaceAll(v, "\r\n", "\n")); v != "" {
				out = append(out, v)
			}
		}
		slices.Sort(out)
		return out
	}
	for _, field := range fields {
		now := norm(current[field])
		if slices.Equal(now, norm(f.Values[field])) || typed != nil && slices.Equal(now, norm(typed[field])) {
			continue
		}
		if f.Current == nil {
			f.Current = map[string][]string{}
		}
		f.Current[field] = []string{}
		for _, v := range current[field] { // as the record has them, in its order
			if v = strings.TrimSpace(v); v != "" {
				f.Current[field] = append(f.Current[field], v)
			}
		}
	}
}

// currentValue is the current value of a field that differs from what was
// typed, as the form shows it: the labels of the options chosen, or the
// text; Values is empty when the current record leaves the field empty.
type currentValue struct{ Values []string }

// CurrentOf returns the current value of field after a stale save when it
// differs from what was typed, or nil. A value that is one of options is
// shown as its label (an empty one as the label of the option "", such as
// "none", where there is one).
func (f *Form) CurrentOf(field string, options []option) *currentValue {
	vs, ok := f.Current[field]
	if !ok {
		return nil
	}
	out := &currentValue{Values: []string{}}
	if len(vs) == 0 {
		vs = nil
		for _, o := range options {
			if o.Value == "" && o.Label != "" {
				vs = []string{""}
			}
		}
	}
	for _, v := range vs {
		for _, o := range options {
			if o.Value == v {
				v = o.Label
				break
			}
		}
		out.Values = append(out.Values, v)
	}
	return out
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

// formSave is how a page's form is saved: the service call, and what the
// service's refusals mean for the form. Server.submit runs it.
type formSave struct {
	fields  []string          // the fields the form shows
	aliases map[string]string // the fields that the service names otherwise
	// check is the record's own validation, run when the form found
	// problems of its own (a bad date), so that every problem shows at once.
	check func() error
	// save calls the service and returns where a saved form goes: the
	// record's page with ?done= naming the notice it shows.
	save func() (done string, err error)
	// stale, when set, loads the current record after a *StaleError
	// (ErrStale) and returns its version and its values as the form has
	// them (nil if the form cannot show them): the form keeps what was
	// typed, says that the record changed, shows under each field where the
	// current record differs from what was typed what it says now, and
	// bases the next save on it. Without it a stale save is a conflict.
	stale func() (int64, url.Values, error)
	// typed, when set, returns the form's values of the record typed, as
	// the form writes them, so that a field written otherwise than the
	// form would ("Berlin" for "Berlin, DE") is not said to differ.
	typed func() url.Values
	// conflict is the problem shown above the form for ErrConflict (a
	// closed partnership, partners already); without it ErrConflict answers
	// the error page.
	conflict string
}

// submit saves the posted form f through fs. It answers the request itself
// and returns 0 after a save (a redirect to what save returned) and for an
// error that is not the form's (the error page); otherwise it files the
// problems in f and returns the status to render the form again with: 422
// for invalid input, 409 for a stale record or a conflict.
func (s *Server) submit(w http.ResponseWriter, r *http.Request, pr *i18n.Printer, f *Form, fs formSave) int {
	if len(f.Errors) > 0 {
		if fs.check != nil {
			if err := fs.check(); err != nil {
				f.setError(pr, err, fs.fields, fs.aliases)
			}
		}
		return http.StatusUnprocessableEntity
	}
	done, err := fs.save()
	switch {
	case err == nil:
		http.Redirect(w, r, done, http.StatusSeeOther)
		return 0
	case fs.stale != nil && errors.Is(err, wikicities.ErrStale):
		version, current, err := fs.stale()
		if err != nil {
			s.renderError(w, r, err)
			return 0
		}
		f.markStale(version)
		var typed url.Values
		if fs.typed != nil {
			typed = fs.typed()
		}
		f.noteCurrent(current, typed, fs.fields)
		return http.StatusConflict
	case fs.conflict != "" && errors.Is(err, wikicities.ErrConflict):
		f.General = append(f.General, fs.conflict)
		return http.StatusConflict
	}
	if err := f.setError(pr, err, fs.fields, fs.aliases); err != nil {
		s.renderError(w, r, err)
		return 0
	}
	return http.StatusUnprocessableEntity
}

// actionOutcome says how a button's action on a page (answer a proposal,
// mark a responsibility done, decide a claim) is answered; see
// Server.afterAction.
type actionOutcome struct {
	done string // where a taken action goes: the page with ?done=
	// again renders the page again with a problem at its top.
	again func(w http.ResponseWriter, r *http.Request, status int, problem string)
	// The problems said for a *StaleError (the page changed since it was
	// loaded), for ErrConflict (the action is not possible now) and for
	// invalid input; an empty one answers the error page instead.
	stale, conflict, invalid string
}

// afterAction answers a button's action whose outcome is err: a redirect
// to o.done when it was taken, the page again saying why it was not (409
// for a stale record or a conflict, 422 for invalid input), or the error
// page.
func (s *Server) afterAction(w http.ResponseWriter, r *http.Request, err error, o actionOutcome) {
	switch {
	case err == nil:
		http.Redirect(w, r, o.done, http.StatusSeeOther)
	case o.stale != "" && errors.Is(err, wikicities.ErrStale):
		o.again(w, r, http.StatusConflict, o.stale)
	case o.conflict != "" && errors.Is(err, wikicities.ErrConflict):
		o.again(w, r, http.StatusConflict, o.conflict)
	case o.invalid != "" && errors.Is(err, wikicities.ErrInvalid):
		o.again(w, r, http.StatusUnprocessableEntity, o.invalid)
	default:
		s.renderError(w, r, err)
	}
}

// inputProblem is the problem said above a page's one-field form (a
// message, a check-in) refused as invalid: the field's problem in the
// reader's language when it is anything but missing (too long), else
// empty, what the form says when nothing was written.
func inputProblem(pr *i18n.Printer, err error, empty string) string {
	var ve wikicities.ValidationErrors
	var fe *wikicities.FieldError
	if errors.As(err, &ve) && len(ve) > 0 {
		fe = ve[0]
	} else if !errors.As(err, &fe) {
		return empty
	}
	if fe.Problem == "" || fe.Problem == wikicities.ProblemRequired {
		return empty
	}
	return labels.Problem(pr, fe)
}

// formVersion reads the version a form edits. A form without one (opened
// before the site gave the form a version, or made by hand) is saved at
// missingVersion, which no record has: it is answered as a stale save,
// which keeps what was typed beside the current record and bases the next
// save on it, where the typed text was lost to an error page.
func formVersion(f *Form) int64 {
	v, err := strconv.ParseInt(f.Get("version"), 10, 64)
	if err != nil || v <= 0 {
		f.Unversioned = true
		return missingVersion
	}
	return v
}

// doneNotice returns the notice that a page shows after a saved form or
// an action: the message that notices gives to the address's ?done=, or "".
func doneNotice(r *http.Request, pr *i18n.Printer, notices map[string]string) string {
	if key, ok := notices[r.URL.Query().Get("done")]; ok {
		return pr.Msg(key)
	}
	return ""
}

// signedInPathID reads the {id} of the address of a page that needs an
// account. It answers the request itself (the sign-in page, 404) and
// returns false when the request cannot go on.
func (s *Server) signedInPathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	if !s.requireSignIn(w, r) {
		return 0, false
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return 0, false
	}
	return id, true
}

// postedAction reads the posted form of a button that acts on the record
// {id} of its address (answer a proposal, decide a claim, send a message).
// It answers the request itself and returns false when it cannot go on.
func (s *Server) postedAction(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, ok := s.signedInPathID(w, r)
	return id, ok && s.postedForm(w, r)
}

// recordFor loads the record {id} of the address with load, for a
// signed-in visitor whom allow lets act on it. It answers the request
// itself (the sign-in page, 404, 403) and returns false when the request
// cannot go on.
func recordFor[T any](s *Server, w http.ResponseWriter, r *http.Request, load func(context.Context, int64) (T, error),
	allow func(*wikicities.Actor, T) error) (T, bool) {
	var zero T
	id, ok := s.signedInPathID(w, r)
	if !ok {
		return zero, false
	}
	x, err := load(r.Context(), id)
	if err == nil {
		err = allow(wikicities.ActorFrom(r.Context()), x)
	}
	if err != nil {
		s.renderError(w, r, err)
		return zero, false
	}
	return x, true
}

// pageRecord loads with load the record of a page's {id} path value; an
// {id} that is no id is no page. It answers the request itself and returns
// false when it cannot go on.
func pageRecord[T any](s *Server, w http.ResponseWriter, r *http.Request, load func(context.Context, int64) (T, error)) (T, bool) {
	var zero T
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return zero, false
	}
	x, err := load(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return zero, false
	}
	return x, true
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
// address (in the language ?uselang= chose) when there is one, else the
// translated 401 page. It returns false
// when the request may go on.
func (s *Server) requireSignIn(w http.ResponseWriter, r *http.Request) bool {
	if wikicities.ActorFrom(r.Context()).SignedIn() {
		return true
	}
	if r.Method == http.MethodGet {
		to := SignInPath + "?returnto=" + url.QueryEscape(r.URL.RequestURI())
		// A language chosen in the address holds on the sign-in page too
		// (which remembers it), as it would on the page itself.
		if u := queryValue(r.URL.RawQuery, "uselang"); u != "" && u == s.language(r) {
			to += "&uselang=" + url.QueryEscape(u)
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return false
	}
	s.renderError(w, r, wikicities.ErrUnauthorized)
	return false
}

// SignInPath is the address of the sign-in page (pages_signin.go), where
// pages that need an account send anonymous visitors.
const SignInPath = "/auth/signin"
