package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wikicities/wikicities"
)

// Visits implements wikicities.VisitService.
type Visits struct{ db *DB }

// Visits returns the visit service of d.
func (d *DB) Visits() *Visits { return &Visits{db: d} }

var _ wikicities.VisitService = (*Visits)(nil)

const visitColumns = `v.id, v.visitor_id, a.name, v.host_id, b.name, v.state, v.start_date, v.end_date, v.people, v.purpose,
	v.offer_json, v.agenda_json, v.delegation_json, v.report, v.reported_at, v.activity_id, v.version, v.created_at, v.updated_at`

const visitFrom = ` FROM visits v JOIN communities a ON a.id = v.visitor_id JOIN communities b ON b.id = v.host_id`

func scanVisit(sc scanner) (*wikicities.Visit, error) {
	v := wikicities.Visit{Visitor: wikicities.Party{Kind: wikicities.PartyCommunity}, Host: wikicities.Party{Kind: wikicities.PartyCommunity}}
	var start, end, reported, created, updated int64
	var offer, agenda, delegation string
	if err := sc.Scan(&v.ID, &v.Visitor.ID, &v.Visitor.Name, &v.Host.ID, &v.Host.Name, &v.State, &start, &end, &v.People,
		&v.Purpose, &offer, &agenda, &delegation, &v.Report, &reported, &v.ActivityID, &v.Version, &created, &updated); err != nil {
		return nil, mapErr(err)
	}
	v.Start, v.End, v.ReportedAt = unixTime(start), unixTime(end), unixTime(reported)
	v.CreatedAt, v.UpdatedAt = unixTime(created), unixTime(updated)
	if offer != "" {
		v.Offer = &wikicities.HostOffer{}
		if err := json.Unmarshal([]byte(offer), v.Offer); err != nil {
			return nil, fmt.Errorf("visit %d: offer_json: %w", v.ID, err)
		}
	}
	if err := json.Unmarshal([]byte(agenda), &v.Agenda); err != nil {
		return nil, fmt.Errorf("visit %d: agenda_json: %w", v.ID, err)
	}
	if err := json.Unmarshal([]byte(delegation), &v.Delegation); err != nil {
		return nil, fmt.Errorf("visit %d: delegation_json: %w", v.ID, err)
	}
	return &v, nil
}

func (s *Visits) visit(ctx context.Context, r partnershipReader, id int64) (*wikicities.Visit, error) {
	v, err := scanVisit(r.QueryRow(ctx, `SELECT `+visitColumns+visitFrom+` WHERE v.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("visit %d: %w", id, err)
	}
	return v, nil
}

// RequestVisit records v for a coordinator of the visitor; the two
// communities' cities are twins.
func (s *Visits) RequestVisit(ctx context.Context, v *wikicities.Visit) error {
	v.State, v.Agenda = "", nonNilIDs(v.Agenda)
	if err := v.Validate(); err != nil {
		return err
	}
	if _, err := wikicities.CheckVisitTransition(v, wikicities.VisitRequest, wikicities.ActorFrom(ctx), s.db.Now()); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var cities [2]int64
		for i, p := range []*wikicities.Party{&v.Visitor, &v.Host} {
			name, _, city, err := communityPlace(ctx, tx, p.ID)
			if err != nil {
				return err
			}
			p.Name, cities[i] = name, city
		}
		if !areTwins(ctx, tx, cities[0], cities[1]) {
			return fmt.Errorf("%w: the cities of %s and %s are not twinned", wikicities.ErrConflict, v.Visitor.Name, v.Host.Name)
		}
		if err := checkEvents(ctx, tx, v.Agenda); err != nil {
			return err
		}
		agenda, _ := json.Marshal(v.Agenda)
		delegation, _ := json.Marshal(nonNil(v.Delegation))
		now := s.db.Now().Unix()
		id, err := tx.InsertID(ctx, `INSERT INTO visits (visitor_id, host_id, state, start_date, end_date, people, purpose,
			agenda_json, delegation_json, created_at, updated_at) VALUES (?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?)`,
			v.Visitor.ID, v.Host.ID, v.Start.Unix(), v.End.Unix(), v.People, v.Purpose, string(agenda), string(delegation), now, now)
		if err != nil {
			return err
		}
		got, err := s.visit(ctx, tx, id)
		if err != nil {
			return err
		}
		*v = *got
		return tx.Audit(ctx, "visit", id, "request", nil, v)
	})
}

func nonNilIDs(s []int64) []int64 {
	if s == nil {
		return []int64{}
	}
	return s
}

// checkEvents returns ErrInvalid naming the first of ids that is no event.
func checkEvents(ctx context.Context, tx *Tx, ids []int64) error {
	for i, id := range ids {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE id = ?`, id).Scan(&n); err != nil {
			return mapErr(err)
		}
		if n == 0 {
			return wikicities.Invalidf(fmt.Sprintf("agenda[%d]", i), "there is no event %d", id)
		}
	}
	return nil
}

// Visit returns the visit with id as the actor may see it.
func (s *Visits) Visit(ctx context.Context, id int64) (*wikicities.Visit, error) {
	v, err := s.visit(ctx, s.db, id)
	if err != nil {
		return nil, err
	}
	return v.ForViewer(wikicities.ActorFrom(ctx)), nil
}

// Visits lists the visits a community takes part in, newest first.
func (s *Visits) Visits(ctx context.Context, communityID int64) ([]*wikicities.Visit, error) {
	rows, err := s.db.Query(ctx, `SELECT `+visitColumns+visitFrom+` WHERE v.visitor_id = ? OR v.host_id = ?
		ORDER BY v.start_date DESC, v.id DESC`, communityID, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := wikicities.ActorFrom(ctx)
	var out []*wikicities.Visit
	for rows.Next() {
		v, err := scanVisit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v.ForViewer(a))
	}
	return out, rows.Err()
}

// TransitionVisit applies action, with the host's offer on accept.
func (s *Visits) TransitionVisit(ctx context.Context, id int64, action wikicities.VisitAction, version int64, offer *wikicities.HostOffer) (*wikicities.Visit, error) {
	var v *wikicities.Visit
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if v, err = s.visit(ctx, tx, id); err != nil {
			return err
		}
		if version == 0 { // unconditional: the current version
			version = v.Version
		}
		to, err := wikicities.CheckVisitTransition(v, action, wikicities.ActorFrom(ctx), s.db.Now())
		if err != nil {
			return err
		}
		before := *v
		v.State = to
		offerJSON := ""
		if action == wikicities.VisitAccept && offer != nil {
			v.Offer = offer
			if err := v.Validate(); err != nil {
				return err
			}
			raw, _ := json.Marshal(offer)
			offerJSON = string(raw)
		} else if v.Offer != nil {
			raw, _ := json.Marshal(v.Offer)
			offerJSON = string(raw)
		}
		now := s.db.Now().Unix()
		if err := execVersioned(ctx, tx, "visit", id, version, `UPDATE visits SET state = ?, offer_json = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, string(to), offerJSON, now, id, version); err != nil {
			return err
		}
		v.Version, v.UpdatedAt = v.Version+1, unixTime(now)
		return tx.Audit(ctx, "visit", id, string(action), before, v)
	})
	return v, err
}

// SetAgenda links events to the visit, for either side.
func (s *Visits) SetAgenda(ctx context.Context, id, version int64, eventIDs []int64) (*wikicities.Visit, error) {
	var v *wikicities.Visit
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if v, err = s.visit(ctx, tx, id); err != nil {
			return err
		}
		if version == 0 { // unconditional: the current version
			version = v.Version
		}
		if err := wikicities.ByEitherParty.Allowed(wikicities.ActorFrom(ctx), &wikicities.Partnership{A: v.Visitor, B: v.Host}); err != nil {
			return err
		}
		before := *v
		v.Agenda = nonNilIDs(eventIDs)
		if err := v.Validate(); err != nil {
			return err
		}
		if err := checkEvents(ctx, tx, v.Agenda); err != nil {
			return err
		}
		raw, _ := json.Marshal(v.Agenda)
		now := s.db.Now().Unix()
		if err := execVersioned(ctx, tx, "visit", id, version, `UPDATE visits SET agenda_json = ?, version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`, string(raw), now, id, version); err != nil {
			return err
		}
		v.Version, v.UpdatedAt = v.Version+1, unixTime(now)
		return tx.Audit(ctx, "visit", id, "agenda", before.Agenda, v.Agenda)
	})
	return v, err
}

// ReportVisit records the report of a done visit and logs it, in the same
// transaction, as a visit in the live partnership of the two communities.
func (s *Visits) ReportVisit(ctx context.Context, id, version int64, report string) (*wikicities.Visit, error) {
	var v *wikicities.Visit
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if v, err = s.visit(ctx, tx, id); err != nil {
			return err
		}
		if version == 0 { // unconditional: the current version
			version = v.Version
		}
		if err := wikicities.CanReport(v, wikicities.ActorFrom(ctx)); err != nil {
			return err
		}
		if v.ActivityID != 0 {
			return fmt.Errorf("%w: visit %d has its report already; edit it in the partnership's log", wikicities.ErrConflict, id)
		}
		v.Report = report
		if err := v.Validate(); err != nil {
			return err
		}
		if report == "" {
			return wikicities.Invalidf("report", "is empty")
		}
		ps := s.db.Partnerships()
		var pid int64
		err = tx.QueryRow(ctx, `SELECT id FROM partnerships WHERE state IN ('accepted', 'active', 'dormant')
			AND ((a_community_id = ? AND b_community_id = ?) OR (a_community_id = ? AND b_community_id = ?))
			ORDER BY id DESC LIMIT 1`, v.Visitor.ID, v.Host.ID, v.Host.ID, v.Visitor.ID).Scan(&pid)
		if err = mapErr(err); err != nil {
			return fmt.Errorf("%w: %s and %s have no running partnership to log the visit in: %w", wikicities.ErrConflict, v.Visitor.Name, v.Host.Name, err)
		}
		p, err := ps.get(ctx, tx, pid)
		if err != nil {
			return err
		}
		act := &wikicities.Activity{PartnershipID: pid, Kind: wikicities.ActivityVisit,
			Title: truncate(fmt.Sprintf("Visit of %s to %s", v.Visitor.Name, v.Host.Name), 300),
			Start: v.Start, End: v.End.Add(24*time.Hour - time.Second), Participants: v.People, Notes: report}
		if err := act.ValidateAt(s.db.Now()); err != nil {
			return err
		}
		normalizeActivity(act)
		if err := ps.logActivity(ctx, tx, p, act); err != nil {
			return err
		}
		now := s.db.Now().Unix()
		if err := execVersioned(ctx, tx, "visit", id, version, `UPDATE visits SET report = ?, reported_at = ?, activity_id = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, report, now, act.ID, now, id, version); err != nil {
			return err
		}
		v.ReportedAt, v.ActivityID, v.Version, v.UpdatedAt = unixTime(now), act.ID, v.Version+1, unixTime(now)
		return tx.Audit(ctx, "visit", id, "report", nil, map[string]any{"activity_id": act.ID})
	})
	return v, err
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
