package match

import (
	"math"
	"sort"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Place is a city to recruit a community in.
type Place = wikicities.RecruitPlace

// Recruit returns the twin cities of cities that have no community, ordered
// by how many communities a group there would connect (most first), then
// by name and id.
func (m *Matcher) Recruit(cities []int64) []Place {
	m.mu.RLock()
	defer m.mu.RUnlock()
	byID := map[int64]*Place{}
	for _, c := range cities {
		for _, t := range m.graph.Twins(c) {
			if len(m.byCity[t]) > 0 {
				continue
			}
			p := byID[t]
			if p == nil {
				city := m.graph.City(t)
				if city == nil {
					continue
				}
				p = &Place{City: city}
				for _, tt := range m.graph.Twins(t) {
					p.Connects += len(m.byCity[tt])
				}
				byID[t] = p
			}
			p.Via = insertID(p.Via, c)
		}
	}
	out := make([]Place, 0, len(byID))
	for _, p := range byID {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Connects != b.Connects {
			return a.Connects > b.Connects
		}
		if ka, kb := wikicities.NameKey(a.City.Name), wikicities.NameKey(b.City.Name); ka != kb {
			return ka < kb
		}
		return a.City.ID < b.City.ID
	})
	return out
}

// CitiesIn returns the ids of the graph's cities in country (constituent
// countries match their state, as twins.CountriesCompatible), ascending.
func (m *Matcher) CitiesIn(country string) []int64 {
	var out []int64
	want := twins.Sovereign(country)
	for _, c := range m.graph.Cities() {
		if c.Country != "" && twins.Sovereign(c.Country) == want {
			out = append(out, c.ID)
		}
	}
	return out
}

// NearestToCity returns the active community nearest to city id within the
// weights' radius and its distance, or ok false: an unknown city, one
// without coordinates, or none near.
func (m *Matcher) NearestToCity(id int64) (community int64, distKm float64, ok bool) {
	c := m.graph.City(id)
	if c == nil || !c.HasCoords {
		return 0, 0, false
	}
	return m.Nearest(c.Lat, c.Lng, m.w.RadiusKm)
}

// Nearest returns the active community nearest to (lat, lng) within km and
// its distance, or ok false.
func (m *Matcher) Nearest(lat, lng, km float64) (id int64, distKm float64, ok bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	best, bestD := int64(0), math.Inf(1)
	m.points.within(lat, lng, km, func(cityID int64, _, _, d float64) {
		for _, cid := range m.byCity[cityID] {
			if m.comms[cid].Status == wikicities.StatusActive && (d < bestD || (d == bestD && cid < best)) {
				best, bestD = cid, d
			}
		}
	})
	return best, bestD, best != 0
}
