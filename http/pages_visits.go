package http

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// The exchange visits' pages: the form a group's coordinator asks a group
// of a twin city to host a visit with, and a visit's page, where the host
// accepts (saying what its space offers) or declines, either side sets the
// agenda of events, cancels or marks the visit done, and writes the report
// that lands in the partnership's activity log.
func (s *Server) registerVisitPages() {
	s.handle("GET /visits/new", s.handleVisitNew)
	s.handle("POST /visits", s.handleVisitCreate)
	s.handle("GET /visits/{id}", s.handleVisitPage)
	s.handle("POST /visits/{id}/answer", s.handleVisitAnswer)
	s.handle("POST /visits/{id}/agenda", s.handleVisitAgenda)
	s.handle("POST /visits/{id}/report", s.handleVisitReport)
}

// visitForm is the Data of the visit request form.
type visitForm struct {
	Form    *Form
	Visitor partyLink
	Hosts   []option
	City    *wikicities.City // the visitor's city, whose twin cities the hosts are in
}

var visitFields = []string{"host", "start", "end", "people", "purpose", "delegation"}

// visitHosts are the groups of the twin cities of community c's city.
func (s *Server) visitHosts(r *http.Request, c *wikicities.Community) ([]option, error) {
	var out []option
	for _, city := range s.Graph.Twins(c.CityID) {
		l, err := s.PageLists.CityLists(r.Context(), city, citySectionLimit)
		if err != nil {
			return nil, err
		}
		for _, x := range l.Communities {
			name := x.Name
			if tc := s.Graph.City(city); tc != nil {
				name = x.Name + " (" + tc.Name + ")"
			}
			out = append(out, option{strconv.FormatInt(x.ID, 10), name})
		}
	}
	slices.SortFunc(out, func(a, b option) int { return strings.Compare(a.Label, b.Label) })
	return out, nil
}

// visitorCommunity loads the visiting community a form names (?visitor=
// or the posted field), for one of its coordinators.
func (s *Server) visitorCommunity(w http.ResponseWriter, r *http.Request, v string) (*wikicities.Community, bool) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		s.renderError(w, r, invalid("visitor", wikicities.ProblemNotID, v, "%q is not a valid id", v))
		return nil, false
	}
	c, err := s.Communities.Community(r.Context(), id)
	if err == nil {
		err = wikicities.ActorFrom(r.Context()).RequireCoordinator(c.Ref())
	}
	if err != nil {
		s.renderError(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Server) renderVisitForm(w http.ResponseWriter, r *http.Request, status int, f *Form, c *wikicities.Community) {
	hosts, err := s.visitHosts(r, c)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("visit-new-title", c.Name)
	p.Data = visitForm{Form: f, Visitor: partyLink{wikicities.PartyCommunity, c.ID, c.Name}, Hosts: hosts, City: s.Graph.City(c.CityID)}
	s.render(w, r, status, "visit-form", p)
}

func (s *Server) handleVisitNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	visitor := r.URL.Query().Get("visitor")
	if visitor == "" {
		// Opened without a group (a shared or typed address): the group
		// is asked for, or, if the reader coordinates none, said where
		// to begin.
		groups := s.coordinatedCommunities(r)
		if len(groups) != 1 {
			s.renderVisitChoose(w, r, groups)
			return
		}
		visitor = strconv.FormatInt(groups[0].ID, 10)
	}
	c, ok := s.visitorCommunity(w, r, visitor)
	if !ok {
		return
	}
	start := s.Clock.Now().UTC().AddDate(0, 1, 0)
	f := newForm(url.Values{"host": {r.URL.Query().Get("host")}, "start": {start.Format(time.DateOnly)},
		"end": {start.AddDate(0, 0, 2).Format(time.DateOnly)}, "people": {"5"}})
	s.renderVisitForm(w, r, http.StatusOK, f, c)
}

// visitChoose is the Data of the page that asks which group visits.
type visitChoose struct {
	Form   *Form
	Groups []option
}

// renderVisitChoose asks which of groups (those the reader coordinates)
// requests a visit; with none, it says who can ask and where to begin.
func (s *Server) renderVisitChoose(w http.ResponseWriter, r *http.Request, groups []*wikicities.Community) {
	p := s.newPage(w, r)
	p.Title = p.Msg("visit-choose-title")
	d := visitChoose{Form: newForm(url.Values{"host": {r.URL.Query().Get("host")}})}
	for _, g := range groups {
		d.Groups = append(d.Groups, option{strconv.FormatInt(g.ID, 10), g.Name})
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "visit-choose", p)
}

func (s *Server) handleVisitCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	c, ok := s.visitorCommunity(w, r, r.PostForm.Get("visitor"))
	if !ok {
		return
	}
	pr := s.Printer(r)
	f := newForm(r.PostForm)
	host, err := strconv.ParseInt(f.Get("host"), 10, 64)
	if err != nil {
		f.Errors["host"] = pr.Msg("form-required")
	}
	v := &wikicities.Visit{Visitor: wikicities.Party{Kind: wikicities.PartyCommunity, ID: c.ID},
		Host:  wikicities.Party{Kind: wikicities.PartyCommunity, ID: host},
		Start: formDate(f, pr, "start", true), End: formDate(f, pr, "end", true), People: formInt(f, pr, "people"),
		Purpose: strings.TrimSpace(f.Get("purpose")), Delegation: splitLines(f.Get("delegation"))}
	status := s.submit(w, r, pr, f, formSave{fields: visitFields, check: v.Validate, conflict: pr.Msg("visit-not-twins"),
		save: func() (string, error) {
			err := s.Visits.RequestVisit(r.Context(), v)
			return fmt.Sprintf("/visits/%d?done=requested", v.ID), err
		}})
	if status != 0 {
		s.renderVisitForm(w, r, status, f, c)
	}
}

// visitPage is the Data of a visit's page.
type visitPage struct {
	V           *wikicities.Visit
	Visitor     partyLink
	Host        partyLink
	StateLabel  string
	Dates       string
	Agenda      []eventItem
	Choices     []option // events either side organises, for the agenda
	Partnership int64    // the partnership the report lands in, if any
	IsParty     bool
	CanAnswer   bool // a coordinator of the host, on a request
	CanCancel   bool
	CanComplete bool
	CanAgenda   bool
	CanReport   bool
	OfferForm   *Form
	Notice      string
	Problem     string
}

var visitNotices = map[string]string{"requested": "visit-requested-notice", "accept": "visit-accepted-notice",
	"decline": "visit-declined-notice", "cancel": "visit-cancelled-notice", "complete": "visit-done-notice",
	"agenda": "visit-agenda-notice", "report": "visit-reported-notice"}

func (s *Server) handleVisitPage(w http.ResponseWriter, r *http.Request) {
	s.renderVisit(w, r, http.StatusOK, "")
}

func (s *Server) renderVisit(w http.ResponseWriter, r *http.Request, status int, problem string) {
	ctx := r.Context()
	v, ok := pageRecord(s, w, r, s.Visits.Visit)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	a := p.Actor
	p.Title = p.Msg("visit-title", v.Visitor.Name, v.Host.Name)
	now := s.Clock.Now()
	d := visitPage{V: v, Visitor: partyLink{v.Visitor.Kind, v.Visitor.ID, v.Visitor.Name}, Host: partyLink{v.Host.Kind, v.Host.ID, v.Host.Name},
		StateLabel: labels.VisitState(pr, v.State), Dates: dateRange(pr, v.Start, v.End),
		IsParty: v.IsParty(a) && a.CanWrite(), Notice: doneNotice(r, pr, visitNotices), Problem: problem,
		OfferForm: newForm(url.Values{"capacity": {strconv.Itoa(v.People)}})}
	// An offer refused (a bad number, the visit changed meanwhile) comes
	// back as it was typed.
	if answer := fmt.Sprintf("/visits/%d/answer", v.ID); p.Kept(answer, "action") == string(wikicities.VisitAccept) {
		for _, k := range []string{"capacity", "equipment", "access"} {
			d.OfferForm.Values.Set(k, p.Kept(answer, k))
		}
	}
	can := func(action wikicities.VisitAction) bool {
		_, err := wikicities.CheckVisitTransition(v, action, a, now)
		return err == nil && a.CanWrite()
	}
	d.CanAnswer, d.CanCancel, d.CanComplete = can(wikicities.VisitAccept), can(wikicities.VisitCancel), can(wikicities.VisitComplete)
	d.CanAgenda = d.IsParty && (v.State == wikicities.VisitRequested || v.State == wikicities.VisitAccepted)
	d.CanReport = wikicities.CanReport(v, a) == nil && v.ActivityID == 0 && a.CanWrite()
	for _, eid := range v.Agenda {
		e, err := s.Events.Event(ctx, eid)
		if err != nil {
			continue // an event removed since
		}
		d.Agenda = append(d.Agenda, s.eventItems(pr, []*wikicities.Event{e}, time.Time{}, 1)...)
	}
	if d.CanAgenda {
		for _, side := range []int64{v.Visitor.ID, v.Host.ID} {
			es, err := s.upcomingEvents(r, wikicities.EventFilter{Organiser: side})
			if err != nil {
				s.renderError(w, r, err)
				return
			}
			for _, e := range es {
				o := option{strconv.FormatInt(e.ID, 10), e.Title + " (" + pr.Date(e.Start.In(e.Location())) + ")"}
				if !slices.Contains(d.Choices, o) {
					d.Choices = append(d.Choices, o)
				}
			}
		}
	}
	partnership, err := s.partnershipOf(r, v)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Partnership = partnership
	p.Data = d
	s.render(w, r, status, "visit", p)
}

// partnershipOf returns the live partnership of a visit's two groups (the
// one its report lands in), or 0.
func (s *Server) partnershipOf(r *http.Request, v *wikicities.Visit) (int64, error) {
	ref := v.Visitor.Ref()
	ps, _, err := s.Partnerships.Partnerships(r.Context(), wikicities.PartnershipFilter{Party: &ref, Limit: 200})
	if err != nil {
		return 0, err
	}
	for _, x := range ps {
		live := x.State == wikicities.StateAccepted || x.State == wikicities.StateActive || x.State == wikicities.StateDormant
		if live && (x.A.Ref() == v.Host.Ref() || x.B.Ref() == v.Host.Ref()) {
			return x.ID, nil
		}
	}
	return 0, nil
}

var visitActions = map[string]wikicities.VisitAction{"accept": wikicities.VisitAccept, "decline": wikicities.VisitDecline,
	"cancel": wikicities.VisitCancel, "complete": wikicities.VisitComplete}

// visitVersion reads the version a visit's form acts on.
func (s *Server) visitVersion(w http.ResponseWriter, r *http.Request) (int64, int64, bool) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return 0, 0, false
	}
	version := formVersion(newForm(r.PostForm))
	return id, version, true
}

func (s *Server) handleVisitAnswer(w http.ResponseWriter, r *http.Request) {
	id, version, ok := s.visitVersion(w, r)
	if !ok {
		return
	}
	name := r.PostForm.Get("action")
	action, ok := visitActions[name]
	if !ok {
		s.renderError(w, r, invalid("action", wikicities.ProblemNotAllowed, name, "%q is not accept, decline, cancel or complete", name))
		return
	}
	pr := s.Printer(r)
	var offer *wikicities.HostOffer
	if action == wikicities.VisitAccept {
		f := newForm(r.PostForm)
		offer = &wikicities.HostOffer{Capacity: formInt(f, pr, "capacity"), Equipment: strings.TrimSpace(f.Get("equipment")),
			Access: strings.TrimSpace(f.Get("access"))}
		if len(f.Errors) > 0 {
			s.renderVisit(w, r, http.StatusUnprocessableEntity, pr.Msg("visit-offer-invalid"))
			return
		}
	}
	_, err := s.Visits.TransitionVisit(r.Context(), id, action, version, offer)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/visits/%d?done=%s", id, name), again: s.renderVisit,
		stale: pr.Msg("visit-stale"), conflict: pr.Msg("visit-action-refused"), invalid: pr.Msg("visit-offer-invalid")})
}

func (s *Server) handleVisitAgenda(w http.ResponseWriter, r *http.Request) {
	id, version, ok := s.visitVersion(w, r)
	if !ok {
		return
	}
	var ids []int64
	for _, v := range r.PostForm["events"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	pr := s.Printer(r)
	_, err := s.Visits.SetAgenda(r.Context(), id, version, ids)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/visits/%d?done=agenda", id), again: s.renderVisit,
		stale: pr.Msg("visit-stale"), invalid: pr.Msg("visit-agenda-invalid")})
}

func (s *Server) handleVisitReport(w http.ResponseWriter, r *http.Request) {
	id, version, ok := s.visitVersion(w, r)
	if !ok {
		return
	}
	pr := s.Printer(r)
	report := strings.TrimSpace(r.PostForm.Get("report"))
	_, err := s.Visits.ReportVisit(r.Context(), id, version, report)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/visits/%d?done=report", id), again: s.renderVisit,
		stale: pr.Msg("visit-stale"), conflict: pr.Msg("visit-report-refused"), invalid: pr.Msg("visit-report-invalid")})
}
