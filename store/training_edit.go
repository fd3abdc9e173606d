package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

// normalizeResource trims r's texts and defaults its languages to English,
// the way the site's form and the API leave them.
func normalizeResource(r *wikicities.TrainingResource) {
	r.Title, r.Link, r.Topic = strings.TrimSpace(r.Title), strings.TrimSpace(r.Link), strings.TrimSpace(r.Topic)
	r.Licence, r.Maintainer, r.Skill = strings.TrimSpace(r.Licence), strings.TrimSpace(r.Maintainer), strings.TrimSpace(r.Skill)
	var langs []string
	for _, l := range r.Languages {
		if l = strings.TrimSpace(l); l != "" && !containsString(langs, l) {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		langs = []string{"en"}
	}
	r.Languages = langs
}

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// validateEdit checks a resource from the site: the import's rules, named
// by the form's fields, and a language code for each language.
func validateEdit(r *wikicities.TrainingResource) error {
	var v wikicities.ValidationErrors
	validateResource(&v, 0, r)
	for i := range v {
		v[i].Field = strings.TrimPrefix(v[i].Field, "resources[0].")
	}
	for _, l := range r.Languages {
		if !wikicities.ValidLanguageCode(l) {
			v.Add("languages", "%q is not a language code", l).Because(wikicities.ProblemLanguage, l)
		}
	}
	if len(r.Topic) > 100 {
		v.Add("topic", "must be at most 100 bytes").Because(wikicities.ProblemTooLong, 100)
	}
	if len(r.Licence) > 100 {
		v.Add("licence", "must be at most 100 bytes").Because(wikicities.ProblemTooLong, 100)
	}
	if len(r.Maintainer) > 200 {
		v.Add("maintainer", "must be at most 200 bytes").Because(wikicities.ProblemTooLong, 200)
	}
	return v.Err()
}

// AddResource adds r for the signed-in actor, who may then edit it, and sets
// its ID, Source ("site:<id>") and Version. Returns ErrInvalid,
// ErrUnauthorized.
func (s *Training) AddResource(ctx context.Context, r *wikicities.TrainingResource) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	normalizeResource(r)
	r.Source = "site:new" // replaced by the id below; validated as present
	if err := validateEdit(r); err != nil {
		return err
	}
	langs, _ := json.Marshal(r.Languages)
	now := s.db.Now().Unix()
	return s.db.Update(ctx, func(tx *Tx) error {
		id, err := tx.InsertID(ctx, `INSERT INTO training_resources (source, title, titles_json, link, languages_json, skill, topic,
			level, format, licence, minutes, maintainer, created_by, created_at, updated_at)
			VALUES (?, ?, '{}', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, fmt.Sprintf("site:%d:%d", a.UserID, now), r.Title, r.Link, string(langs),
			r.Skill, r.Topic, string(r.Level), string(r.Format), r.Licence, r.Minutes, r.Maintainer, a.UserID, now, now)
		if err != nil {
			return err
		}
		r.ID, r.Source, r.CreatedBy, r.Version = id, fmt.Sprintf("site:%d", id), a.UserID, 1
		if _, err := tx.Exec(ctx, `UPDATE training_resources SET source = ? WHERE id = ?`, r.Source, id); err != nil {
			return err
		}
		return tx.Audit(ctx, "training_resource", id, "create", nil, r)
	})
}

// UpdateResource replaces the description of resource r.ID if r.Version
// is current, for whoever added it and admins; its source, uses and link
// status are kept. Returns *StaleError, ErrInvalid, ErrNotFound,
// ErrUnauthorized, ErrForbidden.
func (s *Training) UpdateResource(ctx context.Context, r *wikicities.TrainingResource) error {
	a := wikicities.ActorFrom(ctx)
	if err := a.RequireWrite(); err != nil {
		return err
	}
	normalizeResource(r)
	return s.db.Update(ctx, func(tx *Tx) error {
		cur, err := scanResource(tx.QueryRow(ctx, `SELECT `+resourceColumns+` FROM training_resources WHERE id = ?`, r.ID))
		if err != nil {
			return fmt.Errorf("resource %d: %w", r.ID, err)
		}
		if !cur.EditableBy(a) {
			return fmt.Errorf("%w: a resource is edited by whoever added it and by admins", wikicities.ErrForbidden)
		}
		r.Source = cur.Source
		if err := validateEdit(r); err != nil {
			return err
		}
		langs, _ := json.Marshal(r.Languages)
		if err := execVersioned(ctx, tx, "training_resource", r.ID, r.Version, `UPDATE training_resources SET title = ?, link = ?,
			languages_json = ?, skill = ?, topic = ?, level = ?, format = ?, licence = ?, minutes = ?, maintainer = ?,
			version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, r.Title, r.Link, string(langs), r.Skill, r.Topic,
			string(r.Level), string(r.Format), r.Licence, r.Minutes, r.Maintainer, s.db.Now().Unix(), r.ID, r.Version); err != nil {
			return err
		}
		r.Version++
		r.CreatedBy, r.Uses, r.Outdated, r.CheckedAt = cur.CreatedBy, cur.Uses, cur.Outdated, cur.CheckedAt
		return tx.Audit(ctx, "training_resource", r.ID, "update", cur, r)
	})
}

// ResourceUses lists where resource id is attached, newest first, each
// target named: a partnership by its parties, a responsibility by its
// task, an event by its title, a campaign by its name. Returns ErrNotFound.
func (s *Training) ResourceUses(ctx context.Context, id int64) ([]*wikicities.ResourceUse, error) {
	out := []*wikicities.ResourceUse{}
	err := s.db.View(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM training_resources WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("resource %d: %w", id, wikicities.ErrNotFound)
		}
		return tx.each(ctx, `SELECT x.target_kind, x.target_id, x.created_at,
				COALESCE(CASE x.target_kind
					WHEN 'partnership' THEN (SELECT a.name || ' – ' || COALESCE(bc.name, bi.name) FROM partnerships p
						JOIN communities a ON a.id = p.a_community_id LEFT JOIN communities bc ON bc.id = p.b_community_id
						LEFT JOIN institutions bi ON bi.id = p.b_institution_id WHERE p.id = x.target_id)
					WHEN 'responsibility' THEN (SELECT description FROM partnership_responsibilities WHERE id = x.target_id)
					WHEN 'event' THEN (SELECT title FROM events WHERE id = x.target_id)
					WHEN 'campaign' THEN (SELECT name FROM campaigns WHERE id = x.target_id) END, ''),
				COALESCE(CASE x.target_kind
					WHEN 'partnership' THEN x.target_id
					WHEN 'responsibility' THEN (SELECT partnership_id FROM partnership_responsibilities WHERE id = x.target_id) END, 0)
			FROM resource_attachments x WHERE x.resource_id = ? ORDER BY x.created_at DESC, x.target_kind, x.target_id`, func(sc scanner) error {
			var u wikicities.ResourceUse
			var at int64
			if err := sc.Scan(&u.Target.Kind, &u.Target.ID, &at, &u.Name, &u.PartnershipID); err != nil {
				return err
			}
			u.At = unixTime(at)
			out = append(out, &u)
			return nil
		}, id)
	})
	return out, err
}

// Clubs lists every club whose community is not archived, by name.
func (s *Clubs) Clubs(ctx context.Context) ([]*wikicities.WikiClub, error) {
	out := []*wikicities.WikiClub{}
	err := s.db.View(ctx, func(tx *Tx) error {
		cs, err := tx.clubs(ctx, `WHERE c.archived = 0 ORDER BY c.name_key, w.community_id`)
		if cs != nil {
			out = cs
		}
		return err
	})
	return out, err
}

// replaceSlides stores the slides an import carries for r (found by its
// source), replacing those it had; an import without slides keeps them.
func (t *Tx) replaceSlides(ctx context.Context, r wikicities.TrainingResource) error {
	if r.SlideTexts == nil {
		return nil
	}
	var id int64
	if err := t.QueryRow(ctx, `SELECT id FROM training_resources WHERE source = ?`, r.Source).Scan(&id); err != nil {
		return mapErr(err)
	}
	if _, err := t.Exec(ctx, `DELETE FROM training_slides WHERE resource_id = ?`, id); err != nil {
		return err
	}
	for i, s := range r.SlideTexts {
		b, err := json.Marshal(s)
		if err != nil {
			return err
		}
		if _, err := t.Exec(ctx, `INSERT INTO training_slides (resource_id, position, slide_json) VALUES (?, ?, ?)`, id, i+1, string(b)); err != nil {
			return err
		}
	}
	return nil
}

// Slides returns the slides of resource id in order. Returns ErrNotFound.
func (s *Training) Slides(ctx context.Context, id int64) ([]wikicities.TrainingSlide, error) {
	out := []wikicities.TrainingSlide{}
	err := s.db.View(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM training_resources WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("resource %d: %w", id, wikicities.ErrNotFound)
		}
		return tx.each(ctx, `SELECT slide_json FROM training_slides WHERE resource_id = ? ORDER BY position`, func(sc scanner) error {
			var raw string
			var sl wikicities.TrainingSlide
			if err := sc.Scan(&raw); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(raw), &sl); err != nil {
				return fmt.Errorf("resource %d: slide_json: %w", id, err)
			}
			out = append(out, sl)
			return nil
		}, id)
	})
	return out, err
}
