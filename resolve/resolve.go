// Package resolve decides which city a place name means. It is the one
// resolver of WikiCities: the CSV, SPARQL and wikitext imports resolve
// their rows with an Index, and every lookup of a typed query (forms, the
// API, the command line) goes through Lookup. It is pure Go with no I/O:
// the store gives it the cities and labels it chooses among.
//
// The rules, as the README documents them:
//
//   - a Wikidata item (QID) is one city;
//   - a "name, country" label seen before is the city it was mapped to;
//   - otherwise a name is the city of that name (by its name or one of its
//     labels) known only in countries compatible with the given one
//     (twins.CountriesCompatible: "England" and "Scotland" are compatible
//     with "United Kingdom" but never with each other, so they never meet
//     in one city through it); when several are, those known in a
//     compatible country win over those whose country is unknown;
//   - the same name in another country is another city, even at the same
//     coordinates (an import warns about that);
//   - a name that could be several cities is ambiguous: an import rejects
//     the row, a lookup answers the candidates;
//   - district qualifiers ("Neukölln (Berlin)") are part of the name.
package resolve

import (
	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// Side is a place as a source states it: one end of a twin link, or a
// group's city.
type Side struct {
	QID     string // Wikidata item, when the source has one
	Name    string
	Country string
	// NameKey is wikicities.NameKey(Name) when the caller computed it
	// already; empty otherwise, and the resolver computes it.
	NameKey   string
	Lat, Lng  float64
	HasCoords bool
}

// Label renders the side as "name, country".
func (s Side) Label() string { return wikicities.LabelString(s.Name, s.Country) }

// Label is a "name, country" label of a stored city.
type Label struct {
	CityID  int64
	Name    string
	Country string
}

// Key returns the label's lookup key (wikicities.LabelKey).
func (l Label) Key() string { return wikicities.LabelKey(l.Name, l.Country) }

// Known is a city with the countries it is known in: its own and those of
// its labels (empty ones left out).
type Known struct {
	City      *wikicities.City
	Countries []string
}

// compatible reports whether a label in country can name the city: it must
// be compatible with every country the city is known in.
func compatible(countries []string, country string) bool {
	for _, o := range countries {
		if !twins.CountriesCompatible(o, country) {
			return false
		}
	}
	return true
}

// choose keeps the cities a label in country may denote: those compatible
// with it, and among them, when country is given, those known in a
// compatible country rather than in none.
func choose[T any](cands []T, countries func(T) []string, country string) []T {
	var known, unknown []T
	for _, c := range cands {
		cs := countries(c)
		switch {
		case !compatible(cs, country):
		case country != "" && len(cs) > 0:
			known = append(known, c)
		default:
			unknown = append(unknown, c)
		}
	}
	if len(known) > 0 {
		return known
	}
	return unknown
}

// AmbiguousError is a side that names several cities. It unwraps to the
// *wikicities.AmbiguousError with the candidates, so it matches
// wikicities.ErrAmbiguous.
type AmbiguousError struct {
	Amb *wikicities.AmbiguousError
	msg string
}

func (e *AmbiguousError) Error() string { return e.msg }

// Unwrap returns the candidates.
func (e *AmbiguousError) Unwrap() error { return e.Amb }
