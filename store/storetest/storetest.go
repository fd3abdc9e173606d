// Package storetest opens fresh, migrated stores for tests: a SQLite file in
// a temporary directory, and, when WIKICITIES_TEST_POSTGRES_URL is set, a
// PostgreSQL schema of its own that is dropped after the test.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
)

// PostgresURLVar names the environment variable with the URL of a PostgreSQL
// server for tests. In CI it must be set; outside CI, tests skip PostgreSQL
// with a line saying so.
const PostgresURLVar = "WIKICITIES_TEST_POSTGRES_URL"

// Dialects lists the backends available to this test run.
func Dialects(tb testing.TB) []store.Dialect {
	tb.Helper()
	d := []store.Dialect{store.SQLite}
	if os.Getenv(PostgresURLVar) != "" {
		d = append(d, store.Postgres)
	} else if os.Getenv("CI") != "" {
		tb.Fatalf("%s is not set in CI: the store suite must run against PostgreSQL", PostgresURLVar)
	}
	return d
}

// Each runs fn as a subtest once per available backend, with a fresh,
// migrated store.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(string(d), func(t *testing.T) { fn(t, MustOpen(t, d)) })
	}
	if os.Getenv(PostgresURLVar) == "" {
		t.Logf("PostgreSQL skipped: %s is not set (make test sets it)", PostgresURLVar)
	}
}

// MustOpen returns a fresh, migrated store of dialect d, closed and removed
// when the test ends.
func MustOpen(tb testing.TB, d store.Dialect) *store.DB {
	tb.Helper()
	dsn := MustDSN(tb, d)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return db
}

// MustDSN returns the data source of a fresh, empty store of dialect d (not
// migrated), removed when the test ends.
func MustDSN(tb testing.TB, d store.Dialect) string {
	tb.Helper()
	if d == store.SQLite {
		return filepath.Join(tb.TempDir(), "wikicities.db")
	}
	base := os.Getenv(PostgresURLVar)
	if base == "" {
		tb.Skipf("PostgreSQL skipped: %s is not set", PostgresURLVar)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// MustParty creates a minimal community or institution (and a city for it)
// and returns its reference, for tests of coordinator grants and
// authorization that need a record to exist.
func MustParty(tb testing.TB, db *store.DB, kind wikicities.PartyKind) wikicities.PartyRef {
	tb.Helper()
	ctx := context.Background()
	var ref wikicities.PartyRef
	err := db.Update(ctx, func(tx *store.Tx) error {
		var b [4]byte
		rand.Read(b[:])
		name := "Test " + string(kind) + " " + hex.EncodeToString(b[:])
		city, err := tx.InsertID(ctx, `INSERT INTO cities (name, name_key, created_at, updated_at) VALUES (?, ?, 0, 0)`, name, name)
		if err != nil {
			return err
		}
		q := `INSERT INTO communities (kind, name, name_key, city_id, created_at, updated_at) VALUES ('user_group', ?, ?, ?, 0, 0)`
		if kind == wikicities.PartyInstitution {
			q = `INSERT INTO institutions (kind, name, name_key, city_id, created_at, updated_at) VALUES ('museum', ?, ?, ?, 0, 0)`
		}
		id, err := tx.InsertID(ctx, q, name, name, city)
		ref = wikicities.PartyRef{Kind: kind, ID: id}
		return err
	})
	if err != nil {
		tb.Fatalf("storetest: create %s: %v", kind, err)
	}
	return ref
}
