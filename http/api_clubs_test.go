package http_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The clubs API: a club is started at its host, read, listed, updated with
// its figures checked, and its sister clubs in twin cities found; every
// answer is as the OpenAPI document says (a.do checks it).
func TestClubsAPIStartsReadsUpdatesAndFindsSisters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newEventAPI(t, db) // Berlin and Paris are twins
		var paris wikicities.WikiClub
		a.must(403, "coordA", "POST", "/api/v1/clubs", map[string]any{"name": "Musée Wiki Club", "host_id": a.w.Inst.ID}, "", nil)
		a.must(422, "coordInst", "POST", "/api/v1/clubs", map[string]any{"name": "Musée Wiki Club", "host_id": a.w.Inst.ID, "members": -1}, "", nil)
		a.must(201, "coordInst", "POST", "/api/v1/clubs", map[string]any{"name": "Musée <Wiki> Club", "host_id": a.w.Inst.ID,
			"meeting_schedule": "Wednesdays 16:00", "members": 12}, "", &paris)
		if paris.CommunityID == 0 || paris.HostName == "" || paris.CityID == 0 || paris.Members != 12 {
			t.Fatalf("started: %+v", paris)
		}
		// A club in the twin city: hosted by the same museum, moved to Berlin.
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		berlin := &wikicities.WikiClub{Name: "Gymnasium Wiki Club", HostID: a.w.Inst.ID}
		if err := db.Clubs().StartClub(sys, berlin); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(sys, `UPDATE communities SET city_id = ? WHERE id = ?`, a.w.Berlin, berlin.CommunityID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(sys, `UPDATE communities SET city_id = ? WHERE id = ?`, a.w.Paris, paris.CommunityID); err != nil {
			t.Fatal(err)
		}
		var list, sisters struct{ Clubs []wikicities.WikiClub }
		a.must(200, "anonymous", "GET", "/api/v1/clubs", nil, "", &list)
		if len(list.Clubs) != 2 || list.Clubs[0].Name != "Gymnasium Wiki Club" {
			t.Errorf("clubs: %+v", list.Clubs)
		}
		a.must(200, "anonymous", "GET", fmt.Sprintf("/api/v1/clubs/%d/sisters", paris.CommunityID), nil, "", &sisters)
		if len(sisters.Clubs) != 1 || sisters.Clubs[0].CommunityID != berlin.CommunityID {
			t.Errorf("sisters: %+v", sisters.Clubs)
		}
		a.must(404, "anonymous", "GET", "/api/v1/clubs/99999", nil, "", nil)
		a.must(404, "anonymous", "GET", "/api/v1/clubs/99999/sisters", nil, "", nil)
		club := fmt.Sprintf("/api/v1/clubs/%d", paris.CommunityID)
		a.must(422, "admin", "PUT", club, map[string]any{"members": 3, "regular_editors": 5}, "", nil)
		var got wikicities.WikiClub
		if tag := a.must(200, "anonymous", "GET", club, nil, "", &got); tag != `"1"` || got.Version != 1 {
			t.Errorf("a new club: ETag %s, version %d", tag, got.Version)
		}
		// An update names the version it was based on: two coordinators
		// editing the figures at once no longer lose one's edit.
		update := map[string]any{"members": 14, "regular_editors": 5, "outreach_events": 2, "meeting_schedule": "Fridays"}
		a.must(428, "admin", "PUT", club, update, "", nil)
		if tag := a.must(200, "admin", "PUT", club, update, `"1"`, &got); tag != `"2"` || got.Version != 2 {
			t.Errorf("updated: ETag %s, version %d", tag, got.Version)
		}
		if got.Members != 14 || got.RegularEditors != 5 || got.MeetingSchedule != "Fridays" || got.Name != "Musée <Wiki> Club" {
			t.Errorf("updated: %+v", got)
		}
		a.must(412, "admin", "PUT", club, map[string]any{"members": 9}, `"1"`, nil)
		update["version"], update["outreach_events"] = 2, 3
		a.must(200, "admin", "PUT", club, update, "", &got)
		if got.OutreachEvents != 3 || got.Version != 3 {
			t.Errorf("updated with the version field: %+v", got)
		}
	})
}

// The library's writes: a resource is added by anyone signed in, edited by
// its author against its version (If-Match or the version field), and its
// slides and uses read by anyone.
func TestLibraryAPIAddsAndEditsResourcesWithTheirVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		var r wikicities.TrainingResource
		a.must(401, "anonymous", "POST", "/api/v1/training/resources", map[string]any{"title": "Kit", "link": "https://x.org", "format": "toolkit"}, "", nil)
		a.must(422, "member", "POST", "/api/v1/training/resources", map[string]any{"title": "Kit", "link": "ftp://x.org", "format": "toolkit"}, "", nil)
		tag := a.must(201, "member", "POST", "/api/v1/training/resources", map[string]any{"title": "Wiki Club kit", "link": "https://meta.wikimedia.org/wiki/Kit",
			"format": "toolkit", "languages": []string{"en", "ar"}}, "", &r)
		if tag != `"1"` || r.CreatedBy != a.w.Member.UserID || r.Source != fmt.Sprintf("site:%d", r.ID) {
			t.Fatalf("added: %s %+v", tag, r)
		}
		path := fmt.Sprintf("/api/v1/training/resources/%d", r.ID)
		edit := map[string]any{"title": "Wiki Club kit (2nd ed.)", "link": "https://meta.wikimedia.org/wiki/Kit", "format": "toolkit"}
		a.must(428, "member", "PUT", path, edit, "", nil)
		a.must(403, "coordA", "PUT", path, edit, `"1"`, nil)
		if tag := a.must(200, "member", "PUT", path, edit, `"1"`, &r); tag != `"2"` || r.Title != "Wiki Club kit (2nd ed.)" {
			t.Errorf("edited: %s %+v", tag, r)
		}
		a.must(412, "admin", "PUT", path, edit, `"1"`, nil)
		edit["version"] = 2
		a.must(200, "admin", "PUT", path, edit, "", nil)
		if tag := a.must(200, "anonymous", "GET", path, nil, "", &r); tag != `"3"` {
			t.Errorf("ETag %s", tag)
		}
		var slides struct{ Slides []wikicities.TrainingSlide }
		var uses struct{ Uses []wikicities.ResourceUse }
		a.must(200, "anonymous", "GET", path+"/slides", nil, "", &slides)
		a.must(200, "anonymous", "GET", path+"/uses", nil, "", &uses)
		if len(slides.Slides) != 0 || len(uses.Uses) != 0 {
			t.Errorf("slides %+v, uses %+v", slides, uses)
		}
		a.must(404, "anonymous", "GET", "/api/v1/training/resources/99999/slides", nil, "", nil)
	})
}
