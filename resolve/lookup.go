package resolve

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

// MaxQuery is the longest query Lookup reads, in bytes.
const MaxQuery = 400

// A Finder gives Lookup the cities it chooses among. The store implements
// it with queries, an Index in memory.
type Finder interface {
	// CityByID returns the city with id, or nil when there is none.
	CityByID(ctx context.Context, id int64) (*wikicities.City, error)
	// CityByQID returns the city of a Wikidata item, or nil when there is none.
	CityByQID(ctx context.Context, qid string) (*wikicities.City, error)
	// Named returns the cities called nameKey (a wikicities.NameKey), by
	// their name or by a label, each with the countries it is known in.
	Named(ctx context.Context, nameKey string) ([]Known, error)
}

// Lookup returns the one city a query names: a city id ("12"), a Wikidata
// item ("Q2749"), a name ("Augsburg") or "name, country" ("Boston,
// England"; a constituent country such as England matches the United
// Kingdom and back, "Inverness, Scotland, United Kingdom" works too). When
// no city has the name as typed and f is a FoldingFinder (the graph), the
// name is read again without diacritics ("Dusseldorf"). It never creates a
// city. Errors: wikicities.ErrInvalid for an empty or
// over-long query, wikicities.ErrNotFound when no city matches, and a
// *wikicities.AmbiguousError (matching wikicities.ErrAmbiguous) naming the
// candidates, sorted by name and country, when several do.
func Lookup(ctx context.Context, f Finder, query string) (*wikicities.City, error) {
	q := strings.TrimSpace(query)
	if q == "" || len(q) > MaxQuery {
		return nil, wikicities.Invalidf("city", "give a city id, a Wikidata id, a name, or \"name, country\" (at most %d bytes)", MaxQuery)
	}
	if id, err := strconv.ParseInt(q, 10, 64); err == nil && id > 0 {
		c, err := f.CityByID(ctx, id)
		if err != nil || c != nil {
			return c, err
		}
	}
	if wikicities.ValidQID(q) {
		c, err := f.CityByQID(ctx, q)
		if err != nil {
			return nil, err
		}
		if c == nil {
			return nil, fmt.Errorf("no city is Wikidata item %s: %w", q, wikicities.ErrNotFound)
		}
		return c, nil
	}
	c, err := lookupName(q, func(name string) ([]Known, error) { return f.Named(ctx, wikicities.NameKey(name)) })
	if !errors.Is(err, wikicities.ErrNotFound) {
		return c, err
	}
	// Typed without its accents ("Dusseldorf"): the same again, folded.
	if ff, ok := f.(FoldingFinder); ok {
		c, ferr := lookupName(q, func(name string) ([]Known, error) {
			return ff.NamedFolded(ctx, twins.FoldKey(wikicities.NameKey(name)))
		})
		if !errors.Is(ferr, wikicities.ErrNotFound) {
			return c, ferr
		}
	}
	return nil, err
}

// FoldingFinder is a Finder that also finds cities by their names without
// diacritics; Lookup asks it when no city has the name as typed, so that
// "Dusseldorf" or "Sao Paulo, Brazil" find Düsseldorf and São Paulo.
type FoldingFinder interface {
	Finder
	// NamedFolded returns the cities whose name or a label, without
	// diacritics, is foldedKey (twins.FoldKey of a NameKey).
	NamedFolded(ctx context.Context, foldedKey string) ([]Known, error)
}

// lookupName reads q as a name, then as "name, country" split at each
// comma from the last: the first reading that names a city (by named)
// wins. Returns ErrNotFound or an *wikicities.AmbiguousError.
func lookupName(q string, named func(name string) ([]Known, error)) (*wikicities.City, error) {
	name, country := q, ""
	for {
		cands, err := named(name)
		if err != nil {
			return nil, err
		}
		if got := choose(cands, func(k Known) []string { return k.Countries }, country); len(got) > 0 {
			if len(got) == 1 {
				return got[0].City, nil
			}
			amb := &wikicities.AmbiguousError{Query: q}
			for _, k := range got {
				amb.Candidates = append(amb.Candidates, k.City)
			}
			sortCities(amb.Candidates)
			return nil, amb
		}
		i := strings.LastIndex(name, ",")
		if i <= 0 {
			break
		}
		name, country = strings.TrimSpace(name[:i]), strings.TrimSpace(q[i+1:])
	}
	return nil, fmt.Errorf("no city matches %q: %w", q, wikicities.ErrNotFound)
}

// CityByID returns the city with id (negative for new ones), or nil.
func (x *Index) CityByID(_ context.Context, id int64) (*wikicities.City, error) {
	return x.City(id), nil
}

// CityByQID returns the city of a Wikidata item, or nil.
func (x *Index) CityByQID(_ context.Context, qid string) (*wikicities.City, error) {
	if id, ok := x.byQID[qid]; ok {
		return x.cities[id].city, nil
	}
	return nil, nil
}

// Named returns the cities called nameKey, with their countries.
func (x *Index) Named(_ context.Context, nameKey string) ([]Known, error) {
	var out []Known
	for _, id := range x.byName[nameKey] {
		ci := x.cities[id]
		out = append(out, Known{City: ci.city, Countries: ci.countries})
	}
	return out, nil
}

// Lookup is Lookup over the index.
func (x *Index) Lookup(query string) (*wikicities.City, error) {
	return Lookup(context.Background(), x, query)
}

var _ Finder = (*Index)(nil)

func sortCities(cs []*wikicities.City) {
	slices.SortFunc(cs, func(a, b *wikicities.City) int {
		if c := strings.Compare(wikicities.NameKey(a.Name), wikicities.NameKey(b.Name)); c != 0 {
			return c
		}
		if c := strings.Compare(a.Country, b.Country); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// InGraph is the Finder over the in-memory twin graph, which the server
// keeps current: lookups then need no query.
func InGraph(g *twins.Graph) Finder { return graphFinder{g} }

type graphFinder struct{ g *twins.Graph }

func (f graphFinder) CityByID(_ context.Context, id int64) (*wikicities.City, error) {
	return f.g.City(id), nil
}

func (f graphFinder) CityByQID(_ context.Context, qid string) (*wikicities.City, error) {
	return f.g.CityByQID(qid), nil
}

// Named gives each city the countries of its name and of its labels
// ("name, country": the country follows the first comma).
func (f graphFinder) Named(_ context.Context, nameKey string) ([]Known, error) {
	return knownIn(f.g.Named(nameKey)), nil
}

// NamedFolded is Named for a name without its diacritics.
func (f graphFinder) NamedFolded(_ context.Context, foldedKey string) ([]Known, error) {
	return knownIn(f.g.NamedFolded(foldedKey)), nil
}

var _ FoldingFinder = graphFinder{}

// knownIn gives each city the countries of its name and of its labels.
func knownIn(cs []*wikicities.City) []Known {
	out := make([]Known, len(cs))
	for i, c := range cs {
		k := Known{City: c}
		if c.Country != "" {
			k.Countries = append(k.Countries, c.Country)
		}
		for _, l := range c.Labels {
			if _, country, ok := strings.Cut(l, ", "); ok && country != "" {
				k.Countries = append(k.Countries, country)
			}
		}
		out[i] = k
	}
	return out
}

// Matches returns the cities a query names, as Lookup reads it: the one
// city, or every candidate of an ambiguous query (sorted by name and
// country), or none. It returns only the errors of the Finder and
// wikicities.ErrInvalid for an empty or over-long query.
func Matches(ctx context.Context, f Finder, query string) ([]*wikicities.City, error) {
	c, err := Lookup(ctx, f, query)
	var amb *wikicities.AmbiguousError
	switch {
	case err == nil:
		return []*wikicities.City{c}, nil
	case errors.As(err, &amb):
		return amb.Candidates, nil
	case errors.Is(err, wikicities.ErrNotFound):
		return nil, nil
	}
	return nil, err
}
