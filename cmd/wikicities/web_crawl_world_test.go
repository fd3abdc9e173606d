package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/wikicities/wikicities/internal/realdata"
)

// The crawl on the world dataset, set up as a new site is: a first start
// loads the demo groups into the empty store, `wikicities import csv`
// adds the twin cities of ../shared/data/twin-cities/twin_cities.csv (read
// in place, never copied), and the server starts again over both. From the
// home page and a community page, anonymous, in English, at most 250
// pages: no answer is an error and no link names something other than the
// page it opens. Skipped when the dataset is absent.
func TestCrawlTheWorldDataset(t *testing.T) {
	if testing.Short() {
		t.Skip("crawl skipped in -short mode")
	}
	csv := realdata.TwinCitiesCSV(t)
	dir := t.TempDir()
	start := func() *Main {
		t.Helper()
		m := NewMain()
		m.Addr, m.Tiles, m.MetaAPI = "127.0.0.1:0", "none", "none"
		m.Store.dataDir = dir
		if err := m.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := start() // the demo data, into the empty store
	var demoCities int
	if err := m.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM cities`).Scan(&demoCities); err != nil {
		t.Fatal(err)
	}
	m.Close()
	if err := Run(context.Background(), []string{"import", "csv", csv, "--data-dir", dir}, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("import csv: %v", err)
	}
	m = start()
	t.Cleanup(func() { m.Close() })
	var cities, links, community int
	if err := m.DB.QueryRow(context.Background(), `SELECT (SELECT COUNT(*) FROM cities), (SELECT COUNT(*) FROM twin_links), (SELECT MIN(id) FROM communities)`).Scan(&cities, &links, &community); err != nil {
		t.Fatal(err)
	}
	if cities < 10*demoCities || links < 10000 || community == 0 {
		t.Fatalf("the world dataset is not loaded beside the demo: %d cities (demo %d), %d twin links, community %d", cities, demoCities, links, community)
	}
	starts := []string{"/?uselang=en", fmt.Sprintf("/communities/%d?uselang=en", community)}
	n := crawl(t, &http.Client{}, m.Server.URL(), starts, 250)
	if n < 100 {
		t.Errorf("crawled only %d pages of the world dataset", n)
	}
	t.Logf("crawled %d pages over %d cities and %d twin links", n, cities, links)
}
