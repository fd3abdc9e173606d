package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

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

// A reminder waits in the inbox of each person holding a place from two
// days before each date of an event: one per date of a repeating event,
// none for a cancelled event or a person still waiting.
func TestInboxRemindsOfEachDateOfAnEvent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := kpWorld(t, db)
		clk := withPartnershipClock(db)
		ctx := context.Background()
		weekly := workshop(w, clk.Now().Add(24*time.Hour), 1)
		weekly.RRule = "FREQ=WEEKLY;COUNT=3"
		once := workshop(w, clk.Now().Add(30*time.Hour), 0)
		for _, e := range []*wikicities.Event{weekly, once} {
			if err := db.Events().CreateEvent(storetest.As(ctx, w.CoordA), e); err != nil {
				t.Fatal(err)
			}
		}
		p := mustAccounts(t, db, 2)
		for _, a := range p {
			for _, e := range []*wikicities.Event{weekly, once} {
				if _, err := db.Events().Register(storetest.As(ctx, a), e.ID, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		reminders := func(userID int64) map[string]time.Time {
			t.Helper()
			in, err := db.Inboxes().Inbox(ctx, userID, 0)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]time.Time{}
			for _, it := range in.Items {
				if it.Kind == wikicities.InboxEventSoon {
					out[it.Key] = it.Due
					if !it.At.Equal(it.Due.Add(-wikicities.EventReminder)) || it.Title == "" {
						t.Errorf("reminder %+v", it)
					}
				}
			}
			return out
		}
		if got := reminders(p[0].UserID); len(got) != 2 {
			t.Errorf("the first person has %d reminders, want the weekly event's first date and the single event: %v", len(got), got)
		}
		if got := reminders(p[1].UserID); len(got) != 1 {
			t.Errorf("the second person, waiting for the weekly event, has %d reminders, want the single event's", len(got))
		}
		first := reminders(p[0].UserID)
		clk.Add(7 * 24 * time.Hour) // the next week: the weekly event's second date is a day away
		second := reminders(p[0].UserID)
		if len(second) != 1 {
			t.Fatalf("a week later: %v", second)
		}
		for k, due := range second {
			if _, again := first[k]; again || !due.Equal(weekly.Start.Add(7*24*time.Hour)) {
				t.Errorf("the second date's reminder %s due %v, want a new one due %v", k, due, weekly.Start.Add(7*24*time.Hour))
			}
		}
		if _, err := db.Events().CancelEvent(storetest.As(ctx, w.CoordA), weekly.ID, 0); err != nil {
			t.Fatal(err)
		}
		if got := reminders(p[0].UserID); len(got) != 0 {
			t.Errorf("a cancelled event is still reminded: %v", got)
		}
	})
}
