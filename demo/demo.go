// Package demo holds the small embedded data set loaded on the first start
// of an empty store, so that a fresh WikiCities shows something real: the
// twin towns of the cities whose Wikimedia communities started the
// movement. Other areas add their demo records (communities, institutions,
// partnerships) with Register, in files of their own.
package demo

import (
	"context"
	"fmt"
	"sync"

	"github.com/wikicities/wikicities"
)

// SeedName names the demo data's seed (wikicities.Seeder): the setting
// SeedName+".loaded" records when it was loaded; once set, Load never runs
// again, even if the data is later deleted.
const SeedName = "demo"

// SettingKey is the setting that records when the demo data was loaded.
const SettingKey = SeedName + ".loaded"

// Loader adds demo records inside Load's transaction. cities maps the
// English name of every demo city ("Munich", "Washington, D.C.") and, when
// known, its Wikidata item ("Q1726") to its id.
type Loader func(ctx context.Context, tx wikicities.SeedTx, cities map[string]int64) error

var (
	mu      sync.Mutex
	loaders []namedLoader
)

type namedLoader struct {
	name string
	fn   Loader
}

// Register adds a loader run by Load after the cities and twin links, in
// the order of registration. Call it from init.
func Register(name string, fn Loader) {
	mu.Lock()
	defer mu.Unlock()
	loaders = append(loaders, namedLoader{name, fn})
}

// Load loads the demo data through s in one transaction if the store is
// empty (no cities, no accounts) and the demo data was never loaded before
// (wikicities.Seeder.Seed). It reports whether it loaded anything; a store
// that was already set up is not an error. A failing loader rolls
// everything back.
func Load(ctx context.Context, s wikicities.Seeder) (bool, error) {
	loaded, err := s.Seed(ctx, SeedName, func(tx wikicities.SeedTx) (any, error) {
		ids, links, err := loadTwinTowns(ctx, tx)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		ls := append([]namedLoader(nil), loaders...)
		mu.Unlock()
		for _, l := range ls {
			if err := l.fn(ctx, tx, ids); err != nil {
				return nil, fmt.Errorf("demo %s: %w", l.name, err)
			}
		}
		return map[string]any{"cities": len(Cities), "twin_links": links, "loaders": len(ls)}, nil
	})
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return loaded, nil
}

func loadTwinTowns(ctx context.Context, tx wikicities.SeedTx) (map[string]int64, int, error) {
	ids := make(map[string]int64, 2*len(Cities))
	for _, d := range Cities {
		c := &wikicities.City{QID: d.QID, Name: d.Name, Country: d.Country, Lat: d.Lat, Lng: d.Lng, HasCoords: true}
		if err := tx.CreateCity(ctx, c); err != nil {
			return nil, 0, fmt.Errorf("city %s: %w", d.Name, err)
		}
		for _, l := range d.Labels {
			if err := tx.AddCityLabel(ctx, c.ID, l[0], l[1]); err != nil {
				return nil, 0, err
			}
		}
		ids[d.Name] = c.ID
		if d.QID != "" {
			ids[d.QID] = c.ID
		}
	}
	n := 0
	for _, l := range Links {
		a, b := ids[l.A], ids[l.B]
		if a == 0 || b == 0 {
			return nil, 0, fmt.Errorf("twin link %s – %s names an unknown demo city", l.A, l.B)
		}
		added, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: a, B: b, Source: wikicities.SourceManual, Year: l.Year, Provenance: "demo data"})
		if err != nil {
			return nil, 0, err
		}
		if added {
			n++
		}
	}
	return ids, n, nil
}
