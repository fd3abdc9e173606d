package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Editing an event: only its organisers, at the version they read; a
// capacity below the people registered is refused, a larger one moves the
// first people waiting up; its organisers stay whatever the edit says.
func TestUpdateEventPromotesAndDetectsStaleEdits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		ctx := context.Background()
		e := mustEvent(t, db, w, 1)
		people := mustAccounts(t, db, 3)
		for _, p := range people {
			if _, err := db.Events().Register(storetest.As(ctx, p), e.ID, nil); err != nil {
				t.Fatal(err)
			}
		}
		edit := *e
		edit.Title, edit.Capacity = "Wikidata workshop, bigger room", 2
		edit.Organisers = []wikicities.Party{w.B} // ignored: organisers stay
		if _, err := db.Events().UpdateEvent(storetest.As(ctx, w.CoordB), &edit); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("another group's coordinator edits: %v", err)
		}
		zero := edit // read before the edit below: its version goes stale
		low := edit
		low.Capacity = -1
		if _, err := db.Events().UpdateEvent(storetest.As(ctx, w.CoordA), &low); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("a negative capacity: %v", err)
		}
		promoted, err := db.Events().UpdateEvent(storetest.As(ctx, w.CoordA), &edit)
		if err != nil {
			t.Fatal(err)
		}
		if len(promoted) != 1 || promoted[0].UserID != people[1].UserID {
			t.Errorf("a second place promoted %v, want %s", promoted, people[1].Username)
		}
		if edit.Version != e.Version+1 || edit.Title != "Wikidata workshop, bigger room" || edit.Registered != 2 || edit.Waitlisted != 1 ||
			len(edit.Organisers) != 1 || edit.Organisers[0].ID != w.A.ID {
			t.Errorf("after the edit: version %d, %q, %d registered, %d waiting, organisers %v", edit.Version, edit.Title, edit.Registered, edit.Waitlisted, edit.Organisers)
		}
		var stale *wikicities.StaleError
		if _, err := db.Events().UpdateEvent(storetest.As(ctx, w.CoordA), &zero); !errors.As(err, &stale) {
			t.Errorf("an edit at the old version: %v", err)
		}
		shrink := edit
		shrink.Capacity = 1
		if _, err := db.Events().UpdateEvent(storetest.As(ctx, w.CoordA), &shrink); !errors.Is(err, wikicities.ErrInvalid) {
			t.Errorf("a capacity below the people registered: %v", err)
		}
		if _, err := db.Events().CancelEvent(storetest.As(ctx, w.CoordA), e.ID, edit.Version); err != nil {
			t.Fatal(err)
		}
		edit.Version++
		if _, err := db.Events().UpdateEvent(storetest.As(ctx, w.CoordA), &edit); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("editing a cancelled event: %v", err)
		}
	})
}

// Editing a campaign: its owner, at the version read; a Wikidata item
// another campaign has is a conflict.
func TestUpdateCampaign(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		ctx := storetest.As(context.Background(), w.Member)
		cs := db.Campaigns()
		a, b := &wikicities.Campaign{Name: "Wiki Loves Monuments", Wikidata: "Q1726"}, &wikicities.Campaign{Name: "Wiki Loves Earth"}
		for _, c := range []*wikicities.Campaign{a, b} {
			if err := cs.CreateCampaign(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		edit := *b
		edit.Description = "Nature in protected areas"
		if err := cs.UpdateCampaign(storetest.As(context.Background(), w.CoordA), &edit); !errors.Is(err, wikicities.ErrForbidden) {
			t.Errorf("a non-owner edits: %v", err)
		}
		if err := cs.UpdateCampaign(ctx, &edit); err != nil || edit.Version != 2 || edit.Description != "Nature in protected areas" {
			t.Fatalf("the owner's edit: %v, %+v", err, edit)
		}
		var stale *wikicities.StaleError
		old := *b
		if err := cs.UpdateCampaign(ctx, &old); !errors.As(err, &stale) {
			t.Errorf("an edit at the old version: %v", err)
		}
		edit.Wikidata = "Q1726"
		if err := cs.UpdateCampaign(ctx, &edit); !errors.Is(err, wikicities.ErrConflict) {
			t.Errorf("taking another campaign's item: %v", err)
		}
		if err := cs.UpdateCampaign(storetest.As(context.Background(), w.Admin), &wikicities.Campaign{ID: b.ID, Name: "Wiki Loves Earth", Version: 2}); err != nil {
			t.Errorf("an admin's edit: %v", err)
		}
	})
}
