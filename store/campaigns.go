package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/wikicities/wikicities"
)

// Campaigns implements wikicities.CampaignService.
type Campaigns struct{ db *DB }

// Campaigns returns the campaign service of d.
func (d *DB) Campaigns() *Campaigns { return &Campaigns{db: d} }

var _ wikicities.CampaignService = (*Campaigns)(nil)

const campaignColumns = `c.id, c.name, COALESCE(c.wikidata, ''), c.description, c.meta_page, c.owner_id, u.username, c.version, c.created_at`

func scanCampaign(sc scanner) (*wikicities.Campaign, error) {
	var c wikicities.Campaign
	var created int64
	if err := sc.Scan(&c.ID, &c.Name, &c.Wikidata, &c.Description, &c.MetaPage, &c.OwnerID, &c.OwnerName, &c.Version, &created); err != nil {
		return nil, mapErr(err)
	}
	c.CreatedAt = unixTime(created)
	return &c, nil
}

// CreateCampaign adds c, owned by the actor in ctx.
func (s *Campaigns) CreateCampaign(ctx context.Context, c *wikicities.Campaign) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if a.UserID == 0 {
		return fmt.Errorf("%w: a campaign is owned by an account", wikicities.ErrForbidden)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		now := s.db.Now()
		var qid any
		if c.Wikidata != "" {
			qid = c.Wikidata
		}
		id, err := tx.InsertID(ctx, `INSERT INTO campaigns (name, wikidata, description, meta_page, owner_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.Name, qid, c.Description, c.MetaPage, a.UserID, now.Unix())
		if err != nil {
			return err
		}
		c.ID, c.OwnerID, c.OwnerName, c.Version, c.CreatedAt = id, a.UserID, a.Username, 1, unixTime(now.Unix())
		return tx.Audit(ctx, "campaign", id, "create", nil, c)
	})
}

// Campaign returns the campaign with id.
func (s *Campaigns) Campaign(ctx context.Context, id int64) (*wikicities.Campaign, error) {
	return scanCampaign(s.db.QueryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns c JOIN users u ON u.id = c.owner_id WHERE c.id = ?`, id))
}

// Campaigns lists every campaign by name.
func (s *Campaigns) Campaigns(ctx context.Context) ([]*wikicities.Campaign, error) {
	rows, err := s.db.Query(ctx, `SELECT `+campaignColumns+` FROM campaigns c JOIN users u ON u.id = c.owner_id ORDER BY c.name, c.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const editionColumns = `e.id, e.campaign_id, c.name, e.year, e.start_date, e.end_date, e.commons_campaign,
	e.dashboard_campaign, e.meta_page, e.version, e.created_at`

func scanEdition(sc scanner) (*wikicities.Edition, error) {
	var e wikicities.Edition
	var start, end, created int64
	if err := sc.Scan(&e.ID, &e.CampaignID, &e.CampaignName, &e.Year, &start, &end, &e.CommonsCampaign,
		&e.DashboardCampaign, &e.MetaPage, &e.Version, &created); err != nil {
		return nil, mapErr(err)
	}
	e.Start, e.End, e.CreatedAt = unixTime(start), unixTime(end), unixTime(created)
	e.Team = []wikicities.TeamMember{}
	return &e, nil
}

// CreateEdition adds e for the campaign's owner, who joins its team with
// the accounts e.Team names.
func (s *Campaigns) CreateEdition(ctx context.Context, e *wikicities.Edition) error {
	if err := e.Validate(); err != nil {
		return err
	}
	a := wikicities.ActorFrom(ctx)
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := scanCampaign(tx.QueryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns c JOIN users u ON u.id = c.owner_id WHERE c.id = ?`, e.CampaignID))
		if err != nil {
			return fmt.Errorf("campaign %d: %w", e.CampaignID, err)
		}
		if err := wikicities.CanManageCampaign(a, c); err != nil {
			return err
		}
		now := s.db.Now()
		e.ID, err = tx.InsertID(ctx, `INSERT INTO campaign_editions (campaign_id, year, start_date, end_date, commons_campaign,
			dashboard_campaign, meta_page, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			e.CampaignID, e.Year, e.Start.Unix(), e.End.Unix(), e.CommonsCampaign, e.DashboardCampaign, e.MetaPage, now.Unix())
		if err != nil {
			return err
		}
		team := append([]wikicities.TeamMember{}, e.Team...)
		if a.UserID != 0 && !e.HasMember(a.UserID) {
			team = append([]wikicities.TeamMember{{UserID: a.UserID}}, team...)
		}
		for i, m := range team {
			if err := tx.QueryRow(ctx, `SELECT username FROM users WHERE id = ?`, m.UserID).Scan(&team[i].Username); err != nil {
				return fmt.Errorf("%w: team: account %d: %w", wikicities.ErrInvalid, m.UserID, mapErr(err))
			}
			if _, err := tx.Exec(ctx, `INSERT INTO edition_team (edition_id, user_id) VALUES (?, ?)`, e.ID, m.UserID); err != nil {
				return err
			}
		}
		e.Team, e.CampaignName, e.Version, e.CreatedAt = team, c.Name, 1, unixTime(now.Unix())
		return tx.Audit(ctx, "campaign_edition", e.ID, "create", nil, e)
	})
}

func (s *Campaigns) edition(ctx context.Context, r partnershipReader, id int64) (*wikicities.Edition, error) {
	e, err := scanEdition(r.QueryRow(ctx, `SELECT `+editionColumns+` FROM campaign_editions e
		JOIN campaigns c ON c.id = e.campaign_id WHERE e.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("edition %d: %w", id, err)
	}
	rows, err := r.Query(ctx, `SELECT t.user_id, u.username FROM edition_team t JOIN users u ON u.id = t.user_id
		WHERE t.edition_id = ? ORDER BY u.username`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m wikicities.TeamMember
		if err := rows.Scan(&m.UserID, &m.Username); err != nil {
			return nil, err
		}
		e.Team = append(e.Team, m)
	}
	return e, rows.Err()
}

// Edition returns the edition with id and its team.
func (s *Campaigns) Edition(ctx context.Context, id int64) (*wikicities.Edition, error) {
	return s.edition(ctx, s.db, id)
}

// Editions lists the editions of a campaign, newest year first.
func (s *Campaigns) Editions(ctx context.Context, campaignID int64) ([]*wikicities.Edition, error) {
	rows, err := s.db.Query(ctx, `SELECT e.id FROM campaign_editions e WHERE e.campaign_id = ? ORDER BY e.year DESC`, campaignID)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	out := make([]*wikicities.Edition, 0, len(ids))
	for _, id := range ids {
		e, err := s.Edition(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// communityPlace returns the name and country of a community that is not
// archived. Returns ErrNotFound.
func communityPlace(ctx context.Context, r partnershipReader, id int64) (name, country string, cityID int64, err error) {
	var city sql.NullInt64
	err = r.QueryRow(ctx, `SELECT c.name, COALESCE(ci.country, c.country), c.city_id FROM communities c
		LEFT JOIN cities ci ON ci.id = c.city_id WHERE c.id = ? AND c.archived = 0`, id).Scan(&name, &country, &city)
	if err != nil {
		return "", "", 0, fmt.Errorf("community %d: %w", id, mapErr(err))
	}
	return name, country, city.Int64, nil
}

// JoinEdition signs a community up for an edition, for its coordinator.
func (s *Campaigns) JoinEdition(ctx context.Context, n *wikicities.NationalEdition) error {
	if err := n.Validate(); err != nil {
		return err
	}
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(n.Community.Ref()); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := s.edition(ctx, tx, n.EditionID); err != nil {
			return err
		}
		name, country, _, err := communityPlace(ctx, tx, n.Community.ID)
		if err != nil {
			return err
		}
		n.Community.Name = name
		if n.Country == "" {
			n.Country = country
		}
		for i, p := range n.Partners {
			if n.Partners[i].Name, err = livePartyName(ctx, tx, fmt.Sprintf("partners[%d]", i), p); err != nil {
				return err
			}
		}
		if n.Partners == nil {
			n.Partners = []wikicities.Party{}
		}
		partners, _ := json.Marshal(refsOf(n.Partners))
		now := s.db.Now()
		n.ID, err = tx.InsertID(ctx, `INSERT INTO national_editions (edition_id, community_id, country, region, upload_campaign,
			partners_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			n.EditionID, n.Community.ID, n.Country, n.Region, n.UploadCampaign, string(partners), now.Unix())
		if isDuplicate(err) {
			return fmt.Errorf("%w: %s takes part in edition %d already", wikicities.ErrConflict, name, n.EditionID)
		} else if err != nil {
			return err
		}
		n.CreatedAt = unixTime(now.Unix())
		return tx.Audit(ctx, "national_edition", n.ID, "create", nil, n)
	})
}

func refsOf(ps []wikicities.Party) []wikicities.PartyRef {
	out := make([]wikicities.PartyRef, len(ps))
	for i, p := range ps {
		out[i] = p.Ref()
	}
	return out
}

// CreateTwinEdition records a twin edition for a coordinator of either
// community; both take part in the edition and their cities are twins.
func (s *Campaigns) CreateTwinEdition(ctx context.Context, t *wikicities.TwinEdition) error {
	if err := t.Validate(); err != nil {
		return err
	}
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	if !a.CoordinatorOf(t.A.Ref()) && !a.CoordinatorOf(t.B.Ref()) {
		return fmt.Errorf("%w: only a coordinator of either community may do this", wikicities.ErrForbidden)
	}
	if t.A.ID > t.B.ID {
		t.A, t.B = t.B, t.A
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var cities [2]int64
		for i, p := range []*wikicities.Party{&t.A, &t.B} {
			name, _, city, err := communityPlace(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			p.Name, cities[i] = name, city
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM national_editions WHERE edition_id = ? AND community_id = ?`,
				t.EditionID, p.ID).Scan(&n); err != nil {
				return mapErr(err)
			}
			if n == 0 {
				return fmt.Errorf("%w: %s does not take part in edition %d; join it first", wikicities.ErrConflict, name, t.EditionID)
			}
		}
		if !areTwins(ctx, tx, cities[0], cities[1]) {
			return fmt.Errorf("%w: the cities of %s and %s are not twinned", wikicities.ErrConflict, t.A.Name, t.B.Name)
		}
		work, _ := json.Marshal(nonNil(t.Worklist))
		now := s.db.Now()
		var err error
		t.ID, err = tx.InsertID(ctx, `INSERT INTO twin_editions (edition_id, a_id, b_id, goal, worklist_json, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, t.EditionID, t.A.ID, t.B.ID, t.Goal, string(work), a.UserID, now.Unix())
		if isDuplicate(err) {
			return fmt.Errorf("%w: %s and %s run edition %d together already", wikicities.ErrConflict, t.A.Name, t.B.Name, t.EditionID)
		} else if err != nil {
			return err
		}
		t.CreatedBy, t.CreatedAt, t.Worklist = a.UserID, unixTime(now.Unix()), nonNil(t.Worklist)
		return tx.Audit(ctx, "twin_edition", t.ID, "create", nil, t)
	})
}

// areTwins reports whether cities a and b are twinned.
func areTwins(ctx context.Context, r partnershipReader, a, b int64) bool {
	if a > b {
		a, b = b, a
	}
	var n int
	err := r.QueryRow(ctx, `SELECT COUNT(*) FROM twin_links WHERE a = ? AND b = ?`, a, b).Scan(&n)
	return err == nil && n > 0 && a != 0
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Participation returns the national and twin editions of a campaign (every
// edition when editionID is 0) or of one edition.
func (s *Campaigns) Participation(ctx context.Context, campaignID, editionID int64) ([]*wikicities.NationalEdition, []*wikicities.TwinEdition, error) {
	where, arg := `e.campaign_id = ?`, campaignID
	if editionID != 0 {
		where, arg = `e.id = ?`, editionID
	}
	var ns []*wikicities.NationalEdition
	var ts []*wikicities.TwinEdition
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		if ns, err = nationalEditions(ctx, tx, where, arg); err != nil {
			return err
		}
		ts, err = twinEditions(ctx, tx, where, arg)
		return err
	})
	return ns, ts, err
}

// TwinEditionsOf lists the twin editions a community takes part in.
func (s *Campaigns) TwinEditionsOf(ctx context.Context, communityID int64) ([]*wikicities.TwinEdition, error) {
	var ts []*wikicities.TwinEdition
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		ts, err = twinEditions(ctx, tx, `(t.a_id = ? OR t.b_id = ?)`, communityID, communityID)
		return err
	})
	return ts, err
}

func nationalEditions(ctx context.Context, tx *Tx, where string, args ...any) ([]*wikicities.NationalEdition, error) {
	rows, err := tx.Query(ctx, `SELECT n.id, n.edition_id, n.community_id, c.name, n.country, n.region, n.upload_campaign,
		n.partners_json, n.created_at FROM national_editions n JOIN campaign_editions e ON e.id = n.edition_id
		JOIN communities c ON c.id = n.community_id WHERE `+where+` ORDER BY n.country, c.name, n.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*wikicities.NationalEdition
	var partners []string
	for rows.Next() {
		n := &wikicities.NationalEdition{Community: wikicities.Party{Kind: wikicities.PartyCommunity}}
		var raw string
		var created int64
		if err := rows.Scan(&n.ID, &n.EditionID, &n.Community.ID, &n.Community.Name, &n.Country, &n.Region,
			&n.UploadCampaign, &raw, &created); err != nil {
			rows.Close()
			return nil, err
		}
		n.CreatedAt = unixTime(created)
		out, partners = append(out, n), append(partners, raw)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, n := range out {
		var refs []wikicities.PartyRef
		if err := json.Unmarshal([]byte(partners[i]), &refs); err != nil {
			return nil, fmt.Errorf("national edition %d: partners_json: %w", n.ID, err)
		}
		n.Partners = []wikicities.Party{}
		for _, r := range refs {
			p := wikicities.Party{Kind: r.Kind, ID: r.ID}
			p.Name, _ = partyName(ctx, tx, r)
			n.Partners = append(n.Partners, p)
		}
	}
	return out, nil
}

func twinEditions(ctx context.Context, tx *Tx, where string, args ...any) ([]*wikicities.TwinEdition, error) {
	rows, err := tx.Query(ctx, `SELECT t.id, t.edition_id, t.a_id, a.name, t.b_id, b.name, t.goal, t.worklist_json,
		t.created_by, t.created_at FROM twin_editions t JOIN campaign_editions e ON e.id = t.edition_id
		JOIN communities a ON a.id = t.a_id JOIN communities b ON b.id = t.b_id WHERE `+where+` ORDER BY e.year DESC, t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.TwinEdition
	for rows.Next() {
		t := &wikicities.TwinEdition{A: wikicities.Party{Kind: wikicities.PartyCommunity}, B: wikicities.Party{Kind: wikicities.PartyCommunity}}
		var raw string
		var created int64
		if err := rows.Scan(&t.ID, &t.EditionID, &t.A.ID, &t.A.Name, &t.B.ID, &t.B.Name, &t.Goal, &raw, &t.CreatedBy, &created); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(raw), &t.Worklist); err != nil {
			return nil, fmt.Errorf("twin edition %d: worklist_json: %w", t.ID, err)
		}
		t.CreatedAt = unixTime(created)
		out = append(out, t)
	}
	return out, rows.Err()
}

// UpdateCampaign saves c's name, Wikidata item, description and Meta-Wiki
// page at c.Version, for its owner or an admin. Returns ErrInvalid,
// ErrNotFound, ErrUnauthorized, ErrForbidden, ErrConflict for a Wikidata
// item another campaign has, ErrStale.
func (s *Campaigns) UpdateCampaign(ctx context.Context, c *wikicities.Campaign) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		cur, err := scanCampaign(tx.QueryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns c JOIN users u ON u.id = c.owner_id WHERE c.id = ?`, c.ID))
		if err != nil {
			return fmt.Errorf("campaign %d: %w", c.ID, err)
		}
		if err := wikicities.CanManageCampaign(wikicities.ActorFrom(ctx), cur); err != nil {
			return err
		}
		var qid any
		if c.Wikidata != "" {
			qid = c.Wikidata
		}
		err = execVersioned(ctx, tx, "campaign", c.ID, c.Version, `UPDATE campaigns SET name = ?, wikidata = ?, description = ?,
			meta_page = ?, version = version + 1 WHERE id = ? AND version = ?`, c.Name, qid, c.Description, c.MetaPage, c.ID, c.Version)
		if isDuplicate(err) {
			return fmt.Errorf("%w: another campaign has Wikidata item %s", wikicities.ErrConflict, c.Wikidata)
		} else if err != nil {
			return err
		}
		got, err := scanCampaign(tx.QueryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns c JOIN users u ON u.id = c.owner_id WHERE c.id = ?`, c.ID))
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, "campaign", c.ID, "update", cur, got); err != nil {
			return err
		}
		*c = *got
		return nil
	})
}
