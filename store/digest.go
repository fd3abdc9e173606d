package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// DigestRecipient is an account a digest goes to.
type DigestRecipient = wikicities.DigestRecipient

// DigestRecipients lists the enabled accounts with an email address that
// coordinate a party of a live partnership and have not opted out of the
// digest, by user id.
func (d *DB) DigestRecipients(ctx context.Context) ([]*DigestRecipient, error) {
	rows, err := d.Query(ctx, `SELECT u.id, u.username, u.email, u.language, c.party_kind, c.party_id
		FROM users u JOIN coordinators c ON c.user_id = u.id
		WHERE u.disabled = 0 AND u.email <> ''
		AND NOT EXISTS (SELECT 1 FROM digest_optouts o WHERE o.user_id = u.id)
		AND EXISTS (SELECT 1 FROM partnerships p WHERE p.state IN `+liveStatesSQL+`
			AND ((c.party_kind = 'community' AND (p.a_community_id = c.party_id OR p.b_community_id = c.party_id))
			  OR (c.party_kind = 'institution' AND p.b_institution_id = c.party_id)))
		ORDER BY u.id, c.party_kind, c.party_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*DigestRecipient
	for rows.Next() {
		var r DigestRecipient
		var p wikicities.PartyRef
		if err := rows.Scan(&r.UserID, &r.Username, &r.Email, &r.Language, &p.Kind, &p.ID); err != nil {
			return nil, err
		}
		if n := len(out); n > 0 && out[n-1].UserID == r.UserID {
			out[n-1].Parties = append(out[n-1].Parties, p)
			continue
		}
		r.Parties = []wikicities.PartyRef{p}
		out = append(out, &r)
	}
	return out, rows.Err()
}

// ClaimDigest records that a digest goes to user now, unless one was sent
// within period: it reports false then. Two concurrent claims for one user
// cannot both succeed. Call ReleaseDigest if the message could not be sent.
func (d *DB) ClaimDigest(ctx context.Context, userID int64, period time.Duration) (claimID int64, ok bool, err error) {
	now := d.Now()
	err = d.Update(ctx, func(tx *Tx) error {
		if tx.Dialect() == Postgres {
			// Serialise claims of one user (SQLite serialises all writers).
			if _, err := tx.Exec(ctx, `SELECT id FROM users WHERE id = ? FOR UPDATE`, userID); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM digest_sends WHERE user_id = ? AND sent_at > ?`,
			userID, now.Add(-period).Unix()).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n > 0 {
			return nil
		}
		claimID, err = tx.InsertID(ctx, `INSERT INTO digest_sends (user_id, sent_at) VALUES (?, ?)`, userID, now.Unix())
		ok = err == nil
		return err
	})
	return claimID, ok, err
}

// ReleaseDigest forgets a claim whose message was not sent.
func (d *DB) ReleaseDigest(ctx context.Context, claimID int64) error {
	_, err := d.Exec(ctx, `DELETE FROM digest_sends WHERE id = ?`, claimID)
	return err
}

// DigestSends counts the digests sent to user.
func (d *DB) DigestSends(ctx context.Context, userID int64) (int, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM digest_sends WHERE user_id = ?`, userID).Scan(&n)
	return n, mapErr(err)
}

// OptOutOfDigest records that user wants no more digests (idempotent) and
// audits it. Returns ErrNotFound for an unknown user.
func (d *DB) OptOutOfDigest(ctx context.Context, userID int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		var one int
		if err := mapErr(tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = ?`, userID).Scan(&one)); err != nil {
			return fmt.Errorf("user %d: %w", userID, err)
		}
		res, err := tx.Exec(ctx, `INSERT INTO digest_optouts (user_id, at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING`,
			userID, d.Now().Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.Audit(ctx, "user", userID, "digest_opt_out", nil, map[string]bool{"digest": false})
	})
}

// OptIntoDigest undoes OptOutOfDigest (idempotent) and audits it. Returns
// ErrNotFound for an unknown user.
func (d *DB) OptIntoDigest(ctx context.Context, userID int64) error {
	return d.Update(ctx, func(tx *Tx) error {
		var one int
		if err := mapErr(tx.QueryRow(ctx, `SELECT 1 FROM users WHERE id = ?`, userID).Scan(&one)); err != nil {
			return fmt.Errorf("user %d: %w", userID, err)
		}
		res, err := tx.Exec(ctx, `DELETE FROM digest_optouts WHERE user_id = ?`, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return tx.Audit(ctx, "user", userID, "digest_opt_in", map[string]bool{"digest": false}, map[string]bool{"digest": true})
	})
}

// OptedOutOfDigest reports whether user has opted out of the digest.
func (d *DB) OptedOutOfDigest(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM digest_optouts WHERE user_id = ?`, userID).Scan(&n)
	return n > 0, mapErr(err)
}

const digestKeySetting = "partnerships.digest_key"

// digestKey returns the secret that signs unsubscribe tokens, creating it on
// first use (concurrent creators agree on the first one stored).
func (d *DB) digestKey(ctx context.Context) ([]byte, error) {
	v, err := d.Setting(ctx, digestKeySetting)
	if err != nil {
		return nil, err
	}
	if v == "" {
		var b [32]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		if _, err := d.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`,
			digestKeySetting, hex.EncodeToString(b[:])); err != nil {
			return nil, err
		}
		if v, err = d.Setting(ctx, digestKeySetting); err != nil {
			return nil, err
		}
	}
	return hex.DecodeString(v)
}

func digestMAC(key []byte, userID int64) []byte {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "digest-unsubscribe:%d", userID)
	return m.Sum(nil)[:18]
}

// UnsubscribeToken returns the signed token of the digest's unsubscribe link
// for user: "<user id>.<signature>".
func (d *DB) UnsubscribeToken(ctx context.Context, userID int64) (string, error) {
	key, err := d.digestKey(ctx)
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(userID, 10) + "." + base64.RawURLEncoding.EncodeToString(digestMAC(key, userID)), nil
}

// CheckUnsubscribeToken returns the user a token was made for. Returns
// ErrInvalid for a malformed or forged token.
func (d *DB) CheckUnsubscribeToken(ctx context.Context, token string) (int64, error) {
	idPart, sigPart, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || id <= 0 {
		return 0, (&wikicities.FieldError{Field: "token", Message: "is malformed"}).Because(wikicities.ProblemBrokenLink)
	}
	sig, err := base64.RawURLEncoding.DecodeString(sigPart)
	if err != nil {
		return 0, (&wikicities.FieldError{Field: "token", Message: "is malformed"}).Because(wikicities.ProblemBrokenLink)
	}
	key, err := d.digestKey(ctx)
	if err != nil {
		return 0, err
	}
	if !hmac.Equal(sig, digestMAC(key, id)) {
		return 0, (&wikicities.FieldError{Field: "token", Message: "has a wrong signature"}).Because(wikicities.ProblemBrokenLink)
	}
	return id, nil
}

// DigestSentWithin reports whether a digest went to user within period.
func (d *DB) DigestSentWithin(ctx context.Context, userID int64, period time.Duration) (bool, error) {
	var n int
	err := d.QueryRow(ctx, `SELECT COUNT(*) FROM digest_sends WHERE user_id = ? AND sent_at > ?`,
		userID, d.Now().Add(-period).Unix()).Scan(&n)
	return n > 0, mapErr(err)
}

// CoordinatorActor returns the actor of the account username with its role
// and coordinator grants, for commands run on someone's behalf. Returns
// ErrNotFound for an unknown account and ErrForbidden for a disabled one.
func (d *DB) CoordinatorActor(ctx context.Context, username string) (*wikicities.Actor, error) {
	a := &wikicities.Actor{Username: username}
	var disabled int
	var role string
	err := mapErr(d.QueryRow(ctx, `SELECT id, role, disabled, language FROM users WHERE username = ?`, username).
		Scan(&a.UserID, &role, &disabled, &a.Language))
	if err != nil {
		return nil, fmt.Errorf("account %q: %w", username, err)
	}
	if disabled != 0 {
		return nil, fmt.Errorf("account %q is disabled: %w", username, wikicities.ErrForbidden)
	}
	a.Role = wikicities.Role(role)
	rows, err := d.Query(ctx, `SELECT party_kind, party_id FROM coordinators WHERE user_id = ? ORDER BY party_kind, party_id`, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p wikicities.PartyRef
		if err := rows.Scan(&p.Kind, &p.ID); err != nil {
			return nil, err
		}
		a.Coordinates = append(a.Coordinates, p)
	}
	return a, rows.Err()
}
