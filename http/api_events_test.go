package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mmcdole/gofeed"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// newEventAPI is the partnership API's world with Berlin (A) and Paris (B,
// C) twinned.
func newEventAPI(t *testing.T, db *store.DB) *partnershipAPI {
	a := newPartnershipAPI(t, db)
	x, y := min(a.w.Berlin, a.w.Paris), max(a.w.Berlin, a.w.Paris)
	if _, err := db.Exec(context.Background(), `INSERT INTO twin_links (a, b, source, created_at) VALUES (?, ?, 'manual', 0)`, x, y); err != nil {
		t.Fatal(err)
	}
	return a
}

func eventBody(a *partnershipAPI, capacity int, private bool, organisers ...wikicities.Party) map[string]any {
	start := a.db.Now().Add(7 * 24 * time.Hour)
	var orgs []map[string]any
	for _, o := range organisers {
		orgs = append(orgs, map[string]any{"id": o.ID})
	}
	reg := "public"
	if private {
		reg = "private"
	}
	return map[string]any{"title": "Wikidata <workshop>", "type": "workshop", "mode": "in_person", "time_zone": "Europe/Berlin",
		"start": start.Format(time.RFC3339), "end": start.Add(3 * time.Hour).Format(time.RFC3339), "city_id": a.w.Berlin,
		"address": "Tempelhofer Ufer 24", "organisers": orgs, "capacity": capacity, "waitlist": true, "registration": reg,
		"questions": []map[string]any{{"text": "First workshop?", "options": []string{"yes", "no"}}}}
}

// Who may do what through the API: only coordinators of the groups act for
// them; a private list and the answers never reach anyone else.
func TestEventAPIAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		var ev wikicities.Event
		a.must(201, "coordA", "POST", "/api/v1/events", eventBody(a, 5, true, a.w.A), "", &ev)
		a.must(201, "member", "POST", fmt.Sprintf("/api/v1/events/%d/registrations", ev.ID), map[string]any{"answers": []int{0}}, "", nil)
		base := fmt.Sprintf("/api/v1/events/%d", ev.ID)
		cases := []struct {
			method, path string
			body         any
			want         map[string]int // role: status
		}{
			{"POST", "/api/v1/events", eventBody(a, 5, false, a.w.A),
				map[string]int{"coordA": 201, "coordB": 403, "member": 403, "anonymous": 401, "readToken": 403, "admin": 201}},
			{"POST", "/api/v1/events", eventBody(a, 5, false, a.w.A, a.w.B),
				map[string]int{"coordA": 403, "coordB": 403, "admin": 201}},
			{"GET", base + "/registrations", nil,
				map[string]int{"coordA": 200, "coordB": 403, "member": 403, "anonymous": 401, "admin": 200}},
			{"GET", base + "/answers", nil,
				map[string]int{"coordA": 200, "coordB": 403, "member": 403, "anonymous": 401}},
			{"DELETE", fmt.Sprintf("%s/registrations/%d", base, a.w.Member.UserID), nil,
				map[string]int{"coordB": 403, "coordC": 403, "anonymous": 401, "readToken": 403}},
			{"POST", base + "/cancel", nil,
				map[string]int{"coordB": 403, "member": 403, "anonymous": 401, "readToken": 403}},
			{"GET", base, nil, map[string]int{"anonymous": 200, "member": 200}},
		}
		for _, c := range cases {
			for role, want := range c.want {
				if code, _, b := a.do(role, c.method, c.path, c.body, ""); code != want {
					t.Errorf("%s %s as %s: %d %s, want %d", c.method, c.path, role, code, b, want)
				}
			}
		}
		// The list a non-organiser may not see does not leak through the event either.
		_, _, b := a.do("member", "GET", base, nil, "")
		if strings.Contains(string(b), "max") || strings.Contains(string(b), `"answers"`) {
			t.Errorf("the event shows who registered: %s", b)
		}
	})
}

// The scenario through the API: a workshop with capacity 2, three
// people register (one waits), one cancels and the one waiting moves up;
// the calendars and the feed read back with independent parsers.
func TestEventAPIWaitlistAndFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		var c wikicities.Campaign
		a.must(201, "member", "POST", "/api/v1/campaigns", map[string]any{"name": "Wiki Loves Monuments", "wikidata": "Q1191622"}, "", &c)
		var ed wikicities.Edition
		a.must(201, "member", "POST", fmt.Sprintf("/api/v1/campaigns/%d/editions", c.ID),
			map[string]any{"year": 2026, "start": "2026-03-01T00:00:00Z", "end": "2026-03-31T00:00:00Z"}, "", &ed)
		for role, p := range map[string]wikicities.Party{"coordA": a.w.A, "coordB": a.w.B} {
			a.must(201, role, "POST", fmt.Sprintf("/api/v1/editions/%d/participants", ed.ID), map[string]any{"community": map[string]any{"id": p.ID}}, "", nil)
		}
		a.must(201, "coordA", "POST", fmt.Sprintf("/api/v1/editions/%d/twins", ed.ID),
			map[string]any{"a": map[string]any{"id": a.w.A.ID}, "b": map[string]any{"id": a.w.B.ID}, "goal": "100 monuments"}, "", nil)
		var view struct {
			Totals wikicities.CampaignTotals `json:"totals"`
		}
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/campaigns/%d", c.ID), nil, "", &view)
		if view.Totals.Groups != 2 || view.Totals.TwinPairs != 1 || len(view.Totals.Countries) != 2 {
			t.Errorf("totals %+v", view.Totals)
		}

		body := eventBody(a, 2, false, a.w.A)
		body["edition_id"] = ed.ID
		var ev wikicities.Event
		a.must(201, "coordA", "POST", "/api/v1/events", body, "", &ev)
		path := fmt.Sprintf("/api/v1/events/%d/registrations", ev.ID)
		states := map[string]string{}
		for _, role := range []string{"coordC", "member", "coordB"} {
			var r wikicities.Registration
			a.must(201, role, "POST", path, nil, "", &r)
			states[role] = string(r.State)
		}
		if states["coordC"] != "registered" || states["member"] != "registered" || states["coordB"] != "waitlisted" {
			t.Fatalf("states %v", states)
		}
		a.must(409, "coordB", "POST", path, nil, "", nil)
		var out struct {
			Promoted []wikicities.Registration `json:"promoted"`
		}
		a.must(200, "member", "DELETE", fmt.Sprintf("%s/%d", path, a.w.Member.UserID), nil, "", &out)
		if len(out.Promoted) != 1 || out.Promoted[0].UserID != a.w.CoordB.UserID {
			t.Fatalf("promoted %+v", out.Promoted)
		}

		for _, p := range []string{fmt.Sprintf("/events/%d/calendar.ics", ev.ID), fmt.Sprintf("/communities/%d/events.ics", a.w.A.ID),
			fmt.Sprintf("/cities/%d/events.ics", a.w.Berlin), fmt.Sprintf("/campaigns/%d/events.ics", c.ID)} {
			resp, err := http.Get(a.srv.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			cal, err := ics.ParseCalendar(resp.Body)
			resp.Body.Close()
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("%s: %d %v", p, resp.StatusCode, err)
			}
			var found bool
			for _, e := range cal.Events() {
				if s := e.GetProperty(ics.ComponentPropertySummary); s != nil && s.Value == "Wikidata <workshop>" {
					found = true
					if rel := e.GetProperty(ics.ComponentPropertyRelatedTo); rel == nil || !strings.HasPrefix(rel.Value, fmt.Sprintf("edition-%d@", ed.ID)) {
						t.Errorf("%s: RELATED-TO %v", p, rel)
					}
				}
			}
			if !found {
				t.Errorf("%s: the workshop is missing", p)
			}
		}
		resp, err := http.Get(a.srv.URL + "/events/feed.atom")
		if err != nil {
			t.Fatal(err)
		}
		feed, err := gofeed.NewParser().Parse(resp.Body)
		resp.Body.Close()
		if err != nil || len(feed.Items) != 1 || feed.Items[0].Title != "Wikidata <workshop>" {
			t.Fatalf("atom: %v %+v", err, feed)
		}
		resp, _ = http.Get(a.srv.URL + fmt.Sprintf("/api/v1/campaigns/%d?format=wikitext", c.ID))
		wiki := readAll(resp)
		resp.Body.Close()
		if !strings.Contains(wiki, "Wikimedians of Berlin") || !strings.HasPrefix(wiki, "{|") {
			t.Errorf("wikitext %s", wiki)
		}
	})
}

// A visit through the API: requested by the visitor, accepted by the host,
// done, and its report lands in the partnership's log; the delegation is
// hidden from everyone else.
func TestVisitAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		a.must(200, "coordB", "POST", fmt.Sprintf("/api/v1/partnerships/%d/accept", p.ID), nil, "", nil)
		start := a.db.Now().Add(48 * time.Hour).Truncate(24 * time.Hour)
		body := map[string]any{"visitor": map[string]any{"id": a.w.A.ID}, "host": map[string]any{"id": a.w.B.ID},
			"start": start.Format(time.RFC3339), "end": start.Add(48 * time.Hour).Format(time.RFC3339), "people": 5,
			"purpose": "Photo walk", "delegation": []string{"Anna", "Max"}}
		a.must(403, "coordB", "POST", "/api/v1/visits", body, "", nil)
		var v wikicities.Visit
		a.must(201, "coordA", "POST", "/api/v1/visits", body, "", &v)
		path := fmt.Sprintf("/api/v1/visits/%d", v.ID)
		var seen wikicities.Visit
		a.must(200, "member", "GET", path, nil, "", &seen)
		if seen.Delegation != nil {
			t.Errorf("a member sees the delegation %v", seen.Delegation)
		}
		a.must(403, "coordA", "POST", path+"/accept", nil, "", nil)
		a.must(403, "admin", "POST", path+"/accept", nil, "", nil)
		tag := a.must(200, "coordB", "POST", path+"/accept", map[string]any{"offer": map[string]any{"capacity": 10, "equipment": "projector"}}, "", nil)
		// The agenda is a list either side replaces: it names the version it
		// was based on, so that one side's change is not dropped by the
		// other's (without If-Match it was written over whatever was there).
		agenda := map[string]any{"events": []int64{}}
		a.must(403, "coordC", "PUT", path+"/agenda", agenda, "", nil)
		a.must(428, "coordA", "PUT", path+"/agenda", agenda, "", nil)
		a.must(200, "coordA", "PUT", path+"/agenda", agenda, tag, nil)
		a.must(412, "coordB", "PUT", path+"/agenda", agenda, tag, nil)
		a.must(409, "coordA", "POST", path+"/complete", nil, "", nil)
		a.advance(5 * 24 * time.Hour)
		a.must(412, "coordA", "POST", path+"/complete", nil, `"1"`, nil)
		a.must(200, "coordA", "POST", path+"/complete", nil, "", nil)
		a.must(403, "coordC", "POST", path+"/report", map[string]any{"report": "x"}, "", nil)
		a.must(200, "coordB", "POST", path+"/report", map[string]any{"report": "We met the archive."}, "", &v)
		var acts struct {
			Activities []wikicities.Activity `json:"activities"`
		}
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/partnerships/%d/activities", p.ID), nil, "", &acts)
		if len(acts.Activities) != 1 || acts.Activities[0].Kind != wikicities.ActivityVisit || acts.Activities[0].Notes != "We met the archive." {
			t.Fatalf("activities %+v", acts.Activities)
		}
	})
}

// An event dated year 0 or past 9999 is refused naming its fields: it was
// stored (year 0), or answered "internal error" (a date that UTC puts in
// year 10000, which JSON cannot write back).
func TestEventAPIRefusesImplausibleYearsNamingTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		for _, start := range []string{"0000-01-01T10:00:00Z", "9999-12-31T20:00:00-10:00"} {
			body := eventBody(a, 5, false, a.w.A)
			at, _ := time.Parse(time.RFC3339, start)
			body["start"], body["end"] = start, at.Add(3*time.Hour).Format(time.RFC3339)
			code, _, b := a.do("coordA", "POST", "/api/v1/events", body, "")
			if code != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"field": "start"`) || !strings.Contains(string(b), "is not a date from 2001 to 2100") {
				t.Errorf("start %s: %d %s, want 422 naming start", start, code, b)
			}
		}
	})
}
