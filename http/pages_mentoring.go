package http

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/mentoring"
)

// Mentoring: a dashboard per person and per group (availability, the
// mentorships on either side, mentors suggested with their reasons and a
// request form), and a page per mentorship with the lifecycle's buttons and
// the check-ins.

func (s *Server) registerMentoringPages() {
	s.handle("GET /mentoring", s.handleMentoringHome)
	s.handle("GET /mentoring/{kind}/{id}", s.handleMentoringDashboard)
	s.handle("POST /mentorships", s.handleMentorshipRequest)
	s.handle("GET /mentorships/{id}", s.handleMentorshipPage)
	s.handle("POST /mentorships/{id}/action", s.handleMentorshipAction)
	s.handle("POST /mentorships/{id}/check-ins", s.handleMentorshipCheckIn)
}

// mentoringHome is the Data of /mentoring: the dashboards the reader may
// open (their own and their groups').
type mentoringHome struct {
	Dashboards []holderLink
}

func (s *Server) handleMentoringHome(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r)
	p.Title = p.Msg("mentoring-title")
	var d mentoringHome
	if a := p.Actor; a.CanWrite() && a.UserID != 0 {
		d.Dashboards = append(d.Dashboards, holderLink{Name: p.Msg("mentoring-as-yourself", a.Username), URL: fmt.Sprintf("/mentoring/person/%d", a.UserID)})
		for _, g := range a.Coordinates {
			if g.Kind != wikicities.PartyCommunity {
				continue
			}
			h := wikicities.Holder{Kind: wikicities.HolderGroup, ID: g.ID}
			l := s.holderLinkOf(r, h)
			d.Dashboards = append(d.Dashboards, holderLink{Name: l.Name, URL: fmt.Sprintf("/mentoring/group/%d", g.ID), Group: true})
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "mentoring", p)
}

// mentorshipItem is a mentorship in a list, from one side.
type mentorshipItem struct {
	ID              int64
	Other, Capacity string
	State           string
	Waiting         bool // waits for the reader's answer
	AsMentor, Final bool
	CheckIns        int
	Since           string
}

// mentorSuggestionItem is a suggested mentor with the reasons in words and
// the capacities that can be asked for.
type mentorSuggestionItem struct {
	Mentor     holderLink
	ID         int64
	City       string
	CityID     int64
	Reasons    []string
	Capacities []option
	// Request is what the reader asked of this mentor when it was refused,
	// shown again in the open form with the reasons; nil otherwise.
	Request *mentoringRequest
}

// mentoringRequest is a request to a mentor as the form sent it, and why
// it was refused.
type mentoringRequest struct {
	Mentor           int64
	Capacity, Months string
	Goals            string
	Problems         []string
}

// mentoringDashboard is the Data of /mentoring/{kind}/{id}.
type mentoringDashboard struct {
	Holder      holderLink
	HolderKind  string
	HolderID    int64
	Capacities  *capacitiesView
	AsMentor    []mentorshipItem
	AsMentee    []mentorshipItem
	Suggestions []mentorSuggestionItem
	Months      []option
	Notice      string
}

func (s *Server) handleMentoringDashboard(w http.ResponseWriter, r *http.Request) {
	h, ok := s.holderFromPath(w, r)
	if !ok {
		return
	}
	s.renderMentoringDashboard(w, r, h, http.StatusOK, nil)
}

// renderMentoringDashboard shows h's mentoring dashboard; req, when set, is
// a refused request, shown again in its mentor's form with the reasons.
func (s *Server) renderMentoringDashboard(w http.ResponseWriter, r *http.Request, h wikicities.Holder, status int, req *mentoringRequest) {
	p := s.newPage(w, r)
	pr := p.Printer()
	d := mentoringDashboard{Holder: s.holderLinkOf(r, h), HolderKind: string(h.Kind), HolderID: h.ID,
		Notice: doneNotice(r, pr, map[string]string{"capacities": "capacities-saved"})}
	p.Title = pr.Msg("mentoring-dashboard-title", d.Holder.Name)
	var err error
	if d.Capacities, err = s.capacitiesOf(r, p, h); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Capacities != nil {
		d.Capacities.MentoringURL = "" // this page: no link to itself
	}
	names, err := s.capacityNamesFor(r.Context(), pr)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	ms, err := s.Mentorships.Mentorships(r.Context(), h)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, m := range ms {
		it := mentorshipItemOf(pr, names, m, m.Mentor == h.ID)
		if it.AsMentor {
			d.AsMentor = append(d.AsMentor, it)
		} else {
			d.AsMentee = append(d.AsMentee, it)
		}
	}
	ss, err := s.Mentorships.SuggestMentors(r.Context(), h, "", 5)
	if err != nil && !errors.Is(err, wikicities.ErrNotFound) {
		s.renderError(w, r, err)
		return
	}
	for _, x := range ss {
		it := s.mentorSuggestionItem(r, pr, names, x)
		if req != nil && req.Mentor == it.ID {
			it.Request, req = req, nil
		}
		d.Suggestions = append(d.Suggestions, it)
	}
	if req != nil {
		// The mentor is no longer suggested (asked already, away, full):
		// the refused request still shows in its form, first.
		mentor := wikicities.Holder{Kind: h.Kind, ID: req.Mentor}
		it := mentorSuggestionItem{Mentor: s.holderLinkOf(r, mentor), ID: req.Mentor, Request: req,
			Capacities: []option{{req.Capacity, names.Name(req.Capacity)}}}
		d.Suggestions = append([]mentorSuggestionItem{it}, d.Suggestions...)
	}
	for m := mentoring.MinMonths; m <= mentoring.MaxMonths; m++ {
		d.Months = append(d.Months, option{strconv.Itoa(m), pr.Msg("mentorship-months", m)})
	}
	p.Data = d
	s.render(w, r, status, "mentoring-dashboard", p)
}

func mentorshipItemOf(pr *i18n.Printer, names *capacityNames, m *wikicities.Mentorship, asMentor bool) mentorshipItem {
	it := mentorshipItem{ID: m.ID, Capacity: names.Name(m.Capacity), State: mentorshipStateLabel(pr, m.State), AsMentor: asMentor,
		Final: mentoring.Final(m.State), CheckIns: len(m.CheckIns), Since: pr.Date(m.StateChangedAt)}
	it.Other = m.MentorName
	if asMentor {
		it.Other = m.MenteeName
		it.Waiting = m.State == wikicities.MentorshipRequested
	}
	return it
}

func (s *Server) mentorSuggestionItem(r *http.Request, pr *i18n.Printer, names *capacityNames, x *wikicities.MentorSuggestion) mentorSuggestionItem {
	it := mentorSuggestionItem{Mentor: holderLink{Name: x.Name, URL: holderURL(x.Mentor), Group: x.Mentor.Kind == wikicities.HolderGroup},
		ID: x.Mentor.ID, CityID: x.CityID}
	if c := s.Graph.City(x.CityID); c != nil {
		it.City = c.NameIn(pr.Lang())
	}
	for _, why := range x.Reasons {
		it.Reasons = append(it.Reasons, labels.MentoringReason(pr, why, names.Name))
	}
	for _, c := range x.Capacities {
		it.Capacities = append(it.Capacities, option{c, names.Name(c)})
	}
	return it
}

// mentorshipStateLabel names a mentorship's state.
func mentorshipStateLabel(pr *i18n.Printer, st wikicities.MentorshipState) string {
	switch st {
	case wikicities.MentorshipRequested:
		return pr.Msg("mentorship-state-requested")
	case wikicities.MentorshipAccepted:
		return pr.Msg("mentorship-state-accepted")
	case wikicities.MentorshipActive:
		return pr.Msg("mentorship-state-active")
	case wikicities.MentorshipCompleted:
		return pr.Msg("mentorship-state-completed")
	case wikicities.MentorshipCancelled:
		return pr.Msg("mentorship-state-cancelled")
	}
	return string(st)
}

func (s *Server) handleMentorshipRequest(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	f := r.PostForm
	m := &wikicities.Mentorship{Kind: wikicities.HolderKind(f.Get("kind")), Capacity: f.Get("capacity"), Goals: strings.TrimSpace(f.Get("goals"))}
	m.Mentor, _ = strconv.ParseInt(f.Get("mentor"), 10, 64)
	m.Mentee, _ = strconv.ParseInt(f.Get("mentee"), 10, 64)
	m.Months, _ = strconv.Atoi(f.Get("months"))
	err := s.Mentorships.RequestMentorship(r.Context(), m)
	if err == nil {
		http.Redirect(w, r, fmt.Sprintf("/mentorships/%d?done=requested", m.ID), http.StatusSeeOther)
		return
	}
	// A refusal (the mentor is away or full, the pair has this mentorship
	// open already) is said in the form, which keeps what was typed.
	status := http.StatusUnprocessableEntity
	if errors.Is(err, wikicities.ErrConflict) {
		status = http.StatusConflict
	}
	h := wikicities.Holder{Kind: m.Kind, ID: m.Mentee}
	refused := errors.Is(err, wikicities.ErrInvalid) || errors.Is(err, wikicities.ErrConflict)
	if !refused || !canActFor(wikicities.ActorFrom(r.Context()), h) {
		s.renderError(w, r, err)
		return
	}
	problems, err := s.mentoringRefusal(r, err, m)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderMentoringDashboard(w, r, h, status, &mentoringRequest{Mentor: m.Mentor, Capacity: m.Capacity, Months: f.Get("months"),
		Goals: f.Get("goals"), Problems: problems})
}

// mentoringRefusal says why the request m was refused (err matches
// ErrInvalid or ErrConflict), in the reader's language.
func (s *Server) mentoringRefusal(r *http.Request, err error, m *wikicities.Mentorship) ([]string, error) {
	pr := s.Printer(r)
	if errors.Is(err, wikicities.ErrConflict) {
		return []string{pr.Msg("mentoring-request-open-already", m.MentorName)}, nil
	}
	names, nerr := s.capacityNamesFor(r.Context(), pr)
	if nerr != nil {
		return nil, nerr
	}
	var ve wikicities.ValidationErrors
	var fe *wikicities.FieldError
	switch {
	case errors.As(err, &ve):
	case errors.As(err, &fe):
		ve = wikicities.ValidationErrors{fe}
	}
	var out []string
	for _, e := range ve {
		if e.Problem == wikicities.ProblemMentorUnavailable && len(e.Params) == 2 {
			code, _ := e.Params[1].(string)
			e = &wikicities.FieldError{Field: e.Field, Message: e.Message, Problem: e.Problem, Params: []any{e.Params[0], names.Name(code)}}
		}
		out = append(out, labels.Problem(pr, e))
	}
	return out, nil
}

// mentorshipPage is the Data of /mentorships/{id}.
type mentorshipPage struct {
	M         *wikicities.Mentorship
	Mentor    holderLink
	Mentee    holderLink
	Capacity  string
	State     string
	Since     string
	Ends      string
	Role      string // the reader's side, in words
	Actions   []option
	CanCheck  bool
	CheckIns  []checkInView
	Notice    string
	Problem   string
	Dashboard string
}

// checkInView is a check-in in words.
type checkInView struct {
	Author, At, Note string
	Activity         bool
}

// mentorshipRole is the side a may act for in m ("" for neither).
func mentorshipRole(a *wikicities.Actor, m *wikicities.Mentorship) mentoring.Role {
	switch {
	case canActFor(a, wikicities.Holder{Kind: m.Kind, ID: m.Mentor}):
		return mentoring.Mentor
	case canActFor(a, wikicities.Holder{Kind: m.Kind, ID: m.Mentee}):
		return mentoring.Mentee
	}
	return ""
}

var mentorshipNotices = map[string]string{"requested": "mentorship-done-requested", "accept": "mentorship-done-accept",
	"start": "mentorship-done-start", "complete": "mentorship-done-complete", "cancel": "mentorship-done-cancel", "checkin": "mentorship-done-checkin"}

func (s *Server) handleMentorshipPage(w http.ResponseWriter, r *http.Request) {
	s.renderMentorship(w, r, http.StatusOK, "")
}

// renderMentorship shows mentorship {id} to its two sides (and admins)
// with problem at its top.
func (s *Server) renderMentorship(w http.ResponseWriter, r *http.Request, status int, problem string) {
	id, ok := s.signedInPathID(w, r)
	if !ok {
		return
	}
	m, err := s.Mentorships.Mentorship(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	role := mentorshipRole(p.Actor, m)
	if role == "" {
		s.renderError(w, r, wikicities.ErrForbidden)
		return
	}
	names, err := s.capacityNamesFor(r.Context(), pr)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d := mentorshipPage{M: m, Capacity: names.Name(m.Capacity), State: mentorshipStateLabel(pr, m.State), Since: pr.Date(m.StateChangedAt),
		Notice: doneNotice(r, pr, mentorshipNotices), Problem: problem, CanCheck: m.State == wikicities.MentorshipActive && p.Actor.CanWrite()}
	d.Mentor = holderLink{Name: m.MentorName, URL: holderURL(wikicities.Holder{Kind: m.Kind, ID: m.Mentor})}
	d.Mentee = holderLink{Name: m.MenteeName, URL: holderURL(wikicities.Holder{Kind: m.Kind, ID: m.Mentee})}
	if !m.EndsAt.IsZero() {
		d.Ends = pr.Date(m.EndsAt)
	}
	side := wikicities.Holder{Kind: m.Kind, ID: m.Mentee}
	d.Role = pr.Msg("mentorship-you-mentee")
	if role == mentoring.Mentor {
		side.ID, d.Role = m.Mentor, pr.Msg("mentorship-you-mentor")
	}
	d.Dashboard = fmt.Sprintf("/mentoring/%s/%d", side.Kind, side.ID)
	if p.Actor.CanWrite() {
		for _, a := range mentoring.Actions {
			if _, err := mentoring.Next(m.State, a, role); err == nil {
				d.Actions = append(d.Actions, option{string(a), mentorshipActionLabel(pr, a)})
			}
		}
	}
	for _, c := range m.CheckIns {
		d.CheckIns = append(d.CheckIns, checkInView{Author: c.Author, At: pr.Date(c.CreatedAt), Note: c.Note})
	}
	p.Title = pr.Msg("mentorship-title", d.Capacity, m.MenteeName)
	p.Data = d
	s.render(w, r, status, "mentorship", p)
}

func mentorshipActionLabel(pr *i18n.Printer, a mentoring.Action) string {
	switch a {
	case mentoring.Accept:
		return pr.Msg("mentorship-action-accept")
	case mentoring.Start:
		return pr.Msg("mentorship-action-start")
	case mentoring.Complete:
		return pr.Msg("mentorship-action-complete")
	case mentoring.Cancel:
		return pr.Msg("mentorship-action-cancel")
	}
	return string(a)
}

func (s *Server) handleMentorshipAction(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	action := r.PostForm.Get("action")
	_, err := s.Mentorships.MentorshipAction(r.Context(), id, action)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/mentorships/%d?done=%s", id, action), again: s.renderMentorship,
		conflict: s.Printer(r).Msg("mentorship-action-conflict")})
}

func (s *Server) handleMentorshipCheckIn(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	_, err := s.Mentorships.AddCheckIn(r.Context(), id, r.PostForm.Get("note"))
	pr := s.Printer(r)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/mentorships/%d?done=checkin#wc-checkins", id), again: s.renderMentorship,
		conflict: pr.Msg("mentorship-action-conflict"), invalid: inputProblem(pr, err, pr.Msg("mentorship-checkin-empty"))})
}
