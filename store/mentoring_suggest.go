package store

import (
	"context"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mentoring"
)

// SuggestMentors ranks mentors for h (see mentoring.Index.Suggest), built
// from every holder's capacities and availability: a group's city and
// languages are its own; a person's groups are those they coordinate, and
// their city and languages those of their groups. Pairs with an open
// mentorship are left out. Returns ErrNotFound for an unknown holder.
func (s *Mentorships) SuggestMentors(ctx context.Context, h wikicities.Holder, capacity string, limit int) ([]*wikicities.MentorSuggestion, error) {
	var in mentoring.Input
	err := s.db.View(ctx, func(tx *Tx) error {
		if _, err := tx.holderName(ctx, h); err != nil {
			return err
		}
		var err error
		in, err = tx.mentoringInput(ctx, h)
		return err
	})
	if err != nil {
		return nil, err
	}
	ss, err := mentoring.New(in).Suggest(mentoring.Ref{Kind: mentoring.Kind(h.Kind), ID: h.ID}, mentoring.Options{Limit: limit, Now: s.db.Now(), Capacity: capacity})
	if err != nil {
		return nil, err
	}
	out := make([]*wikicities.MentorSuggestion, 0, len(ss))
	for _, x := range ss {
		out = append(out, &wikicities.MentorSuggestion{Mentor: wikicities.Holder{Kind: wikicities.HolderKind(x.Mentor.Kind), ID: x.Mentor.ID},
			Name: x.Name, CityID: x.CityID, Capacities: x.Capacities, Score: x.Score, Reasons: x.Reasons})
	}
	return out, nil
}

type groupPlace struct {
	city     int64
	lat, lng float64
	langs    []string
	name     string
}

func (t *Tx) mentoringInput(ctx context.Context, asker wikicities.Holder) (mentoring.Input, error) {
	var in mentoring.Input
	all, err := t.holderCapacities(ctx, "")
	if err != nil {
		return in, err
	}
	groups := map[int64]*groupPlace{}
	err = t.each(ctx, `SELECT c.id, c.name, COALESCE(c.city_id, 0), COALESCE(ci.lat, 0), COALESCE(ci.lng, 0)
		FROM communities c LEFT JOIN cities ci ON ci.id = c.city_id WHERE c.archived = 0`, func(sc scanner) error {
		g := &groupPlace{}
		var id int64
		if err := sc.Scan(&id, &g.name, &g.city, &g.lat, &g.lng); err != nil {
			return err
		}
		groups[id] = g
		return nil
	})
	if err != nil {
		return in, err
	}
	if err := t.each(ctx, `SELECT community_id, language FROM community_languages ORDER BY language`, func(sc scanner) error {
		var id int64
		var l string
		if err := sc.Scan(&id, &l); err != nil {
			return err
		}
		if g := groups[id]; g != nil {
			g.langs = append(g.langs, l)
		}
		return nil
	}); err != nil {
		return in, err
	}
	people := map[int64][]int64{}
	names := map[int64]string{}
	if err := t.each(ctx, `SELECT u.id, u.username, COALESCE(co.party_id, 0) FROM users u
		LEFT JOIN coordinators co ON co.user_id = u.id AND co.party_kind = 'community' ORDER BY u.id, co.party_id`, func(sc scanner) error {
		var id, g int64
		var name string
		if err := sc.Scan(&id, &name, &g); err != nil {
			return err
		}
		names[id] = name
		if g != 0 {
			people[id] = append(people[id], g)
		}
		return nil
	}); err != nil {
		return in, err
	}
	ensure := append(all, &wikicities.HolderCapacities{Holder: asker})
	for _, hc := range ensure {
		p := mentoring.Party{Ref: mentoring.Ref{Kind: mentoring.Kind(hc.Holder.Kind), ID: hc.Holder.ID},
			Available: hc.Available, Wanted: hc.Wanted, AwayUntil: hc.AwayUntil, MenteeLimit: hc.MenteeLimit}
		var place *groupPlace
		if hc.Holder.Kind == wikicities.HolderGroup {
			place = groups[hc.Holder.ID]
			if place == nil {
				continue // archived or gone
			}
			p.Name = place.name
		} else {
			p.Name, p.Groups = names[hc.Holder.ID], people[hc.Holder.ID]
			for _, g := range p.Groups {
				if gp := groups[g]; gp != nil {
					if place == nil {
						place = gp
					}
					p.Languages = append(p.Languages, gp.langs...)
				}
			}
		}
		if place != nil {
			p.CityID, p.Lat, p.Lng = place.city, place.lat, place.lng
			if hc.Holder.Kind == wikicities.HolderGroup {
				p.Languages = place.langs
			}
		}
		in.Parties = append(in.Parties, p)
	}
	if err := t.each(ctx, `SELECT a, b FROM twin_links WHERE a IN (SELECT city_id FROM communities) AND b IN (SELECT city_id FROM communities)`, func(sc scanner) error {
		var a, b int64
		if err := sc.Scan(&a, &b); err != nil {
			return err
		}
		in.Twins = append(in.Twins, [2]int64{a, b})
		return nil
	}); err != nil {
		return in, err
	}
	if err := t.each(ctx, `SELECT a_community_id, b_community_id FROM partnerships
		WHERE b_community_id IS NOT NULL AND state IN ('accepted', 'active', 'dormant')`, func(sc scanner) error {
		var a, b int64
		if err := sc.Scan(&a, &b); err != nil {
			return err
		}
		in.Partners = append(in.Partners, [2]int64{a, b})
		return nil
	}); err != nil {
		return in, err
	}
	err = t.each(ctx, `SELECT holder_kind, mentor_id, mentee_id FROM mentorships WHERE state IN `+openStates, func(sc scanner) error {
		var k string
		var a, b int64
		if err := sc.Scan(&k, &a, &b); err != nil {
			return err
		}
		in.Excluded = append(in.Excluded, [2]mentoring.Ref{{Kind: mentoring.Kind(k), ID: a}, {Kind: mentoring.Kind(k), ID: b}})
		return nil
	})
	return in, err
}

// each runs fn on every row of q.
func (t *Tx) each(ctx context.Context, q string, fn func(scanner) error, args ...any) error {
	rows, err := t.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
