// Package webtest holds what the tests of WikiCities' pages share: a small
// real twin-city graph to seed a store with, and a headless Chromium driven
// over the DevTools protocol for tests in a real browser.
package webtest

import (
	"context"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// SeedCity is a city of the seed graph.
type SeedCity struct {
	Name, Country string
	Lat, Lng      float64
	QID           string
}

// SeedCities are real cities and SeedLinks their real twin links (Lyon's
// partnerships, among others), plus one city whose name is markup, to check
// that names are escaped wherever they are shown.
var SeedCities = []SeedCity{
	{"Lyon", "France", 45.76, 4.84, "Q456"},
	{"Birmingham", "United Kingdom", 52.48, -1.9, "Q2256"},
	{"Frankfurt am Main", "Germany", 50.11, 8.68, "Q1794"},
	{"Milan", "Italy", 45.46, 9.19, "Q490"},
	{"Beirut", "Lebanon", 33.89, 35.5, "Q3820"},
	{"Leipzig", "Germany", 51.34, 12.37, "Q2079"},
	{"Kraków", "Poland", 50.06, 19.94, "Q31487"},
	{"Lyons", "United States", 41.81, -87.82, ""},
	{`<script>alert("x")</script>`, "Nowhere", 10, 10, ""},
}

// SeedLinks are pairs of indexes into SeedCities.
var SeedLinks = [][2]int{
	{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {2, 1}, {2, 3}, {2, 6}, {5, 6}, {5, 1}, {8, 0},
}

// Seed adds SeedCities and SeedLinks to db in one transaction and returns
// the cities with their ids, in SeedCities' order.
func Seed(tb testing.TB, db *store.DB) []*wikicities.City {
	tb.Helper()
	ctx := context.Background()
	var out []*wikicities.City
	err := db.Update(ctx, func(tx *store.Tx) error {
		for _, s := range SeedCities {
			c := &wikicities.City{Name: s.Name, Country: s.Country, Lat: s.Lat, Lng: s.Lng, HasCoords: true, QID: s.QID}
			if err := tx.CreateCity(ctx, c); err != nil {
				return err
			}
			out = append(out, c)
		}
		for _, l := range SeedLinks {
			if _, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: out[l[0]].ID, B: out[l[1]].ID, Source: wikicities.SourceManual}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
