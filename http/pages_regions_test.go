package http_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/regions/regionwd"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The partners world placed in its regions: Berlin (DE-BE) with A, Paris
// (FR-75) with B, C and the museum; Berlin and Paris are twinned.
func TestRegionPagesShowPartnersAndPotentialPartners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		idx := ps.get(t, nil, "/regions")
		if idx.code != http.StatusOK {
			t.Fatalf("/regions: %d", idx.code)
		}
		mustContain(t, "/regions", idx.body, `href="/regions?country=DE"`, `href="/regions?country=FR"`, "Germany", `aria-current="page"`)
		de := ps.get(t, nil, "/regions?country=DE")
		mustContain(t, "Germany's regions", de.body, `href="/regions/DE-BE"`, `href="/regions/DE-BY"`, "Bavaria")
		if got := ps.get(t, nil, "/regions?country=ZZ"); got.code != http.StatusNotFound {
			t.Errorf("unknown country: %d", got.code)
		}

		anon := ps.get(t, nil, "/regions/FR-75")
		if anon.code != http.StatusOK {
			t.Fatalf("/regions/FR-75: %d %s", anon.code, anon.body)
		}
		body := html.UnescapeString(anon.body)
		mustContain(t, "Paris's region", body, "Musée Carnavalet", "Wikimedia Paris", "Paris Photo Walkers", "Wikimedians of Berlin",
			fmt.Sprintf(`href="/institutions/%d"`, ps.Inst.ID), "/regions/FR-75/export.csv?bom=true")
		mustNotContain(t, "the anonymous page", anon.body, "/partnerships/new", `action="/regions/FR-75/champions"`)

		// B's coordinator may propose to the museum and to Berlin's group, and
		// take responsibility for the region.
		coord := ps.get(t, ps.CoordB, "/regions/FR-75")
		toMuseum := "/partnerships/new?" + url.Values{"a": {fmt.Sprint(ps.B.ID)}, "b": {fmt.Sprintf("institution:%d", ps.Inst.ID)}, "type": {"institutional"}}.Encode()
		toBerlin := "/partnerships/new?" + url.Values{"a": {fmt.Sprint(ps.B.ID)}, "b": {fmt.Sprintf("community:%d", ps.A.ID)}, "type": {"twinning"}}.Encode()
		mustContain(t, "B's coordinator's page", html.UnescapeString(coord.body), toMuseum, toBerlin, `action="/regions/FR-75/champions"`)
		if got := ps.get(t, ps.CoordB, toMuseum); got.code != http.StatusOK {
			t.Errorf("following the proposal link: %d", got.code)
		}

		if r := ps.post(t, ps.CoordB, "/regions/FR-75/champions", url.Values{"community": {fmt.Sprint(ps.B.ID)}, "note": {"<b>GLAM</b> contacts"}}); r.code != http.StatusSeeOther {
			t.Fatalf("champion: %d %s", r.code, r.body)
		}
		after := ps.get(t, nil, "/regions/FR-75")
		mustContain(t, "the region after", after.body, "&lt;b&gt;GLAM&lt;/b&gt; contacts", fmt.Sprintf(`href="/communities/%d"`, ps.B.ID))
		found := ps.get(t, nil, "/regions?q=wikimedia+paris")
		mustContain(t, "search by champion", found.body, `href="/regions/FR-75"`)
		byName := ps.get(t, nil, "/regions?q=bayern")
		mustContain(t, "search by German name", byName.body, `href="/regions/DE-BY"`)
		if r := ps.post(t, ps.CoordB, "/regions/FR-75/champions", url.Values{"community": {fmt.Sprint(ps.B.ID)}}); r.code != http.StatusConflict {
			t.Errorf("twice: %d", r.code)
		}
		mustContain(t, "wikitext export with its champion", ps.get(t, nil, "/regions/FR-75/export.wiki").body, "Regional champions", "GLAM")
		if r := ps.post(t, ps.CoordB, fmt.Sprintf("/regions/FR-75/champions/%d/remove", ps.B.ID), url.Values{}); r.code != http.StatusSeeOther {
			t.Errorf("remove: %d", r.code)
		}
		csvx := ps.get(t, nil, "/regions/FR-75/export.csv")
		if csvx.code != http.StatusOK || !strings.HasPrefix(csvx.head.Get("Content-Type"), "text/csv") || !strings.Contains(csvx.body, "Musée Carnavalet") {
			t.Errorf("CSV export: %d %q", csvx.code, csvx.head.Get("Content-Type"))
		}
		if strings.HasPrefix(csvx.body, "\uFEFF") {
			t.Errorf("CSV export starts with a byte-order mark unasked")
		}
		if bom := ps.get(t, nil, "/regions/FR-75/export.csv?bom=true"); !strings.HasPrefix(bom.body, "\uFEFFregion,") || !strings.Contains(bom.body, "Musée Carnavalet") {
			t.Errorf("CSV export with bom=true: %d %.40q", bom.code, bom.body)
		}
		geo := ps.get(t, nil, "/regions/FR-75/export.geojson")
		mustContain(t, "GeoJSON export", geo.body, `"MultiPolygon"`, `"FR-75"`)
		wiki := ps.get(t, nil, "/regions/FR-75/export.wiki")
		mustContain(t, "wikitext export", wiki.body, "(FR-75) ==", "Potential partners")
		if got := ps.get(t, nil, "/regions/XX-NOPE"); got.code != http.StatusNotFound {
			t.Errorf("unknown region: %d", got.code)
		}
		city := ps.get(t, nil, fmt.Sprintf("/cities/%d", ps.Paris))
		mustContain(t, "Paris's page", city.body, `href="/regions/FR-75"`)
	})
}

func TestRegionMapShowsAChoroplethWithLegendAndTable(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	world := ps.get(t, nil, "/regions/map")
	mustContain(t, "the world map", world.body, `id="wc-region-map"`, `data-world="1"`, "wc-legend", `href="/regions/map?country=FR&amp;measure=communities"`, "regionmap")
	fr := ps.get(t, nil, "/regions/map?country=FR&measure=communities")
	mustContain(t, "France's map", fr.body, `href="/regions/FR-75"`, `data-regions="/regions/map.geojson?country=FR&amp;measure=communities"`, `<option value="communities" selected>`)
	if got := ps.get(t, nil, "/regions/map?country=ZZ"); got.code != http.StatusNotFound {
		t.Errorf("unknown country: %d", got.code)
	}
	var fc struct {
		Features []struct {
			Geometry   struct{ Type string } `json:"geometry"`
			Properties struct {
				Key, URL, Label, Colour string
				Value                   int
			} `json:"properties"`
		} `json:"features"`
	}
	geo := ps.get(t, nil, "/regions/map.geojson?country=FR&measure=communities")
	if err := json.Unmarshal([]byte(geo.body), &fc); err != nil {
		t.Fatal(err)
	}
	var paris bool
	for _, f := range fc.Features {
		if f.Geometry.Type != "MultiPolygon" {
			t.Errorf("%s is a %s", f.Properties.Key, f.Geometry.Type)
		}
		if f.Properties.Key == "FR-75" {
			paris = f.Properties.Value == 2 && f.Properties.URL == "/regions/FR-75" && strings.Contains(f.Properties.Label, "2") && f.Properties.Colour != "#f7fbff"
		}
	}
	if len(fc.Features) < 90 || !paris {
		t.Errorf("%d features, Paris right: %v", len(fc.Features), paris)
	}
	if err := json.Unmarshal([]byte(ps.get(t, nil, "/regions/map.geojson?measure=institutions").body), &fc); err != nil || len(fc.Features) != 2 || fc.Features[0].Geometry.Type != "Point" || fc.Features[0].Properties.Key != "FR" {
		t.Errorf("world: %+v %v", fc.Features, err)
	}
}

func TestRegionPagesRenderInEveryLanguage(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	for _, lang := range []string{"en", "de", "ar"} {
		for _, path := range []string{"/regions", "/regions?country=FR", "/regions/FR-75", "/regions/DE-BE", "/regions/map", "/regions/map?country=DE&measure=potential", "/regions/FR-75/wikidata"} {
			r := ps.get(t, ps.CoordA, path+map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")]+"uselang="+lang)
			if r.code != http.StatusOK {
				t.Errorf("%s in %s: %d", path, lang, r.code)
			}
			if strings.Contains(r.body, "⧼") || strings.Contains(r.body, "region-") && strings.Contains(r.body, ">region-") {
				t.Errorf("%s in %s shows a message key", path, lang)
			}
		}
	}
}

// Who may take and end responsibility for a region, by role.
func TestRegionChampionFormsByRole(t *testing.T) {
	for _, tc := range []struct {
		role journeyRole
		add  int
	}{{jAnonymous, 401}, {jMember, 403}, {jOther, 403}, {jCoordinator, 303}, {jAdmin, 303}} {
		ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
		form := url.Values{"community": {fmt.Sprint(ps.B.ID)}}
		if r := ps.post(t, ps.actorOf(tc.role), "/regions/FR-75/champions", form); r.code != tc.add {
			t.Errorf("add as %s: %d, want %d", tc.role, r.code, tc.add)
		}
		if tc.add != 303 {
			if r := ps.post(t, ps.CoordB, "/regions/FR-75/champions", form); r.code != 303 {
				t.Fatalf("add as coordinator: %d", r.code)
			}
		}
		remove := fmt.Sprintf("/regions/FR-75/champions/%d/remove", ps.B.ID)
		if r := ps.post(t, ps.actorOf(tc.role), remove, url.Values{}); r.code != tc.add {
			t.Errorf("remove as %s: %d, want %d", tc.role, r.code, tc.add)
		}
	}
}

// The champion form refuses inside the page, in the reader's language,
// keeping the note: 300 Arabic letters fit the field's maxlength but are
// 600 bytes, and a group made champion from another tab meanwhile; both
// were an English error page that lost what was typed.
func TestRegionChampionFormRefusesInThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		note := strings.Repeat("ص", 300)
		form := url.Values{"community": {fmt.Sprint(ps.B.ID)}, "note": {note}}
		r := ps.post(t, ps.CoordB, "/regions/FR-75/champions?uselang=ar", form)
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("a 600-byte note: %d, want 422", r.code)
		}
		mustContain(t, "the refused note", r.body, `id="f-note-error"`, "اكتب هذا في سطر واحد", `value="`+note+`"`, `id="wc-champion-note"`)
		mustNotContain(t, "the refused note", r.body, "must be one line")
		form.Set("note", "Fotospaziergänge")
		if r := ps.post(t, ps.CoordB, "/regions/FR-75/champions", form); r.code != http.StatusSeeOther {
			t.Fatalf("adding: %d", r.code)
		}
		r = ps.post(t, ps.CoordB, "/regions/FR-75/champions?uselang=de", form)
		if r.code != http.StatusConflict {
			t.Fatalf("adding again from a stale tab: %d, want 409", r.code)
		}
		mustContain(t, "the stale add", r.body, "Diese Gruppe ist inzwischen schon Champion dieser Region", "Champions dieser Region")
		mustNotContain(t, "the stale add", r.body, "champion of FR-75 already")
		// Removed twice (two tabs): the second is done too, not "page not found".
		remove := fmt.Sprintf("/regions/FR-75/champions/%d/remove", ps.B.ID)
		for i := range 2 {
			if r := ps.post(t, ps.CoordB, remove, url.Values{}); r.code != http.StatusSeeOther {
				t.Errorf("removal %d: %d, want 303", i+1, r.code)
			}
		}
	})
}

// Every form route of the region pages is in the matrix above.
func TestRegionFormRoutesAreAllInTheMatrix(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	known := map[string]bool{"POST /regions/{key}/champions": true, "POST /regions/{key}/champions/{community}/remove": true}
	for _, p := range ps.s.Patterns() {
		if strings.HasPrefix(p, "POST /regions") && !known[p] {
			t.Errorf("%s is not in TestRegionChampionFormsByRole", p)
		}
	}
}

// Institutions from Wikidata, on request: offered with their items, those
// in the directory linked to their pages; not offered without network
// access; an unreachable query service is a 503.
func TestRegionInstitutionsFromWikidata(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	if _, err := ps.db.Exec(context.Background(), `UPDATE institutions SET qid = 'Q640447' WHERE id = ?`, ps.Inst.ID); err != nil {
		t.Fatal(err)
	}
	if r := ps.get(t, nil, "/regions/FR-75/wikidata"); r.code != http.StatusOK || !strings.Contains(r.body, "no network access") {
		t.Errorf("without network access: %d", r.code)
	}
	mustNotContain(t, "the region page without network access", ps.get(t, ps.Member, "/regions/FR-75").body, "/regions/FR-75/wikidata")
	asked := 0
	ps.s.RegionInstitutions = func(_ context.Context, reg *admin1.Region) ([]regionwd.Candidate, error) {
		asked++
		if reg.Key != "FR-75" {
			t.Errorf("asked for %s", reg.Key)
		}
		return []regionwd.Candidate{
			{QID: "Q19675", Name: "Louvre <b>", Kind: wikicities.InstMuseum, WiR: true},
			{QID: "Q640447", Name: "Musée Carnavalet", Kind: wikicities.InstMuseum},
		}, nil
	}
	page := ps.get(t, ps.Member, "/regions/FR-75")
	mustContain(t, "the region page", page.body, `href="/regions/FR-75/wikidata"`)
	r := ps.get(t, nil, "/regions/FR-75/wikidata")
	mustContain(t, "the Wikidata page", r.body, `href="https://www.wikidata.org/wiki/Q19675"`, "Louvre &lt;b&gt;", fmt.Sprintf(`href="/institutions/%d"`, ps.Inst.ID), "Wikimedian in Residence")
	ps.get(t, nil, "/regions/FR-75/wikidata")
	if asked != 1 {
		t.Errorf("Wikidata asked %d times for two views within the hour", asked)
	}
	ps.s.RegionInstitutions = func(context.Context, *admin1.Region) ([]regionwd.Candidate, error) {
		return nil, errors.New("connection refused")
	}
	if r := ps.get(t, nil, "/regions/DE-BE/wikidata"); r.code != http.StatusServiceUnavailable {
		t.Errorf("query service away: %d", r.code)
	}
}

// A twin city without a group whose twin has none either says so on its
// region's page, instead of "would connect 0 communities".
func TestRegionPlaceToRecruitWithNoGroupNearSaysSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		versailles := &wikicities.City{QID: "Q621", Name: "Versailles", Country: "FR", Lat: 48.80, Lng: 2.13, HasCoords: true}
		potsdam := &wikicities.City{QID: "Q1711", Name: "Potsdam", Country: "DE", Lat: 52.39, Lng: 13.06, HasCoords: true}
		for _, c := range []*wikicities.City{versailles, potsdam} {
			if err := db.Cities().CreateCity(sys, c); err != nil {
				t.Fatal(err)
			}
			ps.s.Graph.AddCity(c)
		}
		link := &wikicities.TwinLink{A: versailles.ID, B: potsdam.ID, Source: wikicities.SourceManual}
		if _, err := db.Cities().AddTwinLink(sys, link); err != nil {
			t.Fatal(err)
		}
		ps.s.Graph.AddLink(versailles.ID, potsdam.ID)
		page := ps.get(t, nil, "/regions/FR-78")
		mustContain(t, "Yvelines", page.body, fmt.Sprintf(`<a href="/cities/%d"><bdi>Versailles</bdi></a>`, versailles.ID), "its twin city has no community yet either")
		mustNotContain(t, "Yvelines", page.body, "would connect 0 communities")
	})
}
