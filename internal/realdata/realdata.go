// Package realdata locates the real world datasets that tests and
// benchmarks read from ../shared/data (relative to the repository root).
// They are never copied into the repository.
package realdata

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// TwinCitiesCSV returns the path of the world twin-cities CSV, or skips tb
// with a message saying where it was looked for.
func TwinCitiesCSV(tb testing.TB) string {
	tb.Helper()
	return find(tb, filepath.Join("twin-cities", "twin_cities.csv"))
}

func find(tb testing.TB, rel string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("real dataset skipped: repository root (go.mod) not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("real dataset skipped: %v", err)
	}
	return p
}

// Import imports the world twin-cities CSV into db with the product's own
// importer, as `wikicities import csv` does, and returns the twin graph
// built from the store, as serve builds it at start. It skips tb when the
// dataset is absent.
func Import(tb testing.TB, db *store.DB) *twins.Graph {
	tb.Helper()
	path := TwinCitiesCSV(tb)
	ctx := context.Background()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	batch, err := csvimport.Read(f, filepath.Base(path), false)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := importer.Import(ctx, db, batch, importer.Options{}); err != nil {
		tb.Fatal(err)
	}
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	links, err := db.Cities().AllTwinLinks(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return twins.New(cities, links)
}
