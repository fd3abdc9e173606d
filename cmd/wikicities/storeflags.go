package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"

	"github.com/wikicities/wikicities/store"
)

// storeFlags are the flags every command that opens the store shares.
type storeFlags struct {
	dataDir     string
	databaseURL string
}

func (f *storeFlags) register(fs *flag.FlagSet) {
	def := os.Getenv("WIKICITIES_DATA_DIR")
	if def == "" {
		def = "data"
	}
	fs.StringVar(&f.dataDir, "data-dir", def, "directory of the embedded SQLite store (env WIKICITIES_DATA_DIR)")
	fs.StringVar(&f.databaseURL, "database-url", os.Getenv("WIKICITIES_DATABASE_URL"),
		"postgres:// URL of a PostgreSQL database instead of the embedded store (env WIKICITIES_DATABASE_URL)")
}

// dsn returns the data source the flags select.
func (f *storeFlags) dsn() string {
	if f.databaseURL != "" {
		return f.databaseURL
	}
	return filepath.Join(f.dataDir, "wikicities.db")
}

// open opens and migrates the selected store.
func (f *storeFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, f.dsn())
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
