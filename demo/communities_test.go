package demo

import (
	"context"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The demo directory loads into a store holding the demo cities, and every
// record passes the directory's validation.
func TestLoadDirectory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		cities := map[string]int64{}
		err := db.Update(ctx, func(tx *store.Tx) error {
			seen := map[string]bool{}
			var names []string
			for _, c := range Communities {
				names = append(names, c.City)
			}
			for _, i := range Institutions {
				names = append(names, i.City)
			}
			for _, n := range names {
				if seen[n] {
					continue
				}
				seen[n] = true
				c := &wikicities.City{Name: n}
				if err := tx.CreateCity(ctx, c); err != nil {
					return err
				}
				cities[n] = c.ID
			}
			return LoadDirectory(ctx, tx, cities)
		})
		if err != nil {
			t.Fatal(err)
		}
		cs, total, err := db.Communities().Communities(ctx, wikicities.DirectoryFilter{Limit: 100})
		if err != nil || total != len(Communities) {
			t.Fatalf("%d communities loaded, want %d: %v", total, len(Communities), err)
		}
		if cs[0].CityID == 0 || len(cs[0].Languages) == 0 {
			t.Errorf("first community %+v", cs[0])
		}
		if _, n, _ := db.Institutions().Institutions(ctx, wikicities.DirectoryFilter{}); n != len(Institutions) {
			t.Errorf("%d institutions loaded, want %d", n, len(Institutions))
		}
		err = db.Update(ctx, func(tx *store.Tx) error { return LoadDirectory(ctx, tx, map[string]int64{}) })
		if err == nil || err.Error() != `community "WikiMUC": no demo city "Munich"` {
			t.Errorf("missing city: %v", err)
		}
	})
}
