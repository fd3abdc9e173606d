// Package store implements the WikiCities service contracts over SQL. One
// implementation serves both backends: SQLite (the embedded default, through
// a pure-Go driver) and PostgreSQL. Queries are written once with ? and
// rebound for PostgreSQL; the schema is migrated by numbered, embedded
// migrations, one directory per dialect.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/wikicities/wikicities"
)

//go:embed migrations/sqlite migrations/postgres
var migrations embed.FS

// Dialect names a SQL backend.
type Dialect string

// Backends.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open store. It is safe for concurrent use.
type DB struct {
	db      *sql.DB // writes (SQLite: one connection, BEGIN IMMEDIATE)
	rdb     *sql.DB // reads (SQLite: a pool of deferred-transaction readers under WAL)
	dialect Dialect
	// DSN is the data source it was opened with (a file path or a URL).
	DSN string
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// Origin names this handle in the change log (changes.go): random per
	// Open, so that a follower can tell its own process's writes.
	Origin string

	mentoring mentoringCache // see SuggestMentors
}

// Open opens the store at dsn: a postgres:// or postgresql:// URL selects
// PostgreSQL, anything else is a SQLite file path (its directory is created).
// It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d := &DB{DSN: dsn, Now: func() time.Time { return time.Now().UTC() }, Origin: newOrigin()}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		d.dialect = Postgres
		d.db, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		d.db.SetMaxOpenConns(16)
		d.rdb = d.db
	} else {
		d.dialect = SQLite
		if dir := filepath.Dir(dsn); dir != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("store: %w", err)
			}
		}
		q := url.Values{}
		q.Add("_pragma", "foreign_keys(1)")
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "busy_timeout(10000)")
		q.Add("_pragma", "synchronous(NORMAL)")
		d.rdb, err = sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		d.rdb.SetMaxOpenConns(8)
		// One writer at a time is SQLite's model: writers take the lock at
		// BEGIN so that they queue instead of failing on upgrade; readers
		// proceed under WAL.
		q.Set("_txlock", "immediate")
		// The writer keeps statement journals in memory and a cache large
		// enough for a world import not to spill pages mid-transaction.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "cache_size(-32768)")
		d.db, err = sql.Open("sqlite", "file:"+dsn+"?"+q.Encode())
		if err != nil {
			d.rdb.Close()
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		d.db.SetMaxOpenConns(1)
	}
	if err := d.db.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("store: connect %s: %w", d.dialect, err)
	}
	return d, nil
}

// Dialect reports the backend.
func (d *DB) Dialect() Dialect { return d.dialect }

// SQL returns the underlying pool, for tools such as backup.
func (d *DB) SQL() *sql.DB { return d.db }

// Close closes the pool.
func (d *DB) Close() error {
	if d.rdb != d.db {
		d.rdb.Close()
	}
	return d.db.Close()
}

// Migrate applies every pending migration, each in its own transaction, and
// returns how many it applied.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.dialect))
	if err != nil {
		return 0, err
	}
	dialect := goose.DialectSQLite3
	if d.dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, d.db, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("store: migrate: %w", err)
	}
	return len(res), nil
}

// SchemaVersion returns the highest applied migration.
func (d *DB) SchemaVersion(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := d.db.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v.Int64, err
}

// rebind turns ? placeholders into $1, $2, ... for PostgreSQL. Question marks
// inside single-quoted literals are left alone.
func (d *DB) rebind(q string) string {
	if d.dialect != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n, inQuote := 0, false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Tx is a transaction with the store's placeholder rebinding and error mapping.
type Tx struct {
	tx *sql.Tx
	db *DB
	// indexes holds the CREATE INDEX statements of the indexes DeferIndexes
	// dropped, run again before the transaction commits.
	indexes []string
	// tables are those the transaction wrote to, for the change log
	// (changes.go).
	tables map[string]bool
}

// Exec runs a statement.
func (t *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	t.touch(q)
	r, err := t.tx.ExecContext(ctx, t.db.rebind(q), args...)
	return r, mapErr(err)
}

// Query runs a query.
func (t *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	r, err := t.tx.QueryContext(ctx, t.db.rebind(q), args...)
	return r, mapErr(err)
}

// QueryRow runs a query that returns at most one row.
func (t *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.db.rebind(q), args...)
}

// Prepare prepares a statement for repeated use inside the transaction.
func (t *Tx) Prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	t.touch(q)
	return t.tx.PrepareContext(ctx, t.db.rebind(q))
}

// InsertID runs an INSERT ... RETURNING id and returns the id.
func (t *Tx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	if err := checkArgs(args); err != nil {
		return 0, err
	}
	t.touch(q)
	var id int64
	err := t.tx.QueryRowContext(ctx, t.db.rebind(q+" RETURNING id"), args...).Scan(&id)
	return id, mapErr(err)
}

// Dialect reports the backend of the transaction.
func (t *Tx) Dialect() Dialect { return t.db.dialect }

// Update runs fn in one transaction: committed if fn returns nil, rolled back
// otherwise. SQLite transactions take the write lock at BEGIN.
func (d *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	// Rolls back on error, and on a panic in fn, which must not leave the
	// transaction holding the writer; a no-op after the commit.
	defer tx.Rollback()
	t := &Tx{tx: tx, db: d}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.rebuildIndexes(ctx); err != nil {
		return err
	}
	if err := t.logChanges(ctx); err != nil {
		return err
	}
	return mapErr(tx.Commit())
}

// View runs fn in a read-only transaction (a consistent snapshot).
func (d *DB) View(ctx context.Context, fn func(*Tx) error) error {
	var opts *sql.TxOptions
	if d.dialect == Postgres {
		opts = &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}
	}
	var tx *sql.Tx
	// Only the BEGIN is retried: fn may have gathered part of its answer
	// before a failure, and is run once.
	err := readRetrying(ctx, func() (err error) {
		tx, err = d.rdb.BeginTx(ctx, opts)
		return mapErr(err)
	})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(&Tx{tx: tx, db: d})
}

// Query runs a read query outside a transaction.
func (d *DB) Query(ctx context.Context, q string, args ...any) (rows *sql.Rows, err error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	err = readRetrying(ctx, func() error {
		rows, err = d.rdb.QueryContext(ctx, d.rebind(q), args...)
		return mapErr(err)
	})
	return rows, err
}

// QueryRow runs a read query returning at most one row outside a transaction.
func (d *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return d.rdb.QueryRowContext(ctx, d.rebind(q), args...)
}

// Exec runs a statement outside a transaction.
func (d *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	r, err := d.db.ExecContext(ctx, d.rebind(q), args...)
	return r, mapErr(err)
}

// mapErr turns driver errors into the shared error kinds, by the driver's
// error code (never its message): a duplicate key or a foreign key in use
// or missing is ErrConflict, a CHECK or NOT NULL violation ErrInvalid; a
// missing row is ErrNotFound. The driver's error stays wrapped.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return wikicities.ErrNotFound
	}
	switch constraintOf(err) {
	case violationUnique:
		return fmt.Errorf("%w: %w", wikicities.ErrConflict, err)
	case violationForeignKey:
		return fmt.Errorf("%w: a referenced record is missing or still referenced: %w", wikicities.ErrConflict, err)
	case violationCheck:
		return fmt.Errorf("%w: %w", wikicities.ErrInvalid, err)
	}
	return err
}

// isDuplicate reports whether err is (or wraps) a unique or primary key
// violation, as opposed to the other kinds of ErrConflict.
func isDuplicate(err error) bool { return constraintOf(err) == violationUnique }

// A violation is the kind of constraint a driver error reports breaking.
type violation int

const (
	violationNone violation = iota
	violationUnique
	violationForeignKey
	violationCheck // CHECK or NOT NULL
)

// constraintOf reads the constraint violation of a SQLite (extended result
// code) or PostgreSQL (SQLSTATE) error.
func constraintOf(err error) violation {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_ROWID:
			return violationUnique
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return violationForeignKey
		case sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL, sqlite3.SQLITE_CONSTRAINT_DATATYPE:
			return violationCheck
		}
		return violationNone
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case pgUniqueViolation:
			return violationUnique
		case pgForeignKeyViolation:
			return violationForeignKey
		case pgCheckViolation, pgNotNullViolation:
			return violationCheck
		}
	}
	return violationNone
}

// PostgreSQL error codes (SQLSTATE, class 23: integrity constraint violation).
const (
	pgNotNullViolation    = "23502"
	pgForeignKeyViolation = "23503"
	pgUniqueViolation     = "23505"
	pgCheckViolation      = "23514"
)

// unixTime converts a stored Unix timestamp (seconds) to time.
func unixTime(s int64) time.Time {
	if s == 0 {
		return time.Time{}
	}
	return time.Unix(s, 0).UTC()
}

// nullUnix converts a time to a stored Unix timestamp, 0 for the zero time.
func nullUnix(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.Unix()
}
