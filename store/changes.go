package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"

	"github.com/wikicities/wikicities/changes"
)

// Every write transaction that commits (Update, Bulk) appends one row to
// the change log naming the tables it changed, in the same transaction: a
// change is announced exactly when it is committed, by every writer (the
// server, the CLI, imports), on both backends. Server processes follow the
// log (package changes) to keep their in-memory state current.

// quietTables change without anything a server holds in memory depending on
// them; writes to them alone are not logged.
var quietTables = map[string]bool{"sessions": true, "audit_log": true, "change_log": true, "goose_db_version": true}

var writtenTable = regexp.MustCompile(`(?is)^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([a-z_][a-z0-9_]*)`)

// touch records the table q writes to, if it writes.
func (t *Tx) touch(q string) {
	m := writtenTable.FindStringSubmatch(q)
	if m == nil {
		return
	}
	name := strings.ToLower(m[1])
	if quietTables[name] {
		return
	}
	if t.tables == nil {
		t.tables = map[string]bool{}
	}
	t.tables[name] = true
}

// logChanges appends the transaction's change to the log, before commit.
func (t *Tx) logChanges(ctx context.Context) error {
	if len(t.tables) == 0 {
		return nil
	}
	names := make([]string, 0, len(t.tables))
	for n := range t.tables {
		names = append(names, n)
	}
	slices.Sort(names)
	_, err := t.tx.ExecContext(ctx, t.db.rebind(`INSERT INTO change_log (tables, origin, at) VALUES (?, ?, ?)`),
		strings.Join(names, ","), t.db.Origin, t.db.Now().Unix())
	return mapErr(err)
}

// newOrigin names this process's handle of the store in the change log.
func newOrigin() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Change is one committed write transaction of the change log; its Origin
// names the store handle that wrote it (DB.Origin).
type Change = changes.Change

// DB is the change log a changes.Follower reads.
var _ changes.Log = (*DB)(nil)

// Changes returns the changes committed after id, oldest first, at most
// limit of them. Returns the outage errors of any read.
func (d *DB) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	rows, err := d.Query(ctx, `SELECT id, tables, origin FROM change_log WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var tables string
		if err := rows.Scan(&c.ID, &tables, &c.Origin); err != nil {
			return nil, mapErr(err)
		}
		c.Tables = strings.Split(tables, ",")
		out = append(out, c)
	}
	return out, mapErr(rows.Err())
}

// LastChange returns the id of the newest change (0 for none).
func (d *DB) LastChange(ctx context.Context) (int64, error) {
	var id int64
	err := d.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM change_log`).Scan(&id)
	return id, mapErr(err)
}

// PruneChanges deletes the changes more than keep ids older than the newest:
// followers that fell that far behind re-read everything anyway.
func (d *DB) PruneChanges(ctx context.Context, keep int64) error {
	last, err := d.LastChange(ctx)
	if err != nil || last <= keep {
		return err
	}
	_, err = d.Exec(ctx, `DELETE FROM change_log WHERE id <= ?`, last-keep)
	return err
}
