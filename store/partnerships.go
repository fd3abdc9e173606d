package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
)

// Partnerships is the SQL implementation of wikicities.PartnershipService.
// Permissions are checked here, against the actor in the context, so that
// the API, the pages and the command line share one set of rules.
type Partnerships struct{ db *DB }

var _ wikicities.PartnershipService = (*Partnerships)(nil)

// Partnerships returns the partnership service.
func (d *DB) Partnerships() *Partnerships { return &Partnerships{db: d} }

// partnershipReader is what both *DB and *Tx offer for reads.
type partnershipReader interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// The select list of a partnership; the two leading ? are "now" (for the last
// activity that has taken place and the next one planned).
const partnershipSelect = `SELECT p.id, p.a_community_id, ca.name,
	COALESCE(p.b_community_id, 0), COALESCE(p.b_institution_id, 0), COALESCE(cb.name, ib.name, ''),
	p.kind, p.level, p.state, p.message, p.goals_json, p.languages_json, p.review_date, p.proposed_by,
	p.state_changed_at, p.created_at, p.updated_at, p.version,
	(SELECT COALESCE(MAX(starts_at), 0) FROM partnership_activities pa WHERE pa.partnership_id = p.id AND pa.starts_at <= ?),
	(SELECT COALESCE(MIN(starts_at), 0) FROM partnership_activities pa WHERE pa.partnership_id = p.id AND pa.starts_at > ?),
	(SELECT COALESCE(MAX(h.at), 0) FROM partnership_history h WHERE h.partnership_id = p.id AND h.action IN ('accept', 'renew'))
	FROM partnerships p
	JOIN communities ca ON ca.id = p.a_community_id
	LEFT JOIN communities cb ON cb.id = p.b_community_id
	LEFT JOIN institutions ib ON ib.id = p.b_institution_id`

func scanPartnership(sc interface{ Scan(...any) error }) (*wikicities.Partnership, error) {
	var p wikicities.Partnership
	var bc, bi int64
	var goals, langs string
	var review, changed, created, updated, last, next, started int64
	if err := sc.Scan(&p.ID, &p.A.ID, &p.A.Name, &bc, &bi, &p.B.Name, &p.Type, &p.Level, &p.State, &p.Message,
		&goals, &langs, &review, &p.ProposedBy, &changed, &created, &updated, &p.Version, &last, &next, &started); err != nil {
		return nil, mapErr(err)
	}
	p.A.Kind = wikicities.PartyCommunity
	if bc != 0 {
		p.B.Kind, p.B.ID = wikicities.PartyCommunity, bc
	} else {
		p.B.Kind, p.B.ID = wikicities.PartyInstitution, bi
	}
	if err := json.Unmarshal([]byte(goals), &p.Agreement.Goals); err != nil {
		return nil, fmt.Errorf("partnership %d: goals_json: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(langs), &p.Agreement.Languages); err != nil {
		return nil, fmt.Errorf("partnership %d: languages_json: %w", p.ID, err)
	}
	p.Agreement.ReviewDate = unixTime(review)
	p.StateChangedAt, p.CreatedAt, p.UpdatedAt = unixTime(changed), unixTime(created), unixTime(updated)
	p.LastActivity, p.NextActivity, p.StartedAt = unixTime(last), unixTime(next), unixTime(started)
	p.Responsibilities = []*wikicities.Responsibility{}
	return &p, nil
}

func (s *Partnerships) get(ctx context.Context, r partnershipReader, id int64) (*wikicities.Partnership, error) {
	now := s.db.Now().Unix()
	p, err := scanPartnership(r.QueryRow(ctx, partnershipSelect+` WHERE p.id = ?`, now, now, id))
	if errors.Is(err, wikicities.ErrNotFound) {
		return nil, fmt.Errorf("partnership %d: %w", id, wikicities.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	rs, err := s.responsibilities(ctx, r, []int64{id})
	if err != nil {
		return nil, err
	}
	if len(rs[id]) > 0 {
		p.Responsibilities = rs[id]
	}
	return p, nil
}

// Partnership returns the partnership with id and its responsibilities.
// Returns ErrNotFound.
func (s *Partnerships) Partnership(ctx context.Context, id int64) (*wikicities.Partnership, error) {
	return s.get(ctx, s.db, id)
}

// Partnerships lists partnerships matching f, newest first, with the total
// count. Limit defaults to 50 (at most 1000); a negative Limit returns all.
func (s *Partnerships) Partnerships(ctx context.Context, f wikicities.PartnershipFilter) ([]*wikicities.Partnership, int, error) {
	var where []string
	var args []any
	if f.Party != nil {
		if f.Party.Kind == wikicities.PartyCommunity {
			where = append(where, `(p.a_community_id = ? OR p.b_community_id = ?)`)
			args = append(args, f.Party.ID, f.Party.ID)
		} else {
			where = append(where, `p.b_institution_id = ?`)
			args = append(args, f.Party.ID)
		}
	}
	if len(f.States) > 0 {
		where = append(where, `p.state IN (`+strings.TrimSuffix(strings.Repeat("?,", len(f.States)), ",")+`)`)
		for _, st := range f.States {
			args = append(args, string(st))
		}
	}
	if f.Type != "" {
		where = append(where, `p.kind = ?`)
		args = append(args, string(f.Type))
	}
	cond := ""
	if len(where) > 0 {
		cond = ` WHERE ` + strings.Join(where, ` AND `)
	}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM partnerships p`+cond, args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q := partnershipSelect + cond + ` ORDER BY p.id DESC`
	if f.Limit >= 0 {
		limit := f.Limit
		if limit == 0 || limit > 1000 {
			limit = 50
		}
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	}
	now := s.db.Now().Unix()
	rows, err := s.db.Query(ctx, q, append([]any{now, now}, args...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*wikicities.Partnership{}
	var ids []int64
	for rows.Next() {
		p, err := scanPartnership(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	var rs map[int64][]*wikicities.Responsibility
	if f.Limit < 0 && len(f.States) > 0 && f.Party == nil {
		rs, err = s.responsibilities(ctx, s.db, nil) // all: cheaper than a long IN list
	} else {
		rs, err = s.responsibilities(ctx, s.db, ids)
	}
	if err != nil {
		return nil, 0, err
	}
	for _, p := range out {
		if len(rs[p.ID]) > 0 {
			p.Responsibilities = rs[p.ID]
		}
	}
	return out, total, nil
}

// livePartyName returns the name of a party, or a FieldError naming field when
// it does not exist or is archived.
func livePartyName(ctx context.Context, tx *Tx, field string, p wikicities.Party) (string, error) {
	table := "communities"
	if p.Kind == wikicities.PartyInstitution {
		table = "institutions"
	}
	var name string
	var archived int
	err := mapErr(tx.QueryRow(ctx, `SELECT name, archived FROM `+table+` WHERE id = ?`, p.ID).Scan(&name, &archived))
	if errors.Is(err, wikicities.ErrNotFound) {
		return "", wikicities.Invalidf(field, "there is no %s %d", p.Kind, p.ID)
	}
	if err != nil {
		return "", err
	}
	if archived != 0 {
		return "", wikicities.Invalidf(field, "%s %d (%s) is archived", p.Kind, p.ID, name)
	}
	return name, nil
}

func pairKey(a, b wikicities.PartyRef) string {
	x, y := fmt.Sprintf("%s:%d", a.Kind, a.ID), fmt.Sprintf("%s:%d", b.Kind, b.ID)
	if y < x {
		x, y = y, x
	}
	return x + "|" + y
}

func partnershipJSONList(l []string) string {
	if l == nil {
		l = []string{}
	}
	b, _ := json.Marshal(l)
	return string(b)
}

// Propose creates p in state proposed on behalf of its party A, records the
// transition and audits it. Returns ErrInvalid (a field naming the problem,
// also for an unknown or archived party), ErrConflict if the two parties
// already have a live partnership, ErrUnauthorized or ErrForbidden.
func (s *Partnerships) Propose(ctx context.Context, p *wikicities.Partnership, note string) error {
	p.State = ""
	p.A.Kind = wikicities.PartyCommunity
	if err := p.Validate(); err != nil {
		return err
	}
	switch {
	case p.Type == wikicities.TypeInstitutional && p.B.Kind != wikicities.PartyInstitution:
		return wikicities.Invalidf("type", "an institutional partnership needs an institution as the other party")
	case p.Type == wikicities.TypeTwinning && p.B.Kind != wikicities.PartyCommunity:
		return wikicities.Invalidf("type", "a twinning partnership is between two communities")
	}
	to, err := wikicities.CheckTransition(p, wikicities.ActionPropose, wikicities.ActorFrom(ctx))
	if err != nil {
		return err
	}
	actor := wikicities.ActorFrom(ctx)
	return s.db.Update(ctx, func(tx *Tx) error {
		if p.A.Name, err = livePartyName(ctx, tx, "a.id", p.A); err != nil {
			return err
		}
		if p.B.Name, err = livePartyName(ctx, tx, "b.id", p.B); err != nil {
			return err
		}
		now := s.db.Now()
		var bc, bi any
		if p.B.Kind == wikicities.PartyCommunity {
			bc = p.B.ID
		} else {
			bi = p.B.ID
		}
		id, err := tx.InsertID(ctx, `INSERT INTO partnerships (a_community_id, b_community_id, b_institution_id, pair_key,
			kind, level, state, message, goals_json, languages_json, review_date, proposed_by, state_changed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.A.ID, bc, bi, pairKey(p.A.Ref(), p.B.Ref()), string(p.Type), string(p.Level), string(to), p.Message,
			partnershipJSONList(p.Agreement.Goals), partnershipJSONList(p.Agreement.Languages), nullUnix(p.Agreement.ReviewDate),
			actor.UserID, now.Unix(), now.Unix(), now.Unix())
		if errors.Is(err, wikicities.ErrConflict) {
			return fmt.Errorf("%w: %s and %s already have a partnership that is proposed, accepted, active or dormant",
				wikicities.ErrConflict, p.A.Name, p.B.Name)
		}
		if err != nil {
			return err
		}
		p.ID, p.State, p.Version, p.ProposedBy = id, to, 1, actor.UserID
		p.StateChangedAt, p.CreatedAt, p.UpdatedAt = now.Truncate(time.Second), now.Truncate(time.Second), now.Truncate(time.Second)
		p.LastActivity, p.NextActivity = time.Time{}, time.Time{}
		if p.Agreement.Goals == nil {
			p.Agreement.Goals = []string{}
		}
		if p.Agreement.Languages == nil {
			p.Agreement.Languages = []string{}
		}
		p.Responsibilities = []*wikicities.Responsibility{}
		if err := s.recordTransition(ctx, tx, id, wikicities.ActionPropose, "", to, note); err != nil {
			return err
		}
		return tx.Audit(ctx, "partnership", id, "propose", nil, p)
	})
}

func (s *Partnerships) recordTransition(ctx context.Context, tx *Tx, id int64, action wikicities.Action, from, to wikicities.State, note string) error {
	a := wikicities.ActorFrom(ctx)
	_, err := tx.Exec(ctx, `INSERT INTO partnership_history (partnership_id, at, actor_id, actor_name, action, from_state, to_state, note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, s.db.Now().Unix(), a.UserID, a.Username, string(action), string(from), string(to), note)
	return err
}

// bump moves a partnership to version+1 (and optionally a new state) if it
// is still at version. Returns *StaleError otherwise.
func (s *Partnerships) bump(ctx context.Context, tx *Tx, p *wikicities.Partnership, set string, args ...any) error {
	now := s.db.Now().Unix()
	q := `UPDATE partnerships SET ` + set + `updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`
	if err := execVersioned(ctx, tx, "partnership", p.ID, p.Version, q, append(args, now, p.ID, p.Version)...); err != nil {
		return err
	}
	p.Version++
	p.UpdatedAt = unixTime(now)
	return nil
}

// Transition performs action on partnership id for the actor in ctx. version
// 0 skips the caller's version check (the write is still guarded against a
// concurrent one). Returns *TransitionError (ErrConflict) for an action the
// state does not allow, *StaleError, ErrNotFound, ErrInvalid for an unknown
// action or a note over 2000 bytes, ErrUnauthorized, ErrForbidden.
func (s *Partnerships) Transition(ctx context.Context, id int64, action wikicities.Action, version int64, note string) (*wikicities.Partnership, error) {
	if len(note) > 2000 {
		return nil, wikicities.Invalidf("note", "is longer than 2000 bytes")
	}
	if action == wikicities.ActionPropose {
		return nil, wikicities.Invalidf("action", "propose creates a partnership; it is not a transition of partnership %d", id)
	}
	var out *wikicities.Partnership
	err := s.db.Update(ctx, func(tx *Tx) error {
		p, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if r := wikicities.Rule(action); r != nil { // who may act, before version and state: 403 before 409/412
			if err := r.By.Allowed(wikicities.ActorFrom(ctx), p); err != nil {
				return err
			}
		}
		if version != 0 && version != p.Version {
			return &wikicities.StaleError{Entity: "partnership", ID: id, Version: version}
		}
		if err := s.transition(ctx, tx, p, action, note); err != nil {
			return err
		}
		out = p
		return nil
	})
	return out, err
}

// transition checks and applies action to p inside tx.
func (s *Partnerships) transition(ctx context.Context, tx *Tx, p *wikicities.Partnership, action wikicities.Action, note string) error {
	to, err := wikicities.CheckTransition(p, action, wikicities.ActorFrom(ctx))
	if err != nil {
		return err
	}
	before := *p
	from := p.State
	now := s.db.Now().Unix()
	if err := s.bump(ctx, tx, p, `state = ?, state_changed_at = ?, `, string(to), now); err != nil {
		return err
	}
	p.State, p.StateChangedAt = to, unixTime(now)
	if action == wikicities.ActionAccept || action == wikicities.ActionRenew {
		p.StartedAt = p.StateChangedAt
	}
	if err := s.recordTransition(ctx, tx, p.ID, action, from, to, note); err != nil {
		return err
	}
	return tx.Audit(ctx, "partnership", p.ID, string(action),
		map[string]any{"state": from, "version": before.Version},
		map[string]any{"state": to, "version": p.Version, "note": note})
}

// editable reads partnership id in tx and checks that the actor in ctx may
// edit it (partnershipEditable). Returns ErrNotFound, ErrForbidden,
// ErrConflict.
func (s *Partnerships) editable(ctx context.Context, tx *Tx, id int64) (*wikicities.Partnership, error) {
	p, err := s.get(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := partnershipEditable(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// execVersioned runs an UPDATE or DELETE of one versioned record of entity,
// whose WHERE ends in "id = ? AND version = ?". Returns *StaleError when no
// row matched: the record is at another version (or gone).
func execVersioned(ctx context.Context, tx *Tx, entity string, id, version int64, query string, args ...any) error {
	res, err := tx.Exec(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &wikicities.StaleError{Entity: entity, ID: id, Version: version}
	}
	return nil
}

// partnershipEditable returns an error unless the actor in ctx may edit the agreement,
// responsibilities and activities of p: a coordinator of either party (or an
// admin), while p is not declined, withdrawn or ended.
func partnershipEditable(ctx context.Context, p *wikicities.Partnership) error {
	if err := wikicities.ByEitherParty.Allowed(wikicities.ActorFrom(ctx), p); err != nil {
		return err
	}
	switch p.State {
	case wikicities.StateDeclined, wikicities.StateWithdrawn, wikicities.StateEnded:
		return fmt.Errorf("%w: partnership %d is %s and can no longer change", wikicities.ErrConflict, p.ID, p.State)
	}
	return nil
}

// UpdateAgreement replaces the goals, languages and review date of
// partnership id if version is current, for a coordinator of either party.
// Returns *StaleError, ErrInvalid, ErrNotFound, ErrConflict for a closed
// partnership, ErrUnauthorized, ErrForbidden.
func (s *Partnerships) UpdateAgreement(ctx context.Context, id, version int64, ag wikicities.Agreement) (*wikicities.Partnership, error) {
	if err := ag.Validate(); err != nil {
		return nil, err
	}
	if ag.Goals == nil {
		ag.Goals = []string{}
	}
	if ag.Languages == nil {
		ag.Languages = []string{}
	}
	var out *wikicities.Partnership
	err := s.db.Update(ctx, func(tx *Tx) error {
		p, err := s.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		if version != p.Version {
			return &wikicities.StaleError{Entity: "partnership", ID: id, Version: version}
		}
		before := p.Agreement
		if err := s.bump(ctx, tx, p, `goals_json = ?, languages_json = ?, review_date = ?, `,
			partnershipJSONList(ag.Goals), partnershipJSONList(ag.Languages), nullUnix(ag.ReviewDate)); err != nil {
			return err
		}
		ag.ReviewDate = unixTime(nullUnix(ag.ReviewDate))
		p.Agreement = ag
		out = p
		return tx.Audit(ctx, "partnership", id, "update_agreement", before, ag)
	})
	return out, err
}

// liveStatesSQL is wikicities.LiveStates as a SQL list, "('proposed', ...)".
// Migration 00030's unique index of live pairs spells the same list
// (TestLiveStatesSQLIsTheUniqueIndexOfMigration30).
var liveStatesSQL = func() string {
	quoted := make([]string, len(wikicities.LiveStates))
	for i, s := range wikicities.LiveStates {
		quoted[i] = "'" + string(s) + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}()

// PartnerPairs lists the parties of every live partnership (wikicities.LiveStates),
// for matchmaking to leave out pairs that are already partners or about to be.
func (s *Partnerships) PartnerPairs(ctx context.Context) ([]wikicities.PartnershipParties, error) {
	rows, err := s.db.Query(ctx, `SELECT id, a_community_id, COALESCE(b_community_id, 0), COALESCE(b_institution_id, 0), state
		FROM partnerships WHERE state IN `+liveStatesSQL+` ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []wikicities.PartnershipParties{}
	for rows.Next() {
		var pp wikicities.PartnershipParties
		var bc, bi int64
		if err := rows.Scan(&pp.PartnershipID, &pp.A.ID, &bc, &bi, &pp.State); err != nil {
			return nil, err
		}
		pp.A.Kind = wikicities.PartyCommunity
		if bc != 0 {
			pp.B = wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: bc}
		} else {
			pp.B = wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: bi}
		}
		out = append(out, pp)
	}
	return out, rows.Err()
}

// LapseDormant moves every accepted or active partnership that
// pol.Lapses (quiet for pol.After since the latest of its last activity, its
// acceptance and its renewal, and never while an activity is planned) to
// dormant, as System, recording a note with the date of the last
// activity. It returns the partnerships it moved. A partnership changed
// concurrently is skipped and picked up by the next run.
func (s *Partnerships) LapseDormant(ctx context.Context, pol wikicities.DormancyPolicy) ([]*wikicities.Partnership, error) {
	if pol.After <= 0 {
		pol.After = wikicities.DefaultDormantAfter
	}
	ctx = wikicities.NewContext(ctx, wikicities.System)
	cands, _, err := s.Partnerships(ctx, wikicities.PartnershipFilter{
		States: []wikicities.State{wikicities.StateAccepted, wikicities.StateActive}, Limit: -1})
	if err != nil {
		return nil, err
	}
	now := s.db.Now()
	var out []*wikicities.Partnership
	for _, c := range cands {
		if !pol.Lapses(c, now) {
			continue
		}
		since := c.QuietSince()
		note := "no activity since " + since.Format(time.DateOnly)
		if !c.LastActivity.Equal(since) {
			note = fmt.Sprintf("no activity since %s (accepted or renewed then)", since.Format(time.DateOnly))
		}
		err := s.db.Update(ctx, func(tx *Tx) error {
			p, err := s.get(ctx, tx, c.ID)
			if err != nil {
				return err
			}
			if p.Version != c.Version {
				return &wikicities.StaleError{Entity: "partnership", ID: c.ID, Version: c.Version}
			}
			if err := s.transition(ctx, tx, p, wikicities.ActionLapse, note); err != nil {
				return err
			}
			c = p
			return nil
		})
		if errors.Is(err, wikicities.ErrConflict) {
			continue // changed meanwhile (an activity, an end): the next run decides again
		}
		if err != nil {
			return out, fmt.Errorf("partnership %d: %w", c.ID, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// News lists the latest items of the partnership news feed, newest first:
// acceptances, activations, lapses, renewals and endings, and activities
// that have taken place. Proposals, declines and withdrawals are not news
// (they are between the two parties). With party set, only its partnerships.
func (s *Partnerships) News(ctx context.Context, party *wikicities.PartyRef, limit int) ([]*wikicities.NewsItem, error) {
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	cond, args := ``, []any{}
	if party != nil {
		if party.Kind == wikicities.PartyCommunity {
			cond, args = ` AND (p.a_community_id = ? OR p.b_community_id = ?)`, []any{party.ID, party.ID}
		} else {
			cond, args = ` AND p.b_institution_id = ?`, []any{party.ID}
		}
	}
	parties := `p.id, p.a_community_id, ca.name, COALESCE(p.b_community_id, 0), COALESCE(p.b_institution_id, 0), COALESCE(cb.name, ib.name, '')`
	joins := ` FROM partnerships p JOIN communities ca ON ca.id = p.a_community_id
		LEFT JOIN communities cb ON cb.id = p.b_community_id LEFT JOIN institutions ib ON ib.id = p.b_institution_id`
	scanParties := func(it *wikicities.NewsItem, bc, bi int64) {
		it.A.Kind = wikicities.PartyCommunity
		if bc != 0 {
			it.B.Kind, it.B.ID = wikicities.PartyCommunity, bc
		} else {
			it.B.Kind, it.B.ID = wikicities.PartyInstitution, bi
		}
	}
	var out []*wikicities.NewsItem
	rows, err := s.db.Query(ctx, `SELECT h.id, h.at, h.action, h.note, `+parties+joins+`
		JOIN partnership_history h ON h.partnership_id = p.id
		WHERE h.action IN ('accept', 'activate', 'lapse', 'renew', 'end')`+cond+` ORDER BY h.at DESC, h.id DESC LIMIT ?`,
		append(slices.Clone(args), limit)...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var it wikicities.NewsItem
		var hid, at, bc, bi int64
		if err := rows.Scan(&hid, &at, &it.Action, &it.Note, &it.PartnershipID, &it.A.ID, &it.A.Name, &bc, &bi, &it.B.Name); err != nil {
			rows.Close()
			return nil, err
		}
		scanParties(&it, bc, bi)
		it.At, it.Key = unixTime(at), fmt.Sprintf("history-%d", hid)
		out = append(out, &it)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = s.db.Query(ctx, `SELECT `+activityColumnsQualified+`, `+parties+joins+`
		JOIN partnership_activities a ON a.partnership_id = p.id
		WHERE a.starts_at <= ?`+cond+` ORDER BY a.starts_at DESC, a.id DESC LIMIT ?`,
		append(append([]any{s.db.Now().Unix()}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var it wikicities.NewsItem
		var bc, bi int64
		a, err := scanActivity(rows, &it.PartnershipID, &it.A.ID, &it.A.Name, &bc, &bi, &it.B.Name)
		if err != nil {
			return nil, err
		}
		scanParties(&it, bc, bi)
		it.Activity, it.At, it.Key = a, a.Start, fmt.Sprintf("activity-%d", a.ID)
		out = append(out, &it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// PartyName returns the name of a community or institution. Returns
// ErrNotFound.
func (s *Partnerships) PartyName(ctx context.Context, p wikicities.PartyRef) (string, error) {
	table := "communities"
	switch p.Kind {
	case wikicities.PartyCommunity:
	case wikicities.PartyInstitution:
		table = "institutions"
	default:
		return "", wikicities.Invalidf("kind", "%q is not community or institution", p.Kind)
	}
	var name string
	if err := mapErr(s.db.QueryRow(ctx, `SELECT name FROM `+table+` WHERE id = ?`, p.ID).Scan(&name)); err != nil {
		return "", fmt.Errorf("%s %d: %w", p.Kind, p.ID, err)
	}
	return name, nil
}
