package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/eventfeed"
)

// Events implements wikicities.EventService.
type Events struct{ db *DB }

// Events returns the event service of d.
func (d *DB) Events() *Events { return &Events{db: d} }

var _ wikicities.EventService = (*Events)(nil)

const eventColumns = `ev.id, ev.title, ev.description, ev.type, ev.mode, ev.status, ev.language, ev.time_zone,
	ev.starts_at, ev.ends_at, ev.rrule, COALESCE(ev.city_id, 0), COALESCE(ci.name, ''), COALESCE(ci.country, ''),
	ev.address, ev.openstreetmap, ev.online_url, ev.capacity, ev.waitlist, ev.registration, ev.registration_closes,
	ev.questions_json, COALESCE(ev.edition_id, 0), COALESCE(ed.campaign_id, 0), COALESCE(ca.name, ''),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = ev.id AND r.state = 'registered'),
	(SELECT COUNT(*) FROM event_registrations r WHERE r.event_id = ev.id AND r.state = 'waitlisted'),
	ev.created_by, ev.version, ev.created_at, ev.updated_at`

const eventFrom = ` FROM events ev LEFT JOIN cities ci ON ci.id = ev.city_id
	LEFT JOIN campaign_editions ed ON ed.id = ev.edition_id LEFT JOIN campaigns ca ON ca.id = ed.campaign_id`

func scanEvent(sc scanner) (*wikicities.Event, error) {
	var e wikicities.Event
	var start, end, closes, created, updated int64
	var waitlist int
	var questions string
	if err := sc.Scan(&e.ID, &e.Title, &e.Description, &e.Type, &e.Mode, &e.Status, &e.Language, &e.TimeZone,
		&start, &end, &e.RRule, &e.CityID, &e.CityName, &e.Country, &e.Address, &e.OpenStreetMap, &e.OnlineURL,
		&e.Capacity, &waitlist, &e.Registration, &closes, &questions, &e.EditionID, &e.CampaignID, &e.CampaignName,
		&e.Registered, &e.Waitlisted, &e.CreatedBy, &e.Version, &created, &updated); err != nil {
		return nil, mapErr(err)
	}
	e.Start, e.End, e.RegistrationCloses = unixTime(start), unixTime(end), unixTime(closes)
	e.CreatedAt, e.UpdatedAt, e.Waitlist = unixTime(created), unixTime(updated), waitlist != 0
	if err := json.Unmarshal([]byte(questions), &e.Questions); err != nil {
		return nil, fmt.Errorf("event %d: questions_json: %w", e.ID, err)
	}
	return &e, nil
}

// event loads event id with its organisers; lock takes the row lock of a
// PostgreSQL write transaction (SQLite writers hold the database lock).
func (s *Events) event(ctx context.Context, r partnershipReader, id int64, lock bool) (*wikicities.Event, error) {
	if lock && s.db.dialect == Postgres {
		var one int
		if err := r.QueryRow(ctx, `SELECT 1 FROM events WHERE id = ? FOR UPDATE`, id).Scan(&one); err != nil {
			return nil, fmt.Errorf("event %d: %w", id, mapErr(err))
		}
	}
	e, err := scanEvent(r.QueryRow(ctx, `SELECT `+eventColumns+eventFrom+` WHERE ev.id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("event %d: %w", id, err)
	}
	return e, organisers(ctx, r, []*wikicities.Event{e})
}

// organisers sets the organising groups of es, by name, in one query.
func organisers(ctx context.Context, r partnershipReader, es []*wikicities.Event) error {
	if len(es) == 0 {
		return nil
	}
	byID := make(map[int64]*wikicities.Event, len(es))
	for _, e := range es {
		e.Organisers = []wikicities.Party{}
		byID[e.ID] = e
	}
	rows, err := r.Query(ctx, `SELECT o.event_id, c.id, c.name FROM event_organisers o JOIN communities c ON c.id = o.community_id
		WHERE o.event_id IN (`+idList(es, func(e *wikicities.Event) int64 { return e.ID })+`) ORDER BY c.name, c.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		p := wikicities.Party{Kind: wikicities.PartyCommunity}
		if err := rows.Scan(&id, &p.ID, &p.Name); err != nil {
			return err
		}
		e := byID[id]
		e.Organisers = append(e.Organisers, p)
	}
	return rows.Err()
}

// Event returns the event with id.
func (s *Events) Event(ctx context.Context, id int64) (*wikicities.Event, error) {
	var e *wikicities.Event
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		e, err = s.event(ctx, tx, id, false)
		return err
	})
	return e, err
}

// CreateEvent adds e for an actor who coordinates every organising group.
func (s *Events) CreateEvent(ctx context.Context, e *wikicities.Event) error {
	if e.Status == "" {
		e.Status = wikicities.EventScheduled
	}
	if err := e.Validate(); err != nil {
		return err
	}
	if err := eventfeed.CheckRRule(e.RRule); err != nil {
		return err
	}
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	for _, o := range e.Organisers {
		if !a.CoordinatorOf(o.Ref()) {
			return fmt.Errorf("%w: you do not coordinate organiser %d; each organising group's coordinator acts for it", wikicities.ErrForbidden, o.ID)
		}
	}
	if e.Questions == nil {
		e.Questions = []wikicities.Question{}
	}
	questions, _ := json.Marshal(e.Questions)
	return s.db.Update(ctx, func(tx *Tx) error {
		for i, o := range e.Organisers {
			if _, _, _, err := communityPlace(ctx, tx, o.ID); err != nil {
				return fmt.Errorf("organisers[%d]: %w", i, err)
			}
		}
		var city, edition any
		if e.CityID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cities WHERE id = ?`, e.CityID).Scan(&n); err != nil || n == 0 {
				return fmt.Errorf("city_id: city %d: %w", e.CityID, wikicities.ErrNotFound)
			}
			city = e.CityID
		}
		if e.EditionID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_editions WHERE id = ?`, e.EditionID).Scan(&n); err != nil || n == 0 {
				return fmt.Errorf("edition_id: edition %d: %w", e.EditionID, wikicities.ErrNotFound)
			}
			edition = e.EditionID
		}
		now := s.db.Now().Unix()
		id, err := tx.InsertID(ctx, `INSERT INTO events (title, description, type, mode, status, language, time_zone, starts_at,
			ends_at, rrule, city_id, address, openstreetmap, online_url, capacity, waitlist, registration, registration_closes,
			questions_json, edition_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Title, e.Description, string(e.Type), string(e.Mode), string(e.Status), e.Language, e.TimeZone, e.Start.Unix(),
			e.End.Unix(), e.RRule, city, e.Address, e.OpenStreetMap, e.OnlineURL, e.Capacity, boolInt(e.Waitlist),
			string(e.Registration), nullUnix(e.RegistrationCloses), string(questions), edition, a.UserID, now, now)
		if err != nil {
			return err
		}
		for _, o := range e.Organisers {
			if _, err := tx.Exec(ctx, `INSERT INTO event_organisers (event_id, community_id) VALUES (?, ?)`, id, o.ID); err != nil {
				if isDuplicate(err) {
					return wikicities.Invalidf("organisers", "names group %d twice", o.ID)
				}
				return err
			}
		}
		got, err := s.event(ctx, tx, id, false)
		if err != nil {
			return err
		}
		*e = *got
		return tx.Audit(ctx, "event", id, "create", nil, e)
	})
}

// Events lists the events f selects, soonest first (at most f.Limit, 200
// by default).
func (s *Events) Events(ctx context.Context, f wikicities.EventFilter) ([]*wikicities.Event, error) {
	var where []string
	var args []any
	add := func(cond string, a ...any) { where, args = append(where, cond), append(args, a...) }
	if !f.From.IsZero() {
		add(`ev.ends_at > ?`, f.From.Unix())
	}
	if !f.To.IsZero() {
		add(`ev.starts_at < ?`, f.To.Unix())
	}
	if f.Edition != 0 {
		add(`ev.edition_id = ?`, f.Edition)
	}
	if f.Campaign != 0 {
		add(`ed.campaign_id = ?`, f.Campaign)
	}
	if f.Organiser != 0 {
		add(`ev.id IN (SELECT event_id FROM event_organisers WHERE community_id = ?)`, f.Organiser)
	}
	if f.Country != "" {
		add(`LOWER(ci.country) = ?`, strings.ToLower(f.Country)) // as the city and directory filters
	}
	if len(f.CityIDs) > 0 {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(f.CityIDs)), ", ")
		for _, id := range f.CityIDs {
			args = append(args, id)
		}
		where = append(where, `ev.city_id IN (`+marks+`)`)
	}
	if f.Type != "" {
		add(`ev.type = ?`, string(f.Type))
	}
	if f.Language != "" {
		add(`ev.language = ?`, f.Language)
	}
	if f.Mode != "" {
		add(`ev.mode IN (?, 'hybrid')`, string(f.Mode))
	}
	q := `SELECT ` + eventColumns + eventFrom
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	var out []*wikicities.Event
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.each(ctx, q+` ORDER BY ev.starts_at, ev.id LIMIT ?`, func(sc scanner) error {
			e, err := scanEvent(sc)
			out = append(out, e)
			return err
		}, append(args, limit)...)
		if err != nil {
			return err
		}
		return organisers(ctx, tx, out)
	})
	return out, err
}

// CancelEvent cancels an event for its organisers; registrations stay,
// and nobody moves up from the waitlist any more.
func (s *Events) CancelEvent(ctx context.Context, id, version int64) (*wikicities.Event, error) {
	var e *wikicities.Event
	err := s.db.Update(ctx, func(tx *Tx) error {
		var err error
		if e, err = s.event(ctx, tx, id, true); err != nil {
			return err
		}
		if version == 0 { // unconditional: the current version
			version = e.Version
		}
		if err := e.RequireOrganiser(wikicities.ActorFrom(ctx)); err != nil {
			return err
		}
		if e.Status == wikicities.EventCancelled {
			return fmt.Errorf("%w: event %d is cancelled already", wikicities.ErrConflict, id)
		}
		if err := execVersioned(ctx, tx, "event", id, version, `UPDATE events SET status = 'cancelled', version = version + 1,
			updated_at = ? WHERE id = ? AND version = ?`, s.db.Now().Unix(), id, version); err != nil {
			return err
		}
		before := *e
		e.Status, e.Version = wikicities.EventCancelled, e.Version+1
		return tx.Audit(ctx, "event", id, "cancel", before, e)
	})
	return e, err
}

// Register registers the actor for an event. The event row is locked (a
// PostgreSQL FOR UPDATE; SQLite writers hold the database's write lock from
// BEGIN) before the places are counted, so that two registrations cannot
// both take the last place.
func (s *Events) Register(ctx context.Context, eventID int64, answers []int) (*wikicities.Registration, error) {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return nil, err
	}
	if a.UserID == 0 {
		return nil, fmt.Errorf("%w: registration is for an account", wikicities.ErrForbidden)
	}
	var reg *wikicities.Registration
	err := s.db.Update(ctx, func(tx *Tx) error {
		e, err := s.event(ctx, tx, eventID, true)
		if err != nil {
			return err
		}
		if err := e.ValidateAnswers(answers); err != nil {
			return err
		}
		var state string
		err = tx.QueryRow(ctx, `SELECT state FROM event_registrations WHERE event_id = ? AND user_id = ?`, eventID, a.UserID).Scan(&state)
		switch err = mapErr(err); {
		case err == nil && state != string(wikicities.RegistrationCancelled):
			return fmt.Errorf("%w: you are %s for event %d already", wikicities.ErrConflict, state, eventID)
		case err != nil && !errors.Is(err, wikicities.ErrNotFound):
			return err
		}
		to, err := e.Join(s.db.Now(), e.Registered)
		if err != nil {
			return err
		}
		// A cancelled registration is replaced, so that a comeback joins
		// the back of the line (the line is in id order).
		if _, err := tx.Exec(ctx, `DELETE FROM event_registrations WHERE event_id = ? AND user_id = ?`, eventID, a.UserID); err != nil {
			return err
		}
		raw, _ := json.Marshal(append([]int{}, answers...))
		now := s.db.Now().Unix()
		id, err := tx.InsertID(ctx, `INSERT INTO event_registrations (event_id, user_id, state, answers_json, queued_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, eventID, a.UserID, string(to), string(raw), now, now)
		if err != nil {
			return err
		}
		if reg, err = registration(ctx, tx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "event_registration", id, "create", nil, map[string]any{"event_id": eventID, "state": to})
	})
	return reg, err
}

const registrationColumns = `r.id, r.event_id, r.user_id, u.username, r.state, r.answers_json, r.created_at, r.promoted_at,
	CASE WHEN r.state = 'waitlisted' THEN (SELECT COUNT(*) FROM event_registrations w
		WHERE w.event_id = r.event_id AND w.state = 'waitlisted' AND w.id <= r.id) ELSE 0 END`

func scanRegistration(sc scanner) (*wikicities.Registration, error) {
	var r wikicities.Registration
	var raw string
	var created, promoted int64
	if err := sc.Scan(&r.ID, &r.EventID, &r.UserID, &r.Username, &r.State, &raw, &created, &promoted, &r.Position); err != nil {
		return nil, mapErr(err)
	}
	r.CreatedAt, r.PromotedAt = unixTime(created), unixTime(promoted)
	if err := json.Unmarshal([]byte(raw), &r.Answers); err != nil {
		return nil, fmt.Errorf("registration %d: answers_json: %w", r.ID, err)
	}
	return &r, nil
}

func registration(ctx context.Context, r partnershipReader, id int64) (*wikicities.Registration, error) {
	return scanRegistration(r.QueryRow(ctx, `SELECT `+registrationColumns+` FROM event_registrations r
		JOIN users u ON u.id = r.user_id WHERE r.id = ?`, id))
}

// registrations lists the registrations of an event that are not
// cancelled: those holding a place, then those waiting, in line order.
func registrations(ctx context.Context, r partnershipReader, eventID int64) ([]*wikicities.Registration, error) {
	rows, err := r.Query(ctx, `SELECT `+registrationColumns+` FROM event_registrations r JOIN users u ON u.id = r.user_id
		WHERE r.event_id = ? AND r.state <> 'cancelled' ORDER BY r.state, r.id`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*wikicities.Registration
	for rows.Next() {
		reg, err := scanRegistration(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, reg)
	}
	return out, rows.Err()
}

// CancelRegistration cancels the registration of userID and moves the
// first people waiting up to the places that are free.
func (s *Events) CancelRegistration(ctx context.Context, eventID, userID int64) ([]*wikicities.Registration, error) {
	var promoted []*wikicities.Registration
	err := s.db.Update(ctx, func(tx *Tx) error {
		e, err := s.event(ctx, tx, eventID, true)
		if err != nil {
			return err
		}
		var id int64
		var state string
		if err := tx.QueryRow(ctx, `SELECT id, state FROM event_registrations WHERE event_id = ? AND user_id = ?`,
			eventID, userID).Scan(&id, &state); err != nil {
			return fmt.Errorf("registration of account %d for event %d: %w", userID, eventID, mapErr(err))
		}
		if err := e.CanCancelRegistration(wikicities.ActorFrom(ctx), &wikicities.Registration{UserID: userID}); err != nil {
			return err
		}
		if state == string(wikicities.RegistrationCancelled) {
			return fmt.Errorf("%w: the registration is cancelled already", wikicities.ErrConflict)
		}
		if _, err := tx.Exec(ctx, `UPDATE event_registrations SET state = 'cancelled' WHERE id = ?`, id); err != nil {
			return err
		}
		if state == string(wikicities.Registered) {
			e.Registered--
		} else {
			e.Waitlisted--
		}
		if err := tx.Audit(ctx, "event_registration", id, "cancel", map[string]string{"state": state}, nil); err != nil {
			return err
		}
		promoted, err = s.promote(ctx, tx, e)
		return err
	})
	return promoted, err
}

// promote moves the head of e's waitlist up to the free places.
func (s *Events) promote(ctx context.Context, tx *Tx, e *wikicities.Event) ([]*wikicities.Registration, error) {
	n := e.Promotions(e.Registered, e.Waitlisted)
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT id FROM event_registrations WHERE event_id = ? AND state = 'waitlisted'
		ORDER BY id LIMIT ?`, e.ID, n)
	if err != nil {
		return nil, err
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return nil, err
	}
	var out []*wikicities.Registration
	for _, id := range ids {
		if _, err := tx.Exec(ctx, `UPDATE event_registrations SET state = 'registered', promoted_at = ? WHERE id = ?`,
			s.db.Now().Unix(), id); err != nil {
			return nil, err
		}
		r, err := registration(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if err := tx.Audit(ctx, "event_registration", id, "promote", nil, map[string]any{"event_id": e.ID}); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Registrations lists who registered, for whoever may see the list.
func (s *Events) Registrations(ctx context.Context, eventID int64) ([]*wikicities.Registration, error) {
	var out []*wikicities.Registration
	err := s.db.View(ctx, func(tx *Tx) error {
		e, err := s.event(ctx, tx, eventID, false)
		if err != nil {
			return err
		}
		if a := wikicities.ActorFrom(ctx); !e.CanSeeParticipants(a) {
			if !a.SignedIn() {
				return wikicities.ErrUnauthorized
			}
			return fmt.Errorf("%w: the list of participants of event %d is private to its organisers", wikicities.ErrForbidden, eventID)
		}
		out, err = registrations(ctx, tx, eventID)
		for _, r := range out {
			r.Answers = nil
		}
		return err
	})
	return out, err
}

// MyRegistration returns the actor's registration for an event.
func (s *Events) MyRegistration(ctx context.Context, eventID int64) (*wikicities.Registration, error) {
	a := wikicities.ActorFrom(ctx)
	if a.UserID == 0 {
		return nil, wikicities.ErrNotFound
	}
	var id int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM event_registrations WHERE event_id = ? AND user_id = ?`, eventID, a.UserID).Scan(&id); err != nil {
		return nil, mapErr(err)
	}
	return registration(ctx, s.db, id)
}

// Answers returns the answers of an event in aggregate, for its organisers.
func (s *Events) Answers(ctx context.Context, eventID int64) ([]wikicities.AnswerSummary, error) {
	var out []wikicities.AnswerSummary
	err := s.db.View(ctx, func(tx *Tx) error {
		e, err := s.event(ctx, tx, eventID, false)
		if err != nil {
			return err
		}
		if err := e.RequireOrganiser(wikicities.ActorFrom(ctx)); err != nil {
			return err
		}
		regs, err := registrations(ctx, tx, eventID)
		if err != nil {
			return err
		}
		out = e.AnswerCounts(regs)
		return nil
	})
	return out, err
}

// UpdateEvent saves e's description, time, place and registration
// settings at e.Version, for its organisers; its organisers, status and
// registrations stay. Places that a larger capacity frees go to the first
// people waiting, who are returned. Returns ErrInvalid (also for a
// capacity below the people registered), ErrNotFound, ErrUnauthorized,
// ErrForbidden, ErrConflict for a cancelled event, ErrStale.
func (s *Events) UpdateEvent(ctx context.Context, e *wikicities.Event) ([]*wikicities.Registration, error) {
	if err := eventfeed.CheckRRule(e.RRule); err != nil {
		return nil, err
	}
	if e.Questions == nil {
		e.Questions = []wikicities.Question{}
	}
	var promoted []*wikicities.Registration
	err := s.db.Update(ctx, func(tx *Tx) error {
		cur, err := s.event(ctx, tx, e.ID, true)
		if err != nil {
			return err
		}
		if err := cur.RequireOrganiser(wikicities.ActorFrom(ctx)); err != nil {
			return err
		}
		if cur.Status == wikicities.EventCancelled {
			return fmt.Errorf("%w: event %d is cancelled and can no longer change", wikicities.ErrConflict, e.ID)
		}
		e.Organisers, e.Status, e.EditionID = cur.Organisers, cur.Status, cur.EditionID
		if err := e.Validate(); err != nil {
			return err
		}
		if e.Capacity > 0 && e.Capacity < cur.Registered {
			return wikicities.Invalidf("capacity", "%d is below the %d people registered", e.Capacity, cur.Registered)
		}
		if e.CityID != 0 {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cities WHERE id = ?`, e.CityID).Scan(&n); err != nil || n == 0 {
				return fmt.Errorf("city_id: city %d: %w", e.CityID, wikicities.ErrNotFound)
			}
		}
		questions, _ := json.Marshal(e.Questions)
		var city any
		if e.CityID != 0 {
			city = e.CityID
		}
		if err := execVersioned(ctx, tx, "event", e.ID, e.Version, `UPDATE events SET title = ?, description = ?, type = ?,
			mode = ?, language = ?, time_zone = ?, starts_at = ?, ends_at = ?, rrule = ?, city_id = ?, address = ?,
			openstreetmap = ?, online_url = ?, capacity = ?, waitlist = ?, registration = ?, registration_closes = ?,
			questions_json = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
			e.Title, e.Description, string(e.Type), string(e.Mode), e.Language, e.TimeZone, e.Start.Unix(), e.End.Unix(),
			e.RRule, city, e.Address, e.OpenStreetMap, e.OnlineURL, e.Capacity, boolInt(e.Waitlist), string(e.Registration),
			nullUnix(e.RegistrationCloses), string(questions), s.db.Now().Unix(), e.ID, e.Version); err != nil {
			return err
		}
		got, err := s.event(ctx, tx, e.ID, false)
		if err != nil {
			return err
		}
		if err := tx.Audit(ctx, "event", e.ID, "update", cur, got); err != nil {
			return err
		}
		*e = *got
		promoted, err = s.promote(ctx, tx, got)
		if err != nil || len(promoted) == 0 {
			return err
		}
		got, err = s.event(ctx, tx, e.ID, false)
		if err == nil {
			*e = *got
		}
		return err
	})
	return promoted, err
}
