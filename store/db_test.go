package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		n, err := db.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("second Migrate applied %d migrations, want 0", n)
		}
		v, err := db.SchemaVersion(ctx)
		if err != nil || v < 1 {
			t.Fatalf("SchemaVersion = %d, %v", v, err)
		}
	})
}

func TestUpdateRollsBackOnError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.Update(ctx, func(tx *store.Tx) error {
			if err := tx.CreateCity(ctx, &wikicities.City{Name: "Augsburg", Country: "Germany"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Update returned %v, want boom", err)
		}
		cs, err := db.Cities().AllCities(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 0 {
			t.Fatalf("rolled-back city is visible: %+v", cs[0])
		}
	})
}

func TestDriverErrorsMapToSharedErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cs := db.Cities()
		if _, err := cs.City(ctx, 4242); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("missing city: %v, want ErrNotFound", err)
		}
		a := &wikicities.City{Name: "Munich", Country: "Germany", QID: "Q1726"}
		if err := cs.CreateCity(ctx, a); err != nil {
			t.Fatal(err)
		}
		dup := &wikicities.City{Name: "München", Country: "Germany", QID: "Q1726"}
		if err := cs.CreateCity(ctx, dup); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("duplicate QID: %v, want ErrConflict", err)
		}
		if _, err := cs.AddTwinLink(ctx, &wikicities.TwinLink{A: a.ID, B: 999999, Source: wikicities.SourceManual}); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("link to a missing city: %v, want ErrConflict (foreign key)", err)
		}
	})
}

func TestCityValidationNamesTheField(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cases := []struct {
			city  wikicities.City
			field string
		}{
			{wikicities.City{Name: " "}, "name"},
			{wikicities.City{Name: "X", HasCoords: true, Lat: 91}, "lat"},
			{wikicities.City{Name: "X", HasCoords: true, Lng: -181}, "lng"},
			{wikicities.City{Name: "X", QID: "Q0"}, "qid"},
			{wikicities.City{Name: "X", QID: "P190"}, "qid"},
		}
		for _, c := range cases {
			err := db.Cities().CreateCity(context.Background(), &c.city)
			var ve wikicities.ValidationErrors
			if !errors.As(err, &ve) || ve[0].Field != c.field || !errors.Is(err, wikicities.ErrInvalid) {
				t.Errorf("CreateCity(%+v) = %v, want a problem with %s", c.city, err, c.field)
			}
		}
	})
}

func TestTwinLinksAreUndirectedAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		cs := db.Cities()
		a := &wikicities.City{Name: "Boston", Country: "United States"}
		b := &wikicities.City{Name: "Pune", Country: "India"}
		for _, c := range []*wikicities.City{a, b} {
			if err := cs.CreateCity(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		added, err := cs.AddTwinLink(ctx, &wikicities.TwinLink{A: b.ID, B: a.ID, Source: wikicities.SourceManual})
		if err != nil || !added {
			t.Fatalf("first link: added=%v err=%v", added, err)
		}
		added, err = cs.AddTwinLink(ctx, &wikicities.TwinLink{A: a.ID, B: b.ID, Source: wikicities.SourceCSV})
		if err != nil || added {
			t.Fatalf("reverse duplicate: added=%v err=%v, want not added", added, err)
		}
		if _, err := cs.AddTwinLink(ctx, &wikicities.TwinLink{A: a.ID, B: a.ID, Source: wikicities.SourceManual}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Fatalf("self-twin: %v, want ErrInvalid", err)
		}
		links, err := cs.AllTwinLinks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(links) != 1 || links[0].A != min(a.ID, b.ID) || links[0].Source != wikicities.SourceManual {
			t.Fatalf("links = %+v", links)
		}
	})
}

func TestQuestionMarksInLiteralsSurviveRebinding(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var s string
		var n int64
		if err := db.QueryRow(context.Background(), `SELECT '?x?', ? + 1`, 41).Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		if s != "?x?" || n != 42 {
			t.Fatalf("got %q %d", s, n)
		}
	})
}
