package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A city page's lists in one round are the lists the directory's own
// queries give, with the names of the requests' parties.
func TestCityListsAreTheDirectorysLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		reqs := db.Requests()
		for _, r := range []struct {
			by    *wikicities.Actor
			party wikicities.Party
			title string
			city  int64
		}{
			{w.CoordInst, w.Inst, "scans of Berlin for a Paris museum", w.Berlin},
			{w.CoordA, w.A, "a partner for the photo walk", 0},
			{w.CoordB, w.B, "only about Paris", 0},
		} {
			q := &wikicities.PartnerRequest{Party: r.party.Ref(), Title: r.title, Expires: clk.Now().AddDate(0, 2, 0)}
			if r.city != 0 {
				q.CityIDs = []int64{r.city}
			}
			if err := reqs.CreateRequest(storetest.As(ctx, r.by), q); err != nil {
				t.Fatal(err)
			}
		}
		for _, city := range []int64{w.Berlin, w.Paris} {
			got, err := db.PageLists().CityLists(ctx, city, 30)
			if err != nil {
				t.Fatal(err)
			}
			f := wikicities.DirectoryFilter{CityID: city, Limit: 30}
			comms, _, _ := db.Communities().Communities(ctx, f)
			insts, _, _ := db.Institutions().Institutions(ctx, f)
			rs, _, _ := reqs.Requests(ctx, wikicities.RequestFilter{CityID: city, Open: true, Limit: 30})
			if !reflect.DeepEqual(got.Communities, comms) || !reflect.DeepEqual(got.Institutions, insts) || !reflect.DeepEqual(got.Requests, rs) {
				t.Errorf("city %d: lists differ from the directory's:\n%+v\n%+v %+v %+v", city, got, comms, insts, rs)
			}
			if len(rs) == 0 {
				t.Errorf("city %d: no requests: the test proves nothing", city)
			}
			for _, q := range rs {
				want := map[wikicities.PartyRef]string{w.A.Ref(): w.A.Name, w.B.Ref(): w.B.Name, w.Inst.Ref(): w.Inst.Name}[q.Party]
				if got.PartyNames[q.Party] != want {
					t.Errorf("city %d: party %v named %q, want %q", city, q.Party, got.PartyNames[q.Party], want)
				}
			}
		}
		if _, err := db.PageLists().CityLists(ctx, 9999, 30); !errors.Is(err, wikicities.ErrNotFound) {
			t.Errorf("unknown city: %v, want ErrNotFound", err)
		}
	})
}

// The activities of several partnerships in one query are each one's own.
func TestActivitiesOfSeveralPartnerships(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		clk := withPartnershipClock(db)
		w := storetest.MustPartners(t, db)
		ctx := context.Background()
		ps := db.Partnerships()
		var ids []int64
		for i, b := range []wikicities.Party{w.B, w.C} {
			p := mustPropose(t, db, w, b, wikicities.TypeTwinning)
			coord := []*wikicities.Actor{w.CoordB, w.CoordC}[i]
			if _, err := ps.Transition(storetest.As(ctx, coord), p.ID, wikicities.ActionAccept, 0, ""); err != nil {
				t.Fatal(err)
			}
			for j := range i + 2 {
				if err := ps.LogActivity(storetest.As(ctx, w.CoordA), photoWalk(p.ID, clk.Now().AddDate(0, 0, -1-j), "walk")); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, p.ID)
		}
		got, err := db.PageLists().ActivitiesOf(ctx, append(ids, 9999))
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			want, _ := ps.Activities(ctx, wikicities.ActivityFilter{PartnershipID: id, Limit: -1})
			if len(want) == 0 || !reflect.DeepEqual(got[id], want) {
				t.Errorf("partnership %d: %d activities, want %d, the same", id, len(got[id]), len(want))
			}
		}
		if len(got[9999]) != 0 {
			t.Error("activities for an unknown partnership")
		}
		if none, err := db.PageLists().ActivitiesOf(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v %v", none, err)
		}
	})
}
