package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/auth"
)

// Accounts stores users, their coordinator grants, sessions and API tokens.
type Accounts struct{ db *DB }

// Accounts returns the account store.
func (d *DB) Accounts() *Accounts { return &Accounts{db: d} }

// TokenPrefix begins every API token (see auth.TokenPrefix).
const TokenPrefix = auth.TokenPrefix

// newSecret returns 32 random bytes in unpadded URL-safe base64.
func newSecret() string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// HashToken returns the hex SHA-256 of a session or API token: what the
// store keeps in place of the token.
func HashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

const userColumns = `id, username, email, role, password_hash, wikimedia, wikimedia_sub, disabled, language, created_at, updated_at, version`

// joinedUserColumns are userColumns of "users u", for queries that join it.
const joinedUserColumns = `u.id, u.username, u.email, u.role, u.password_hash, u.wikimedia, u.wikimedia_sub, u.disabled, u.language, u.created_at, u.updated_at, u.version`

// userScan receives the userColumns of one row.
type userScan struct {
	u                wikicities.User
	role             string
	wm, dis          int
	created, updated int64
}

func (s *userScan) dest() []any {
	return []any{&s.u.ID, &s.u.Username, &s.u.Email, &s.role, &s.u.PasswordHash, &s.wm, &s.u.WikimediaSub, &s.dis, &s.u.Language, &s.created, &s.updated, &s.u.Version}
}

func (s *userScan) user() *wikicities.User {
	u := s.u
	u.Role = wikicities.Role(s.role)
	u.Wikimedia, u.Disabled = s.wm == 1, s.dis == 1
	u.CreatedAt, u.UpdatedAt = unixTime(s.created), unixTime(s.updated)
	return &u
}

func scanUser(row interface{ Scan(...any) error }) (*wikicities.User, error) {
	var s userScan
	if err := row.Scan(s.dest()...); err != nil {
		return nil, mapErr(err)
	}
	return s.user(), nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateUser adds an account. Username, role and the rest come from u; ID,
// times and version are set. Returns ErrInvalid (naming the field) for a bad
// username or role and ErrConflict when the username is taken.
func (a *Accounts) CreateUser(ctx context.Context, u *wikicities.User) (*wikicities.User, error) {
	validate := wikicities.ValidateUsername
	if u.Wikimedia {
		validate = wikicities.ValidateWikimediaUsername
	}
	if err := validate(u.Username); err != nil {
		return nil, err
	}
	if u.Role == "" {
		u.Role = wikicities.RoleMember
	}
	if !wikicities.ValidRole(u.Role) {
		return nil, wikicities.Invalidf("role", "%q is not member or admin", u.Role)
	}
	var out *wikicities.User
	err := a.db.Update(ctx, func(tx *Tx) error {
		now := a.db.Now().Unix()
		id, err := tx.InsertID(ctx, `INSERT INTO users (username, email, role, password_hash, wikimedia, wikimedia_sub, language, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Username, u.Email, string(u.Role), u.PasswordHash, b2i(u.Wikimedia), u.WikimediaSub, u.Language, now, now)
		if err != nil {
			if errors.Is(err, wikicities.ErrConflict) {
				return fmt.Errorf("%w: username %q is taken", wikicities.ErrConflict, u.Username)
			}
			return err
		}
		if out, err = scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", id, "create", nil, out)
	})
	return out, err
}

// User returns the account id. Returns ErrNotFound if there is none.
func (a *Accounts) User(ctx context.Context, id int64) (*wikicities.User, error) {
	return scanUser(a.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// UserByName returns the account called name. Returns ErrNotFound if there
// is none.
func (a *Accounts) UserByName(ctx context.Context, name string) (*wikicities.User, error) {
	return scanUser(a.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, name))
}

// Users lists every account by name.
func (a *Accounts) Users(ctx context.Context) ([]*wikicities.User, error) {
	return a.users(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
}

// UsersByEmail lists the accounts whose email address is addr, compared
// without regard to case, by name. An empty addr matches nobody.
func (a *Accounts) UsersByEmail(ctx context.Context, addr string) ([]*wikicities.User, error) {
	if strings.TrimSpace(addr) == "" {
		return nil, nil
	}
	return a.users(ctx, `SELECT `+userColumns+` FROM users WHERE lower(email) = lower(?) ORDER BY username`, strings.TrimSpace(addr))
}

// users lists the accounts a query selects.
func (a *Accounts) users(ctx context.Context, query string, args ...any) ([]*wikicities.User, error) {
	rows, err := a.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UpdateUser applies upd to account id if it is still at version. Returns
// ErrNotFound, *StaleError for a stale version,
// ErrInvalid for a bad role.
// Disabling an account ends its sessions; tokens are refused while it is
// disabled. A new password ends the sessions and revokes the API tokens.
func (a *Accounts) UpdateUser(ctx context.Context, id, version int64, upd wikicities.UserUpdate) (*wikicities.User, error) {
	if upd.Role != nil && !wikicities.ValidRole(*upd.Role) {
		return nil, wikicities.Invalidf("role", "%q is not member or admin", *upd.Role)
	}
	var out *wikicities.User
	err := a.db.Update(ctx, func(tx *Tx) error {
		before, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if err != nil {
			return err
		}
		after := *before
		if upd.Role != nil {
			after.Role = *upd.Role
		}
		if upd.Disabled != nil {
			after.Disabled = *upd.Disabled
		}
		if upd.Email != nil {
			after.Email = *upd.Email
		}
		if upd.Language != nil {
			after.Language = *upd.Language
		}
		if upd.PasswordHash != nil {
			after.PasswordHash = *upd.PasswordHash
		}
		res, err := tx.Exec(ctx, `UPDATE users SET role = ?, disabled = ?, email = ?, language = ?, password_hash = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(after.Role), b2i(after.Disabled), after.Email, after.Language, after.PasswordHash, a.db.Now().Unix(), id, version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &wikicities.StaleError{Entity: "user", ID: id, Version: version, Current: before.Version}
		}
		if after.Disabled || upd.PasswordHash != nil {
			if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		if upd.PasswordHash != nil { // a new password leaves no credential of the old one behind
			if _, err := tx.revokeTokens(ctx, id); err != nil {
				return err
			}
		}
		if out, err = scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)); err != nil {
			return err
		}
		action := "update"
		if upd.PasswordHash != nil && upd.Role == nil && upd.Disabled == nil {
			action = "set-password"
		}
		return tx.Audit(ctx, "user", id, action, before, out)
	})
	return out, err
}

// EndSessions signs user out everywhere: every session of the account
// ends and every API token is revoked, and the change is audited. It
// returns how many sessions ended.
func (a *Accounts) EndSessions(ctx context.Context, userID int64) (int, error) {
	var n int64
	err := a.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		revoked, err := tx.revokeTokens(ctx, userID)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, "user", userID, "end-sessions", nil, map[string]int64{"sessions_ended": n, "tokens_revoked": revoked})
	})
	return int(n), err
}

// WikimediaUser returns the account of the Wikimedia user with stable id sub
// and name username, creating it on first sign-in and following a rename.
// Returns ErrConflict when username belongs to a local account (a Wikimedia
// sign-in never takes over a local account) and ErrForbidden when the
// account is disabled.
func (a *Accounts) WikimediaUser(ctx context.Context, sub, username string) (*wikicities.User, error) {
	if err := wikicities.ValidateWikimediaUsername(username); err != nil {
		return nil, err
	}
	if sub == "" {
		return nil, wikicities.Invalidf("sub", "is empty in the Wikimedia profile")
	}
	u, err := scanUser(a.db.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE wikimedia = 1 AND wikimedia_sub = ?`, sub))
	switch {
	case errors.Is(err, wikicities.ErrNotFound):
		u, err = a.UserByName(ctx, username)
		if err == nil {
			if !u.Wikimedia || (u.WikimediaSub != "" && u.WikimediaSub != sub) {
				return nil, fmt.Errorf("%w: username %q belongs to another account of this site", wikicities.ErrConflict, username)
			}
			break
		}
		if !errors.Is(err, wikicities.ErrNotFound) {
			return nil, err
		}
		ctx = wikicities.NewContext(ctx, &wikicities.Actor{Username: username})
		return a.CreateUser(ctx, &wikicities.User{Username: username, Role: wikicities.RoleMember, Wikimedia: true, WikimediaSub: sub})
	case err != nil:
		return nil, err
	}
	if u.Disabled {
		return nil, fmt.Errorf("%w: account %q is disabled", wikicities.ErrForbidden, u.Username)
	}
	if u.Username != username || u.WikimediaSub != sub {
		err := a.db.Update(ctx, func(tx *Tx) error {
			before := *u
			if _, err := tx.Exec(ctx, `UPDATE users SET username = ?, wikimedia_sub = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
				username, sub, a.db.Now().Unix(), u.ID); err != nil {
				return err
			}
			u.Username, u.WikimediaSub, u.Version = username, sub, u.Version+1
			return tx.Audit(ctx, "user", u.ID, "rename", before, u)
		})
		if err != nil {
			return nil, err
		}
	}
	return u, nil
}

// Grant makes user a coordinator of p. Granting twice is not an error.
// Returns ErrNotFound for an unknown user or record and ErrInvalid for a bad
// kind.
func (a *Accounts) Grant(ctx context.Context, userID int64, p wikicities.PartyRef) error {
	if p.Kind != wikicities.PartyCommunity && p.Kind != wikicities.PartyInstitution {
		return wikicities.Invalidf("kind", "%q is not community or institution", p.Kind)
	}
	if p.ID <= 0 {
		return wikicities.Invalidf("id", "%d is not a valid id", p.ID)
	}
	return a.db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n == 0 {
			return fmt.Errorf("user %d: %w", userID, wikicities.ErrNotFound)
		}
		table := map[wikicities.PartyKind]string{wikicities.PartyCommunity: "communities", wikicities.PartyInstitution: "institutions"}[p.Kind]
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, p.ID).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n == 0 {
			return fmt.Errorf("%s %d: %w", p.Kind, p.ID, wikicities.ErrNotFound)
		}
		res, err := tx.Exec(ctx, `INSERT INTO coordinators (user_id, party_kind, party_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, userID, string(p.Kind), p.ID, a.db.Now().Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		if err := tx.Audit(ctx, string(p.Kind), p.ID, "grant-coordinator", nil, map[string]any{"user_id": userID}); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", userID, "grant-coordinator", nil, p)
	})
}

// Revoke ends user's coordination of p. Returns ErrNotFound if there was none.
func (a *Accounts) Revoke(ctx context.Context, userID int64, p wikicities.PartyRef) error {
	return a.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM coordinators WHERE user_id = ? AND party_kind = ? AND party_id = ?`, userID, string(p.Kind), p.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d does not coordinate %s %d: %w", userID, p.Kind, p.ID, wikicities.ErrNotFound)
		}
		if err := tx.Audit(ctx, string(p.Kind), p.ID, "revoke-coordinator", map[string]any{"user_id": userID}, nil); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", userID, "revoke-coordinator", p, nil)
	})
}

// Coordinates lists what user coordinates.
func (a *Accounts) Coordinates(ctx context.Context, userID int64) ([]wikicities.PartyRef, error) {
	rows, err := a.db.Query(ctx, `SELECT party_kind, party_id FROM coordinators WHERE user_id = ? ORDER BY party_kind, party_id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []wikicities.PartyRef
	for rows.Next() {
		var p wikicities.PartyRef
		var k string
		if err := rows.Scan(&k, &p.ID); err != nil {
			return nil, err
		}
		p.Kind = wikicities.PartyKind(k)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Actor returns the actor for u acting through scope ("" for a session),
// with its coordinator grants loaded.
func (a *Accounts) Actor(ctx context.Context, u *wikicities.User, scope string) (*wikicities.Actor, error) {
	c, err := a.Coordinates(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	return &wikicities.Actor{UserID: u.ID, Username: u.Username, Role: u.Role, Coordinates: c, Scope: scope, Language: u.Language}, nil
}

// CreateSession starts a session for user lasting at most maxAge and returns
// the token for the cookie (only its hash is stored).
func (a *Accounts) CreateSession(ctx context.Context, userID int64, maxAge time.Duration) (string, *wikicities.Session, error) {
	tok := newSecret()
	now := a.db.Now()
	s := &wikicities.Session{UserID: userID, CSRFToken: newSecret(), CreatedAt: now.Truncate(time.Second), LastSeenAt: now.Truncate(time.Second), ExpiresAt: now.Add(maxAge).Truncate(time.Second)}
	err := a.db.Update(ctx, func(tx *Tx) error {
		var err error
		s.ID, err = tx.InsertID(ctx, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
			HashToken(tok), userID, s.CSRFToken, now.Unix(), now.Unix(), s.ExpiresAt.Unix())
		if err != nil {
			return err
		}
		// Sweep expired sessions of everyone now and then: cheap with the index.
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < ?`, now.Unix())
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return tok, s, nil
}

// sessionTouchEvery is how stale last_seen_at may get before a request
// writes it again: idle expiry is precise to this, and reads stay reads.
const sessionTouchEvery = time.Minute

// Session returns the live session with token tok and its user. A session is
// live until its absolute expiry and while it has been used within idle.
// Returns ErrUnauthorized for an unknown, expired or idle session (an expired
// one is deleted) or a disabled account.
func (a *Accounts) Session(ctx context.Context, tok string, idle time.Duration) (*wikicities.Session, *wikicities.User, error) {
	var s wikicities.Session
	var created, seen, expires int64
	var us userScan
	err := a.db.QueryRow(ctx, `SELECT s.id, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at, `+joinedUserColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, HashToken(tok)).
		Scan(append([]any{&s.ID, &s.UserID, &s.CSRFToken, &created, &seen, &expires}, us.dest()...)...)
	if err != nil {
		if err = mapErr(err); errors.Is(err, wikicities.ErrNotFound) {
			return nil, nil, fmt.Errorf("%w: no such session", wikicities.ErrUnauthorized)
		}
		return nil, nil, err
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = unixTime(created), unixTime(seen), unixTime(expires)
	now := a.db.Now()
	if !now.Before(s.ExpiresAt) || now.Sub(s.LastSeenAt) >= idle {
		a.db.Exec(ctx, `DELETE FROM sessions WHERE id = ?`, s.ID)
		return nil, nil, fmt.Errorf("%w: session expired", wikicities.ErrUnauthorized)
	}
	u := us.user()
	if u.Disabled {
		return nil, nil, fmt.Errorf("%w: account is disabled", wikicities.ErrUnauthorized)
	}
	if now.Sub(s.LastSeenAt) >= sessionTouchEvery {
		if _, err := a.db.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, now.Unix(), s.ID); err != nil {
			return nil, nil, err
		}
		s.LastSeenAt = now.Truncate(time.Second)
	}
	return &s, u, nil
}

// DeleteSession ends the session with token tok (signing out). Ending an
// unknown session is not an error.
func (a *Accounts) DeleteSession(ctx context.Context, tok string) error {
	_, err := a.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, HashToken(tok))
	return err
}

// CreateToken issues an API token for user with scope "read" or "write",
// valid until expires (never when zero). It returns the token, which is not
// stored and cannot be shown again. Returns ErrInvalid for a bad scope.
func (a *Accounts) CreateToken(ctx context.Context, userID int64, name, scope string, expires time.Time) (string, *wikicities.APIToken, error) {
	var ve wikicities.ValidationErrors
	if scope != wikicities.ScopeRead && scope != wikicities.ScopeWrite {
		ve.Add("scope", "%q is not read or write", scope)
	}
	if len(name) > 200 {
		ve.Add("name", "is longer than 200 bytes")
	}
	if err := ve.Err(); err != nil {
		return "", nil, err
	}
	tok := TokenPrefix + newSecret()
	now := a.db.Now()
	t := &wikicities.APIToken{UserID: userID, Name: name, Prefix: tok[:len(TokenPrefix)+6], Scope: scope, CreatedAt: now.Truncate(time.Second), ExpiresAt: expires.Truncate(time.Second)}
	err := a.db.Update(ctx, func(tx *Tx) error {
		var err error
		t.ID, err = tx.InsertID(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			userID, name, HashToken(tok), t.Prefix, scope, now.Unix(), nullUnix(expires))
		if err != nil {
			return err
		}
		return tx.Audit(ctx, "user", userID, "create-token", nil, t)
	})
	if err != nil {
		return "", nil, err
	}
	return tok, t, nil
}

const tokenColumns = `id, user_id, name, prefix, scope, created_at, last_used_at, expires_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (*wikicities.APIToken, error) {
	var t wikicities.APIToken
	var c, u, e, r int64
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Scope, &c, &u, &e, &r); err != nil {
		return nil, mapErr(err)
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = unixTime(c), unixTime(u), unixTime(e), unixTime(r)
	return &t, nil
}

// Token returns the live API token tok and its user. Returns ErrUnauthorized
// for an unknown, revoked or expired token or a disabled account.
func (a *Accounts) Token(ctx context.Context, tok string) (*wikicities.APIToken, *wikicities.User, error) {
	if !strings.HasPrefix(tok, TokenPrefix) {
		return nil, nil, fmt.Errorf("%w: not a WikiCities API token", wikicities.ErrUnauthorized)
	}
	var us userScan
	var t wikicities.APIToken
	var c, lu, e, r int64
	err := a.db.QueryRow(ctx, `SELECT t.id, t.user_id, t.name, t.prefix, t.scope, t.created_at, t.last_used_at, t.expires_at, t.revoked_at, `+joinedUserColumns+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`, HashToken(tok)).
		Scan(append([]any{&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Scope, &c, &lu, &e, &r}, us.dest()...)...)
	if err != nil {
		if err = mapErr(err); errors.Is(err, wikicities.ErrNotFound) {
			return nil, nil, fmt.Errorf("%w: unknown API token", wikicities.ErrUnauthorized)
		}
		return nil, nil, err
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = unixTime(c), unixTime(lu), unixTime(e), unixTime(r)
	now := a.db.Now()
	switch {
	case !t.RevokedAt.IsZero():
		return nil, nil, fmt.Errorf("%w: API token was revoked", wikicities.ErrUnauthorized)
	case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
		return nil, nil, fmt.Errorf("%w: API token has expired", wikicities.ErrUnauthorized)
	}
	u := us.user()
	if u.Disabled {
		return nil, nil, fmt.Errorf("%w: account is disabled", wikicities.ErrUnauthorized)
	}
	if now.Sub(t.LastUsedAt) >= sessionTouchEvery {
		if _, err := a.db.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now.Unix(), t.ID); err != nil {
			return nil, nil, err
		}
		t.LastUsedAt = now.Truncate(time.Second)
	}
	return &t, u, nil
}

// Tokens lists user's API tokens, revoked ones included, newest first.
func (a *Accounts) Tokens(ctx context.Context, userID int64) ([]*wikicities.APIToken, error) {
	rows, err := a.db.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes token id of user (any user's when asAdmin). Returns
// ErrNotFound when there is no such token of that user, so that ids of
// others' tokens are not disclosed.
func (a *Accounts) RevokeToken(ctx context.Context, userID, id int64, asAdmin bool) error {
	return a.db.Update(ctx, func(tx *Tx) error {
		t, err := scanToken(tx.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ? AND (user_id = ? OR ? = 1)`, id, userID, b2i(asAdmin)))
		if err != nil {
			return fmt.Errorf("token %d: %w", id, err)
		}
		if !t.RevokedAt.IsZero() {
			return nil
		}
		if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, a.db.Now().Unix(), id); err != nil {
			return err
		}
		return tx.Audit(ctx, "user", t.UserID, "revoke-token", t, nil)
	})
}

// Secret returns the site's signing key for short-lived cookies (the OAuth
// state), creating it on first use. It is kept in the settings table so that
// every server process of a site agrees on it.
func (a *Accounts) Secret(ctx context.Context) ([]byte, error) {
	const key = "auth.secret"
	err := a.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, newSecret())
		return err
	})
	if err != nil {
		return nil, err
	}
	v, err := a.db.Setting(ctx, key)
	if err != nil {
		return nil, err
	}
	b, err := base64.RawURLEncoding.DecodeString(v)
	if err != nil || len(b) < 32 {
		return nil, fmt.Errorf("store: setting %s is not a 32-byte secret", key)
	}
	return b, nil
}
