package main

import (
	"context"
	"time"

	"github.com/wikicities/wikicities/changes"
	"github.com/wikicities/wikicities/store"
)

// Tables whose changes reach what a server holds in memory.
var (
	graphTables     = []string{"cities", "city_labels", "city_names", "twin_links"}
	directoryTables = []string{"communities", "community_languages", "community_projects", "community_listings", "institutions",
		"party_skills", "skills", "partner_requests", "partner_request_answers", "partner_request_cities", "partner_request_countries",
		"partnerships", "coordinators"}
)

// changeLog reads the store's change log for a changes.Follower.
type changeLog struct{ db *store.DB }

func (l changeLog) Changes(ctx context.Context, after int64, limit int) ([]changes.Change, error) {
	cs, err := l.db.Changes(ctx, after, limit)
	out := make([]changes.Change, len(cs))
	for i, c := range cs {
		out[i] = changes.Change(c)
	}
	return out, err
}

func (l changeLog) LastChange(ctx context.Context) (int64, error) { return l.db.LastChange(ctx) }

// followChanges keeps the server coherent with writes made by other
// processes over the store (other instances, the CLI, imports): within
// about ChangeEvery, it reloads the twin graph when cities or twin links
// changed, drops the matchmaking index when the directory changed, and
// empties the page caches; after the log could not be read, all three.
// Its own writes are skipped: they update all of that as they are made.
func (m *Main) followChanges(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	m.closers = append(m.closers, cancel)
	f := &changes.Follower{Log: changeLog{m.DB}, Every: m.ChangeEvery, Origin: m.DB.Origin, Logger: m.Log,
		Apply: func(ctx context.Context, s changes.Set) error {
			if s.Has(graphTables...) {
				g, err := loadGraph(ctx, m.DB)
				if err != nil {
					return err
				}
				m.Graph.Replace(g)
			}
			if s.Has(graphTables...) || s.Has(directoryTables...) {
				m.Matchmaking.Invalidate()
			}
			m.Server.Invalidate()
			return nil
		}}
	if err := f.Start(ctx); err != nil {
		return err
	}
	// Keep the log short: followers far behind re-sync everything anyway.
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if err := m.DB.PruneChanges(ctx, 100_000); err != nil {
					m.Log.Warn("changes: pruning the change log", "err", err)
				}
			}
		}
	}()
	return nil
}
