package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// What communities and institutions (the directory) share: listing
// filters, references to cities and skills, coordinators, deletion of a
// party, and the stamp of the whole directory.

type scanner interface{ Scan(...any) error }

func pageLimit(l int) int {
	if l <= 0 || l > 10000 {
		return 50
	}
	return l
}

// directoryWhere builds the WHERE clause shared by community and
// institution listings.
func directoryWhere(f wikicities.DirectoryFilter, kind wikicities.PartyKind) (string, []any) {
	var where []string
	var args []any
	if !f.Archived {
		where = append(where, `archived = 0`)
	}
	if q := wikicities.NameKey(f.Query); q != "" {
		where = append(where, `name_key LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likePrefix(q))
	}
	if f.CityID != 0 {
		where = append(where, `city_id = ?`)
		args = append(args, f.CityID)
	}
	if f.Country != "" {
		country := strings.ToLower(strings.TrimSpace(f.Country))
		if kind == wikicities.PartyCommunity {
			where = append(where, `(city_id IN (SELECT id FROM cities WHERE LOWER(country) = ?) OR (city_id IS NULL AND LOWER(country) = ?))`)
			args = append(args, country, country)
		} else {
			where = append(where, `city_id IN (SELECT id FROM cities WHERE LOWER(country) = ?)`)
			args = append(args, country)
		}
	}
	if f.Kind != "" {
		where = append(where, `kind = ?`)
		args = append(args, f.Kind)
	}
	if f.Skill != "" {
		where = append(where, `id IN (SELECT party_id FROM party_skills WHERE party_kind = ? AND skill = ?)`)
		args = append(args, string(kind), f.Skill)
	}
	if kind == wikicities.PartyCommunity {
		if f.Language != "" {
			where = append(where, `id IN (SELECT community_id FROM community_languages WHERE language = ?)`)
			args = append(args, strings.ToLower(f.Language))
		}
		if f.Status != "" {
			where = append(where, `status = ?`)
			args = append(args, string(f.Status))
		}
	}
	if len(where) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(where, ` AND `), args
}

// idList renders the ids of xs as a comma-separated list for an IN clause
// (ids are integers from the store, never user text).
func idList[T any](xs []T, id func(T) int64) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%d", id(x))
	}
	return b.String()
}

func (t *Tx) eachPair(ctx context.Context, q string, fn func(int64, string)) error {
	rows, err := t.Query(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		fn(id, v)
	}
	return rows.Err()
}

// checkRefs adds a validation error for a city that does not exist and for
// each skill not in the vocabulary.
func (t *Tx) checkRefs(ctx context.Context, v *wikicities.ValidationErrors, cityID int64, skills map[string][]string) error {
	if cityID > 0 {
		var n int
		if err := t.QueryRow(ctx, `SELECT COUNT(*) FROM cities WHERE id = ?`, cityID).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n == 0 {
			v.Add("city_id", "there is no city %d", cityID)
		}
	}
	known := map[string]bool{}
	rows, err := t.Query(ctx, `SELECT code FROM skills`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		known[c] = true
	}
	for _, field := range []string{"skills_offered", "skills_wanted", "skills"} {
		for i, s := range skills[field] {
			if wikicities.ValidSkillCode(s) && !known[s] {
				v.Add(fmt.Sprintf("%s[%d]", field, i), "%q is not in the skills vocabulary (an admin can add it)", s)
			}
		}
	}
	return rows.Err()
}

// validate runs a record's own checks and the store's lookups, and returns
// every problem at once.
func (t *Tx) validate(ctx context.Context, own error, cityID int64, skills map[string][]string) error {
	var v wikicities.ValidationErrors
	if own != nil {
		if ve, ok := own.(wikicities.ValidationErrors); ok {
			v = ve
		} else {
			return own
		}
	}
	if err := t.checkRefs(ctx, &v, cityID, skills); err != nil {
		return err
	}
	return v.Err()
}

// grantCoordinator makes the actor of ctx a coordinator of ref, if the actor
// is an account.
func (t *Tx) grantCoordinator(ctx context.Context, ref wikicities.PartyRef) error {
	a := wikicities.ActorFrom(ctx)
	if a.UserID == 0 {
		return nil
	}
	_, err := t.Exec(ctx, `INSERT INTO coordinators (user_id, party_kind, party_id, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, a.UserID, string(ref.Kind), ref.ID, t.db.Now().Unix())
	return err
}

// deleteParty refuses when ref is a party to a partnership and otherwise
// removes what refers to it: skills, coordinator grants, its partner
// requests and its answers to others' requests.
func (t *Tx) deleteParty(ctx context.Context, ref wikicities.PartyRef, name string) error {
	n, err := t.partnershipsOf(ctx, ref)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: %s %q is a party to %d partnership(s); archive it instead of deleting it", wikicities.ErrConflict, ref.Kind, name, n)
	}
	for _, q := range []string{
		`DELETE FROM party_skills WHERE party_kind = ? AND party_id = ?`,
		`DELETE FROM coordinators WHERE party_kind = ? AND party_id = ?`,
		`DELETE FROM partner_requests WHERE party_kind = ? AND party_id = ?`,
		`DELETE FROM partner_request_answers WHERE party_kind = ? AND party_id = ?`,
	} {
		if _, err := t.Exec(ctx, q, string(ref.Kind), ref.ID); err != nil {
			return err
		}
	}
	return nil
}

// partnershipsOf counts the partnerships ref is a party to, whatever their
// state (an ended partnership still refers to its parties).
func (t *Tx) partnershipsOf(ctx context.Context, ref wikicities.PartyRef) (int, error) {
	q := `SELECT COUNT(*) FROM partnerships WHERE a_community_id = ? OR b_community_id = ?`
	args := []any{ref.ID, ref.ID}
	if ref.Kind == wikicities.PartyInstitution {
		q, args = `SELECT COUNT(*) FROM partnerships WHERE b_institution_id = ?`, []any{ref.ID}
	}
	var n int
	err := t.QueryRow(ctx, q, args...).Scan(&n)
	return n, mapErr(err)
}

// DirectoryStamp returns a value that changes whenever a community,
// institution, partner request or partnership is added, changed or removed
// (counts, sums of versions and highest ids), so that in-memory indexes can
// tell cheaply whether they are stale.
func (d *DB) DirectoryStamp(ctx context.Context) (string, error) {
	var stamp string
	err := d.View(ctx, func(tx *Tx) error {
		var parts []string
		for _, table := range []string{"communities", "institutions", "partner_requests", "partnerships"} {
			var n, sum, top int64
			if err := tx.QueryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(version), 0), COALESCE(MAX(id), 0) FROM `+table).Scan(&n, &sum, &top); err != nil {
				return mapErr(err)
			}
			parts = append(parts, fmt.Sprintf("%d/%d/%d", n, sum, top))
		}
		stamp = strings.Join(parts, " ")
		return nil
	})
	return stamp, err
}
