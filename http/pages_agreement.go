package http

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The forms that change a partnership's agreement (goals, working
// languages, review date) and its responsibilities from the partnership's
// page. They write through the same store calls as the JSON API
// (UpdateAgreement, AddResponsibility, UpdateResponsibility), which check
// who may write (a coordinator of either party, or an admin) and record
// every change in the audit log. Each edit carries the version it was
// based on: a stale one is refused, shown with the current record, and the
// input is kept.

// registerAgreementPages registers the agreement's and responsibilities'
// forms.
func (s *Server) registerAgreementPages() {
	s.handle("GET /partnerships/{id}/agreement/edit", s.handleAgreementEdit)
	s.handle("POST /partnerships/{id}/agreement", s.handleAgreementUpdate)
	s.handle("GET /partnerships/{id}/responsibilities/new", s.handleResponsibilityNew)
	s.handle("POST /partnerships/{id}/responsibilities", s.handleResponsibilityCreate)
	s.handle("GET /partnerships/{id}/responsibilities/{rid}/edit", s.handleResponsibilityEdit)
	s.handle("POST /partnerships/{id}/responsibilities/{rid}", s.handleResponsibilityUpdate)
	s.handle("POST /partnerships/{id}/responsibilities/{rid}/done", s.handleResponsibilityDone)
	s.handle("POST /partnerships/{id}/responsibilities/{rid}/delete", s.handleResponsibilityDelete)
}

// agreementNotices are the notices the partnership page shows after a
// saved form, by the value of ?done=.
var agreementNotices = map[string]string{
	"agreement":               "agreement-saved-notice",
	"responsibility-added":    "responsibility-added-notice",
	"responsibility-saved":    "responsibility-saved-notice",
	"responsibility-done":     "responsibility-done-notice",
	"responsibility-reopened": "responsibility-reopened-notice",
	"responsibility-removed":  "responsibility-removed-notice",
}

// canEditAgreement reports whether a may change the agreement and the
// responsibilities of x: the store's rule (a coordinator of either party or
// an admin, while x is not declined, withdrawn or ended), so that the page
// offers only the forms that will be accepted.
func canEditAgreement(a *wikicities.Actor, x *wikicities.Partnership) bool {
	return x.State.Live() && wikicities.ByEitherParty.Allowed(a, x) == nil
}

// editablePartnership loads the partnership of the request for someone who
// may change its agreement; it answers the request itself (sign-in, 403,
// 404, or the page saying the partnership is closed) and returns nil when
// it cannot go on.
func (s *Server) editablePartnership(w http.ResponseWriter, r *http.Request) *wikicities.Partnership {
	if !s.requireSignIn(w, r) {
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return nil
	}
	x, err := s.Partnerships.Partnership(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil
	}
	if err := wikicities.ByEitherParty.Allowed(wikicities.ActorFrom(r.Context()), x); err != nil {
		s.renderError(w, r, err)
		return nil
	}
	if !x.State.Live() {
		pr := s.Printer(r)
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("agreement-closed", labels.State(pr, x.State)))
		return nil
	}
	return x
}

// formVersion reads the version a form edits; a form without one cannot be
// saved safely.
func formVersion(f *Form) (int64, error) {
	v, err := strconv.ParseInt(f.Get("version"), 10, 64)
	if err != nil || v <= 0 {
		return 0, wikicities.Invalidf("version", "the form lacks the version it edits; reload the page")
	}
	return v, nil
}

// agreementView is an agreement as the stale-edit notice shows it.
type agreementView struct {
	Goals, Languages []string
	ReviewDate       string
}

// agreementForm is the Data of the form that edits an agreement.
type agreementForm struct {
	Form    *Form
	ID      int64
	A, B    partyLink
	Current *agreementView // the current agreement, shown after a stale edit
}

var agreementFields = []string{"goals", "languages", "review_date"}

var agreementAliases = map[string]string{"agreement.goals": "goals", "agreement.languages": "languages", "agreement": "goals"}

// agreementValues fills the form with x's agreement and version.
func agreementValues(x *wikicities.Partnership) url.Values {
	v := url.Values{"goals": {strings.Join(x.Agreement.Goals, "\n")}, "languages": {strings.Join(x.Agreement.Languages, ", ")},
		"version": {strconv.FormatInt(x.Version, 10)}}
	if !x.Agreement.ReviewDate.IsZero() {
		v.Set("review_date", x.Agreement.ReviewDate.Format(time.DateOnly))
	}
	return v
}

func viewAgreement(pr *i18n.Printer, ag wikicities.Agreement) *agreementView {
	v := &agreementView{Goals: ag.Goals}
	for _, l := range ag.Languages {
		v.Languages = append(v.Languages, labels.Language(pr, l))
	}
	if !ag.ReviewDate.IsZero() {
		v.ReviewDate = pr.Date(ag.ReviewDate)
	}
	return v
}

func (s *Server) agreementFormData(f *Form, x *wikicities.Partnership) agreementForm {
	return agreementForm{Form: f, ID: x.ID, A: partyLink{x.A.Kind, x.A.ID, x.A.Name}, B: partyLink{x.B.Kind, x.B.ID, x.B.Name}}
}

func (s *Server) handleAgreementEdit(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("agreement-edit-title", x.A.Name, x.B.Name)
	p.Data = s.agreementFormData(newForm(agreementValues(x)), x)
	s.render(w, r, http.StatusOK, "agreement-form", p)
}

func (s *Server) handleAgreementUpdate(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("agreement-edit-title", x.A.Name, x.B.Name)
	f := newForm(r.PostForm)
	version, err := formVersion(f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ag := wikicities.Agreement{Goals: splitLines(f.Get("goals")), Languages: splitList(strings.ToLower(f.Get("languages"))),
		ReviewDate: formDate(f, pr, "review_date", false)}
	d := s.agreementFormData(f, x)
	status := http.StatusUnprocessableEntity
	if len(f.Errors) == 0 {
		_, err := s.Partnerships.UpdateAgreement(r.Context(), x.ID, version, ag)
		var se *wikicities.StaleError
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=agreement", x.ID), http.StatusSeeOther)
			return
		case errors.As(err, &se):
			// Someone saved meanwhile: keep what was typed, show the
			// current agreement, and base the next save on it.
			cur, err := s.Partnerships.Partnership(r.Context(), x.ID)
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			f.markStale(cur.Version)
			d.Current = viewAgreement(pr, cur.Agreement)
			status = http.StatusConflict
		case errors.Is(err, wikicities.ErrConflict):
			f.General = append(f.General, pr.Msg("agreement-closed", labels.State(pr, x.State)))
			status = http.StatusConflict
		default:
			if err := f.setError(pr, err, agreementFields, agreementAliases); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
	} else if err := ag.Validate(); err != nil {
		// Show every problem at once, not the date's alone.
		f.setError(pr, err, agreementFields, agreementAliases)
	}
	p.Data = d
	s.render(w, r, status, "agreement-form", p)
}

// responsibilityForm is the Data of the forms that add and edit a
// responsibility.
type responsibilityForm struct {
	Form    *Form
	ID      int64 // the partnership
	RID     int64 // the responsibility edited; 0 for a new one
	Action  string
	A, B    partyLink
	Owners  []option
	Current *responsibilityItem // the current responsibility, shown after a stale edit
}

var responsibilityFields = []string{"owner", "description", "due", "done"}

// responsibilityOwners are the choices of the owner field: the parties, by
// name.
func responsibilityOwners(x *wikicities.Partnership) []option {
	return []option{{string(wikicities.SideA), x.A.Name}, {string(wikicities.SideB), x.B.Name}}
}

func (s *Server) responsibilityFormData(f *Form, x *wikicities.Partnership, rid int64) responsibilityForm {
	d := responsibilityForm{Form: f, ID: x.ID, RID: rid, A: partyLink{x.A.Kind, x.A.ID, x.A.Name}, B: partyLink{x.B.Kind, x.B.ID, x.B.Name},
		Owners: responsibilityOwners(x), Action: fmt.Sprintf("/partnerships/%d/responsibilities", x.ID)}
	if rid != 0 {
		d.Action = fmt.Sprintf("/partnerships/%d/responsibilities/%d", x.ID, rid)
	}
	return d
}

// responsibilityFromForm builds a responsibility of x from the form's
// values; a bad date is filed as the field's error.
func responsibilityFromForm(f *Form, pr *i18n.Printer, x *wikicities.Partnership) *wikicities.Responsibility {
	return &wikicities.Responsibility{PartnershipID: x.ID, Owner: wikicities.Side(f.Get("owner")),
		Description: strings.TrimSpace(f.Get("description")), Due: formDate(f, pr, "due", false), Done: f.Get("done") == "1"}
}

// responsibilityValues fills the form with rs's fields and version.
func responsibilityValues(rs *wikicities.Responsibility) url.Values {
	v := url.Values{"owner": {string(rs.Owner)}, "description": {rs.Description}, "version": {strconv.FormatInt(rs.Version, 10)}}
	if !rs.Due.IsZero() {
		v.Set("due", rs.Due.Format(time.DateOnly))
	}
	if rs.Done {
		v.Set("done", "1")
	}
	return v
}

// findResponsibility returns the responsibility of x named by the path's
// {rid}. Returns ErrNotFound.
func findResponsibility(r *http.Request, x *wikicities.Partnership) (*wikicities.Responsibility, error) {
	rid, err := pathID(r, "rid")
	if err != nil {
		return nil, errNoPage
	}
	for _, rs := range x.Responsibilities {
		if rs.ID == rid {
			return rs, nil
		}
	}
	return nil, fmt.Errorf("responsibility %d of partnership %d: %w", rid, x.ID, wikicities.ErrNotFound)
}

func (s *Server) handleResponsibilityNew(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("responsibility-new-title", x.A.Name, x.B.Name)
	p.Data = s.responsibilityFormData(newForm(url.Values{"owner": {string(wikicities.SideA)}}), x, 0)
	s.render(w, r, http.StatusOK, "responsibility-form", p)
}

func (s *Server) handleResponsibilityCreate(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("responsibility-new-title", x.A.Name, x.B.Name)
	f := newForm(r.PostForm)
	rs := responsibilityFromForm(f, pr, x)
	status := http.StatusUnprocessableEntity
	if len(f.Errors) == 0 {
		err := s.Partnerships.AddResponsibility(r.Context(), rs)
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=responsibility-added", x.ID), http.StatusSeeOther)
			return
		case errors.Is(err, wikicities.ErrConflict):
			f.General = append(f.General, pr.Msg("agreement-closed", labels.State(pr, x.State)))
			status = http.StatusConflict
		default:
			if err := f.setError(pr, err, responsibilityFields, nil); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
	} else if err := rs.Validate(); err != nil {
		f.setError(pr, err, responsibilityFields, nil)
	}
	p.Data = s.responsibilityFormData(f, x, 0)
	s.render(w, r, status, "responsibility-form", p)
}

func (s *Server) handleResponsibilityEdit(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	rs, err := findResponsibility(r, x)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("responsibility-edit-title", x.A.Name, x.B.Name)
	p.Data = s.responsibilityFormData(newForm(responsibilityValues(rs)), x, rs.ID)
	s.render(w, r, http.StatusOK, "responsibility-form", p)
}

func (s *Server) handleResponsibilityUpdate(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	cur, err := findResponsibility(r, x)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("responsibility-edit-title", x.A.Name, x.B.Name)
	f := newForm(r.PostForm)
	version, err := formVersion(f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rs := responsibilityFromForm(f, pr, x)
	rs.ID, rs.Version = cur.ID, version
	d := s.responsibilityFormData(f, x, cur.ID)
	status := http.StatusUnprocessableEntity
	if len(f.Errors) == 0 {
		err := s.Partnerships.UpdateResponsibility(r.Context(), rs)
		var se *wikicities.StaleError
		switch {
		case err == nil:
			http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=responsibility-saved", x.ID), http.StatusSeeOther)
			return
		case errors.As(err, &se):
			// Someone saved meanwhile: keep what was typed, show the
			// current responsibility, and base the next save on it.
			fresh, err := s.Partnerships.Partnership(r.Context(), x.ID)
			if err == nil {
				cur, err = findResponsibility(r, fresh)
			}
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			f.markStale(cur.Version)
			it := responsibilityView(s.Printer(r), fresh, cur, s.Clock.Now())
			d.Current = &it
			status = http.StatusConflict
		case errors.Is(err, wikicities.ErrConflict):
			f.General = append(f.General, pr.Msg("agreement-closed", labels.State(pr, x.State)))
			status = http.StatusConflict
		default:
			if err := f.setError(pr, err, responsibilityFields, nil); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
	} else if err := rs.Validate(); err != nil {
		f.setError(pr, err, responsibilityFields, nil)
	}
	p.Data = d
	s.render(w, r, status, "responsibility-form", p)
}

// handleResponsibilityDone marks a responsibility done (done=1) or not done
// (done=0), leaving its other fields as they are, from the small form on
// each row of the partnership page.
func (s *Server) handleResponsibilityDone(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	cur, err := findResponsibility(r, x)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	f := newForm(r.PostForm)
	version, err := formVersion(f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	done := f.Get("done")
	if done != "0" && done != "1" {
		s.renderError(w, r, wikicities.Invalidf("done", "%q is not 1 (done) or 0 (not done)", done))
		return
	}
	rs := *cur
	rs.Done, rs.Version = done == "1", version
	err = s.Partnerships.UpdateResponsibility(r.Context(), &rs)
	pr := s.Printer(r)
	var se *wikicities.StaleError
	switch {
	case err == nil:
		notice := "responsibility-done"
		if !rs.Done {
			notice = "responsibility-reopened"
		}
		http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=%s", x.ID, notice), http.StatusSeeOther)
	case errors.As(err, &se):
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("responsibility-stale"))
	case errors.Is(err, wikicities.ErrConflict):
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("agreement-closed", labels.State(pr, x.State)))
	default:
		s.renderError(w, r, err)
	}
}

// handleResponsibilityDelete removes a responsibility, from the button under
// its edit form, if the version the form showed is current.
func (s *Server) handleResponsibilityDelete(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return
	}
	cur, err := findResponsibility(r, x)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !s.postedForm(w, r) {
		return
	}
	version, err := formVersion(newForm(r.PostForm))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	err = s.Partnerships.DeleteResponsibility(r.Context(), x.ID, cur.ID, version)
	pr := s.Printer(r)
	var se *wikicities.StaleError
	switch {
	case err == nil:
		http.Redirect(w, r, fmt.Sprintf("/partnerships/%d?done=responsibility-removed", x.ID), http.StatusSeeOther)
	case errors.As(err, &se):
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("responsibility-stale"))
	case errors.Is(err, wikicities.ErrConflict):
		s.renderPartnership(w, r, http.StatusConflict, pr.Msg("agreement-closed", labels.State(pr, x.State)))
	default:
		s.renderError(w, r, err)
	}
}

// responsibilityView is a responsibility as the partnership page lists it.
func responsibilityView(pr *i18n.Printer, x *wikicities.Partnership, rs *wikicities.Responsibility, now time.Time) responsibilityItem {
	it := responsibilityItem{ID: rs.ID, Version: rs.Version, Owner: x.PartyOn(rs.Owner).Name, Description: rs.Description,
		Done: rs.Done, Overdue: rs.Overdue(now)}
	if !rs.Due.IsZero() {
		it.Due = pr.Date(rs.Due)
	}
	return it
}
