package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// seedEvents fills db, with plain SQL in one transaction, with n events of
// four types over the coming year, each organised by one of 200 groups.
func seedEvents(b *testing.B, db *store.DB, n int) {
	b.Helper()
	ctx := context.Background()
	start := db.Now().Add(time.Hour).Unix()
	err := db.Update(ctx, func(tx *store.Tx) error {
		city, err := tx.InsertID(ctx, `INSERT INTO cities (name, country, name_key, created_at, updated_at) VALUES ('Bench', 'XX', 'bench', 0, 0)`)
		if err != nil {
			return err
		}
		groups := make([]int64, 200)
		for i := range groups {
			if groups[i], err = tx.InsertID(ctx, `INSERT INTO communities (kind, name, name_key, city_id, created_at, updated_at)
				VALUES ('user_group', ?, ?, ?, 0, 0)`, fmt.Sprintf("Group %d", i), fmt.Sprintf("group %d", i), city); err != nil {
				return err
			}
		}
		types := []string{"workshop", "training", "editathon", "meetup"}
		for i := range n {
			at := start + int64(i)*(365*24*3600/int64(n))
			id, err := tx.InsertID(ctx, `INSERT INTO events (title, type, mode, language, time_zone, starts_at, ends_at, city_id, registration,
				created_at, updated_at) VALUES (?, ?, 'in_person', 'de', 'Europe/Berlin', ?, ?, ?, 'public', 0, 0)`,
				fmt.Sprintf("Event %d", i), types[i%len(types)], at, at+3*3600, city)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO event_organisers (event_id, community_id) VALUES (?, ?)`, id, groups[i%len(groups)]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEventsList: one page of the event list (the first 200 upcoming
// events, all of them or one type) from a SQLite store of 5,000 events, as
// the events page, the API and the calendar feeds ask for it.
// Run: go test -run '^$' -bench EventsList -benchtime 20x ./bench/
func BenchmarkEventsList(b *testing.B) {
	db := storetest.MustOpen(b, store.SQLite)
	seedEvents(b, db, 5000)
	ctx := context.Background()
	from := db.Now()
	for _, c := range []struct {
		name string
		f    wikicities.EventFilter
	}{{"all", wikicities.EventFilter{From: from}}, {"editathons", wikicities.EventFilter{From: from, Type: wikicities.EventEditathon}}} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				es, err := db.Events().Events(ctx, c.f)
				if err != nil {
					b.Fatal(err)
				}
				if len(es) != 200 || len(es[0].Organisers) != 1 {
					b.Fatalf("%d events, the first with organisers %v", len(es), es[0].Organisers)
				}
			}
		})
	}
}
