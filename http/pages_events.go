package http

import (
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The Knowledge Park's pages (issue 17): "events near me and in my twin
// cities", an event's page with its registration, and the buttons that
// register, cancel a registration and cancel the event. The forms that
// create and edit events are in pages_event_form.go; campaigns in
// pages_campaigns.go; visits in pages_visits.go.
func (s *Server) registerEventPages() {
	s.handle("GET /events", s.handleEventsPage)
	s.handle("GET /events/{id}", s.cached(s.handleEventPage))
	s.handle("POST /events/{id}/register", s.handleEventRegister)
	s.handle("POST /events/{id}/unregister", s.handleEventUnregister)
	s.handle("POST /events/{id}/cancel", s.handleEventCancel)
	s.registerEventForms()
	s.registerCampaignPages()
	s.registerVisitPages()
	s.registerAttachForms()
	s.CitySections = append(s.CitySections, s.cityEventsSection)
}

// eventListHorizon is how far ahead the events list and the sections of
// city and community pages look; eventListPast how far back they look for
// repeating events that began earlier and still have dates to come.
const (
	eventListHorizon = 366 * 24 * time.Hour
	eventListPast    = 366 * 24 * time.Hour
	// occurrencesShown bounds the dates of one repeating event in a list.
	occurrencesShown = 6
)

// eventItem is one date of an event in a list.
type eventItem struct {
	ID                       int64
	Title, When, Place       string
	TypeLabel, ModeLabel     string
	Organisers               string
	Cancelled, Repeats, Full bool
	start                    time.Time
}

// eventsPage is the Data of the events list.
type eventsPage struct {
	Form      *Form // the filters, as typed
	Types     []option
	Modes     []option
	Campaigns []option
	Countries []option
	Languages []option
	Near      *wikicities.City // the city whose twins the list adds (?near=)
	CanMine   bool             // the reader coordinates a group: "in my group's twin cities"
	Items     []eventItem
	CreateFor []partyLink // groups the reader may create an event for
	ICS       string      // the calendar of the list's city, when it has one
}

// eventWhen says when an occurrence starting at start takes place, in the
// event's time zone: "6 December 2026, 14:00–16:00 (Europe/Berlin)".
func eventWhen(pr *i18n.Printer, e *wikicities.Event, start time.Time) string {
	loc := e.Location()
	s, end := start.In(loc), start.Add(e.End.Sub(e.Start)).In(loc)
	if s.Year() == end.Year() && s.YearDay() == end.YearDay() {
		return pr.Msg("event-when-day", pr.Date(s), pr.Clock(s), pr.Clock(end), e.TimeZone)
	}
	return pr.Msg("event-when-days", pr.Date(s), pr.Clock(s), pr.Date(end), pr.Clock(end), e.TimeZone)
}

// organiserLinks are the links to an event's organisers.
func organiserLinks(ps []wikicities.Party) []partyLink {
	out := make([]partyLink, len(ps))
	for i, o := range ps {
		out[i] = partyLink{o.Kind, o.ID, o.Name}
	}
	return out
}

// eventItems lists the dates of events from now: each repeating event
// with its next dates, at most limit items, soonest first; places are
// named in the reader's language.
func (s *Server) eventItems(pr *i18n.Printer, es []*wikicities.Event, now time.Time, limit int) []eventItem {
	cityName := s.cityNameIn(pr.Lang())
	var out []eventItem
	for _, e := range es {
		names := make([]string, len(e.Organisers))
		for i, o := range e.Organisers {
			names[i] = o.Name
		}
		for _, start := range eventfeed.Occurrences(e, now, occurrencesShown) {
			it := eventItem{ID: e.ID, Title: e.Title, When: eventWhen(pr, e, start), TypeLabel: labels.EventType(pr, e.Type),
				ModeLabel: labels.AttendanceMode(pr, e.Mode), Organisers: labels.JoinWords(pr, names),
				Cancelled: e.Status == wikicities.EventCancelled, Repeats: e.RRule != "", start: start,
				Full: e.Capacity > 0 && e.Registered >= e.Capacity}
			if e.CityName != "" {
				it.Place = e.CityName
			}
			if n := cityName(e.CityID); e.CityID != 0 && n != "" {
				it.Place = n
			}
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start.Before(out[j].start) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// upcomingEvents returns the events f selects that have dates from now on,
// counting repeating events that began up to eventListPast ago.
func (s *Server) upcomingEvents(r *http.Request, f wikicities.EventFilter) ([]*wikicities.Event, error) {
	now := s.Clock.Now()
	f.From, f.To = now.Add(-eventListPast), now.Add(eventListHorizon)
	if f.Limit == 0 {
		f.Limit = 500
	}
	es, err := s.Events.Events(r.Context(), f)
	if err != nil {
		return nil, err
	}
	out := es[:0]
	for _, e := range es {
		if len(eventfeed.Occurrences(e, now, 1)) > 0 {
			out = append(out, e)
		}
	}
	return out, nil
}

// readerCities returns the cities of the groups the reader coordinates
// and their twin cities.
func (s *Server) readerCities(r *http.Request) []int64 {
	a := wikicities.ActorFrom(r.Context())
	var ids []int64
	for _, ref := range a.Coordinates {
		if ref.Kind != wikicities.PartyCommunity {
			continue
		}
		c, err := s.Communities.Community(r.Context(), ref.ID)
		if err != nil || c.CityID == 0 {
			continue
		}
		ids = append(ids, c.CityID)
		ids = append(ids, s.Graph.Twins(c.CityID)...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// coordinatedCommunities returns the live communities the reader
// coordinates and may write for.
func (s *Server) coordinatedCommunities(r *http.Request) []*wikicities.Community {
	a := wikicities.ActorFrom(r.Context())
	if !a.CanWrite() {
		return nil
	}
	var out []*wikicities.Community
	for _, ref := range a.Coordinates {
		if ref.Kind != wikicities.PartyCommunity {
			continue
		}
		if c, err := s.Communities.Community(r.Context(), ref.ID); err == nil && !c.Archived {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *Server) handleEventsPage(w http.ResponseWriter, r *http.Request) {
	f, err := eventFilter(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	f.Country = q.Get("country") // as the directory writes it: the list offers the countries it has
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("events-title")
	d := eventsPage{Form: newForm(q)}
	if v := q.Get("near"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if d.Near = s.Graph.City(id); err != nil || d.Near == nil {
			s.renderError(w, r, invalid("near", wikicities.ProblemNotID, v, "%q is not a city of the directory", v))
			return
		}
		f.CityIDs = append([]int64{id}, s.Graph.Twins(id)...)
		d.ICS = fmt.Sprintf("/cities/%d/events.ics", id)
		p.Title = p.Msg("events-near-title", d.Near.NameIn(p.Lang))
	}
	mine := s.readerCities(r)
	d.CanMine = len(mine) > 0
	if q.Get("mine") == "1" && d.CanMine {
		f.CityIDs = append(f.CityIDs, mine...)
	}
	es, err := s.upcomingEvents(r, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	d.Items = s.eventItems(pr, es, s.Clock.Now(), 200)
	if err := s.eventFilterOptions(r, pr, &d); err != nil {
		s.renderError(w, r, err)
		return
	}
	for _, c := range s.coordinatedCommunities(r) {
		d.CreateFor = append(d.CreateFor, partyLink{wikicities.PartyCommunity, c.ID, c.Name})
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "events", p)
}

// eventFilterOptions fills the choices of the list's filters: every type
// and mode, the campaigns, and the countries and languages of the events
// to come.
func (s *Server) eventFilterOptions(r *http.Request, pr *i18n.Printer, d *eventsPage) error {
	any := option{"", pr.Msg("events-filter-any")}
	d.Types, d.Modes = []option{any}, []option{any}
	for _, t := range wikicities.EventTypes {
		d.Types = append(d.Types, option{string(t), labels.EventType(pr, t)})
	}
	for _, m := range []wikicities.AttendanceMode{wikicities.ModeInPerson, wikicities.ModeOnline} {
		d.Modes = append(d.Modes, option{string(m), labels.AttendanceMode(pr, m)})
	}
	cs, err := s.Campaigns.Campaigns(r.Context())
	if err != nil {
		return err
	}
	d.Campaigns = []option{any}
	for _, c := range cs {
		d.Campaigns = append(d.Campaigns, option{strconv.FormatInt(c.ID, 10), c.Name})
	}
	all, err := s.upcomingEvents(r, wikicities.EventFilter{})
	if err != nil {
		return err
	}
	countries, langs := map[string]bool{}, map[string]bool{}
	for _, e := range all {
		if e.Country != "" {
			countries[e.Country] = true
		}
		if e.Language != "" {
			langs[e.Language] = true
		}
	}
	d.Countries, d.Languages = []option{any}, []option{any}
	for _, c := range sortedKeys(countries) {
		d.Countries = append(d.Countries, option{c, labels.Country(pr, c)})
	}
	for _, l := range sortedKeys(langs) {
		d.Languages = append(d.Languages, option{l, labels.Language(pr, l)})
	}
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// eventPage is the Data of an event's page.
type eventPage struct {
	E             *wikicities.Event
	TypeLabel     string
	ModeLabel     string
	Status        string // whether it takes registrations now
	When          string
	Dates         []string // the next dates of a repeating event
	City          *wikicities.City
	Organisers    []partyLink
	Jointly       bool // several groups organise it
	PlacesLeft    int
	Mine          string // the reader's registration in words, or ""
	Position      int    // the reader's place in the waitlist
	CanRegister   bool
	JoinsWaitlist bool
	CanUnregister bool
	Questions     []questionField
	ShowPeople    bool
	People        []string
	Waiting       []string
	Answers       []answerItem // for organisers: in aggregate only
	IsOrganiser   bool
	CanCancel     bool
	JSONLD        template.JS
	Resources     resourcesSection // the library resources attached
	Notice        string
	Problem       string
	SignInURL     string
}

// questionField is an optional question on the registration form.
type questionField struct {
	Name, Text string
	Options    []option
}

// answerItem is one question's answers in aggregate.
type answerItem struct {
	Question string
	Answered int
	Counts   []string // "option: n", empty when too few answered to show
}

var eventNotices = map[string]string{
	"created": "event-created-notice", "saved": "event-saved-notice", "registered": "event-registered-notice",
	"waitlisted": "event-waitlisted-notice", "unregistered": "event-unregistered-notice", "cancelled": "event-cancelled-notice",
	attachDone: "resource-attached-notice",
	detachDone: "resource-detached-notice",
}

func (s *Server) handleEventPage(w http.ResponseWriter, r *http.Request) {
	s.renderEvent(w, r, http.StatusOK, "")
}

// renderEvent writes the event's page with an optional problem at its top.
func (s *Server) renderEvent(w http.ResponseWriter, r *http.Request, status int, problem string) {
	e, ok := pageRecord(s, w, r, s.Events.Event)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = e.Title
	now := s.Clock.Now()
	d := eventPage{E: e, TypeLabel: labels.EventType(pr, e.Type), ModeLabel: labels.AttendanceMode(pr, e.Mode),
		Status: labels.RegistrationStatus(pr, e.StatusAt(now, e.Registered)), When: eventWhen(pr, e, e.Start),
		City: s.Graph.City(e.CityID), Organisers: organiserLinks(e.Organisers), Jointly: len(e.Organisers) > 1,
		PlacesLeft: max(e.Capacity-e.Registered, 0), IsOrganiser: e.Organises(p.Actor) && p.Actor.CanWrite(),
		Problem: problem, Notice: doneNotice(r, pr, eventNotices), SignInURL: p.SignInURL}
	if e.RRule != "" {
		for _, t := range eventfeed.Occurrences(e, now, occurrencesShown) {
			d.Dates = append(d.Dates, eventWhen(pr, e, t))
		}
	}
	d.CanCancel = d.IsOrganiser && e.Status != wikicities.EventCancelled
	if ld, err := eventfeed.JSONLD(s.site(), e); err == nil {
		d.JSONLD = template.JS(ld) // encoding/json escaped <, > and &
	}
	if err := s.eventReaderState(r, pr, e, now, &d); err != nil {
		s.renderError(w, r, err)
		return
	}
	var err error
	if d.Resources, err = s.resourcesSectionOf(r, pr, wikicities.ResourceTarget{Kind: wikicities.TargetEvent, ID: e.ID},
		fmt.Sprintf("/events/%d/resources", e.ID), d.IsOrganiser); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, status, "event", p)
}

// eventReaderState fills what the reader may do and see on the event's
// page: their registration, the registration form, the participants and,
// for organisers, the answers in aggregate.
func (s *Server) eventReaderState(r *http.Request, pr *i18n.Printer, e *wikicities.Event, now time.Time, d *eventPage) error {
	ctx := r.Context()
	a := wikicities.ActorFrom(ctx)
	st := e.StatusAt(now, e.Registered)
	if a.CanWrite() {
		mine, err := s.Events.MyRegistration(ctx, e.ID)
		switch {
		case err == nil && mine.State != wikicities.RegistrationCancelled:
			d.Mine, d.Position, d.CanUnregister = labels.RegistrationState(pr, mine.State), mine.Position, true
		case err == nil || isNotFound(err):
			_, joinable := wikicities.JoinRules[st]
			d.CanRegister, d.JoinsWaitlist = joinable, st == wikicities.RegistrationWaitlisted
		default:
			return err
		}
	}
	if d.CanRegister {
		for i, q := range e.Questions {
			qf := questionField{Name: fmt.Sprintf("q%d", i), Text: q.Text, Options: []option{{"-1", pr.Msg("event-question-no-answer")}}}
			for j, o := range q.Options {
				qf.Options = append(qf.Options, option{strconv.Itoa(j), o})
			}
			d.Questions = append(d.Questions, qf)
		}
	}
	if d.ShowPeople = e.CanSeeParticipants(a) && a.SignedIn(); d.ShowPeople {
		regs, err := s.Events.Registrations(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, reg := range regs {
			switch reg.State {
			case wikicities.Registered:
				d.People = append(d.People, reg.Username)
			case wikicities.Waitlisted:
				d.Waiting = append(d.Waiting, reg.Username)
			}
		}
	}
	if d.IsOrganiser && len(e.Questions) > 0 {
		sums, err := s.Events.Answers(ctx, e.ID)
		if err != nil {
			return err
		}
		for _, sum := range sums {
			it := answerItem{Question: sum.Question, Answered: sum.Answered}
			for _, o := range sortedCounts(sum.Counts) {
				it.Counts = append(it.Counts, pr.Msg("event-answer-count", o, sum.Counts[o]))
			}
			d.Answers = append(d.Answers, it)
		}
	}
	return nil
}

func sortedCounts(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return m[out[i]] > m[out[j]] || m[out[i]] == m[out[j]] && out[i] < out[j] })
	return out
}

func isNotFound(err error) bool { return ErrorStatus(err) == http.StatusNotFound }

func (s *Server) handleEventRegister(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	var answers []int
	for i := 0; ; i++ {
		v := r.PostForm.Get(fmt.Sprintf("q%d", i))
		if v == "" {
			break
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			s.renderError(w, r, invalid(fmt.Sprintf("q%d", i), wikicities.ProblemNotAllowed, v, "%q is not an answer", v))
			return
		}
		answers = append(answers, n)
	}
	pr := s.Printer(r)
	reg, err := s.Events.Register(r.Context(), id, answers)
	done := "registered"
	if err == nil && reg.State == wikicities.Waitlisted {
		done = "waitlisted"
	}
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/events/%d?done=%s", id, done), again: s.renderEvent,
		conflict: pr.Msg("event-register-refused"), invalid: pr.Msg("event-register-invalid")})
}

func (s *Server) handleEventUnregister(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	_, err := s.Events.CancelRegistration(r.Context(), id, wikicities.ActorFrom(r.Context()).UserID)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/events/%d?done=unregistered", id), again: s.renderEvent})
}

func (s *Server) handleEventCancel(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	version := formVersion(newForm(r.PostForm))
	pr := s.Printer(r)
	_, err := s.Events.CancelEvent(r.Context(), id, version)
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/events/%d?done=cancelled", id), again: s.renderEvent,
		stale: pr.Msg("event-stale"), conflict: pr.Msg("event-cancel-refused")})
}

// cityEventsSection adds the events of a city and its twin cities to the
// city's page, with the list's link.
func (s *Server) cityEventsSection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	es, err := s.upcomingEvents(r, wikicities.EventFilter{CityIDs: append([]int64{c.ID}, s.Graph.Twins(c.ID)...)})
	if err != nil {
		return nil, err
	}
	pr := s.Printer(r)
	body, err := s.Fragment(r, "event-list", map[string]any{"Items": s.eventItems(pr, es, s.Clock.Now(), 10),
		"More": fmt.Sprintf("/events?near=%d", c.ID), "MoreLabel": pr.Msg("events-near-link", c.NameIn(pr.Lang())),
		"ICS": fmt.Sprintf("/cities/%d/events.ics", c.ID)})
	if err != nil {
		return nil, err
	}
	return &CitySection{ID: "wc-events", Heading: pr.Msg("city-events-heading"), Body: body}, nil
}
