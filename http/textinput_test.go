package http_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Text that no store can keep (NUL, bytes that are not UTF-8, control
// characters) answers 400 naming the field, through the API, the forms and
// the query strings, on both stores (PostgreSQL answered 500 before).
func TestBadBytesAre400NamingTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		json := map[string]string{"Content-Type": "application/json"}
		form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
		for _, c := range []struct {
			name, method, path, body string
			header                   map[string]string
			field                    string
		}{
			{"API search, NUL", "GET", "/api/v1/communities?q=a%00b", "", nil, "q"},
			{"API search, not UTF-8", "GET", "/api/v1/communities?q=%FF", "", nil, "q"},
			{"API city search, escape", "GET", "/api/v1/twins?city=%1B%5B31m", "", nil, "city"},
			{"search page, NUL", "GET", "/search?q=%00", "", nil, "q"},
			{"search page, not UTF-8", "GET", "/search?q=Augsb%FCrg", "", nil, "q"},
			{"API sign-in name, NUL", "POST", "/api/v1/auth/login", `{"username": "anna\u0000", "password": "x"}`, json, "username"},
			{"form sign-in name, NUL", "POST", "/auth/signin", "username=anna%00&password=x", form, "username"},
			{"form sign-in name, not UTF-8", "POST", "/auth/signin", "username=%C3&password=x", form, "username"},
			{"API community name, NUL", "POST", "/api/v1/communities", fmt.Sprintf(`{"kind": "user_group", "name": "Wiki\u0000Club", "city_id": %d}`, a.w.Berlin), json, "name"},
			{"API community, raw bytes not UTF-8", "POST", "/api/v1/communities", fmt.Sprintf("{\"kind\": \"user_group\", \"name\": \"Wiki\xffClub\", \"city_id\": %d}", a.w.Berlin), json, "body"},
			{"API nested list, control character", "POST", "/api/v1/partnerships", fmt.Sprintf(`{"a": {"kind": "community", "id": %d}, "b": {"kind": "community", "id": %d}, "type": "twinning", "level": "local", "agreement": {"goals": ["ok", "bell\u0007"]}}`, a.w.A.ID, a.w.B.ID), json, "agreement.goals[1]"},
		} {
			code, ct, body := rawDo(t, a, "coordA", c.method, c.path, c.body, c.header)
			if code != http.StatusBadRequest || !strings.Contains(body, c.field) {
				t.Errorf("%s: %d %s %.300s, want 400 naming %s", c.name, code, ct, body, c.field)
			}
			if strings.HasPrefix(c.path, "/api/") && !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s: content type %s", c.name, ct)
			}
		}
		if _, total, err := db.Communities().Communities(context.Background(), wikicities.DirectoryFilter{}); err != nil || total != 3 {
			t.Errorf("%d communities after the refused writes (%v), want the fixture's 3", total, err)
		}
	})
}

// Line ends from browser text boxes become "\n" and text is stored
// composed (NFC), whichever way it came.
func TestTextIsNormalisedOnInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		a := newPartnershipAPI(t, db)
		var c wikicities.Community
		a.must(201, "member", "POST", "/api/v1/communities", map[string]any{"kind": "user_group", "name": "Wikimedians of Sa\u0303o Paulo",
			"city_id": a.w.Berlin}, "", &c)
		if c.Name != "Wikimedians of São Paulo" {
			t.Errorf("name %q, want it composed", c.Name)
		}
		p := a.propose("coordA", a.w.B, "twinning")
		path := fmt.Sprintf("/api/v1/partnerships/%d", p.ID)
		a.must(200, "coordB", "POST", path+"/accept", nil, "", nil)
		var act wikicities.Activity
		a.must(201, "coordA", "POST", path+"/activities", map[string]any{"kind": "workshop", "title": "W", "start": "2026-03-01T10:00:00Z",
			"notes": "one\r\ntwo\rthree"}, "", &act)
		var got wikicities.Activity
		a.must(200, "anonymous", "GET", fmt.Sprintf("%s/activities/%d", path, act.ID), nil, "", &got)
		if got.Notes != "one\ntwo\nthree" {
			t.Errorf("notes %q", got.Notes)
		}
	})
}

// The store refuses what it cannot keep alike on both backends, whoever
// writes (the CLI, an importer): ErrInvalid, never a driver error.
func TestStoreRefusesNULAndInvalidUTF8(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := storetest.As(context.Background(), w.Admin)
		for _, name := range []string{"Wiki\x00Club", "Wiki\xffClub"} {
			c := &wikicities.Community{Kind: wikicities.KindUserGroup, Name: name, CityID: w.Berlin}
			if err := db.Communities().CreateCommunity(ctx, c); !errors.Is(err, wikicities.ErrInvalid) {
				t.Errorf("community %q: %v, want ErrInvalid", name, err)
			}
		}
		if _, _, err := db.Communities().Communities(ctx, wikicities.DirectoryFilter{Query: "a\x00"}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("search with NUL: %v, want ErrInvalid", err)
		}
	})
}
