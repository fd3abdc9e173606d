package http_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The live search gets the results alone, as the page renders them: in the
// page's language (country names included), escaped, with the count for
// its status line; the whole page keeps its frame.
func TestSearchResultsFragmentForTheLiveSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := seededServer(t, db)
		r := get(t, s, "/search?q=Ly&part=results&uselang=de")
		if r.code != http.StatusOK || r.head.Get("Content-Language") != "de" {
			t.Fatalf("status %d, Content-Language %q", r.code, r.head.Get("Content-Language"))
		}
		mustContain(t, "German fragment", r.body, `<div id="wc-results" data-count="2">`,
			`<bdi>Lyon</bdi></a><span class="wc-meta">, <bdi>Frankreich</bdi>`, `<bdi>Vereinigte Staaten</bdi>`, "7 Partnerstädte")
		mustNotContain(t, "German fragment", r.body, "<html", "<h1", "France")

		r = get(t, s, "/search?q=%3Cscript&part=results")
		mustContain(t, "escaped fragment", r.body, `data-count="1"`, `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;`)
		mustNotContain(t, "escaped fragment", r.body, `<script>`)

		r = get(t, s, "/search?q=Atlantis&part=results")
		mustContain(t, "no results", r.body, `data-count="0"`)

		page := get(t, s, "/search?q=Ly&uselang=ar")
		mustContain(t, "Arabic page", page.body, `<div id="wc-results-block"><div id="wc-results"`, "<bdi>فرنسا</bdi>")
	})
}

// The map's cities name their countries in the page's language; the
// address alone chooses it (?uselang=, not the cookie), since caches share
// the answer by address.
func TestMapCitiesNameCountriesInThePagesLanguage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, cities := seededServer(t, db)
	lyon := strconv.FormatInt(cities[0].ID, 10)
	countryOf := func(target string, headers ...string) string {
		t.Helper()
		r := get(t, s, target, headers...)
		var fc struct {
			Features []struct {
				Properties struct {
					ID      int64  `json:"id"`
					Country string `json:"country"`
				} `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(r.body), &fc); err != nil {
			t.Fatalf("%s: %v", target, err)
		}
		for _, f := range fc.Features {
			if f.Properties.ID == cities[0].ID {
				return f.Properties.Country
			}
		}
		t.Fatalf("%s: no Lyon in %s", target, r.body)
		return ""
	}
	for _, c := range []struct {
		target, cookie, want string
	}{
		{"/map/cities.geojson?city=" + lyon + "&uselang=ar", "", "فرنسا"},
		{"/map/cities.geojson?uselang=de", "", "Frankreich"},
		{"/map/cities.geojson?city=" + lyon, "", "France"},
		{"/map/cities.geojson?city=" + lyon, "Cookie: wikicities_lang=de", "France"},
		{"/map/cities.geojson?city=" + lyon + "&uselang=xx", "", "France"},
	} {
		var headers []string
		if c.cookie != "" {
			headers = append(headers, c.cookie)
		}
		if got := countryOf(c.target, headers...); got != c.want {
			t.Errorf("%s %s: country %q, want %q", c.target, c.cookie, got, c.want)
		}
	}
	mustContain(t, "German city page", get(t, s, "/cities/"+lyon+"?uselang=de").body,
		`data-cities="/map/cities.geojson?city=`+lyon+`&amp;uselang=de"`)
	mustContain(t, "Arabic home page", get(t, s, "/?uselang=ar").body, `data-cities="/map/cities.geojson?uselang=ar"`)
}
