package store

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// PageLists reads the lists of the city, community and institution pages,
// each page's in one round.
type PageLists struct{ db *DB }

// PageLists returns the pages' list reader.
func (d *DB) PageLists() *PageLists { return &PageLists{db: d} }

// CityLists returns at most limit of the communities, institutions and
// open requests of city id, and the requests' party names, in one
// transaction. Returns ErrNotFound if the city is unknown.
func (s *PageLists) CityLists(ctx context.Context, id int64, limit int) (*wikicities.CityLists, error) {
	out := &wikicities.CityLists{PartyNames: map[wikicities.PartyRef]string{}}
	lim := fmt.Sprintf(` LIMIT %d`, pageLimit(limit))
	err := s.db.View(ctx, func(tx *Tx) error {
		var country string
		if err := tx.QueryRow(ctx, `SELECT country FROM cities WHERE id = ?`, id).Scan(&country); err != nil {
			return fmt.Errorf("city %d: %w", id, mapErr(err))
		}
		var err error
		if out.Communities, err = tx.queryCommunities(ctx, `SELECT `+communityColumns+
			` FROM communities WHERE archived = 0 AND city_id = ? ORDER BY name_key, id`+lim, id); err != nil {
			return err
		}
		if out.Institutions, err = tx.queryInstitutions(ctx, `SELECT `+institutionColumns+
			` FROM institutions WHERE archived = 0 AND city_id = ? ORDER BY name_key, id`+lim, id); err != nil {
			return err
		}
		cond, args := requestCityWhere(id, country)
		if out.Requests, err = tx.queryRequests(ctx, `SELECT `+requestColumns+` FROM partner_requests WHERE expires_at > ? AND `+cond+
			` ORDER BY created_at DESC, id DESC`+lim, append([]any{s.db.Now().Unix()}, args...)...); err != nil {
			return err
		}
		return tx.partyNames(ctx, out.Requests, out.PartyNames)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// requestCityWhere is the condition of the requests that concern city id
// (of country): those naming it or its country, and those of the parties
// based there.
func requestCityWhere(id int64, country string) (string, []any) {
	return `(id IN (SELECT request_id FROM partner_request_cities WHERE city_id = ?)
			OR id IN (SELECT request_id FROM partner_request_countries WHERE country_key = ?)
			OR (party_kind = 'community' AND party_id IN (SELECT id FROM communities WHERE city_id = ?))
			OR (party_kind = 'institution' AND party_id IN (SELECT id FROM institutions WHERE city_id = ?)))`,
		[]any{id, twins.Sovereign(country), id, id}
}

// partyNames adds the names of the requests' parties to names, one query
// per kind of party.
func (t *Tx) partyNames(ctx context.Context, rs []*wikicities.PartnerRequest, names map[wikicities.PartyRef]string) error {
	for kind, table := range map[wikicities.PartyKind]string{wikicities.PartyCommunity: "communities", wikicities.PartyInstitution: "institutions"} {
		var of []*wikicities.PartnerRequest
		for _, r := range rs {
			if r.Party.Kind == kind {
				of = append(of, r)
			}
		}
		if len(of) == 0 {
			continue
		}
		q := `SELECT id, name FROM ` + table + ` WHERE id IN (` + idList(of, func(r *wikicities.PartnerRequest) int64 { return r.Party.ID }) + `)`
		if err := t.eachPair(ctx, q, func(id int64, name string) { names[wikicities.PartyRef{Kind: kind, ID: id}] = name }); err != nil {
			return err
		}
	}
	return nil
}

// ActivitiesOf returns the activities of each of the partnerships ids,
// ordered by start then id, keyed by partnership id, in one query.
func (s *PageLists) ActivitiesOf(ctx context.Context, ids []int64) (map[int64][]*wikicities.Activity, error) {
	out := make(map[int64][]*wikicities.Activity, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.Query(ctx, `SELECT `+activityColumnsQualified+` FROM partnership_activities a
		WHERE a.partnership_id IN (`+idList(ids, func(id int64) int64 { return id })+`) ORDER BY a.starts_at, a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out[a.PartnershipID] = append(out[a.PartnershipID], a)
	}
	return out, rows.Err()
}
