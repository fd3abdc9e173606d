package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store/storetest"
)

// labelsAnswer is the query service's answer to the labels query for
// Munich (Q1726) and Berlin (Q64), as application/sparql-results+json.
const labelsAnswer = `{
  "head" : { "vars" : [ "item", "label" ] },
  "results" : { "bindings" : [ {
    "item" : { "type" : "uri", "value" : "http://www.wikidata.org/entity/Q1726" },
    "label" : { "xml:lang" : "de", "type" : "literal", "value" : "München" }
  }, {
    "item" : { "type" : "uri", "value" : "http://www.wikidata.org/entity/Q1726" },
    "label" : { "xml:lang" : "ar", "type" : "literal", "value" : "ميونخ" }
  }, {
    "item" : { "type" : "uri", "value" : "http://www.wikidata.org/entity/Q1726" },
    "label" : { "xml:lang" : "en", "type" : "literal", "value" : "Munich" }
  }, {
    "item" : { "type" : "uri", "value" : "http://www.wikidata.org/entity/Q64" },
    "label" : { "xml:lang" : "ar", "type" : "literal", "value" : "برلين" }
  }, {
    "item" : { "type" : "uri", "value" : "http://www.wikidata.org/entity/Q64" },
    "label" : { "xml:lang" : "de-formal", "type" : "literal", "value" : "Berlin" }
  } ] }
}`

// labelsEndpoint answers every query with labelsAnswer and keeps the queries.
func labelsEndpoint(t *testing.T) (string, func() []string) {
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(body))
		mu.Lock()
		queries = append(queries, v.Get("query"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/sparql-results+json")
		io.WriteString(w, labelsAnswer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string { mu.Lock(); defer mu.Unlock(); return append([]string(nil), queries...) }
}

func TestSyncLabelsNamesCitiesInThePagesLanguage(t *testing.T) {
	endpoint, queries := labelsEndpoint(t)
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			sargs := metaStoreArgs(t, d)
			db := openMetaStore(t, sargs)
			sys := wikicities.NewContext(context.Background(), wikicities.System)
			munich := &wikicities.City{Name: "Munich", Country: "Germany", QID: "Q1726"}
			for _, c := range []*wikicities.City{munich, {Name: "Berlin", Country: "Germany", QID: "Q64"}, {Name: "Gotham", Country: "Nowhere"}} {
				if err := db.Cities().CreateCity(sys, c); err != nil {
					t.Fatal(err)
				}
			}
			out, err := runCLI(t, append([]string{"sync", "labels", "--endpoint", endpoint, "--languages", "de,ar,en"}, sargs...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if want := "city names: 2 cities with a Wikidata item, 1 queries, 5 labels read (1 skipped), 3 names added, 0 changed, 0 removed"; !strings.Contains(out, want) {
				t.Errorf("output:\n%s\nwant %q", out, want)
			}
			q := queries()[len(queries())-1]
			if !strings.Contains(q, "VALUES ?item { wd:Q1726 wd:Q64 }") || !strings.Contains(q, `FILTER(LANG(?label) IN ("de", "ar", "en"))`) {
				t.Errorf("query:\n%s", q)
			}
			m := runMainOnArgs(t, sargs)
			for lang, want := range map[string]string{"de": "<h1>München</h1>", "ar": "<h1>ميونخ</h1>", "en": "<h1>Munich</h1>", "fr": "<h1>Munich</h1>"} {
				body := getBody(t, m.Server.URL()+"/cities/"+strconv.FormatInt(munich.ID, 10)+"?uselang="+lang)
				if !strings.Contains(body, want) {
					t.Errorf("%s page lacks %s", lang, want)
				}
			}
			// Search finds the city by its name in another language.
			for _, q := range []string{"München", "ميونخ"} {
				if body := getBody(t, m.Server.URL()+"/search?q="+url.QueryEscape(q)); !strings.Contains(body, `href="/cities/`+strconv.FormatInt(munich.ID, 10)+`"`) {
					t.Errorf("search %s does not find Munich", q)
				}
			}
			if got := m.Graph.Named(wikicities.NameKey("ميونخ")); len(got) != 1 || got[0].ID != munich.ID {
				t.Errorf("the graph does not know the Arabic name: %v", got)
			}
		})
	}
}

func getBody(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
