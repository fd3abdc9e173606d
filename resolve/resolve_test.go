package resolve_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/twins"
)

// world is a small store: two Bostons, Inverness known by a Scottish label,
// a London with no country beside the British one, Neukölln and Berlin.
func world() *resolve.Index {
	cities := []*wikicities.City{
		{ID: 1, Name: "Boston", Country: "United States", QID: "Q100"},
		{ID: 2, Name: "Boston", Country: "England"},
		{ID: 3, Name: "Inverness", Country: "United Kingdom"},
		{ID: 4, Name: "London", Country: "United Kingdom", QID: "Q84"},
		{ID: 5, Name: "London"},
		{ID: 6, Name: "Neukölln (Berlin)", Country: "Germany"},
		{ID: 7, Name: "Berlin", Country: "Germany", QID: "Q64"},
		{ID: 8, Name: "Monterrey", Country: "Mexico"},
	}
	labels := []resolve.Label{{CityID: 3, Name: "Inverness", Country: "Scotland"}}
	return resolve.New(cities, labels, 0)
}

func TestLookupFollowsTheResolverRules(t *testing.T) {
	x := world()
	for _, tt := range []struct {
		query string
		want  int64 // 0: an error
		err   error
	}{
		{"Boston, England", 2, nil},
		{"boston,  united states", 1, nil},
		{"Boston, United Kingdom", 2, nil},              // England is a part of it
		{"Boston, Scotland", 0, wikicities.ErrNotFound}, // never through the United Kingdom
		{"Boston", 0, wikicities.ErrAmbiguous},          // two countries
		{"Inverness, Scotland, United Kingdom", 3, nil}, // country and its state
		{"Inverness, Wales", 0, wikicities.ErrNotFound}, // known in Scotland only
		{"London, England", 4, nil},                     // a known country beats none
		{"London", 0, wikicities.ErrAmbiguous},          // no country: either
		{"Q84", 4, nil},                                 // Wikidata item
		{"Q999", 0, wikicities.ErrNotFound},             //
		{"7", 7, nil},                                   // city id
		{"Neukölln (Berlin)", 6, nil},                   // the qualifier is part of the name
		{"Neukölln (Berlin), Germany", 6, nil},          //
		{"Neukölln", 0, wikicities.ErrNotFound},         //
		{"  ", 0, wikicities.ErrInvalid},
	} {
		c, err := x.Lookup(tt.query)
		switch {
		case tt.err != nil && !errors.Is(err, tt.err):
			t.Errorf("Lookup(%q) = %v, %v; want %v", tt.query, c, err, tt.err)
		case tt.err == nil && (err != nil || c.ID != tt.want):
			t.Errorf("Lookup(%q) = %v, %v; want city %d", tt.query, c, err, tt.want)
		}
	}
}

func TestLookupNamesTheCandidatesOfAnAmbiguousQuery(t *testing.T) {
	_, err := world().Lookup("Boston")
	var amb *wikicities.AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || amb.Candidates[0].Country != "England" || amb.Candidates[1].Country != "United States" {
		t.Fatalf("err = %v, want the two Bostons sorted by country", err)
	}
}

// The graph finder gives Lookup the same answers as the index over the
// same cities.
func TestLookupInTheGraphAgreesWithTheIndex(t *testing.T) {
	x := world()
	var cities []*wikicities.City
	for id := int64(1); id <= 8; id++ {
		c := *x.City(id)
		if id == 3 {
			c.Labels = []string{"Inverness, Scotland"}
		}
		cities = append(cities, &c)
	}
	g := resolve.InGraph(twins.New(cities, nil))
	for _, q := range []string{"Boston, England", "Boston", "Boston, Scotland", "Inverness, Scotland, United Kingdom",
		"Inverness, Wales", "London, England", "London", "Q84", "7", "Neukölln (Berlin)"} {
		want, werr := x.Lookup(q)
		got, gerr := resolve.Lookup(t.Context(), g, q)
		if (werr == nil) != (gerr == nil) || werr == nil && got.ID != want.ID ||
			errors.Is(werr, wikicities.ErrAmbiguous) != errors.Is(gerr, wikicities.ErrAmbiguous) {
			t.Errorf("%q: graph %v, %v; index %v, %v", q, got, gerr, want, werr)
		}
	}
}

func TestResolveMergesCreatesAndRejects(t *testing.T) {
	for _, tt := range []struct {
		name string
		side resolve.Side
		want int64 // <0: a new city; 0: ambiguous
	}{
		{"a constituent country of the city's state", resolve.Side{Name: "Inverness", Country: "Scotland, United Kingdom"}, 3},
		{"another constituent country is another city", resolve.Side{Name: "Inverness", Country: "Wales"}, -1},
		{"the same name in another country is another city", resolve.Side{Name: "Monterrey", Country: "United States"}, -1},
		{"a known country beats none", resolve.Side{Name: "London", Country: "England"}, 4},
		{"no country, two cities", resolve.Side{Name: "Boston"}, 0},
		{"a Wikidata item is its city", resolve.Side{QID: "Q64", Name: "Berlin (city)", Country: "Germany"}, 7},
		{"a district qualifier is part of the name", resolve.Side{Name: "Neukölln (Berlin)", Country: "Germany"}, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			x := world()
			id, err := x.Resolve(tt.side, "t:1")
			switch {
			case tt.want == 0 && !errors.Is(err, wikicities.ErrAmbiguous):
				t.Errorf("Resolve = %d, %v; want ambiguous", id, err)
			case tt.want < 0 && (err != nil || id >= 0 || len(x.Created()) != 1):
				t.Errorf("Resolve = %d, %v; want a new city", id, err)
			case tt.want > 0 && (err != nil || id != tt.want):
				t.Errorf("Resolve = %d, %v; want %d", id, err, tt.want)
			}
		})
	}
}

// A row rolled back leaves the index as it was.
func TestRollbackForgetsTheRow(t *testing.T) {
	x := world()
	m := x.Mark()
	if _, err := x.Resolve(resolve.Side{Name: "Kiel", Country: "Germany"}, "t:1"); err != nil {
		t.Fatal(err)
	}
	if _, err := x.Resolve(resolve.Side{Name: "Boston", Country: "England, United Kingdom"}, "t:1"); err != nil {
		t.Fatal(err)
	}
	x.Rollback(m)
	if len(x.Created()) != 0 || len(x.NewLabels()) != 0 || x.Merged() != 0 {
		t.Fatalf("after rollback: %d created, %d labels, %d merged", len(x.Created()), len(x.NewLabels()), x.Merged())
	}
	if _, err := x.Lookup("Kiel"); !errors.Is(err, wikicities.ErrNotFound) {
		t.Errorf("Kiel after rollback: %v", err)
	}
}

// Matches over the graph gives a query's one city, or all its candidates,
// or none; names and labels both count.
func TestMatchesInTheGraph(t *testing.T) {
	cities := []*wikicities.City{
		{ID: 1, Name: "Boston", Country: "United States", QID: "Q100"},
		{ID: 2, Name: "Boston", Country: "England", Labels: []string{"Boston, England, United Kingdom"}},
		{ID: 3, Name: "Pune", Country: "India", Labels: []string{"Poona, India"}},
	}
	g := resolve.InGraph(twins.New(cities, nil))
	for _, c := range []struct {
		query string
		want  []int64
	}{
		{"Q100", []int64{1}},
		{"Q999", nil},
		{"boston", []int64{2, 1}}, // ambiguous: England sorts before United States
		{"Boston, United States", []int64{1}},
		{"Boston, United Kingdom", []int64{2}}, // England is part of the United Kingdom
		{"  BOSTON ,  england ", []int64{2}},
		{"Poona", []int64{3}},
		{"Springfield", nil},
	} {
		cs, err := resolve.Matches(t.Context(), g, c.query)
		var got []int64
		for _, city := range cs {
			got = append(got, city.ID)
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("Matches(%q) = %v, %v; want %v", c.query, got, err, c.want)
		}
	}
}

// A name typed without its accents finds the accented city in the graph
// (twins CITY, the API's ?city=, the city field of forms): "Dusseldorf"
// answered "no city matches", while the search found Düsseldorf. A city
// named exactly as typed still wins, several folded matches are
// ambiguous, and the country still chooses.
func TestLookupInTheGraphFindsANameTypedWithoutAccents(t *testing.T) {
	cities := []*wikicities.City{
		{ID: 1, Name: "Düsseldorf", Country: "Germany"},
		{ID: 2, Name: "São Paulo", Country: "Brazil"},
		{ID: 3, Name: "Córdoba", Country: "Spain"},
		{ID: 4, Name: "Córdoba", Country: "Argentina"},
		{ID: 5, Name: "Malmö", Country: "Sweden"},
		{ID: 6, Name: "Malmo", Country: "United States"},
		{ID: 7, Name: "Köln", Country: "Germany", Labels: []string{"Cologne, Germany"}},
	}
	g := resolve.InGraph(twins.New(cities, nil))
	for _, c := range []struct {
		query string
		want  []int64
	}{
		{"Dusseldorf", []int64{1}},
		{"dusseldorf, germany", []int64{1}},
		{"Dusseldorf, France", nil},
		{"Sao Paulo", []int64{2}},
		{"Cordoba", []int64{4, 3}}, // ambiguous: Argentina sorts before Spain
		{"Cordoba, Spain", []int64{3}},
		{"Malmo", []int64{6}}, // the city named so, not Malmö
		{"Malmö", []int64{5}},
		{"Koln", []int64{7}},
		{"Cologne", []int64{7}},
	} {
		cs, err := resolve.Matches(t.Context(), g, c.query)
		var got []int64
		for _, city := range cs {
			got = append(got, city.ID)
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("Matches(%q) = %v, %v; want %v", c.query, got, err, c.want)
		}
	}
}
