package wikitext_test

import (
	"reflect"
	"testing"

	"github.com/wikicities/wikicities/wikitext"
)

// CellCases are city cells written as Meta-Wiki's and Wikipedia's twinning
// tables write them, with the place a reader sees in each. The importer's
// tests run the same cells through the whole import.
var CellCases = []struct {
	Cell string
	Want []wikitext.Place
}{
	{"[[w:Monterrey|Monterrey]], {{flag|Mexico}}", []wikitext.Place{{Name: "Monterrey", Country: "Mexico"}}},
	{"{{flag|Mexico}} [[w:Monterrey|Monterrey]]", []wikitext.Place{{Name: "Monterrey", Country: "Mexico"}}},
	{"[[Monterrey]] {{MEX}}", []wikitext.Place{{Name: "Monterrey", Country: "Mexico"}}},
	{"{{flagicon|DEU}} [[Munich]]", []wikitext.Place{{Name: "Munich", Country: "Germany"}}},
	{"[[w:Lyon]] ({{flagicon|FRA}})", []wikitext.Place{{Name: "Lyon", Country: "France"}}},
	{"[[:de:München|München]], Germany", []wikitext.Place{{Name: "München", Country: "Germany"}}},
	{"Hannover, Germany<br/>(Lower Saxony)", []wikitext.Place{{Name: "Hannover", Country: "Germany"}}},
	{"Hannover<br>(Lower Saxony)<br>{{flag|Germany}}", []wikitext.Place{{Name: "Hannover", Country: "Germany"}}},
	{"Hannover <small>(Lower Saxony)</small>, Germany", []wikitext.Place{{Name: "Hannover", Country: "Germany"}}},
	{"<span class=\"nowrap\">Neukölln (Berlin)</span>, Germany", []wikitext.Place{{Name: "Neukölln (Berlin)", Country: "Germany"}}},
	{"Varna,&nbsp;Bulgaria<ref>Twinning agreement, 1967.</ref>", []wikitext.Place{{Name: "Varna", Country: "Bulgaria"}}},
	{"Derry, Northern Ireland {{flagicon|UK}}{{efn|also called Londonderry}}", []wikitext.Place{{Name: "Derry", Country: "Northern Ireland"}}},
	{"Kraków\u00a0(Poland)", []wikitext.Place{{Name: "Kraków", Country: "Poland"}}},
	{"{{flag|Singapore}}", []wikitext.Place{{Name: "Singapore", Country: "Singapore"}}},
	{"&#45;Dash, Germany", []wikitext.Place{{Name: "-Dash", Country: "Germany"}}},
	{"{{flagicon|FRA}} – Lyon", []wikitext.Place{{Name: "Lyon", Country: "France"}}},
	{"Bordeaux<br />Bristol, England", []wikitext.Place{{Name: "Bordeaux"}, {Name: "Bristol", Country: "England"}}},
	{"[[w:Bristol|Bristol]]<br><small>(England)</small>", []wikitext.Place{{Name: "Bristol", Country: "England"}}},
	{"-Dash, {{flag|Germany}}", []wikitext.Place{{Name: "-Dash", Country: "Germany"}}},
	{"[[w:Houston|Houston]], {{flagicon|USA}}", []wikitext.Place{{Name: "Houston", Country: "United States"}}},
	{"—", nil},
}

func TestCityPlacesUndoTheCellConventions(t *testing.T) {
	for _, tt := range CellCases {
		tables, err := wikitext.Parse("{|\n|-\n| " + tt.Cell + "\n|}")
		if err != nil {
			t.Fatal(err)
		}
		got := wikitext.CityPlaces(tables[0].Grid[0][0], nil)
		if !reflect.DeepEqual(got, tt.Want) {
			t.Errorf("%s\n got %+v\nwant %+v", tt.Cell, got, tt.Want)
		}
	}
}

func TestCityPlacesTakeTheCountryCell(t *testing.T) {
	tables, err := wikitext.Parse("{|\n|-\n| [[w:Monterrey]] || {{flag|MEX}}\n|-\n| Kiel<br>Rostock || Germany<br>{{GER}}\n|}")
	if err != nil {
		t.Fatal(err)
	}
	g := tables[0].Grid
	if got := wikitext.CityPlaces(g[0][0], g[0][1]); !reflect.DeepEqual(got, []wikitext.Place{{Name: "Monterrey", Country: "Mexico"}}) {
		t.Errorf("Monterrey: %+v", got)
	}
	if got := wikitext.CityPlaces(g[1][0], g[1][1]); !reflect.DeepEqual(got, []wikitext.Place{{Name: "Kiel", Country: "Germany"}, {Name: "Rostock", Country: "Germany"}}) {
		t.Errorf("Kiel, Rostock: %+v", got)
	}
}
