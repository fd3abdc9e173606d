package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestRegionChampionsTakeAndLeaveARegion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		as := func(a *wikicities.Actor) context.Context { return storetest.As(ctx, a) }
		regs := db.Regions()
		be := &wikicities.RegionChampion{Region: "DE-BE", CommunityID: w.A.ID, Note: "GLAM contacts in Berlin"}
		if err := regs.AddChampion(as(w.Anonymous), be); !errors.Is(err, wikicities.ErrUnauthorized) {
			t.Errorf("anonymous: %v", err)
		}
		if err := regs.AddChampion(as(w.CoordB), be); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("another community's coordinator: %v", err)
		}
		if err := regs.AddChampion(as(w.CoordA), &wikicities.RegionChampion{Region: "Berlin", CommunityID: w.A.ID}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("malformed region: %v", err)
		}
		if err := regs.AddChampion(as(w.CoordA), be); err != nil {
			t.Fatal(err)
		}
		if err := regs.AddChampion(as(w.CoordA), &wikicities.RegionChampion{Region: "DE-BE", CommunityID: w.A.ID}); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("twice: %v", err)
		}
		if err := regs.AddChampion(as(w.Admin), &wikicities.RegionChampion{Region: "FR-75", CommunityID: w.C.ID}); err != nil {
			t.Fatal(err)
		}
		if err := regs.AddChampion(as(w.CoordB), &wikicities.RegionChampion{Region: "FR-75", CommunityID: w.B.ID}); err != nil {
			t.Fatal(err)
		}
		if err := regs.AddChampion(as(w.Admin), &wikicities.RegionChampion{Region: "FR-75", CommunityID: 9999}); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown community: %v", err)
		}
		got, err := regs.Champions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Region != "DE-BE" || got[0].Community != "Wikimedians of Berlin" || got[0].Note != "GLAM contacts in Berlin" || got[0].Since.IsZero() ||
			got[1].Community != "Paris Photo Walkers" || got[2].Community != "Wikimedia Paris" {
			t.Fatalf("champions %+v", got)
		}
		if err := regs.RemoveChampion(as(w.CoordA), "FR-75", w.B.ID); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("removing another's: %v", err)
		}
		if err := regs.RemoveChampion(as(w.CoordB), "FR-75", w.B.ID); err != nil {
			t.Fatal(err)
		}
		if err := regs.RemoveChampion(as(w.CoordB), "FR-75", w.B.ID); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("removing twice: %v", err)
		}
		if _, err := db.Exec(ctx, `UPDATE communities SET archived = 1 WHERE id = ?`, w.C.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := regs.Champions(ctx); len(got) != 1 || got[0].CommunityID != w.A.ID {
			t.Fatalf("after removal and archiving: %+v", got)
		}
	})
}

// The reports read an institution's kind, Wikimedian in Residence and item.
func TestReportPartiesDescribeInstitutions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		if _, err := db.Exec(ctx, `UPDATE institutions SET has_wir = 1, qid = 'Q1107318' WHERE id = ?`, w.Inst.ID); err != nil {
			t.Fatal(err)
		}
		p, err := db.ReportParties(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Institutions) != 1 || p.Institutions[0].Kind != wikicities.InstMuseum || !p.Institutions[0].WiR || p.Institutions[0].QID != "Q1107318" {
			t.Fatalf("institutions %+v", p.Institutions)
		}
		if len(p.Communities) != 3 || p.Communities[0].Kind != "" || p.Communities[0].Status != wikicities.StatusActive {
			t.Fatalf("communities %+v", p.Communities)
		}
	})
}

func TestSetCityRegionsStoresWikidatasCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		n, err := db.Cities().SetCityRegions(ctx, map[int64]string{w.Berlin: "DE-BE", w.Paris: "FR-75"})
		if err != nil || n != 2 {
			t.Fatalf("set: %d, %v", n, err)
		}
		if n, err := db.Cities().SetCityRegions(ctx, map[int64]string{w.Berlin: "DE-BE", w.Paris: ""}); err != nil || n != 1 {
			t.Fatalf("again: %d, %v", n, err)
		}
		b, _ := db.Cities().City(ctx, w.Berlin)
		p, _ := db.Cities().City(ctx, w.Paris)
		if b.Region != "DE-BE" || p.Region != "" {
			t.Errorf("regions %q %q", b.Region, p.Region)
		}
		if _, err := db.Cities().SetCityRegions(ctx, map[int64]string{w.Berlin: "Berlin; DROP"}); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("bad code: %v", err)
		}
	})
}
