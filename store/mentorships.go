package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mentoring"
)

// Mentorships is the SQL implementation of wikicities.MentorshipService.
type Mentorships struct{ db *DB }

var _ wikicities.MentorshipService = (*Mentorships)(nil)

// Mentorships returns the mentorships service.
func (d *DB) Mentorships() *Mentorships { return &Mentorships{db: d} }

const mentorshipColumns = `id, holder_kind, mentor_id, mentee_id, capacity, state, months, goals, created_at, state_changed_at, ends_at`

// openStates are the states in which a pair may not ask again.
const openStates = `('requested', 'accepted', 'active')`

func scanMentorship(sc interface{ Scan(...any) error }) (*wikicities.Mentorship, error) {
	var m wikicities.Mentorship
	var created, changed, ends int64
	if err := sc.Scan(&m.ID, &m.Kind, &m.Mentor, &m.Mentee, &m.Capacity, &m.State, &m.Months, &m.Goals, &created, &changed, &ends); err != nil {
		return nil, mapErr(err)
	}
	m.CreatedAt, m.StateChangedAt, m.EndsAt = unixTime(created), unixTime(changed), unixTime(ends)
	m.CheckIns = []*wikicities.CheckIn{}
	return &m, nil
}

// RequestMentorship records m, asked by the mentee side (the person, or a
// coordinator of the group), and sets its ID, state and times. The mentor
// must have the capacity available, be present and below their mentee
// limit. Returns ErrInvalid, ErrConflict when the pair has an open
// mentorship in that capacity, ErrNotFound, ErrUnauthorized, ErrForbidden.
func (s *Mentorships) RequestMentorship(ctx context.Context, m *wikicities.Mentorship) error {
	mentee := wikicities.Holder{Kind: m.Kind, ID: m.Mentee}
	if err := requireHolder(ctx, mentee); err != nil {
		return err
	}
	var v wikicities.ValidationErrors
	if m.Months == 0 {
		m.Months = mentoring.DefaultMonths
	}
	if m.Months < mentoring.MinMonths || m.Months > mentoring.MaxMonths {
		v.Add("months", "%d is outside %d to %d", m.Months, mentoring.MinMonths, mentoring.MaxMonths).Because(wikicities.ProblemNumberRange, mentoring.MinMonths, mentoring.MaxMonths)
	}
	if m.Mentor == m.Mentee {
		v.Add("mentor", "nobody mentors themself")
	}
	m.Goals = strings.TrimSpace(m.Goals)
	if len(m.Goals) > 2000 {
		v.Add("goals", "must be at most 2000 bytes").Because(wikicities.ProblemTooLong, 2000)
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.db.Now()
	return s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if m.MenteeName, err = tx.holderName(ctx, mentee); err != nil {
			return err
		}
		mentor := wikicities.Holder{Kind: m.Kind, ID: m.Mentor}
		if m.MentorName, err = tx.holderName(ctx, mentor); err != nil {
			return err
		}
		all, err := tx.holderCapacities(ctx, `WHERE holder_kind = ? AND holder_id = ?`, string(m.Kind), m.Mentor)
		if err != nil {
			return err
		}
		if len(all) == 0 || !slices.Contains(all[0].Available, m.Capacity) {
			return wikicities.ValidationErrors{(&wikicities.FieldError{Field: "capacity", Message: fmt.Sprintf("%s does not have %q available", m.MentorName, m.Capacity)}).
				Because(wikicities.ProblemMentorUnavailable, m.MentorName, m.Capacity)}
		}
		if awayAt(all[0].AwayUntil, now) {
			return wikicities.ValidationErrors{(&wikicities.FieldError{Field: "mentor", Message: fmt.Sprintf("%s is away until %s", m.MentorName, all[0].AwayUntil.Format("2006-01-02"))}).
				Because(wikicities.ProblemMentorAway, m.MentorName, all[0].AwayUntil)}
		}
		var open, mentees int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM mentorships WHERE holder_kind = ? AND mentor_id = ? AND mentee_id = ? AND capacity = ? AND state IN `+openStates,
			string(m.Kind), m.Mentor, m.Mentee, m.Capacity).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return fmt.Errorf("%w: %s already has an open mentorship with %s in %q", wikicities.ErrConflict, m.MenteeName, m.MentorName, m.Capacity)
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM mentorships WHERE holder_kind = ? AND mentor_id = ? AND state IN ('accepted', 'active')`,
			string(m.Kind), m.Mentor).Scan(&mentees); err != nil {
			return err
		}
		if limit := all[0].MenteeLimit; limit > 0 && mentees >= limit {
			return wikicities.ValidationErrors{(&wikicities.FieldError{Field: "mentor", Message: fmt.Sprintf("%s takes %d mentees at a time and has %d", m.MentorName, limit, mentees)}).
				Because(wikicities.ProblemMentorFull, m.MentorName, limit)}
		}
		m.State, m.CreatedAt, m.StateChangedAt = wikicities.MentorshipRequested, unixTime(now.Unix()), unixTime(now.Unix())
		m.CheckIns = []*wikicities.CheckIn{}
		m.ID, err = tx.InsertID(ctx, `INSERT INTO mentorships (holder_kind, mentor_id, mentee_id, capacity, state, months, goals, requested_by, created_at, state_changed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(m.Kind), m.Mentor, m.Mentee, m.Capacity, string(m.State), m.Months, m.Goals,
			wikicities.ActorFrom(ctx).UserID, now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		return tx.Audit(ctx, "mentorship", m.ID, "request", nil, m)
	})
}

// get reads mentorship id with its names and check-ins.
func (s *Mentorships) get(ctx context.Context, tx *Tx, id int64) (*wikicities.Mentorship, error) {
	m, err := scanMentorship(tx.QueryRow(ctx, `SELECT `+mentorshipColumns+` FROM mentorships WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("mentorship %d: %w", id, err)
	}
	if m.MentorName, err = tx.holderName(ctx, wikicities.Holder{Kind: m.Kind, ID: m.Mentor}); err != nil {
		return nil, err
	}
	if m.MenteeName, err = tx.holderName(ctx, wikicities.Holder{Kind: m.Kind, ID: m.Mentee}); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT id, author_name, note, created_at FROM mentorship_checkins WHERE mentorship_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var c wikicities.CheckIn
		var at int64
		if err := rows.Scan(&c.ID, &c.Author, &c.Note, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = unixTime(at)
		m.CheckIns = append(m.CheckIns, &c)
	}
	return m, rows.Err()
}

// Mentorship returns mentorship id. Returns ErrNotFound.
func (s *Mentorships) Mentorship(ctx context.Context, id int64) (*wikicities.Mentorship, error) {
	var m *wikicities.Mentorship
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		m, err = s.get(ctx, tx, id)
		return err
	})
	return m, err
}

// Mentorships lists h's mentorships, as mentor or mentee, newest first.
func (s *Mentorships) Mentorships(ctx context.Context, h wikicities.Holder) ([]*wikicities.Mentorship, error) {
	out := []*wikicities.Mentorship{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM mentorships WHERE holder_kind = ? AND (mentor_id = ? OR mentee_id = ?) ORDER BY id DESC`, string(h.Kind), h.ID, h.ID)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			m, err := s.get(ctx, tx, id)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// role is the side the actor in ctx may act for in m; admins act as the
// mentor. Returns ErrUnauthorized or ErrForbidden for outsiders.
func role(ctx context.Context, m *wikicities.Mentorship) (mentoring.Role, error) {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return "", err
	}
	if requireHolder(ctx, wikicities.Holder{Kind: m.Kind, ID: m.Mentor}) == nil {
		return mentoring.Mentor, nil
	}
	if requireHolder(ctx, wikicities.Holder{Kind: m.Kind, ID: m.Mentee}) == nil {
		return mentoring.Mentee, nil
	}
	return "", fmt.Errorf("%w: only the mentor and the mentee act on a mentorship", wikicities.ErrForbidden)
}

// MentorshipAction applies action by the actor's side, following
// mentoring.Next; starting sets the planned end. Returns ErrInvalid for an
// unknown action, ErrConflict, ErrNotFound, ErrUnauthorized, ErrForbidden.
func (s *Mentorships) MentorshipAction(ctx context.Context, id int64, action string) (*wikicities.Mentorship, error) {
	if !slices.Contains(mentoring.Actions, mentoring.Action(action)) {
		return nil, wikicities.ValidationErrors{{Field: "action", Message: fmt.Sprintf("%q is not one of accept, start, complete, cancel", action)}}
	}
	var out *wikicities.Mentorship
	err := s.db.Update(ctx, func(tx *Tx) error {
		m, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		r, err := role(ctx, m)
		if err != nil {
			return err
		}
		next, err := mentoring.Next(m.State, mentoring.Action(action), r)
		if err != nil {
			return err
		}
		now := s.db.Now()
		ends := m.EndsAt
		if next == wikicities.MentorshipActive {
			if ends, err = mentoring.EndOf(now, m.Months); err != nil {
				return err
			}
		}
		before := *m
		if _, err := tx.Exec(ctx, `UPDATE mentorships SET state = ?, state_changed_at = ?, ends_at = ? WHERE id = ?`,
			string(next), now.Unix(), nullUnix(ends), id); err != nil {
			return err
		}
		m.State, m.StateChangedAt, m.EndsAt = next, unixTime(now.Unix()), unixTime(nullUnix(ends))
		out = m
		return tx.Audit(ctx, "mentorship", id, action, before, m)
	})
	return out, err
}

// AddCheckIn logs note on active mentorship id by either side. When the
// mentorship is between two groups in an accepted, active or dormant
// partnership, the check-in is also logged as an online meeting of that
// partnership (it counts towards its last activity and health). Returns
// ErrInvalid, ErrConflict when the mentorship is not active, ErrNotFound,
// ErrUnauthorized, ErrForbidden.
func (s *Mentorships) AddCheckIn(ctx context.Context, id int64, note string) (*wikicities.CheckIn, error) {
	note = strings.TrimSpace(note)
	var v wikicities.ValidationErrors
	switch {
	case note == "":
		v.Add("note", "is empty").Because(wikicities.ProblemRequired)
	case len(note) > 4000:
		v.Add("note", "is longer than 4000 bytes").Because(wikicities.ProblemTooLong, 4000)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var c *wikicities.CheckIn
	err := s.db.Update(ctx, func(tx *Tx) error {
		m, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := role(ctx, m); err != nil {
			return err
		}
		if m.State != wikicities.MentorshipActive {
			return fmt.Errorf("%w: check-ins are logged on active mentorships; this one is %s", wikicities.ErrConflict, m.State)
		}
		a := wikicities.ActorFrom(ctx)
		now := s.db.Now()
		c = &wikicities.CheckIn{Author: a.Username, Note: note, CreatedAt: unixTime(now.Unix())}
		if c.ID, err = tx.InsertID(ctx, `INSERT INTO mentorship_checkins (mentorship_id, author_id, author_name, note, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, a.UserID, a.Username, note, now.Unix()); err != nil {
			return err
		}
		if m.Kind == wikicities.HolderGroup {
			if c.ActivityID, err = tx.mentoringActivity(ctx, m, now.Unix()); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "mentorship_checkin", c.ID, "create", nil, c)
	})
	return c, err
}

// mentoringActivity logs a check-in of group mentorship m as an online
// meeting of the live partnership between its two groups, if any, the way
// every activity is logged (Partnerships.logActivity: audited, and the
// first one makes an accepted partnership active); it returns the
// activity's id or 0.
func (t *Tx) mentoringActivity(ctx context.Context, m *wikicities.Mentorship, at int64) (int64, error) {
	var pid int64
	err := t.QueryRow(ctx, `SELECT id FROM partnerships WHERE state IN ('accepted', 'active', 'dormant')
		AND ((a_community_id = ? AND b_community_id = ?) OR (a_community_id = ? AND b_community_id = ?)) ORDER BY id LIMIT 1`,
		m.Mentor, m.Mentee, m.Mentee, m.Mentor).Scan(&pid)
	if err != nil {
		if err = mapErr(err); err == wikicities.ErrNotFound {
			return 0, nil
		}
		return 0, err
	}
	ps := t.db.Partnerships()
	p, err := ps.get(ctx, t, pid)
	if err != nil {
		return 0, err
	}
	a := &wikicities.Activity{PartnershipID: pid, Kind: wikicities.ActivityOnlineMeeting, Start: unixTime(at),
		Title: fmt.Sprintf("Mentoring check-in: %s mentors %s in %s", m.MentorName, m.MenteeName, m.Capacity)}
	normalizeActivity(a)
	if err := ps.logActivity(ctx, t, p, a); err != nil {
		return 0, err
	}
	return a.ID, nil
}
