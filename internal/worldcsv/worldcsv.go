// Package worldcsv reads the real world twin-cities dataset
// (city1,country1,lat1,lng1,city2,country2,lat2,lng2) into cities and twin
// links, for the matcher's tests and benchmarks. It is deliberately minimal:
// a city is its folded name and sovereign country, the first coordinates
// seen win. The product's importer (package csv) does the real job.
package worldcsv

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// PathEnv names an environment variable that overrides where the dataset is.
const PathEnv = "WIKICITIES_WORLD_CSV"

// Path returns the dataset's path: $WIKICITIES_WORLD_CSV, else
// ../shared/data/twin-cities/twin_cities.csv from the repository root (for
// a worktree one level deeper, ../../shared/...), found from this source
// file. The first that exists wins; otherwise the conventional one.
func Path() string {
	if p := os.Getenv(PathEnv); p != "" {
		return p
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	rel := filepath.Join("shared", "data", "twin-cities", "twin_cities.csv")
	first := filepath.Join(root, "..", rel)
	for _, p := range []string{first, filepath.Join(root, "..", "..", rel)} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return first
}

// Load reads the dataset at path. Cities get ids from 1 in order of first
// appearance. Errors name the line and column.
func Load(path string) ([]*wikicities.City, []*wikicities.TwinLink, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 8
	if _, err := r.Read(); err != nil {
		return nil, nil, fmt.Errorf("%s: header: %w", path, err)
	}
	ids := map[string]int64{}
	var cities []*wikicities.City
	var links []*wikicities.TwinLink
	seen := map[[2]int64]bool{}
	city := func(line int, rec []string, col int) (int64, error) {
		name, country := rec[col], rec[col+1]
		key := wikicities.NameKey(name) + "|" + twins.Sovereign(country)
		if id, ok := ids[key]; ok {
			return id, nil
		}
		lat, err1 := strconv.ParseFloat(rec[col+2], 64)
		lng, err2 := strconv.ParseFloat(rec[col+3], 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lng < -180 || lng > 180 {
			return 0, fmt.Errorf("%s: line %d: coordinates %q,%q of %s are not valid", path, line, rec[col+2], rec[col+3], name)
		}
		c := &wikicities.City{ID: int64(len(cities) + 1), Name: name, Country: country, Lat: lat, Lng: lng, HasCoords: true}
		cities = append(cities, c)
		ids[key] = c.ID
		return c.ID, nil
	}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		a, err := city(line, rec, 0)
		if err != nil {
			return nil, nil, err
		}
		b, err := city(line, rec, 4)
		if err != nil {
			return nil, nil, err
		}
		l := &wikicities.TwinLink{A: a, B: b, Source: wikicities.SourceCSV, Provenance: fmt.Sprintf("line %d", line)}
		l.Normalize()
		if l.A == l.B || seen[[2]int64{l.A, l.B}] {
			continue
		}
		seen[[2]int64{l.A, l.B}] = true
		links = append(links, l)
	}
	return cities, links, nil
}
