package match_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/twins"
)

// The hand-built world of these tests:
//
//	Munich ── Edinburgh ── Dunedin      (Dunedin is a twin of a twin of Munich)
//	   ├───── Harare
//	   └───── Verona (no community; Vicenza's is 44 km away)
var cities = []*wikicities.City{
	{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
	{ID: 2, Name: "Edinburgh", Country: "United Kingdom", Lat: 55.9533, Lng: -3.1883, HasCoords: true},
	{ID: 3, Name: "Harare", Country: "Zimbabwe", Lat: -17.8292, Lng: 31.0522, HasCoords: true},
	{ID: 4, Name: "Verona", Country: "Italy", Lat: 45.4384, Lng: 10.9916, HasCoords: true},
	{ID: 5, Name: "Vicenza", Country: "Italy", Lat: 45.5455, Lng: 11.5354, HasCoords: true},
	{ID: 6, Name: "Dunedin", Country: "New Zealand", Lat: -45.8788, Lng: 170.5028, HasCoords: true},
}

var links = []*wikicities.TwinLink{{A: 1, B: 2}, {A: 1, B: 3}, {A: 1, B: 4}, {A: 2, B: 6}}

func community(id, city int64, name string, langs []string, offered, wanted []string) *wikicities.Community {
	return &wikicities.Community{ID: id, Kind: wikicities.KindUserGroup, Name: name, CityID: city, Status: wikicities.StatusActive,
		Languages: langs, SkillsOffered: offered, SkillsWanted: wanted}
}

func world() match.Input {
	closed := community(7, 3, "Closed Harare club", []string{"en"}, nil, nil)
	closed.Status = wikicities.StatusClosed
	return match.Input{
		Graph: twins.New(cities, links),
		Communities: []*wikicities.Community{
			community(1, 1, "WikiMUC", []string{"de", "en"}, []string{"photography"}, []string{"wikidata"}),
			community(2, 2, "Edinburgh Wikimedians", []string{"en"}, []string{"wikidata"}, []string{"photography"}),
			community(3, 3, "Harare Wikimedians", []string{"en", "sn"}, nil, nil),
			community(4, 5, "Wikimedia Vicenza", []string{"it"}, nil, nil),
			community(5, 6, "Dunedin Wikimedians", []string{"en"}, nil, nil),
			community(6, 2, "Edinburgh partners already", []string{"en"}, nil, nil),
			closed,
		},
		Institutions: []*wikicities.Institution{
			{ID: 1, Kind: wikicities.InstMuseum, Name: "Museum wanting photos", CityID: 2, SkillsWanted: []string{"photography"}},
			{ID: 2, Kind: wikicities.InstLibrary, Name: "Library wanting nothing we offer", CityID: 2, SkillsWanted: []string{"fundraising"}},
		},
		Partners: []wikicities.PartnershipParties{{
			PartnershipID: 1, State: wikicities.StateActive,
			A: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 6},
			B: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1},
		}},
	}
}

func suggest(t *testing.T, m *match.Matcher, id int64) []match.Suggestion {
	t.Helper()
	s, err := m.Suggest(id, match.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ranking(s []match.Suggestion) string {
	var parts []string
	for _, x := range s {
		parts = append(parts, x.Kind+":"+x.Name)
	}
	return strings.Join(parts, " > ")
}

func find(s []match.Suggestion, kind string, id int64) *match.Suggestion {
	for i := range s {
		if s[i].Kind == kind && s[i].ID == id {
			return &s[i]
		}
	}
	return nil
}

func reason(s *match.Suggestion, code string) *match.Reason {
	for i := range s.Reasons {
		if s.Reasons[i].Code == code {
			return &s.Reasons[i]
		}
	}
	return nil
}

func TestSuggestRanksDirectTwinsThenNearestFallbackThenSecondDegree(t *testing.T) {
	m := match.New(world(), match.DefaultWeights())
	got := ranking(suggest(t, m, 1))
	want := "community:Edinburgh Wikimedians > community:Harare Wikimedians > community:Wikimedia Vicenza > " +
		"institution:Museum wanting photos > community:Dunedin Wikimedians > city:Verona"
	if got != want {
		t.Fatalf("ranking for WikiMUC:\n got %s\nwant %s", got, want)
	}
}

func TestSuggestScoresAndReasons(t *testing.T) {
	s := suggest(t, match.New(world(), match.DefaultWeights()), 1)
	tests := []struct {
		kind  string
		id    int64
		score float64
		codes []string
	}{
		{match.KindCommunity, 2, 13.5, []string{match.ReasonTwinCity, match.ReasonLanguages, match.ReasonTheyOffer, match.ReasonTheyWant}},
		{match.KindCommunity, 3, 11.5, []string{match.ReasonTwinCity, match.ReasonLanguages}},
		{match.KindCommunity, 4, 6, []string{match.ReasonNearTwin}},
		{match.KindInstitution, 1, 6, []string{match.ReasonInstitution, match.ReasonTheyWant}},
		{match.KindCommunity, 5, 5.5, []string{match.ReasonSecondDegree, match.ReasonLanguages}},
		{match.KindCity, 4, 3, []string{match.ReasonRecruit, match.ReasonRecruitNearest}},
	}
	for _, tt := range tests {
		x := find(s, tt.kind, tt.id)
		if x == nil {
			t.Errorf("%s %d not suggested", tt.kind, tt.id)
			continue
		}
		if x.Score != tt.score {
			t.Errorf("%s %q: score %g, want %g", tt.kind, x.Name, x.Score, tt.score)
		}
		var codes []string
		for _, r := range x.Reasons {
			codes = append(codes, r.Code)
			if r.Text == "" {
				t.Errorf("%s %q: reason %s has no text", tt.kind, x.Name, r.Code)
			}
		}
		if strings.Join(codes, ",") != strings.Join(tt.codes, ",") {
			t.Errorf("%s %q: reasons %v, want %v", tt.kind, x.Name, codes, tt.codes)
		}
	}
}

func TestSuggestNearestFallbackSaysWhereAndHowFar(t *testing.T) {
	s := suggest(t, match.New(world(), match.DefaultWeights()), 1)
	r := reason(find(s, match.KindCommunity, 4), match.ReasonNearTwin)
	if r == nil {
		t.Fatal("Wikimedia Vicenza has no near_twin reason")
	}
	if want := "no group in Verona yet; nearest: Wikimedia Vicenza (44 km)"; r.Text != want {
		t.Errorf("text %q, want %q", r.Text, want)
	}
	if r.Params["twin_city_id"] != int64(4) || r.Params["distance_km"] != 44.0 {
		t.Errorf("params %v", r.Params)
	}
}

func TestSuggestNearestFallbackRespectsRadius(t *testing.T) {
	w := match.DefaultWeights()
	w.RadiusKm = 30 // Vicenza is 44 km from Verona
	s := suggest(t, match.New(world(), w), 1)
	if find(s, match.KindCommunity, 4) != nil {
		t.Error("Wikimedia Vicenza suggested beyond the radius")
	}
	if rec := find(s, match.KindCity, 4); rec == nil || reason(rec, match.ReasonNoneNear) == nil {
		t.Errorf("Verona is not listed as a place to recruit with no community near: %+v", rec)
	}
}

func TestSuggestNeverSuggestsSelfPartnersOrClosed(t *testing.T) {
	s := suggest(t, match.New(world(), match.DefaultWeights()), 1)
	for _, x := range s {
		if x.Kind == match.KindCommunity && (x.ID == 1 || x.ID == 6 || x.ID == 7) {
			t.Errorf("suggested %s %d %q", x.Kind, x.ID, x.Name)
		}
		if x.Kind == match.KindInstitution && x.ID == 2 {
			t.Errorf("suggested an institution in a twin city that wants none of our skills")
		}
	}
}

func TestSuggestIsSymmetricOverATwinLink(t *testing.T) {
	m := match.New(world(), match.DefaultWeights())
	ab := find(suggest(t, m, 1), match.KindCommunity, 2)
	ba := find(suggest(t, m, 2), match.KindCommunity, 1)
	if ab == nil || ba == nil {
		t.Fatalf("WikiMUC→Edinburgh %v, Edinburgh→WikiMUC %v", ab, ba)
	}
	if ab.Score != ba.Score {
		t.Errorf("scores differ: %g and %g", ab.Score, ba.Score)
	}
}

func TestSuggestIsDeterministic(t *testing.T) {
	in := world()
	// Two communities with equal scores in Harare: ties break by id.
	in.Communities = append(in.Communities, community(9, 3, "Second Harare group", []string{"en", "sn"}, nil, nil))
	m := match.New(in, match.DefaultWeights())
	first := ranking(suggest(t, m, 1))
	for range 20 {
		if got := ranking(suggest(t, m, 1)); got != first {
			t.Fatalf("ranking changed between calls:\n%s\n%s", first, got)
		}
	}
	if !strings.Contains(first, "Harare Wikimedians > community:Second Harare group") {
		t.Errorf("tie not broken by id: %s", first)
	}
}

func TestSuggestRanksAnAnswerToARequestHigher(t *testing.T) {
	in := world()
	in.Requests = []*wikicities.PartnerRequest{{
		ID: 1, Party: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 5},
		Title: "a photographer group in Germany for a joint photo contest", Countries: []string{"Germany"},
		Skills: []string{"photography"}, Expires: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}}
	s := suggest(t, match.New(in, match.DefaultWeights()), 1)
	d := find(s, match.KindCommunity, 5)
	if d == nil || d.Score != 10.5 || reason(d, match.ReasonTheirRequest) == nil {
		t.Fatalf("Dunedin: %+v, want score 10.5 with an answers_their_request reason", d)
	}
	if got := ranking(s); !strings.HasPrefix(got, "community:Edinburgh Wikimedians > community:Harare Wikimedians > community:Dunedin Wikimedians") {
		t.Errorf("ranking %s", got)
	}
	// Expired requests do not count.
	in.Requests[0].Expires = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	if d := find(suggest(t, match.New(in, match.DefaultWeights()), 1), match.KindCommunity, 5); d.Score != 5.5 {
		t.Errorf("expired request still counts: score %g", d.Score)
	}
}

func TestSuggestOurRequestBringsCandidatesInTheCitiesItNames(t *testing.T) {
	in := world()
	in.Requests = []*wikicities.PartnerRequest{{
		ID: 2, Party: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1},
		Title: "an Italian-speaking partner in Vicenza", CityIDs: []int64{5}, Languages: []string{"it"},
		Expires: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}}
	s := suggest(t, match.New(in, match.DefaultWeights()), 1)
	v := find(s, match.KindCommunity, 4)
	if v == nil || reason(v, match.ReasonOurRequest) == nil || v.Score != 11 {
		t.Fatalf("Vicenza: %+v, want near twin + our request = 11", v)
	}
}

func TestMatcherStaysCurrentWhenTheDirectoryChanges(t *testing.T) {
	m := match.New(world(), match.DefaultWeights())
	// A group is founded in Verona: Verona is no longer a place to recruit,
	// and Vicenza's group loses its fallback.
	m.PutCommunity(community(10, 4, "Wikimedia Verona", []string{"it"}, nil, nil))
	s := suggest(t, m, 1)
	if find(s, match.KindCity, 4) != nil || find(s, match.KindCommunity, 4) != nil {
		t.Errorf("stale after PutCommunity: %s", ranking(s))
	}
	if find(s, match.KindCommunity, 10) == nil {
		t.Errorf("new community not suggested: %s", ranking(s))
	}
	m.RemoveCommunity(10)
	m.RemoveCommunity(2)
	m.Exclude(wikicities.PartyPair{A: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1}, B: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 3}})
	s = suggest(t, m, 1)
	if find(s, match.KindCommunity, 2) != nil || find(s, match.KindCommunity, 3) != nil || find(s, match.KindCommunity, 4) == nil {
		t.Errorf("stale after RemoveCommunity/Exclude: %s", ranking(s))
	}
}

func TestSuggestUnknownCommunity(t *testing.T) {
	_, err := match.New(world(), match.DefaultWeights()).Suggest(99, match.Options{})
	if !errors.Is(err, wikicities.ErrNotFound) {
		t.Fatalf("err %v, want ErrNotFound", err)
	}
}

func TestRecruitOrdersTwinCitiesWithoutCommunityByWhatTheyWouldConnect(t *testing.T) {
	in := world()
	// Verona (no community) is a twin of Munich; Bonn (no community) is a
	// twin of Munich and of Edinburgh, so a group there connects more.
	in.Graph = twins.New(append(append([]*wikicities.City{}, cities...),
		&wikicities.City{ID: 8, Name: "Bonn", Country: "Germany"}),
		append(append([]*wikicities.TwinLink{}, links...), &wikicities.TwinLink{A: 1, B: 8}, &wikicities.TwinLink{A: 2, B: 8}))
	m := match.New(in, match.DefaultWeights())
	got := m.Recruit([]int64{1})
	if len(got) != 2 || got[0].City.Name != "Bonn" || got[0].Connects != 3 || got[1].City.Name != "Verona" || got[1].Connects != 1 {
		for _, p := range got {
			t.Logf("%s connects %d", p.City.Name, p.Connects)
		}
		t.Fatalf("recruit places wrong")
	}
	if ids := m.CitiesIn("Italy"); len(ids) != 2 {
		t.Errorf("CitiesIn(Italy) = %v", ids)
	}
}

func TestNearestCrossesTheAntimeridian(t *testing.T) {
	g := twins.New([]*wikicities.City{
		{ID: 1, Name: "East of the line", Lat: -16.8, Lng: 179.95, HasCoords: true},
		{ID: 2, Name: "West of the line", Lat: -16.8, Lng: -179.97, HasCoords: true},
		{ID: 3, Name: "Far on the same side", Lat: -16.8, Lng: 178.0, HasCoords: true},
	}, nil)
	m := match.New(match.Input{Graph: g, Communities: []*wikicities.Community{
		community(1, 2, "across the line", nil, nil, nil),
		community(2, 3, "same side, farther", nil, nil, nil),
	}}, match.DefaultWeights())
	id, d, ok := m.Nearest(-16.8, 179.95, 150)
	if !ok || id != 1 || d > 10 {
		t.Fatalf("nearest to 179.95E: %d at %.1f km (ok %v), want community 1 at about 8.5 km", id, d, ok)
	}
	// From the pole's neighbourhood the search covers every longitude.
	g.AddCity(&wikicities.City{ID: 4, Name: "Polar", Lat: 89.5, Lng: 10, HasCoords: true})
	m.PutCommunity(community(3, 4, "polar", nil, nil, nil))
	if id, _, ok := m.Nearest(89.6, -170, 150); !ok || id != 3 {
		t.Errorf("nearest near the pole: %d %v", id, ok)
	}
}

func TestReadWeightsNamesTheBadField(t *testing.T) {
	w, err := match.ReadWeights(strings.NewReader(`{"direct_twin": 20}`))
	if err != nil || w.DirectTwin != 20 || w.SecondDegree != match.DefaultWeights().SecondDegree {
		t.Fatalf("partial weights: %+v %v", w, err)
	}
	for in, want := range map[string]string{
		`{"radius_km": -1}`:     "radius_km",
		`{"dormant_factor": 2}`: "dormant_factor",
		`{"direct": 1}`:         "unknown weight \"direct\"; the weights are direct_twin, second_degree,",
		// A reason code is not a weight; a value must be a number.
		`{"twin_city": 1}`:      "unknown weight \"twin_city\"; the weights are direct_twin, second_degree, near_twin, shared_language, skill, institution, request, recruit, dormant_factor, radius_km, near_home, home_radius_km, covers_country, twin_region",
		`{"direct_twin": "10"}`: "direct_twin: must be a number, not string",
		`{"direct_twin": 10,`:   "the file ends before the object does",
		`{"direct_twin" 10}`:    "not JSON at byte 16",
	} {
		if _, err := match.ReadWeights(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want it to mention %s", in, err, want)
		}
	}
}
