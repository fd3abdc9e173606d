// Package eventfeed writes the Knowledge Park's events for other programs:
// iCalendar (RFC 5545) for calendar clients, with each event RELATED-TO its
// campaign edition; schema.org Event JSON-LD for search engines; and Atom
// for feed readers. It reads nothing; callers pass the events.
package eventfeed

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
	"github.com/gorilla/feeds"
	"github.com/teambition/rrule-go"

	"github.com/wikicities/wikicities"
)

// Site says where the pages live: BaseURL ("https://wikicities.org") for
// links, and the host that makes UIDs unique.
type Site struct {
	BaseURL string
}

func (s Site) host() string {
	if u, err := url.Parse(s.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "wikicities"
}

// EventURL is the page of event id.
func (s Site) EventURL(id int64) string { return fmt.Sprintf("%s/events/%d", s.BaseURL, id) }

// EditionUID is the iCalendar UID of a campaign edition, which its events
// name in RELATED-TO.
func (s Site) EditionUID(id int64) string { return fmt.Sprintf("edition-%d@%s", id, s.host()) }

// CheckRRule parses a recurrence rule. Returns a FieldError (ErrInvalid).
func CheckRRule(rule string) error {
	if rule == "" {
		return nil
	}
	if _, err := rrule.StrToROption(rule); err != nil {
		return wikicities.Invalidf("rrule", "%q is not a recurrence rule: %v", rule, err)
	}
	return nil
}

// Calendar returns an iCalendar file named name with events and, when the
// calendar is a campaign's, its editions as all-day events (the parents the
// events' RELATED-TO point at). An event's times are written in its time
// zone (TZID), described by a VTIMEZONE, so that a repeating event (which
// keeps its RRULE) stays at its local hour across daylight saving time;
// events in UTC are written in UTC.
func Calendar(site Site, name string, events []*wikicities.Event, editions []*wikicities.Edition) (string, error) {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//WikiCities//Events//EN")
	calName := ical.NewProp("X-WR-CALNAME")
	calName.SetText(Text(name))
	calName.Params.Del(ical.ParamValue)
	cal.Props.Set(calName)
	for _, ed := range editions {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, site.EditionUID(ed.ID))
		ev.Props.SetDateTime(ical.PropDateTimeStamp, ed.CreatedAt.UTC())
		ev.Props.SetDate(ical.PropDateTimeStart, ed.Start.UTC())
		ev.Props.SetDate(ical.PropDateTimeEnd, ed.End.UTC().AddDate(0, 0, 1)) // DTEND of a date is exclusive
		ev.Props.SetText(ical.PropSummary, Text(fmt.Sprintf("%s %d", ed.CampaignName, ed.Year)))
		cal.Children = append(cal.Children, ev.Component)
	}
	cal.Children = append(cal.Children, timezones(events)...)
	for _, e := range events {
		ev, err := calendarEvent(site, e)
		if err != nil {
			return "", err
		}
		cal.Children = append(cal.Children, ev.Component)
	}
	return Encode(cal)
}

func calendarEvent(site Site, e *wikicities.Event) (*ical.Event, error) {
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, fmt.Sprintf("event-%d@%s", e.ID, site.host()))
	ev.Props.SetDateTime(ical.PropDateTimeStamp, e.UpdatedAt.UTC())
	loc := zoneOf(e)
	ev.Props.SetDateTime(ical.PropDateTimeStart, e.Start.In(loc))
	ev.Props.SetDateTime(ical.PropDateTimeEnd, e.End.In(loc))
	ev.Props.SetText(ical.PropSummary, Text(e.Title))
	desc := e.Description
	if names := organiserNames(e); names != "" {
		desc = strings.TrimSpace("Organised by " + names + "\n\n" + desc)
	}
	if desc != "" {
		ev.Props.SetText(ical.PropDescription, Text(desc))
	}
	if loc := place(e); loc != "" {
		ev.Props.SetText(ical.PropLocation, Text(loc))
	}
	if u, err := url.Parse(site.EventURL(e.ID)); err == nil {
		ev.Props.SetURI(ical.PropURL, u)
	}
	if e.Status == wikicities.EventCancelled {
		ev.SetStatus(ical.EventCancelled)
	} else {
		ev.SetStatus(ical.EventConfirmed)
	}
	if e.RRule != "" {
		opt, err := rrule.StrToROption(e.RRule)
		if err != nil {
			return nil, fmt.Errorf("event %d: rrule: %w", e.ID, err)
		}
		ev.Props.SetRecurrenceRule(opt)
	}
	if e.EditionID != 0 {
		rel := ical.NewProp(ical.PropRelatedTo)
		rel.Value = site.EditionUID(e.EditionID)
		rel.Params.Set(ical.ParamRelationshipType, "PARENT")
		ev.Props.Set(rel)
	}
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.FormatInt(max(e.Version-1, 0), 10)
	ev.Props.Set(seq)
	return ev, nil
}

func organiserNames(e *wikicities.Event) string {
	names := make([]string, len(e.Organisers))
	for i, o := range e.Organisers {
		names[i] = o.Name
	}
	return strings.Join(names, ", ")
}

// place is the event's place as one line: address and city, or "online".
func place(e *wikicities.Event) string {
	var parts []string
	for _, p := range []string{e.Address, e.CityName} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if e.Mode != wikicities.ModeInPerson {
		parts = append(parts, "online")
	}
	return strings.Join(parts, ", ")
}

// Text makes s fit an iCalendar TEXT value: line ends become "\n" (which
// the encoder escapes) and other control characters, which RFC 5545
// forbids in TEXT, are dropped.
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// Encode writes cal as iCalendar text, its lines folded at 75 octets as
// RFC 5545 (3.1) asks: go-ical writes each property on one line however
// long, which strict clients refuse. A calendar without events is valid (a
// city may have none yet), but go-ical refuses to encode one, so it is
// encoded with a placeholder event that is then cut out.
func Encode(cal *ical.Calendar) (string, error) {
	var b strings.Builder
	if len(cal.Children) > 0 {
		if err := ical.NewEncoder(&b).Encode(cal); err != nil {
			return "", err
		}
		return fold(b.String()), nil
	}
	placeholder := ical.NewEvent()
	placeholder.Props.SetText(ical.PropUID, "placeholder")
	placeholder.Props.SetDateTime(ical.PropDateTimeStamp, time.Unix(0, 0).UTC())
	cal.Children = []*ical.Component{placeholder.Component}
	defer func() { cal.Children = nil }()
	if err := ical.NewEncoder(&b).Encode(cal); err != nil {
		return "", err
	}
	s := b.String()
	i, j := strings.Index(s, "BEGIN:VEVENT\r\n"), strings.Index(s, "END:VEVENT\r\n")
	if i < 0 || j < i {
		return "", fmt.Errorf("eventfeed: unexpected encoding of an empty calendar")
	}
	return fold(s[:i] + s[j+len("END:VEVENT\r\n"):]), nil
}

// foldAt is the most octets of a content line, its CRLF not counted.
const foldAt = 75

// fold folds the CRLF-ended content lines of s that are longer than foldAt
// octets: the rest of the line goes on to the next, after a space, and a
// UTF-8 sequence is never split (RFC 5545, 3.1).
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/foldAt*3)
	for line := range strings.SplitSeq(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		limit := foldAt
		for len(line) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			b.WriteString(line[:cut])
			b.WriteString("\r\n ")
			line = line[cut:]
			limit = foldAt - 1 // the leading space counts
		}
		b.WriteString(line)
		b.WriteString("\r\n")
	}
	return b.String()
}

// schema.org's values of eventStatus and eventAttendanceMode.
var (
	schemaStatus = map[wikicities.EventStatus]string{
		wikicities.EventScheduled: "https://schema.org/EventScheduled",
		wikicities.EventCancelled: "https://schema.org/EventCancelled",
	}
	schemaMode = map[wikicities.AttendanceMode]string{
		wikicities.ModeInPerson: "https://schema.org/OfflineEventAttendanceMode",
		wikicities.ModeOnline:   "https://schema.org/OnlineEventAttendanceMode",
		wikicities.ModeHybrid:   "https://schema.org/MixedEventAttendanceMode",
	}
)

// JSONLD returns the schema.org Event of e for a <script
// type="application/ld+json"> element: encoding/json escapes <, > and &,
// so no name can close the element. Dates carry the event's zone offset.
func JSONLD(site Site, e *wikicities.Event) ([]byte, error) {
	loc := e.Location()
	ld := map[string]any{
		"@context":            "https://schema.org",
		"@type":               "Event",
		"name":                e.Title,
		"url":                 site.EventURL(e.ID),
		"startDate":           e.Start.In(loc).Format(time.RFC3339),
		"endDate":             e.End.In(loc).Format(time.RFC3339),
		"eventStatus":         schemaStatus[e.Status],
		"eventAttendanceMode": schemaMode[e.Mode],
	}
	if e.Description != "" {
		ld["description"] = e.Description
	}
	if e.Language != "" {
		ld["inLanguage"] = e.Language
	}
	var locations []any
	if e.Mode != wikicities.ModeOnline {
		addr := map[string]any{"@type": "PostalAddress", "addressLocality": e.CityName}
		if e.Address != "" {
			addr["streetAddress"] = e.Address
		}
		if e.Country != "" {
			addr["addressCountry"] = e.Country
		}
		p := map[string]any{"@type": "Place", "name": firstNonEmpty(e.Address, e.CityName), "address": addr}
		if e.OpenStreetMap != "" {
			p["hasMap"] = e.OpenStreetMap
		}
		locations = append(locations, p)
	}
	if e.Mode != wikicities.ModeInPerson {
		locations = append(locations, map[string]any{"@type": "VirtualLocation", "url": e.OnlineURL})
	}
	if len(locations) == 1 {
		ld["location"] = locations[0]
	} else {
		ld["location"] = locations
	}
	var orgs []any
	for _, o := range e.Organisers {
		orgs = append(orgs, map[string]any{"@type": "Organization", "name": o.Name,
			"url": fmt.Sprintf("%s/communities/%d", site.BaseURL, o.ID)})
	}
	ld["organizer"] = orgs
	if e.Capacity > 0 {
		ld["maximumAttendeeCapacity"] = e.Capacity
		ld["remainingAttendeeCapacity"] = max(e.Capacity-e.Registered, 0)
	}
	return json.Marshal(ld)
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// Atom returns an Atom feed titled title, at selfURL, of events, the
// newest change first as given.
func Atom(site Site, title, selfURL string, events []*wikicities.Event) (string, error) {
	updated := time.Unix(0, 0).UTC()
	for _, e := range events {
		if e.UpdatedAt.After(updated) {
			updated = e.UpdatedAt
		}
	}
	f := &feeds.Feed{Title: title, Link: &feeds.Link{Href: site.BaseURL + "/events"}, Id: selfURL, Updated: updated,
		Description: "Workshops, training sessions, edit-a-thons, meetups and photo walks."}
	for _, e := range events {
		summary := e.Start.In(e.Location()).Format("2006-01-02 15:04 MST")
		if p := place(e); p != "" {
			summary += " · " + p
		}
		if e.Status == wikicities.EventCancelled {
			summary = "Cancelled: " + summary
		}
		f.Items = append(f.Items, &feeds.Item{
			Id:    site.EventURL(e.ID),
			Title: e.Title,
			Link:  &feeds.Link{Href: site.EventURL(e.ID)},
			// gorilla/feeds marks the summary as HTML: escape what users wrote.
			Description: html.EscapeString(summary),
			Author:      &feeds.Author{Name: organiserNames(e)},
			Created:     e.CreatedAt,
			Updated:     e.UpdatedAt,
		})
	}
	return f.ToAtom()
}

// occurrenceScan bounds the dates of a rule that Occurrences reads.
const occurrenceScan = 5000

// Occurrences returns the starts of e's occurrences that end after from,
// soonest first, at most n: the event's own start for a single event; for
// a repeating one, the dates its rule gives, counted in the event's time
// zone, so that a weekly 18:00 stays at 18:00 across daylight saving time.
// A rule that does not parse gives the first occurrence only.
func Occurrences(e *wikicities.Event, from time.Time, n int) []time.Time {
	length := e.End.Sub(e.Start)
	if e.RRule == "" {
		if e.End.After(from) && n > 0 {
			return []time.Time{e.Start}
		}
		return nil
	}
	loc := e.Location()
	opt, err := rrule.StrToROptionInLocation(e.RRule, loc)
	if err != nil {
		return Occurrences(&wikicities.Event{Start: e.Start, End: e.End}, from, n)
	}
	opt.Dtstart = e.Start.In(loc)
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		return Occurrences(&wikicities.Event{Start: e.Start, End: e.End}, from, n)
	}
	var out []time.Time
	next := r.Iterator()
	// At most occurrenceScan dates are read, so that a rule whose dates
	// all lie in the past, or a daily rule of many years, stays cheap.
	for i := 0; len(out) < n && i < occurrenceScan; i++ {
		t, ok := next()
		if !ok {
			break
		}
		if t.Add(length).After(from) {
			out = append(out, t)
		}
	}
	return out
}
