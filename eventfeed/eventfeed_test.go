package eventfeed_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
)

var site = eventfeed.Site{BaseURL: "https://wikicities.example"}

var start = time.Date(2026, 5, 9, 8, 0, 0, 0, time.UTC) // 10:00 in Berlin

func events() []*wikicities.Event {
	return []*wikicities.Event{
		{ID: 1, Title: "Wikidata workshop <b>", Description: "Bring a laptop;\r\nwe have coffee.", Type: wikicities.EventWorkshop,
			Mode: wikicities.ModeInPerson, Status: wikicities.EventScheduled, TimeZone: "Europe/Berlin", Start: start,
			End: start.Add(3 * time.Hour), CityID: 7, CityName: "Berlin", Country: "DE", Address: "Tempelhofer Ufer 24",
			OpenStreetMap: "https://www.openstreetmap.org/node/1", Organisers: []wikicities.Party{{ID: 1, Name: "Wikimedians of Berlin"},
				{ID: 2, Name: "Wikimedia Paris"}}, Capacity: 2, Registered: 1, RRule: "FREQ=WEEKLY;COUNT=4", EditionID: 5,
			Language: "de", Version: 2, CreatedAt: start.Add(-48 * time.Hour), UpdatedAt: start.Add(-24 * time.Hour)},
		{ID: 2, Title: "Online training", Type: wikicities.EventTraining, Mode: wikicities.ModeOnline, Status: wikicities.EventCancelled,
			TimeZone: "Asia/Riyadh", Start: start.Add(24 * time.Hour), End: start.Add(25 * time.Hour), OnlineURL: "https://meet.example/x",
			Organisers: []wikicities.Party{{ID: 3, Name: "Wikimedians of the Levant"}}, Version: 1, CreatedAt: start, UpdatedAt: start},
	}
}

// The calendar is read back by golang-ical (another implementation than
// the writer's): times, recurrence, status, the campaign edition each event
// is RELATED-TO and the text users wrote survive.
func TestCalendarParsesBack(t *testing.T) {
	ed := &wikicities.Edition{ID: 5, CampaignName: "Wiki Loves Monuments", Year: 2026,
		Start: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}
	body, err := eventfeed.Calendar(site, "Events of Berlin, DE", events(), []*wikicities.Edition{ed})
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events, want the edition and 2 events", len(evs))
	}
	parent := evs[0].GetProperty(ics.ComponentPropertyUniqueId).Value
	if parent != "edition-5@wikicities.example" {
		t.Errorf("edition uid %q", parent)
	}
	if s, err := evs[0].GetAllDayStartAt(); err != nil || !s.Equal(ed.Start) {
		t.Errorf("edition starts %v %v", s, err)
	}
	w := evs[1]
	if s, _ := w.GetStartAt(); !s.Equal(start) {
		t.Errorf("start %v", s)
	}
	if e, _ := w.GetEndAt(); !e.Equal(start.Add(3 * time.Hour)) {
		t.Errorf("end %v", e)
	}
	for prop, want := range map[ics.ComponentProperty]string{
		ics.ComponentPropertySummary:     "Wikidata workshop <b>",
		ics.ComponentPropertyRrule:       "FREQ=WEEKLY;COUNT=4",
		ics.ComponentPropertyStatus:      "CONFIRMED",
		ics.ComponentPropertyRelatedTo:   parent,
		ics.ComponentPropertyLocation:    "Tempelhofer Ufer 24, Berlin",
		ics.ComponentPropertyDescription: "Organised by Wikimedians of Berlin, Wikimedia Paris\n\nBring a laptop;\nwe have coffee.",
		ics.ComponentPropertyUrl:         "https://wikicities.example/events/1",
	} {
		p := w.GetProperty(prop)
		if p == nil || p.Value != want {
			t.Errorf("%s = %v, want %q", prop, p, want)
		}
	}
	if rel := w.GetProperty(ics.ComponentPropertyRelatedTo); rel == nil || rel.ICalParameters["RELTYPE"][0] != "PARENT" {
		t.Errorf("RELATED-TO %+v", rel)
	}
	if st := evs[2].GetProperty(ics.ComponentPropertyStatus); st == nil || st.Value != "CANCELLED" {
		t.Errorf("cancelled event status %v", st)
	}
	if evs[2].GetProperty(ics.ComponentPropertyRelatedTo) != nil {
		t.Error("an event outside any campaign names a parent")
	}
}

// Content lines are folded at 75 octets (RFC 5545, 3.1), never inside a
// UTF-8 sequence, and the long text users write (Arabic, Japanese,
// escapes) reads back whole; go-ical wrote every property on one line.
func TestCalendarFoldsLongLines(t *testing.T) {
	ev := events()[0]
	ev.Title = "ورشة ويكي بيانات في مدينة ميونخ الجميلة; \\ 日本語テキストのワークショップ, with a long English tail"
	ev.Description = strings.Repeat("Ünïcödé, مدينة; 日本 ", 12)
	body, err := eventfeed.Calendar(site, ev.Title, []*wikicities.Event{ev}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(body, "END:VCALENDAR\r\n") {
		t.Errorf("the calendar does not end with a CRLF-ended END:VCALENDAR: %q", body[max(len(body)-40, 0):])
	}
	folded := 0
	for i, line := range strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d has %d octets: %q", i+1, len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, line)
		}
		if strings.HasPrefix(line, " ") {
			folded++
		}
	}
	if folded < 4 {
		t.Errorf("%d continuation lines, want the long title and description folded", folded)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	e := cal.Events()[0]
	if p := e.GetProperty(ics.ComponentPropertySummary); p == nil || p.Value != ev.Title {
		t.Errorf("summary %v, want %q", p, ev.Title)
	}
	want := "Organised by Wikimedians of Berlin, Wikimedia Paris\n\n" + ev.Description
	if p := e.GetProperty(ics.ComponentPropertyDescription); p == nil || p.Value != strings.TrimSpace(want) {
		t.Errorf("description %v, want %q", p, want)
	}
}

func TestEmptyCalendarIsValid(t *testing.T) {
	body, err := eventfeed.Calendar(site, "Nothing yet", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil || len(cal.Events()) != 0 {
		t.Fatalf("%v, %d events", err, len(cal.Events()))
	}
}

func TestCheckRRule(t *testing.T) {
	if err := eventfeed.CheckRRule("FREQ=MONTHLY;BYDAY=2TU;COUNT=6"); err != nil {
		t.Error(err)
	}
	if err := eventfeed.CheckRRule("FREQ=SOMETIMES"); !errors.Is(err, wikicities.ErrInvalid) {
		t.Errorf("bad rule: %v", err)
	}
}

// schema.org's vocabulary for the types emitted (https://schema.org/Event,
// Place, PostalAddress, VirtualLocation, Organization): every key written
// must be one of its properties.
var vocabulary = map[string][]string{
	"Event": {"@context", "@type", "name", "description", "url", "startDate", "endDate", "eventStatus",
		"eventAttendanceMode", "location", "organizer", "maximumAttendeeCapacity", "remainingAttendeeCapacity", "inLanguage"},
	"Place":           {"@type", "name", "address", "hasMap"},
	"PostalAddress":   {"@type", "streetAddress", "addressLocality", "addressCountry"},
	"VirtualLocation": {"@type", "url"},
	"Organization":    {"@type", "name", "url"},
}

var enumerations = map[string][]string{
	"eventStatus": {"https://schema.org/EventScheduled", "https://schema.org/EventCancelled",
		"https://schema.org/EventPostponed", "https://schema.org/EventRescheduled", "https://schema.org/EventMovedOnline"},
	"eventAttendanceMode": {"https://schema.org/OfflineEventAttendanceMode",
		"https://schema.org/OnlineEventAttendanceMode", "https://schema.org/MixedEventAttendanceMode"},
}

func checkVocabulary(t *testing.T, v any) {
	t.Helper()
	switch x := v.(type) {
	case []any:
		for _, y := range x {
			checkVocabulary(t, y)
		}
	case map[string]any:
		typ, _ := x["@type"].(string)
		props, ok := vocabulary[typ]
		if !ok {
			t.Errorf("type %q is not one this test knows", typ)
			return
		}
		for k, val := range x {
			if !slices.Contains(props, k) {
				t.Errorf("%s has no property %q", typ, k)
			}
			if enum, ok := enumerations[k]; ok && !slices.Contains(enum, val.(string)) {
				t.Errorf("%s: %q is not a schema.org value", k, val)
			}
			checkVocabulary(t, val)
		}
	}
}

func TestJSONLDKeepsToSchemaOrgEvent(t *testing.T) {
	for _, e := range events() {
		raw, err := eventfeed.JSONLD(site, e)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(raw), "<") {
			t.Errorf("raw < in JSON-LD (could close the script element): %s", raw)
		}
		var v map[string]any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatal(err)
		}
		checkVocabulary(t, v)
		if e.ID == 1 {
			if v["startDate"] != "2026-05-09T10:00:00+02:00" || v["remainingAttendeeCapacity"] != 1.0 || v["maximumAttendeeCapacity"] != 2.0 {
				t.Errorf("workshop: %s", raw)
			}
			if loc := v["location"].(map[string]any); loc["@type"] != "Place" || loc["hasMap"] != e.OpenStreetMap {
				t.Errorf("location %v", loc)
			}
			if orgs := v["organizer"].([]any); len(orgs) != 2 {
				t.Errorf("organizer %v", orgs)
			}
		} else {
			if v["startDate"] != "2026-05-10T11:00:00+03:00" || v["eventStatus"] != "https://schema.org/EventCancelled" {
				t.Errorf("training: %s", raw)
			}
			if loc := v["location"].(map[string]any); loc["@type"] != "VirtualLocation" || loc["url"] != e.OnlineURL {
				t.Errorf("location %v", loc)
			}
			if _, ok := v["maximumAttendeeCapacity"]; ok {
				t.Error("a capacity for an event without a limit")
			}
		}
	}
}

func TestAtomParsesBack(t *testing.T) {
	body, err := eventfeed.Atom(site, "WikiCities: events", site.BaseURL+"/events.atom", events())
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(body)
	if err != nil {
		t.Fatal(err)
	}
	if feed.FeedType != "atom" || len(feed.Items) != 2 {
		t.Fatalf("%s with %d items", feed.FeedType, len(feed.Items))
	}
	it := feed.Items[0]
	if it.Title != "Wikidata workshop <b>" || it.Link != "https://wikicities.example/events/1" || !strings.Contains(it.Description, "Tempelhofer Ufer 24, Berlin") {
		t.Errorf("item %+v", it)
	}
	if !strings.HasPrefix(feed.Items[1].Description, "Cancelled:") {
		t.Errorf("cancelled item %q", feed.Items[1].Description)
	}
}

// offsetAt applies a VTIMEZONE read back by golang-ical to a local time,
// without Go's zone database: the offset of the last part whose onset
// (DTSTART, in the local time before it) is not after local.
func offsetAt(t *testing.T, tz *ics.VTimezone, local string) string {
	t.Helper()
	best, off := "", ""
	for _, c := range tz.Components {
		var props []ics.IANAProperty
		switch p := c.(type) {
		case *ics.Standard:
			props = p.Properties
		case *ics.Daylight:
			props = p.Properties
		default:
			t.Fatalf("a VTIMEZONE part %T", c)
		}
		var start, to string
		for _, p := range props {
			switch p.IANAToken {
			case "DTSTART":
				start = p.Value
			case "TZOFFSETTO":
				to = p.Value
			}
		}
		if start == "" || to == "" {
			t.Fatalf("a VTIMEZONE part lacks DTSTART or TZOFFSETTO: %+v", props)
		}
		if start <= local && start >= best {
			best, off = start, to
		}
	}
	return off
}

// An event in a zone is written in its local time with a TZID that a
// VTIMEZONE describes; read back by golang-ical, the VTIMEZONE alone gives
// each date of a weekly event across the change to summer time its right
// instant, and a zone without changes gets one part with its offset.
func TestCalendarDescribesTimeZones(t *testing.T) {
	berlin := time.Date(2026, 3, 19, 17, 0, 0, 0, time.UTC) // 18:00 in Berlin, winter time
	es := []*wikicities.Event{
		{ID: 1, Title: "Weekly edit-a-thon", Type: wikicities.EventEditathon, Mode: wikicities.ModeOnline, Status: wikicities.EventScheduled,
			TimeZone: "Europe/Berlin", Start: berlin, End: berlin.Add(2 * time.Hour), RRule: "FREQ=WEEKLY;COUNT=4", OnlineURL: "https://meet.example/x"},
		{ID: 2, Title: "Riyadh meetup", Type: wikicities.EventMeetup, Mode: wikicities.ModeOnline, Status: wikicities.EventScheduled,
			TimeZone: "Asia/Riyadh", Start: berlin, End: berlin.Add(time.Hour), OnlineURL: "https://meet.example/y"},
		{ID: 3, Title: "UTC call", Type: wikicities.EventMeetup, Mode: wikicities.ModeOnline, Status: wikicities.EventScheduled,
			TimeZone: "UTC", Start: berlin, End: berlin.Add(time.Hour), OnlineURL: "https://meet.example/z"},
	}
	body, err := eventfeed.Calendar(site, "Zones", es, nil)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	zones := map[string]*ics.VTimezone{}
	for _, tz := range cal.Timezones() {
		for _, p := range tz.Properties {
			if p.IANAToken == "TZID" {
				zones[p.Value] = tz
			}
		}
	}
	if len(zones) != 2 || zones["Europe/Berlin"] == nil || zones["Asia/Riyadh"] == nil {
		t.Fatalf("VTIMEZONEs %v, want Europe/Berlin and Asia/Riyadh (none for UTC)\n%s", zones, body)
	}
	evs := cal.Events()
	dt := evs[0].GetProperty(ics.ComponentPropertyDtStart)
	if dt.ICalParameters["TZID"][0] != "Europe/Berlin" || dt.Value != "20260319T180000" {
		t.Fatalf("DTSTART %+v, want 18:00 local in Europe/Berlin", dt)
	}
	// The weekly dates at 18:00 local: two in winter time (+0100), two
	// after the change of 29 March (+0200).
	for local, want := range map[string]string{"20260319T180000": "+0100", "20260326T180000": "+0100",
		"20260402T180000": "+0200", "20260409T180000": "+0200"} {
		if got := offsetAt(t, zones["Europe/Berlin"], local); got != want {
			t.Errorf("Berlin at %s: offset %s, want %s", local, got, want)
		}
	}
	if got := offsetAt(t, zones["Asia/Riyadh"], "20260319T200000"); got != "+0300" {
		t.Errorf("Riyadh: offset %s", got)
	}
	if s, err := evs[2].GetStartAt(); err != nil || !s.Equal(berlin) || evs[2].GetProperty(ics.ComponentPropertyDtStart).ICalParameters["TZID"] != nil {
		t.Errorf("the UTC event starts %v (%v), with a TZID", s, err)
	}
	if s, err := evs[1].GetStartAt(); err != nil || !s.Equal(berlin) {
		t.Errorf("Riyadh's event starts %v, %v", s, err)
	}
}

// Occurrences counts a repeating event's dates in its zone: a weekly
// 18:00 in Berlin stays at 18:00 local across the change to summer time,
// and only dates that end after from are given.
func TestOccurrencesKeepTheLocalHour(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 3, 19, 18, 0, 0, 0, berlin)
	e := &wikicities.Event{TimeZone: "Europe/Berlin", Start: start, End: start.Add(2 * time.Hour), RRule: "FREQ=WEEKLY;COUNT=4"}
	got := eventfeed.Occurrences(e, start.Add(3*time.Hour), 10)
	if len(got) != 3 {
		t.Fatalf("%d dates after the first, want 3: %v", len(got), got)
	}
	for _, o := range got {
		if h := o.In(berlin).Hour(); h != 18 {
			t.Errorf("%v is at %d:00 in Berlin", o, h)
		}
	}
	if got[1].UTC().Hour() != 16 || got[0].UTC().Hour() != 17 {
		t.Errorf("UTC hours %d and %d, want 17 (winter) then 16 (summer)", got[0].UTC().Hour(), got[1].UTC().Hour())
	}
	if n := len(eventfeed.Occurrences(&wikicities.Event{Start: start, End: start.Add(time.Hour)}, start.Add(2*time.Hour), 5)); n != 0 {
		t.Errorf("a past single event has %d dates", n)
	}
	if n := len(eventfeed.Occurrences(&wikicities.Event{TimeZone: "UTC", Start: start, End: start.Add(time.Hour), RRule: "FREQ=DAILY"}, start, 7)); n != 7 {
		t.Errorf("an endless daily rule gave %d of 7 dates", n)
	}
}
