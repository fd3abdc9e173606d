package store

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// Institutions is the SQL implementation of wikicities.InstitutionService.
type Institutions struct{ db *DB }

var _ wikicities.InstitutionService = (*Institutions)(nil)

// Institutions returns the institution service.
func (d *DB) Institutions() *Institutions { return &Institutions{db: d} }

const institutionColumns = `id, kind, name, city_id, region, COALESCE(qid, ''), website, hosts_wiki_club, has_wir, archived, created_at, updated_at, version`

func scanInstitution(sc scanner) (*wikicities.Institution, error) {
	var i wikicities.Institution
	var club, wir, archived int
	var created, updated int64
	if err := sc.Scan(&i.ID, &i.Kind, &i.Name, &i.CityID, &i.Region, &i.QID, &i.Website, &club, &wir, &archived,
		&created, &updated, &i.Version); err != nil {
		return nil, mapErr(err)
	}
	i.HostsWikiClub, i.HasWikimedianInResidence, i.Archived = club != 0, wir != 0, archived != 0
	i.CreatedAt, i.UpdatedAt = unixTime(created), unixTime(updated)
	i.SkillsWanted = []string{}
	return &i, nil
}

func (t *Tx) queryInstitutions(ctx context.Context, q string, args ...any) ([]*wikicities.Institution, error) {
	rows, err := t.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := []*wikicities.Institution{}
	byID := map[int64]*wikicities.Institution{}
	for rows.Next() {
		i, err := scanInstitution(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, i)
		byID[i.ID] = i
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	in := idList(out, func(i *wikicities.Institution) int64 { return i.ID })
	err = t.eachSkill(ctx, wikicities.PartyInstitution, in, func(id int64, dir, skill string) {
		if dir == "wanted" {
			byID[id].SkillsWanted = append(byID[id].SkillsWanted, skill)
		}
	})
	return out, err
}

// Institution returns the institution with id. Returns ErrNotFound.
func (s *Institutions) Institution(ctx context.Context, id int64) (*wikicities.Institution, error) {
	var out []*wikicities.Institution
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryInstitutions(ctx, `SELECT `+institutionColumns+` FROM institutions WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("institution %d: %w", id, wikicities.ErrNotFound)
	}
	return out[0], nil
}

// Institutions lists institutions matching f, ordered by name then id, and
// the total number that match.
func (s *Institutions) Institutions(ctx context.Context, f wikicities.DirectoryFilter) ([]*wikicities.Institution, int, error) {
	where, args := directoryWhere(f, wikicities.PartyInstitution)
	if err := checkArgs(args); err != nil { // QueryRow below cannot say so
		return nil, 0, err
	}
	var out []*wikicities.Institution
	var total int
	err := s.db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM institutions`+where, args...).Scan(&total); err != nil {
			return mapErr(err)
		}
		var err error
		out, err = tx.queryInstitutions(ctx, `SELECT `+institutionColumns+` FROM institutions`+where+
			fmt.Sprintf(` ORDER BY name_key, id LIMIT %d OFFSET %d`, pageLimit(f.Limit), max(f.Offset, 0)), args...)
		return err
	})
	return out, total, err
}

// AllInstitutions returns every institution that is not archived, ordered by id.
func (s *Institutions) AllInstitutions(ctx context.Context) ([]*wikicities.Institution, error) {
	var out []*wikicities.Institution
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryInstitutions(ctx, `SELECT `+institutionColumns+` FROM institutions WHERE archived = 0 ORDER BY id`)
		return err
	})
	return out, err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateInstitution validates and adds i and makes the acting account its
// coordinator. Errors as CreateCommunity.
func (s *Institutions) CreateInstitution(ctx context.Context, i *wikicities.Institution) error {
	if err := wikicities.ActorFrom(ctx).RequireWrite(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error { return tx.CreateInstitution(ctx, i) })
}

// CreateInstitution validates and adds i inside the transaction; it does
// not check the actor.
func (t *Tx) CreateInstitution(ctx context.Context, i *wikicities.Institution) error {
	if err := t.validate(ctx, i.Validate(), i.CityID, map[string][]string{"skills_wanted": i.SkillsWanted}); err != nil {
		return err
	}
	now := t.db.Now().Unix()
	id, err := t.InsertID(ctx, `INSERT INTO institutions (kind, name, name_key, city_id, region, qid, website, hosts_wiki_club, has_wir, archived, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(i.Kind), i.Name, wikicities.NameKey(i.Name), i.CityID, i.Region, nullString(i.QID), i.Website,
		boolInt(i.HostsWikiClub), boolInt(i.HasWikimedianInResidence), boolInt(i.Archived), now, now)
	if err != nil {
		return err
	}
	i.ID, i.Version, i.CreatedAt, i.UpdatedAt = id, 1, unixTime(now), unixTime(now)
	if err := t.writeSkills(ctx, i.Ref(), nil, i.SkillsWanted); err != nil {
		return err
	}
	if err := t.grantCoordinator(ctx, i.Ref()); err != nil {
		return err
	}
	return t.Audit(ctx, "institution", id, "create", nil, i)
}

// UpdateInstitution writes i if i.Version is current. Errors as UpdateCommunity.
func (s *Institutions) UpdateInstitution(ctx context.Context, i *wikicities.Institution) error {
	if err := wikicities.ActorFrom(ctx).RequireWrite(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		before, err := tx.queryInstitutions(ctx, `SELECT `+institutionColumns+` FROM institutions WHERE id = ?`, i.ID)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return fmt.Errorf("institution %d: %w", i.ID, wikicities.ErrNotFound)
		}
		if !wikicities.ActorFrom(ctx).CoordinatorOf(i.Ref()) {
			return wikicities.ErrForbidden // after ErrNotFound: a record that does not exist is 404 to everyone
		}
		if err := tx.validate(ctx, i.Validate(), i.CityID, map[string][]string{"skills_wanted": i.SkillsWanted}); err != nil {
			return err
		}
		now := tx.db.Now().Unix()
		r, err := tx.Exec(ctx, `UPDATE institutions SET kind = ?, name = ?, name_key = ?, city_id = ?, region = ?, qid = ?, website = ?,
			hosts_wiki_club = ?, has_wir = ?, archived = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(i.Kind), i.Name, wikicities.NameKey(i.Name), i.CityID, i.Region, nullString(i.QID), i.Website,
			boolInt(i.HostsWikiClub), boolInt(i.HasWikimedianInResidence), boolInt(i.Archived), now, i.ID, i.Version)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return &wikicities.StaleError{Entity: "institution", ID: i.ID, Version: i.Version, Current: before[0].Version}
		}
		i.Version++
		i.CreatedAt, i.UpdatedAt = before[0].CreatedAt, unixTime(now)
		if err := tx.writeSkills(ctx, i.Ref(), nil, i.SkillsWanted); err != nil {
			return err
		}
		return tx.Audit(ctx, "institution", i.ID, "update", before[0], i)
	})
}

// DeleteInstitution removes an institution. Errors as DeleteCommunity.
func (s *Institutions) DeleteInstitution(ctx context.Context, id, version int64) error {
	ref := wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: id}
	if err := wikicities.ActorFrom(ctx).RequireWrite(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		before, err := tx.queryInstitutions(ctx, `SELECT `+institutionColumns+` FROM institutions WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return fmt.Errorf("institution %d: %w", id, wikicities.ErrNotFound)
		}
		if !wikicities.ActorFrom(ctx).CoordinatorOf(ref) {
			return wikicities.ErrForbidden // after ErrNotFound: a record that does not exist is 404 to everyone
		}
		if version != 0 && version != before[0].Version {
			return &wikicities.StaleError{Entity: "institution", ID: id, Version: version, Current: before[0].Version}
		}
		if err := tx.deleteParty(ctx, ref, before[0].Name); err != nil {
			return err
		}
		if version == 0 {
			version = before[0].Version
		}
		if err := execVersioned(ctx, tx, "institution", id, version, `DELETE FROM institutions WHERE id = ? AND version = ?`, id, version); err != nil {
			return err
		}
		return tx.Audit(ctx, "institution", id, "delete", before[0], nil)
	})
}
