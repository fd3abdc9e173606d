package http_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// An event is edited through the API at the version its ETag named: the
// edit that comes second with the same version is refused (412) and the
// first stays; no version at all is 428; a larger capacity moves the
// person waiting up; only organisers edit.
func TestEventAPIEditDetectsConcurrentEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		var ev wikicities.Event
		a.must(201, "coordA", "POST", "/api/v1/events", eventBody(a, 1, false, a.w.A), "", &ev)
		path := fmt.Sprintf("/api/v1/events/%d", ev.ID)
		for _, role := range []string{"member", "coordB"} {
			a.must(201, role, "POST", path+"/registrations", map[string]any{"answers": []int{0}}, "", nil)
		}
		tag := a.must(200, "anonymous", "GET", path, nil, "", nil)
		if tag != `"1"` {
			t.Fatalf("ETag %s, want \"1\"", tag)
		}

		first := eventBody(a, 2, false, a.w.A)
		first["title"] = "Wikidata workshop, second floor"
		var got wikicities.Event
		if tag := a.must(200, "coordA", "PUT", path, first, `"1"`, &got); tag != `"2"` {
			t.Errorf("ETag after the edit %s, want \"2\"", tag)
		}
		if got.Title != "Wikidata workshop, second floor" || got.Capacity != 2 || got.Registered != 2 || got.Waitlisted != 0 ||
			len(got.Organisers) != 1 || got.Organisers[0].ID != a.w.A.ID || got.Status != wikicities.EventScheduled {
			t.Errorf("after the edit: %+v", got)
		}

		second := eventBody(a, 2, false, a.w.A)
		second["title"] = "Wikidata workshop, ground floor"
		if code, _, b := a.do("coordA", "PUT", path, second, `"1"`); code != http.StatusPreconditionFailed {
			t.Errorf("an edit at a stale version: %d %s, want 412", code, b)
		}
		second["version"] = 1
		if code, _, b := a.do("coordA", "PUT", path, second, ""); code != http.StatusPreconditionFailed {
			t.Errorf("an edit at a stale version field: %d %s, want 412", code, b)
		}
		delete(second, "version")
		if code, _, b := a.do("coordA", "PUT", path, second, ""); code != http.StatusPreconditionRequired {
			t.Errorf("an edit naming no version: %d %s, want 428", code, b)
		}
		a.must(200, "anonymous", "GET", path, nil, "", &got)
		if got.Title != "Wikidata workshop, second floor" || got.Version != 2 {
			t.Errorf("a refused edit changed the event: %q version %d", got.Title, got.Version)
		}

		second["version"] = 2
		a.must(200, "coordA", "PUT", path, second, "", &got)
		if got.Title != "Wikidata workshop, ground floor" || got.Version != 3 {
			t.Errorf("an edit at the current version field: %q version %d", got.Title, got.Version)
		}
		delete(second, "version")
		bad := eventBody(a, 1, false, a.w.A)
		if code, _, b := a.do("coordA", "PUT", path, bad, `"3"`); code != http.StatusUnprocessableEntity || !strings.Contains(string(b), "capacity") {
			t.Errorf("a capacity below the people registered: %d %s, want 422 naming capacity", code, b)
		}
		for role, want := range map[string]int{"coordB": 403, "member": 403, "readToken": 403, "anonymous": 401} {
			if code, _, b := a.do(role, "PUT", path, second, `"3"`); code != want {
				t.Errorf("PUT as %s: %d %s, want %d", role, code, b, want)
			}
		}
		a.must(200, "coordA", "POST", path+"/cancel", nil, `"3"`, nil)
		if code, _, b := a.do("coordA", "PUT", path, second, `"4"`); code != http.StatusConflict {
			t.Errorf("editing a cancelled event: %d %s, want 409", code, b)
		}
	})
}

// A campaign is edited by its owner through the API, at the version its
// ETag named; a second edit at the same version is refused.
func TestCampaignAPIEditDetectsConcurrentEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db)
		var c wikicities.Campaign
		a.must(201, "member", "POST", "/api/v1/campaigns", map[string]any{"name": "Wiki Loves Monuments"}, "", &c)
		path := fmt.Sprintf("/api/v1/campaigns/%d", c.ID)
		tag := a.must(200, "anonymous", "GET", path, nil, "", nil)
		if tag != `"1"` {
			t.Fatalf("ETag %s, want \"1\"", tag)
		}
		edit := map[string]any{"name": "Wiki Loves Monuments", "wikidata": "Q1191622", "description": "Photograph <monuments>"}
		var got wikicities.Campaign
		if tag := a.must(200, "member", "PUT", path, edit, tag, &got); tag != `"2"` || got.Wikidata != "Q1191622" ||
			got.Description != "Photograph <monuments>" || got.OwnerID != a.w.Member.UserID {
			t.Errorf("after the edit: %s %+v", tag, got)
		}
		edit["name"] = "Wiki Loves Earth"
		if code, _, b := a.do("member", "PUT", path, edit, `"1"`); code != http.StatusPreconditionFailed {
			t.Errorf("an edit at a stale version: %d %s, want 412", code, b)
		}
		if code, _, b := a.do("member", "PUT", path, edit, ""); code != http.StatusPreconditionRequired {
			t.Errorf("an edit naming no version: %d %s, want 428", code, b)
		}
		if code, _, b := a.do("member", "PUT", path, map[string]any{"name": ""}, `"2"`); code != http.StatusUnprocessableEntity || !strings.Contains(string(b), "name") {
			t.Errorf("an empty name: %d %s, want 422 naming name", code, b)
		}
		for role, want := range map[string]int{"coordA": 403, "readToken": 403, "anonymous": 401} {
			if code, _, b := a.do(role, "PUT", path, edit, `"2"`); code != want {
				t.Errorf("PUT as %s: %d %s, want %d", role, code, b, want)
			}
		}
		a.must(200, "admin", "PUT", path, edit, `"2"`, &got)
		if got.Name != "Wiki Loves Earth" || got.Version != 3 {
			t.Errorf("the admin's edit: %+v", got)
		}
	})
}

func init() {
	authzCases["PUT /api/v1/events/{id}"] = func(f *authzFixture, r role) authzCase {
		c := f.Party(wikicities.PartyCommunity)
		e := f.event(c)
		body := onlineEventBody(c.ID)
		body["title"] = "Matrix workshop, moved"
		return authzCase{Path: fmt.Sprintf("/api/v1/events/%d", e.ID), Record: &c, Body: body,
			Header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, e.Version)}, Allow: []role{coordinator, admin}, OK: http.StatusOK}
	}
	// The campaign's owner is the member account.
	authzCases["PUT /api/v1/campaigns/{id}"] = func(f *authzFixture, r role) authzCase {
		c, _ := f.edition()
		return authzCase{Path: fmt.Sprintf("/api/v1/campaigns/%d", c.ID), Body: map[string]any{"name": f.Unique("Wiki Loves Rivers")},
			Header: map[string]string{"If-Match": fmt.Sprintf(`"%d"`, c.Version)}, Allow: []role{member, admin}, OK: http.StatusOK}
	}
}
