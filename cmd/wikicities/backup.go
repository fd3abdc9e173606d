package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/wikicities/wikicities/store"
)

func init() {
	register(command{name: "backup", summary: "copy the SQLite store to FILE while the server runs", run: runBackup})
	register(command{name: "restore", summary: "replace the SQLite store with a backup FILE (server stopped)", run: runRestore})
}

func runBackup(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("backup", rw)
	var sf storeFlags
	sf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: wikicities backup [--data-dir DIR] FILE"}
	}
	db, err := store.Open(ctx, sf.dsn())
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	v, err := store.CheckBackup(ctx, fs.Arg(0))
	if err != nil {
		return fmt.Errorf("backup written but unreadable: %w", err)
	}
	fmt.Fprintf(rw.Stdout, "backed up %s to %s (schema version %d)\n", sf.dsn(), fs.Arg(0), v)
	return nil
}

func runRestore(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("restore", rw)
	var sf storeFlags
	sf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"usage: wikicities restore [--data-dir DIR] FILE"}
	}
	if sf.databaseURL != "" {
		return store.ErrBackupPostgres
	}
	dst := sf.dsn()
	release, err := store.LockFile(store.LockPath(dst))
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return fmt.Errorf("restore: a server is running on %s; stop it first", dst)
		}
		return err
	}
	defer release()
	v, err := store.Restore(ctx, fs.Arg(0), dst)
	if err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "restored %s from %s (schema version %d); start the server to apply newer migrations\n", dst, fs.Arg(0), v)
	return nil
}
