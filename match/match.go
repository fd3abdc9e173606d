// Package match suggests partners to a community, with reasons: communities
// in its twin cities and in twins of twins, the nearest community to a twin
// city that has none, shared languages, skills one offers that the other
// wants, institutions in twin cities, and open partner requests. It is pure
// Go with no I/O: the caller hands it the twin graph and the directory, and
// tells it about changes.
package match

import (
	"cmp"
	"slices"
	"sync"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Input is what the matcher is built from.
type Input struct {
	Graph        *twins.Graph
	Communities  []*wikicities.Community
	Institutions []*wikicities.Institution
	// Requests are partner requests; expired ones are ignored at query time.
	Requests []*wikicities.PartnerRequest
	// Partners are the live partnerships (PartnershipService.PartnerPairs):
	// their parties are never suggested to each other.
	Partners []wikicities.PartnershipParties
	// Region returns the key and name of the region (first-level
	// subdivision) a city of the graph lies in, "" when unknown; nil turns
	// the suggestions of groups in a twin city's region off. It must
	// always give the same answer for a city.
	Region func(cityID int64) (key, name string)
}

// Suggestion kinds.
const (
	KindCommunity   = wikicities.SuggestCommunity
	KindInstitution = wikicities.SuggestInstitution
	KindCity        = wikicities.SuggestCity // a twin city with no community: a place to recruit
)

// Matcher holds the indexes over the directory. It is safe for concurrent
// use; Put and Remove methods keep it current as the directory changes.
type Matcher struct {
	graph *twins.Graph
	w     Weights

	mu         sync.RWMutex
	comms      map[int64]*wikicities.Community
	byCity     map[int64][]int64 // suggestable (not closed, not archived) communities by city, ascending ids
	activeIn   map[int64]int     // number of active communities by city: the cities in the R-tree
	points     pointIndex
	insts      map[int64]*wikicities.Institution
	instByCity map[int64][]int64  // unarchived institutions by city, ascending ids
	instPoints pointIndex         // the cities in instByCity that have coordinates
	byLand     map[string][]int64 // sovereign country -> suggestable communities covering it, best first (see coversLand, coverLess)
	region     func(cityID int64) (key, name string)
	byRegion   map[string][]int64 // region key -> suggestable communities in its cities, ascending ids
	lands      map[string]string  // country label -> twins.Sovereign of it, for the labels of the graph's cities at New
	reqs       map[int64]*wikicities.PartnerRequest
	reqByParty map[wikicities.PartyRef][]int64
	reqByCity  map[int64][]int64
	reqByLand  map[string][]int64 // sovereign country -> requests naming it
	excluded   map[wikicities.PartyPair]bool
}

// New builds a matcher over in with weights w (see DefaultWeights).
func New(in Input, w Weights) *Matcher {
	m := &Matcher{
		graph: in.Graph, w: w,
		comms: map[int64]*wikicities.Community{}, byCity: map[int64][]int64{}, activeIn: map[int64]int{},
		insts: map[int64]*wikicities.Institution{}, instByCity: map[int64][]int64{}, byLand: map[string][]int64{},
		reqs: map[int64]*wikicities.PartnerRequest{}, reqByParty: map[wikicities.PartyRef][]int64{},
		reqByCity: map[int64][]int64{}, reqByLand: map[string][]int64{},
		excluded: map[wikicities.PartyPair]bool{}, region: in.Region, byRegion: map[string][]int64{},
	}
	// A query asks the sovereign state of every twin city's country: the
	// few hundred labels are folded once here, not on every query.
	if in.Graph != nil {
		m.lands = map[string]string{}
		for _, c := range in.Graph.Cities() {
			if _, ok := m.lands[c.Country]; !ok && c.Country != "" {
				m.lands[c.Country] = twins.Sovereign(c.Country)
			}
		}
	}
	for _, c := range in.Communities {
		m.putCommunity(c)
	}
	for _, i := range in.Institutions {
		m.putInstitution(i)
	}
	for _, r := range in.Requests {
		m.putRequest(r)
	}
	for _, p := range in.Partners {
		m.excluded[p.Pair()] = true
	}
	return m
}

// Weights returns the weights in use.
func (m *Matcher) Weights() Weights { return m.w }

func suggestable(c *wikicities.Community) bool {
	return !c.Archived && c.Status != wikicities.StatusClosed
}

func insertID(s []int64, id int64) []int64 {
	i, found := slices.BinarySearch(s, id)
	if found {
		return s
	}
	return slices.Insert(s, i, id)
}

func removeID(s []int64, id int64) []int64 {
	if i, found := slices.BinarySearch(s, id); found {
		return slices.Delete(s, i, i+1)
	}
	return s
}

// PutCommunity adds c or replaces the community with its id.
func (m *Matcher) PutCommunity(c *wikicities.Community) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putCommunity(c)
}

func (m *Matcher) putCommunity(c *wikicities.Community) {
	m.removeCommunity(c.ID)
	m.comms[c.ID] = c
	if !suggestable(c) {
		return
	}
	m.byCity[c.CityID] = insertID(m.byCity[c.CityID], c.ID)
	if key := m.regionOf(c.CityID); key != "" {
		m.byRegion[key] = insertID(m.byRegion[key], c.ID)
	}
	if land := m.coversLand(c); land != "" {
		ids := m.byLand[land]
		i, _ := slices.BinarySearchFunc(ids, c, m.coverCompare)
		m.byLand[land] = slices.Insert(ids, i, c.ID)
	}
	if c.Status == wikicities.StatusActive {
		m.activeIn[c.CityID]++
		if m.activeIn[c.CityID] == 1 {
			if city := m.graph.City(c.CityID); city != nil && city.HasCoords {
				m.points.insert(city.ID, city.Lat, city.Lng)
			}
		}
	}
}

// RemoveCommunity forgets the community with id.
func (m *Matcher) RemoveCommunity(id int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.removeCommunity(id)
}

func (m *Matcher) removeCommunity(id int64) {
	old := m.comms[id]
	if old == nil {
		return
	}
	delete(m.comms, id)
	if !suggestable(old) {
		return
	}
	m.byCity[old.CityID] = removeID(m.byCity[old.CityID], id)
	if key := m.regionOf(old.CityID); key != "" {
		m.byRegion[key] = removeID(m.byRegion[key], id)
	}
	if land := m.coversLand(old); land != "" {
		m.byLand[land] = slices.DeleteFunc(m.byLand[land], func(x int64) bool { return x == id })
	}
	if old.Status == wikicities.StatusActive {
		m.activeIn[old.CityID]--
		if m.activeIn[old.CityID] == 0 {
			delete(m.activeIn, old.CityID)
			if city := m.graph.City(old.CityID); city != nil && city.HasCoords {
				m.points.remove(city.ID, city.Lat, city.Lng)
			}
		}
	}
}

// PutInstitution adds i or replaces the institution with its id.
func (m *Matcher) PutInstitution(i *wikicities.Institution) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putInstitution(i)
}

func (m *Matcher) putInstitution(i *wikicities.Institution) {
	m.removeInstitution(i.ID)
	m.insts[i.ID] = i
	if i.Archived {
		return
	}
	m.instByCity[i.CityID] = insertID(m.instByCity[i.CityID], i.ID)
	if len(m.instByCity[i.CityID]) == 1 {
		if city := m.graph.City(i.CityID); city != nil && city.HasCoords {
			m.instPoints.insert(city.ID, city.Lat, city.Lng)
		}
	}
}

// RemoveInstitution forgets the institution with id.
func (m *Matcher) RemoveInstitution(id int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.removeInstitution(id)
}

func (m *Matcher) removeInstitution(id int64) {
	old := m.insts[id]
	if old == nil {
		return
	}
	delete(m.insts, id)
	if old.Archived {
		return
	}
	m.instByCity[old.CityID] = removeID(m.instByCity[old.CityID], id)
	if len(m.instByCity[old.CityID]) == 0 {
		delete(m.instByCity, old.CityID)
		if city := m.graph.City(old.CityID); city != nil && city.HasCoords {
			m.instPoints.remove(city.ID, city.Lat, city.Lng)
		}
	}
}

// regionOf returns the key of the region of city id, or "".
func (m *Matcher) regionOf(id int64) string {
	if m.region == nil || id == 0 {
		return ""
	}
	key, _ := m.region(id)
	return key
}

// coversLand returns the sovereign country that community c covers as a
// whole, or "": a chapter or thematic organisation covers the country it is
// in, and a chapter, user group or thematic organisation listed by its
// country alone (no city, see migration 00040) covers that country.
func (m *Matcher) coversLand(c *wikicities.Community) string {
	switch c.Kind {
	case wikicities.KindChapter, wikicities.KindThematic, wikicities.KindUserGroup:
	default:
		return ""
	}
	if c.CityID == 0 {
		if c.Country == "" {
			return ""
		}
		return m.sovereign(c.Country)
	}
	if c.Kind == wikicities.KindUserGroup {
		return ""
	}
	if city := m.graph.City(c.CityID); city != nil && city.Country != "" {
		return m.sovereign(city.Country)
	}
	return ""
}

// sovereign is twins.Sovereign, read from the labels folded at New when
// country is one of them.
func (m *Matcher) sovereign(country string) string {
	if s, ok := m.lands[country]; ok {
		return s
	}
	return twins.Sovereign(country)
}

// coverRank orders the groups covering one country, best first: the
// active before the dormant, and in each, chapters, then thematic
// organisations, then user groups.
func coverRank(c *wikicities.Community) int {
	r := 0
	switch c.Kind {
	case wikicities.KindThematic:
		r = 1
	case wikicities.KindUserGroup:
		r = 2
	}
	if c.Status != wikicities.StatusActive {
		r += 3
	}
	return r
}

// coverCompare orders community id of byLand against c: by coverRank, then
// by id (the oldest first).
func (m *Matcher) coverCompare(id int64, c *wikicities.Community) int {
	if d := coverRank(m.comms[id]) - coverRank(c); d != 0 {
		return d
	}
	return cmp.Compare(id, c.ID)
}

// PutRequest adds r or replaces the request with its id.
func (m *Matcher) PutRequest(r *wikicities.PartnerRequest) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.putRequest(r)
}

func (m *Matcher) putRequest(r *wikicities.PartnerRequest) {
	m.removeRequest(r.ID)
	m.reqs[r.ID] = r
	m.reqByParty[r.Party] = insertID(m.reqByParty[r.Party], r.ID)
	for _, c := range r.CityIDs {
		m.reqByCity[c] = insertID(m.reqByCity[c], r.ID)
	}
	for _, c := range r.Countries {
		k := twins.Sovereign(c)
		m.reqByLand[k] = insertID(m.reqByLand[k], r.ID)
	}
}

// RemoveRequest forgets the request with id.
func (m *Matcher) RemoveRequest(id int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.removeRequest(id)
}

func (m *Matcher) removeRequest(id int64) {
	r := m.reqs[id]
	if r == nil {
		return
	}
	delete(m.reqs, id)
	m.reqByParty[r.Party] = removeID(m.reqByParty[r.Party], id)
	for _, c := range r.CityIDs {
		m.reqByCity[c] = removeID(m.reqByCity[c], id)
	}
	for _, c := range r.Countries {
		k := twins.Sovereign(c)
		m.reqByLand[k] = removeID(m.reqByLand[k], id)
	}
}

// Exclude records that a and b are partners: they are not suggested to
// each other.
func (m *Matcher) Exclude(p wikicities.PartyPair) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.excluded[p.Key()] = true
}
