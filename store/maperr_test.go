package store

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/wikicities/wikicities"
)

// mapErr goes by the driver's code: PostgreSQL's SQLSTATE maps whatever the
// message, and a message that merely reads like a violation maps to nothing.
func TestMapErrGoesByCodeNotByMessage(t *testing.T) {
	cases := []struct {
		err  error
		want error
	}{
		{&pgconn.PgError{Code: "23505", Message: "duplicate key"}, wikicities.ErrConflict},
		{fmt.Errorf("exec: %w", &pgconn.PgError{Code: "23503"}), wikicities.ErrConflict},
		{&pgconn.PgError{Code: "23514"}, wikicities.ErrInvalid},
		{&pgconn.PgError{Code: "23502"}, wikicities.ErrInvalid},
		{&pgconn.PgError{Code: "40001", Message: "UNIQUE constraint failed"}, nil},
		{errors.New("UNIQUE constraint failed: cities.qid"), nil},
		{errors.New("ERROR: duplicate key (SQLSTATE 23505)"), nil},
	}
	for _, c := range cases {
		got := mapErr(c.err)
		for _, kind := range []error{wikicities.ErrConflict, wikicities.ErrInvalid, wikicities.ErrNotFound} {
			if errors.Is(got, kind) != (kind == c.want) {
				t.Errorf("mapErr(%#v) = %v, want kind %v", c.err, got, c.want)
			}
		}
		if !errors.Is(got, c.err) {
			t.Errorf("mapErr(%v) = %v lost the driver's error", c.err, got)
		}
	}
}
