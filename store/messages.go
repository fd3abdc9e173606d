package store

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// Messages stores the threads of partnerships (wikicities.MessageService).
type Messages struct{ db *DB }

var _ wikicities.MessageService = (*Messages)(nil)

// Messages returns the message service of d.
func (d *DB) Messages() *Messages { return &Messages{db: d} }

// threadSide loads partnership id and returns the side the actor of ctx
// writes for. Returns ErrNotFound, ErrUnauthorized, ErrForbidden.
func (s *Messages) threadSide(ctx context.Context, r partnershipReader, id int64) (*wikicities.Partnership, wikicities.Side, error) {
	a := wikicities.ActorFrom(ctx)
	if !a.SignedIn() {
		return nil, "", wikicities.ErrUnauthorized
	}
	p, err := s.db.Partnerships().get(ctx, r, id)
	if err != nil {
		return nil, "", err
	}
	side := wikicities.ThreadSide(a, p)
	if side == "" {
		return nil, "", fmt.Errorf("%w: only the coordinators of %s and %s read and write their messages", wikicities.ErrForbidden, p.A.Name, p.B.Name)
	}
	return p, side, nil
}

// PostMessage adds m to its partnership's thread for the party the actor
// coordinates, and sets its ID, author, side and time. Returns ErrInvalid,
// ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict for a closed
// partnership.
func (s *Messages) PostMessage(ctx context.Context, m *wikicities.Message) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		p, side, err := s.threadSide(ctx, tx, m.PartnershipID)
		if err != nil {
			return err
		}
		if !p.State.Live() {
			return fmt.Errorf("%w: the partnership is %s: its thread is closed", wikicities.ErrConflict, p.State)
		}
		now := s.db.Now()
		id, err := tx.InsertID(ctx, `INSERT INTO partnership_messages (partnership_id, author_id, author_name, side, body, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, m.PartnershipID, a.UserID, a.Username, string(side), m.Body, now.Unix())
		if err != nil {
			return err
		}
		m.ID, m.AuthorID, m.AuthorName, m.Side, m.CreatedAt = id, a.UserID, a.Username, side, unixTime(now.Unix())
		return tx.Audit(ctx, "partnership", m.PartnershipID, "message", nil, map[string]any{"message": id, "side": side})
	})
}

// Messages lists the thread of partnership id, oldest first, to the
// coordinators of its parties. Returns ErrNotFound, ErrUnauthorized,
// ErrForbidden.
func (s *Messages) Messages(ctx context.Context, id int64) ([]*wikicities.Message, error) {
	if _, _, err := s.threadSide(ctx, s.db, id); err != nil {
		return nil, err
	}
	rows, err := s.db.Query(ctx, `SELECT id, partnership_id, author_id, author_name, side, body, created_at
		FROM partnership_messages WHERE partnership_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*wikicities.Message{}
	for rows.Next() {
		var m wikicities.Message
		var side string
		var at int64
		if err := rows.Scan(&m.ID, &m.PartnershipID, &m.AuthorID, &m.AuthorName, &side, &m.Body, &at); err != nil {
			return nil, err
		}
		m.Side, m.CreatedAt = wikicities.Side(side), unixTime(at)
		out = append(out, &m)
	}
	return out, rows.Err()
}
