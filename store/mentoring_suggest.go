package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/changes"
	"github.com/wikicities/wikicities/mentoring"
)

// SuggestMentors ranks mentors for h (see mentoring.Index.Suggest) from
// every holder's capacities and availability: a group's city and languages
// are its own; a person's groups are those they coordinate, and their city
// and languages those of their groups. Pairs with an open mentorship are
// left out, and so are mentors at their mentee limit. The index is kept
// between calls (mentoringCache). Returns ErrNotFound for an unknown
// holder, ErrInvalid for a malformed one.
func (s *Mentorships) SuggestMentors(ctx context.Context, h wikicities.Holder, capacity string, limit int) ([]*wikicities.MentorSuggestion, error) {
	if !h.Valid() {
		return nil, fmt.Errorf("%w: holder %s %d", wikicities.ErrInvalid, h.Kind, h.ID)
	}
	c := &s.db.mentoring
	c.mu.Lock()
	ix, groups, err := c.index(ctx, s.db)
	c.mu.Unlock()
	if err != nil {
		return nil, err
	}
	opts := mentoring.Options{Limit: limit, Now: s.db.Now(), Capacity: capacity}
	ss, err := ix.Suggest(mentoring.Ref{Kind: mentoring.Kind(h.Kind), ID: h.ID}, opts)
	if errors.Is(err, mentoring.ErrUnknownParty) {
		// Not a holder of capacities, nor in a mentorship: asking for one
		// capacity still finds mentors, placed by the holder's groups.
		var p mentoring.Party
		if p, err = s.db.unindexedParty(ctx, h, groups); err == nil {
			ss = ix.SuggestFor(p, opts)
		}
	}
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

// mentoringTables are the tables the mentoring index is built from: a
// change to any of them, by this process or another, rebuilds it.
var mentoringTables = []string{"holder_capacities", "mentor_availability", "mentorships", "capacities", "communities",
	"community_languages", "users", "coordinators", "cities", "twin_links", "partnerships"}

// mentoringCache keeps the mentoring index between SuggestMentors calls:
// building it reads every holder's capacities, every group and the twin
// links, which is what a call cost before. Before each use, a
// changes.Follower reads the change log once (a short indexed range) and
// drops the index when a committed write, from any process, touched
// mentoringTables.
type mentoringCache struct {
	mu     sync.Mutex
	ix     *mentoring.Index
	groups map[int64]*groupPlace // the index's groups, for unindexedParty
	follow *changes.Follower
}

// index returns the index and its groups, built anew if a write changed
// what it is built from. Call it with mu held.
func (c *mentoringCache) index(ctx context.Context, d *DB) (*mentoring.Index, map[int64]*groupPlace, error) {
	if c.follow == nil {
		c.follow = &changes.Follower{Log: d, Apply: func(_ context.Context, s changes.Set) error {
			if s.Has(mentoringTables...) {
				c.ix = nil
			}
			return nil
		}}
	}
	// A log that cannot be read keeps the index (the read below fails
	// too if the store is down) and drops it once the log is back.
	c.follow.Step(ctx)
	if c.ix != nil {
		return c.ix, c.groups, nil
	}
	var in mentoring.Input
	var groups map[int64]*groupPlace
	err := d.View(ctx, func(tx *Tx) error {
		var err error
		in, groups, err = tx.mentoringInput(ctx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	c.ix, c.groups = mentoring.New(in), groups
	return c.ix, c.groups, nil
}

// unindexedParty is holder h, which the index does not hold, as a party:
// a group the index does not hold is archived (ErrUnknownParty); a person
// is placed by the groups they coordinate. Returns ErrNotFound for an
// unknown holder.
func (d *DB) unindexedParty(ctx context.Context, h wikicities.Holder, groups map[int64]*groupPlace) (mentoring.Party, error) {
	p := mentoring.Party{Ref: mentoring.Ref{Kind: mentoring.Kind(h.Kind), ID: h.ID}}
	err := d.View(ctx, func(tx *Tx) error {
		var err error
		if p.Name, err = tx.holderName(ctx, h); err != nil {
			return err
		}
		if h.Kind == wikicities.HolderGroup {
			if g := groups[h.ID]; g != nil {
				p.CityID, p.Lat, p.Lng, p.Languages = g.city, g.lat, g.lng, g.langs
				return nil
			}
			return mentoring.ErrUnknownParty
		}
		return tx.each(ctx, `SELECT party_id FROM coordinators WHERE user_id = ? AND party_kind = 'community' ORDER BY party_id`, func(sc scanner) error {
			var g int64
			if err := sc.Scan(&g); err != nil {
				return err
			}
			p.Groups = append(p.Groups, g)
			return nil
		}, h.ID)
	})
	if err == nil && h.Kind == wikicities.HolderPerson {
		placeByGroups(&p, groups)
	}
	return p, err
}

type groupPlace struct {
	city     int64
	lat, lng float64
	langs    []string
	name     string
}

// placeByGroups gives person p the city of their first group that is
// placed (not archived) and the languages of all of them.
func placeByGroups(p *mentoring.Party, groups map[int64]*groupPlace) {
	placed := false
	for _, g := range p.Groups {
		if gp := groups[g]; gp != nil {
			if !placed {
				p.CityID, p.Lat, p.Lng, placed = gp.city, gp.lat, gp.lng, true
			}
			p.Languages = append(p.Languages, gp.langs...)
		}
	}
}

// mentoringInput reads what the mentoring index is built from: every
// group that is not archived, every person with capacities, availability
// or an open mentorship, the twin links between groups' cities, the live
// partnerships between groups and the open mentorships. It also returns
// the groups by id.
func (t *Tx) mentoringInput(ctx context.Context) (mentoring.Input, map[int64]*groupPlace, error) {
	var in mentoring.Input
	all, err := t.holderCapacities(ctx, "")
	if err != nil {
		return in, nil, err
	}
	groups, err := t.groupPlaces(ctx)
	if err != nil {
		return in, nil, err
	}
	// Open mentorships: their pairs are excluded, and each mentor's
	// accepted and active ones count against their mentee limit.
	mentees := map[mentoring.Ref]int{}
	err = t.each(ctx, `SELECT holder_kind, mentor_id, mentee_id, state FROM mentorships WHERE state IN `+openStates, func(sc scanner) error {
		var k, state string
		var a, b int64
		if err := sc.Scan(&k, &a, &b, &state); err != nil {
			return err
		}
		mentor, mentee := mentoring.Ref{Kind: mentoring.Kind(k), ID: a}, mentoring.Ref{Kind: mentoring.Kind(k), ID: b}
		in.Excluded = append(in.Excluded, [2]mentoring.Ref{mentor, mentee})
		if state != string(wikicities.MentorshipRequested) {
			mentees[mentor]++
		}
		return nil
	})
	if err != nil {
		return in, nil, err
	}
	// Every group, and the people who hold capacities or take part in a
	// mentorship (the others are placed when they ask: unindexedParty).
	holders := map[wikicities.Holder]*wikicities.HolderCapacities{}
	for _, hc := range all {
		holders[hc.Holder] = hc
	}
	for id := range groups {
		h := wikicities.Holder{Kind: wikicities.HolderGroup, ID: id}
		if holders[h] == nil {
			holders[h] = &wikicities.HolderCapacities{Holder: h}
		}
	}
	for _, e := range in.Excluded {
		for _, r := range e {
			if h := (wikicities.Holder{Kind: wikicities.HolderKind(r.Kind), ID: r.ID}); holders[h] == nil {
				holders[h] = &wikicities.HolderCapacities{Holder: h}
			}
		}
	}
	people, err := t.peopleOf(ctx, holders)
	if err != nil {
		return in, nil, err
	}
	for h, hc := range holders {
		p := mentoring.Party{Ref: mentoring.Ref{Kind: mentoring.Kind(h.Kind), ID: h.ID},
			Available: hc.Available, Wanted: hc.Wanted, AwayUntil: hc.AwayUntil, MenteeLimit: hc.MenteeLimit}
		p.Mentees = mentees[p.Ref]
		if h.Kind == wikicities.HolderGroup {
			g := groups[h.ID]
			if g == nil {
				continue // archived or gone
			}
			p.Name, p.CityID, p.Lat, p.Lng, p.Languages = g.name, g.city, g.lat, g.lng, g.langs
		} else {
			u, ok := people[h.ID]
			if !ok {
				continue // gone
			}
			p.Name, p.Groups = u.name, u.groups
			placeByGroups(&p, groups)
		}
		in.Parties = append(in.Parties, p)
	}
	// Map order must not leak into the index (ties rank by id anyway).
	slices.SortFunc(in.Parties, func(a, b mentoring.Party) int {
		return cmp.Or(cmp.Compare(a.Ref.Kind, b.Ref.Kind), cmp.Compare(a.Ref.ID, b.Ref.ID))
	})
	if err := t.each(ctx, `SELECT a, b FROM twin_links WHERE a IN (SELECT city_id FROM communities) AND b IN (SELECT city_id FROM communities)`, func(sc scanner) error {
		var a, b int64
		if err := sc.Scan(&a, &b); err != nil {
			return err
		}
		in.Twins = append(in.Twins, [2]int64{a, b})
		return nil
	}); err != nil {
		return in, nil, err
	}
	err = t.each(ctx, `SELECT a_community_id, b_community_id FROM partnerships
		WHERE b_community_id IS NOT NULL AND state IN ('accepted', 'active', 'dormant')`, func(sc scanner) error {
		var a, b int64
		if err := sc.Scan(&a, &b); err != nil {
			return err
		}
		in.Partners = append(in.Partners, [2]int64{a, b})
		return nil
	})
	return in, groups, err
}

// groupPlaces reads every group that is not archived with its city and
// languages.
func (t *Tx) groupPlaces(ctx context.Context) (map[int64]*groupPlace, error) {
	groups := map[int64]*groupPlace{}
	err := t.each(ctx, `SELECT c.id, c.name, COALESCE(c.city_id, 0), COALESCE(ci.lat, 0), COALESCE(ci.lng, 0)
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
		return nil, err
	}
	err = t.each(ctx, `SELECT community_id, language FROM community_languages ORDER BY language`, func(sc scanner) error {
		var id int64
		var l string
		if err := sc.Scan(&id, &l); err != nil {
			return err
		}
		if g := groups[id]; g != nil {
			g.langs = append(g.langs, l)
		}
		return nil
	})
	return groups, err
}

type person struct {
	name   string
	groups []int64
}

// peopleOf reads the names and coordinated groups of the people among
// holders.
func (t *Tx) peopleOf(ctx context.Context, holders map[wikicities.Holder]*wikicities.HolderCapacities) (map[int64]*person, error) {
	people := map[int64]*person{}
	err := t.each(ctx, `SELECT u.id, u.username, COALESCE(co.party_id, 0) FROM users u
		LEFT JOIN coordinators co ON co.user_id = u.id AND co.party_kind = 'community' ORDER BY u.id, co.party_id`, func(sc scanner) error {
		var id, g int64
		var name string
		if err := sc.Scan(&id, &name, &g); err != nil {
			return err
		}
		if holders[wikicities.Holder{Kind: wikicities.HolderPerson, ID: id}] == nil {
			return nil
		}
		u := people[id]
		if u == nil {
			u = &person{name: name}
			people[id] = u
		}
		if g != 0 {
			u.groups = append(u.groups, g)
		}
		return nil
	})
	return people, err
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
