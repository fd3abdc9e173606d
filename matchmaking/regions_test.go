package matchmaking_test

import (
	"context"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/twins"
)

// The index places cities in the world's first-level subdivisions: to
// Edinburgh's group, a group in Augsburg is suggested as one in Bavaria,
// the region of its twin city Munich; one in Stuttgart
// (Baden-Württemberg) is not.
func TestIndexSuggestsGroupsInATwinCitysRegion(t *testing.T) {
	src := newSource()
	src.put(&wikicities.Community{ID: 1, Name: "Edinburgh Wikimedians", CityID: 2})
	src.put(&wikicities.Community{ID: 2, Name: "Augsburg Wikipedians", CityID: 4})
	src.put(&wikicities.Community{ID: 3, Name: "Stuttgart Wikipedians", CityID: 5})
	all := append(cities[:3:3],
		&wikicities.City{ID: 4, Name: "Augsburg", Country: "Germany", Lat: 48.37, Lng: 10.90, HasCoords: true},
		&wikicities.City{ID: 5, Name: "Stuttgart", Country: "Germany", Lat: 48.78, Lng: 9.18, HasCoords: true})
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	idx := matchmaking.New(src, twins.New(all, links), wikicities.ClockFunc(func() time.Time { return now }), match.DefaultWeights())
	sug, err := idx.Suggest(context.Background(), 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sug {
		for _, r := range s.Reasons {
			if r.Code != wikicities.ReasonTwinRegion {
				continue
			}
			if s.ID != 2 || r.Params["twin_city"] != "Munich" || r.Params["region_key"] != "DE-BY" || r.Params["region"] != "Bavaria" {
				t.Errorf("%s: %s %v", s.Name, r.Text, r.Params)
			}
			t.Logf("%s: %s", s.Name, r.Text)
			found = true
		}
	}
	if !found {
		t.Errorf("the group in Augsburg is not suggested for Munich's region: %+v", sug)
	}
}
