package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A backup taken while a writer keeps committing holds everything committed
// before it started, opens as a WikiCities store, and passes the integrity
// check.
func TestBackupWhileWriting(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	var committed atomic.Int64
	write := func(i int64) error {
		_, err := db.Accounts().CreateUser(ctx, &wikicities.User{Username: fmt.Sprintf("writer %d", i)})
		return err
	}
	for i := int64(0); i < 200; i++ {
		if err := write(i); err != nil {
			t.Fatal(err)
		}
		committed.Add(1)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var writeErr error
	go func() {
		defer wg.Done()
		for i := int64(200); ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := write(i); err != nil {
				writeErr = err
				return
			}
			committed.Add(1)
		}
	}()
	for committed.Load() < 300 { // the writer is well under way
		runtime.Gosched()
	}
	before := committed.Load()
	out := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("writer failed during the backup: %v", writeErr)
	}
	after := committed.Load()
	if after <= before {
		t.Fatalf("the writer did not progress during the backup (%d -> %d)", before, after)
	}

	v, err := store.CheckBackup(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := db.SchemaVersion(context.Background())
	if v != want {
		t.Fatalf("backup schema version %d, want %d", v, want)
	}
	copyDB, err := store.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var n int64
	if err := copyDB.QueryRow(context.Background(), `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n < before || n > after {
		t.Fatalf("backup holds %d users; %d were committed before it started and %d by the end", n, before, after)
	}
	t.Logf("backup holds %d users (committed before start: %d, by the end: %d)", n, before, after)
	if err := db.Backup(context.Background(), out); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

func TestRestoreChecksTheFileAndReplacesAtomically(t *testing.T) {
	ctx := context.Background()
	src := storetest.MustOpen(t, store.SQLite)
	if _, err := src.Accounts().CreateUser(ctx, &wikicities.User{Username: "kept"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "b.db")
	if err := src.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "live", "wikicities.db")
	os.MkdirAll(filepath.Dir(dst), 0o755)
	os.WriteFile(dst+"-wal", []byte("stale log of the old store"), 0o644)

	if _, err := store.Restore(ctx, backup, dst); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dst + "-wal"); !os.IsNotExist(err) {
		t.Fatal("the old store's write-ahead log survived the restore")
	}
	got, err := store.Open(ctx, dst)
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	if _, err := got.Accounts().UserByName(ctx, "kept"); err != nil {
		t.Fatalf("restored store lacks the backed-up account: %v", err)
	}

	notDB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notDB, []byte("hello, this is not a database at all"), 0o644)
	foreign := filepath.Join(dir, "foreign.db")
	f, _ := store.Open(ctx, foreign)
	f.Exec(ctx, `CREATE TABLE t (x INTEGER)`)
	f.Close()
	for name, bad := range map[string]string{"text file": notDB, "SQLite but not WikiCities": foreign, "missing": filepath.Join(dir, "nope.db")} {
		if _, err := store.Restore(ctx, bad, dst); err == nil {
			t.Errorf("%s: restored", name)
		}
	}
	if _, err := got.Accounts().UserByName(ctx, "kept"); err != nil {
		t.Fatalf("a refused restore damaged the store: %v", err)
	}
}

func TestLockFileIsExclusive(t *testing.T) {
	p := filepath.Join(t.TempDir(), "wikicities.lock")
	release, err := store.LockFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.LockFile(p); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second lock: %v, want ErrLocked", err)
	}
	release()
	again, err := store.LockFile(p)
	if err != nil {
		t.Fatalf("lock after release: %v", err)
	}
	again()
}

func TestBackupOfPostgresPointsToPgDump(t *testing.T) {
	if os.Getenv(storetest.PostgresURLVar) == "" {
		t.Skip("PostgreSQL skipped")
	}
	db := storetest.MustOpen(t, store.Postgres)
	if err := db.Backup(context.Background(), filepath.Join(t.TempDir(), "x")); !errors.Is(err, store.ErrBackupPostgres) {
		t.Fatalf("got %v", err)
	}
}
