package wikicities

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// EventType is what kind of event it is.
type EventType string

// Event types.
const (
	EventWorkshop  EventType = "workshop"
	EventTraining  EventType = "training"
	EventEditathon EventType = "editathon"
	EventMeetup    EventType = "meetup"
	EventPhotoWalk EventType = "photo_walk"
)

// EventTypes lists the valid types, in display order.
var EventTypes = []EventType{EventWorkshop, EventTraining, EventEditathon, EventMeetup, EventPhotoWalk}

// AttendanceMode says where people take part.
type AttendanceMode string

// Attendance modes.
const (
	ModeInPerson AttendanceMode = "in_person"
	ModeOnline   AttendanceMode = "online"
	ModeHybrid   AttendanceMode = "hybrid"
)

// AttendanceModes lists the valid modes, in display order.
var AttendanceModes = []AttendanceMode{ModeInPerson, ModeOnline, ModeHybrid}

// EventStatus says whether an event takes place.
type EventStatus string

// Event statuses.
const (
	EventScheduled EventStatus = "scheduled"
	EventCancelled EventStatus = "cancelled"
)

// ListVisibility says who sees an event's list of participants.
type ListVisibility string

// List visibilities.
const (
	ListPublic  ListVisibility = "public"  // everyone sees who registered
	ListPrivate ListVisibility = "private" // only the organisers do
)

// Question is an optional question put to people who register; its
// answers are shown to the organisers only in aggregate (AnswerCounts).
type Question struct {
	Text    string   `json:"text"`
	Options []string `json:"options"`
}

// Event is a workshop, training session, edit-a-thon, meetup or photo walk
// that people register for. Organisers are one or more communities; a
// coordinator of any of them acts for the event.
type Event struct {
	ID          int64          `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Type        EventType      `json:"type"`
	Mode        AttendanceMode `json:"mode"`
	Status      EventStatus    `json:"status"`
	Language    string         `json:"language,omitempty"` // Wikimedia language code
	// TimeZone is the IANA zone the event is announced in; Start and End
	// are instants, shown in that zone.
	TimeZone string    `json:"time_zone"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	// RRule repeats the event (RFC 5545 recurrence rule, without "RRULE:").
	RRule string `json:"rrule,omitempty"`
	// Place: a city of the directory, an address and an OpenStreetMap
	// link, for an event in person or hybrid; OnlineURL for one online.
	CityID        int64   `json:"city_id,omitempty"`
	CityName      string  `json:"city,omitempty"`    // filled in on reads
	Country       string  `json:"country,omitempty"` // filled in on reads
	Address       string  `json:"address,omitempty"`
	OpenStreetMap string  `json:"openstreetmap,omitempty"`
	OnlineURL     string  `json:"online_url,omitempty"`
	Organisers    []Party `json:"organisers"`
	// Capacity is the most people registered at once; 0 is no limit.
	// With Waitlist, people who come when it is full wait in line.
	Capacity     int            `json:"capacity"`
	Waitlist     bool           `json:"waitlist"`
	Registration ListVisibility `json:"registration"`
	// RegistrationCloses ends registration; zero means at the start.
	RegistrationCloses time.Time  `json:"registration_closes,omitzero"`
	Questions          []Question `json:"questions"`
	EditionID          int64      `json:"edition_id,omitempty"` // the campaign edition it is part of
	CampaignID         int64      `json:"campaign_id,omitempty"`
	CampaignName       string     `json:"campaign,omitempty"` // filled in on reads
	// Registered and Waitlisted count the people, filled in on reads.
	Registered int       `json:"registered"`
	Waitlisted int       `json:"waitlisted"`
	CreatedBy  int64     `json:"created_by"`
	Version    int64     `json:"version"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Organises reports whether a may act for e: a coordinator of one of its
// organising communities, or an admin.
func (e *Event) Organises(a *Actor) bool {
	if a == nil {
		return false
	}
	for _, o := range e.Organisers {
		if a.CoordinatorOf(o.Ref()) {
			return true
		}
	}
	return a.IsAdmin()
}

// RequireOrganiser returns nil if a may act for e, ErrUnauthorized for an
// anonymous actor and ErrForbidden otherwise.
func (e *Event) RequireOrganiser(a *Actor) error {
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !e.Organises(a) {
		return fmt.Errorf("%w: only a coordinator of an organising group may do this", ErrForbidden)
	}
	return nil
}

// Closes returns when registration closes.
func (e *Event) Closes() time.Time {
	if !e.RegistrationCloses.IsZero() {
		return e.RegistrationCloses
	}
	return e.Start
}

// Location returns the event's time zone (UTC when it does not load).
func (e *Event) Location() *time.Location {
	if loc, err := time.LoadLocation(e.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Validate checks the event's fields. Returns ValidationErrors.
func (e *Event) Validate() error {
	var v ValidationErrors
	switch {
	case strings.TrimSpace(e.Title) == "":
		v.Add("title", "is empty").Because(ProblemRequired)
	case len(e.Title) > 200:
		v.Add("title", "is longer than 200 bytes").Because(ProblemTooLong, 200)
	case strings.ContainsAny(e.Title, "\n\r\t"):
		v.Add("title", "must be one line").Because(ProblemOneLine)
	}
	if len(e.Description) > 10000 {
		v.Add("description", "is longer than 10000 bytes").Because(ProblemTooLong, 10000)
	}
	if !slices.Contains(EventTypes, e.Type) {
		v.Add("type", "must be one of %s, not %q", joinKinds(EventTypes), e.Type).Because(ProblemNotAllowed, e.Type)
	}
	if !slices.Contains(AttendanceModes, e.Mode) {
		v.Add("mode", "must be one of %s, not %q", joinKinds(AttendanceModes), e.Mode).Because(ProblemNotAllowed, e.Mode)
	}
	if e.Status != EventScheduled && e.Status != EventCancelled {
		v.Add("status", "must be scheduled or cancelled, not %q", e.Status).Because(ProblemNotAllowed, e.Status)
	}
	if e.Language != "" && !ValidLanguageCode(e.Language) {
		v.Add("language", "%q is not a Wikimedia language code", e.Language).Because(ProblemLanguage, e.Language)
	}
	if _, err := time.LoadLocation(e.TimeZone); err != nil || e.TimeZone == "" || e.TimeZone == "Local" {
		v.Add("time_zone", "%q is not an IANA time zone such as Europe/Berlin", e.TimeZone).Because(ProblemNotAllowed, e.TimeZone)
	}
	if e.Start.IsZero() {
		v.Add("start", "is missing").Because(ProblemRequired)
	}
	if e.End.IsZero() {
		v.Add("end", "is missing").Because(ProblemRequired)
	} else if !e.End.After(e.Start) {
		v.Add("end", "is not after start").Because(ProblemBeforeStart)
	}
	CheckDate(&v, "start", e.Start)
	CheckDate(&v, "end", e.End)
	CheckDate(&v, "registration_closes", e.RegistrationCloses)
	if !e.RegistrationCloses.IsZero() && e.RegistrationCloses.After(e.End) {
		v.Add("registration_closes", "is after the event ends").Because(ProblemBeforeStart)
	}
	e.validatePlace(&v)
	e.validateRegistration(&v)
	if e.RRule != "" && !plausibleRRule(e.RRule) {
		v.Add("rrule", "%q is not a recurrence rule such as FREQ=WEEKLY;COUNT=4", e.RRule).Because(ProblemNotAllowed, e.RRule)
	}
	return sortFields(v).Err()
}

func (e *Event) validatePlace(v *ValidationErrors) {
	inPerson := e.Mode == ModeInPerson || e.Mode == ModeHybrid
	if inPerson && e.CityID <= 0 {
		v.Add("city_id", "is required for an event in person or hybrid").Because(ProblemRequired)
	}
	if e.Mode == ModeOnline && (e.CityID != 0 || e.Address != "" || e.OpenStreetMap != "") {
		v.Add("city_id", "an online event has no city, address or map link").Because(ProblemNotAllowed, e.CityID)
	}
	if len(e.Address) > 300 || strings.ContainsAny(e.Address, "\n\r") {
		v.Add("address", "must be one line of at most 300 bytes").Because(ProblemOneLineMax, 300)
	}
	if e.OpenStreetMap != "" {
		u, err := url.Parse(e.OpenStreetMap)
		if err != nil || u.Scheme != "https" || (u.Host != "www.openstreetmap.org" && u.Host != "openstreetmap.org" && u.Host != "osm.org") {
			v.Add("openstreetmap", "%q is not an https://www.openstreetmap.org/ link", e.OpenStreetMap).Because(ProblemURL, e.OpenStreetMap)
		}
	}
	checkURL(v, "online_url", e.OnlineURL)
	if e.Mode != ModeInPerson && e.OnlineURL == "" {
		v.Add("online_url", "is required for an online or hybrid event").Because(ProblemRequired)
	}
}

func (e *Event) validateRegistration(v *ValidationErrors) {
	if len(e.Organisers) == 0 {
		v.Add("organisers", "names no group").Because(ProblemRequired)
	} else if len(e.Organisers) > 10 {
		v.Add("organisers", "has more than 10 groups").Because(ProblemTooMany, 10)
	}
	for i, o := range e.Organisers {
		if o.Kind != PartyCommunity || o.ID <= 0 {
			v.Add(fmt.Sprintf("organisers[%d]", i), "must be a community").Because(ProblemNotAllowed, string(o.Kind))
		}
	}
	if e.Capacity < 0 || e.Capacity > 100000 {
		v.Add("capacity", "must be from 0 (no limit) to 100000, not %d", e.Capacity).Because(ProblemNumberRange, 0, 100000)
	}
	if e.Registration != ListPublic && e.Registration != ListPrivate {
		v.Add("registration", "must be public or private, not %q", e.Registration).Because(ProblemNotAllowed, e.Registration)
	}
	if len(e.Questions) > 10 {
		v.Add("questions", "has more than 10 questions").Because(ProblemTooMany, 10)
	}
	for i, q := range e.Questions {
		if strings.TrimSpace(q.Text) == "" || len(q.Text) > 300 {
			v.Add(fmt.Sprintf("questions[%d].text", i), "must be 1 to 300 bytes").Because(ProblemLength, 1, 300)
		}
		if len(q.Options) < 2 || len(q.Options) > 20 {
			v.Add(fmt.Sprintf("questions[%d].options", i), "must offer 2 to 20 answers").Because(ProblemNumberRange, 2, 20)
		}
		for j, o := range q.Options {
			if strings.TrimSpace(o) == "" || len(o) > 200 {
				v.Add(fmt.Sprintf("questions[%d].options[%d]", i, j), "must be 1 to 200 bytes").Because(ProblemLength, 1, 200)
			}
		}
	}
}

// plausibleRRule checks the shape of a recurrence rule; package recur
// parses it fully.
func plausibleRRule(r string) bool {
	if !strings.HasPrefix(r, "FREQ=") || len(r) > 300 {
		return false
	}
	for _, c := range r {
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.ContainsRune("=;,+-", c)) {
			return false
		}
	}
	return true
}

// EventFilter selects events for a list.
type EventFilter struct {
	Country   string         // the country of the event's city, as cities name it; any case
	CityIDs   []int64        // any of these cities (e.g. a city and its twins)
	Type      EventType      // one type
	Language  string         // one language
	Mode      AttendanceMode // in_person also matches hybrid, online too
	Campaign  int64          // events of any edition of the campaign
	Edition   int64          // events of one edition
	Organiser int64          // events organised by this community
	From, To  time.Time      // events ending after From, starting before To
	Limit     int
}

// Matches reports whether e passes f, on the fields an event carries.
func (f *EventFilter) Matches(e *Event) bool {
	switch {
	case f.Country != "" && !strings.EqualFold(e.Country, f.Country),
		len(f.CityIDs) > 0 && !slices.Contains(f.CityIDs, e.CityID),
		f.Type != "" && e.Type != f.Type,
		f.Language != "" && e.Language != f.Language,
		f.Mode != "" && e.Mode != f.Mode && e.Mode != ModeHybrid,
		f.Campaign != 0 && e.CampaignID != f.Campaign,
		f.Edition != 0 && e.EditionID != f.Edition,
		f.Organiser != 0 && !slices.ContainsFunc(e.Organisers, func(p Party) bool { return p.ID == f.Organiser }),
		!f.From.IsZero() && !e.End.After(f.From),
		!f.To.IsZero() && !e.Start.Before(f.To):
		return false
	}
	return true
}
