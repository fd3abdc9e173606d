package importer

import (
	"fmt"
	"slices"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// Entity resolution, in memory over every city and label of the store:
//
//   - a Wikidata item (QID) is one city;
//   - a label seen before ("Inverness, Scotland") is the city it was mapped to;
//   - a new label whose name is that of exactly one city in a compatible
//     country ("Inverness, Scotland, United Kingdom") is that city: the label
//     is merged and reported;
//   - otherwise it is a new city. The same name in another country is another
//     city even at the same coordinates, and that is reported as a warning,
//     since the coordinates then probably belong to the namesake.
//
// Cities created by the import get negative temporary ids until the store
// reserves real ones.

const (
	// clashKm is how close two same-name cities of different countries must
	// be for their coordinates to count as the same point.
	clashKm = 1.0
	// farKm is how far apart two labels merged by name may be before the
	// merge is reported as doubtful.
	farKm = 100.0
)

// labelRec is a new label with its key.
type labelRec struct {
	key string
	store.Label
}

type cityInfo struct {
	city *wikicities.City
	// countries are the distinct non-empty countries of the city's labels.
	countries []string
	// place is where the import created the city, empty for stored ones.
	place string
}

type resolver struct {
	cities     map[int64]*cityInfo
	byLabel    map[string]int64
	byName     map[string][]int64
	byQID      map[string]int64
	created    []*cityInfo
	labels     []labelRec
	qidUpdates map[int64]string
	// countryKeys memoises the folded countries: a few hundred distinct
	// ones recur on every row.
	countryKeys map[string]string
	issues      []Issue
	merged      int
	warnings    int
	// undo holds the inverse of every change to the maps and cities since
	// the last mark, so that a row rejected after resolution leaves no trace.
	undo []func()
}

// mark is the resolver's state at the start of a row.
type mark struct{ undo, created, labels, issues, merged, warnings int }

func (r *resolver) mark() mark {
	return mark{len(r.undo), len(r.created), len(r.labels), len(r.issues), r.merged, r.warnings}
}

// rollback undoes everything since m.
func (r *resolver) rollback(m mark) {
	for i := len(r.undo) - 1; i >= m.undo; i-- {
		r.undo[i]()
	}
	r.undo = r.undo[:m.undo]
	r.created, r.labels, r.issues = r.created[:m.created], r.labels[:m.labels], r.issues[:m.issues]
	r.merged, r.warnings = m.merged, m.warnings
}

// commit forgets the undo log: the row is kept.
func (r *resolver) commit() { r.undo = r.undo[:0] }

// newResolver indexes the stored cities and labels; sides is how many
// sides the import will resolve (room is made for as many new ones).
func newResolver(cities []*wikicities.City, labels []store.Label, sides int) *resolver {
	r := &resolver{
		cities:      make(map[int64]*cityInfo, len(cities)+sides),
		byLabel:     make(map[string]int64, len(labels)+sides),
		byName:      make(map[string][]int64, len(cities)+sides),
		byQID:       make(map[string]int64),
		qidUpdates:  map[int64]string{},
		countryKeys: map[string]string{},
	}
	for _, c := range cities {
		r.cities[c.ID] = &cityInfo{city: c}
		r.index(c.ID, r.keysOf(c.Name, c.Country, ""))
		if c.QID != "" {
			r.byQID[c.QID] = c.ID
		}
	}
	for _, l := range labels {
		if r.cities[l.CityID] == nil {
			continue
		}
		k := r.keysOf(l.Name, l.Country, "")
		r.byLabel[k.label] = l.CityID
		r.index(l.CityID, k)
	}
	return r
}

// keys are the folded forms of a side, computed once.
type keys struct{ label, name, country string }

// keysOf folds a name and a country; nameKey, if not empty, is the name's
// key computed already.
func (r *resolver) keysOf(name, country, nameKey string) keys {
	c, ok := r.countryKeys[country]
	if !ok {
		c = wikicities.NameKey(country)
		r.countryKeys[country] = c
	}
	n := nameKey
	if n == "" {
		n = wikicities.NameKey(name)
	}
	return keys{label: n + "|" + c, name: n, country: c}
}

// index records that city id is known by the folded name in the folded
// country.
func (r *resolver) index(id int64, k keys) {
	if ids := r.byName[k.name]; !slices.Contains(ids, id) {
		r.byName[k.name] = append(ids, id)
		r.undo = append(r.undo, func() { r.byName[k.name] = r.byName[k.name][:len(ids)] })
	}
	ci := r.cities[id]
	if c := k.country; c != "" && !slices.Contains(ci.countries, c) {
		n := len(ci.countries)
		ci.countries = append(ci.countries, c)
		r.undo = append(r.undo, func() { ci.countries = ci.countries[:n] })
	}
}

// compatible reports whether a label in country can name ci: it must be
// compatible (twins.CountriesCompatible) with every country the city is
// known in, so that "England" and "Scotland" never meet in one city through
// "United Kingdom".
func (ci *cityInfo) compatible(country string) bool {
	for _, o := range ci.countries {
		if !twins.CountriesCompatible(o, country) {
			return false
		}
	}
	return true
}

func (r *resolver) describe(id int64) string {
	ci := r.cities[id]
	l := wikicities.LabelString(ci.city.Name, ci.city.Country)
	if ci.city.QID != "" {
		l += " " + ci.city.QID
	}
	if id < 0 {
		return fmt.Sprintf("%s (new, first at %s)", l, ci.place)
	}
	return fmt.Sprintf("%s (city %d)", l, id)
}

func (r *resolver) warn(place, format string, args ...any) {
	r.warnings++
	r.issues = append(r.issues, Issue{Place: place, Kind: Warning, Message: fmt.Sprintf(format, args...)})
}

// candidates returns the cities called name that a label in country may
// denote; with wantNoQID only those not yet tied to a Wikidata item.
func (r *resolver) candidates(s Side, k keys, wantNoQID bool) []int64 {
	var out []int64
	for _, id := range r.byName[k.name] {
		ci := r.cities[id]
		if wantNoQID && ci.city.QID != "" {
			continue
		}
		if ci.compatible(k.country) {
			out = append(out, id)
		}
	}
	return out
}

// resolve returns the id of the city s denotes, creating it if needed.
func (r *resolver) resolve(s Side, place string) int64 {
	k := r.keysOf(s.Name, s.Country, s.NameKey)
	lk := k.label
	if s.QID != "" {
		if id, ok := r.byQID[s.QID]; ok {
			r.addLabel(id, s, k, place, "its Wikidata item "+s.QID)
			return id
		}
		if id, ok := r.byLabel[lk]; ok {
			ci := r.cities[id]
			if ci.city.QID == "" {
				r.setQID(id, s.QID)
				r.merged++
				r.issues = append(r.issues, Issue{Place: place, Kind: Merged,
					Message: fmt.Sprintf("%s %s is %s", s.Label(), s.QID, r.describe(id))})
				return id
			}
			r.warn(place, "%s %s has the label of %s, another Wikidata item: kept as two cities", s.Label(), s.QID, r.describe(id))
			return r.create(s, k, place)
		}
		cands := r.candidates(s, k, true)
		if len(cands) == 1 {
			r.setQID(cands[0], s.QID)
			r.addLabel(cands[0], s, k, place, "its name and country")
			return cands[0]
		}
		if len(cands) > 1 {
			r.warnAmbiguous(s, place, cands)
		}
		return r.create(s, k, place)
	}
	if id, ok := r.byLabel[lk]; ok {
		return id
	}
	cands := r.candidates(s, k, false)
	if len(cands) == 1 {
		r.addLabel(cands[0], s, k, place, "its name and country")
		return cands[0]
	}
	if len(cands) > 1 {
		r.warnAmbiguous(s, place, cands)
	}
	return r.create(s, k, place)
}

func (r *resolver) warnAmbiguous(s Side, place string, cands []int64) {
	names := make([]string, len(cands))
	for i, id := range cands {
		names[i] = r.describe(id)
	}
	r.warn(place, "%s could be any of %d cities (%v): kept as a city of its own", s.Label(), len(cands), names)
}

func (r *resolver) setQID(id int64, qid string) {
	ci := r.cities[id]
	old := ci.city.QID
	ci.city.QID = qid
	r.byQID[qid] = id
	if id > 0 {
		r.qidUpdates[id] = qid
	}
	r.undo = append(r.undo, func() {
		ci.city.QID = old
		delete(r.byQID, qid)
		delete(r.qidUpdates, id)
	})
}

// addLabel maps a new label of s to city id and reports the merge.
func (r *resolver) addLabel(id int64, s Side, k keys, place, why string) {
	lk := k.label
	if _, ok := r.byLabel[lk]; ok {
		return
	}
	ci := r.cities[id]
	r.byLabel[lk] = id
	r.undo = append(r.undo, func() { delete(r.byLabel, lk) })
	r.labels = append(r.labels, labelRec{lk, store.Label{CityID: id, Name: s.Name, Country: s.Country}})
	r.index(id, k)
	r.merged++
	r.issues = append(r.issues, Issue{Place: place, Kind: Merged,
		Message: fmt.Sprintf("%q is %s by %s", s.Label(), r.describe(id), why)})
	if s.HasCoords && ci.city.HasCoords {
		if d := geo.DistanceKm(s.Lat, s.Lng, ci.city.Lat, ci.city.Lng); d > farKm {
			r.warn(place, "%q was merged with %s by %s although their coordinates are %.0f km apart", s.Label(), r.describe(id), why, d)
		}
	}
}

// create adds a city for s and warns when a namesake in another country
// sits at the same coordinates.
func (r *resolver) create(s Side, k keys, place string) int64 {
	id := -int64(len(r.created) + 1)
	c := &wikicities.City{ID: id, QID: s.QID, Name: s.Name, Country: s.Country, Lat: s.Lat, Lng: s.Lng, HasCoords: s.HasCoords}
	if s.QID != "" {
		if _, taken := r.byQID[s.QID]; taken {
			c.QID = ""
		} else {
			r.byQID[s.QID] = id
			r.undo = append(r.undo, func() { delete(r.byQID, s.QID) })
		}
	}
	if s.HasCoords {
		for _, other := range r.byName[k.name] {
			oc := r.cities[other].city
			if !r.cities[other].compatible(k.country) && oc.HasCoords && geo.DistanceKm(s.Lat, s.Lng, oc.Lat, oc.Lng) <= clashKm {
				r.warn(place, "%q has the coordinates of its namesake %s in another country: kept as two cities; the coordinates probably belong to one of them only",
					s.Label(), r.describe(other))
				break
			}
		}
	}
	ci := &cityInfo{city: c, place: place}
	r.cities[id] = ci
	r.created = append(r.created, ci)
	r.undo = append(r.undo, func() { delete(r.cities, id) })
	// A label already taken (by another Wikidata item of the same name and
	// country) keeps pointing where it points; the new city is found by
	// its item.
	if lk := k.label; r.byLabel[lk] == 0 {
		r.byLabel[lk] = id
		r.undo = append(r.undo, func() { delete(r.byLabel, lk) })
		r.labels = append(r.labels, labelRec{lk, store.Label{CityID: id, Name: s.Name, Country: s.Country}})
	}
	r.index(id, k)
	return id
}
