package regions_test

import (
	"context"
	"sort"
	"testing"

	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// On the world twin-cities dataset, imported with the product's importer:
// nearly every city with coordinates gets a region, and every city without
// one has a reason. The figures are printed (go test -v -run
// TestRealDatasetRegionShare ./regions/) for the note.
func TestRealDatasetRegionShare(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	realdata.Import(t, db)
	cities, err := db.Cities().AllCities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	p := world(t).Place(cities)
	cv := p.Coverage()
	t.Logf("cities %d, with coordinates %d, with a region %d (%.2f%% of those with coordinates), regions holding cities %d",
		cv.Cities, cv.WithCoords, cv.AssignedWithCoords, 100*cv.Share(), cv.Regions)
	t.Logf("by method: %v; without a region: %v", cv.ByMethod, cv.ByReason)
	without := 0
	for _, n := range cv.ByReason {
		without += n
	}
	if cv.Assigned+without != cv.Cities {
		t.Fatalf("assigned %d + without %d != cities %d", cv.Assigned, without, cv.Cities)
	}
	if cv.Share() < 0.97 {
		t.Errorf("only %.2f%% of the cities with coordinates got a region", 100*cv.Share())
	}
	// The countries whose cities most often miss a region, for the note.
	miss := map[string]int{}
	for _, c := range cities {
		if c.HasCoords && p.Region(c.ID) == nil {
			miss[c.Country+" ("+string(p.Of(c.ID).Reason)+")"]++
		}
	}
	keys := make([]string, 0, len(miss))
	for k := range miss {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return miss[keys[i]] > miss[keys[j]] || miss[keys[i]] == miss[keys[j]] && keys[i] < keys[j]
	})
	if len(keys) > 15 {
		keys = keys[:15]
	}
	for _, k := range keys {
		t.Logf("  %s: %d", k, miss[k])
	}
}
