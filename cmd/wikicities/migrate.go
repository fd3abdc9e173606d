package main

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities/store"
)

func init() {
	register(command{name: "migrate", summary: "apply pending schema migrations", run: runMigrate})
}

func runMigrate(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("migrate", rw)
	var sf storeFlags
	sf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, sf.dsn())
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
