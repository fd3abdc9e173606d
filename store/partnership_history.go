package store

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// History lists the transitions of partnership id, oldest first. Returns
// ErrNotFound for an unknown partnership.
func (s *Partnerships) History(ctx context.Context, id int64) ([]*wikicities.HistoryEntry, error) {
	var one int
	if err := mapErr(s.db.QueryRow(ctx, `SELECT 1 FROM partnerships WHERE id = ?`, id).Scan(&one)); err != nil {
		return nil, fmt.Errorf("partnership %d: %w", id, err)
	}
	rows, err := s.db.Query(ctx, `SELECT id, partnership_id, at, actor_id, actor_name, action, from_state, to_state, note
		FROM partnership_history WHERE partnership_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*wikicities.HistoryEntry{}
	for rows.Next() {
		var h wikicities.HistoryEntry
		var at int64
		if err := rows.Scan(&h.ID, &h.PartnershipID, &at, &h.ActorID, &h.ActorName, &h.Action, &h.From, &h.To, &h.Note); err != nil {
			return nil, err
		}
		h.At = unixTime(at)
		out = append(out, &h)
	}
	return out, rows.Err()
}
