package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// Clubs is the SQL implementation of wikicities.WikiClubService.
type Clubs struct{ db *DB }

var _ wikicities.WikiClubService = (*Clubs)(nil)

// Clubs returns the Wiki Clubs service.
func (d *DB) Clubs() *Clubs { return &Clubs{db: d} }

const clubColumns = `w.community_id, c.name, COALESCE(c.city_id, 0), w.host_institution_id, i.name, w.host_agreement,
	w.meeting_schedule, w.first_meeting, w.members, w.regular_editors, w.outreach_events, COALESCE(w.toolkit_id, 0), w.version`

const clubFrom = ` FROM wiki_clubs w JOIN communities c ON c.id = w.community_id JOIN institutions i ON i.id = w.host_institution_id`

func (t *Tx) clubs(ctx context.Context, where string, args ...any) ([]*wikicities.WikiClub, error) {
	var out []*wikicities.WikiClub
	err := t.each(ctx, `SELECT `+clubColumns+clubFrom+` `+where, func(sc scanner) error {
		var w wikicities.WikiClub
		var first int64
		if err := sc.Scan(&w.CommunityID, &w.Name, &w.CityID, &w.HostID, &w.HostName, &w.HostAgreement, &w.MeetingSchedule,
			&first, &w.Members, &w.RegularEditors, &w.OutreachEvents, &w.ToolkitID, &w.Version); err != nil {
			return err
		}
		w.FirstMeeting = unixTime(first)
		out = append(out, &w)
		return nil
	}, args...)
	return out, err
}

func validateClub(c *wikicities.WikiClub) error {
	var v wikicities.ValidationErrors
	c.HostAgreement, c.MeetingSchedule = strings.TrimSpace(c.HostAgreement), strings.TrimSpace(c.MeetingSchedule)
	if len(c.HostAgreement) > 2000 {
		v.Add("host_agreement", "must be at most 2000 bytes").Because(wikicities.ProblemTooLong, 2000)
	}
	if len(c.MeetingSchedule) > 200 {
		v.Add("meeting_schedule", "must be at most 200 bytes").Because(wikicities.ProblemTooLong, 200)
	}
	for f, n := range map[string]int{"members": c.Members, "regular_editors": c.RegularEditors, "outreach_events": c.OutreachEvents} {
		if n < 0 {
			v.Add(f, "must not be negative")
		}
	}
	if c.RegularEditors > c.Members && c.Members > 0 {
		v.Add("regular_editors", "%d is more than the %d members", c.RegularEditors, c.Members).Because(wikicities.ProblemNumberRange, 0, c.Members)
	}
	return v.Err()
}

// StartClub creates club c: its community (kind wiki_club, in the host's
// city and country), the club record, the host's hosts_wiki_club mark and
// the toolkit's attachment (counted as a use). The actor must coordinate
// the host institution. Returns ErrInvalid, ErrNotFound, ErrConflict (a
// community of that name), ErrUnauthorized, ErrForbidden.
func (s *Clubs) StartClub(ctx context.Context, c *wikicities.WikiClub) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireCoordinator(wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: c.HostID}); err != nil {
		return fmt.Errorf("%w: a club is started by a coordinator of its host", err)
	}
	if err := validateClub(c); err != nil {
		return err
	}
	now := s.db.Now().Unix()
	return s.db.Update(ctx, func(tx *Tx) error {
		var city int64
		var country string
		if err := tx.QueryRow(ctx, `SELECT i.city_id, ci.country, i.name FROM institutions i JOIN cities ci ON ci.id = i.city_id WHERE i.id = ?`,
			c.HostID).Scan(&city, &country, &c.HostName); err != nil {
			return fmt.Errorf("institution %d: %w", c.HostID, mapErr(err))
		}
		if c.ToolkitID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM training_resources WHERE id = ?`, c.ToolkitID).Scan(&n); err != nil || n == 0 {
				return wikicities.ValidationErrors{{Field: "toolkit_id", Message: fmt.Sprintf("resource %d is not in the library", c.ToolkitID)}}
			}
		}
		langs := c.Languages
		if langs == nil {
			langs = []string{}
		}
		com := &wikicities.Community{Kind: wikicities.KindWikiClub, Name: c.Name, CityID: city, Country: country,
			Languages: langs, Projects: []string{}, SkillsOffered: []string{}, SkillsWanted: []string{}}
		if err := tx.CreateCommunity(ctx, com); err != nil {
			return err
		}
		c.CommunityID, c.CityID = com.ID, city
		if _, err := tx.Exec(ctx, `INSERT INTO wiki_clubs (community_id, host_institution_id, host_agreement, meeting_schedule, first_meeting,
			members, regular_editors, outreach_events, toolkit_id, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			com.ID, c.HostID, c.HostAgreement, c.MeetingSchedule, nullUnix(c.FirstMeeting), c.Members, c.RegularEditors, c.OutreachEvents,
			nullID(c.ToolkitID), now); err != nil {
			return err
		}
		c.Version = 1
		if _, err := tx.Exec(ctx, `UPDATE institutions SET hosts_wiki_club = 1 WHERE id = ?`, c.HostID); err != nil {
			return err
		}
		if c.ToolkitID != 0 {
			if _, err := tx.Exec(ctx, `UPDATE training_resources SET uses = uses + 1 WHERE id = ?`, c.ToolkitID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "wiki_club", com.ID, "start", nil, c)
	})
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Club returns the club of community id. Returns ErrNotFound.
func (s *Clubs) Club(ctx context.Context, id int64) (*wikicities.WikiClub, error) {
	var cs []*wikicities.WikiClub
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		cs, err = tx.clubs(ctx, `WHERE w.community_id = ?`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("wiki club %d: %w", id, wikicities.ErrNotFound)
	}
	return cs[0], nil
}

// UpdateClub writes c's agreement, schedule, first meeting and measures if
// c.Version is the club's current version, and counts it up. The actor
// must coordinate the club. Returns *StaleError (ErrStale), ErrInvalid,
// ErrNotFound, ErrUnauthorized, ErrForbidden.
func (s *Clubs) UpdateClub(ctx context.Context, c *wikicities.WikiClub) error {
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.CommunityID}); err != nil {
		return err
	}
	if err := validateClub(c); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		cur, err := tx.clubs(ctx, `WHERE w.community_id = ?`, c.CommunityID)
		if err != nil {
			return err
		}
		if len(cur) == 0 {
			return fmt.Errorf("wiki club %d: %w", c.CommunityID, wikicities.ErrNotFound)
		}
		if cur[0].Version != c.Version {
			return &wikicities.StaleError{Entity: "wiki club", ID: c.CommunityID, Version: c.Version, Current: cur[0].Version}
		}
		if err := execVersioned(ctx, tx, "wiki club", c.CommunityID, c.Version, `UPDATE wiki_clubs SET host_agreement = ?,
			meeting_schedule = ?, first_meeting = ?, members = ?, regular_editors = ?, outreach_events = ?, updated_at = ?,
			version = version + 1 WHERE community_id = ? AND version = ?`, c.HostAgreement, c.MeetingSchedule,
			nullUnix(c.FirstMeeting), c.Members, c.RegularEditors, c.OutreachEvents, s.db.Now().Unix(), c.CommunityID, c.Version); err != nil {
			return err
		}
		c.Version++
		return tx.Audit(ctx, "wiki_club", c.CommunityID, "update", cur[0], c)
	})
}

// SisterClubs lists the clubs in the twin cities of club id's city that
// have no live or proposed partnership with it, by name. Returns
// ErrNotFound.
func (s *Clubs) SisterClubs(ctx context.Context, id int64) ([]*wikicities.WikiClub, error) {
	if _, err := s.Club(ctx, id); err != nil {
		return nil, err
	}
	var out []*wikicities.WikiClub
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.clubs(ctx, `WHERE w.community_id <> ? AND c.archived = 0 AND c.city_id IN (
				SELECT b FROM twin_links WHERE a = (SELECT city_id FROM communities WHERE id = ?)
				UNION SELECT a FROM twin_links WHERE b = (SELECT city_id FROM communities WHERE id = ?))
			AND w.community_id NOT IN (
				SELECT b_community_id FROM partnerships WHERE a_community_id = ? AND b_community_id IS NOT NULL AND state IN ('proposed', 'accepted', 'active', 'dormant')
				UNION SELECT a_community_id FROM partnerships WHERE b_community_id = ? AND state IN ('proposed', 'accepted', 'active', 'dormant'))
			ORDER BY c.name_key, w.community_id`, id, id, id, id, id)
		return err
	})
	return out, err
}
