package http_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// What is public (README "What is public"): the partnership, its states and
// when they changed; not the proposal's message, nor who made a transition
// and the note written with it, which are for the parties' coordinators.
func TestPrivateDeliberationIsNotPublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		p := a.propose("coordA", a.w.B, "twinning") // message "Let us twin our wikis", note "met at Wikimania"
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", map[string]any{"note": "our board said yes on 3 May"}, "", nil)
		for role, insider := range map[string]bool{"anonymous": false, "member": false, "coordC": false, "coordA": true, "coordB": true, "admin": true} {
			var got wikicities.Partnership
			a.must(200, role, "GET", path, nil, "", &got)
			if (got.Message != "") != insider {
				t.Errorf("%s reads the message %q", role, got.Message)
			}
			var list struct{ Partnerships []wikicities.Partnership }
			a.must(200, role, "GET", "/api/v1/partnerships", nil, "", &list)
			for _, x := range list.Partnerships {
				if (x.Message != "") != insider {
					t.Errorf("%s reads the message %q in the list", role, x.Message)
				}
			}
			var hist struct{ History []wikicities.HistoryEntry }
			a.must(200, role, "GET", path+"/history", nil, "", &hist)
			if len(hist.History) != 2 || hist.History[1].To != wikicities.StateAccepted {
				t.Fatalf("%s: history %+v", role, hist.History)
			}
			for _, h := range hist.History {
				if (h.ActorName != "" || h.Note != "") != insider {
					t.Errorf("%s reads history entry %+v", role, h)
				}
			}
		}
		resp, err := http.Get(fmt.Sprintf("%s/partnerships/%d", a.srv.URL, p.ID))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		if resp.StatusCode != 200 || strings.Contains(page, "Let us twin our wikis") || strings.Contains(page, "our board said yes") || strings.Contains(page, "coordB") {
			t.Errorf("the anonymous partnership page shows private deliberation (%d)", resp.StatusCode)
		}
	})
}

// A community's contact details are for its signed-in coordinators, as its
// page shows them: the API gave them to anyone, anonymous readers
// included, and every export (CSV, JSON, GeoJSON) carried them.
func TestCommunityContactIsForItsCoordinatorsOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newDirWorld(t, db)
		const secret = "secret@muc.example"
		r := w.do("POST", "/api/v1/communities", "anna", map[string]any{
			"kind": "user_group", "name": "WikiMUC", "city_id": w.cities["Munich"], "languages": []string{"de"},
			"projects": []string{"wikipedia"}, "contact": secret,
		})
		if r.code != 201 {
			t.Fatalf("create: %d %s", r.code, r.body)
		}
		var c wikicities.Community
		r.json(t, &c)
		for user, insider := range map[string]bool{"": false, "bob": false, "anna": true, "root": true} {
			one := w.do("GET", fmt.Sprintf("/api/v1/communities/%d", c.ID), user, nil)
			list := w.do("GET", "/api/v1/communities", user, nil)
			if one.code != 200 || list.code != 200 || strings.Contains(string(one.body), secret) != insider || strings.Contains(string(list.body), secret) != insider {
				t.Errorf("reader %q: contact shown %v (one) %v (list), want %v", user, strings.Contains(string(one.body), secret), strings.Contains(string(list.body), secret), insider)
			}
		}
		for _, f := range []string{"csv", "json", "geojson"} {
			for _, user := range []string{"", "anna"} {
				if r := w.do("GET", "/api/v1/export/communities."+f, user, nil); r.code != 200 || strings.Contains(string(r.body), secret) || !strings.Contains(string(r.body), "WikiMUC") {
					t.Errorf("export %s as %q: %d, shows the contact: %v", f, user, r.code, strings.Contains(string(r.body), secret))
				}
			}
		}
	})
}
