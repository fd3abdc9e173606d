package store

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// Communities is the SQL implementation of wikicities.CommunityService.
type Communities struct{ db *DB }

var _ wikicities.CommunityService = (*Communities)(nil)

// Communities returns the community service.
func (d *DB) Communities() *Communities { return &Communities{db: d} }

const communityColumns = `id, kind, name, COALESCE(city_id, 0), country, meta_page, website, contact, status, last_activity, archived, created_at, updated_at, version`

func scanCommunity(sc scanner) (*wikicities.Community, error) {
	var c wikicities.Community
	var last, created, updated int64
	var archived int
	if err := sc.Scan(&c.ID, &c.Kind, &c.Name, &c.CityID, &c.Country, &c.MetaPage, &c.Website, &c.Contact, &c.Status,
		&last, &archived, &created, &updated, &c.Version); err != nil {
		return nil, mapErr(err)
	}
	c.LastActivity, c.CreatedAt, c.UpdatedAt = unixTime(last), unixTime(created), unixTime(updated)
	c.Archived = archived != 0
	c.Languages, c.Projects, c.SkillsOffered, c.SkillsWanted = []string{}, []string{}, []string{}, []string{}
	return &c, nil
}

// Community returns the community with id. Returns ErrNotFound.
func (s *Communities) Community(ctx context.Context, id int64) (*wikicities.Community, error) {
	var out []*wikicities.Community
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryCommunities(ctx, `SELECT `+communityColumns+` FROM communities WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("community %d: %w", id, wikicities.ErrNotFound)
	}
	return out[0], nil
}

// Communities lists communities matching f, ordered by name then id, and the
// total number that match. Archived communities are left out unless
// f.Archived is set.
func (s *Communities) Communities(ctx context.Context, f wikicities.DirectoryFilter) ([]*wikicities.Community, int, error) {
	where, args := directoryWhere(f, wikicities.PartyCommunity)
	if err := checkArgs(args); err != nil { // QueryRow below cannot say so
		return nil, 0, err
	}
	var out []*wikicities.Community
	var total int
	err := s.db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM communities`+where, args...).Scan(&total); err != nil {
			return mapErr(err)
		}
		var err error
		out, err = tx.queryCommunities(ctx, `SELECT `+communityColumns+` FROM communities`+where+
			fmt.Sprintf(` ORDER BY name_key, id LIMIT %d OFFSET %d`, pageLimit(f.Limit), max(f.Offset, 0)), args...)
		return err
	})
	return out, total, err
}

// AllCommunities returns every community that is not archived, ordered by
// id, for building the matchmaking index.
func (s *Communities) AllCommunities(ctx context.Context) ([]*wikicities.Community, error) {
	var out []*wikicities.Community
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryCommunities(ctx, `SELECT `+communityColumns+` FROM communities WHERE archived = 0 ORDER BY id`)
		return err
	})
	return out, err
}

// queryCommunities runs q and fills in each community's languages, projects
// and skills with one query per table.
func (t *Tx) queryCommunities(ctx context.Context, q string, args ...any) ([]*wikicities.Community, error) {
	rows, err := t.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := []*wikicities.Community{}
	byID := map[int64]*wikicities.Community{}
	for rows.Next() {
		c, err := scanCommunity(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
		byID[c.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	in := idList(out, func(c *wikicities.Community) int64 { return c.ID })
	if err := t.eachPair(ctx, `SELECT community_id, language FROM community_languages WHERE community_id IN (`+in+`) ORDER BY language`, func(id int64, v string) {
		byID[id].Languages = append(byID[id].Languages, v)
	}); err != nil {
		return nil, err
	}
	if err := t.eachPair(ctx, `SELECT community_id, project FROM community_projects WHERE community_id IN (`+in+`) ORDER BY project`, func(id int64, v string) {
		byID[id].Projects = append(byID[id].Projects, v)
	}); err != nil {
		return nil, err
	}
	err = t.eachSkill(ctx, wikicities.PartyCommunity, in, func(id int64, dir, skill string) {
		if dir == "offered" {
			byID[id].SkillsOffered = append(byID[id].SkillsOffered, skill)
		} else {
			byID[id].SkillsWanted = append(byID[id].SkillsWanted, skill)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, t.fillListings(ctx, in, byID)
}

func (t *Tx) writeCommunityLists(ctx context.Context, c *wikicities.Community) error {
	for _, q := range []string{`DELETE FROM community_languages WHERE community_id = ?`, `DELETE FROM community_projects WHERE community_id = ?`} {
		if _, err := t.Exec(ctx, q, c.ID); err != nil {
			return err
		}
	}
	for _, l := range c.Languages {
		if _, err := t.Exec(ctx, `INSERT INTO community_languages (community_id, language) VALUES (?, ?)`, c.ID, l); err != nil {
			return err
		}
	}
	for _, p := range c.Projects {
		if _, err := t.Exec(ctx, `INSERT INTO community_projects (community_id, project) VALUES (?, ?)`, c.ID, p); err != nil {
			return err
		}
	}
	return t.writeSkills(ctx, c.Ref(), c.SkillsOffered, c.SkillsWanted)
}

// CreateCommunity validates and adds c, setting ID, Version and the times,
// and makes the acting account its coordinator. Returns ErrUnauthorized or
// ErrForbidden for an actor who may not write, and ErrInvalid (a
// ValidationErrors naming each field) for bad input.
func (s *Communities) CreateCommunity(ctx context.Context, c *wikicities.Community) error {
	if err := wikicities.ActorFrom(ctx).RequireWrite(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error { return tx.CreateCommunity(ctx, c) })
}

// CreateCommunity validates and adds c inside the transaction (see
// Communities.CreateCommunity); it does not check the actor, so that imports
// and the demo data can use it.
func (t *Tx) CreateCommunity(ctx context.Context, c *wikicities.Community) error {
	if err := t.validate(ctx, c.Validate(), c.CityID, map[string][]string{"skills_offered": c.SkillsOffered, "skills_wanted": c.SkillsWanted}); err != nil {
		return err
	}
	now := t.db.Now()
	id, err := t.InsertID(ctx, `INSERT INTO communities (kind, name, name_key, city_id, country, meta_page, website, contact, status, last_activity, archived, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(c.Kind), c.Name, wikicities.NameKey(c.Name), nullCity(c.CityID), c.Country, c.MetaPage, c.Website, c.Contact, string(c.Status),
		nullUnix(c.LastActivity), boolInt(c.Archived), now.Unix(), now.Unix())
	if err != nil {
		return err
	}
	c.ID, c.Version, c.CreatedAt, c.UpdatedAt = id, 1, unixTime(now.Unix()), unixTime(now.Unix())
	if err := t.writeCommunityLists(ctx, c); err != nil {
		return err
	}
	if err := t.grantCoordinator(ctx, c.Ref()); err != nil {
		return err
	}
	return t.Audit(ctx, "community", id, "create", nil, c)
}

// UpdateCommunity writes c if c.Version is the stored version, and bumps
// it. Returns *StaleError for a stale version, ErrNotFound, ErrInvalid,
// ErrUnauthorized and ErrForbidden (not a coordinator of c).
func (s *Communities) UpdateCommunity(ctx context.Context, c *wikicities.Community) error {
	if err := wikicities.ActorFrom(ctx).RequireWrite(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		before, err := tx.queryCommunities(ctx, `SELECT `+communityColumns+` FROM communities WHERE id = ?`, c.ID)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return fmt.Errorf("community %d: %w", c.ID, wikicities.ErrNotFound)
		}
		if !wikicities.ActorFrom(ctx).CoordinatorOf(c.Ref()) {
			return wikicities.ErrForbidden // after ErrNotFound: a record that does not exist is 404 to everyone
		}
		if err := tx.validate(ctx, c.Validate(), c.CityID, map[string][]string{"skills_offered": c.SkillsOffered, "skills_wanted": c.SkillsWanted}); err != nil {
			return err
		}
		now := tx.db.Now().Unix()
		r, err := tx.Exec(ctx, `UPDATE communities SET kind = ?, name = ?, name_key = ?, city_id = ?, country = ?, meta_page = ?, website = ?, contact = ?,
			status = ?, last_activity = ?, archived = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(c.Kind), c.Name, wikicities.NameKey(c.Name), nullCity(c.CityID), c.Country, c.MetaPage, c.Website, c.Contact, string(c.Status),
			nullUnix(c.LastActivity), boolInt(c.Archived), now, c.ID, c.Version)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return &wikicities.StaleError{Entity: "community", ID: c.ID, Version: c.Version, Current: before[0].Version}
		}
		c.Version++
		c.CreatedAt, c.UpdatedAt = before[0].CreatedAt, unixTime(now)
		if err := tx.writeCommunityLists(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, "community", c.ID, "update", before[0], c)
	})
}

// DeleteCommunity removes a community with its languages, projects, skills,
// coordinator grants, partner requests and answers, if version is current
// (0: whatever its version). Returns *StaleError, ErrConflict if it is a
// party to a partnership (archive it instead), ErrNotFound,
// ErrUnauthorized and ErrForbidden.
func (s *Communities) DeleteCommunity(ctx context.Context, id, version int64) error {
	ref := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id}
	if err := wikicities.ActorFrom(ctx).RequireWrite(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		before, err := tx.queryCommunities(ctx, `SELECT `+communityColumns+` FROM communities WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return fmt.Errorf("community %d: %w", id, wikicities.ErrNotFound)
		}
		if !wikicities.ActorFrom(ctx).CoordinatorOf(ref) {
			return wikicities.ErrForbidden // after ErrNotFound: a record that does not exist is 404 to everyone
		}
		if version != 0 && version != before[0].Version {
			return &wikicities.StaleError{Entity: "community", ID: id, Version: version, Current: before[0].Version}
		}
		if err := tx.deleteParty(ctx, ref, before[0].Name); err != nil {
			return err
		}
		if version == 0 {
			version = before[0].Version
		}
		if err := execVersioned(ctx, tx, "community", id, version, `DELETE FROM communities WHERE id = ? AND version = ?`, id, version); err != nil {
			return err
		}
		return tx.Audit(ctx, "community", id, "delete", before[0], nil)
	})
}
