package http_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/http/webtest"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// seededServer returns a server over db seeded with webtest's graph.
func seededServer(t *testing.T, db *store.DB) (*wchttp.Server, []*wikicities.City) {
	t.Helper()
	cities := webtest.Seed(t, db)
	ctx := context.Background()
	all, err := db.Cities().AllCities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	links, err := db.Cities().AllTwinLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(db, twins.New(all, links))
	s.TileURL = ""
	return s, cities
}

type response struct {
	code int
	head http.Header
	body string
}

// get serves one GET request, with headers given as "Name: value".
func get(t *testing.T, s http.Handler, target string, headers ...string) response {
	t.Helper()
	r := httptest.NewRequest("GET", target, nil)
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	body := w.Body.Bytes()
	if w.Header().Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatalf("GET %s: bad gzip: %v", target, err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("GET %s: bad gzip: %v", target, err)
		}
	}
	checkDocumented(t, r, w.Code, w.Header(), body)
	return response{w.Code, w.Header(), string(body)}
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s does not contain %q", what, w)
		}
	}
}

func TestPagesRenderInEveryLanguage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, cities := seededServer(t, db)
	pages := []string{"/", "/search", "/search?q=ly", "/cities/" + strconv.FormatInt(cities[0].ID, 10), "/no/such/page"}
	tests := []struct{ lang, dir, heading string }{
		{"en", "ltr", "Twin cities"},
		{"de", "ltr", "Partnerstädte"},
		{"ar", "rtl", "المدن التوأم"},
	}
	for _, tt := range tests {
		for _, path := range pages {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			r := get(t, s, path+sep+"uselang="+tt.lang)
			what := tt.lang + " " + path
			mustContain(t, what, r.body, `<html lang="`+tt.lang+`" dir="`+tt.dir+`">`)
			if strings.Contains(r.body, "⧼") {
				t.Errorf("%s shows a missing message: %s", what, regexp.MustCompile(`⧼[^⧽]*⧽`).FindString(r.body))
			}
			if got := r.head.Get("Content-Language"); got != tt.lang {
				t.Errorf("%s: Content-Language %q", what, got)
			}
			css := "site.css"
			if tt.dir == "rtl" {
				css = "site-rtl.css"
			}
			mustContain(t, what, r.body, wchttp.AssetURL(css))
		}
		r := get(t, s, "/cities/"+strconv.FormatInt(cities[0].ID, 10)+"?uselang="+tt.lang)
		mustContain(t, tt.lang+" city page", r.body, tt.heading)
	}
}

func TestHomeShowsFiguresAndMostTwinnedCities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, cities := seededServer(t, db)
		r := get(t, s, "/")
		if r.code != 200 {
			t.Fatalf("status %d", r.code)
		}
		n := len(webtest.SeedCities)
		mustContain(t, "home", r.body,
			"<li>"+strconv.Itoa(n)+" cities</li>",
			"<li>"+strconv.Itoa(len(webtest.SeedLinks))+" twin links</li>",
			"<li>8 countries</li>", // Germany twice, one country-less name
			`id="wc-map"`, `data-cities="/map/cities.geojson"`,
			wchttp.AssetURL("map.js"), wchttp.AssetURL("map.css"), wchttp.AssetURL("countries.geojson"))
		// Lyon has the most twins, so it comes first.
		first := strings.Index(r.body, `href="/cities/`+strconv.FormatInt(cities[0].ID, 10)+`"`)
		second := strings.Index(r.body, `href="/cities/`+strconv.FormatInt(cities[2].ID, 10)+`"`)
		if first < 0 || second < 0 || first > second {
			t.Errorf("most twinned: Lyon at %d, Frankfurt at %d; want Lyon first", first, second)
		}
	})
}

func TestHomeOfAnEmptyGraphSaysSo(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newServer(db, twins.New(nil, nil))
	r := get(t, s, "/?uselang=de")
	mustContain(t, "empty home", r.body, "0 Städte", "Noch gibt es keine Städtepartnerschaften")
}

func TestCityPageListsTwinsAndEscapesNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, cities := seededServer(t, db)
		lyon := cities[0]
		r := get(t, s, "/cities/"+strconv.FormatInt(lyon.ID, 10))
		if r.code != 200 {
			t.Fatalf("status %d", r.code)
		}
		mustContain(t, "Lyon's page", r.body,
			"<h1>Lyon</h1>", "Lyon is twinned with 7 cities.",
			`<a href="/cities/`+strconv.FormatInt(cities[1].ID, 10)+`"><bdi>Birmingham</bdi></a><span class="wc-meta">, <bdi>United Kingdom</bdi></span>`,
			`href="https://www.wikidata.org/wiki/Q456"`,
			`data-cities="/map/cities.geojson?city=`+strconv.FormatInt(lyon.ID, 10)+`"`,
			`data-focus="`+strconv.FormatInt(lyon.ID, 10)+`"`,
			"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
		if strings.Contains(r.body, `<script>alert`) {
			t.Error("a city's name is printed as markup")
		}
		// Beirut's only twin is Lyon, so the six other twins of Lyon are
		// two steps away from Beirut.
		r = get(t, s, "/cities/"+strconv.FormatInt(cities[4].ID, 10))
		mustContain(t, "Beirut's page", r.body, "Beirut is twinned with one city.", "6 more cities are two steps away")
	})
}

func TestCityPageWithoutTwins(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, cities := seededServer(t, db)
	r := get(t, s, "/cities/"+strconv.FormatInt(cities[7].ID, 10)+"?uselang=ar")
	mustContain(t, "Lyons' page", r.body, "لا توجد مدينة توأم معروفة لـ\u2068Lyons\u2069 بعد.")
}

func TestCitySectionsExtendTheCityPage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, cities := seededServer(t, db)
	s.CitySections = append(s.CitySections, func(r *http.Request, c *wikicities.City) (*wchttp.CitySection, error) {
		if c.Country != "France" {
			return nil, nil
		}
		body, err := s.Fragment(r, "city-link", c)
		return &wchttp.CitySection{ID: "communities", Heading: "Communities of " + c.Name, Body: body}, err
	})
	r := get(t, s, "/cities/"+strconv.FormatInt(cities[0].ID, 10)+"?uselang=ar")
	mustContain(t, "Lyon's page with a section", r.body,
		`<section class="wc-section" id="communities" aria-labelledby="communities-heading">`,
		`<h2 id="communities-heading">Communities of Lyon</h2>`,
		`<a href="/cities/`+strconv.FormatInt(cities[0].ID, 10)+`"><bdi>Lyon</bdi></a><span class="wc-meta">، <bdi>فرنسا</bdi></span>`)
	r = get(t, s, "/cities/"+strconv.FormatInt(cities[1].ID, 10))
	if strings.Contains(r.body, `id="communities"`) {
		t.Error("a section that returned nil is shown")
	}
	s.CitySections = append(s.CitySections, func(*http.Request, *wikicities.City) (*wchttp.CitySection, error) {
		return nil, errors.New("directory unavailable")
	})
	r = get(t, s, "/cities/"+strconv.FormatInt(cities[0].ID, 10))
	if r.code != 500 || strings.Contains(r.body, "directory unavailable") {
		t.Errorf("failing section: status %d, internal error shown: %v", r.code, strings.Contains(r.body, "directory unavailable"))
	}
	mustContain(t, "error page", r.body, "Something went wrong")
}

func TestSearchWorksWithoutJavaScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, cities := seededServer(t, db)
		r := get(t, s, "/search?q=ly")
		mustContain(t, "search for ly", r.body,
			`value="ly"`, "Results for “ly”",
			`<a href="/cities/`+strconv.FormatInt(cities[0].ID, 10)+`"><bdi>Lyon</bdi></a>`,
			`<a href="/cities/`+strconv.FormatInt(cities[7].ID, 10)+`"><bdi>Lyons</bdi></a>`,
			"7 twin cities", "0 twin cities")
		if strings.Contains(r.body, "Birmingham") {
			t.Error("search for ly lists Birmingham")
		}
		for _, q := range []string{"Birmingham,+England", "Q2256"} {
			r = get(t, s, "/search?q="+q)
			mustContain(t, "search for "+q, r.body, `<a href="/cities/`+strconv.FormatInt(cities[1].ID, 10)+`"><bdi>Birmingham</bdi></a>`)
		}
		r = get(t, s, "/search?q=zz&uselang=de")
		mustContain(t, "search without results", r.body, "Keine Stadt, Community, Institution und kein Gesuch passt zu „zz“.")
		r = get(t, s, "/search?q=%3Cb%3E")
		if strings.Contains(r.body, "<b>") {
			t.Error("the query is printed as markup")
		}
		r = get(t, s, "/search?q=x&offset=-1")
		if r.code != http.StatusUnprocessableEntity {
			t.Errorf("bad offset: status %d, want 422", r.code)
		}
		mustContain(t, "bad offset", r.body, "Position in the list: Enter a whole number from 0 to 100,000.")
	})
}

func TestSearchPagesThroughResults(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ctx := context.Background()
	for i := 0; i < 45; i++ {
		if err := db.Cities().CreateCity(ctx, &wikicities.City{Name: "Sankt " + strconv.Itoa(100+i), Country: "Austria"}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := db.Cities().AllCities(ctx) // the graph, and its search index, as serve builds them
	if err != nil {
		t.Fatal(err)
	}
	s := newServer(db, twins.New(all, nil))
	r := get(t, s, "/search?q=sankt")
	mustContain(t, "page 1", r.body, "Sankt 100", "Sankt 119", `href="/search?offset=20&amp;q=sankt"`)
	if strings.Contains(r.body, "Sankt 120") || strings.Contains(r.body, ">Previous<") {
		t.Error("page 1 shows too much")
	}
	r = get(t, s, "/search?q=sankt&offset=40")
	mustContain(t, "last page", r.body, "Sankt 144", `href="/search?offset=20&amp;q=sankt"`, ">Previous<")
	if strings.Contains(r.body, ">Next<") {
		t.Error("the last page links to a next page")
	}
}

func TestNotFoundIsTranslatedAndAPIStaysJSON(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, _ := seededServer(t, db)
	tests := []struct {
		path, want, contentType string
	}{
		{"/no/such/page?uselang=ar", "الصفحة غير موجودة", "text/html; charset=utf-8"},
		{"/cities/999999", "Page not found", "text/html; charset=utf-8"},
		{"/cities/abc?uselang=de", "Seite nicht gefunden", "text/html; charset=utf-8"},
		{"/assets/site.000000000000.css", "Page not found", "text/html; charset=utf-8"},
		{"/api/v1/no-such-route", `"error": "no page at this address: not found"`, "application/json; charset=utf-8"},
	}
	for _, tt := range tests {
		r := get(t, s, tt.path)
		if r.code != 404 {
			t.Errorf("%s: status %d, want 404", tt.path, r.code)
		}
		if got := r.head.Get("Content-Type"); got != tt.contentType {
			t.Errorf("%s: Content-Type %q, want %q", tt.path, got, tt.contentType)
		}
		mustContain(t, tt.path, r.body, tt.want)
	}
	// Only a city's address says the city may have been merged.
	for path, merged := range map[string]bool{"/cities/999999": true, "/cities/999999?uselang=ar": true, "/events/999999": false,
		"/no/such/page?uselang=de": false, "/partnerships/999999?uselang=ar": false} {
		body := get(t, s, path).body
		said := strings.Contains(body, "merged") || strings.Contains(body, "zusammengeführt") || strings.Contains(body, "دُمجت")
		if said != merged {
			t.Errorf("%s: the page speaks of a merged city: %v, want %v", path, said, merged)
		}
	}
}

func TestLanguageChoice(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, _ := seededServer(t, db)
	tests := []struct {
		name    string
		target  string
		headers []string
		actor   *wikicities.Actor
		want    string
	}{
		{"Accept-Language", "/", []string{"Accept-Language: de-AT,en;q=0.5"}, nil, "de"},
		{"uselang beats Accept-Language", "/?uselang=ar", []string{"Accept-Language: de"}, nil, "ar"},
		{"unknown uselang ignored", "/?uselang=xx", []string{"Accept-Language: de"}, nil, "de"},
		{"cookie of the switcher beats Accept-Language", "/", []string{"Accept-Language: de", "Cookie: " + wchttp.LanguageCookie + "=ar"}, nil, "ar"},
		{"account's language beats the cookie", "/", []string{"Cookie: " + wchttp.LanguageCookie + "=ar"}, &wikicities.Actor{UserID: 1, Language: "de"}, "de"},
		{"uselang beats the account", "/?uselang=en", nil, &wikicities.Actor{UserID: 1, Language: "de"}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", tt.target, nil)
			for _, h := range tt.headers {
				k, v, _ := strings.Cut(h, ": ")
				r.Header.Set(k, v)
			}
			if tt.actor != nil {
				r = r.WithContext(wikicities.NewContext(r.Context(), tt.actor))
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			if got := w.Header().Get("Content-Language"); got != tt.want {
				t.Errorf("language %q, want %q", got, tt.want)
			}
		})
	}
	r := get(t, s, "/search?q=ly&uselang=ar")
	if c := r.head.Get("Set-Cookie"); !strings.Contains(c, wchttp.LanguageCookie+"=ar") || !strings.Contains(c, "HttpOnly") {
		t.Errorf("uselang does not set the language cookie: %q", c)
	}
	// The switcher keeps the page's other parameters.
	mustContain(t, "switcher", r.body, `<form class="wc-lang" action="/search" method="get">`,
		`<input type="hidden" name="q" value="ly">`, `<option value="ar" lang="ar" dir="rtl" selected>العربية</option>`)
}

func TestSignedInActorAndCSRFTokenReachTheFrame(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, _ := seededServer(t, db)
	old := wchttp.CSRFTokenFunc
	t.Cleanup(func() { wchttp.CSRFTokenFunc = old })
	wchttp.CSRFTokenFunc = func(r *http.Request) string { return "tok-" + r.URL.Path }
	r := httptest.NewRequest("GET", "/?uselang=de", nil)
	r = r.WithContext(wikicities.NewContext(r.Context(), &wikicities.Actor{UserID: 7, Username: "Ada <3"}))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	mustContain(t, "home", w.Body.String(), "Angemeldet als Ada &lt;3")
	body, err := s.Fragment(r, "csrf", &wchttp.Page{CSRFField: wchttp.CSRFFieldName, CSRFToken: wchttp.CSRFTokenFunc(r)})
	if err != nil {
		t.Fatal(err)
	}
	if want := template.HTML(`<input type="hidden" name="csrf_token" value="tok-/">`); body != want {
		t.Errorf("csrf partial %s, want %s", body, want)
	}
}

func TestAssetsAreHashedImmutableAndGzipped(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newServer(db, twins.New(nil, nil))
	for _, name := range wchttp.AssetNames() {
		url := wchttp.AssetURL(name)
		ext := filepath.Ext(name)
		if !regexp.MustCompile(`^/assets/[a-z-]+\.[0-9a-f]{12}` + regexp.QuoteMeta(ext) + `$`).MatchString(url) {
			t.Errorf("%s: URL %q is not content-hashed", name, url)
		}
		want, err := os.ReadFile(filepath.Join("static", name))
		if err != nil {
			t.Fatal(err)
		}
		plain := get(t, s, url)
		zipped := get(t, s, url, "Accept-Encoding: gzip, deflate, br")
		for _, r := range []response{plain, zipped} {
			if r.code != 200 || r.body != string(want) {
				t.Fatalf("%s: status %d, %d bytes, want the file's %d", url, r.code, len(r.body), len(want))
			}
			if cc := r.head.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s: Cache-Control %q", url, cc)
			}
		}
		if zipped.head.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s is not served gzipped", url)
		}
		if plain.head.Get("Content-Encoding") != "" {
			t.Errorf("%s is gzipped for a client that did not ask", url)
		}
		for accept, want := range map[string]string{"gzip;q=0": "", "br, *;q=0.1": "gzip", "GZIP;q=0.5": "gzip", "identity": ""} {
			if got := get(t, s, url, "Accept-Encoding: "+accept).head.Get("Content-Encoding"); got != want {
				t.Errorf("%s with Accept-Encoding %q: Content-Encoding %q, want %q", url, accept, got, want)
			}
		}
		r := get(t, s, url, "If-None-Match: "+plain.head.Get("ETag"))
		if r.code != http.StatusNotModified {
			t.Errorf("%s with its ETag: status %d, want 304", url, r.code)
		}
	}
}

func TestMapCitiesGeoJSON(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, cities := seededServer(t, db)
	id := func(i int) int64 { return cities[i].ID }
	type feature struct {
		Geometry struct {
			Type        string
			Coordinates []float64
		}
		Properties struct {
			ID    int64
			Name  string
			Twins []int64
			N     int
			G     bool
		}
	}
	// A community based in Lyon marks Lyon on the maps.
	wiki := &wikicities.Community{Kind: "user_group", Name: "Wikimedians of Lyon", CityID: id(0), Status: "active"}
	if err := db.Communities().CreateCommunity(wikicities.NewContext(context.Background(), wikicities.System), wiki); err != nil {
		t.Fatal(err)
	}
	decode := func(path string) []feature {
		t.Helper()
		r := get(t, s, path, "Accept-Encoding: gzip")
		if r.code != 200 {
			t.Fatalf("%s: status %d: %s", path, r.code, r.body)
		}
		if ct := r.head.Get("Content-Type"); ct != "application/geo+json" {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		var fc struct {
			Type     string
			Features []feature
		}
		if err := json.Unmarshal([]byte(r.body), &fc); err != nil || fc.Type != "FeatureCollection" {
			t.Fatalf("%s: not a FeatureCollection: %v", path, err)
		}
		return fc.Features
	}
	// One city and its twins: Beirut's only twin is Lyon; Lyon's other
	// twins are not in the answer, so only the Beirut–Lyon link is.
	fs := decode("/map/cities.geojson?city=" + strconv.FormatInt(id(4), 10))
	if len(fs) != 2 || fs[0].Properties.ID != id(4) || fs[1].Properties.ID != id(0) {
		t.Fatalf("Beirut's map: %+v", fs)
	}
	if g := fs[0].Geometry; g.Type != "Point" || g.Coordinates[0] != 35.5 || g.Coordinates[1] != 33.89 {
		t.Errorf("Beirut at %+v, want Point [35.5 33.89] (longitude first)", g)
	}
	if tw := fs[1].Properties.Twins; len(tw) != 1 || tw[0] != id(4) || fs[1].Properties.N != 7 {
		t.Errorf("Lyon in Beirut's map: twins %v of %d, want [Beirut] of 7", tw, fs[1].Properties.N)
	}
	if !fs[1].Properties.G || fs[0].Properties.G {
		t.Errorf("group marks: Beirut %v, Lyon %v; want only Lyon, where a community is based", fs[0].Properties.G, fs[1].Properties.G)
	}
	// Default: most twinned first, isolated cities left out.
	fs = decode("/map/cities.geojson")
	if len(fs) != 8 || fs[0].Properties.Name != "Lyon" {
		t.Errorf("featured map: %d cities, first %q; want 8, Lyon first", len(fs), fs[0].Properties.Name)
	}
	fs = decode("/map/cities.geojson?limit=2")
	if len(fs) != 2 {
		t.Errorf("limit=2 gave %d cities", len(fs))
	}
	// A box around Germany and Poland.
	fs = decode("/map/cities.geojson?bbox=5,47,25,55")
	var names []string
	for _, f := range fs {
		names = append(names, f.Properties.Name)
	}
	if strings.Join(names, ",") != "Frankfurt am Main,Leipzig,Kraków" {
		t.Errorf("bbox: %v", names)
	}
	// A box across the antimeridian holds nothing here, without error.
	if fs := decode("/map/cities.geojson?bbox=170,-50,-170,50"); len(fs) != 0 {
		t.Errorf("antimeridian box: %d cities", len(fs))
	}
	s.MapFeatured = func(context.Context) ([]int64, error) { return []int64{id(6), id(5)}, nil }
	fs = decode("/map/cities.geojson")
	if len(fs) != 2 || fs[0].Properties.Name != "Kraków" || len(fs[0].Properties.Twins) != 1 {
		t.Errorf("MapFeatured not used: %+v", fs)
	}
	for _, bad := range []string{"?limit=0", "?limit=x", "?city=0", "?city=abc", "?bbox=1,2,3", "?bbox=0,91,1,92", "?bbox=0,10,1,5"} {
		r := get(t, s, "/map/cities.geojson"+bad)
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"field"`) {
			t.Errorf("%s: status %d %s, want 422 naming the field", bad, r.code, r.body)
		}
	}
}

// Every text a template shows comes from the message files: text nodes
// hold no letters outside tags and template actions, and no user-facing
// attribute has a literal value.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		problems, err := literalText(f, string(src))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			t.Errorf("%s: %s: put the text in i18n/en.json (make i18n-add) and print it with {{msg}}", f, p)
		}
	}
}

// The check above finds what it should.
func TestLiteralTextCheckFindsLiterals(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{`<p>{{msg "a"}}</p><a href="/x" class="wc-y">{{.Name}}</a>`, 0},
		{`<p>Hello</p>`, 1},
		{`{{if .X}}<b>Welcome {{.Name}}</b>{{else}}{{msg "a"}}{{end}}`, 1},
		{`{{range .L}}<li>{{.}} items</li>{{end}}`, 1},
		{`<input aria-label="Search" placeholder="{{msg "p"}}">`, 1},
		{`<img alt="{{.Alt}}" title="Map">`, 1},
		{`<p>&nbsp;&middot; {{msg "a"}} · 42</p><!-- a comment -->`, 0},
		{`<script src="{{asset "x.js"}}" defer></script>`, 0},
	}
	for _, tt := range tests {
		got, err := literalText("test", tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("%s: found %q, want %d", tt.src, got, tt.want)
		}
	}
}

// userFacingAttrs are the attributes whose values people read or hear.
var userFacingAttrs = regexp.MustCompile(`(?i)\s(aria-label|title|alt|placeholder|label|value|data-[a-z-]*(results|separator|label|attribution|zoom-in|zoom-out))\s*=\s*"([^"]*)"`)

var letters = regexp.MustCompile(`\p{L}+`)

// literalText returns the literal words a template source would show.
func literalText(name, src string) ([]string, error) {
	trees, err := parse.Parse(name, src, "{{", "}}", templateFuncNames())
	if err != nil {
		return nil, err
	}
	var out []string
	for tname, tree := range trees {
		var b strings.Builder
		flatten(&b, tree.Root)
		text := b.String()
		for _, m := range userFacingAttrs.FindAllStringSubmatch(text, -1) {
			if w := letters.FindString(m[3]); w != "" {
				out = append(out, fmt.Sprintf("template %q: attribute %s has literal text %q", tname, m[1], m[3]))
			}
		}
		text = regexp.MustCompile(`(?s)<!--.*?-->|<[^>]*>|&[#a-zA-Z0-9]+;`).ReplaceAllString(text, " ")
		for _, w := range letters.FindAllString(text, -1) {
			out = append(out, fmt.Sprintf("template %q prints literal text %q", tname, w))
		}
	}
	return out, nil
}

// templateFuncNames names the functions the templates may call, the
// built-in ones and those of package http, for the parser.
func templateFuncNames() map[string]any {
	m := map[string]any{}
	for _, n := range strings.Fields("and or not len eq ne lt le gt ge index slice print printf println html js urlquery call msg num country cityname regionname language asset dict") {
		m[n] = fmt.Sprint
	}
	return m
}

// flatten writes a template's text with every action replaced by a marker,
// descending into if/range/with bodies.
func flatten(b *strings.Builder, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			flatten(b, c)
		}
	case *parse.TextNode:
		b.Write(n.Text)
	case *parse.IfNode:
		b.WriteString("\x00")
		flatten(b, n.List)
		flatten(b, n.ElseList)
	case *parse.RangeNode:
		b.WriteString("\x00")
		flatten(b, n.List)
		flatten(b, n.ElseList)
	case *parse.WithNode:
		b.WriteString("\x00")
		flatten(b, n.List)
		flatten(b, n.ElseList)
	default:
		b.WriteString("\x00")
	}
}

// Every message key that a template or a handler names exists in English
// (and so, by the i18n package's tests, is documented in qqq.json).
func TestUsedMessageKeysExist(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "i18n", "en.json"))
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]any
	if err := json.Unmarshal(b, &en); err != nil {
		t.Fatal(err)
	}
	used := map[string]string{} // key -> where
	templates, _ := filepath.Glob("templates/*.html")
	for _, f := range templates {
		src, _ := os.ReadFile(f)
		trees, err := parse.Parse(f, string(src), "{{", "}}", templateFuncNames())
		if err != nil {
			t.Fatal(err)
		}
		for _, tree := range trees {
			walkCommands(tree.Root, func(c *parse.CommandNode) {
				if len(c.Args) > 1 {
					if id, ok := c.Args[0].(*parse.IdentifierNode); ok && id.Ident == "msg" {
						if s, ok := c.Args[1].(*parse.StringNode); ok {
							used[s.Text] = f
						} else {
							t.Errorf("%s: msg with a key that is not a literal string: %s", f, c)
						}
					}
				}
			})
		}
	}
	// Handlers, the labels package and the digest email all say messages:
	// every Go file of the module is scanned.
	var goFiles []string
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			goFiles = append(goFiles, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// A key built from a prefix ("inbox-answer-"+action) must at least
	// begin some message; its tails are checked by the labels' tests.
	callRE := regexp.MustCompile(`\.Msg\("([^"]+)"(\s*\+)?`)
	prefixes := map[string]string{}
	for _, f := range goFiles {
		src, _ := os.ReadFile(f)
		for _, m := range callRE.FindAllStringSubmatch(string(src), -1) {
			if m[2] != "" {
				prefixes[m[1]] = f
				continue
			}
			used[m[1]] = f
		}
	}
	for prefix, where := range prefixes {
		found := false
		for k := range en {
			found = found || strings.HasPrefix(k, prefix) && k != prefix
		}
		if !found {
			t.Errorf("%s builds messages from %q, but no message in i18n/en.json begins with it", where, prefix)
		}
	}
	if len(used) < 20 {
		t.Fatalf("found only %d message keys in use: the scan is broken", len(used))
	}
	for k, where := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s uses message %q, which is not in i18n/en.json (make i18n-add)", where, k)
		}
	}
}

func walkCommands(n parse.Node, fn func(*parse.CommandNode)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				walkCommands(c, fn)
			}
		}
	case *parse.ActionNode:
		walkCommands(n.Pipe, fn)
	case *parse.PipeNode:
		if n != nil {
			for _, c := range n.Cmds {
				walkCommands(c, fn)
			}
		}
	case *parse.CommandNode:
		fn(n)
		for _, a := range n.Args {
			walkCommands(a, fn)
		}
	case *parse.IfNode:
		walkCommands(n.Pipe, fn)
		walkCommands(n.List, fn)
		walkCommands(n.ElseList, fn)
	case *parse.RangeNode:
		walkCommands(n.Pipe, fn)
		walkCommands(n.List, fn)
		walkCommands(n.ElseList, fn)
	case *parse.WithNode:
		walkCommands(n.Pipe, fn)
		walkCommands(n.List, fn)
		walkCommands(n.ElseList, fn)
	case *parse.TemplateNode:
		walkCommands(n.Pipe, fn)
	}
}
