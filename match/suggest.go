package match

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Suggestion is one ranked candidate with the reasons for it.
type Suggestion = wikicities.Suggestion

// Reason explains part of a score.
type Reason = wikicities.Reason

// Reason codes.
const (
	ReasonTwinCity       = wikicities.ReasonTwinCity
	ReasonSecondDegree   = wikicities.ReasonSecondDegree
	ReasonNearTwin       = wikicities.ReasonNearTwin
	ReasonLanguages      = wikicities.ReasonLanguages
	ReasonTheyOffer      = wikicities.ReasonTheyOffer
	ReasonTheyWant       = wikicities.ReasonTheyWant
	ReasonInstitution    = wikicities.ReasonInstitution
	ReasonTheirRequest   = wikicities.ReasonTheirRequest
	ReasonOurRequest     = wikicities.ReasonOurRequest
	ReasonDormant        = wikicities.ReasonDormant
	ReasonRecruit        = wikicities.ReasonRecruit
	ReasonNoneNear       = wikicities.ReasonNoneNear
	ReasonRecruitNearest = wikicities.ReasonRecruitNearest
	ReasonNearHome       = wikicities.ReasonNearHome
	ReasonCoversCountry  = wikicities.ReasonCoversCountry
)

// Options tune one query.
type Options struct {
	// Limit caps the number of suggestions; 0 means 50.
	Limit int
	// Now decides which requests are open; zero means time.Now.
	Now time.Time
}

// ErrUnknownCommunity is returned by Suggest for an id the matcher does not
// hold; it matches wikicities.ErrNotFound.
var ErrUnknownCommunity = fmt.Errorf("match: unknown community: %w", wikicities.ErrNotFound)

// candidate accumulates the reasons of one suggestion. The words and
// parameters of a reason are made only for the candidates that make the
// cut: most candidates of a busy city never do.
type candidate struct {
	s       Suggestion
	geo     bool // related through the twin graph or a request
	score   float64
	dist    float64 // km to us or to the twin city it stands in for; +Inf when unknown
	reasons []lazyReason
}

type lazyReason struct {
	code   string
	weight float64
	words  func() (text string, params map[string]any)
}

func (c *candidate) add(code string, w float64, words func() (string, map[string]any)) {
	c.score += w
	c.reasons = append(c.reasons, lazyReason{code, w, words})
}

// Suggest ranks partners for the community with id: communities,
// institutions, and twin cities to recruit in, best first, ties broken by
// distance, name, kind and id. Returns ErrUnknownCommunity.
func (m *Matcher) Suggest(id int64, opts Options) ([]Suggestion, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	us := m.comms[id]
	if us == nil {
		return nil, ErrUnknownCommunity
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	q := query{m: m, us: us, ref: us.Ref(), now: now, comms: map[int64]*candidate{}, insts: map[int64]*candidate{}}
	q.run()
	limit := opts.Limit
	if limit <= 0 {
		limit = 50
	}
	return q.ranked(limit), nil
}

// query is one Suggest call.
type query struct {
	m      *Matcher
	us     *wikicities.Community
	ref    wikicities.PartyRef
	now    time.Time
	comms  map[int64]*candidate
	insts  map[int64]*candidate
	cities []*candidate
}

func (q *query) cityLabel(id int64) string {
	if c := q.m.graph.City(id); c != nil {
		return wikicities.LabelString(c.Name, c.Country)
	}
	return fmt.Sprintf("city %d", id)
}

func (q *query) cityName(id int64) string {
	if c := q.m.graph.City(id); c != nil {
		return c.Name
	}
	return fmt.Sprintf("city %d", id)
}

// community returns the candidate for community id, or nil when it may not
// be suggested (ourselves, an existing partner, closed or archived).
func (q *query) community(id int64) *candidate {
	if c, ok := q.comms[id]; ok {
		return c
	}
	c := q.m.comms[id]
	if !q.allowed(c) {
		q.comms[id] = nil
		return nil
	}
	cand := &candidate{s: Suggestion{Kind: KindCommunity, ID: id, Name: c.Name, CityID: c.CityID}, dist: math.Inf(1)}
	q.comms[id] = cand
	return cand
}

// allowed reports whether community c may be suggested to us.
func (q *query) allowed(c *wikicities.Community) bool {
	return c != nil && c.ID != q.us.ID && suggestable(c) && (len(q.m.excluded) == 0 || !q.m.excluded[wikicities.PartyPair{A: q.ref, B: c.Ref()}.Key()])
}

func (q *query) institution(id int64) *candidate {
	if c, ok := q.insts[id]; ok {
		return c
	}
	i := q.m.insts[id]
	if i == nil || i.Archived || q.m.excluded[wikicities.PartyPair{A: q.ref, B: i.Ref()}.Key()] {
		q.insts[id] = nil
		return nil
	}
	cand := &candidate{s: Suggestion{Kind: KindInstitution, ID: id, Name: i.Name, CityID: i.CityID}, dist: math.Inf(1)}
	q.insts[id] = cand
	return cand
}

func (q *query) run() {
	m, w, home := q.m, q.m.w, q.us.CityID
	direct := m.graph.Twins(home)
	// Communities and institutions in our twin cities; twin cities with no
	// community get the nearest one and a place-to-recruit entry.
	for _, t := range direct {
		name := q.cityName(t)
		for _, cid := range m.byCity[t] {
			if c := q.community(cid); c != nil {
				c.geo = true
				c.add(ReasonTwinCity, w.DirectTwin, func() (string, map[string]any) {
					return fmt.Sprintf("based in %s, a twin city of %s", name, q.cityName(home)), map[string]any{"city_id": t, "city": name}
				})
			}
		}
		for _, iid := range m.instByCity[t] {
			inst := m.insts[iid]
			shared := intersect(q.us.SkillsOffered, inst.SkillsWanted)
			if len(shared) == 0 {
				continue
			}
			if c := q.institution(iid); c != nil {
				c.geo = true
				c.add(ReasonInstitution, w.Institution, func() (string, map[string]any) {
					return fmt.Sprintf("in %s, a twin city of %s", name, q.cityName(home)), map[string]any{"city_id": t, "city": name}
				})
			}
		}
		if len(m.byCity[t]) == 0 {
			q.nearTwin(t, name)
		}
	}
	q.nearHome()
	q.coversCountry(direct)
	// Twins of twins, below direct twins: only cities with a community
	// matter, so the walk skips the rest without allocating.
	if w.SecondDegree > 0 {
		vias := map[int64][]int64{}
		for _, t := range direct {
			for _, s := range m.graph.Twins(t) {
				if s == home || len(m.byCity[s]) == 0 {
					continue
				}
				if _, isDirect := slices.BinarySearch(direct, s); isDirect {
					continue
				}
				vias[s] = append(vias[s], t)
			}
		}
		for s, via := range vias {
			name := q.cityName(s)
			for _, cid := range m.byCity[s] {
				if c := q.community(cid); c != nil {
					c.geo = true
					c.add(ReasonSecondDegree, w.SecondDegree, func() (string, map[string]any) {
						names := make([]string, 0, len(via))
						for _, v := range via {
							names = append(names, q.cityName(v))
						}
						sort.Strings(names)
						return fmt.Sprintf("based in %s, a twin of our twin %s", name, strings.Join(names, ", ")),
							map[string]any{"city_id": s, "city": name, "via": names}
					})
				}
			}
		}
	}
	q.requests()
	// Languages and skills add to the candidates found above.
	for _, c := range q.comms {
		if c == nil || !c.geo {
			continue
		}
		other := m.comms[c.s.ID]
		if l := intersect(q.us.Languages, other.Languages); len(l) > 0 && w.SharedLanguage > 0 {
			c.add(ReasonLanguages, w.SharedLanguage*float64(len(l)), func() (string, map[string]any) {
				return "works in " + strings.Join(l, ", ") + " as we do", map[string]any{"languages": l}
			})
		}
		if s := intersect(other.SkillsOffered, q.us.SkillsWanted); len(s) > 0 && w.Skill > 0 {
			c.add(ReasonTheyOffer, w.Skill*float64(len(s)), func() (string, map[string]any) {
				return "offers " + strings.Join(s, ", ") + ", which we want", map[string]any{"skills": s}
			})
		}
		if s := intersect(q.us.SkillsOffered, other.SkillsWanted); len(s) > 0 && w.Skill > 0 {
			c.add(ReasonTheyWant, w.Skill*float64(len(s)), func() (string, map[string]any) {
				return "wants " + strings.Join(s, ", ") + ", which we offer", map[string]any{"skills": s}
			})
		}
		if other.Status == wikicities.StatusDormant {
			c.score *= w.DormantFactor
			c.add(ReasonDormant, 0, func() (string, map[string]any) { return "dormant at the moment", map[string]any{} })
		}
	}
	for _, c := range q.insts {
		if c == nil || !c.geo {
			continue
		}
		if s := intersect(q.us.SkillsOffered, m.insts[c.s.ID].SkillsWanted); len(s) > 0 && w.Skill > 0 {
			c.add(ReasonTheyWant, w.Skill*float64(len(s)), func() (string, map[string]any) {
				return "wants " + strings.Join(s, ", ") + ", which we offer", map[string]any{"skills": s}
			})
		}
	}
}

// nearTwin handles a twin city t with no community: the nearest active
// community within the radius is suggested, and t is listed as a place to
// recruit.
func (q *query) nearTwin(t int64, name string) {
	m, w := q.m, q.m.w
	city := m.graph.City(t)
	if city == nil {
		return
	}
	rec := &candidate{s: Suggestion{Kind: KindCity, ID: t, Name: city.Name, CityID: t}, dist: math.Inf(1)}
	rec.add(ReasonRecruit, w.Recruit, func() (string, map[string]any) {
		return fmt.Sprintf("%s is a twin city of %s with no Wikimedia group yet: a place to recruit", name, q.cityName(q.us.CityID)), map[string]any{"city_id": t, "city": name, "our_city": q.cityName(q.us.CityID)}
	})
	q.cities = append(q.cities, rec)
	if !city.HasCoords {
		return
	}
	best, bestD := int64(0), math.Inf(1)
	m.points.within(city.Lat, city.Lng, w.RadiusKm, func(cityID int64, _, _, d float64) {
		for _, cid := range m.byCity[cityID] {
			c := m.comms[cid]
			if c.Status != wikicities.StatusActive || !q.allowed(c) {
				continue
			}
			if d < bestD || (d == bestD && cid < best) {
				best, bestD = cid, d
			}
		}
	})
	if best == 0 {
		rec.add(ReasonNoneNear, 0, func() (string, map[string]any) {
			return fmt.Sprintf("no active community within %g km", w.RadiusKm), map[string]any{"city": name, "radius_km": w.RadiusKm}
		})
		return
	}
	km := math.Round(bestD)
	c := q.community(best)
	c.geo = true
	c.near(bestD)
	c.add(ReasonNearTwin, w.NearTwin, func() (string, map[string]any) {
		return fmt.Sprintf("no group in %s yet; nearest: %s (%g km)", name, c.s.Name, km), map[string]any{"twin_city_id": t, "twin_city": name, "distance_km": km}
	})
	rec.add(ReasonRecruitNearest, 0, func() (string, map[string]any) {
		return fmt.Sprintf("nearest community: %s (%g km)", c.s.Name, km), map[string]any{"community_id": best, "community": c.s.Name, "distance_km": km}
	})
}

// requests adds the candidates that answer an open request: a request of
// theirs we fit, or one of ours they fit.
func (q *query) requests() {
	m, w, us := q.m, q.m.w, q.us
	home := m.graph.City(us.CityID)
	// Theirs: requests naming our city or our country, and requests of the
	// candidates found so far.
	seen := map[int64]bool{}
	theirs := append([]int64(nil), m.reqByCity[us.CityID]...)
	if home != nil && home.Country != "" {
		theirs = append(theirs, m.reqByLand[twins.Sovereign(home.Country)]...)
	}
	for id, c := range q.comms {
		if c != nil {
			theirs = append(theirs, m.reqByParty[wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id}]...)
		}
	}
	for id, c := range q.insts {
		if c != nil {
			theirs = append(theirs, m.reqByParty[wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: id}]...)
		}
	}
	slices.Sort(theirs)
	for _, rid := range theirs {
		if seen[rid] {
			continue
		}
		seen[rid] = true
		r := m.reqs[rid]
		if r == nil || !r.Open(q.now) || r.Party == q.ref || !m.fits(r, string(us.Kind), us.CityID, us.Languages, us.SkillsOffered) {
			continue
		}
		var c *candidate
		if r.Party.Kind == wikicities.PartyCommunity {
			c = q.community(r.Party.ID)
		} else {
			c = q.institution(r.Party.ID)
		}
		if c != nil {
			c.geo = true
			c.add(ReasonTheirRequest, w.Request, func() (string, map[string]any) {
				return fmt.Sprintf("we answer their request %q", r.Title), map[string]any{"request_id": r.ID, "title": r.Title}
			})
		}
	}
	// Ours: the parties in the cities our open requests name, and the
	// candidates found so far, when they fit.
	for _, rid := range m.reqByParty[q.ref] {
		r := m.reqs[rid]
		if !r.Open(q.now) {
			continue
		}
		for _, city := range r.CityIDs {
			for _, cid := range m.byCity[city] {
				q.community(cid)
			}
			for _, iid := range m.instByCity[city] {
				q.institution(iid)
			}
		}
		for id, c := range q.comms {
			if o := m.comms[id]; c != nil && m.fits(r, string(o.Kind), o.CityID, o.Languages, o.SkillsOffered) {
				c.geo = true
				c.add(ReasonOurRequest, w.Request, func() (string, map[string]any) {
					return fmt.Sprintf("answers our request %q", r.Title), map[string]any{"request_id": r.ID, "title": r.Title}
				})
			}
		}
		for id, c := range q.insts {
			if o := m.insts[id]; c != nil && m.fits(r, string(o.Kind), o.CityID, nil, nil) {
				c.geo = true
				c.add(ReasonOurRequest, w.Request, func() (string, map[string]any) {
					return fmt.Sprintf("answers our request %q", r.Title), map[string]any{"request_id": r.ID, "title": r.Title}
				})
			}
		}
	}
}

// fits reports whether a party of kind in city, working in languages and
// offering skills, is what r seeks. Institutions have no languages nor
// offered skills, so those criteria do not rule them out.
func (m *Matcher) fits(r *wikicities.PartnerRequest, kind string, city int64, languages, skills []string) bool {
	if len(r.PartnerKinds) > 0 && !slices.Contains(r.PartnerKinds, kind) {
		return false
	}
	if len(r.CityIDs) > 0 || len(r.Countries) > 0 {
		ok := slices.Contains(r.CityIDs, city)
		if c := m.graph.City(city); !ok && c != nil {
			for _, land := range r.Countries {
				if twins.CountriesCompatible(land, c.Country) {
					ok = true
					break
				}
			}
		}
		if !ok {
			return false
		}
	}
	if len(r.Languages) > 0 && languages != nil && len(intersect(r.Languages, languages)) == 0 {
		return false
	}
	if len(r.Skills) > 0 && skills != nil && len(intersect(r.Skills, skills)) == 0 {
		return false
	}
	return true
}

// near records that the candidate is d km from us or from the twin city it
// stands in for; the shortest distance breaks ties of score.
func (c *candidate) near(d float64) {
	if d < c.dist {
		c.dist = d
	}
}

// nearHome adds the active communities and the institutions within
// HomeRadiusKm of our own city, with the distance.
func (q *query) nearHome() {
	m, w := q.m, q.m.w
	home := m.graph.City(q.us.CityID)
	if w.HomeRadiusKm <= 0 || home == nil || !home.HasCoords {
		return
	}
	ours := home.Name
	m.points.within(home.Lat, home.Lng, w.HomeRadiusKm, func(cityID int64, _, _, d float64) {
		for _, cid := range m.byCity[cityID] {
			if m.comms[cid].Status != wikicities.StatusActive {
				continue
			}
			if c := q.community(cid); c != nil {
				q.addNearHome(c, ours, d)
			}
		}
	})
	m.instPoints.within(home.Lat, home.Lng, w.HomeRadiusKm, func(cityID int64, _, _, d float64) {
		for _, iid := range m.instByCity[cityID] {
			if c := q.institution(iid); c != nil {
				q.addNearHome(c, ours, d)
			}
		}
	})
}

func (q *query) addNearHome(c *candidate, ours string, d float64) {
	km := math.Round(d)
	c.geo = true
	c.near(d)
	c.add(ReasonNearHome, q.m.w.NearHome, func() (string, map[string]any) {
		return fmt.Sprintf("%g km from %s", km, ours), map[string]any{"city_id": q.us.CityID, "city": ours, "distance_km": km}
	})
}

// coversCountry adds the chapters, user groups and thematic organisations
// that cover the country of one of our twin cities (see coversLand). Each
// gets one reason per country, naming the twin cities there.
func (q *query) coversCountry(direct []int64) {
	m, w := q.m, q.m.w
	if w.CoversCountry <= 0 {
		return
	}
	type land struct {
		label string
		twins []string
	}
	lands := map[string]*land{}
	var keys []string
	for _, t := range direct {
		city := m.graph.City(t)
		if city == nil || city.Country == "" {
			continue
		}
		k := twins.Sovereign(city.Country)
		if len(m.byLand[k]) == 0 {
			continue
		}
		l := lands[k]
		if l == nil {
			l = &land{label: city.Country}
			lands[k] = l
			keys = append(keys, k)
		}
		l.twins = append(l.twins, city.Name)
	}
	sort.Strings(keys)
	for _, k := range keys {
		l := lands[k]
		sort.Strings(l.twins)
		for _, cid := range m.byLand[k] {
			c := q.community(cid)
			if c == nil {
				continue
			}
			c.geo = true
			c.add(ReasonCoversCountry, w.CoversCountry, func() (string, map[string]any) {
				return fmt.Sprintf("covers %s, where your twin city %s is", l.label, strings.Join(l.twins, ", ")),
					map[string]any{"country": l.label, "twin_city": l.twins[0], "twin_cities": l.twins}
			})
		}
	}
}

var kindOrder = map[string]int{KindCommunity: 0, KindInstitution: 1, KindCity: 2}

// ranked orders the candidates, best first, ties broken by distance (the
// closest first), then name, kind and id,
// and puts words to the reasons of the first limit.
func (q *query) ranked(limit int) []Suggestion {
	var all []*candidate
	for _, c := range q.comms {
		if c != nil && c.geo {
			all = append(all, c)
		}
	}
	for _, c := range q.insts {
		if c != nil && c.geo {
			all = append(all, c)
		}
	}
	all = append(all, q.cities...)
	for _, c := range all {
		c.score = math.Round(c.score*1000) / 1000
	}
	sort.Slice(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.score != b.score {
			return a.score > b.score
		}
		if a.dist != b.dist {
			return a.dist < b.dist
		}
		if a.s.Name != b.s.Name {
			return a.s.Name < b.s.Name
		}
		if a.s.Kind != b.s.Kind {
			return kindOrder[a.s.Kind] < kindOrder[b.s.Kind]
		}
		return a.s.ID < b.s.ID
	})
	if len(all) > limit {
		all = all[:limit]
	}
	out := make([]Suggestion, len(all))
	for i, c := range all {
		s := c.s
		s.Score = c.score
		s.City = q.cityLabel(s.CityID)
		s.Reasons = make([]Reason, len(c.reasons))
		for k, r := range c.reasons {
			text, params := r.words()
			s.Reasons[k] = Reason{Code: r.code, Params: params, Text: text, Weight: r.weight}
		}
		out[i] = s
	}
	return out
}

// intersect returns the values both a and b hold, sorted. Inputs are small.
func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	sort.Strings(out)
	return out
}
