// Package realdata locates the real world datasets that tests and
// benchmarks read from ../shared/data (relative to the repository root).
// They are never copied into the repository.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
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
