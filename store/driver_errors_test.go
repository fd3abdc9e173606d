package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// Each backend's constraint violations, raised by the database itself (no
// check in Go before the statement), come back as the shared error kinds,
// with the driver's error still wrapped.
func TestConstraintViolationsMapToSharedErrors(t *testing.T) {
	const city = `INSERT INTO cities (id, qid, name, name_key, created_at, updated_at) VALUES (?, ?, ?, ?, 0, 0)`
	cases := []struct {
		name  string
		stmts [][]any // statement and arguments; the last one must fail
		want  error
	}{
		{"duplicate unique column", [][]any{{city, 1, "Q1726", "Munich", "munich"}, {city, 2, "Q1726", "München", "munchen"}}, wikicities.ErrConflict},
		{"duplicate primary key", [][]any{{`INSERT INTO skills (code, label) VALUES (?, ?)`, "test-skill", "Test"}, {`INSERT INTO skills (code, label) VALUES (?, ?)`, "test-skill", "Test again"}}, wikicities.ErrConflict},
		{"foreign key to a missing row", [][]any{{`INSERT INTO city_labels (label_key, city_id, name, country) VALUES (?, ?, ?, ?)`, "x", 4242, "X", ""}}, wikicities.ErrConflict},
		{"foreign key still referenced", [][]any{{city, 1, nil, "A", "a"}, {`INSERT INTO communities (kind, name, name_key, city_id, created_at, updated_at) VALUES ('user_group', 'G', 'g', 1, 0, 0)`}, {`DELETE FROM cities WHERE id = 1`}}, wikicities.ErrConflict},
		{"check", [][]any{{city, 1, nil, "", ""}}, wikicities.ErrInvalid},
		{"not null", [][]any{{`INSERT INTO skills (code, label) VALUES (?, NULL)`, "test-skill"}}, wikicities.ErrInvalid},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			var err error
			db.Update(context.Background(), func(tx *store.Tx) error {
				for i, s := range c.stmts {
					_, err = tx.Exec(context.Background(), s[0].(string), s[1:]...)
					if err != nil && i < len(c.stmts)-1 {
						t.Fatalf("%s: setup statement %d: %v", c.name, i, err)
					}
				}
				return errors.New("roll back")
			})
			if !errors.Is(err, c.want) {
				t.Errorf("%s: %v, want %v", c.name, err, c.want)
			}
			var se *sqlite.Error
			var pe *pgconn.PgError
			if !errors.As(err, &se) && !errors.As(err, &pe) {
				t.Errorf("%s: %v does not wrap the driver's error", c.name, err)
			}
		}
	})
}
