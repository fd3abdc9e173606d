package resolve

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo"
)

// An Index resolves the sides of an import in memory, over every city and
// label of the store, and remembers what it decided: the cities it created
// (with negative temporary ids until the store reserves real ones), the
// labels it merged and the Wikidata items it tied to stored cities. Every
// merge and warning is recorded with its place. An Index is not safe for
// concurrent use.
type Index struct {
	cities     map[int64]*cityInfo
	byLabel    map[string]int64
	byName     map[string][]int64
	byQID      map[string]int64
	created    []*cityInfo
	labels     []LabelRec
	qidUpdates map[int64]string
	// countryKeys memoises the folded countries: a few hundred distinct
	// ones recur on every row.
	countryKeys map[string]string
	issues      []Issue
	// undo holds the inverse of every change to the maps and cities since
	// the last Commit, so that a row rejected after resolution leaves no
	// trace.
	undo []func()
}

const (
	// clashKm is how close two same-name cities of different countries must
	// be for their coordinates to count as the same point.
	clashKm = 1.0
	// farKm is how far apart two labels merged by name may be before the
	// merge is reported as doubtful.
	farKm = 100.0
)

// LabelRec is a label the index added, with its key.
type LabelRec struct {
	Key string
	Label
}

type cityInfo struct {
	city *wikicities.City
	// countries are the distinct non-empty folded countries of the city's labels.
	countries []string
	// place is where the import created the city, empty for stored ones.
	place string
}

// IssueKind classifies a reported event of an import.
type IssueKind string

// Issue kinds.
const (
	Rejected  IssueKind = "rejected"  // the row was not imported
	Warning   IssueKind = "warning"   // imported, but the data looks wrong
	Merged    IssueKind = "merged"    // a new label was recognised as a known city
	Duplicate IssueKind = "duplicate" // the pair was already read from this source
)

// Issue is one rejection, warning, merge or dropped duplicate, with its place.
type Issue struct {
	Place   string    `json:"place"`
	Kind    IssueKind `json:"kind"`
	Message string    `json:"message"`
}

func (i Issue) String() string { return fmt.Sprintf("%s: %s: %s", i.Place, i.Kind, i.Message) }

// New indexes the stored cities and labels; sides is how many sides the
// import will resolve (room is made for as many new ones).
func New(cities []*wikicities.City, labels []Label, sides int) *Index {
	x := &Index{
		cities:      make(map[int64]*cityInfo, len(cities)+sides),
		byLabel:     make(map[string]int64, len(labels)+sides),
		byName:      make(map[string][]int64, len(cities)+sides),
		byQID:       make(map[string]int64),
		qidUpdates:  map[int64]string{},
		countryKeys: map[string]string{},
	}
	for _, c := range cities {
		x.cities[c.ID] = &cityInfo{city: c}
		x.index(c.ID, x.keysOf(c.Name, c.Country, ""))
		if c.QID != "" {
			x.byQID[c.QID] = c.ID
		}
	}
	for _, l := range labels {
		if x.cities[l.CityID] == nil {
			continue
		}
		k := x.keysOf(l.Name, l.Country, "")
		x.byLabel[k.label] = l.CityID
		x.index(l.CityID, k)
	}
	x.undo = x.undo[:0]
	return x
}

// Mark is the index's state at the start of a row.
type Mark struct{ undo, created, labels, issues int }

// Mark returns the current state, for Rollback.
func (x *Index) Mark() Mark {
	return Mark{len(x.undo), len(x.created), len(x.labels), len(x.issues)}
}

// Rollback undoes everything since m: a rejected row leaves no trace.
func (x *Index) Rollback(m Mark) {
	for i := len(x.undo) - 1; i >= m.undo; i-- {
		x.undo[i]()
	}
	x.undo = x.undo[:m.undo]
	x.created, x.labels, x.issues = x.created[:m.created], x.labels[:m.labels], x.issues[:m.issues]
}

// Commit forgets the undo log: the row is kept.
func (x *Index) Commit() { x.undo = x.undo[:0] }

// Created returns the cities created so far, in order; the i-th has the
// temporary id -(i+1).
func (x *Index) Created() []*wikicities.City {
	out := make([]*wikicities.City, len(x.created))
	for i, ci := range x.created {
		out[i] = ci.city
	}
	return out
}

// NewLabels returns the labels added so far (of stored and new cities).
func (x *Index) NewLabels() []LabelRec { return x.labels }

// QIDUpdates returns the Wikidata items given to stored cities, by city id.
func (x *Index) QIDUpdates() map[int64]string { return x.qidUpdates }

// Issues returns the merges and warnings so far, in order.
func (x *Index) Issues() []Issue { return x.issues }

// AddIssue records an issue of the caller's (a rejection, a duplicate) in
// order with the index's own.
func (x *Index) AddIssue(i Issue) { x.issues = append(x.issues, i) }

// Merged and Warnings count the labels merged and the warnings so far.
func (x *Index) Merged() int   { return x.count(Merged) }
func (x *Index) Warnings() int { return x.count(Warning) }

func (x *Index) count(k IssueKind) int {
	n := 0
	for _, i := range x.issues {
		if i.Kind == k {
			n++
		}
	}
	return n
}

// City returns the city with id (negative for new ones), nil if unknown.
func (x *Index) City(id int64) *wikicities.City {
	if ci := x.cities[id]; ci != nil {
		return ci.city
	}
	return nil
}

// keys are the folded forms of a side, computed once.
type keys struct{ label, name, country string }

// keysOf folds a name and a country; nameKey, if not empty, is the name's
// key computed already.
func (x *Index) keysOf(name, country, nameKey string) keys {
	c, ok := x.countryKeys[country]
	if !ok {
		c = wikicities.NameKey(country)
		x.countryKeys[country] = c
	}
	n := nameKey
	if n == "" {
		n = wikicities.NameKey(name)
	}
	return keys{label: n + "|" + c, name: n, country: c}
}

// index records that city id is known by the folded name in the folded
// country.
func (x *Index) index(id int64, k keys) {
	if ids := x.byName[k.name]; !slices.Contains(ids, id) {
		x.byName[k.name] = append(ids, id)
		x.undo = append(x.undo, func() { x.byName[k.name] = x.byName[k.name][:len(ids)] })
	}
	ci := x.cities[id]
	if c := k.country; c != "" && !slices.Contains(ci.countries, c) {
		n := len(ci.countries)
		ci.countries = append(ci.countries, c)
		x.undo = append(x.undo, func() { ci.countries = ci.countries[:n] })
	}
}

func (x *Index) describe(id int64) string {
	ci := x.cities[id]
	l := wikicities.LabelString(ci.city.Name, ci.city.Country)
	if ci.city.QID != "" {
		l += " " + ci.city.QID
	}
	if id < 0 {
		return fmt.Sprintf("%s (new, first at %s)", l, ci.place)
	}
	return fmt.Sprintf("%s (city %d)", l, id)
}

func (x *Index) warn(place, format string, args ...any) {
	x.issues = append(x.issues, Issue{Place: place, Kind: Warning, Message: fmt.Sprintf(format, args...)})
}

// candidates returns the cities called k.name that a label in k.country
// may denote (see choose); with wantNoQID only those not yet tied to a
// Wikidata item.
func (x *Index) candidates(k keys, wantNoQID bool) []int64 {
	var named []int64
	for _, id := range x.byName[k.name] {
		if !wantNoQID || x.cities[id].city.QID == "" {
			named = append(named, id)
		}
	}
	return choose(named, func(id int64) []string { return x.cities[id].countries }, k.country)
}

// ambiguous is the error for a side naming several cities.
func (x *Index) ambiguous(s Side, cands []int64) *AmbiguousError {
	amb := &wikicities.AmbiguousError{Query: s.Label()}
	names := make([]string, len(cands))
	for i, id := range cands {
		c := *x.cities[id].city
		amb.Candidates = append(amb.Candidates, &c)
		names[i] = x.describe(id)
	}
	sort.Strings(names)
	return &AmbiguousError{Amb: amb, msg: fmt.Sprintf("%q could be any of %d cities (%s): give its country",
		s.Label(), len(cands), strings.Join(names, "; "))}
}

// Find returns the id of the city s denotes without changing anything:
// wikicities.ErrNotFound when none does, an *AmbiguousError when several
// may.
func (x *Index) Find(s Side) (int64, error) {
	k := x.keysOf(s.Name, s.Country, s.NameKey)
	if s.QID != "" {
		if id, ok := x.byQID[s.QID]; ok {
			return id, nil
		}
	}
	if id, ok := x.byLabel[k.label]; ok {
		return id, nil
	}
	switch cands := x.candidates(k, false); len(cands) {
	case 0:
		return 0, fmt.Errorf("%q: no such city: %w", s.Label(), wikicities.ErrNotFound)
	case 1:
		return cands[0], nil
	default:
		return 0, x.ambiguous(s, cands)
	}
}

// Resolve returns the id of the city s denotes, creating it (with a
// negative temporary id) when none does. A side that could be any of
// several cities is an *AmbiguousError (matching wikicities.ErrAmbiguous)
// and changes nothing, unless it has a Wikidata item: the item is then a
// city of its own, with a warning.
func (x *Index) Resolve(s Side, place string) (int64, error) {
	k := x.keysOf(s.Name, s.Country, s.NameKey)
	if s.QID != "" {
		return x.resolveItem(s, k, place), nil
	}
	if id, ok := x.byLabel[k.label]; ok {
		return id, nil
	}
	cands := x.candidates(k, false)
	switch len(cands) {
	case 0:
		return x.create(s, k, place), nil
	case 1:
		x.addLabel(cands[0], s, k, place, "its name and country")
		return cands[0], nil
	}
	return 0, x.ambiguous(s, cands)
}

// resolveItem resolves a side that has a Wikidata item.
func (x *Index) resolveItem(s Side, k keys, place string) int64 {
	if id, ok := x.byQID[s.QID]; ok {
		x.addLabel(id, s, k, place, "its Wikidata item "+s.QID)
		return id
	}
	if id, ok := x.byLabel[k.label]; ok {
		ci := x.cities[id]
		if ci.city.QID == "" {
			x.setQID(id, s.QID)
			x.issues = append(x.issues, Issue{Place: place, Kind: Merged,
				Message: fmt.Sprintf("%s %s is %s", s.Label(), s.QID, x.describe(id))})
			return id
		}
		x.warn(place, "%s %s has the label of %s, another Wikidata item: kept as two cities", s.Label(), s.QID, x.describe(id))
		return x.create(s, k, place)
	}
	cands := x.candidates(k, true)
	if len(cands) == 1 {
		x.setQID(cands[0], s.QID)
		x.addLabel(cands[0], s, k, place, "its name and country")
		return cands[0]
	}
	if len(cands) > 1 {
		names := make([]string, len(cands))
		for i, id := range cands {
			names[i] = x.describe(id)
		}
		x.warn(place, "%s %s could be any of %d cities (%v): kept as a city of its own", s.Label(), s.QID, len(cands), names)
	}
	return x.create(s, k, place)
}

func (x *Index) setQID(id int64, qid string) {
	ci := x.cities[id]
	old := ci.city.QID
	ci.city.QID = qid
	x.byQID[qid] = id
	if id > 0 {
		x.qidUpdates[id] = qid
	}
	x.undo = append(x.undo, func() {
		ci.city.QID = old
		delete(x.byQID, qid)
		delete(x.qidUpdates, id)
	})
}

// addLabel maps a new label of s to city id and reports the merge.
func (x *Index) addLabel(id int64, s Side, k keys, place, why string) {
	lk := k.label
	if _, ok := x.byLabel[lk]; ok {
		return
	}
	ci := x.cities[id]
	x.byLabel[lk] = id
	x.undo = append(x.undo, func() { delete(x.byLabel, lk) })
	x.labels = append(x.labels, LabelRec{lk, Label{CityID: id, Name: s.Name, Country: s.Country}})
	x.index(id, k)
	x.issues = append(x.issues, Issue{Place: place, Kind: Merged,
		Message: fmt.Sprintf("%q is %s by %s", s.Label(), x.describe(id), why)})
	if s.HasCoords && ci.city.HasCoords {
		if d := geo.DistanceKm(s.Lat, s.Lng, ci.city.Lat, ci.city.Lng); d > farKm {
			x.warn(place, "%q was merged with %s by %s although their coordinates are %.0f km apart", s.Label(), x.describe(id), why, d)
		}
	}
}

// create adds a city for s and warns when a namesake in another country
// sits at the same coordinates.
func (x *Index) create(s Side, k keys, place string) int64 {
	id := -int64(len(x.created) + 1)
	c := &wikicities.City{ID: id, QID: s.QID, Name: s.Name, Country: s.Country, Lat: s.Lat, Lng: s.Lng, HasCoords: s.HasCoords}
	if s.QID != "" {
		if _, taken := x.byQID[s.QID]; taken {
			c.QID = ""
		} else {
			x.byQID[s.QID] = id
			x.undo = append(x.undo, func() { delete(x.byQID, s.QID) })
		}
	}
	if s.HasCoords {
		for _, other := range x.byName[k.name] {
			oc := x.cities[other]
			if !compatible(oc.countries, k.country) && oc.city.HasCoords && geo.DistanceKm(s.Lat, s.Lng, oc.city.Lat, oc.city.Lng) <= clashKm {
				x.warn(place, "%q has the coordinates of its namesake %s in another country: kept as two cities; the coordinates probably belong to one of them only",
					s.Label(), x.describe(other))
				break
			}
		}
	}
	ci := &cityInfo{city: c, place: place}
	x.cities[id] = ci
	x.created = append(x.created, ci)
	x.undo = append(x.undo, func() { delete(x.cities, id) })
	// A label already taken (by another Wikidata item of the same name and
	// country) keeps pointing where it points; the new city is found by
	// its item.
	if lk := k.label; x.byLabel[lk] == 0 {
		x.byLabel[lk] = id
		x.undo = append(x.undo, func() { delete(x.byLabel, lk) })
		x.labels = append(x.labels, LabelRec{lk, Label{CityID: id, Name: s.Name, Country: s.Country}})
	}
	x.index(id, k)
	return id
}
