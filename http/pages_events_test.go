package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// workshopForm is the event form of a workshop in Berlin in two weeks.
func workshopForm(organiser int64, capacity int) url.Values {
	start := time.Now().UTC().AddDate(0, 0, 14).Truncate(24 * time.Hour).Add(18 * time.Hour)
	return url.Values{"organisers": {fmt.Sprint(organiser)}, "title": {"Wikidata <b>workshop</b>"}, "type": {"workshop"},
		"mode": {"in_person"}, "language": {"de"}, "time_zone": {"Europe/Berlin"}, "start": {start.Format("2006-01-02T15:04")},
		"end": {start.Add(2 * time.Hour).Format("2006-01-02T15:04")}, "city": {"Berlin"}, "address": {"Tempelhofer Ufer 23"},
		"capacity": {fmt.Sprint(capacity)}, "waitlist": {"1"}, "registration": {"public"},
		"questions": {"Have you edited before? | Never | Sometimes | Often"}}
}

// An event is created through its form, three people register for its two
// places (the third waits), one cancels and the first waiting moves up,
// with an inbox item that opens the event's page. Each button shows only
// to whom it works.
func TestEventPagesRegistrationAndWaitlist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		if r := ps.get(t, ps.Member, "/events/new"); r.code != http.StatusForbidden {
			t.Errorf("a member who coordinates no group gets the event form: %d", r.code)
		}
		form := ps.get(t, ps.CoordA, fmt.Sprintf("/events/new?community=%d", ps.A.ID)).body
		mustContain(t, "the event form", form, `name="organisers"`, "Wikimedians of Berlin", `value="Berlin, DE"`)
		bad := workshopForm(ps.A.ID, 2)
		bad.Set("start", "tomorrow")
		if r := ps.post(t, ps.CoordA, "/events", bad); r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "is not a date and time") {
			t.Errorf("a bad start: %d", r.code)
		}
		id := location(t, ps.post(t, ps.CoordA, "/events", workshopForm(ps.A.ID, 2)), "/events/")
		page := fmt.Sprintf("/events/%d", id)

		anon := ps.get(t, nil, page).body
		// The language is named, not given as its code.
		mustContain(t, "the German page", ps.get(t, nil, page+"?uselang=de").body, "<dd>Deutsch</dd>")
		mustContain(t, "the anonymous page", anon, "<dd>German</dd>", "Wikidata &lt;b&gt;workshop&lt;/b&gt;", "(Europe/Berlin)", "0 of 2 places taken",
			"Sign in to register", page+"/calendar.ics", `<script type="application/ld+json">`)
		mustNotContain(t, "the anonymous page", anon, "<b>workshop</b>", page+"/register", "/edit")
		var ld map[string]any
		m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(anon)
		if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil || ld["@type"] != "Event" || ld["maximumAttendeeCapacity"] != 2.0 {
			t.Errorf("JSON-LD %v", m)
		}
		for _, a := range []*wikicities.Actor{ps.Member, ps.CoordB, ps.CoordC} {
			if !strings.Contains(ps.get(t, a, page).body, page+"/register") {
				t.Errorf("%s sees no register button", a.Username)
			}
			r := ps.post(t, a, page+"/register", url.Values{"q0": {"1"}})
			if r.code != http.StatusSeeOther {
				t.Fatalf("%s registers: %d %s", a.Username, r.code, r.body)
			}
		}
		mustContain(t, "the third person's page", ps.get(t, ps.CoordC, page+"?done=waitlisted").body, "you are on the waitlist",
			"Your registration: on the waitlist.", "You are number 1 on the waitlist.", page+"/unregister")
		mustNotContain(t, "the third person's page", ps.get(t, ps.CoordC, page).body, page+"/register")
		org := ps.get(t, ps.CoordA, page).body
		mustContain(t, "the organiser's page", org, "2 of 2 places taken", "1 person waiting", "For the organisers", page+"/edit",
			"Have you edited before?", "(3 answers)", "Sometimes: 3")
		mustNotContain(t, "a participant's page", ps.get(t, ps.Member, page).body, "For the organisers", "Sometimes: 3")

		if r := ps.post(t, ps.CoordB, page+"/unregister", url.Values{}); r.code != http.StatusSeeOther {
			t.Fatalf("cancelling: %d", r.code)
		}
		mustContain(t, "the promoted person's page", ps.get(t, ps.CoordC, page).body, "Your registration: registered.")
		inbox := ps.get(t, ps.CoordC, "/inbox").body
		mustContain(t, "the promoted person's inbox", inbox, `href="`+page+`"`, "A place came free")
		mustNotContain(t, "the promoted person's inbox", inbox, "/api/v1/events")

		// A stale edit keeps what was typed and says the event changed.
		edit := workshopForm(ps.A.ID, 3)
		edit.Set("version", "1")
		edit.Set("title", "Wikidata workshop, bigger room")
		if r := ps.post(t, ps.CoordB, page+"/edit", edit); r.code != http.StatusForbidden {
			t.Errorf("a non-organiser edits: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, page+"/edit", edit); r.code != http.StatusSeeOther {
			t.Fatalf("editing: %d %s", r.code, r.body)
		}
		mustContain(t, "the edited page", ps.get(t, nil, page).body, "Wikidata workshop, bigger room", "2 of 3 places taken")
		if r := ps.post(t, ps.CoordA, page+"/edit", edit); r.code != http.StatusConflict || !strings.Contains(r.body, "bigger room") {
			t.Errorf("a stale edit: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, page+"/cancel", url.Values{"version": {"2"}}); r.code != http.StatusSeeOther {
			t.Errorf("cancelling the event: %d %s", r.code, r.body)
		}
		mustContain(t, "the cancelled page", ps.get(t, ps.Member, page).body, "cancelled")
		mustNotContain(t, "the cancelled page", ps.get(t, ps.CoordA, page).body, page+"/cancel\"")
	})
}

// The events list filters by type, place (a city and its twins, or the
// reader's groups' cities and their twins) and campaign, and shows each
// date of a repeating event.
// An event form with its time zone emptied says the field is required, in
// the reader's language, where it said '"" is not a time zone such as
// Europe/Berlin'.
func TestEventFormSaysAnEmptyTimeZoneIsRequired(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	form := workshopForm(ps.A.ID, 2)
	form.Set("time_zone", "")
	r := ps.post(t, ps.CoordA, "/events?uselang=de", form)
	if r.code != http.StatusUnprocessableEntity {
		t.Fatalf("no time zone: %d, want 422", r.code)
	}
	mustContain(t, "the refused event", r.body, `id="f-time_zone-error"`, "Dieses Feld ist erforderlich.")
	mustNotContain(t, "the refused event", r.body, "„“ ist keine Zeitzone")
}

func TestEventsListFiltersAndRepeats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		weekly := workshopForm(ps.A.ID, 0)
		weekly.Set("title", "Weekly edit-a-thon")
		weekly.Set("type", "editathon")
		weekly.Set("repeat", "WEEKLY")
		weekly.Set("count", "3")
		location(t, ps.post(t, ps.CoordA, "/events", weekly), "/events/")
		online := workshopForm(ps.B.ID, 10)
		online.Set("title", "Online training")
		online.Set("type", "training")
		online.Set("mode", "online")
		online.Set("online_url", "https://meet.example.org/t")
		online.Del("city")
		online.Del("address")
		location(t, ps.post(t, ps.CoordB, "/events", online), "/events/")

		all := ps.get(t, nil, "/events").body
		if n := strings.Count(all, "Weekly edit-a-thon"); n != 3 {
			t.Errorf("the weekly event shows %d times, want its 3 dates", n)
		}
		mustContain(t, "the list", all, "Online training", "4 dates to come")
		mustContain(t, "type=training", ps.get(t, nil, "/events?type=training").body, "Online training")
		mustNotContain(t, "type=training", ps.get(t, nil, "/events?type=training").body, "Weekly edit-a-thon")
		mustNotContain(t, "mode=online", ps.get(t, nil, "/events?mode=online").body, "Weekly edit-a-thon")
		near := ps.get(t, nil, fmt.Sprintf("/events?near=%d", ps.Paris)).body
		mustContain(t, "near Paris (Berlin is its twin)", near, "Events in Paris and its twin cities", "Weekly edit-a-thon")
		mustNotContain(t, "anonymous", near, `name="mine"`)
		mustContain(t, "a coordinator's list", ps.get(t, ps.CoordB, "/events").body, `name="mine"`, "Create an event for Wikimedia Paris")
		mustContain(t, "Berlin's page", ps.get(t, nil, fmt.Sprintf("/cities/%d", ps.Berlin)).body, "Events here and in the twin cities", "Weekly edit-a-thon")
		mustContain(t, "the group's page", ps.get(t, ps.CoordA, fmt.Sprintf("/communities/%d", ps.A.ID)).body,
			"Weekly edit-a-thon", "/events/new?community=", fmt.Sprintf("/visits/new?visitor=%d", ps.A.ID))
		mustNotContain(t, "another's view of the group", ps.get(t, ps.CoordB, fmt.Sprintf("/communities/%d", ps.A.ID)).body,
			"/events/new?community=", "/visits/new?visitor=")
		// The list names an event's city in the reader's language.
		ps.s.Graph.City(ps.Berlin).Names = map[string]string{"ar": "برلين"}
		mustContain(t, "the list in Arabic", ps.get(t, nil, "/events?uselang=ar").body, "<bdi>برلين</bdi>")
	})
}

// A campaign's owner adds an edition; two groups of twin cities take part
// and run it together; the page counts each group and pair once.
func TestCampaignPagesTwinEdition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		if r := ps.get(t, nil, "/campaigns/new"); r.code != http.StatusSeeOther {
			t.Errorf("anonymous campaign form: %d", r.code)
		}
		cid := location(t, ps.post(t, ps.Member, "/campaigns", url.Values{"name": {"Wiki Loves Monuments"}, "wikidata": {"Q1726"}}), "/campaigns/")
		page := fmt.Sprintf("/campaigns/%d", cid)
		if r := ps.post(t, ps.CoordA, page+"/editions", url.Values{"year": {"2026"}, "start": {"2026-09-01"}, "end": {"2026-09-30"}}); r.code != http.StatusForbidden {
			t.Errorf("a non-owner adds an edition: %d", r.code)
		}
		r := ps.post(t, ps.Member, page+"/editions", url.Values{"year": {"2026"}, "start": {"2026-09-01"}, "end": {"2026-09-30"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("adding an edition: %d %s", r.code, r.body)
		}
		eds, err := db.Campaigns().Editions(context.Background(), cid)
		if err != nil || len(eds) != 1 {
			t.Fatal(eds, err)
		}
		ed := eds[0].ID
		mustContain(t, "the owner's page", ps.get(t, ps.Member, page).body, page+"/editions/new", page+"/edit")
		mustNotContain(t, "anonymous page", ps.get(t, nil, page).body, page+"/editions/new", "/join")
		mustContain(t, "a coordinator's page", ps.get(t, ps.CoordA, page).body, fmt.Sprintf("/editions/%d/join", ed), `value="DE"`)
		for _, x := range []struct {
			a    *wikicities.Actor
			comm int64
		}{{ps.CoordA, ps.A.ID}, {ps.CoordB, ps.B.ID}} {
			if r := ps.post(t, x.a, fmt.Sprintf("/editions/%d/join", ed), url.Values{"community": {fmt.Sprint(x.comm)}, "country": {""}}); r.code != http.StatusSeeOther {
				t.Fatalf("%s joins: %d %s", x.a.Username, r.code, r.body)
			}
		}
		if r := ps.post(t, ps.CoordA, fmt.Sprintf("/editions/%d/join", ed), url.Values{"community": {fmt.Sprint(ps.A.ID)}}); r.code != http.StatusConflict {
			t.Errorf("joining twice: %d", r.code)
		}
		withTwin := ps.get(t, ps.CoordA, page).body
		mustContain(t, "the twin form", withTwin, fmt.Sprintf("/editions/%d/twins", ed), "Wikimedia Paris")
		r = ps.post(t, ps.CoordA, fmt.Sprintf("/editions/%d/twins", ed), url.Values{"community": {fmt.Sprint(ps.A.ID)},
			"partner": {fmt.Sprint(ps.B.ID)}, "goal": {"Photograph 50 monuments of both cities"}, "worklist": {"Brandenburger Tor\nTour Eiffel"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("twinning: %d %s", r.code, r.body)
		}
		got := ps.get(t, nil, page).body
		mustContain(t, "the campaign page", got, "2 countries", "2 groups", "1 twin pair", "Photograph 50 monuments", "Worklist (2 items)")
		mustContain(t, "the host group's page", ps.get(t, nil, fmt.Sprintf("/communities/%d", ps.B.ID)).body, "Wiki Loves Monuments 2026", "Photograph 50 monuments")
		mustContain(t, "the list", ps.get(t, nil, "/campaigns").body, "Wiki Loves Monuments", "1 twin pair")
		// The owner edits the campaign; a stale edit says so.
		r = ps.post(t, ps.Member, page+"/edit", url.Values{"name": {"Wiki Loves Monuments"}, "description": {"Photograph heritage"}, "version": {"1"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("editing: %d %s", r.code, r.body)
		}
		if r := ps.post(t, ps.Member, page+"/edit", url.Values{"name": {"WLM"}, "version": {"1"}}); r.code != http.StatusConflict {
			t.Errorf("a stale edit: %d", r.code)
		}
		if r := ps.get(t, ps.CoordA, page+"/edit"); r.code != http.StatusForbidden {
			t.Errorf("a non-owner's edit form: %d", r.code)
		}
	})
}

// The event form's address, opened by someone who coordinates no group,
// says who creates events and where to begin, in their language, instead
// of a bare "not allowed"; it still offers no form.
func TestEventFormWithoutAGroupSaysWhereToBegin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		r := ps.get(t, ps.Member, "/events/new")
		if r.code != http.StatusForbidden {
			t.Errorf("status %d, want 403", r.code)
		}
		mustContain(t, "the page", r.body, "<h1>Create an event</h1>", "A group&#39;s coordinators create its events.", `href="/communities"`, `href="/communities/new"`)
		mustNotContain(t, "the page", r.body, `action="/events"`, "Not allowed")
		mustContain(t, "the page in Arabic", ps.get(t, ps.Member, "/events/new?uselang=ar").body, "ينشئ منسقو المجموعة فعالياتها.")
	})
}

// Under an edition that has not ended, a reader who coordinates no group
// is told who signs a group up and where to begin (sign in, or find their
// group), in their language; a coordinator gets the form instead, and an
// ended edition asks nobody to join.
func TestCampaignEditionSaysHowAGroupTakesPart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		cid := location(t, ps.post(t, ps.Member, "/campaigns", url.Values{"name": {"Wiki Loves Earth"}}), "/campaigns/")
		page := fmt.Sprintf("/campaigns/%d", cid)
		start := time.Now().UTC().AddDate(0, 0, 10)
		if r := ps.post(t, ps.Member, page+"/editions", url.Values{"year": {fmt.Sprint(start.Year())}, "start": {start.Format(time.DateOnly)},
			"end": {start.AddDate(0, 1, 0).Format(time.DateOnly)}}); r.code != http.StatusSeeOther {
			t.Fatalf("adding an edition: %d %s", r.code, r.body)
		}
		anon := ps.get(t, nil, page).body
		mustContain(t, "the page signed out", anon, "A group takes part through one of its coordinators", `href="/auth/signin?returnto=%2Fcampaigns%2F`, "Sign in to sign your group up")
		member := ps.get(t, ps.Member, page+"?uselang=de").body
		mustContain(t, "the page for someone without a group, in German", member, "Eine Gruppe nimmt über eine ihrer Koordinator*innen teil", `<a href="/communities">Deine Gruppe im Verzeichnis finden`)
		coord := ps.get(t, ps.CoordA, page).body
		mustContain(t, "a coordinator's page", coord, "/join")
		mustNotContain(t, "a coordinator's page", coord, "A group takes part through one of its coordinators")

		past := location(t, ps.post(t, ps.Member, "/campaigns", url.Values{"name": {"Wiki Loves Folklore"}}), "/campaigns/")
		if r := ps.post(t, ps.Member, fmt.Sprintf("/campaigns/%d/editions", past), url.Values{"year": {"2020"}, "start": {"2020-02-01"}, "end": {"2020-02-29"}}); r.code != http.StatusSeeOther {
			t.Fatalf("adding a past edition: %d %s", r.code, r.body)
		}
		mustNotContain(t, "an ended edition", ps.get(t, nil, fmt.Sprintf("/campaigns/%d", past)).body, "A group takes part through one of its coordinators")
	})
}

// The visit form opened without a group (a shared or typed address) is a
// page the reader can use, in their language: a coordinator of one group
// gets that group's form, of several is asked which travels (keeping the
// host), and someone who coordinates none is told who can ask and where
// to begin, instead of an error page.
func TestVisitFormWithoutAGroup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		one := ps.get(t, ps.CoordA, "/visits/new")
		if one.code != http.StatusOK {
			t.Fatalf("a coordinator of one group: %d", one.code)
		}
		mustContain(t, "the one group's form", one.body, `name="visitor" value="`+fmt.Sprint(ps.A.ID)+`"`, "Wikimedia Paris (Paris)")
		two := *ps.CoordA
		two.Coordinates = append(two.Coordinates, ps.C.Ref())
		r := ps.get(t, &two, fmt.Sprintf("/visits/new?host=%d", ps.B.ID))
		if r.code != http.StatusOK {
			t.Fatalf("a coordinator of two groups: %d", r.code)
		}
		mustContain(t, "the choice", r.body, `action="/visits/new" method="get"`, `name="visitor"`,
			fmt.Sprintf(`<option value="%d">Wikimedians of Berlin</option>`, ps.A.ID), fmt.Sprintf(`<option value="%d">Paris Photo Walkers</option>`, ps.C.ID),
			fmt.Sprintf(`name="host" value="%d"`, ps.B.ID))
		none := ps.get(t, ps.Member, "/visits/new?uselang=de")
		if none.code != http.StatusOK {
			t.Fatalf("someone who coordinates no group: %d", none.code)
		}
		mustContain(t, "the page for someone without a group", none.body, "Du koordinierst auf WikiCities noch keine Gruppe", `href="/communities"`, `href="/communities/new"`)
		mustNotContain(t, "the page for someone without a group", none.body, `action="/visits"`)
		if r := ps.get(t, nil, "/visits/new"); r.code != http.StatusSeeOther {
			t.Errorf("signed out: %d, want the sign-in page", r.code)
		}
	})
}

// A group asks a group of a twin city to host a visit; the host accepts
// with its offer; the visit is done and its report lands in the
// partnership's log. The delegation list stays between the two groups.
func TestVisitPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		partnership := ps.accepted(t)
		form := ps.get(t, ps.CoordA, fmt.Sprintf("/visits/new?visitor=%d", ps.A.ID)).body
		mustContain(t, "the visit form", form, "Wikimedia Paris (Paris)", "Paris Photo Walkers (Paris)")
		if r := ps.get(t, ps.CoordB, fmt.Sprintf("/visits/new?visitor=%d", ps.A.ID)); r.code != http.StatusForbidden {
			t.Errorf("another group's coordinator asks on its behalf: %d", r.code)
		}
		yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
		id := location(t, ps.post(t, ps.CoordA, "/visits", url.Values{"visitor": {fmt.Sprint(ps.A.ID)}, "host": {fmt.Sprint(ps.B.ID)},
			"start": {yesterday}, "end": {yesterday}, "people": {"4"}, "purpose": {"Learn how Paris runs its photo walks"},
			"delegation": {"Anna Example\nJonas Beispiel"}}), "/visits/")
		page := fmt.Sprintf("/visits/%d", id)
		mustNotContain(t, "the anonymous page", ps.get(t, nil, page).body, "Jonas Beispiel", "/answer")
		mustContain(t, "the visitor's page", ps.get(t, ps.CoordA, page).body, "Jonas Beispiel", "Cancel the visit")
		mustNotContain(t, "the visitor's page", ps.get(t, ps.CoordA, page).body, "Accept the visit")
		inbox := ps.get(t, ps.CoordB, "/inbox").body
		mustContain(t, "the host's inbox", inbox, `href="`+page+`"`)
		mustContain(t, "the host's page", ps.get(t, ps.CoordB, page).body, "Accept the visit", "Jonas Beispiel")
		r := ps.post(t, ps.CoordB, page+"/answer", url.Values{"action": {"accept"}, "version": {"1"}, "capacity": {"12"},
			"equipment": {"projector, 6 laptops"}, "access": {"step-free"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("accepting: %d %s", r.code, r.body)
		}
		if r := ps.post(t, ps.CoordB, page+"/answer", url.Values{"action": {"accept"}, "version": {"1"}}); r.code != http.StatusConflict {
			t.Errorf("a stale accept: %d", r.code)
		}
		mustContain(t, "the accepted page", ps.get(t, nil, page).body, "room for 12 people", "projector, 6 laptops", "accepted")
		if r := ps.post(t, ps.CoordA, page+"/answer", url.Values{"action": {"complete"}, "version": {"2"}}); r.code != http.StatusSeeOther {
			t.Fatalf("completing: %d %s", r.code, r.body)
		}
		mustContain(t, "the done page", ps.get(t, ps.CoordB, page).body, page+"/report")
		if r := ps.post(t, ps.CoordA, page+"/report", url.Values{"report": {"Four of us joined two photo walks."}, "version": {"3"}}); r.code != http.StatusSeeOther {
			t.Fatalf("reporting: %d %s", r.code, r.body)
		}
		mustContain(t, "the partnership's log", ps.get(t, nil, fmt.Sprintf("/partnerships/%d", partnership)).body, "Four of us joined two photo walks.")
		mustNotContain(t, "the reported page", ps.get(t, ps.CoordA, page).body, page+"/report\"")
	})
}
