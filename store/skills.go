package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// Skills is the SQL implementation of wikicities.SkillService.
type Skills struct{ db *DB }

var _ wikicities.SkillService = (*Skills)(nil)

// Skills returns the skills vocabulary service.
func (d *DB) Skills() *Skills { return &Skills{db: d} }

// Skills lists the vocabulary ordered by code.
func (s *Skills) Skills(ctx context.Context) ([]*wikicities.Skill, error) {
	rows, err := s.db.Query(ctx, `SELECT code, label FROM skills ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*wikicities.Skill{}
	for rows.Next() {
		var k wikicities.Skill
		if err := rows.Scan(&k.Code, &k.Label); err != nil {
			return nil, err
		}
		out = append(out, &k)
	}
	return out, rows.Err()
}

// AddSkill adds a skill to the vocabulary. Only admins may. Returns
// ErrInvalid for a malformed code or empty label, ErrConflict if the code
// exists, ErrUnauthorized and ErrForbidden.
func (s *Skills) AddSkill(ctx context.Context, k *wikicities.Skill) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return fmt.Errorf("%w: only admins may add skills", wikicities.ErrForbidden)
	}
	var v wikicities.ValidationErrors
	if !wikicities.ValidSkillCode(k.Code) {
		v.Add("code", "%q must be 2 to 40 lower-case letters, digits or underscores, starting with a letter", k.Code)
	}
	if strings.TrimSpace(k.Label) == "" || len(k.Label) > 100 {
		v.Add("label", "must be 1 to 100 bytes")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO skills (code, label) VALUES (?, ?)`, k.Code, k.Label); err != nil {
			if isDuplicate(err) {
				return fmt.Errorf("%w: skill %q exists", wikicities.ErrConflict, k.Code)
			}
			return err
		}
		return tx.Audit(ctx, "skill", 0, "create", nil, k)
	})
}

func (t *Tx) eachSkill(ctx context.Context, kind wikicities.PartyKind, in string, fn func(id int64, dir, skill string)) error {
	rows, err := t.Query(ctx, `SELECT party_id, direction, skill FROM party_skills WHERE party_kind = ? AND party_id IN (`+in+`) ORDER BY skill`, string(kind))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var dir, skill string
		if err := rows.Scan(&id, &dir, &skill); err != nil {
			return err
		}
		fn(id, dir, skill)
	}
	return rows.Err()
}

func (t *Tx) writeSkills(ctx context.Context, ref wikicities.PartyRef, offered, wanted []string) error {
	if _, err := t.Exec(ctx, `DELETE FROM party_skills WHERE party_kind = ? AND party_id = ?`, string(ref.Kind), ref.ID); err != nil {
		return err
	}
	for dir, list := range map[string][]string{"offered": offered, "wanted": wanted} {
		for _, s := range list {
			if _, err := t.Exec(ctx, `INSERT INTO party_skills (party_kind, party_id, direction, skill) VALUES (?, ?, ?, ?)`,
				string(ref.Kind), ref.ID, dir, s); err != nil {
				return err
			}
		}
	}
	return nil
}
