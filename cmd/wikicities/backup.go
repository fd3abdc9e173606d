package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/wikicities/wikicities/store"
)

// runBackup is `backup FILE`: a consistent copy of the SQLite store while
// the server runs.
func runBackup(ctx context.Context, args []string, rw IO) error {
	f := newFlags("backup", "FILE", rw)
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, f.store.dsn())
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return err
	}
	v, err := store.CheckBackup(ctx, pos[0])
	if err != nil {
		return fmt.Errorf("backup written but unreadable: %w", err)
	}
	fmt.Fprintf(rw.Stdout, "backed up %s to %s (schema version %d)\n", f.store.dsn(), pos[0], v)
	return nil
}

// runRestore is `restore FILE`: it replaces the SQLite store with a backup,
// refusing while a server runs on it.
func runRestore(ctx context.Context, args []string, rw IO) error {
	f := newFlags("restore", "FILE", rw)
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if f.store.databaseURL != "" {
		return store.ErrBackupPostgres
	}
	dst := f.store.dsn()
	release, err := store.LockFile(store.LockPath(dst))
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("restore: a server is running on %s; stop it first", dst)
		}
		return err
	}
	defer release()
	v, err := store.Restore(ctx, pos[0], dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "restored %s from %s (schema version %d); start the server to apply newer migrations\n", dst, pos[0], v)
	return nil
}
