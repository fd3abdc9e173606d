package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Requests is the SQL implementation of wikicities.RequestService.
type Requests struct{ db *DB }

var _ wikicities.RequestService = (*Requests)(nil)

// Requests returns the partner-request service.
func (d *DB) Requests() *Requests { return &Requests{db: d} }

const requestColumns = `id, party_kind, party_id, title, description, partner_kinds, languages, skills, expires_at, created_at, updated_at, version`

func (t *Tx) queryRequests(ctx context.Context, q string, args ...any) ([]*wikicities.PartnerRequest, error) {
	rows, err := t.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out := []*wikicities.PartnerRequest{}
	byID := map[int64]*wikicities.PartnerRequest{}
	for rows.Next() {
		var r wikicities.PartnerRequest
		var kinds, langs, skills string
		var exp, created, updated int64
		if err := rows.Scan(&r.ID, &r.Party.Kind, &r.Party.ID, &r.Title, &r.Description, &kinds, &langs, &skills,
			&exp, &created, &updated, &r.Version); err != nil {
			rows.Close()
			return nil, err
		}
		r.PartnerKinds, r.Languages, r.Skills = strings.Fields(kinds), strings.Fields(langs), strings.Fields(skills)
		r.Expires, r.CreatedAt, r.UpdatedAt = unixTime(exp), unixTime(created), unixTime(updated)
		r.CityIDs, r.Countries = []int64{}, []string{}
		out = append(out, &r)
		byID[r.ID] = &r
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	in := idList(out, func(r *wikicities.PartnerRequest) int64 { return r.ID })
	crows, err := t.Query(ctx, `SELECT request_id, city_id FROM partner_request_cities WHERE request_id IN (`+in+`) ORDER BY city_id`)
	if err != nil {
		return nil, err
	}
	defer crows.Close()
	for crows.Next() {
		var rid, cid int64
		if err := crows.Scan(&rid, &cid); err != nil {
			return nil, err
		}
		byID[rid].CityIDs = append(byID[rid].CityIDs, cid)
	}
	if err := crows.Err(); err != nil {
		return nil, err
	}
	err = t.eachPair(ctx, `SELECT request_id, country FROM partner_request_countries WHERE request_id IN (`+in+`) ORDER BY country`, func(id int64, c string) {
		byID[id].Countries = append(byID[id].Countries, c)
	})
	return out, err
}

// Request returns one request. Returns ErrNotFound.
func (s *Requests) Request(ctx context.Context, id int64) (*wikicities.PartnerRequest, error) {
	var out []*wikicities.PartnerRequest
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryRequests(ctx, `SELECT `+requestColumns+` FROM partner_requests WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("partner request %d: %w", id, wikicities.ErrNotFound)
	}
	return out[0], nil
}

// Requests lists requests matching f, newest first, and the total. A city
// filter matches requests that seek a partner in that city or its country,
// and requests posted by parties based there.
func (s *Requests) Requests(ctx context.Context, f wikicities.RequestFilter) ([]*wikicities.PartnerRequest, int, error) {
	var where []string
	var args []any
	if f.Open {
		where = append(where, `expires_at > ?`)
		args = append(args, s.db.Now().Unix())
	}
	if f.Party.ID != 0 {
		where = append(where, `party_kind = ? AND party_id = ?`)
		args = append(args, string(f.Party.Kind), f.Party.ID)
	}
	if f.CityID != 0 {
		var country string
		if err := s.db.QueryRow(ctx, `SELECT country FROM cities WHERE id = ?`, f.CityID).Scan(&country); err != nil {
			return nil, 0, fmt.Errorf("city %d: %w", f.CityID, mapErr(err))
		}
		cond, cargs := requestCityWhere(f.CityID, country)
		where = append(where, cond)
		args = append(args, cargs...)
	}
	w := ""
	if len(where) > 0 {
		w = ` WHERE ` + strings.Join(where, ` AND `)
	}
	var out []*wikicities.PartnerRequest
	var total int
	err := s.db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM partner_requests`+w, args...).Scan(&total); err != nil {
			return mapErr(err)
		}
		var err error
		out, err = tx.queryRequests(ctx, `SELECT `+requestColumns+` FROM partner_requests`+w+
			fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT %d OFFSET %d`, pageLimit(f.Limit), max(f.Offset, 0)), args...)
		return err
	})
	return out, total, err
}

// OpenRequests returns every unexpired request, ordered by id, for the matcher.
func (s *Requests) OpenRequests(ctx context.Context) ([]*wikicities.PartnerRequest, error) {
	var out []*wikicities.PartnerRequest
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.queryRequests(ctx, `SELECT `+requestColumns+` FROM partner_requests WHERE expires_at > ? ORDER BY id`, s.db.Now().Unix())
		return err
	})
	return out, err
}

// partyExists reports whether ref names a stored community or institution.
func (t *Tx) partyExists(ctx context.Context, ref wikicities.PartyRef) (bool, error) {
	table := map[wikicities.PartyKind]string{wikicities.PartyCommunity: "communities", wikicities.PartyInstitution: "institutions"}[ref.Kind]
	if table == "" {
		return false, nil
	}
	var n int
	err := t.QueryRow(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, ref.ID).Scan(&n)
	return n > 0, mapErr(err)
}

// CreateRequest validates and adds r on behalf of its party, whose
// coordinator the actor must be. Returns ErrInvalid, ErrUnauthorized,
// ErrForbidden.
func (s *Requests) CreateRequest(ctx context.Context, r *wikicities.PartnerRequest) error {
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(r.Party); err != nil {
		return err
	}
	now := s.db.Now()
	return s.db.Update(ctx, func(tx *Tx) error {
		var v wikicities.ValidationErrors
		if err := r.Validate(now); err != nil && !errors.As(err, &v) {
			return err
		}
		if ok, err := tx.partyExists(ctx, r.Party); err != nil {
			return err
		} else if !ok && r.Party.ID > 0 {
			v.Add("party.id", "there is no %s %d", r.Party.Kind, r.Party.ID)
		}
		for i, c := range r.CityIDs {
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM cities WHERE id = ?`, c).Scan(&n); err != nil {
				return mapErr(err)
			}
			if n == 0 {
				v.Add(fmt.Sprintf("city_ids[%d]", i), "there is no city %d", c)
			}
		}
		if err := tx.checkRefs(ctx, &v, 0, map[string][]string{"skills": r.Skills}); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err := tx.InsertID(ctx, `INSERT INTO partner_requests (party_kind, party_id, title, description, partner_kinds, languages, skills, expires_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, string(r.Party.Kind), r.Party.ID, r.Title, r.Description,
			strings.Join(r.PartnerKinds, " "), strings.Join(r.Languages, " "), strings.Join(r.Skills, " "),
			r.Expires.Unix(), now.Unix(), now.Unix())
		if err != nil {
			return err
		}
		r.ID, r.Version, r.CreatedAt, r.UpdatedAt, r.Expires = id, 1, unixTime(now.Unix()), unixTime(now.Unix()), unixTime(r.Expires.Unix())
		// Lists left out are empty, as a read gives them back: [] in JSON, not null.
		for _, l := range []*[]string{&r.PartnerKinds, &r.Countries, &r.Languages, &r.Skills} {
			if *l == nil {
				*l = []string{}
			}
		}
		if r.CityIDs == nil {
			r.CityIDs = []int64{}
		}
		seen := map[int64]bool{}
		for _, c := range r.CityIDs {
			if !seen[c] {
				seen[c] = true
				if _, err := tx.Exec(ctx, `INSERT INTO partner_request_cities (request_id, city_id) VALUES (?, ?)`, id, c); err != nil {
					return err
				}
			}
		}
		for _, c := range dedupeStrings(r.Countries) {
			if _, err := tx.Exec(ctx, `INSERT INTO partner_request_countries (request_id, country, country_key) VALUES (?, ?, ?)`, id, c, twins.Sovereign(c)); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, "partner_request", id, "create", nil, r)
	})
}

func dedupeStrings(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		x = strings.TrimSpace(x)
		if !seen[strings.ToLower(x)] {
			seen[strings.ToLower(x)] = true
			out = append(out, x)
		}
	}
	return out
}

// DeleteRequest withdraws a request with its answers. Returns ErrNotFound,
// ErrUnauthorized, ErrForbidden (not a coordinator of its party).
func (s *Requests) DeleteRequest(ctx context.Context, id int64) error {
	r, err := s.Request(ctx, id)
	if err != nil {
		return err
	}
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(r.Party); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM partner_requests WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "partner_request", id, "delete", r, nil)
	})
}

// Answer records a's answer to its request, on behalf of a.Party, whose
// coordinator the actor must be. Returns ErrNotFound (no such request),
// ErrInvalid (expired request, own request, unknown party, long message),
// ErrConflict (already answered), ErrUnauthorized, ErrForbidden.
func (s *Requests) Answer(ctx context.Context, a *wikicities.RequestAnswer) error {
	if err := wikicities.ActorFrom(ctx).RequireCoordinator(a.Party); err != nil {
		return err
	}
	r, err := s.Request(ctx, a.RequestID)
	if err != nil {
		return err
	}
	now := s.db.Now()
	return s.db.Update(ctx, func(tx *Tx) error {
		var v wikicities.ValidationErrors
		if !r.Open(now) {
			v.Add("request_id", "request %d expired on %s", r.ID, r.Expires.Format("2006-01-02"))
		}
		if a.Party == r.Party {
			v.Add("party", "a party cannot answer its own request")
		}
		if ok, err := tx.partyExists(ctx, a.Party); err != nil {
			return err
		} else if !ok {
			v.Add("party.id", "there is no %s %d", a.Party.Kind, a.Party.ID)
		}
		if len(a.Message) > 5000 {
			v.Add("message", "is longer than 5000 bytes").Because(wikicities.ProblemTooLong, 5000)
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err := tx.InsertID(ctx, `INSERT INTO partner_request_answers (request_id, party_kind, party_id, message, partnership_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, a.RequestID, string(a.Party.Kind), a.Party.ID, a.Message, a.PartnershipID, now.Unix())
		if err != nil {
			if isDuplicate(err) {
				return fmt.Errorf("%w: %s %d has already answered request %d", wikicities.ErrConflict, a.Party.Kind, a.Party.ID, a.RequestID)
			}
			return err
		}
		a.ID, a.CreatedAt = id, unixTime(now.Unix())
		return tx.Audit(ctx, "partner_request_answer", id, "create", nil, a)
	})
}

// SetAnswerPartnership records the partnership proposal an answer started.
// It is the hook for the partnerships work. Returns ErrNotFound.
func (s *Requests) SetAnswerPartnership(ctx context.Context, answerID, partnershipID int64) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE partner_request_answers SET partnership_id = ? WHERE id = ?`, partnershipID, answerID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return fmt.Errorf("answer %d: %w", answerID, wikicities.ErrNotFound)
		}
		return tx.Audit(ctx, "partner_request_answer", answerID, "partnership", nil, map[string]int64{"partnership_id": partnershipID})
	})
}

// Answers lists the answers to a request, oldest first.
func (s *Requests) Answers(ctx context.Context, requestID int64) ([]*wikicities.RequestAnswer, error) {
	rows, err := s.db.Query(ctx, `SELECT id, request_id, party_kind, party_id, message, partnership_id, created_at
		FROM partner_request_answers WHERE request_id = ? ORDER BY id`, requestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*wikicities.RequestAnswer{}
	for rows.Next() {
		var a wikicities.RequestAnswer
		var at int64
		if err := rows.Scan(&a.ID, &a.RequestID, &a.Party.Kind, &a.Party.ID, &a.Message, &a.PartnershipID, &at); err != nil {
			return nil, err
		}
		a.CreatedAt = unixTime(at)
		out = append(out, &a)
	}
	return out, rows.Err()
}
