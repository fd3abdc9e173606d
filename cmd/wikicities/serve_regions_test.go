package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/importer/sparql"
)

// serve --region-wikidata URL: a region page's "find more on Wikidata"
// asks that endpoint (here one on loopback with the test answer for
// Bavaria) and lists what it answers.
func TestServeAsksTheRegionWikidataEndpoint(t *testing.T) {
	answer, err := os.ReadFile("../../regions/regionwd/testdata/wikidata-DE-BY.json")
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	wdqs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if !strings.Contains(r.PostForm.Get("query"), "wd:Q980") {
			t.Errorf("asked %q", r.PostForm.Get("query"))
		}
		asked++
		w.Header().Set("Content-Type", sparql.MediaType)
		w.Write(answer)
	}))
	defer wdqs.Close()
	m := NewMain()
	m.Addr, m.NoDemo, m.Tiles = "127.0.0.1:0", true, "none"
	m.Store.dataDir = t.TempDir()
	if err := m.ParseFlags([]string{"--region-wikidata", wdqs.URL}, IO{Stdout: io.Discard, Stderr: io.Discard}); err != nil {
		t.Fatal(err)
	}
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	resp, err := http.Get(m.Server.URL() + "/regions/DE-BY/wikidata")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Bavarian State Library") || strings.Contains(string(body), "Kunsthalle Hamburg") || asked != 1 {
		t.Errorf("status %d, asked %d times: %s", resp.StatusCode, asked, body)
	}
}
