package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// Communities is the SQL implementation of wikicities.CommunityService.
type Communities struct{ db *DB }

// Institutions is the SQL implementation of wikicities.InstitutionService.
type Institutions struct{ db *DB }

// Skills is the SQL implementation of wikicities.SkillService.
type Skills struct{ db *DB }

var (
	_ wikicities.CommunityService   = (*Communities)(nil)
	_ wikicities.InstitutionService = (*Institutions)(nil)
	_ wikicities.SkillService       = (*Skills)(nil)
)

// Communities returns the community service.
func (d *DB) Communities() *Communities { return &Communities{db: d} }

// Institutions returns the institution service.
func (d *DB) Institutions() *Institutions { return &Institutions{db: d} }

// Skills returns the skills vocabulary service.
func (d *DB) Skills() *Skills { return &Skills{db: d} }

type scanner interface{ Scan(...any) error }

const communityColumns = `id, kind, name, city_id, meta_page, website, contact, status, last_activity, archived, created_at, updated_at, version`

func scanCommunity(sc scanner) (*wikicities.Community, error) {
	var c wikicities.Community
	var last, created, updated int64
	var archived int
	if err := sc.Scan(&c.ID, &c.Kind, &c.Name, &c.CityID, &c.MetaPage, &c.Website, &c.Contact, &c.Status,
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
		where = append(where, `city_id IN (SELECT id FROM cities WHERE LOWER(country) = ?)`)
		args = append(args, strings.ToLower(strings.TrimSpace(f.Country)))
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
	return out, err
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
	id, err := t.InsertID(ctx, `INSERT INTO communities (kind, name, name_key, city_id, meta_page, website, contact, status, last_activity, archived, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(c.Kind), c.Name, wikicities.NameKey(c.Name), c.CityID, c.MetaPage, c.Website, c.Contact, string(c.Status),
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
		r, err := tx.Exec(ctx, `UPDATE communities SET kind = ?, name = ?, name_key = ?, city_id = ?, meta_page = ?, website = ?, contact = ?,
			status = ?, last_activity = ?, archived = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			string(c.Kind), c.Name, wikicities.NameKey(c.Name), c.CityID, c.MetaPage, c.Website, c.Contact, string(c.Status),
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
// coordinator grants, partner requests and answers. Returns ErrConflict if
// it is a party to a partnership (archive it instead), ErrNotFound,
// ErrUnauthorized and ErrForbidden.
func (s *Communities) DeleteCommunity(ctx context.Context, id int64) error {
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
		if err := tx.deleteParty(ctx, ref, before[0].Name); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM communities WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "community", id, "delete", before[0], nil)
	})
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
func (s *Institutions) DeleteInstitution(ctx context.Context, id int64) error {
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
		if err := tx.deleteParty(ctx, ref, before[0].Name); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM institutions WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "institution", id, "delete", before[0], nil)
	})
}

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
			if strings.Contains(err.Error(), wikicities.ErrConflict.Error()) {
				return fmt.Errorf("%w: skill %q exists", wikicities.ErrConflict, k.Code)
			}
			return err
		}
		return tx.Audit(ctx, "skill", 0, "create", nil, k)
	})
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

// DeleteCity removes a city with its labels and twin links. Returns
// ErrConflict, naming what refers to it, while communities or institutions
// are based there; ErrNotFound; ErrForbidden for anyone but an admin.
func (s *Cities) DeleteCity(ctx context.Context, id int64) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return fmt.Errorf("%w: only admins may delete cities", wikicities.ErrForbidden)
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := scanCity(tx.QueryRow(ctx, `SELECT `+cityColumns+` FROM cities WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("city %d: %w", id, err)
		}
		var comms, insts int
		if err := tx.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM communities WHERE city_id = ?), (SELECT COUNT(*) FROM institutions WHERE city_id = ?)`,
			id, id).Scan(&comms, &insts); err != nil {
			return mapErr(err)
		}
		if comms+insts > 0 {
			return fmt.Errorf("%w: city %d (%s) is the home of %d communities and %d institutions; move or delete them first",
				wikicities.ErrConflict, id, wikicities.LabelString(c.Name, c.Country), comms, insts)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM cities WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "city", id, "delete", c, nil)
	})
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
