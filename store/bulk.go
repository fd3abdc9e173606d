package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
)

// Bulk writes for importers: cities, labels and links are written with
// multi-row INSERTs of prepared statements, so that a world dataset costs a
// few hundred statements instead of one round trip per row.

// bulkRows is how many rows one multi-row INSERT carries. Twelve columns of
// cities make 6,000 parameters, well under SQLite's and PostgreSQL's limits.
const bulkRows = 500

// deferIndexesFrom is the smallest insert for which dropping a table's
// secondary indexes and building them again (one sort each) can beat
// inserting into them row by row.
const deferIndexesFrom = 1000

// Bulk runs fn in one transaction, like Update, for writes of many rows
// such as imports. On SQLite it pins the one writer connection and turns
// its foreign-key enforcement off for the transaction, so that rows are not
// checked one by one against their parents; instead the whole database is
// checked once (PRAGMA foreign_key_check) before the commit, which fails
// with ErrConflict naming the first dangling reference, and enforcement is
// turned back on whatever happens. On PostgreSQL it is Update, and after
// the commit it analyses the tables it wrote, as PostgreSQL advises after a
// bulk load: the planner has their statistics at once, not when autovacuum
// gets to them (a minute later, under whatever load the server then has).
// Any error leaves the store unchanged.
func (d *DB) Bulk(ctx context.Context, fn func(*Tx) error) (err error) {
	if d.dialect != SQLite {
		var wrote []string
		err := d.Update(ctx, func(t *Tx) error {
			if err := fn(t); err != nil {
				return err
			}
			for name := range t.tables {
				wrote = append(wrote, name)
			}
			return nil
		})
		if err == nil && len(wrote) > 0 {
			// Best effort: the data is committed; should this fail,
			// autovacuum analyses the tables later.
			slices.Sort(wrote)
			d.db.ExecContext(ctx, `ANALYZE `+strings.Join(wrote, ", "))
		}
		return err
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer func() {
		// The pool must not get back a connection that skips foreign keys:
		// one that cannot be restored is discarded.
		if rerr := restoreForeignKeys(context.WithoutCancel(ctx), conn); rerr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
			if err == nil {
				err = fmt.Errorf("store: restore foreign keys: %w", rerr)
			}
		}
		conn.Close()
	}()
	// A no-op inside a transaction: it must come before BEGIN.
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return mapErr(err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	// Ends the transaction before foreign keys are restored, even if fn
	// panics; a no-op after the commit.
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
	if err := t.checkForeignKeys(ctx); err != nil {
		return err
	}
	return mapErr(tx.Commit())
}

// restoreForeignKeys turns enforcement back on and makes sure it is on.
func restoreForeignKeys(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
		return err
	}
	var on int
	if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil {
		return err
	}
	if on != 1 {
		return fmt.Errorf("foreign_keys is %d", on)
	}
	return nil
}

// checkForeignKeys fails with ErrConflict if any row of the database
// references a missing parent.
func (t *Tx) checkForeignKeys(ctx context.Context) error {
	var table, parent string
	var rowid sql.NullInt64
	var fk int
	err := t.tx.QueryRowContext(ctx, `PRAGMA foreign_key_check`).Scan(&table, &rowid, &parent, &fk)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return mapErr(err)
	}
	return fmt.Errorf("%w: a row of %s references a missing %s row", wikicities.ErrConflict, table, parent)
}

// deferIndexes drops the secondary indexes of table (those made by CREATE
// INDEX without UNIQUE: no conflict clause depends on them) when adding rows
// outnumber the rows it holds, so that they are built again with one sort
// each before the commit instead of taking adding random inserts. SQLite
// only; the drop is part of the transaction and undone by a rollback.
func (t *Tx) deferIndexes(ctx context.Context, table string, adding int) error {
	if t.db.dialect != SQLite || adding < deferIndexesFrom {
		return nil
	}
	var n int
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		return mapErr(err)
	}
	if n >= adding {
		return nil
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT m.name, m.sql FROM pragma_index_list(?) AS il
		JOIN sqlite_schema AS m ON m.type = 'index' AND m.name = il.name
		WHERE il.origin = 'c' AND NOT il."unique" AND m.sql IS NOT NULL ORDER BY m.name`, table)
	if err != nil {
		return mapErr(err)
	}
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return mapErr(err)
		}
		names = append(names, name)
		t.indexes = append(t.indexes, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapErr(err)
	}
	for _, name := range names {
		if _, err := t.tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return mapErr(err)
		}
	}
	return nil
}

// rebuildIndexes creates again the indexes deferIndexes dropped.
func (t *Tx) rebuildIndexes(ctx context.Context) error {
	for _, def := range t.indexes {
		if _, err := t.tx.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("store: rebuild index: %w", mapErr(err))
		}
	}
	t.indexes = nil
	return nil
}

// LockForImport serialises importers with every other writer of cities and
// labels for the rest of the transaction, so that two concurrent imports
// cannot both create the same label. SQLite transactions hold the database
// write lock from BEGIN already; PostgreSQL takes a table lock that still
// lets readers through.
func (t *Tx) LockForImport(ctx context.Context) error {
	if t.db.dialect != Postgres {
		return nil
	}
	_, err := t.Exec(ctx, `LOCK TABLE cities, city_labels IN SHARE ROW EXCLUSIVE MODE`)
	return err
}

// NewCityIDs reserves n ids for cities inserted with InsertCities.
func (t *Tx) NewCityIDs(ctx context.Context, n int) ([]int64, error) {
	ids := make([]int64, 0, n)
	if n == 0 {
		return ids, nil
	}
	if t.db.dialect == Postgres {
		rows, err := t.Query(ctx, `SELECT nextval(pg_get_serial_sequence('cities', 'id')) FROM generate_series(1, ?)`, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return ids, rows.Err()
	}
	// SQLite: the transaction holds the write lock, so MAX(id) stays ours.
	var maxID int64
	if err := t.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM cities`).Scan(&maxID); err != nil {
		return nil, mapErr(err)
	}
	for i := 1; i <= n; i++ {
		ids = append(ids, maxID+int64(i))
	}
	return ids, nil
}

// InsertCities inserts cities whose IDs were reserved with NewCityIDs. It
// does not record their labels; see InsertLabels. Returns ErrInvalid naming
// the first invalid city and ErrConflict on a duplicate QID.
func (t *Tx) InsertCities(ctx context.Context, cities []*wikicities.City) error {
	for _, c := range cities {
		if err := ValidateCity(c); err != nil {
			return fmt.Errorf("city %q: %w", wikicities.LabelString(c.Name, c.Country), err)
		}
	}
	if err := t.deferIndexes(ctx, "cities", len(cities)); err != nil {
		return err
	}
	now := any(t.db.Now().Unix())
	_, err := t.bulkInsert(ctx, `INSERT INTO cities (id, qid, name, country, region, lat, lng, has_coords, population, name_key, created_at, updated_at) VALUES `, 12, len(cities), "",
		func(args []any, i int) []any {
			c := cities[i]
			var qid any
			if c.QID != "" {
				qid = c.QID
			}
			return append(args, c.ID, qid, c.Name, c.Country, c.Region, c.Lat, c.Lng, boolInt(c.HasCoords),
				c.Population, wikicities.NameKey(c.Name), now, now)
		})
	return err
}

// Label is a "name, country" label of a city.
type Label = resolve.Label

// InsertLabels records labels; a label that exists already is left pointing
// where it points. It returns how many were added.
func (t *Tx) InsertLabels(ctx context.Context, labels []Label) (int, error) {
	if err := t.deferIndexes(ctx, "city_labels", len(labels)); err != nil {
		return 0, err
	}
	return t.bulkInsert(ctx, `INSERT INTO city_labels (label_key, city_id, name, country) VALUES `, 4, len(labels), ` ON CONFLICT (label_key) DO NOTHING`,
		func(args []any, i int) []any {
			l := &labels[i]
			return append(args, l.Key(), l.CityID, l.Name, l.Country)
		})
}

// AllLabels returns every recorded label.
func (t *Tx) AllLabels(ctx context.Context) ([]Label, error) {
	rows, err := t.Query(ctx, `SELECT city_id, name, country FROM city_labels ORDER BY label_key`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Label
	for rows.Next() {
		var l Label
		if err := rows.Scan(&l.CityID, &l.Name, &l.Country); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// AllCities returns every city inside the transaction, ordered by id.
func (t *Tx) AllCities(ctx context.Context) ([]*wikicities.City, error) {
	rows, err := t.Query(ctx, `SELECT `+cityColumns+` FROM cities ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.City
	for rows.Next() {
		c, err := scanCity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// SetCityQID gives city id its Wikidata item, bumping its version. Returns
// ErrNotFound if id is unknown and ErrConflict if another city has qid.
func (t *Tx) SetCityQID(ctx context.Context, id int64, qid string) error {
	if !wikicities.ValidQID(qid) {
		return wikicities.Invalidf("qid", "%q is not a Wikidata item id such as Q1726", qid)
	}
	r, err := t.Exec(ctx, `UPDATE cities SET qid = ?, updated_at = ?, version = version + 1 WHERE id = ?`, qid, t.db.Now().Unix(), id)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return wikicities.ErrNotFound
	}
	return nil
}

// InsertTwinLinks adds links (normalised, A < B); a pair that exists already
// is left as it is. It returns how many were added. Returns ErrInvalid for a
// self-link or an unknown source.
func (t *Tx) InsertTwinLinks(ctx context.Context, links []*wikicities.TwinLink) (int, error) {
	now := t.db.Now()
	for _, l := range links {
		l.Normalize()
		if l.A == l.B {
			return 0, wikicities.Invalidf("twin", "city %d cannot be twinned with itself", l.A)
		}
		if !l.Source.Valid() {
			return 0, wikicities.Invalidf("source", "unknown source %q", l.Source)
		}
		if l.CreatedAt.IsZero() {
			l.CreatedAt = now
		}
	}
	if err := t.deferIndexes(ctx, "twin_links", len(links)); err != nil {
		return 0, err
	}
	// Most links of a batch share their source and time: those are boxed once.
	var source wikicities.LinkSource
	var sourceV, createdV any
	var created int64
	return t.bulkInsert(ctx, `INSERT INTO twin_links (a, b, source, year, provenance, created_at) VALUES `, 6, len(links), ` ON CONFLICT (a, b) DO NOTHING`,
		func(args []any, i int) []any {
			l := links[i]
			if sourceV == nil || l.Source != source {
				source, sourceV = l.Source, string(l.Source)
			}
			if u := l.CreatedAt.Unix(); createdV == nil || u != created {
				created, createdV = u, u
			}
			return append(args, l.A, l.B, sourceV, l.Year, l.Provenance, createdV)
		})
}

// bulkInsert inserts rows rows with head + "(?, ...), (?, ...)" + tail,
// cols values a row, bulkRows rows a statement, and returns the rows
// affected. row appends the values of row i to args; the arguments of one
// statement at a time are built, in one reused slice.
func (t *Tx) bulkInsert(ctx context.Context, head string, cols, rows int, tail string, row func(args []any, i int) []any) (int, error) {
	if rows == 0 {
		return 0, nil
	}
	build := func(n int) string {
		tuple := "(" + strings.Repeat("?, ", cols-1) + "?)"
		var b strings.Builder
		b.Grow(len(head) + n*(len(tuple)+2) + len(tail))
		b.WriteString(head)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tuple)
		}
		b.WriteString(tail)
		return b.String()
	}
	full := min(rows, bulkRows)
	stmt, err := t.Prepare(ctx, build(full))
	if err != nil {
		return 0, mapErr(err)
	}
	defer stmt.Close()
	args := make([]any, 0, full*cols)
	total := 0
	for start := 0; start < rows; start += bulkRows {
		n := min(bulkRows, rows-start)
		args = args[:0]
		for i := start; i < start+n; i++ {
			args = row(args, i)
		}
		var r sql.Result
		if n == full {
			r, err = stmt.ExecContext(ctx, args...)
			err = mapErr(err)
		} else {
			r, err = t.Exec(ctx, build(n), args...)
		}
		if err != nil {
			return total, err
		}
		affected, _ := r.RowsAffected()
		total += int(affected)
	}
	clear(args)
	return total, nil
}
