package twins_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

func searchGraph() *twins.Graph {
	cities := []*wikicities.City{
		{ID: 1, Name: "Berlin", Country: "Germany"},
		{ID: 2, Name: "Bergen", Country: "Norway"},
		{ID: 3, Name: "Berlin", Country: "United States"},
		{ID: 4, Name: "Bern", Country: "Switzerland", Labels: []string{"Berne, Switzerland"}},
		{ID: 5, Name: "São Paulo", Country: "Brazil"},
		{ID: 6, Name: "Munich", Country: "Germany", Labels: []string{"München, Germany", "Monaco di Baviera, Italy"}},
		{ID: 7, Name: "Berg", Country: "Germany", Population: 8000},
		{ID: 8, Name: "Bergheim", Country: "Germany", Population: 60000},
		{ID: 9, Name: "Paris", Country: "France"},
	}
	links := []*wikicities.TwinLink{
		{A: 1, B: 9}, {A: 1, B: 6}, {A: 1, B: 5}, // Berlin, Germany: 3 twins
		{A: 2, B: 9},               // Bergen: 1
		{A: 4, B: 9}, {A: 4, B: 6}, // Bern: 2
	}
	return twins.New(cities, links)
}

func ids(cs []*wikicities.City) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestSearchRanksExactThenPrefixThenTwinsThenPopulation(t *testing.T) {
	g := searchGraph()
	cases := []struct {
		q    twins.SearchQuery
		want []int64
	}{
		// Prefix: Berlin DE (3 twins), Bern (2), Bergen (1), then no twins:
		// Bergheim (60,000 people) before Berg (8,000), then Berlin US.
		{twins.SearchQuery{Text: "ber"}, []int64{1, 4, 2, 8, 7, 3}},
		// Exact matches first, however few twins they have.
		{twins.SearchQuery{Text: "Berg"}, []int64{7, 2, 8}},
		{twins.SearchQuery{Text: "berlin"}, []int64{1, 3}},
		// A label in another language finds the city; the exact label ranks first.
		{twins.SearchQuery{Text: "berne"}, []int64{4}},
		{twins.SearchQuery{Text: "münchen"}, []int64{6}},
		{twins.SearchQuery{Text: "monaco di"}, []int64{6}},
		// Diacritics fold both ways; case and spacing too.
		{twins.SearchQuery{Text: "sao  PAULO"}, []int64{5}},
		{twins.SearchQuery{Text: "Munchen"}, []int64{6}},
		{twins.SearchQuery{Text: "Bérn"}, []int64{4}},
		// Country narrows, case-insensitively.
		{twins.SearchQuery{Text: "ber", Country: "germany"}, []int64{1, 8, 7}},
		// Pages.
		{twins.SearchQuery{Text: "ber", Limit: 2}, []int64{1, 4}},
		{twins.SearchQuery{Text: "ber", Limit: 2, Offset: 4}, []int64{7, 3}},
		{twins.SearchQuery{Text: "ber", Offset: 40}, nil},
		{twins.SearchQuery{Text: "zz"}, nil},
		{twins.SearchQuery{Text: "  "}, nil},
	}
	for _, c := range cases {
		got, total := g.Search(c.q)
		if !slices.Equal(ids(got), c.want) {
			t.Errorf("Search(%+v) = %v, want %v", c.q, ids(got), c.want)
		}
		if c.q.Limit == 0 && c.q.Offset == 0 && total != len(c.want) {
			t.Errorf("Search(%+v): total %d, want %d", c.q, total, len(c.want))
		}
	}
	if _, total := g.Search(twins.SearchQuery{Text: "ber", Limit: 2}); total != 6 {
		t.Errorf("total of a page = %d, want all 6 matches", total)
	}
}

func TestSearchFollowsWrites(t *testing.T) {
	g := searchGraph()
	// New links change the ranking at once: Bergen (4 twins) overtakes
	// Berlin (3) and Bern (2).
	g.AddLink(2, 6)
	g.AddLink(2, 5)
	g.AddLink(2, 7)
	if got, _ := g.Search(twins.SearchQuery{Text: "ber", Limit: 3}); !slices.Equal(ids(got), []int64{2, 1, 4}) {
		t.Errorf("after three links to Bergen: %v, want [2 1 4]", ids(got))
	}
	// A new city, and a city replaced with new labels: the old ones are gone.
	g.AddCity(&wikicities.City{ID: 10, Name: "Bertrix", Country: "Belgium"})
	g.AddCity(&wikicities.City{ID: 4, Name: "Bern", Country: "Switzerland", Labels: []string{"Berna, Italy"}})
	if got, _ := g.Search(twins.SearchQuery{Text: "bert"}); !slices.Equal(ids(got), []int64{10}) {
		t.Errorf("new city: %v, want [10]", ids(got))
	}
	if got, _ := g.Search(twins.SearchQuery{Text: "berne"}); len(got) != 0 {
		t.Errorf("a replaced city's old label still found: %v", ids(got))
	}
	if got, _ := g.Search(twins.SearchQuery{Text: "berna"}); !slices.Equal(ids(got), []int64{4}) {
		t.Errorf("a replaced city's new label: %v, want [4]", ids(got))
	}
}

// TestNamedIsExactAndFollowsWrites: Named (resolve.Lookup's reading of the
// graph) finds a city by its name, its labels and its names in other
// languages, exactly: the folded forms Search matches are not names. It
// reads the same index as Search, so a replaced city's old label is gone.
func TestNamedIsExactAndFollowsWrites(t *testing.T) {
	g := searchGraph()
	g.AddCity(&wikicities.City{ID: 11, Name: "Sao Paulo", Country: "Portugal", Names: map[string]string{"pt": "São Paulo"}})
	for _, tt := range []struct {
		key  string
		want []int64
	}{
		{"berlin", []int64{1, 3}},
		{"berne", []int64{4}},             // a label
		{"monaco di baviera", []int64{6}}, // a label in another country
		{"são paulo", []int64{5, 11}},     // a name; a name in another language
		{"sao paulo", []int64{11}},        // Brazil's São Paulo only folds to it
		{"munchen", nil},
		{"ber", nil},
	} {
		if got := ids(g.Named(tt.key)); !slices.Equal(got, tt.want) {
			t.Errorf("Named(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
	g.AddCity(&wikicities.City{ID: 4, Name: "Bern", Country: "Switzerland", Labels: []string{"Berna, Italy"}})
	if got := ids(g.Named("berne")); got != nil {
		t.Errorf("a replaced city's old label is still a name: %v", got)
	}
	if got := ids(g.Named("berna")); !slices.Equal(got, []int64{4}) {
		t.Errorf("a replaced city's new label: %v, want [4]", got)
	}
}

func TestFoldKey(t *testing.T) {
	for in, want := range map[string]string{
		"são paulo": "sao paulo", "münchen": "munchen", "zürich": "zurich", "bern": "bern",
		"kraków": "krakow", "москва": "москва", "القاهرة": "القاهرة",
	} {
		if got := twins.FoldKey(in); got != want {
			t.Errorf("FoldKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkSearch searches a graph of 20,000 cities, each with two labels,
// for short prefixes (the live search's first keystrokes) and a full name.
func BenchmarkSearch(b *testing.B) {
	syll := []string{"ber", "lin", "mu", "nich", "pa", "ris", "san", "to", "ka", "ra", "chi", "go"}
	var cities []*wikicities.City
	var links []*wikicities.TwinLink
	for i := range 20000 {
		name := syll[i%12] + syll[(i/12)%12] + syll[(i/144)%12] + fmt.Sprint(i/1728)
		cities = append(cities, &wikicities.City{ID: int64(i + 1), Name: name, Country: "C" + fmt.Sprint(i%150),
			Labels: []string{"Ü" + name + ", X", name + "é, Y"}})
		if i > 0 {
			links = append(links, &wikicities.TwinLink{A: int64(i), B: int64(i/7 + 1)})
		}
	}
	g := twins.New(cities, links)
	for _, q := range []string{"b", "ber", "berlinmu", "berlinmu3"} {
		b.Run(q, func(b *testing.B) {
			for b.Loop() {
				g.Search(twins.SearchQuery{Text: q, Limit: 50})
			}
		})
	}
}
