package store

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// Sessions lists the live sessions of user, newest first (their tokens are
// not kept, only their ids and times).
func (a *Accounts) Sessions(ctx context.Context, userID int64) ([]*wikicities.Session, error) {
	rows, err := a.db.Query(ctx, `SELECT id, user_id, created_at, last_seen_at, expires_at FROM sessions
		WHERE user_id = ? AND expires_at > ? ORDER BY last_seen_at DESC, id DESC`, userID, a.db.Now().Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*wikicities.Session{}
	for rows.Next() {
		var s wikicities.Session
		var c, l, e int64
		if err := rows.Scan(&s.ID, &s.UserID, &c, &l, &e); err != nil {
			return nil, err
		}
		s.CreatedAt, s.LastSeenAt, s.ExpiresAt = unixTime(c), unixTime(l), unixTime(e)
		out = append(out, &s)
	}
	return out, rows.Err()
}

// EndSession ends session id of user (signing that device out), audited.
// Returns ErrNotFound when user has no such session.
func (a *Accounts) EndSession(ctx context.Context, userID, id int64) error {
	return a.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("session %d: %w", id, wikicities.ErrNotFound)
		}
		return tx.Audit(ctx, "user", userID, "end-session", map[string]int64{"session": id}, nil)
	})
}

// revokeTokens revokes every live API token of user: a new password, a
// disabled account or "sign out everywhere" leaves no credential behind.
// It returns how many it revoked.
func (t *Tx) revokeTokens(ctx context.Context, userID int64) (int64, error) {
	res, err := t.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = 0`, t.db.Now().Unix(), userID)
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return n, nil
}
