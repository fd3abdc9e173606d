package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// insertCities creates n cities in tx and returns their ids.
func insertCities(ctx context.Context, t *testing.T, tx *store.Tx, n int) []int64 {
	t.Helper()
	ids, err := tx.NewCityIDs(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	cities := make([]*wikicities.City, n)
	for i := range cities {
		cities[i] = &wikicities.City{ID: ids[i], Name: fmt.Sprintf("Town %d", n-i), Country: "Germany"}
	}
	if err := tx.InsertCities(ctx, cities); err != nil {
		t.Fatal(err)
	}
	return ids
}

func countRows(ctx context.Context, t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A bulk write that leaves a link to a missing city is refused as a
// conflict and writes nothing, although SQLite checks the references only
// before the commit.
func TestBulkRefusesDanglingReferences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.Bulk(ctx, func(tx *store.Tx) error {
			ids := insertCities(ctx, t, tx, 2)
			_, err := tx.InsertTwinLinks(ctx, []*wikicities.TwinLink{
				{A: ids[0], B: ids[1], Source: wikicities.SourceCSV},
				{A: ids[0], B: ids[1] + 1000, Source: wikicities.SourceCSV},
			})
			return err
		})
		if !errors.Is(err, wikicities.ErrConflict) {
			t.Fatalf("Bulk = %v, want ErrConflict", err)
		}
		if n := countRows(ctx, t, db, "cities"); n != 0 {
			t.Fatalf("%d cities after the refused write, want 0", n)
		}
		if n := countRows(ctx, t, db, "twin_links"); n != 0 {
			t.Fatalf("%d links after the refused write, want 0", n)
		}
	})
}

// After a bulk write, committed, failed or panicked, ordinary transactions
// check foreign keys again row by row.
func TestBulkRestoresForeignKeyChecks(t *testing.T) {
	boom := errors.New("boom")
	for _, end := range []string{"committed", "failed", "panicked"} {
		t.Run(end, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				err := func() (err error) {
					defer func() {
						if r := recover(); r != nil {
							err = fmt.Errorf("panic: %v", r)
						}
					}()
					return db.Bulk(ctx, func(tx *store.Tx) error {
						insertCities(ctx, t, tx, 2)
						switch end {
						case "failed":
							return boom
						case "panicked":
							panic(boom)
						}
						return nil
					})
				}()
				if want := map[string]string{"committed": "<nil>", "failed": "boom", "panicked": "panic: boom"}[end]; fmt.Sprint(err) != want {
					t.Fatalf("Bulk = %v, want %s", err, want)
				}
				err = db.Update(ctx, func(tx *store.Tx) error {
					_, err := tx.Exec(ctx, `INSERT INTO twin_links (a, b, source, created_at) VALUES (1000001, 1000002, 'csv', 0)`)
					return err
				})
				if !errors.Is(err, wikicities.ErrConflict) {
					t.Fatalf("dangling link after Bulk: %v, want ErrConflict", err)
				}
			})
		})
	}
}

// sqliteIndexes lists the CREATE INDEX statements of table.
func sqliteIndexes(ctx context.Context, t *testing.T, db *store.DB, table string) string {
	t.Helper()
	rows, err := db.Query(ctx, `SELECT sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out += s + "\n"
	}
	return out
}

// A large insert into SQLite drops the table's secondary indexes and
// builds them again before the commit: afterwards they are all there and
// consistent, and a failed transaction leaves them as they were.
func TestLargeInsertKeepsSQLiteIndexes(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ctx := context.Background()
	before := sqliteIndexes(ctx, t, db, "cities")
	if before == "" {
		t.Fatal("cities has no secondary index to test with")
	}
	boom := errors.New("boom")
	for _, fail := range []bool{true, false} {
		for _, write := range []func(context.Context, func(*store.Tx) error) error{db.Update, db.Bulk} {
			// More rows than the table holds: the indexes are deferred.
			n := countRows(ctx, t, db, "cities") + 3000
			err := write(ctx, func(tx *store.Tx) error {
				insertCities(ctx, t, tx, n)
				if fail {
					return boom
				}
				return nil
			})
			if fail != errors.Is(err, boom) || (!fail && err != nil) {
				t.Fatalf("write = %v", err)
			}
			if got := sqliteIndexes(ctx, t, db, "cities"); got != before {
				t.Fatalf("indexes after the write (failed=%v):\n%s\nwant:\n%s", fail, got, before)
			}
		}
	}
	if n := countRows(ctx, t, db, "cities"); n != 9000 {
		t.Fatalf("%d cities, want 9000", n)
	}
	var check string
	if err := db.QueryRow(ctx, `PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity check: %q %v", check, err)
	}
	// The rebuilt index serves lookups by name.
	var id int64
	if err := db.QueryRow(ctx, `SELECT id FROM cities INDEXED BY cities_name_key WHERE name_key = 'town 2999'`).Scan(&id); err != nil {
		t.Fatalf("lookup through cities_name_key: %v", err)
	}
}

// On PostgreSQL a bulk write leaves the tables it wrote analysed: the
// planner's row estimate (pg_class.reltuples, -1 for a table never
// analysed) counts what was written, without waiting for autovacuum.
func TestBulkAnalysesTheTablesItWroteOnPostgres(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("SQLite's planner works without statistics")
		}
		ctx := context.Background()
		if err := db.Bulk(ctx, func(tx *store.Tx) error {
			insertCities(ctx, t, tx, 7)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var rows float64
		if err := db.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'cities'::regclass`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 7 {
			t.Errorf("the planner estimates %v rows of cities after writing 7, want 7 (analysed)", rows)
		}
	})
}
