package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// Capacities is the SQL implementation of wikicities.CapacityService.
type Capacities struct{ db *DB }

var _ wikicities.CapacityService = (*Capacities)(nil)

// Capacities returns the capacities service.
func (d *DB) Capacities() *Capacities { return &Capacities{db: d} }

// Capacities lists the vocabulary in tree order (by position, then code),
// each with its labels.
func (s *Capacities) Capacities(ctx context.Context) ([]*wikicities.Capacity, error) {
	out := []*wikicities.Capacity{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, `SELECT code, parent, qid FROM capacities ORDER BY position, code`)
		if err != nil {
			return err
		}
		byCode := map[string]*wikicities.Capacity{}
		for rows.Next() {
			c := &wikicities.Capacity{Labels: map[string]string{}}
			if err := rows.Scan(&c.Code, &c.Parent, &c.QID); err != nil {
				rows.Close()
				return err
			}
			out = append(out, c)
			byCode[c.Code] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT code, language, label FROM capacity_labels`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var code, lang, label string
			if err := rows.Scan(&code, &lang, &label); err != nil {
				return err
			}
			if c := byCode[code]; c != nil {
				c.Labels[lang] = label
			}
		}
		return rows.Err()
	})
	return out, err
}

// AddCapacity adds c under its parent (the code without its last word).
// Only admins may. Returns ErrInvalid, ErrConflict, ErrUnauthorized and
// ErrForbidden.
func (s *Capacities) AddCapacity(ctx context.Context, c *wikicities.Capacity) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return fmt.Errorf("%w: only admins may add capacities", wikicities.ErrForbidden)
	}
	var v wikicities.ValidationErrors
	if !wikicities.ValidCapacityCode(c.Code) {
		v.Add("code", "%q must be one to three dot-separated lower-case words", c.Code)
	}
	c.Parent = ""
	if i := strings.LastIndexByte(c.Code, '.'); i > 0 {
		c.Parent = c.Code[:i]
	}
	if c.QID != "" && !validQID(c.QID) {
		v.Add("qid", "%q is not a Wikidata item id (Q followed by digits)", c.QID)
	}
	if strings.TrimSpace(c.Labels["en"]) == "" {
		v.Add("labels", "an English label is required")
	}
	for lang, l := range c.Labels {
		if strings.TrimSpace(l) == "" || len(l) > 100 {
			v.Add("labels."+lang, "must be 1 to 100 bytes")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if c.Parent != "" {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM capacities WHERE code = ?`, c.Parent).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return wikicities.ValidationErrors{{Field: "code", Message: fmt.Sprintf("parent %q does not exist", c.Parent)}}
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO capacities (code, parent, qid, position)
			VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM capacities))`, c.Code, c.Parent, c.QID); err != nil {
			if isDuplicate(err) {
				return fmt.Errorf("%w: capacity %q exists", wikicities.ErrConflict, c.Code)
			}
			return err
		}
		langs := make([]string, 0, len(c.Labels))
		for l := range c.Labels {
			langs = append(langs, l)
		}
		slices.Sort(langs)
		for _, l := range langs {
			if _, err := tx.Exec(ctx, `INSERT INTO capacity_labels (code, language, label) VALUES (?, ?, ?)`, c.Code, l, strings.TrimSpace(c.Labels[l])); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "capacity", 0, "create", nil, c)
	})
}

func validQID(q string) bool {
	if len(q) < 2 || q[0] != 'Q' || q[1] == '0' {
		return false
	}
	for _, r := range q[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// holderName returns the name of h: an account's username or a
// community's name. Returns ErrNotFound.
func (t *Tx) holderName(ctx context.Context, h wikicities.Holder) (string, error) {
	if !h.Valid() {
		return "", fmt.Errorf("%w: holder %s %d", wikicities.ErrInvalid, h.Kind, h.ID)
	}
	q := `SELECT username FROM users WHERE id = ?`
	if h.Kind == wikicities.HolderGroup {
		q = `SELECT name FROM communities WHERE id = ?`
	}
	var name string
	if err := t.QueryRow(ctx, q, h.ID).Scan(&name); err != nil {
		return "", fmt.Errorf("%s %d: %w", h.Kind, h.ID, mapErr(err))
	}
	return name, nil
}

// requireHolder returns nil when the actor in ctx may act for h: the person
// themself, a coordinator of the group, or an admin.
func requireHolder(ctx context.Context, h wikicities.Holder) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if h.Kind == wikicities.HolderGroup {
		return a.RequireCoordinator(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: h.ID})
	}
	if a.UserID == h.ID || a.IsAdmin() {
		return nil
	}
	return fmt.Errorf("%w: only the person themself may change their capacities", wikicities.ErrForbidden)
}

// HolderCapacities returns h's capacities. Returns ErrNotFound.
func (s *Capacities) HolderCapacities(ctx context.Context, h wikicities.Holder) (*wikicities.HolderCapacities, error) {
	var out *wikicities.HolderCapacities
	err := s.db.View(ctx, func(tx *Tx) error {
		if _, err := tx.holderName(ctx, h); err != nil {
			return err
		}
		all, err := tx.holderCapacities(ctx, `WHERE holder_kind = ? AND holder_id = ?`, string(h.Kind), h.ID)
		if err != nil {
			return err
		}
		out = &wikicities.HolderCapacities{Holder: h, Known: []string{}, Available: []string{}, Wanted: []string{}}
		if len(all) == 1 {
			out = all[0]
		}
		out.Version, err = tx.capacityVersion(ctx, h)
		return err
	})
	return out, err
}

// AllHolderCapacities lists every holder with a capacity or an
// availability, ordered by kind and id.
func (s *Capacities) AllHolderCapacities(ctx context.Context) ([]*wikicities.HolderCapacities, error) {
	var out []*wikicities.HolderCapacities
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.holderCapacities(ctx, "")
		return err
	})
	return out, err
}

func (t *Tx) holderCapacities(ctx context.Context, where string, args ...any) ([]*wikicities.HolderCapacities, error) {
	by := map[wikicities.Holder]*wikicities.HolderCapacities{}
	get := func(kind string, id int64) *wikicities.HolderCapacities {
		h := wikicities.Holder{Kind: wikicities.HolderKind(kind), ID: id}
		if by[h] == nil {
			by[h] = &wikicities.HolderCapacities{Holder: h, Known: []string{}, Available: []string{}, Wanted: []string{}}
		}
		return by[h]
	}
	rows, err := t.Query(ctx, `SELECT holder_kind, holder_id, state, capacity FROM holder_capacities `+where+` ORDER BY capacity`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var kind, state, code string
		var id int64
		if err := rows.Scan(&kind, &id, &state, &code); err != nil {
			rows.Close()
			return nil, err
		}
		hc := get(kind, id)
		switch wikicities.CapacityState(state) {
		case wikicities.CapacityKnown:
			hc.Known = append(hc.Known, code)
		case wikicities.CapacityAvailable:
			hc.Available = append(hc.Available, code)
		case wikicities.CapacityWanted:
			hc.Wanted = append(hc.Wanted, code)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = t.Query(ctx, `SELECT holder_kind, holder_id, away_until, mentee_limit FROM mentor_availability `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var id, away int64
		var limit int
		if err := rows.Scan(&kind, &id, &away, &limit); err != nil {
			return nil, err
		}
		hc := get(kind, id)
		hc.AwayUntil, hc.MenteeLimit = unixTime(away), limit
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*wikicities.HolderCapacities, 0, len(by))
	for _, hc := range by {
		out = append(out, hc)
	}
	slices.SortFunc(out, func(a, b *wikicities.HolderCapacities) int {
		if c := strings.Compare(string(a.Holder.Kind), string(b.Holder.Kind)); c != 0 {
			return c
		}
		return int(a.Holder.ID - b.Holder.ID)
	})
	return out, nil
}

// SetHolderCapacities replaces the capacities and availability of
// hc.Holder. Returns ErrInvalid for an unknown code or a negative limit,
// ErrNotFound, ErrUnauthorized and ErrForbidden.
func (s *Capacities) SetHolderCapacities(ctx context.Context, hc *wikicities.HolderCapacities) error {
	if err := requireHolder(ctx, hc.Holder); err != nil {
		return err
	}
	var bad wikicities.ValidationErrors
	if hc.MenteeLimit < 0 {
		bad.Add("mentee_limit", "must not be negative")
	}
	wikicities.CheckDate(&bad, "away_until", hc.AwayUntil)
	if len(bad) > 0 {
		return bad
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.holderName(ctx, hc.Holder); err != nil {
			return err
		}
		known := map[string]bool{}
		rows, err := tx.Query(ctx, `SELECT code FROM capacities`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var c string
			if err := rows.Scan(&c); err != nil {
				rows.Close()
				return err
			}
			known[c] = true
		}
		rows.Close()
		var v wikicities.ValidationErrors
		lists := map[wikicities.CapacityState][]string{
			wikicities.CapacityKnown: hc.Known, wikicities.CapacityAvailable: hc.Available, wikicities.CapacityWanted: hc.Wanted,
		}
		for state, codes := range lists {
			codes = slices.Compact(slices.Sorted(slices.Values(codes)))
			lists[state] = codes
			for _, c := range codes {
				if !known[c] {
					v.Add(string(state), "%q is not in the capacity vocabulary", c)
				}
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		k, id := string(hc.Holder.Kind), hc.Holder.ID
		version, err := tx.capacityVersion(ctx, hc.Holder)
		if err != nil {
			return err
		}
		if hc.Version != 0 && hc.Version != version {
			return &wikicities.StaleError{Entity: "capacities of " + k, ID: id, Version: hc.Version, Current: version}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO holder_capacity_versions (holder_kind, holder_id, version) VALUES (?, ?, ?)
			ON CONFLICT (holder_kind, holder_id) DO UPDATE SET version = excluded.version`, k, id, version+1); err != nil {
			return err
		}
		hc.Version = version + 1
		if _, err := tx.Exec(ctx, `DELETE FROM holder_capacities WHERE holder_kind = ? AND holder_id = ?`, k, id); err != nil {
			return err
		}
		for _, state := range []wikicities.CapacityState{wikicities.CapacityKnown, wikicities.CapacityAvailable, wikicities.CapacityWanted} {
			for _, c := range lists[state] {
				if _, err := tx.Exec(ctx, `INSERT INTO holder_capacities (holder_kind, holder_id, state, capacity) VALUES (?, ?, ?, ?)`, k, id, string(state), c); err != nil {
					return err
				}
			}
		}
		hc.Known, hc.Available, hc.Wanted = lists[wikicities.CapacityKnown], lists[wikicities.CapacityAvailable], lists[wikicities.CapacityWanted]
		if _, err := tx.Exec(ctx, `DELETE FROM mentor_availability WHERE holder_kind = ? AND holder_id = ?`, k, id); err != nil {
			return err
		}
		if !hc.AwayUntil.IsZero() || hc.MenteeLimit > 0 {
			if _, err := tx.Exec(ctx, `INSERT INTO mentor_availability (holder_kind, holder_id, away_until, mentee_limit) VALUES (?, ?, ?, ?)`,
				k, id, nullUnix(hc.AwayUntil), hc.MenteeLimit); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "holder_capacities", id, "update", nil, hc)
	})
}

// capacityVersion returns the version of h's capacities: 1 until they are
// first saved.
func (t *Tx) capacityVersion(ctx context.Context, h wikicities.Holder) (int64, error) {
	var v int64
	err := t.QueryRow(ctx, `SELECT version FROM holder_capacity_versions WHERE holder_kind = ? AND holder_id = ?`, string(h.Kind), h.ID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 1, nil
	}
	return v, err
}

// awayAt reports whether availability ends after now.
func awayAt(until time.Time, now time.Time) bool { return !until.IsZero() && until.After(now) }
