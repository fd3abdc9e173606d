package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/store"
)

// regionsAnswer is an answer of the region codes query in the query
// service's format.
const regionsAnswer = `{"head":{"vars":["city","code"]},"results":{"bindings":[
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"code":{"type":"literal","value":"DE-BY"}},
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q90"},"code":{"type":"literal","value":"FR-IDF"}},
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q90"},"code":{"type":"literal","value":"FR-75"}}]}}`

// regionsEndpoint is a SPARQL endpoint on loopback answering regionsAnswer
// and recording the queries.
func regionsEndpoint(t *testing.T) (string, *[]string) {
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		asked = append(asked, r.PostForm.Get("query"))
		w.Header().Set("Content-Type", sparql.MediaType)
		w.Write([]byte(regionsAnswer))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &asked
}

// sync regions asks the endpoint (on loopback, with an answer in the query
// service's format) for the province of every city with an item, stores
// the codes the data set knows and clears a stale one.
func TestSyncRegionsStoresWikidatasProvinces(t *testing.T) {
	wdqs, askedp := regionsEndpoint(t)
	dir := t.TempDir()
	dsn := filepath.Join(dir, "wikicities.db")
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, c := range []*wikicities.City{{QID: "Q1726", Name: "Munich", Country: "Germany"}, {QID: "Q90", Name: "Paris", Country: "France"},
			{QID: "Q64", Name: "Berlin", Country: "Germany", Region: "DE-BB"}, {Name: "Nowhere", Country: "Germany"}} {
			if err := tx.CreateCity(ctx, c); err != nil {
				return err
			}
			ids[c.Name] = c.ID
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "", "sync", "regions", "--endpoint", wdqs, "--batch", "2", "--data-dir", dir, "--json")
	var sum map[string]int
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if sum["cities_with_item"] != 3 || sum["queries"] != 2 || sum["cities_with_region"] != 2 || sum["changed"] != 3 {
		t.Errorf("summary %v", sum)
	}
	if asked := *askedp; len(asked) != 2 || !strings.Contains(asked[0], "wd:Q1726 wd:Q90") {
		t.Errorf("asked %q", asked)
	}
	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, want := range map[string]string{"Munich": "DE-BY", "Paris": "FR-75", "Berlin": "", "Nowhere": ""} {
		c, err := db.Cities().City(ctx, ids[name])
		if err != nil || c.Region != want {
			t.Errorf("%s: region %q, want %q (%v)", name, c.Region, want, err)
		}
	}
}
