package http_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// rowName finds the names of a list page's rows.
var rowName = regexp.MustCompile(`<li><a href="/communities/\d+"><bdi>([^<]*)</bdi>`)

// The communities list filters by the region of a group's city and by
// whether someone coordinates the group; the region filter offers only
// the regions the cities have.
func TestCommunityListFiltersByRegionAndCoordinator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		for id, region := range map[int64]string{ps.Berlin: "Berlin", ps.Paris: "Île-de-France"} {
			if _, err := db.Exec(ctx, `UPDATE cities SET region = ? WHERE id = ?`, region, id); err != nil {
				t.Fatal(err)
			}
		}
		lone := &wikicities.Community{Kind: "user_group", Name: "Wikimedians of the Marais", CityID: ps.Paris, Status: "active"}
		if err := db.Communities().CreateCommunity(ctx, lone); err != nil {
			t.Fatal(err)
		}
		all, _ := db.Cities().AllCities(context.Background())
		links, _ := db.Cities().AllTwinLinks(context.Background())
		ps.s.Graph = twins.New(all, links)
		names := func(path string) string {
			t.Helper()
			r := ps.get(t, nil, path)
			if r.code != http.StatusOK {
				t.Fatalf("%s: status %d", path, r.code)
			}
			var out []string
			for _, m := range rowName.FindAllStringSubmatch(r.body, -1) {
				out = append(out, m[1])
			}
			return strings.Join(out, ",")
		}
		page := ps.get(t, nil, "/communities").body
		mustContain(t, "filters", page, `<option value="Île-de-France">Île-de-France (FR)</option>`, `<option value="Berlin">Berlin (DE)</option>`,
			`name="coordinator"`, `<option value="no">No coordinator yet</option>`)
		if got := names("/communities?region=%C3%8Ele-de-France"); got != "Paris Photo Walkers,Wikimedia Paris,Wikimedians of the Marais" {
			t.Errorf("in Île-de-France: %q", got)
		}
		if got := names("/communities?coordinator=no"); got != "Wikimedians of the Marais" {
			t.Errorf("without a coordinator: %q", got)
		}
		if got := names("/communities?coordinator=yes&region=Berlin"); got != "Wikimedians of Berlin" {
			t.Errorf("coordinated, in Berlin: %q", got)
		}
		if r := ps.get(t, nil, "/communities?coordinator=maybe"); r.code != http.StatusUnprocessableEntity {
			t.Errorf("coordinator=maybe: status %d, want 422", r.code)
		}
		// The problems of an address are said in the page's language.
		for _, bad := range []string{"/communities?coordinator=maybe&uselang=de", "/communities?offset=x&uselang=de"} {
			r := ps.get(t, nil, bad)
			mustNotContain(t, bad, r.body, "want yes or no", "must be a whole number")
			mustContain(t, bad, r.body, "Die Anfrage war nicht verständlich")
		}
		// With a country chosen, the regions are that country's, unqualified.
		de := ps.get(t, nil, "/communities?country=DE").body
		mustContain(t, "German regions", de, `<option value="Berlin">Berlin</option>`)
		mustNotContain(t, "German regions", de, `value="Île-de-France"`)

		// A region the embedded data knows (by its ISO code, as sync
		// regions and the demo store it) is named in the reader's language.
		if _, err := db.Exec(ctx, `UPDATE cities SET region = 'DE-BE' WHERE id = ?`, ps.Berlin); err != nil {
			t.Fatal(err)
		}
		all, _ = db.Cities().AllCities(context.Background())
		ps.s.Graph = twins.New(all, links)
		mustContain(t, "a region by its code", ps.get(t, nil, "/communities?country=DE&uselang=ar").body, `<option value="DE-BE">برلين</option>`)
		mustContain(t, "a city's region", ps.get(t, nil, fmt.Sprintf("/cities/%d?uselang=ar", ps.Berlin)).body, "<dd><bdi>برلين</bdi></dd>")
		if got := names("/communities?region=DE-BE"); got != "Wikimedians of Berlin" {
			t.Errorf("in DE-BE: %q", got)
		}
	})
}

// Cities that carry no region (the demo's, a file's) are offered and
// filtered under the region their coordinates lie in, as the region pages
// place them: the filter was missing from the demo.
func TestRegionFilterPlacesCitiesByTheirCoordinates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		page := ps.get(t, nil, "/communities?uselang=de").body
		mustContain(t, "the region filter", page, `name="region"`, `<option value="DE-BE">Berlin (DE)</option>`, `<option value="FR-75">Paris (FR)</option>`)
		r := ps.get(t, nil, "/communities?region=DE-BE")
		var got []string
		for _, m := range rowName.FindAllStringSubmatch(r.body, -1) {
			got = append(got, m[1])
		}
		if r.code != http.StatusOK || strings.Join(got, ",") != "Wikimedians of Berlin" {
			t.Errorf("in DE-BE: %d %q", r.code, got)
		}
	})
}
