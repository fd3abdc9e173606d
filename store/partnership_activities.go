package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

const activityColumns = `id, partnership_id, kind, title, starts_at, ends_at, place, organizers_a_json, organizers_b_json,
	participants, articles_created, articles_improved, media_uploaded, wikidata_items, links_json, notes, created_by,
	created_at, updated_at, version`

const activityColumnsQualified = `a.id, a.partnership_id, a.kind, a.title, a.starts_at, a.ends_at, a.place,
	a.organizers_a_json, a.organizers_b_json, a.participants, a.articles_created, a.articles_improved,
	a.media_uploaded, a.wikidata_items, a.links_json, a.notes, a.created_by, a.created_at, a.updated_at, a.version`

// scanActivity scans the activity columns followed by extra destinations.
func scanActivity(sc interface{ Scan(...any) error }, extra ...any) (*wikicities.Activity, error) {
	var a wikicities.Activity
	var start, end, created, updated int64
	var oa, ob, links string
	dest := []any{&a.ID, &a.PartnershipID, &a.Kind, &a.Title, &start, &end, &a.Place, &oa, &ob,
		&a.Participants, &a.Outcomes.ArticlesCreated, &a.Outcomes.ArticlesImproved, &a.Outcomes.MediaUploaded,
		&a.Outcomes.WikidataItems, &links, &a.Notes, &a.CreatedBy, &created, &updated, &a.Version}
	if err := sc.Scan(append(dest, extra...)...); err != nil {
		return nil, mapErr(err)
	}
	a.Start, a.End, a.CreatedAt, a.UpdatedAt = unixTime(start), unixTime(end), unixTime(created), unixTime(updated)
	for _, f := range []struct {
		col string
		raw string
		dst *[]string
	}{{"organizers_a_json", oa, &a.OrganizersA}, {"organizers_b_json", ob, &a.OrganizersB}, {"links_json", links, &a.Outcomes.Links}} {
		if err := json.Unmarshal([]byte(f.raw), f.dst); err != nil {
			return nil, fmt.Errorf("activity %d: %s: %w", a.ID, f.col, err)
		}
	}
	return &a, nil
}

func normalizeActivity(a *wikicities.Activity) {
	a.Start = unixTime(nullUnix(a.Start))
	a.End = unixTime(nullUnix(a.End))
	for _, l := range []*[]string{&a.OrganizersA, &a.OrganizersB, &a.Outcomes.Links} {
		if *l == nil {
			*l = []string{}
		}
	}
}

// LogActivity records a in partnership a.PartnershipID for a coordinator of
// either party, setting its ID and Version. The first activity of an
// accepted partnership makes it active (recorded as the transition
// "activate"); one logged on a dormant partnership is recorded but leaves it
// dormant until a coordinator renews it (renewal is a decision, not a side
// effect). Returns ErrInvalid, ErrNotFound, ErrConflict for a
// partnership that is not accepted, active or dormant, ErrUnauthorized,
// ErrForbidden.
func (s *Partnerships) LogActivity(ctx context.Context, a *wikicities.Activity) error {
	if err := a.ValidateAt(s.db.Now()); err != nil {
		return err
	}
	normalizeActivity(a)
	return s.db.Update(ctx, func(tx *Tx) error {
		p, err := s.editable(ctx, tx, a.PartnershipID)
		if err != nil {
			return err
		}
		return s.logActivity(ctx, tx, p, a)
	})
}

// logActivity records a in p inside tx, for an actor already allowed to.
func (s *Partnerships) logActivity(ctx context.Context, tx *Tx, p *wikicities.Partnership, a *wikicities.Activity) error {
	var err error
	if p.State == wikicities.StateProposed {
		return fmt.Errorf("%w: partnership %d is still a proposal; activities are logged once it is accepted", wikicities.ErrConflict, p.ID)
	}
	now := s.db.Now()
	actor := wikicities.ActorFrom(ctx)
	a.ID, err = tx.InsertID(ctx, `INSERT INTO partnership_activities (partnership_id, kind, title, starts_at, ends_at, place,
		organizers_a_json, organizers_b_json, participants, articles_created, articles_improved, media_uploaded,
		wikidata_items, links_json, notes, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		a.PartnershipID, string(a.Kind), a.Title, a.Start.Unix(), nullUnix(a.End), a.Place,
		partnershipJSONList(a.OrganizersA), partnershipJSONList(a.OrganizersB), a.Participants, a.Outcomes.ArticlesCreated,
		a.Outcomes.ArticlesImproved, a.Outcomes.MediaUploaded, a.Outcomes.WikidataItems, partnershipJSONList(a.Outcomes.Links),
		a.Notes, actor.UserID, now.Unix(), now.Unix())
	if err != nil {
		return err
	}
	a.CreatedBy, a.Version = actor.UserID, 1
	a.CreatedAt, a.UpdatedAt = unixTime(now.Unix()), unixTime(now.Unix())
	if err := tx.Audit(ctx, "partnership_activity", a.ID, "create", nil, a); err != nil {
		return err
	}
	if p.State == wikicities.StateAccepted {
		// The history says "became active with its first activity" in the
		// reader's language; the note names that activity.
		return s.transition(ctx, tx, p, wikicities.ActionActivate, a.Title)
	}
	return nil
}

func (s *Partnerships) activity(ctx context.Context, r partnershipReader, pid, id int64) (*wikicities.Activity, error) {
	a, err := scanActivity(r.QueryRow(ctx, `SELECT `+activityColumns+` FROM partnership_activities
		WHERE id = ? AND partnership_id = ?`, id, pid))
	if err != nil {
		return nil, fmt.Errorf("activity %d of partnership %d: %w", id, pid, err)
	}
	return a, nil
}

// Activity returns activity id of partnership pid. Returns ErrNotFound.
func (s *Partnerships) Activity(ctx context.Context, pid, id int64) (*wikicities.Activity, error) {
	return s.activity(ctx, s.db, pid, id)
}

// UpdateActivity writes a if a.Version is current, for a coordinator of
// either party. Returns *StaleError, ErrInvalid, ErrNotFound, ErrConflict,
// ErrForbidden.
func (s *Partnerships) UpdateActivity(ctx context.Context, a *wikicities.Activity) error {
	if err := a.ValidateAt(s.db.Now()); err != nil {
		return err
	}
	normalizeActivity(a)
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := s.editable(ctx, tx, a.PartnershipID); err != nil {
			return err
		}
		old, err := s.activity(ctx, tx, a.PartnershipID, a.ID)
		if err != nil {
			return err
		}
		now := s.db.Now().Unix()
		if err := execVersioned(ctx, tx, "activity", a.ID, a.Version, `UPDATE partnership_activities SET kind = ?, title = ?, starts_at = ?, ends_at = ?, place = ?,
			organizers_a_json = ?, organizers_b_json = ?, participants = ?, articles_created = ?, articles_improved = ?,
			media_uploaded = ?, wikidata_items = ?, links_json = ?, notes = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`,
			string(a.Kind), a.Title, a.Start.Unix(), nullUnix(a.End), a.Place, partnershipJSONList(a.OrganizersA), partnershipJSONList(a.OrganizersB),
			a.Participants, a.Outcomes.ArticlesCreated, a.Outcomes.ArticlesImproved, a.Outcomes.MediaUploaded,
			a.Outcomes.WikidataItems, partnershipJSONList(a.Outcomes.Links), a.Notes, now, a.ID, a.Version); err != nil {
			return err
		}
		a.Version++
		a.CreatedBy, a.CreatedAt, a.UpdatedAt = old.CreatedBy, old.CreatedAt, unixTime(now)
		return tx.Audit(ctx, "partnership_activity", a.ID, "update", old, a)
	})
}

// DeleteActivity removes activity id of partnership pid if version is
// current. Returns *StaleError, ErrNotFound, ErrForbidden.
func (s *Partnerships) DeleteActivity(ctx context.Context, pid, id, version int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := s.editable(ctx, tx, pid); err != nil {
			return err
		}
		old, err := s.activity(ctx, tx, pid, id)
		if err != nil {
			return err
		}
		if err := execVersioned(ctx, tx, "activity", id, version, `DELETE FROM partnership_activities WHERE id = ? AND version = ?`, id, version); err != nil {
			return err
		}
		return tx.Audit(ctx, "partnership_activity", id, "delete", old, nil)
	})
}

func activityWhere(f wikicities.ActivityFilter) (string, []any) {
	var where []string
	var args []any
	if f.PartnershipID != 0 {
		where = append(where, `a.partnership_id = ?`)
		args = append(args, f.PartnershipID)
	}
	if f.Community != 0 {
		where = append(where, `(p.a_community_id = ? OR p.b_community_id = ?)`)
		args = append(args, f.Community, f.Community)
	}
	if !f.From.IsZero() {
		where = append(where, `a.starts_at >= ?`)
		args = append(args, f.From.Unix())
	}
	if !f.To.IsZero() {
		where = append(where, `a.starts_at < ?`)
		args = append(args, f.To.Unix())
	}
	if len(where) == 0 {
		return "", nil
	}
	return ` WHERE ` + strings.Join(where, ` AND `), args
}

// Activities lists activities matching f by start (then id). Limit defaults
// to 500 (at most 5000); a negative Limit returns all.
func (s *Partnerships) Activities(ctx context.Context, f wikicities.ActivityFilter) ([]*wikicities.Activity, error) {
	limit := ""
	switch {
	case f.Limit == 0 || f.Limit > 5000:
		limit = ` LIMIT 500`
	case f.Limit > 0:
		limit = fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	cond, args := activityWhere(f)
	rows, err := s.db.Query(ctx, `SELECT `+activityColumnsQualified+` FROM partnership_activities a
		JOIN partnerships p ON p.id = a.partnership_id`+cond+` ORDER BY a.starts_at, a.id`+limit, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*wikicities.Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// Totals sums the activities matching f that have taken place (start not
// after now), grouped by partnership, by community (an activity counts for
// each community that is a party) or by year of its start. Rows are sorted
// by key.
func (s *Partnerships) Totals(ctx context.Context, f wikicities.ActivityFilter, by wikicities.TotalsBy) ([]*wikicities.TotalsRow, error) {
	switch by {
	case wikicities.ByPartnership, wikicities.ByCommunity, wikicities.ByYear:
	default:
		return nil, wikicities.Invalidf("by", "must be partnership, community or year, not %q", by)
	}
	now := s.db.Now()
	if f.To.IsZero() || f.To.After(now) {
		f.To = now.Add(time.Second)
	}
	cond, args := activityWhere(f)
	rows, err := s.db.Query(ctx, `SELECT `+activityColumnsQualified+`, p.a_community_id, COALESCE(p.b_community_id, 0)
		FROM partnership_activities a JOIN partnerships p ON p.id = a.partnership_id`+cond, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct {
		pid, cid int64
		year     int
	}
	groups := map[key]*wikicities.TotalsRow{}
	add := func(k key, a *wikicities.Activity) {
		g := groups[k]
		if g == nil {
			g = &wikicities.TotalsRow{PartnershipID: k.pid, CommunityID: k.cid, Year: k.year}
			groups[k] = g
		}
		g.Add(a)
	}
	for rows.Next() {
		var ac, bc int64
		a, err := scanActivity(rows, &ac, &bc)
		if err != nil {
			return nil, err
		}
		switch by {
		case wikicities.ByPartnership:
			add(key{pid: a.PartnershipID}, a)
		case wikicities.ByYear:
			add(key{year: a.Start.Year()}, a)
		case wikicities.ByCommunity:
			for _, c := range []int64{ac, bc} {
				if c != 0 && (f.Community == 0 || f.Community == c) {
					add(key{cid: c}, a)
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*wikicities.TotalsRow, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	slices.SortFunc(out, func(x, y *wikicities.TotalsRow) int {
		if x.PartnershipID != y.PartnershipID {
			return int(x.PartnershipID - y.PartnershipID)
		}
		if x.CommunityID != y.CommunityID {
			return int(x.CommunityID - y.CommunityID)
		}
		return x.Year - y.Year
	})
	return out, nil
}

// HealthInputs returns what scoring the health of every running partnership
// needs: the accepted, active and dormant partnerships (with their
// responsibilities) and their activities of the last 400 days up to now.
func (s *Partnerships) HealthInputs(ctx context.Context) ([]*wikicities.Partnership, []*wikicities.Activity, error) {
	ps, _, err := s.Partnerships(ctx, wikicities.PartnershipFilter{Limit: -1,
		States: []wikicities.State{wikicities.StateAccepted, wikicities.StateActive, wikicities.StateDormant}})
	if err != nil {
		return nil, nil, err
	}
	now := s.db.Now()
	acts, err := s.Activities(ctx, wikicities.ActivityFilter{From: now.AddDate(0, 0, -400), To: now.Add(time.Second), Limit: -1})
	return ps, acts, err
}
