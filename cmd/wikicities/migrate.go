package main

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities/store"
)

// runMigrate is `migrate`: it applies the pending schema migrations.
func runMigrate(ctx context.Context, args []string, rw IO) error {
	f := newFlags("migrate", "", rw)
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	db, err := store.Open(ctx, f.store.dsn())
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "applied %d migration(s); %s schema is at version %d\n", n, db.Dialect(), v)
	return nil
}
