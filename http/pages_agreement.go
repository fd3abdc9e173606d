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
	x := s.partyPartnership(w, r)
	if x == nil {
		return nil
	}
	if !x.State.Live() {
		s.renderPartnership(w, r, http.StatusConflict, closedProblem(s.Printer(r), x))
		return nil
	}
	return x
}

// partyPartnership loads the partnership of the request for a coordinator
// of either party (or an admin); it answers the request itself (sign-in,
// 403, 404) and returns nil when it cannot go on.
func (s *Server) partyPartnership(w http.ResponseWriter, r *http.Request) *wikicities.Partnership {
	x, _ := recordFor(s, w, r, s.Partnerships.Partnership, wikicities.ByEitherParty.Allowed)
	return x
}

// closedProblem is the problem shown above a form of partnership x that
// the store refused with ErrConflict: x is closed (declined, withdrawn or
// ended) since the form was loaded.
func closedProblem(pr *i18n.Printer, x *wikicities.Partnership) string {
	return pr.Msg("agreement-closed", labels.State(pr, x.State))
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
func agreementValues(x *wikicities.Partnership, p *i18n.Printer) url.Values {
	v := url.Values{"goals": {strings.Join(x.Agreement.Goals, "\n")}, "languages": {strings.Join(labels.LanguageValues(p, x.Agreement.Languages), ", ")},
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
	p.Data = s.agreementFormData(newForm(agreementValues(x, p.Printer())), x)
	s.render(w, r, http.StatusOK, "agreement-form", p)
}

func (s *Server) handleAgreementUpdate(w http.ResponseWriter, r *http.Request) {
	x := s.editablePartnership(w, r)
	if x == nil || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("agreement-edit-title", x.A.Name, x.B.Name)
	f := newForm(r.PostForm)
	version := formVersion(f)
	ag := wikicities.Agreement{Goals: splitLines(f.Get("goals")), Languages: resolveLanguages(f, pr),
		ReviewDate: formDate(f, pr, "review_date", false)}
	d := s.agreementFormData(f, x)
	status := s.submit(w, r, pr, f, formSave{fields: agreementFields, aliases: agreementAliases, check: ag.Validate,
		save: func() (string, error) {
			_, err := s.Partnerships.UpdateAgreement(r.Context(), x.ID, version, ag)
			return fmt.Sprintf("/partnerships/%d?done=agreement", x.ID), err
		},
		stale: func() (int64, url.Values, error) {
			// Shown beside what was typed, which the next save replaces.
			cur, err := s.Partnerships.Partnership(r.Context(), x.ID)
			if err != nil {
				return 0, nil, err
			}
			d.Current = viewAgreement(pr, cur.Agreement)
			return cur.Version, agreementValues(cur, pr), nil
		},
		conflict: closedProblem(pr, x)})
	if status == 0 {
		return
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
	if x == nil || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("responsibility-new-title", x.A.Name, x.B.Name)
	f := newForm(r.PostForm)
	rs := responsibilityFromForm(f, pr, x)
	status := s.submit(w, r, pr, f, formSave{fields: responsibilityFields, check: rs.Validate,
		save: func() (string, error) {
			return fmt.Sprintf("/partnerships/%d?done=responsibility-added", x.ID), s.Partnerships.AddResponsibility(r.Context(), rs)
		},
		conflict: closedProblem(pr, x)})
	if status == 0 {
		return
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
	if err != nil && (err == errNoPage || !errors.Is(err, wikicities.ErrNotFound)) {
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
	if cur == nil {
		// Deleted by someone else while this was typed: what was typed
		// comes back in the form that adds a responsibility.
		f.Values.Del("version")
		f.General = append(f.General, pr.Msg("responsibility-gone"))
		p.Title = p.Msg("responsibility-new-title", x.A.Name, x.B.Name)
		p.Data = s.responsibilityFormData(f, x, 0)
		s.render(w, r, http.StatusConflict, "responsibility-form", p)
		return
	}
	version := formVersion(f)
	rs := responsibilityFromForm(f, pr, x)
	rs.ID, rs.Version = cur.ID, version
	d := s.responsibilityFormData(f, x, cur.ID)
	status := s.submit(w, r, pr, f, formSave{fields: responsibilityFields, check: rs.Validate,
		save: func() (string, error) {
			return fmt.Sprintf("/partnerships/%d?done=responsibility-saved", x.ID), s.Partnerships.UpdateResponsibility(r.Context(), rs)
		},
		stale: func() (int64, url.Values, error) {
			// Shown beside what was typed, which the next save replaces.
			fresh, err := s.Partnerships.Partnership(r.Context(), x.ID)
			if err == nil {
				cur, err = findResponsibility(r, fresh)
			}
			if err != nil {
				return 0, nil, err
			}
			it := responsibilityView(pr, fresh, cur, s.Clock.Now())
			d.Current = &it
			return cur.Version, responsibilityValues(cur), nil
		},
		conflict: closedProblem(pr, x)})
	if status == 0 {
		return
	}
	p.Data = d
	s.render(w, r, status, "responsibility-form", p)
}

// postedResponsibility reads the posted button of a responsibility of the
// request's partnership, and the version it was shown at. It answers the
// request itself and returns false when it cannot go on.
func (s *Server) postedResponsibility(w http.ResponseWriter, r *http.Request) (*wikicities.Partnership, *wikicities.Responsibility, int64, bool) {
	x := s.editablePartnership(w, r)
	if x == nil {
		return nil, nil, 0, false
	}
	cur, err := findResponsibility(r, x)
	if err != nil {
		s.renderError(w, r, err)
		return nil, nil, 0, false
	}
	if !s.postedForm(w, r) {
		return nil, nil, 0, false
	}
	version := formVersion(newForm(r.PostForm))
	return x, cur, version, true
}

// responsibilityOutcome answers a responsibility's button on partnership x:
// back to x's page with the notice done, or saying why it was refused.
func (s *Server) responsibilityOutcome(r *http.Request, x *wikicities.Partnership, done string) actionOutcome {
	pr := s.Printer(r)
	return actionOutcome{done: fmt.Sprintf("/partnerships/%d?done=%s", x.ID, done), again: s.renderPartnership,
		stale: pr.Msg("responsibility-stale"), conflict: closedProblem(pr, x)}
}

// handleResponsibilityDone marks a responsibility done (done=1) or not done
// (done=0), leaving its other fields as they are, from the small form on
// each row of the partnership page.
func (s *Server) handleResponsibilityDone(w http.ResponseWriter, r *http.Request) {
	x, cur, version, ok := s.postedResponsibility(w, r)
	if !ok {
		return
	}
	done := r.PostForm.Get("done")
	if done != "0" && done != "1" {
		s.renderError(w, r, invalid("done", wikicities.ProblemNotAllowed, done, "%q is not 1 (done) or 0 (not done)", done))
		return
	}
	rs := *cur
	rs.Done, rs.Version = done == "1", version
	notice := "responsibility-done"
	if !rs.Done {
		notice = "responsibility-reopened"
	}
	s.afterAction(w, r, s.Partnerships.UpdateResponsibility(r.Context(), &rs), s.responsibilityOutcome(r, x, notice))
}

// handleResponsibilityDelete removes a responsibility, from the button under
// its edit form, if the version the form showed is current.
func (s *Server) handleResponsibilityDelete(w http.ResponseWriter, r *http.Request) {
	x, cur, version, ok := s.postedResponsibility(w, r)
	if !ok {
		return
	}
	err := s.Partnerships.DeleteResponsibility(r.Context(), x.ID, cur.ID, version)
	s.afterAction(w, r, err, s.responsibilityOutcome(r, x, "responsibility-removed"))
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
