package match

import (
	"fmt"
	"math"
	"slices"
	"sort"
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
	ReasonTwinRegion     = wikicities.ReasonTwinRegion
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
// cut (see query.words): most candidates of a busy city never do.
type candidate struct {
	s       Suggestion
	geo     bool // related through the twin graph or a request
	score   float64
	dist    float64 // km to us or to the twin city it stands in for; +Inf when unknown
	reasons []lazyReason
}

// lazyReason is a reason before it is put into words: its code, its weight
// and what its words name, held as plain values so that a reason never
// shown costs no allocation of its own.
type lazyReason struct {
	code    string
	weight  float64
	city    int64      // the city the reason is about
	nearest *candidate // NearTwin, RecruitNearest: the nearest community
	km      float64    // a distance, rounded
	via     []int64    // SecondDegree: the direct twins it is reached through
	req     *wikicities.PartnerRequest
	land    *coverLand // CoversCountry, TwinRegion (the region as land)
}

func (c *candidate) add(r lazyReason) {
	c.score += r.weight
	c.reasons = append(c.reasons, r)
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
		for _, cid := range m.byCity[t] {
			if c := q.community(cid); c != nil {
				c.geo = true
				c.add(lazyReason{code: ReasonTwinCity, weight: w.DirectTwin, city: t})
			}
		}
		for _, iid := range m.instByCity[t] {
			if shared(q.us.SkillsOffered, m.insts[iid].SkillsWanted) == 0 {
				continue
			}
			if c := q.institution(iid); c != nil {
				c.geo = true
				c.add(lazyReason{code: ReasonInstitution, weight: w.Institution, city: t})
			}
		}
		if len(m.byCity[t]) == 0 {
			q.nearTwin(t)
		}
	}
	q.nearHome()
	q.coversCountry(direct)
	q.inTwinRegion(direct)
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
			for _, cid := range m.byCity[s] {
				if c := q.community(cid); c != nil {
					c.geo = true
					c.add(lazyReason{code: ReasonSecondDegree, weight: w.SecondDegree, city: s, via: via})
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
		if n := shared(q.us.Languages, other.Languages); n > 0 && w.SharedLanguage > 0 {
			c.add(lazyReason{code: ReasonLanguages, weight: w.SharedLanguage * float64(n)})
		}
		if n := shared(other.SkillsOffered, q.us.SkillsWanted); n > 0 && w.Skill > 0 {
			c.add(lazyReason{code: ReasonTheyOffer, weight: w.Skill * float64(n)})
		}
		if n := shared(q.us.SkillsOffered, other.SkillsWanted); n > 0 && w.Skill > 0 {
			c.add(lazyReason{code: ReasonTheyWant, weight: w.Skill * float64(n)})
		}
		if other.Status == wikicities.StatusDormant {
			c.score *= w.DormantFactor
			c.add(lazyReason{code: ReasonDormant})
		}
	}
	for _, c := range q.insts {
		if c == nil || !c.geo {
			continue
		}
		if n := shared(q.us.SkillsOffered, m.insts[c.s.ID].SkillsWanted); n > 0 && w.Skill > 0 {
			c.add(lazyReason{code: ReasonTheyWant, weight: w.Skill * float64(n)})
		}
	}
}

// nearTwin handles a twin city t with no community: the nearest active
// community within the radius is suggested, and t is listed as a place to
// recruit.
func (q *query) nearTwin(t int64) {
	m, w := q.m, q.m.w
	city := m.graph.City(t)
	if city == nil {
		return
	}
	rec := &candidate{s: Suggestion{Kind: KindCity, ID: t, Name: city.Name, CityID: t}, dist: math.Inf(1)}
	rec.add(lazyReason{code: ReasonRecruit, weight: w.Recruit, city: t})
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
		rec.add(lazyReason{code: ReasonNoneNear, city: t})
		return
	}
	km := math.Round(bestD)
	c := q.community(best)
	c.geo = true
	c.near(bestD)
	c.add(lazyReason{code: ReasonNearTwin, weight: w.NearTwin, city: t, nearest: c, km: km})
	rec.add(lazyReason{code: ReasonRecruitNearest, city: t, nearest: c, km: km})
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
		theirs = append(theirs, m.reqByLand[m.sovereign(home.Country)]...)
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
			c.add(lazyReason{code: ReasonTheirRequest, weight: w.Request, req: r})
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
				c.add(lazyReason{code: ReasonOurRequest, weight: w.Request, req: r})
			}
		}
		for id, c := range q.insts {
			if o := m.insts[id]; c != nil && m.fits(r, string(o.Kind), o.CityID, nil, nil) {
				c.geo = true
				c.add(lazyReason{code: ReasonOurRequest, weight: w.Request, req: r})
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
	m.points.within(home.Lat, home.Lng, w.HomeRadiusKm, func(cityID int64, _, _, d float64) {
		for _, cid := range m.byCity[cityID] {
			if m.comms[cid].Status != wikicities.StatusActive {
				continue
			}
			if c := q.community(cid); c != nil {
				q.addNearHome(c, d)
			}
		}
	})
	m.instPoints.within(home.Lat, home.Lng, w.HomeRadiusKm, func(cityID int64, _, _, d float64) {
		for _, iid := range m.instByCity[cityID] {
			if c := q.institution(iid); c != nil {
				q.addNearHome(c, d)
			}
		}
	})
}

func (q *query) addNearHome(c *candidate, d float64) {
	c.geo = true
	c.near(d)
	c.add(lazyReason{code: ReasonNearHome, weight: q.m.w.NearHome, city: q.us.CityID, km: math.Round(d)})
}

// maxCovering is how many groups covering one twin city's country are
// suggested: the first allowed in byLand's order (active first; chapters,
// thematic organisations, user groups; the oldest first). A country
// has one chapter and a few such groups; the bound keeps a query cheap
// whatever the directory holds.
const maxCovering = 3

// coverLand is a country of our twin cities that groups cover.
type coverLand struct {
	key   string  // twins.Sovereign of the country
	label string  // the country as the first twin city there names it
	twins []int64 // our twin cities there, ascending
}

// coversCountry adds the chapters, user groups and thematic organisations
// that cover the country of one of our twin cities (see coversLand), at
// most maxCovering a country. Each gets one reason, naming the twin
// cities there.
func (q *query) coversCountry(direct []int64) {
	m, w := q.m, q.m.w
	if w.CoversCountry <= 0 || len(m.byLand) == 0 {
		return
	}
	lands := landsOf(direct, m.byLand, func(t int64) (string, string) {
		city := m.graph.City(t)
		if city == nil || city.Country == "" {
			return "", ""
		}
		return m.sovereign(city.Country), city.Country
	})
	q.addCovering(lands, m.byLand, ReasonCoversCountry, w.CoversCountry, false)
}

// inTwinRegion adds the communities of the region of each of our twin
// cities (Input.Region), elsewhere than in the twin city itself (those are
// direct twins), at most maxCovering a region, the oldest first. Each gets
// one reason, naming the region and the twin cities in it.
func (q *query) inTwinRegion(direct []int64) {
	m, w := q.m, q.m.w
	if w.TwinRegion <= 0 || m.region == nil {
		return
	}
	lands := landsOf(direct, m.byRegion, m.region)
	q.addCovering(lands, m.byRegion, ReasonTwinRegion, w.TwinRegion, true)
}

// landsOf groups our twin cities direct by the land keyOf places them in
// (a country, a region; "" for none), keeping the lands that groups cover
// (byKey), in the order of their first twin city; a land's label is what
// its first twin city calls it.
func landsOf(direct []int64, byKey map[string][]int64, keyOf func(int64) (key, label string)) []*coverLand {
	var lands []*coverLand
	for _, t := range direct {
		key, label := keyOf(t)
		if key == "" || len(byKey[key]) == 0 {
			continue
		}
		i := slices.IndexFunc(lands, func(l *coverLand) bool { return l.key == key })
		if i < 0 {
			i = len(lands)
			lands = append(lands, &coverLand{key: key, label: label})
		}
		lands[i].twins = append(lands[i].twins, t)
	}
	return lands
}

// addCovering gives the first maxCovering suggestable groups of each land
// (byKey, in its order) one reason of code, naming the land; skipTwins
// leaves out the groups in one of the land's twin cities (direct twins
// already).
func (q *query) addCovering(lands []*coverLand, byKey map[string][]int64, code string, weight float64, skipTwins bool) {
	for _, l := range lands {
		n := 0
		for _, cid := range byKey[l.key] {
			if n == maxCovering {
				break
			}
			if skipTwins && slices.Contains(l.twins, q.m.comms[cid].CityID) {
				continue
			}
			c := q.community(cid)
			if c == nil {
				continue
			}
			n++
			c.geo = true
			c.add(lazyReason{code: code, weight: weight, land: l})
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
			text, params := q.words(c, r)
			s.Reasons[k] = Reason{Code: r.code, Params: params, Text: text, Weight: r.weight}
		}
		out[i] = s
	}
	return out
}

// shared returns how many distinct values of a b holds: the length of
// intersect(a, b), counted without allocating.
func shared(a, b []string) int {
	n := 0
	for i, x := range a {
		if slices.Contains(b, x) && !slices.Contains(a[:i], x) {
			n++
		}
	}
	return n
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
