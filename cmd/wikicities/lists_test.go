package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/demo"
	"github.com/wikicities/wikicities/store"
)

// The list pages answer in every language, link to each listed entry, and
// their filters narrow the list.
func TestListPagesFilter(t *testing.T) {
	m := MustRunMain(t, store.SQLite, true)
	get := func(path string) string {
		t.Helper()
		resp, err := http.Get(m.Server.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", path, resp.StatusCode, b)
		}
		if strings.Contains(string(b), "⧼") {
			t.Errorf("GET %s shows a missing message", path)
		}
		return string(b)
	}
	for _, lang := range []string{"en", "de", "ar"} {
		for _, p := range []string{"/communities", "/institutions", "/partnerships", "/requests"} {
			body := get(p + "?uselang=" + lang)
			for _, nav := range []string{`href="/communities"`, `href="/institutions"`, `href="/partnerships"`, `href="/requests"`, `href="/reports"`} {
				if !strings.Contains(body, nav) {
					t.Errorf("%s?uselang=%s: header lacks %s", p, lang, nav)
				}
			}
		}
	}
	cases := []struct {
		path, want, notWant string
	}{
		{"/communities", "WikiMUC", ""},
		{"/communities?kind=chapter", "Wikimedia District of Columbia", "WikiMUC"},
		{"/communities?country=Germany", "Kontor Hamburg", "Amical Wikimedia"},
		{"/communities?q=" + url.QueryEscape("muc"), "WikiMUC", "Kontor Hamburg"},
		{"/institutions?kind=museum", "Deutsches Museum", "Bayerische Staatsbibliothek"},
		{"/partnerships?state=proposed", "Kontor Hamburg", "Deutsches Museum"},
		{"/partnerships?state=dormant", "Wikimedia New England", "Kontor Hamburg"},
		{"/partnerships?country=Spain", "Amical Wikimedia", "Deutsches Museum"},
		{"/partnerships?health=closed", "Bayerische Staatsbibliothek", "Lokal K"},
		{"/requests", demo.Requests[0].Title, ""},
		// One search finds cities, communities, institutions and requests.
		{"/search?q=WikiMUC", `<bdi>WikiMUC</bdi>`, "Kontor Hamburg"},
		{"/search?q=museum", `<bdi>Deutsches Museum</bdi>`, "WikiMUC"},
		{"/search?q=photographers", "Photographers for Wiki Loves Monuments", "WikiMUC"},
	}
	for _, c := range cases {
		body := get(c.path)
		list := body[max(strings.Index(body, `id="wc-list"`), strings.Index(body, `id="wc-results"`)):]
		if !strings.Contains(list, c.want) {
			t.Errorf("%s does not list %q", c.path, c.want)
		}
		if c.notWant != "" && strings.Contains(list, c.notWant) {
			t.Errorf("%s lists %q", c.path, c.notWant)
		}
	}
}

// The home page counts the countries as the reports do: states, not
// spellings ("England" and "United Kingdom" are one).
func TestHomeAndReportsCountTheSameCountries(t *testing.T) {
	m := MustRunMain(t, store.SQLite, true)
	resp, err := http.Get(m.Server.URL() + "/api/v1/reports/countries?format=json")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct{ Countries []struct{ Key string } }
	err = json.NewDecoder(resp.Body).Decode(&rep)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range rep.Countries {
		if c.Key != "" {
			n++
		}
	}
	resp, err = http.Get(m.Server.URL() + "/?uselang=en")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if want := fmt.Sprintf("<li>%d countries</li>", n); n == 0 || !strings.Contains(string(b), want) {
		t.Errorf("the reports count %d countries; the home page does not say %q", n, want)
	}
}

// German tells twin links (Städtepartnerschaften) from the partnerships
// between groups (Partnerschaften).
func TestGermanSeparatesTwinLinksFromPartnerships(t *testing.T) {
	m := MustRunMain(t, store.SQLite, true)
	resp, err := http.Get(m.Server.URL() + "/?uselang=de")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)
	for _, want := range []string{" Städtepartnerschaften</li>", `href="/partnerships">Partnerschaften</a>`, "Die Städtepartnerschaften stammen"} {
		if !strings.Contains(body, want) {
			t.Errorf("the German home page lacks %q", want)
		}
	}
}
