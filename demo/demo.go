// Package demo holds the small embedded data set loaded on the first start
// of an empty store, so that a fresh WikiCities shows something real: the
// twin towns of the cities whose Wikimedia communities started the
// movement. Other areas add their demo records (communities, institutions,
// partnerships) with Register, in files of their own.
package demo

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// SettingKey is the setting that records when the demo data was loaded;
// once set, Load never runs again, even if the data is later deleted.
const SettingKey = "demo.loaded"

// Loader adds demo records inside Load's transaction. cities maps the
// English name of every demo city ("Munich", "Washington, D.C.") and, when
// known, its Wikidata item ("Q1726") to its id.
type Loader func(ctx context.Context, tx *store.Tx, cities map[string]int64) error

var (
	mu      sync.Mutex
	loaders []namedLoader
)

type namedLoader struct {
	name string
	fn   Loader
}

// Register adds a loader run by Load after the cities and twin links, in
// the order of registration. Call it from init.
func Register(name string, fn Loader) {
	mu.Lock()
	defer mu.Unlock()
	loaders = append(loaders, namedLoader{name, fn})
}

// ErrNotEmpty is returned by Load when the store holds user data: the demo
// data is never loaded over it.
var ErrNotEmpty = errors.New("demo: the store is not empty")

// Load loads the demo data in one transaction if the store is empty (no
// cities, no accounts) and the demo data was never loaded before. It
// reports whether it loaded anything; a store that was already set up is
// not an error. A failing loader rolls everything back.
func Load(ctx context.Context, db *store.DB) (bool, error) {
	loaded := false
	err := db.Update(ctx, func(tx *store.Tx) error {
		var done string
		err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = ?`, SettingKey).Scan(&done)
		if err == nil {
			return nil // loaded once already
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM cities) + (SELECT COUNT(*) FROM users)`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
		// Claim the load first: of two servers starting on one empty
		// PostgreSQL database, the second fails here and loads nothing.
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)`, SettingKey, time.Now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		ids, links, err := loadTwinTowns(ctx, tx)
		if err != nil {
			return err
		}
		mu.Lock()
		ls := append([]namedLoader(nil), loaders...)
		mu.Unlock()
		for _, l := range ls {
			if err := l.fn(ctx, tx, ids); err != nil {
				return fmt.Errorf("demo %s: %w", l.name, err)
			}
		}
		loaded = true
		return tx.Audit(ctx, "demo", 0, "load", nil, map[string]any{"cities": len(Cities), "twin_links": links, "loaders": len(ls)})
	})
	if errors.Is(err, ErrNotEmpty) {
		return false, nil
	}
	if errors.Is(err, wikicities.ErrConflict) {
		return false, nil // another process loaded it meanwhile
	}
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return loaded, nil
}

func loadTwinTowns(ctx context.Context, tx *store.Tx) (map[string]int64, int, error) {
	ids := make(map[string]int64, 2*len(Cities))
	for _, d := range Cities {
		c := &wikicities.City{QID: d.QID, Name: d.Name, Country: d.Country, Lat: d.Lat, Lng: d.Lng, HasCoords: true}
		if err := tx.CreateCity(ctx, c); err != nil {
			return nil, 0, fmt.Errorf("city %s: %w", d.Name, err)
		}
		for _, l := range d.Labels {
			if err := tx.AddCityLabel(ctx, c.ID, l[0], l[1]); err != nil {
				return nil, 0, err
			}
		}
		ids[d.Name] = c.ID
		if d.QID != "" {
			ids[d.QID] = c.ID
		}
	}
	n := 0
	for _, l := range Links {
		a, b := ids[l.A], ids[l.B]
		if a == 0 || b == 0 {
			return nil, 0, fmt.Errorf("twin link %s – %s names an unknown demo city", l.A, l.B)
		}
		added, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: a, B: b, Source: wikicities.SourceManual, Year: l.Year, Provenance: "demo data"})
		if err != nil {
			return nil, 0, err
		}
		if added {
			n++
		}
	}
	return ids, n, nil
}
