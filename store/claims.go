package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// Claims stores requests to coordinate a group (wikicities.ClaimService).
type Claims struct{ db *DB }

var _ wikicities.ClaimService = (*Claims)(nil)

// Claims returns the claim service of d.
func (d *DB) Claims() *Claims { return &Claims{db: d} }

const claimSelect = `SELECT k.id, k.user_id, u.username, k.party_kind, k.party_id, COALESCE(c.name, i.name, ''),
	k.message, k.wikimedia_username, k.code, k.state, k.method, k.decided_by, k.note, k.decided_at,
	k.created_at, k.updated_at, k.version
	FROM coordinator_claims k JOIN users u ON u.id = k.user_id
	LEFT JOIN communities c ON k.party_kind = 'community' AND c.id = k.party_id
	LEFT JOIN institutions i ON k.party_kind = 'institution' AND i.id = k.party_id`

func scanClaim(sc interface{ Scan(...any) error }) (*wikicities.Claim, error) {
	var c wikicities.Claim
	var kind, state, method string
	var decided, created, updated int64
	if err := sc.Scan(&c.ID, &c.UserID, &c.Username, &kind, &c.Party.ID, &c.Party.Name, &c.Message, &c.WikimediaUsername,
		&c.Code, &state, &method, &c.DecidedBy, &c.Note, &decided, &created, &updated, &c.Version); err != nil {
		return nil, mapErr(err)
	}
	c.Party.Kind, c.State, c.Method = wikicities.PartyKind(kind), wikicities.ClaimState(state), wikicities.ClaimMethod(method)
	c.DecidedAt, c.CreatedAt, c.UpdatedAt = unixTime(decided), unixTime(created), unixTime(updated)
	return &c, nil
}

func (s *Claims) get(ctx context.Context, r partnershipReader, id int64) (*wikicities.Claim, error) {
	c, err := scanClaim(r.QueryRow(ctx, claimSelect+` WHERE k.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("claim %d: %w", id, err)
	}
	return c, nil
}

// partyName returns the name of the community or institution ref. Returns
// ErrNotFound.
func partyName(ctx context.Context, r partnershipReader, ref wikicities.PartyRef) (string, error) {
	table := map[wikicities.PartyKind]string{wikicities.PartyCommunity: "communities", wikicities.PartyInstitution: "institutions"}[ref.Kind]
	if table == "" {
		return "", wikicities.Invalidf("party.kind", "%q is not community or institution", ref.Kind)
	}
	var name string
	if err := mapErr(r.QueryRow(ctx, `SELECT name FROM `+table+` WHERE id = ?`, ref.ID).Scan(&name)); err != nil {
		return "", fmt.Errorf("%s %d: %w", ref.Kind, ref.ID, err)
	}
	return name, nil
}

// RequestClaim records c, pending, for the signed-in actor of ctx, and sets
// its ID, Code, Username and times. Returns ErrInvalid, ErrNotFound for an
// unknown group, ErrConflict if the actor already coordinates the group or
// has a pending claim on it, ErrUnauthorized or ErrForbidden.
func (s *Claims) RequestClaim(ctx context.Context, c *wikicities.Claim) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if a.UserID == 0 {
		return fmt.Errorf("%w: only an account can coordinate a group", wikicities.ErrForbidden)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		name, err := partyName(ctx, tx, c.Party.Ref())
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM coordinators WHERE user_id = ? AND party_kind = ? AND party_id = ?`,
			a.UserID, string(c.Party.Kind), c.Party.ID).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n > 0 {
			return fmt.Errorf("%w: you already coordinate %s", wikicities.ErrConflict, name)
		}
		now := s.db.Now()
		c.UserID, c.Username, c.Party.Name, c.Code = a.UserID, a.Username, name, "wikicities-"+newSecret()[:16]
		c.State, c.Method, c.DecidedBy, c.Note, c.DecidedAt = wikicities.ClaimPending, "", "", "", time.Time{}
		id, err := tx.InsertID(ctx, `INSERT INTO coordinator_claims (user_id, party_kind, party_id, message, wikimedia_username, code, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`, c.UserID, string(c.Party.Kind), c.Party.ID, c.Message, c.WikimediaUsername, c.Code, now.Unix(), now.Unix())
		if err != nil {
			return fmt.Errorf("%w (you already asked to coordinate %s: the request is waiting)", err, name)
		}
		c.ID, c.Version, c.CreatedAt, c.UpdatedAt = id, 1, unixTime(now.Unix()), unixTime(now.Unix())
		return tx.Audit(ctx, "claim", id, "request", nil, map[string]any{"party": c.Party.Ref(), "wikimedia_username": c.WikimediaUsername})
	})
}

// mayRead reports whether a may see claim c: its claimant, a coordinator of
// its group (admins count).
func mayRead(a *wikicities.Actor, c *wikicities.Claim) bool {
	return a.SignedIn() && (a.UserID == c.UserID || a.CoordinatorOf(c.Party.Ref()))
}

// Claim returns claim id to its claimant, the group's coordinators and
// admins. Returns ErrNotFound, ErrUnauthorized, ErrForbidden.
func (s *Claims) Claim(ctx context.Context, id int64) (*wikicities.Claim, error) {
	a := wikicities.ActorFrom(ctx)
	if !a.SignedIn() {
		return nil, wikicities.ErrUnauthorized
	}
	c, err := s.get(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	if !mayRead(a, c) {
		return nil, fmt.Errorf("%w: only the claimant and the group's coordinators see a claim", wikicities.ErrForbidden)
	}
	if a.UserID != c.UserID {
		c.Code = "" // the code proves the claimant's hand on the wiki: theirs alone
	}
	return c, nil
}

// Claims lists the claims matching f that the actor of ctx may see, newest
// first. Anonymous actors see none.
func (s *Claims) Claims(ctx context.Context, f wikicities.ClaimFilter) ([]*wikicities.Claim, error) {
	a := wikicities.ActorFrom(ctx)
	if !a.SignedIn() {
		return nil, wikicities.ErrUnauthorized
	}
	var cond []string
	var args []any
	if f.Party != nil {
		cond, args = append(cond, `k.party_kind = ? AND k.party_id = ?`), append(args, string(f.Party.Kind), f.Party.ID)
	}
	if f.UserID != 0 {
		cond, args = append(cond, `k.user_id = ?`), append(args, f.UserID)
	}
	if len(f.States) > 0 {
		ph := make([]string, len(f.States))
		for i, st := range f.States {
			ph[i], args = "?", append(args, string(st))
		}
		cond = append(cond, `k.state IN (`+strings.Join(ph, ", ")+`)`)
	}
	if f.Approver && !a.IsAdmin() {
		cond, args = append(cond, `k.state = 'pending' AND k.user_id <> ? AND EXISTS (SELECT 1 FROM coordinators g
			WHERE g.user_id = ? AND g.party_kind = k.party_kind AND g.party_id = k.party_id)`), append(args, a.UserID, a.UserID)
	} else if f.Approver {
		cond = append(cond, `k.state = 'pending'`)
	}
	q := claimSelect
	if len(cond) > 0 {
		q += ` WHERE ` + strings.Join(cond, ` AND `)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY k.id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.Claim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, err
		}
		if !mayRead(a, c) && !(f.Approver && wikicities.CanDecideClaim(a, c)) {
			continue
		}
		if a.UserID != c.UserID {
			c.Code = ""
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// settle moves the pending claim c to state inside tx, granting coordination
// when approved, and records it.
func (s *Claims) settle(ctx context.Context, tx *Tx, c *wikicities.Claim, state wikicities.ClaimState, method wikicities.ClaimMethod, by, note string, ev any) error {
	now := s.db.Now().Unix()
	evj, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	if err := execVersioned(ctx, tx, "claim", c.ID, c.Version, `UPDATE coordinator_claims SET state = ?, method = ?, decided_by = ?, note = ?,
		evidence_json = ?, decided_at = ?, updated_at = ?, version = version + 1 WHERE state = 'pending' AND id = ? AND version = ?`,
		string(state), string(method), by, note, string(evj), now, now, c.ID, c.Version); err != nil {
		return err
	}
	before := c.State
	c.State, c.Method, c.DecidedBy, c.Note, c.DecidedAt, c.UpdatedAt, c.Version = state, method, by, note, unixTime(now), unixTime(now), c.Version+1
	if state == wikicities.ClaimApproved {
		if _, err := tx.Exec(ctx, `INSERT INTO coordinators (user_id, party_kind, party_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
			c.UserID, string(c.Party.Kind), c.Party.ID, now); err != nil {
			return err
		}
		if err := tx.Audit(ctx, string(c.Party.Kind), c.Party.ID, "grant-coordinator", nil, map[string]any{"user_id": c.UserID, "claim": c.ID}); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, "claim", c.ID, string(state), map[string]any{"state": before},
		map[string]any{"state": state, "method": method, "note": note, "evidence": ev})
}

// pending loads claim id inside tx and checks it is pending at version (0:
// any). Returns ErrNotFound, *StaleError, ErrConflict.
func (s *Claims) pending(ctx context.Context, tx *Tx, id, version int64) (*wikicities.Claim, error) {
	c, err := s.get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if version != 0 && version != c.Version {
		return nil, &wikicities.StaleError{Entity: "claim", ID: id, Version: version}
	}
	if c.State != wikicities.ClaimPending {
		return nil, fmt.Errorf("%w: the claim is already %s", wikicities.ErrConflict, c.State)
	}
	return c, nil
}

// DecideClaim approves (granting coordination of the group) or declines the
// pending claim id, as a coordinator of the group by explicit grant or an
// admin. Returns ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict
// for a claim no longer pending, *StaleError.
func (s *Claims) DecideClaim(ctx context.Context, id, version int64, approve bool, note string) (*wikicities.Claim, error) {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return nil, err
	}
	var out *wikicities.Claim
	err := s.db.Update(ctx, func(tx *Tx) error {
		c, err := s.pending(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if !wikicities.CanDecideClaim(a, c) {
			return fmt.Errorf("%w: only a coordinator of %s or an admin decides this claim", wikicities.ErrForbidden, c.Party.Name)
		}
		method := wikicities.ClaimByCoordinator
		if !hasGrantOn(a, c.Party.Ref()) {
			method = wikicities.ClaimByAdmin
		}
		state := wikicities.ClaimDeclined
		if approve {
			state = wikicities.ClaimApproved
		}
		if err := s.settle(ctx, tx, c, state, method, a.Username, note, map[string]any{}); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

func hasGrantOn(a *wikicities.Actor, p wikicities.PartyRef) bool {
	for _, g := range a.Coordinates {
		if g == p {
			return true
		}
	}
	return false
}

// ConfirmClaim approves the actor's own pending claim id on a group nobody
// coordinates, after a check on Meta-Wiki found ev. Returns ErrForbidden for
// someone else's claim, ErrConflict when the group has a coordinator (who
// decides instead) or the claim is not pending.
func (s *Claims) ConfirmClaim(ctx context.Context, id int64, ev wikicities.ClaimEvidence) (*wikicities.Claim, error) {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return nil, err
	}
	var out *wikicities.Claim
	err := s.db.Update(ctx, func(tx *Tx) error {
		c, err := s.pending(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if c.UserID != a.UserID {
			return fmt.Errorf("%w: only the claimant confirms a claim on Meta-Wiki", wikicities.ErrForbidden)
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM coordinators WHERE party_kind = ? AND party_id = ?`, string(c.Party.Kind), c.Party.ID).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n > 0 {
			return fmt.Errorf("%w: %s has a coordinator now, who decides the claim", wikicities.ErrConflict, c.Party.Name)
		}
		if err := s.settle(ctx, tx, c, wikicities.ClaimApproved, wikicities.ClaimByMetaWiki, wikicities.System.Username, "", ev); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// WithdrawClaim withdraws the actor's own pending claim id. Returns
// ErrForbidden for someone else's, ErrConflict when it is not pending.
func (s *Claims) WithdrawClaim(ctx context.Context, id int64) (*wikicities.Claim, error) {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return nil, err
	}
	var out *wikicities.Claim
	err := s.db.Update(ctx, func(tx *Tx) error {
		c, err := s.pending(ctx, tx, id, 0)
		if err != nil {
			return err
		}
		if c.UserID != a.UserID {
			return fmt.Errorf("%w: only the claimant withdraws a claim", wikicities.ErrForbidden)
		}
		if err := s.settle(ctx, tx, c, wikicities.ClaimWithdrawn, "", a.Username, "", map[string]any{}); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// CoordinatorCounts returns how many accounts coordinate each of refs;
// groups nobody coordinates are absent.
func (s *Claims) CoordinatorCounts(ctx context.Context, refs []wikicities.PartyRef) (map[wikicities.PartyRef]int, error) {
	out := map[wikicities.PartyRef]int{}
	for start := 0; start < len(refs); start += 200 {
		chunk := refs[start:min(start+200, len(refs))]
		var cond []string
		var args []any
		for _, r := range chunk {
			cond, args = append(cond, `(party_kind = ? AND party_id = ?)`), append(args, string(r.Kind), r.ID)
		}
		rows, err := s.db.Query(ctx, `SELECT party_kind, party_id, COUNT(*) FROM coordinators WHERE `+strings.Join(cond, ` OR `)+
			` GROUP BY party_kind, party_id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var r wikicities.PartyRef
			var k string
			var n int
			if err := rows.Scan(&k, &r.ID, &n); err != nil {
				rows.Close()
				return nil, err
			}
			r.Kind = wikicities.PartyKind(k)
			out[r] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
