package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// getICS fetches a community's calendar, fails unless it is 200, and returns
// its text and its parse by golang-ical.
func getICS(t *testing.T, a *partnershipAPI, community int64) (string, *ics.Calendar) {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("%s/communities/%d/activities.ics", a.srv.URL, community))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("calendar of community %d: %d %s", community, resp.StatusCode, b)
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("calendar does not parse: %v\n%s", err, b)
	}
	return string(b), cal
}

// A community with nothing in the window has an empty calendar, not a 500;
// text typed in a browser's text box (CR LF line ends) is carried as lines;
// SEQUENCE is an INTEGER, as RFC 5545 types it.
func TestCalendarEmptyAndMultiLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		text, cal := getICS(t, a, a.w.C.ID)
		if len(cal.Events()) != 0 || !strings.Contains(text, "X-WR-CALNAME:WikiCities: activities of Paris Photo Walkers") {
			t.Errorf("empty calendar: %d events\n%s", len(cal.Events()), text)
		}
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		a.must(201, "coordA", "POST", path+"/activities", map[string]any{"kind": "workshop", "title": "Scanning day",
			"start": a.now.Add(48 * time.Hour).Format(time.RFC3339), "place": "Archives\r\nRoom 2",
			"notes": "Bring:\r\n- scanners\r\n- coffee\rand cake"}, "", nil)
		text, cal = getICS(t, a, a.w.A.ID)
		evs := cal.Events()
		if len(evs) != 1 {
			t.Fatalf("%d events, want 1\n%s", len(evs), text)
		}
		desc := evs[0].GetProperty(ics.ComponentPropertyDescription).Value
		if strings.Contains(desc, "\r") || !strings.Contains(desc, "Bring:\n- scanners\n- coffee\nand cake") {
			t.Errorf("description %q", desc)
		}
		if strings.Contains(text, "SEQUENCE;VALUE=TEXT") || !strings.Contains(text, "\r\nSEQUENCE:0\r\n") {
			t.Errorf("SEQUENCE not an integer:\n%s", text)
		}
	})
}

// An activity's title is one line, like a name, and its dates lie at most
// two years ahead; the API names the field.
func TestActivityTitleOneLineAndDatesBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"kind": "workshop", "title": "Two\nlines", "start": "2026-03-01T10:00:00Z"}, `"title"`},
			{map[string]any{"kind": "workshop", "title": "CR\rtitle", "start": "2026-03-01T10:00:00Z"}, `"title"`},
			{map[string]any{"kind": "workshop", "title": "Far", "start": "9999-12-31T10:00:00Z"}, `"start"`},
			{map[string]any{"kind": "workshop", "title": "Far end", "start": "2026-03-01T10:00:00Z", "end": "2031-01-01T00:00:00Z"}, `"end"`},
		} {
			code, _, b := a.do("coordA", "POST", path+"/activities", c.body, "")
			if code != http.StatusUnprocessableEntity || !strings.Contains(string(b), c.field) {
				t.Errorf("%v: %d %s, want 422 naming %s", c.body, code, b, c.field)
			}
		}
		if code, _, b := a.do("coordA", "POST", path+"/activities", map[string]any{"kind": "workshop", "title": "Next year",
			"start": a.now.AddDate(1, 0, 0).Format(time.RFC3339)}, ""); code != 201 {
			t.Errorf("an activity a year ahead: %d %s", code, b)
		}
	})
}

// rawDo sends a request with a raw body as role and returns the status,
// the Content-Type and the body.
func rawDo(t *testing.T, a *partnershipAPI, role, method, path, body string, header map[string]string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	req.Header.Set(testActorHeader, role)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// A JSON body is one value: anything after it (a second value, garbage)
// is refused with 400, and nothing is written.
func TestJSONBodyIsOneValue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d/responsibilities", p.ID)
		one := `{"owner": "a", "description": "Scan"}`
		for _, body := range []string{one + `{"owner": "b", "description": "More"}`, one + " trailing", one + "]", `{"owner": "a", "description": "x"`} {
			code, ct, b := rawDo(t, a, "coordA", "POST", path, body, map[string]string{"Content-Type": "application/json"})
			if code != http.StatusBadRequest || !strings.HasPrefix(ct, "application/json") || !strings.Contains(b, `"body"`) {
				t.Errorf("%q: %d %s %s, want 400 naming body", body, code, ct, b)
			}
		}
		if code, _, b := rawDo(t, a, "coordA", "POST", path, one+" \n\t", nil); code != 201 {
			t.Errorf("one value and white space: %d %s", code, b)
		}
		var got struct{ Responsibilities []any }
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/partnerships/%d", p.ID), nil, "", &got)
		if len(got.Responsibilities) != 1 {
			t.Errorf("%d responsibilities, want only the one well-formed", len(got.Responsibilities))
		}
	})
}

// Who may act is decided before anything else: 403 before 428 and 409, and
// 404 (not 403) for records that do not exist. Unknown API routes and
// methods answer the JSON error; weak ETags never match; a NaN box is refused.
func TestStatusOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		var act struct{ ID int64 }
		a.must(201, "coordA", "POST", path+"/activities", map[string]any{"kind": "workshop", "title": "W", "start": "2026-03-01T10:00:00Z"}, "", &act)
		resource := map[string]any{"title": "Edit-a-thon toolkit", "link": "https://meta.wikimedia.org/wiki/Edit-a-thon", "format": "toolkit"}
		var res struct{ ID int64 }
		a.must(201, "member", "POST", "/api/v1/training/resources", resource, "", &res)
		cases := []struct {
			name, role, method, path string
			body                     any
			ifMatch                  string
			want                     int
		}{
			{"agreement by a non-party without If-Match", "member", "PUT", path + "/agreement", map[string]any{"goals": []string{"x"}}, "", 403},
			{"agreement by a party without If-Match", "coordA", "PUT", path + "/agreement", map[string]any{"goals": []string{"x"}}, "", 428},
			{"activity by a non-party without If-Match", "coordC", "PUT", fmt.Sprintf("%s/activities/%d", path, act.ID), map[string]any{"kind": "workshop", "title": "W", "start": "2026-03-01T10:00:00Z"}, "", 403},
			{"delete activity by a non-party without If-Match", "member", "DELETE", fmt.Sprintf("%s/activities/%d", path, act.ID), nil, "", 403},
			{"renew an active partnership by a non-party", "coordC", "POST", path + "/renew", nil, "", 403},
			{"renew an active partnership by a party", "coordB", "POST", path + "/renew", nil, "", 409},
			{"update a community that does not exist", "coordA", "PUT", "/api/v1/communities/999999", map[string]any{"kind": "user_group", "name": "X", "city_id": a.w.Berlin}, `"1"`, 404},
			{"delete a community that does not exist", "coordA", "DELETE", "/api/v1/communities/999999", nil, "", 404},
			{"delete an institution that does not exist", "member", "DELETE", "/api/v1/institutions/999999", nil, "", 404},
			{"update a community by a non-coordinator without If-Match", "member", "PUT", fmt.Sprintf("/api/v1/communities/%d", a.w.A.ID), map[string]any{"kind": "user_group", "name": "X", "city_id": a.w.Berlin}, "", 403},
			{"weak ETag", "coordA", "PUT", path + "/agreement", map[string]any{"goals": []string{"x"}}, `W/"2"`, 412},
			{"a resource by someone else than who added it without If-Match", "coordB", "PUT", fmt.Sprintf("/api/v1/training/resources/%d", res.ID), resource, "", 403},
			{"a resource by who added it without If-Match", "member", "PUT", fmt.Sprintf("/api/v1/training/resources/%d", res.ID), resource, "", 428},
		}
		for _, c := range cases {
			if code, _, b := a.do(c.role, c.method, c.path, c.body, c.ifMatch); code != c.want {
				t.Errorf("%s: %d %s, want %d", c.name, code, b, c.want)
			}
		}
		for _, c := range []struct {
			method, path string
			want         int
		}{{"PATCH", "/api/v1/communities", 405}, {"DELETE", "/api/v1/openapi.json", 405}, {"GET", "/api/v1/no-such-thing", 404}} {
			code, ct, b := rawDo(t, a, "coordA", c.method, c.path, "", nil)
			var e struct{ Error string }
			if code != c.want || !strings.HasPrefix(ct, "application/json") || json.Unmarshal([]byte(b), &e) != nil || e.Error == "" {
				t.Errorf("%s %s: %d %s %s, want %d with the JSON error", c.method, c.path, code, ct, b, c.want)
			}
			if c.want == 405 && !strings.Contains(e.Error, "allowed: GET") {
				t.Errorf("%s %s: %q does not name the allowed methods", c.method, c.path, e.Error)
			}
		}
		for _, box := range []string{"NaN,0,10,10", "0,NaN,10,10", "0,0,10,NaN", "Inf,0,10,10"} {
			if code, _, b := rawDo(t, a, "anonymous", "GET", "/map/cities.geojson?bbox="+box, "", nil); code < 400 || code >= 500 {
				t.Errorf("bbox=%s: %d %s, want a 4xx", box, code, b)
			}
		}
	})
}

// A request whose client went away is not a server error: it is logged at
// Info, never at Error.
// Who may write is decided before the body is read: an anonymous client
// hears 401 and a read-only token 403, whatever it sent. Fourteen routes
// read the body first and answered 400 for it, so a client fixed its JSON
// only to be told it was not signed in.
func TestWriteAccessIsCheckedBeforeTheBody(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		for _, route := range []string{"POST /api/v1/clubs", "PUT /api/v1/clubs/1", "POST /api/v1/communities", "PUT /api/v1/communities/1",
			"POST /api/v1/institutions", "PUT /api/v1/institutions/1", "POST /api/v1/skills", "POST /api/v1/requests",
			"POST /api/v1/requests/1/answers", "POST /api/v1/training/resources", "PUT /api/v1/training/resources/1",
			"PUT /api/v1/capacities/person/1", "POST /api/v1/mentorships", "POST /api/v1/mentorships/1/transitions",
			"POST /api/v1/mentorships/1/check-ins"} {
			method, path, _ := strings.Cut(route, " ")
			for role, want := range map[string]int{"anonymous": http.StatusUnauthorized, "readToken": http.StatusForbidden} {
				if code, _, b := rawDo(t, a, role, method, path, `{bad`, map[string]string{"Content-Type": "application/json"}); code != want {
					t.Errorf("%s as %s with a bad body: %d %s, want %d", route, role, code, b, want)
				}
			}
		}
	})
}

func TestClientGoneIsNotLoggedAsError(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newServer(db, twins.New(nil, nil))
	var logs bytes.Buffer
	s.Log = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, path := range []string{"/api/v1/communities?q=x", "/api/v1/partnerships", "/communities/1"} {
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil).WithContext(ctx))
	}
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("a canceled request logged at ERROR:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "client went away") {
		t.Errorf("the canceled requests were not logged at all:\n%s", logs.String())
	}
}
