package store

import (
	"context"

	"github.com/wikicities/wikicities"
)

// LinkStatement is one source's statement of a twin link
// (wikicities.LinkStatement).
type LinkStatement = wikicities.LinkStatement

var _ wikicities.TwinStatementService = (*DB)(nil)

// InsertLinkStatements records which sources state which links (A < B);
// a statement recorded before is left as it is.
func (t *Tx) InsertLinkStatements(ctx context.Context, st []LinkStatement) error {
	_, err := t.bulkInsert(ctx, `INSERT INTO twin_link_sources (a, b, source, stated_by, provenance) VALUES `, 5, len(st),
		` ON CONFLICT (a, b, source, stated_by) DO NOTHING`, func(args []any, i int) []any {
			s := &st[i]
			return append(args, s.A, s.B, string(s.Source), s.StatedBy, s.Provenance)
		})
	return err
}

// LinkStatements returns every recorded statement of a twin link, ordered
// by pair.
func (d *DB) LinkStatements(ctx context.Context) ([]LinkStatement, error) {
	rows, err := d.Query(ctx, `SELECT a, b, source, stated_by, provenance FROM twin_link_sources ORDER BY a, b, source, stated_by`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LinkStatement
	for rows.Next() {
		var s LinkStatement
		if err := rows.Scan(&s.A, &s.B, &s.Source, &s.StatedBy, &s.Provenance); err != nil {
			return nil, mapErr(err)
		}
		out = append(out, s)
	}
	return out, mapErr(rows.Err())
}
