// Package regions places cities in the first-level subdivisions of their
// countries (package admin1) and builds, for each region, what the Smart
// Region pages show: communities, institutions, partnerships and the
// potential partners. It is pure: no I/O, so it is easy to test and to
// benchmark.
package regions

import (
	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/twins"
)

// Method says how a city got its region.
type Method string

// Methods, best first.
const (
	// MethodWikidata: the city's region code came from Wikidata (its
	// "located in the administrative territorial entity" chain) and is a
	// region of the data set.
	MethodWikidata Method = "wikidata"
	// MethodPolygon: the city's coordinates lie inside the region's outline.
	MethodPolygon Method = "polygon"
	// MethodNearest: the coordinates lie just outside every outline of the
	// city's country (on the coast, or across a simplified border), and
	// this region's outline is the nearest, within NearestKm.
	MethodNearest Method = "nearest"
)

// Reason says why a city has no region; it then counts at country level.
type Reason string

// Reasons.
const (
	// ReasonNoCoordinates: the city has no coordinates (and no region code
	// from Wikidata).
	ReasonNoCoordinates Reason = "no_coordinates"
	// ReasonOutsideCountry: the coordinates are farther than NearestKm from
	// every region of the city's country (wrong coordinates or country).
	ReasonOutsideCountry Reason = "outside_country"
	// ReasonNoRegions: the data set has no regions for the city's country.
	ReasonNoRegions Reason = "no_regions"
	// ReasonUnknownPlace: the country label is not one of an ISO country
	// and the coordinates lie in no region (at sea, or in a gap).
	ReasonUnknownPlace Reason = "unknown_place"
)

// Reasons lists the reasons in the order reports show them.
var Reasons = []Reason{ReasonNoCoordinates, ReasonOutsideCountry, ReasonNoRegions, ReasonUnknownPlace}

// NearestKm is how far outside its country's outlines a city may lie and
// still get the nearest region: the outlines are simplified to about a
// kilometre and Natural Earth's 1:10m coast cuts off harbours and spits.
const NearestKm = 25

// Assignment is a city's region, or why it has none.
type Assignment struct {
	Region *admin1.Region
	Method Method
	Reason Reason
	// Km is the distance to the region's outline for MethodNearest.
	Km float64
}

// Assigner assigns cities to regions.
type Assigner struct {
	set *admin1.Set
}

// NewAssigner returns an assigner over set.
func NewAssigner(set *admin1.Set) *Assigner { return &Assigner{set: set} }

// Set returns the regions the assigner assigns to.
func (a *Assigner) Set() *admin1.Set { return a.set }

// CountryCodes returns the ISO 3166-1 alpha-2 codes a country label of the
// graph may stand for: its state's and, for a constituent country or
// dependency with a code of its own ("Puerto Rico", "Greenland"), that one
// too. Nil when none is known.
func CountryCodes(label string) []string {
	part, state := twins.SplitCountry(label)
	var out []string
	for _, n := range []string{part, state} {
		if n == "" {
			continue
		}
		if r, ok := labels.CountryRegion(n); ok {
			out = append(out, r.Canonicalize().String())
		}
	}
	return out
}

// Assign returns c's region: the one Wikidata states (c.Region) when the
// data set knows it, else the one its coordinates lie in, if that region
// is in the city's country, else the nearest region of its country within
// NearestKm.
func (a *Assigner) Assign(c *wikicities.City) Assignment {
	codes := CountryCodes(c.Country)
	if c.Region != "" {
		if r := a.set.Region(c.Region); r != nil && (len(codes) == 0 || InCountry(r, codes)) {
			return Assignment{Region: r, Method: MethodWikidata}
		}
	}
	if !c.HasCoords {
		return Assignment{Reason: ReasonNoCoordinates}
	}
	at := a.set.At(c.Lat, c.Lng)
	if len(codes) == 0 {
		if len(at) > 0 {
			return Assignment{Region: at[0], Method: MethodPolygon}
		}
		return Assignment{Reason: ReasonUnknownPlace}
	}
	for _, r := range at {
		if InCountry(r, codes) {
			return Assignment{Region: r, Method: MethodPolygon}
		}
	}
	var candidates []*admin1.Region
	for _, code := range codes {
		candidates = append(candidates, a.set.InCountry(code)...)
	}
	if len(candidates) == 0 {
		return Assignment{Reason: ReasonNoRegions}
	}
	if r, km := admin1.Nearest(candidates, c.Lat, c.Lng); r != nil && km <= NearestKm {
		return Assignment{Region: r, Method: MethodNearest, Km: km}
	}
	return Assignment{Reason: ReasonOutsideCountry}
}

// InCountry reports whether r belongs to one of the countries: by the
// country Natural Earth puts it in, or by its ISO code's country where the
// two differ (Natural Earth's de facto view puts UA-43, Crimea, in Russia;
// a city there is placed whichever of the two its label names).
func InCountry(r *admin1.Region, codes []string) bool {
	return contains(codes, r.Country) || r.ISO && contains(codes, r.Key[:2])
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Coverage counts how the cities of a graph got their regions.
type Coverage struct {
	Cities     int `json:"cities"`
	WithCoords int `json:"cities_with_coordinates"`
	Assigned   int `json:"assigned"`
	// AssignedWithCoords counts the assigned cities that have coordinates.
	AssignedWithCoords int            `json:"assigned_with_coordinates"`
	ByMethod           map[Method]int `json:"by_method"`
	ByReason           map[Reason]int `json:"without_region"`
	// Regions counts the regions that hold at least one city.
	Regions int `json:"regions_with_cities"`
}

// Share returns the share of the cities with coordinates that got a region
// (0 with no such city).
func (c Coverage) Share() float64 {
	if c.WithCoords == 0 {
		return 0
	}
	return float64(c.AssignedWithCoords) / float64(c.WithCoords)
}

// Placement is the region of every city of a graph.
type Placement struct {
	set      *admin1.Set
	byCity   map[int64]Assignment
	byRegion map[string][]int64
	coverage Coverage
}

// Place assigns every city.
func (a *Assigner) Place(cities []*wikicities.City) *Placement {
	p := &Placement{set: a.set, byCity: make(map[int64]Assignment, len(cities)), byRegion: map[string][]int64{},
		coverage: Coverage{ByMethod: map[Method]int{}, ByReason: map[Reason]int{}}}
	cv := &p.coverage
	for _, c := range cities {
		as := a.Assign(c)
		p.byCity[c.ID] = as
		cv.Cities++
		if c.HasCoords {
			cv.WithCoords++
		}
		if as.Region == nil {
			cv.ByReason[as.Reason]++
			continue
		}
		cv.Assigned++
		if c.HasCoords {
			cv.AssignedWithCoords++
		}
		cv.ByMethod[as.Method]++
		p.byRegion[as.Region.Key] = append(p.byRegion[as.Region.Key], c.ID)
	}
	cv.Regions = len(p.byRegion)
	return p
}

// Set returns the regions cities were placed in.
func (p *Placement) Set() *admin1.Set { return p.set }

// Of returns the assignment of a city (the zero Assignment for an unknown id).
func (p *Placement) Of(cityID int64) Assignment { return p.byCity[cityID] }

// Region returns the region of a city, or nil.
func (p *Placement) Region(cityID int64) *admin1.Region { return p.byCity[cityID].Region }

// Cities returns the ids of the cities in a region, in the order placed.
func (p *Placement) Cities(key string) []int64 { return p.byRegion[key] }

// Coverage returns the counts of the placement.
func (p *Placement) Coverage() Coverage { return p.coverage }
