package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/training"
)

// Training is the SQL implementation of wikicities.TrainingService.
type Training struct{ db *DB }

var _ wikicities.TrainingService = (*Training)(nil)

// Training returns the library service.
func (d *DB) Training() *Training { return &Training{db: d} }

const resourceColumns = `id, source, title, titles_json, link, languages_json, skill, topic, level, format, licence,
	minutes, maintainer, slides, quizzes, outdated, checked_at, uses, created_by, version`

func scanResource(sc scanner) (*wikicities.TrainingResource, error) {
	var r wikicities.TrainingResource
	var titles, langs string
	var outdated int
	var checked int64
	if err := sc.Scan(&r.ID, &r.Source, &r.Title, &titles, &r.Link, &langs, &r.Skill, &r.Topic, &r.Level, &r.Format, &r.Licence,
		&r.Minutes, &r.Maintainer, &r.Slides, &r.Quizzes, &outdated, &checked, &r.Uses, &r.CreatedBy, &r.Version); err != nil {
		return nil, mapErr(err)
	}
	if err := json.Unmarshal([]byte(titles), &r.Titles); err != nil {
		return nil, fmt.Errorf("resource %d: titles_json: %w", r.ID, err)
	}
	if len(r.Titles) == 0 {
		r.Titles = nil
	}
	if err := json.Unmarshal([]byte(langs), &r.Languages); err != nil {
		return nil, fmt.Errorf("resource %d: languages_json: %w", r.ID, err)
	}
	r.Outdated, r.CheckedAt = outdated != 0, unixTime(checked)
	return &r, nil
}

func (t *Tx) resources(ctx context.Context, q string, args ...any) ([]*wikicities.TrainingResource, error) {
	out := []*wikicities.TrainingResource{}
	err := t.each(ctx, `SELECT `+resourceColumns+` FROM training_resources `+q, func(sc scanner) error {
		r, err := scanResource(sc)
		if err == nil {
			out = append(out, r)
		}
		return err
	}, args...)
	return out, err
}

var formats = []wikicities.ResourceFormat{wikicities.FormatDashboardModule, wikicities.FormatToolkit, wikicities.FormatHandbook,
	wikicities.FormatVideo, wikicities.FormatCourse, wikicities.FormatFile}

// validateResource checks r, naming the resource by its position i.
func validateResource(v *wikicities.ValidationErrors, i int, r *wikicities.TrainingResource) {
	f := func(name string) string { return fmt.Sprintf("resources[%d].%s", i, name) }
	if strings.TrimSpace(r.Source) == "" {
		v.Add(f("source"), "is required").Because(wikicities.ProblemRequired)
	}
	switch {
	case strings.TrimSpace(r.Title) == "":
		v.Add(f("title"), "must be 1 to 300 bytes").Because(wikicities.ProblemRequired)
	case len(r.Title) > 300:
		v.Add(f("title"), "must be 1 to 300 bytes").Because(wikicities.ProblemTooLong, 300)
	}
	if strings.TrimSpace(r.Link) == "" {
		v.Add(f("link"), "%q is not an http(s) URL", r.Link).Because(wikicities.ProblemRequired)
	} else if u, err := url.Parse(r.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		v.Add(f("link"), "%q is not an http(s) URL", r.Link).Because(wikicities.ProblemURL, r.Link)
	}
	if !slices.Contains(formats, r.Format) {
		v.Add(f("format"), "%q is not a resource format", r.Format).Because(wikicities.ProblemNotAllowed, string(r.Format))
	}
	switch r.Level {
	case "", wikicities.LevelBeginner, wikicities.LevelIntermediate, wikicities.LevelAdvanced:
	default:
		v.Add(f("level"), "%q is not beginner, intermediate or advanced", r.Level).Because(wikicities.ProblemNotAllowed, string(r.Level))
	}
	if r.Minutes < 0 {
		v.Add(f("minutes"), "must not be negative")
	}
}

// ImportResources adds or updates rs by source (uses and link status are
// kept). Only admins may. Returns ErrInvalid naming the resource and field,
// ErrUnauthorized, ErrForbidden.
func (s *Training) ImportResources(ctx context.Context, rs []wikicities.TrainingResource) (created, updated int, err error) {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return 0, 0, err
	}
	if !a.IsAdmin() {
		return 0, 0, fmt.Errorf("%w: only admins import into the library", wikicities.ErrForbidden)
	}
	var v wikicities.ValidationErrors
	for i := range rs {
		validateResource(&v, i, &rs[i])
	}
	if err := v.Err(); err != nil {
		return 0, 0, err
	}
	now := s.db.Now().Unix()
	err = s.db.Update(ctx, func(tx *Tx) error {
		for _, r := range rs {
			titles, _ := json.Marshal(r.Titles)
			if r.Titles == nil {
				titles = []byte("{}")
			}
			langs, _ := json.Marshal(r.Languages)
			if r.Languages == nil {
				langs = []byte("[]")
			}
			res, err := tx.Exec(ctx, `UPDATE training_resources SET title = ?, titles_json = ?, link = ?, languages_json = ?, skill = ?,
				topic = ?, level = ?, format = ?, licence = ?, minutes = ?, maintainer = ?, slides = ?, quizzes = ?, updated_at = ?
				WHERE source = ?`, r.Title, string(titles), r.Link, string(langs), r.Skill, r.Topic, string(r.Level), string(r.Format),
				r.Licence, r.Minutes, r.Maintainer, r.Slides, r.Quizzes, now, r.Source)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				updated++
				if err := tx.replaceSlides(ctx, r); err != nil {
					return err
				}
				continue
			}
			if _, err := tx.Exec(ctx, `INSERT INTO training_resources (source, title, titles_json, link, languages_json, skill, topic,
				level, format, licence, minutes, maintainer, slides, quizzes, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.Source, r.Title, string(titles), r.Link, string(langs), r.Skill,
				r.Topic, string(r.Level), string(r.Format), r.Licence, r.Minutes, r.Maintainer, r.Slides, r.Quizzes, now, now); err != nil {
				return err
			}
			if err := tx.replaceSlides(ctx, r); err != nil {
				return err
			}
			created++
		}
		return tx.Audit(ctx, "training_library", 0, "import", nil, map[string]int{"created": created, "updated": updated})
	})
	return created, updated, err
}

// Resources lists the library ordered by topic then title, filtered by f.
func (s *Training) Resources(ctx context.Context, f wikicities.ResourceFilter) ([]*wikicities.TrainingResource, error) {
	var all []*wikicities.TrainingResource
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		all, err = tx.resources(ctx, `ORDER BY topic, title, id`)
		return err
	})
	if err != nil {
		return nil, err
	}
	q := wikicities.NameKey(f.Query)
	out := all[:0]
	for _, r := range all {
		if f.Language != "" && !slices.Contains(r.Languages, f.Language) || f.Skill != "" && r.Skill != f.Skill ||
			q != "" && !strings.Contains(wikicities.NameKey(r.Title+" "+r.Topic), q) {
			continue
		}
		out = append(out, r)
	}
	return out, nil
}

// Resource returns resource id. Returns ErrNotFound.
func (s *Training) Resource(ctx context.Context, id int64) (*wikicities.TrainingResource, error) {
	r, err := scanResource(s.db.QueryRow(ctx, `SELECT `+resourceColumns+` FROM training_resources WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("resource %d: %w", id, err)
	}
	return r, nil
}

// requireTarget checks that t exists and that the actor may attach to it.
func (t *Tx) requireTarget(ctx context.Context, target wikicities.ResourceTarget) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	var parties []wikicities.PartyRef
	var q string
	switch target.Kind {
	case wikicities.TargetPartnership, wikicities.TargetResponsibility:
		q = `SELECT a_community_id, COALESCE(b_community_id, 0), COALESCE(b_institution_id, 0) FROM partnerships WHERE id = ?`
		if target.Kind == wikicities.TargetResponsibility {
			q = `SELECT p.a_community_id, COALESCE(p.b_community_id, 0), COALESCE(p.b_institution_id, 0)
				FROM partnership_responsibilities r JOIN partnerships p ON p.id = r.partnership_id WHERE r.id = ?`
		}
		var ac, bc, bi int64
		if err := t.QueryRow(ctx, q, target.ID).Scan(&ac, &bc, &bi); err != nil {
			return fmt.Errorf("%s %d: %w", target.Kind, target.ID, mapErr(err))
		}
		parties = append(parties, wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: ac})
		if bc != 0 {
			parties = append(parties, wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: bc})
		} else {
			parties = append(parties, wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: bi})
		}
	case wikicities.TargetEvent:
		var n int
		if err := t.QueryRow(ctx, `SELECT COUNT(*) FROM events WHERE id = ?`, target.ID).Scan(&n); err != nil || n == 0 {
			return fmt.Errorf("event %d: %w", target.ID, wikicities.ErrNotFound)
		}
		if err := t.each(ctx, `SELECT community_id FROM event_organisers WHERE event_id = ?`, func(sc scanner) error {
			var id int64
			err := sc.Scan(&id)
			parties = append(parties, wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id})
			return err
		}, target.ID); err != nil {
			return err
		}
	case wikicities.TargetCampaign:
		var owner int64
		if err := t.QueryRow(ctx, `SELECT owner_id FROM campaigns WHERE id = ?`, target.ID).Scan(&owner); err != nil {
			return fmt.Errorf("campaign %d: %w", target.ID, mapErr(err))
		}
		if owner == a.UserID || a.IsAdmin() {
			return nil
		}
		return fmt.Errorf("%w: only the campaign's owner attaches resources to it", wikicities.ErrForbidden)
	default:
		return wikicities.ValidationErrors{{Field: "target", Message: fmt.Sprintf("%q is not partnership, responsibility, event or campaign", target.Kind)}}
	}
	for _, p := range parties {
		if a.CoordinatorOf(p) {
			return nil
		}
	}
	return fmt.Errorf("%w: only coordinators of the %s's parties attach resources to it", wikicities.ErrForbidden, target.Kind)
}

// AttachResource attaches resource id to target and counts a use. Returns
// ErrInvalid, ErrNotFound, ErrConflict when attached already,
// ErrUnauthorized, ErrForbidden.
func (s *Training) AttachResource(ctx context.Context, id int64, target wikicities.ResourceTarget) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := tx.requireTarget(ctx, target); err != nil {
			return err
		}
		if _, err := scanResource(tx.QueryRow(ctx, `SELECT `+resourceColumns+` FROM training_resources WHERE id = ?`, id)); err != nil {
			return fmt.Errorf("resource %d: %w", id, err)
		}
		now := s.db.Now().Unix()
		if _, err := tx.Exec(ctx, `INSERT INTO resource_attachments (resource_id, target_kind, target_id, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
			id, string(target.Kind), target.ID, wikicities.ActorFrom(ctx).UserID, now); err != nil {
			if isDuplicate(err) {
				return fmt.Errorf("%w: resource %d is attached to %s %d already", wikicities.ErrConflict, id, target.Kind, target.ID)
			}
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE training_resources SET uses = uses + 1 WHERE id = ?`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "resource_attachment", id, "attach", nil, target)
	})
}

// DetachResource removes resource id from target, for those who may attach
// to it, and takes back the use the attachment counted. Returns ErrInvalid,
// ErrNotFound (also when id is not attached to target), ErrUnauthorized,
// ErrForbidden.
func (s *Training) DetachResource(ctx context.Context, id int64, target wikicities.ResourceTarget) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := tx.requireTarget(ctx, target); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `DELETE FROM resource_attachments WHERE resource_id = ? AND target_kind = ? AND target_id = ?`,
			id, string(target.Kind), target.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("resource %d is not attached to %s %d: %w", id, target.Kind, target.ID, wikicities.ErrNotFound)
		}
		if _, err := tx.Exec(ctx, `UPDATE training_resources SET uses = uses - 1 WHERE id = ? AND uses > 0`, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "resource_attachment", id, "detach", target, nil)
	})
}

// AttachedResources lists the resources attached to target, by title.
func (s *Training) AttachedResources(ctx context.Context, target wikicities.ResourceTarget) ([]*wikicities.TrainingResource, error) {
	var out []*wikicities.TrainingResource
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		out, err = tx.resources(ctx, `WHERE id IN (SELECT resource_id FROM resource_attachments WHERE target_kind = ? AND target_id = ?)
			ORDER BY title, id`, string(target.Kind), target.ID)
		return err
	})
	return out, err
}

// RecommendResources recommends resources to community id (see
// training.Recommend) from its wanted skills, the open responsibilities of
// its partnerships and its languages. Returns ErrNotFound.
func (s *Training) RecommendResources(ctx context.Context, id int64, limit int) ([]*wikicities.ResourceRecommendation, error) {
	var need training.Need
	var all []*wikicities.TrainingResource
	err := s.db.View(ctx, func(tx *Tx) error {
		if _, err := tx.holderName(ctx, wikicities.Holder{Kind: wikicities.HolderGroup, ID: id}); err != nil {
			return err
		}
		str := func(dst *[]string) func(scanner) error {
			return func(sc scanner) error {
				var v string
				err := sc.Scan(&v)
				*dst = append(*dst, v)
				return err
			}
		}
		if err := tx.each(ctx, `SELECT skill FROM party_skills WHERE party_kind = 'community' AND party_id = ? AND direction = 'wanted' ORDER BY skill`,
			str(&need.WantedSkills), id); err != nil {
			return err
		}
		if err := tx.each(ctx, `SELECT r.description FROM partnership_responsibilities r JOIN partnerships p ON p.id = r.partnership_id
			WHERE r.done = 0 AND (p.a_community_id = ? OR p.b_community_id = ?) AND p.state IN ('accepted', 'active', 'dormant') ORDER BY r.id`,
			str(&need.Responsibilities), id, id); err != nil {
			return err
		}
		if err := tx.each(ctx, `SELECT language FROM community_languages WHERE community_id = ? ORDER BY language`, str(&need.Languages), id); err != nil {
			return err
		}
		var err error
		all, err = tx.resources(ctx, `ORDER BY id`)
		return err
	})
	if err != nil {
		return nil, err
	}
	return training.Recommend(all, need, limit), nil
}

// SetLinkStatus records the result of a link check. Only the system (the
// scheduled checker) and admins may. Returns ErrNotFound, ErrForbidden.
func (s *Training) SetLinkStatus(ctx context.Context, id int64, outdated bool, at time.Time) error {
	if a := wikicities.ActorFrom(ctx); !a.IsAdmin() {
		return fmt.Errorf("%w: link status is set by the link checker", wikicities.ErrForbidden)
	}
	o := 0
	if outdated {
		o = 1
	}
	res, err := s.db.Exec(ctx, `UPDATE training_resources SET outdated = ?, checked_at = ? WHERE id = ?`, o, at.Unix(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("resource %d: %w", id, wikicities.ErrNotFound)
	}
	return nil
}
