package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// LookupCity reads the cities and labels of the store by the resolver's
// rules: a label's country counts, England never meets Scotland, an
// ambiguous name names its candidates.
func TestLookupCityUsesNamesLabelsAndCountries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(c *wikicities.City) int64 {
			t.Helper()
			if err := db.Cities().CreateCity(ctx, c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		bostonUS := mk(&wikicities.City{Name: "Boston", Country: "United States", QID: "Q100"})
		bostonEN := mk(&wikicities.City{Name: "Boston", Country: "England"})
		inverness := mk(&wikicities.City{Name: "Inverness", Country: "United Kingdom"})
		err := db.Update(ctx, func(tx *store.Tx) error { return tx.AddCityLabel(ctx, inverness, "Inbhir Nis", "Scotland") })
		if err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int64{
			"Boston, England": bostonEN, "Boston, United States": bostonUS, "Q100": bostonUS,
			"Inbhir Nis": inverness, "Inbhir Nis, Scotland, United Kingdom": inverness,
		} {
			c, err := db.Cities().LookupCity(ctx, q)
			if err != nil || c.ID != want {
				t.Errorf("LookupCity(%q) = %v, %v; want city %d", q, c, err, want)
			}
		}
		for q, want := range map[string]error{
			"Boston, Scotland": wikicities.ErrNotFound, "Inbhir Nis, Wales": wikicities.ErrNotFound,
			"Nowhere": wikicities.ErrNotFound, "": wikicities.ErrInvalid,
		} {
			if c, err := db.Cities().LookupCity(ctx, q); !errors.Is(err, want) {
				t.Errorf("LookupCity(%q) = %v, %v; want %v", q, c, err, want)
			}
		}
		_, err = db.Cities().LookupCity(ctx, "boston")
		var amb *wikicities.AmbiguousError
		if !errors.As(err, &amb) || len(amb.Candidates) != 2 || amb.Candidates[0].ID != bostonEN {
			t.Errorf("LookupCity(boston) = %v, want both Bostons, the English one first", err)
		}
	})
}

// A name typed without its accents finds the stored city by its name or a
// label (the CLI's --city flags): "Dusseldorf" was "no city matches". A
// city named exactly as typed still wins.
func TestLookupCityFindsANameTypedWithoutAccents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mk := func(c *wikicities.City) int64 {
			t.Helper()
			if err := db.Cities().CreateCity(ctx, c); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		dus := mk(&wikicities.City{Name: "Düsseldorf", Country: "Germany"})
		malmo := mk(&wikicities.City{Name: "Malmo", Country: "United States"})
		malmoe := mk(&wikicities.City{Name: "Malmö", Country: "Sweden"})
		cordobaES := mk(&wikicities.City{Name: "Córdoba", Country: "Spain"})
		mk(&wikicities.City{Name: "Córdoba", Country: "Argentina"})
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.AddCityLabel(ctx, dus, "Düsseldorf-Altstadt", "Germany") }); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int64{
			"Dusseldorf": dus, "dusseldorf, germany": dus, "Dusseldorf-Altstadt": dus,
			"Malmo": malmo, "Malmö": malmoe, "Cordoba, Spain": cordobaES,
		} {
			c, err := db.Cities().LookupCity(ctx, q)
			if err != nil || c.ID != want {
				t.Errorf("LookupCity(%q) = %v, %v; want city %d", q, c, err, want)
			}
		}
		if _, err := db.Cities().LookupCity(ctx, "Cordoba"); !errors.Is(err, wikicities.ErrAmbiguous) {
			t.Errorf("LookupCity(Cordoba) = %v, want the two Córdobas", err)
		}
		if _, err := db.Cities().LookupCity(ctx, "Dusseldorf, France"); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("LookupCity(Dusseldorf, France) = %v, want not found", err)
		}
	})
}
