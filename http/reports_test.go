package http_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// reportWorld seeds three twinned cities, one of them in a country named
// like a spreadsheet formula, with communities whose names are a formula
// and a script, and returns a server over them with the ids by name.
//
//	Lyon (France) ── Birmingham (England) ── Formula Town (=cmd)
//
// "=cmd" is active in Formula Town, "<script>alert(1)</script>" active in
// Birmingham, WM Lyon active in Lyon: Lyon–Birmingham and
// Birmingham–Formula Town are potential partnerships.
func reportWorld(t *testing.T, db *store.DB) (*wchttp.Server, map[string]int64) {
	t.Helper()
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	ids := map[string]int64{}
	err := db.Update(ctx, func(tx *store.Tx) error {
		var cities []*wikicities.City
		for _, c := range [][2]string{{"Lyon", "France"}, {"Birmingham", "England"}, {"Formula Town", "=cmd"}} {
			city := &wikicities.City{Name: c[0], Country: c[1]}
			if err := tx.CreateCity(ctx, city); err != nil {
				return err
			}
			ids[c[0]] = city.ID
			cities = append(cities, city)
		}
		for _, l := range [][2]int{{0, 1}, {1, 2}} {
			if _, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: cities[l[0]].ID, B: cities[l[1]].ID, Source: wikicities.SourceManual}); err != nil {
				return err
			}
		}
		for _, c := range [][2]string{{"WM Lyon", "Lyon"}, {"<script>alert(1)</script>", "Birmingham"}, {"=cmd", "Formula Town"}} {
			x := &wikicities.Community{Kind: wikicities.KindUserGroup, Name: c[0], CityID: ids[c[1]]}
			if err := tx.CreateCommunity(ctx, x); err != nil {
				return err
			}
			ids[c[0]] = x.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graphServer(t, db), ids
}

// graphServer is a server on db with the twin graph of what db holds now,
// without map tiles.
func graphServer(t *testing.T, db *store.DB) *wchttp.Server {
	t.Helper()
	all, err := db.Cities().AllCities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	links, err := db.Cities().AllTwinLinks(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(db, twins.New(all, links))
	s.TileURL = ""
	return s
}

func decodeReport(t *testing.T, r response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
}

func TestReportsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ids := reportWorld(t, db)

		var table struct {
			Countries []struct {
				Name                  string   `json:"name"`
				Labels                []string `json:"labels"`
				Region                string   `json:"region"`
				PotentialPartnerships int      `json:"potential_partnerships"`
			} `json:"countries"`
			Total struct {
				Cities                int `json:"cities"`
				PotentialPartnerships int `json:"potential_partnerships"`
			} `json:"total"`
		}
		r := get(t, s, "/api/v1/reports/countries")
		if r.code != 200 || !strings.HasPrefix(r.head.Get("Content-Type"), "application/json") {
			t.Fatalf("countries: %d %s: %s", r.code, r.head.Get("Content-Type"), r.body)
		}
		decodeReport(t, r, &table)
		got := fmt.Sprint(table.Countries)
		want := "[{France [France] nwe 1} {United Kingdom [England] nwe 2} {=cmd [=cmd] unknown 1}]"
		if got != want || table.Total.Cities != 3 || table.Total.PotentialPartnerships != 2 {
			t.Errorf("countries = %s, total %+v; want %s, 3 cities, 2 potential partnerships", got, table.Total, want)
		}

		var one struct {
			Country struct{ Name string }
			Gaps    struct {
				Potential []struct {
					Community struct {
						ID   int64
						Name string
						City struct{ ID int64 }
					}
					Partner struct {
						ID   int64
						Name string
					}
				} `json:"potential_partnerships"`
			}
		}
		// Any spelling of the state finds it.
		for _, name := range []string{"England", "United Kingdom", "UK"} {
			r = get(t, s, "/api/v1/reports/countries/"+url.PathEscape(name))
			if r.code != 200 {
				t.Fatalf("%s: %d %s", name, r.code, r.body)
			}
			decodeReport(t, r, &one)
			p := one.Gaps.Potential
			if one.Country.Name != "United Kingdom" || len(p) != 2 || p[0].Community.ID != ids["<script>alert(1)</script>"] ||
				p[0].Partner.ID != ids["=cmd"] || p[1].Partner.ID != ids["WM Lyon"] || p[0].Community.City.ID != ids["Birmingham"] {
				t.Errorf("%s: %+v", name, one)
			}
		}

		var regions struct {
			Regions []struct {
				Region    string   `json:"region"`
				Countries []string `json:"countries"`
				Cities    int      `json:"cities"`
			} `json:"regions"`
		}
		decodeReport(t, get(t, s, "/api/v1/reports/regions"), &regions)
		byRegion := map[string]string{}
		for _, reg := range regions.Regions {
			byRegion[reg.Region] = fmt.Sprint(reg.Countries, reg.Cities)
		}
		if len(regions.Regions) != len(twins.Regions) || byRegion["nwe"] != "[France United Kingdom] 2" || byRegion["unknown"] != "[=cmd] 1" {
			t.Errorf("regions: %+v", regions)
		}

		for _, tt := range []struct {
			path string
			code int
			want string
		}{
			{"/api/v1/reports/countries/Narnia", 404, `country \"Narnia\"`},
			{"/api/v1/reports/countries?format=xlsx", 422, `"field": "format"`},
		} {
			r := get(t, s, tt.path)
			if r.code != tt.code || !strings.Contains(r.body, tt.want) {
				t.Errorf("%s: %d %s, want %d with %s", tt.path, r.code, r.body, tt.code, tt.want)
			}
		}
	})
}

// A country and a community named like a formula come out of the CSV as
// text, not as something a spreadsheet would run.
func TestReportsCSVNeutralisesFormulas(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, _ := reportWorld(t, db)
	r := get(t, s, "/api/v1/reports/countries?format=csv")
	if r.code != 200 || r.head.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(r.head.Get("Content-Disposition"), ".csv") {
		t.Fatalf("%d %v", r.code, r.head)
	}
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][1] != "country" {
		t.Fatalf("want a header and 3 countries, got %q", rows)
	}
	if strings.HasPrefix(r.body, "\uFEFF") {
		t.Errorf("the CSV starts with a byte-order mark unasked")
	}
	// ?bom=true, which the reports page's link asks for, starts it with one
	// for Excel on Windows; only CSV takes it.
	if r := get(t, s, "/api/v1/reports/countries?format=csv&bom=true"); r.code != 200 || !strings.HasPrefix(r.body, "\uFEFFregion,country,") {
		t.Errorf("bom=true: %d %.40q", r.code, r.body)
	}
	if r := get(t, s, "/api/v1/reports/countries?bom=true"); r.code != 422 || !strings.Contains(r.body, `"field": "bom"`) {
		t.Errorf("bom=true on JSON: %d %s", r.code, r.body)
	}
	last := rows[3]
	if last[0] != "unknown" || last[1] != "'=cmd" || last[2] != "'=cmd" {
		t.Errorf("formula row = %q, want region unknown and the name and label neutralised as '=cmd", last[:3])
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("row %d column %s: %q would run as a formula", i, rows[0][j], cell)
			}
		}
	}
}

func TestReportsPagesListGapsWithLinksAndEscapeNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, ids := reportWorld(t, db)
		home := get(t, s, "/")
		mustContain(t, "home", home.body, `<a href="/reports">Reports</a>`)

		r := get(t, s, "/reports")
		if r.code != 200 {
			t.Fatalf("/reports: %d", r.code)
		}
		mustContain(t, "/reports", r.body,
			`id="region-nwe"`, `id="region-unknown"`,
			`<a href="/reports/countries/United%20Kingdom"><bdi>United Kingdom</bdi></a>`,
			`<a href="/reports/countries/=cmd"><bdi>=cmd</bdi></a>`,
			`href="/api/v1/reports/countries?format=csv&amp;bom=true"`,
			"No city of the graph is in this region yet.")

		r = get(t, s, "/reports/countries/England")
		if r.code != 200 {
			t.Fatalf("country page: %d", r.code)
		}
		// The propose button works only for the proposing community's
		// coordinators: shown to them alone.
		propose := fmt.Sprintf(`href="/partnerships/new?a=%d&amp;b=community%%3A%d&amp;type=twinning"`, ids["<script>alert(1)</script>"], ids["WM Lyon"])
		mustNotContain(t, "the country page for a visitor", r.body, propose)
		req := httptest.NewRequest("GET", "/reports/countries/England", nil)
		req = req.WithContext(wikicities.NewContext(req.Context(), &wikicities.Actor{UserID: 1, Username: "ada", Role: wikicities.RoleAdmin}))
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		mustContain(t, "the country page for an admin", rec.Body.String(), propose)
		mustContain(t, "country page", r.body,
			"<h1><bdi>United Kingdom</bdi></h1>",
			fmt.Sprintf(`<a href="/communities/%d"><bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi></a>`, ids["<script>alert(1)</script>"]),
			fmt.Sprintf(`<a href="/communities/%d"><bdi>=cmd</bdi></a>`, ids["=cmd"]),
			fmt.Sprintf(`<a href="/cities/%d"><bdi>Formula Town</bdi></a>`, ids["Formula Town"]),
			"2 pairs of active communities")
		if strings.Contains(r.body, "<script>alert") {
			t.Error("country page shows a community's name as markup")
		}

		r = get(t, s, "/reports/countries/France")
		mustContain(t, "France", r.body, "One active or dormant community has no partnership",
			fmt.Sprintf(`<a href="/communities/%d"><bdi>WM Lyon</bdi></a>`, ids["WM Lyon"]))

		if r := get(t, s, "/reports/countries/Narnia"); r.code != 404 {
			t.Errorf("unknown country: %d", r.code)
		}
		for _, lang := range []string{"de", "ar"} {
			for _, path := range []string{"/reports", "/reports/countries/England"} {
				r := get(t, s, path+"?uselang="+lang)
				if m := regexp.MustCompile(`⧼[^⧽]*⧽`).FindString(r.body); m != "" || r.code != 200 {
					t.Errorf("%s %s: %d, missing message %s", lang, path, r.code, m)
				}
			}
		}
		mustContain(t, "German reports", get(t, s, "/reports?uselang=de").body, "Nord- und Westeuropa", "Ganze Region",
			"<bdi>Frankreich</bdi>", "<bdi>Vereinigtes Königreich</bdi>")
		mustContain(t, "Arabic country report", get(t, s, "/reports/countries/France?uselang=ar").body, "<h1><bdi>فرنسا</bdi></h1>")
	})
}

// A country's long gap lists are paged, 50 rows at a time, each page
// saying where it is in the list and linking to the pages around it.
func TestReportCountryPagesLongLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ids := reportWorld(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i := range 120 {
				city := &wikicities.City{Name: fmt.Sprintf("Villa %03d", i), Country: "Spain"}
				if err := tx.CreateCity(ctx, city); err != nil {
					return err
				}
				if _, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: ids["Lyon"], B: city.ID, Source: wikicities.SourceManual}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		all, _ := db.Cities().AllCities(context.Background())
		links, _ := db.Cities().AllTwinLinks(context.Background())
		s := newServer(db, twins.New(all, links))
		rows := func(body string) int {
			i := strings.Index(body, `id="wc-recruit"`)
			j := strings.Index(body, `id="wc-without-partner"`)
			return strings.Count(body[i:j], "<li>")
		}
		first := get(t, s, "/reports/countries/Spain").body
		if n := rows(first); n != 50 {
			t.Errorf("first page: %d twin cities to recruit, want 50", n)
		}
		mustContain(t, "first page", first, "1–50 of 120", `href="?recruit=50#wc-recruit">Next</a>`)
		mustNotContain(t, "first page", first, ">Previous</a>")
		last := get(t, s, "/reports/countries/Spain?recruit=100").body
		if n := rows(last); n != 20 {
			t.Errorf("last page: %d rows, want 20", n)
		}
		mustContain(t, "last page", last, "101–120 of 120", `href="?recruit=50#wc-recruit">Previous</a>`, "Villa 119")
		mustNotContain(t, "last page", last, ">Next</a>", "Villa 000")
		// An offset past the end shows the end, not an error.
		if r := get(t, s, "/reports/countries/Spain?recruit=9999"); r.code != 200 || rows(r.body) != 0 {
			t.Errorf("offset past the end: %d, %d rows", r.code, rows(r.body))
		}
	})
}

// A place to recruit whose twin cities have no community either says so,
// instead of "would connect 0 communities"; one whose twin has a community
// keeps the count.
func TestReportsPlaceToRecruitWithNoGroupNearSaysSo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, ids := reportWorld(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		err := db.Update(ctx, func(tx *store.Tx) error {
			for _, c := range [][2]string{{"Versailles", "France"}, {"Potsdam", "Germany"}, {"Villeurbanne", "France"}} {
				city := &wikicities.City{Name: c[0], Country: c[1]}
				if err := tx.CreateCity(ctx, city); err != nil {
					return err
				}
				ids[c[0]] = city.ID
			}
			for _, l := range [][2]string{{"Versailles", "Potsdam"}, {"Villeurbanne", "Lyon"}} {
				if _, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: ids[l[0]], B: ids[l[1]], Source: wikicities.SourceManual}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		s := graphServer(t, db)
		r := get(t, s, "/reports/countries/France")
		mustContain(t, "France's places to recruit", r.body,
			fmt.Sprintf(`<a href="/cities/%d"><bdi>Versailles</bdi></a>`, ids["Versailles"]), "its twin city has no community yet either",
			fmt.Sprintf(`<a href="/cities/%d"><bdi>Villeurbanne</bdi></a>`, ids["Villeurbanne"]), "would connect one community in one twin city")
		mustNotContain(t, "France's places to recruit", r.body, "would connect 0 communities")
		mustContain(t, "the same in German", get(t, s, "/reports/countries/France?uselang=de").body, "auch ihre Partnerstadt hat noch keine Community")
	})
}

// The figures of a country's and a region's page name what they count:
// "Partnerships at risk", not a bare "at risk" under "Partnerships".
func TestCountryAndRegionFiguresNamePartnershipsAtRisk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := reportWorld(t, db)
		mustContain(t, "France's figures", get(t, s, "/reports/countries/France").body, "<dt>Partnerships at risk</dt>")
		mustContain(t, "France's figures in German", get(t, s, "/reports/countries/France?uselang=de").body, "<dt>Gefährdete Partnerschaften</dt>")
		ps := newPartnersSite(t, db)
		mustContain(t, "Paris's region", ps.get(t, nil, "/regions/FR-75").body, "<dt>Partnerships at risk</dt>")
	})
}
