package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

const responsibilityColumns = `id, partnership_id, owner_side, description, due_date, done, done_at, created_at, updated_at, version`

func scanResponsibility(sc interface{ Scan(...any) error }) (*wikicities.Responsibility, error) {
	var r wikicities.Responsibility
	var due, doneAt, created, updated int64
	var done int
	if err := sc.Scan(&r.ID, &r.PartnershipID, &r.Owner, &r.Description, &due, &done, &doneAt, &created, &updated, &r.Version); err != nil {
		return nil, mapErr(err)
	}
	r.Due, r.DoneAt, r.CreatedAt, r.UpdatedAt = unixTime(due), unixTime(doneAt), unixTime(created), unixTime(updated)
	r.Done = done != 0
	return &r, nil
}

// responsibilities returns the responsibilities of the given partnerships
// (all when ids is nil), by due date.
func (s *Partnerships) responsibilities(ctx context.Context, r partnershipReader, ids []int64) (map[int64][]*wikicities.Responsibility, error) {
	q := `SELECT ` + responsibilityColumns + ` FROM partnership_responsibilities`
	var args []any
	if ids != nil {
		if len(ids) == 0 {
			return map[int64][]*wikicities.Responsibility{}, nil
		}
		q += ` WHERE partnership_id IN (` + strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",") + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	q += ` ORDER BY partnership_id, due_date = 0, due_date, id`
	rows, err := r.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]*wikicities.Responsibility{}
	for rows.Next() {
		x, err := scanResponsibility(rows)
		if err != nil {
			return nil, err
		}
		out[x.PartnershipID] = append(out[x.PartnershipID], x)
	}
	return out, rows.Err()
}

// AddResponsibility adds r to partnership r.PartnershipID for a coordinator
// of either party, setting its ID and Version. Returns ErrInvalid,
// ErrNotFound, ErrConflict for a closed partnership, ErrForbidden.
func (s *Partnerships) AddResponsibility(ctx context.Context, r *wikicities.Responsibility) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := s.editable(ctx, tx, r.PartnershipID); err != nil {
			return err
		}
		now := s.db.Now()
		r.DoneAt = time.Time{}
		if r.Done {
			r.DoneAt = now.Truncate(time.Second)
		}
		var err error
		r.ID, err = tx.InsertID(ctx, `INSERT INTO partnership_responsibilities
			(partnership_id, owner_side, description, due_date, done, done_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, r.PartnershipID, string(r.Owner), r.Description, nullUnix(r.Due),
			boolInt(r.Done), nullUnix(r.DoneAt), now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		r.Due = unixTime(nullUnix(r.Due))
		r.Version, r.CreatedAt, r.UpdatedAt = 1, unixTime(now.Unix()), unixTime(now.Unix())
		return tx.Audit(ctx, "partnership_responsibility", r.ID, "create", nil, r)
	})
}

// UpdateResponsibility writes r's owner, description, due date and done
// state if r.Version is current; marking it done records when. Returns
// *StaleError, ErrInvalid, ErrNotFound, ErrConflict, ErrForbidden.
func (s *Partnerships) UpdateResponsibility(ctx context.Context, r *wikicities.Responsibility) error {
	if err := r.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := s.editable(ctx, tx, r.PartnershipID); err != nil {
			return err
		}
		old, err := scanResponsibility(tx.QueryRow(ctx, `SELECT `+responsibilityColumns+`
			FROM partnership_responsibilities WHERE id = ? AND partnership_id = ?`, r.ID, r.PartnershipID))
		if err != nil {
			return fmt.Errorf("responsibility %d of partnership %d: %w", r.ID, r.PartnershipID, err)
		}
		now := s.db.Now()
		switch {
		case r.Done && old.Done:
			r.DoneAt = old.DoneAt
		case r.Done:
			r.DoneAt = unixTime(now.Unix())
		default:
			r.DoneAt = time.Time{}
		}
		if err := execVersioned(ctx, tx, "responsibility", r.ID, r.Version, `UPDATE partnership_responsibilities SET owner_side = ?, description = ?, due_date = ?,
			done = ?, done_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(r.Owner), r.Description, nullUnix(r.Due), boolInt(r.Done), nullUnix(r.DoneAt), now.Unix(), r.ID, r.Version); err != nil {
			return err
		}
		r.Version++
		r.Due = unixTime(nullUnix(r.Due))
		r.CreatedAt, r.UpdatedAt = old.CreatedAt, unixTime(now.Unix())
		return tx.Audit(ctx, "partnership_responsibility", r.ID, "update", old, r)
	})
}

// DeleteResponsibility removes responsibility id of partnership pid if
// version is current. Returns *StaleError, ErrNotFound, ErrForbidden.
func (s *Partnerships) DeleteResponsibility(ctx context.Context, pid, id, version int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := s.editable(ctx, tx, pid); err != nil {
			return err
		}
		old, err := scanResponsibility(tx.QueryRow(ctx, `SELECT `+responsibilityColumns+`
			FROM partnership_responsibilities WHERE id = ? AND partnership_id = ?`, id, pid))
		if err != nil {
			return fmt.Errorf("responsibility %d of partnership %d: %w", id, pid, err)
		}
		if err := execVersioned(ctx, tx, "responsibility", id, version, `DELETE FROM partnership_responsibilities WHERE id = ? AND version = ?`, id, version); err != nil {
			return err
		}
		return tx.Audit(ctx, "partnership_responsibility", id, "delete", old, nil)
	})
}
