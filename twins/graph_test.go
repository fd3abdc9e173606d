package twins_test

import (
	"slices"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/twins"
)

func testGraph() *twins.Graph {
	cities := []*wikicities.City{
		{ID: 1, Name: "Boston", Country: "United States", QID: "Q100"},
		{ID: 2, Name: "Boston", Country: "England", Labels: []string{"Boston, England, United Kingdom"}},
		{ID: 3, Name: "Pune", Country: "India"},
		{ID: 4, Name: "Hannover", Country: "Germany"},
		{ID: 5, Name: "Bristol", Country: "England"},
		{ID: 6, Name: "Bordeaux", Country: "France"},
	}
	links := []*wikicities.TwinLink{{A: 1, B: 3}, {A: 4, B: 5}, {A: 5, B: 6}, {A: 3, B: 1}, {A: 4, B: 99}}
	return twins.New(cities, links)
}

func TestGraphIsUndirectedAndDeduplicated(t *testing.T) {
	g := testGraph()
	if got := g.Twins(3); !slices.Equal(got, []int64{1}) {
		t.Errorf("Twins(Pune) = %v, want [1]", got)
	}
	if got := g.Twins(1); !slices.Equal(got, []int64{3}) {
		t.Errorf("Twins(Boston US) = %v, want [3]", got)
	}
	if _, links := g.Len(); links != 3 {
		t.Errorf("links = %d, want 3 (duplicate and dangling links dropped)", links)
	}
}

func TestSecondDegreeExcludesSelfAndDirectTwins(t *testing.T) {
	g := testGraph()
	sd := g.SecondDegree(4)
	if len(sd) != 1 || !slices.Equal(sd[6], []int64{5}) {
		t.Fatalf("SecondDegree(Hannover) = %v, want Bordeaux via Bristol", sd)
	}
}

func TestAddLinkKeepsGraphCurrent(t *testing.T) {
	g := testGraph()
	if !g.AddLink(6, 4) {
		t.Fatal("AddLink(Bordeaux, Hannover) = false")
	}
	if g.AddLink(4, 6) {
		t.Fatal("second AddLink reported a new link")
	}
	if got := g.Twins(4); !slices.Equal(got, []int64{5, 6}) {
		t.Fatalf("Twins(Hannover) = %v", got)
	}
	if len(g.SecondDegree(4)) != 0 {
		t.Fatal("Bordeaux is direct now, not second degree")
	}
}

func TestCountriesCompatible(t *testing.T) {
	cases := []struct {
		a, b string
		want bool
	}{
		{"Scotland", "Scotland, United Kingdom", true},
		{"England", "United Kingdom", true},
		{"England", "Scotland", false},
		{"England, United Kingdom", "England", true},
		{"Hong Kong", "China", true},
		{"United States", "England", false},
		{"", "France", true},
		{"Germany", "germany", true},
		{"France", "United States", false},
	}
	for _, c := range cases {
		if got := twins.CountriesCompatible(c.a, c.b); got != c.want {
			t.Errorf("CountriesCompatible(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
