package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ErrBackupPostgres is returned by Backup and Restore for PostgreSQL, whose
// own tools do it better.
var ErrBackupPostgres = errors.New("store: backups of PostgreSQL are made with pg_dump and restored with pg_restore (see README)")

// Backup writes a consistent copy of the SQLite store to path while the store
// stays in use: VACUUM INTO reads one snapshot (under WAL, writers carry on)
// and writes a compact database. path must not exist.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s already exists", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	// The read pool: a backup must not hold the single writer connection.
	if _, err := d.rdb.ExecContext(ctx, `VACUUM INTO ?`, abs); err != nil {
		os.Remove(abs)
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// CheckBackup opens the SQLite file at path read-only and returns its schema
// version, or an error saying why it is not a WikiCities store: not SQLite,
// damaged, or lacking the migration table or the core tables.
func CheckBackup(ctx context.Context, path string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "SQLite format 3\x00" {
		return 0, fmt.Errorf("store: %s is not an SQLite database", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=query_only(1)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var ok string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		return 0, fmt.Errorf("store: %s fails SQLite's integrity check: %v %s", path, err, ok)
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil || !v.Valid {
		return 0, fmt.Errorf("store: %s has no schema version: not a WikiCities store", path)
	}
	for _, t := range []string{"cities", "users", "audit_log"} {
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, t).Scan(&n); err != nil || n != 1 {
			return 0, fmt.Errorf("store: %s has no %s table: not a WikiCities store", path, t)
		}
	}
	return v.Int64, nil
}

// LatestSchemaVersion returns the highest migration this program has for
// SQLite: a backup made by a newer program cannot be restored by this one.
func LatestSchemaVersion() (int64, error) {
	entries, err := migrations.ReadDir("migrations/sqlite")
	if err != nil {
		return 0, err
	}
	var max int64
	for _, e := range entries {
		var n int64
		if _, err := fmt.Sscanf(e.Name(), "%d_", &n); err == nil && n > max {
			max = n
		}
	}
	return max, nil
}

// Restore replaces the SQLite store at dst with the backup at src, after
// checking that src is a WikiCities store no newer than this program. The
// copy is written beside dst, synced, and renamed over it, so dst is never
// half-written; the old write-ahead log is removed with it. The caller must
// make sure no server uses dst (see LockFile).
func Restore(ctx context.Context, src, dst string) (int64, error) {
	v, err := CheckBackup(ctx, src)
	if err != nil {
		return 0, err
	}
	latest, err := LatestSchemaVersion()
	if err != nil {
		return 0, err
	}
	if v > latest {
		return 0, fmt.Errorf("store: %s is at schema version %d, newer than this program's %d: upgrade WikiCities first", src, v, latest)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".restore-*.db")
	if err != nil {
		return 0, err
	}
	defer os.Remove(tmp.Name())
	in, err := os.Open(src)
	if err != nil {
		tmp.Close()
		return 0, err
	}
	_, err = io.Copy(tmp, in)
	in.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("store: restore: %w", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !os.IsNotExist(err) {
			return 0, fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return 0, fmt.Errorf("store: restore: %w", err)
	}
	if dir, err := os.Open(filepath.Dir(dst)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return v, nil
}

// LockPath is the lock file that a server holds on a SQLite store while it
// runs, so that restore refuses to replace a store in use.
func LockPath(dsn string) string { return strings.TrimSuffix(dsn, ".db") + ".lock" }
