package http

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The forms that create an event (for the coordinators of its organising
// groups) and edit it (for its organisers, at the version they loaded).
func (s *Server) registerEventForms() {
	s.handle("GET /events/new", s.handleEventNew)
	s.handle("POST /events", s.handleEventCreate)
	s.handle("GET /events/{id}/edit", s.handleEventEdit)
	s.handle("POST /events/{id}/edit", s.handleEventSave)
}

// eventForm is the Data of the event form.
type eventForm struct {
	Form       *Form
	Edit       bool
	ID         int64
	Action     string
	Organisers []option // the groups the reader may name (create), or who organise it (edit)
	Types      []option
	Modes      []option
	Repeats    []option
	Lists      []option
	Editions   []option
	// WaitlistOption is the one checkbox of the waitlist field.
	WaitlistOption []option
	Cancel         string // where the form's cancel link goes
}

var eventFields = []string{"organisers", "title", "description", "type", "mode", "language", "time_zone", "start", "end",
	"repeat", "count", "city", "address", "openstreetmap", "online_url", "capacity", "waitlist", "registration",
	"registration_closes", "questions", "edition"}

var eventAliases = map[string]string{"city_id": "city", "rrule": "repeat", "edition_id": "edition"}

// localLayout is how a datetime-local field writes a time.
const localLayout = "2006-01-02T15:04"

// simpleRule is a recurrence rule the form's two fields can say.
var simpleRule = regexp.MustCompile(`^FREQ=(DAILY|WEEKLY|MONTHLY);COUNT=(\d+)$`)

func (s *Server) eventFormData(r *http.Request, p *Page, f *Form, e *wikicities.Event) (eventForm, error) {
	pr := p.Printer()
	d := eventForm{Form: f, Action: "/events", Cancel: "/events"}
	if e != nil {
		d.Edit, d.ID, d.Action, d.Cancel = true, e.ID, fmt.Sprintf("/events/%d/edit", e.ID), fmt.Sprintf("/events/%d", e.ID)
		for _, o := range e.Organisers {
			d.Organisers = append(d.Organisers, option{strconv.FormatInt(o.ID, 10), o.Name})
		}
	} else {
		for _, c := range s.coordinatedCommunities(r) {
			d.Organisers = append(d.Organisers, option{strconv.FormatInt(c.ID, 10), c.Name})
		}
	}
	for _, t := range wikicities.EventTypes {
		d.Types = append(d.Types, option{string(t), labels.EventType(pr, t)})
	}
	for _, m := range wikicities.AttendanceModes {
		d.Modes = append(d.Modes, option{string(m), labels.AttendanceMode(pr, m)})
	}
	d.Repeats = []option{{"", pr.Msg("event-repeat-none")}, {"DAILY", pr.Msg("event-repeat-daily")},
		{"WEEKLY", pr.Msg("event-repeat-weekly")}, {"MONTHLY", pr.Msg("event-repeat-monthly")}}
	if rule := f.Get("repeat"); rule != "" && !strings.Contains("DAILY WEEKLY MONTHLY", rule) {
		d.Repeats = append(d.Repeats, option{rule, pr.Msg("event-repeat-as-set", rule)})
	}
	d.WaitlistOption = []option{{"1", pr.Msg("event-field-waitlist-option")}}
	d.Lists = []option{{string(wikicities.ListPublic), pr.Msg("event-list-public")}, {string(wikicities.ListPrivate), pr.Msg("event-list-private")}}
	d.Editions = []option{{"", pr.Msg("event-edition-none")}}
	if e == nil {
		cs, err := s.Campaigns.Campaigns(r.Context())
		if err != nil {
			return d, err
		}
		year := s.Clock.Now().Year()
		for _, c := range cs {
			eds, err := s.Campaigns.Editions(r.Context(), c.ID)
			if err != nil {
				return d, err
			}
			for _, ed := range eds {
				if ed.Year >= year-1 {
					d.Editions = append(d.Editions, option{strconv.FormatInt(ed.ID, 10), pr.Msg("campaign-edition-name", c.Name, pr.Digits(ed.Year))})
				}
			}
		}
	}
	return d, nil
}

// eventFormValues are the form's values for e: its city as its name.
func (s *Server) eventFormValues(e *wikicities.Event) url.Values {
	loc := e.Location()
	v := url.Values{"title": {e.Title}, "description": {e.Description}, "type": {string(e.Type)}, "mode": {string(e.Mode)},
		"language": {e.Language}, "time_zone": {e.TimeZone}, "start": {e.Start.In(loc).Format(localLayout)},
		"end": {e.End.In(loc).Format(localLayout)}, "address": {e.Address}, "openstreetmap": {e.OpenStreetMap},
		"online_url": {e.OnlineURL}, "capacity": {strconv.Itoa(e.Capacity)}, "registration": {string(e.Registration)},
		"version": {strconv.FormatInt(e.Version, 10)}}
	if e.CityID != 0 {
		v.Set("city", s.cityFieldValue(e.CityID))
	}
	if e.Waitlist {
		v.Set("waitlist", "1")
	}
	if !e.RegistrationCloses.IsZero() {
		v.Set("registration_closes", e.RegistrationCloses.In(loc).Format(localLayout))
	}
	if m := simpleRule.FindStringSubmatch(e.RRule); m != nil {
		v.Set("repeat", m[1])
		v.Set("count", m[2])
	} else if e.RRule != "" {
		v.Set("repeat", e.RRule)
	}
	var qs []string
	for _, q := range e.Questions {
		qs = append(qs, strings.Join(append([]string{q.Text}, q.Options...), " | "))
	}
	v.Set("questions", strings.Join(qs, "\n"))
	return v
}

func (s *Server) handleEventNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("event-new-title")
	start := s.Clock.Now().UTC().AddDate(0, 0, 14).Truncate(24 * time.Hour).Add(18 * time.Hour) // in two weeks, at six
	f := newForm(url.Values{"type": {string(wikicities.EventWorkshop)}, "mode": {string(wikicities.ModeInPerson)}, "time_zone": {"UTC"},
		"start": {start.Format(localLayout)}, "end": {start.Add(2 * time.Hour).Format(localLayout)}, "capacity": {"20"},
		"waitlist": {"1"}, "registration": {string(wikicities.ListPublic)}, "count": {"4"}})
	if id, err := strconv.ParseInt(r.URL.Query().Get("community"), 10, 64); err == nil {
		f.Values.Set("organisers", strconv.FormatInt(id, 10))
		if c, err := s.Communities.Community(r.Context(), id); err == nil {
			if city := s.Graph.City(c.CityID); city != nil {
				f.Values.Set("city", cityInputValue(city))
			}
		}
	}
	s.renderEventForm(w, r, p, http.StatusOK, f, nil)
}

// needGroup is the Data of a page that only a group's coordinator can
// use, shown to someone who coordinates none: Text says who can, and the
// page links to the directory and to registering a group.
type needGroup struct {
	Text string
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, p *Page, status int, f *Form, e *wikicities.Event) {
	d, err := s.eventFormData(r, p, f, e)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if !d.Edit && len(d.Organisers) == 0 {
		// Someone who coordinates no group: say who creates events and
		// where to begin, rather than a bare "not allowed".
		p.Data = needGroup{Text: p.Msg("event-new-no-group")}
		s.render(w, r, http.StatusForbidden, "need-group", p)
		return
	}
	p.Data = d
	s.render(w, r, status, "event-form", p)
}

// formLocalTime reads a datetime-local field in loc; empty is the zero
// time.
func formLocalTime(f *Form, p *i18n.Printer, field string, loc *time.Location, required bool) time.Time {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		if required {
			f.Errors[field] = p.Msg("form-required")
		}
		return time.Time{}
	}
	t, err := time.ParseInLocation(localLayout, v, loc)
	if err != nil {
		f.Errors[field] = p.Msg("form-not-a-datetime", v)
	}
	return t
}

// eventFromForm builds an event from the form's values.
func (s *Server) eventFromForm(f *Form, p *i18n.Printer) *wikicities.Event {
	e := &wikicities.Event{Title: strings.TrimSpace(f.Get("title")), Description: strings.TrimSpace(f.Get("description")),
		Type: wikicities.EventType(f.Get("type")), Mode: wikicities.AttendanceMode(f.Get("mode")),
		Language: strings.TrimSpace(f.Get("language")), TimeZone: strings.TrimSpace(f.Get("time_zone")),
		Address: strings.TrimSpace(f.Get("address")), OpenStreetMap: strings.TrimSpace(f.Get("openstreetmap")),
		OnlineURL: strings.TrimSpace(f.Get("online_url")), Capacity: formInt(f, p, "capacity"), Waitlist: f.Get("waitlist") == "1",
		Registration: wikicities.ListVisibility(f.Get("registration")), Status: wikicities.EventScheduled}
	loc := time.UTC
	if l, err := time.LoadLocation(e.TimeZone); err == nil && e.TimeZone != "" && e.TimeZone != "Local" {
		loc = l
	} else if e.TimeZone == "" {
		f.Errors["time_zone"] = p.Msg("form-required")
	} else {
		f.Errors["time_zone"] = p.Msg("event-time-zone-unknown", e.TimeZone)
	}
	e.Start = formLocalTime(f, p, "start", loc, true)
	e.End = formLocalTime(f, p, "end", loc, true)
	e.RegistrationCloses = formLocalTime(f, p, "registration_closes", loc, false)
	switch rule := f.Get("repeat"); rule {
	case "":
	case "DAILY", "WEEKLY", "MONTHLY":
		n := formInt(f, p, "count")
		if n < 2 || n > 100 {
			f.Errors["count"] = p.Msg("event-count-range", 2, 100)
		}
		e.RRule = fmt.Sprintf("FREQ=%s;COUNT=%d", rule, n)
	default:
		e.RRule = rule // a rule set through the API, kept as it is
	}
	if e.Mode != wikicities.ModeOnline {
		e.CityID = s.resolveCity(f, p)
	}
	for _, v := range f.Values["organisers"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			e.Organisers = append(e.Organisers, wikicities.Party{Kind: wikicities.PartyCommunity, ID: id})
		}
	}
	if ed := f.Get("edition"); ed != "" {
		e.EditionID, _ = strconv.ParseInt(ed, 10, 64)
	}
	e.Questions = []wikicities.Question{}
	for i, line := range splitLines(f.Get("questions")) {
		parts := strings.Split(line, "|")
		q := wikicities.Question{Text: strings.TrimSpace(parts[0])}
		for _, o := range parts[1:] {
			if o = strings.TrimSpace(o); o != "" {
				q.Options = append(q.Options, o)
			}
		}
		if len(q.Options) < 2 {
			f.Errors["questions"] = p.Msg("event-question-line", i+1)
		}
		e.Questions = append(e.Questions, q)
	}
	return e
}

func (s *Server) handleEventCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("event-new-title")
	f := newForm(r.PostForm)
	e := s.eventFromForm(f, pr)
	status := s.submit(w, r, pr, f, formSave{fields: eventFields, aliases: eventAliases, check: e.Validate,
		save: func() (string, error) {
			err := s.Events.CreateEvent(r.Context(), e)
			return fmt.Sprintf("/events/%d?done=created", e.ID), err
		}})
	if status == 0 {
		return
	}
	s.renderEventForm(w, r, p, status, f, nil)
}

// organisedEvent loads the event of the address for one of its organisers.
func (s *Server) organisedEvent(w http.ResponseWriter, r *http.Request) (*wikicities.Event, bool) {
	return recordFor(s, w, r, s.Events.Event, func(a *wikicities.Actor, e *wikicities.Event) error { return e.RequireOrganiser(a) })
}

func (s *Server) handleEventEdit(w http.ResponseWriter, r *http.Request) {
	e, ok := s.organisedEvent(w, r)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("event-edit-title", e.Title)
	s.renderEventForm(w, r, p, http.StatusOK, newForm(s.eventFormValues(e)), e)
}

func (s *Server) handleEventSave(w http.ResponseWriter, r *http.Request) {
	cur, ok := s.organisedEvent(w, r)
	if !ok || !s.postedForm(w, r) {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("event-edit-title", cur.Title)
	f := newForm(r.PostForm)
	e := s.eventFromForm(f, pr)
	e.ID, e.Organisers = cur.ID, cur.Organisers
	version := formVersion(f)
	e.Version = version
	status := s.submit(w, r, pr, f, formSave{fields: eventFields, aliases: eventAliases, check: e.Validate,
		save: func() (string, error) {
			_, err := s.Events.UpdateEvent(r.Context(), e)
			return fmt.Sprintf("/events/%d?done=saved", cur.ID), err
		},
		stale: func() (int64, url.Values, error) {
			now, err := s.Events.Event(r.Context(), cur.ID)
			if err != nil {
				return 0, nil, err
			}
			return now.Version, s.eventFormValues(now), nil
		},
		typed:    func() url.Values { return s.eventFormValues(e) },
		conflict: pr.Msg("event-edit-refused")})
	if status == 0 {
		return
	}
	s.renderEventForm(w, r, p, status, f, cur)
}
