package store

import (
	"context"

	"github.com/wikicities/wikicities"
)

// ReportParties reads every community, institution and partnership reduced
// to what the country and region reports count, in three queries and one
// read transaction, whatever the size of the directory.
func (d *DB) ReportParties(ctx context.Context) (*wikicities.ReportParties, error) {
	out := &wikicities.ReportParties{}
	err := d.View(ctx, func(tx *Tx) error {
		// Communities give status; institutions give kind, Wikimedian in
		// Residence and item in its place.
		places := func(kind wikicities.PartyKind, q string) ([]wikicities.PartyPlace, error) {
			rows, err := tx.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			list := []wikicities.PartyPlace{}
			for rows.Next() {
				p := wikicities.PartyPlace{Ref: wikicities.PartyRef{Kind: kind}}
				var status, qid string
				var archived, wir int
				if err := rows.Scan(&p.Ref.ID, &p.Name, &p.CityID, &status, &archived, &wir, &qid); err != nil {
					return nil, mapErr(err)
				}
				p.Archived, p.WiR, p.QID = archived != 0, wir != 0, qid
				if kind == wikicities.PartyCommunity {
					p.Status = wikicities.Status(status)
				} else {
					p.Kind = wikicities.InstitutionKind(status)
				}
				list = append(list, p)
			}
			return list, mapErr(rows.Err())
		}
		var err error
		if out.Communities, err = places(wikicities.PartyCommunity,
			`SELECT id, name, COALESCE(city_id, 0), status, archived, 0, '' FROM communities ORDER BY id`); err != nil {
			return err
		}
		if out.Institutions, err = places(wikicities.PartyInstitution,
			`SELECT id, name, city_id, kind, archived, has_wir, COALESCE(qid, '') FROM institutions ORDER BY id`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, a_community_id, COALESCE(b_community_id, 0), COALESCE(b_institution_id, 0), state
			FROM partnerships ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		out.Partnerships = []wikicities.PartnershipParties{}
		for rows.Next() {
			var pp wikicities.PartnershipParties
			var bc, bi int64
			if err := rows.Scan(&pp.PartnershipID, &pp.A.ID, &bc, &bi, &pp.State); err != nil {
				return mapErr(err)
			}
			pp.A.Kind = wikicities.PartyCommunity
			pp.B = wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: bc}
			if bc == 0 {
				pp.B = wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: bi}
			}
			out.Partnerships = append(out.Partnerships, pp)
		}
		return mapErr(rows.Err())
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
