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
