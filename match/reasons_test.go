package match_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/twins"
)

// nearWorld adds to world() places near Munich (Freising, 33 km; Augsburg,
// 57 km) and groups that cover the countries of Munich's twin cities.
func nearWorld() match.Input {
	in := world()
	all := append(slices.Clone(cities),
		&wikicities.City{ID: 7, Name: "Freising", Country: "Germany", Lat: 48.4029, Lng: 11.7488, HasCoords: true},
		&wikicities.City{ID: 8, Name: "Augsburg", Country: "Germany", Lat: 48.3705, Lng: 10.8978, HasCoords: true},
		&wikicities.City{ID: 9, Name: "Glasgow", Country: "United Kingdom", Lat: 55.8642, Lng: -4.2518, HasCoords: true},
	)
	in.Graph = twins.New(all, links)
	chapter := community(20, 9, "Wikimedia UK", []string{"en"}, nil, nil)
	chapter.Kind = wikicities.KindChapter
	listed := community(21, 0, "Wikimedia Zimbabwe", []string{"en"}, nil, nil)
	listed.Country = "Zimbabwe"
	localListed := community(22, 0, "Zimbabwe meetup", nil, nil, nil)
	localListed.Kind, localListed.Country = wikicities.KindLocalGroup, "Zimbabwe"
	german := community(23, 7, "Wikimedia Deutschland Freising", nil, nil, nil)
	german.Kind = wikicities.KindChapter
	partner := community(24, 7, "Freising partners already", nil, nil, nil)
	in.Communities = append(in.Communities,
		community(10, 7, "Freising Wikipedians", nil, nil, nil),
		community(11, 8, "Augsburg Wikipedians", nil, nil, nil),
		community(12, 1, "Munich Wiki Club", nil, nil, nil),
		chapter, listed, localListed, german, partner)
	in.Institutions = append(in.Institutions,
		&wikicities.Institution{ID: 10, Kind: wikicities.InstMuseum, Name: "Freising museum", CityID: 7, SkillsWanted: []string{"photography"}},
		&wikicities.Institution{ID: 11, Kind: wikicities.InstArchive, Name: "Augsburg archive", CityID: 8, SkillsWanted: []string{"photography"}})
	in.Partners = append(in.Partners, wikicities.PartnershipParties{
		PartnershipID: 2, State: wikicities.StateActive,
		A: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1},
		B: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 24},
	})
	return in
}

func TestSuggestNearOurCityWithDistance(t *testing.T) {
	s := suggest(t, match.New(nearWorld(), match.DefaultWeights()), 1)
	freising := math.Round(geo.DistanceKm(48.1372, 11.5755, 48.4029, 11.7488))
	for _, tt := range []struct {
		kind  string
		id    int64
		km    float64
		codes []string
	}{
		{match.KindCommunity, 10, freising, []string{match.ReasonNearHome}},
		{match.KindCommunity, 12, 0, []string{match.ReasonNearHome}},
		{match.KindInstitution, 10, freising, []string{match.ReasonNearHome, match.ReasonTheyWant}},
	} {
		x := find(s, tt.kind, tt.id)
		if x == nil {
			t.Errorf("%s %d not suggested", tt.kind, tt.id)
			continue
		}
		r := reason(x, match.ReasonNearHome)
		if r == nil {
			t.Errorf("%s %q has no %s reason: %+v", tt.kind, x.Name, match.ReasonNearHome, x.Reasons)
			continue
		}
		if r.Params["distance_km"] != tt.km || r.Params["city"] != "Munich" || r.Params["city_id"] != int64(1) {
			t.Errorf("%s %q: params %v, want %g km from Munich", tt.kind, x.Name, r.Params, tt.km)
		}
		var codes []string
		for _, r := range x.Reasons {
			codes = append(codes, r.Code)
		}
		if !slices.Equal(codes, tt.codes) {
			t.Errorf("%s %q: reasons %v, want %v", tt.kind, x.Name, codes, tt.codes)
		}
	}
	if freising < 30 || freising > 36 {
		t.Fatalf("Freising is %g km from Munich; the test world is wrong", freising)
	}
	if r := reason(find(s, match.KindCommunity, 10), match.ReasonNearHome); r != nil && r.Text != fmt.Sprintf("%g km from Munich", freising) {
		t.Errorf("text %q", r.Text)
	}
	// Augsburg (57 km) is beyond the default 50 km, and the others are
	// ourselves or a partner already.
	for _, x := range []struct {
		kind string
		id   int64
	}{{match.KindCommunity, 11}, {match.KindInstitution, 11}, {match.KindCommunity, 1}, {match.KindCommunity, 24}} {
		if find(s, x.kind, x.id) != nil {
			t.Errorf("suggested %s %d", x.kind, x.id)
		}
	}
}

func TestSuggestNearOurCityRadiusIsConfigurable(t *testing.T) {
	w := match.DefaultWeights()
	w.HomeRadiusKm = 60
	s := suggest(t, match.New(nearWorld(), w), 1)
	if find(s, match.KindCommunity, 11) == nil || find(s, match.KindInstitution, 11) == nil {
		t.Error("Augsburg's community and archive are not suggested within 60 km")
	}
	w.HomeRadiusKm = 0
	s = suggest(t, match.New(nearWorld(), w), 1)
	for _, x := range s {
		if reason(&x, match.ReasonNearHome) != nil {
			t.Errorf("%s %q suggested as near with the radius off", x.Kind, x.Name)
		}
	}
}

func TestSuggestGroupsCoveringATwinCitysCountry(t *testing.T) {
	s := suggest(t, match.New(nearWorld(), match.DefaultWeights()), 1)
	for _, tt := range []struct {
		id      int64
		country string
		twin    string
		text    string
	}{
		{20, "United Kingdom", "Edinburgh", "covers United Kingdom, where your twin city Edinburgh is"},
		{21, "Zimbabwe", "Harare", "covers Zimbabwe, where your twin city Harare is"},
	} {
		x := find(s, match.KindCommunity, tt.id)
		if x == nil {
			t.Errorf("community %d not suggested", tt.id)
			continue
		}
		r := reason(x, match.ReasonCoversCountry)
		if r == nil {
			t.Errorf("%q has no %s reason: %+v", x.Name, match.ReasonCoversCountry, x.Reasons)
			continue
		}
		if r.Params["country"] != tt.country || r.Params["twin_city"] != tt.twin || r.Text != tt.text {
			t.Errorf("%q: params %v, text %q", x.Name, r.Params, r.Text)
		}
		if x.Score != match.DefaultWeights().CoversCountry+1.5 { // and English, shared
			t.Errorf("%q: score %g", x.Name, x.Score)
		}
	}
	// A local group listed by country does not cover it; a chapter in
	// Germany covers no twin's country (it is near, though).
	if find(s, match.KindCommunity, 22) != nil {
		t.Error("a local group listed by country is suggested")
	}
	if x := find(s, match.KindCommunity, 23); x == nil || reason(x, match.ReasonCoversCountry) != nil {
		t.Errorf("Wikimedia Deutschland Freising: %+v", x)
	}
	// Removing the chapter takes it out of the country index.
	m := match.New(nearWorld(), match.DefaultWeights())
	m.RemoveCommunity(20)
	if find(suggest(t, m, 1), match.KindCommunity, 20) != nil {
		t.Error("a removed chapter is still suggested")
	}
	m.RemoveInstitution(10)
	if find(suggest(t, m, 1), match.KindInstitution, 10) != nil {
		t.Error("a removed institution is still suggested")
	}
}

func TestSuggestTiesBreakByDistanceThenName(t *testing.T) {
	s := suggest(t, match.New(nearWorld(), match.DefaultWeights()), 1)
	// Equal scores (near home only): Munich Wiki Club (0 km) first, then the
	// Freising groups by name.
	var order []string
	for _, x := range s {
		if x.Score == match.DefaultWeights().NearHome && x.Kind == match.KindCommunity {
			order = append(order, x.Name)
		}
	}
	want := []string{"Munich Wiki Club", "Freising Wikipedians", "Wikimedia Deutschland Freising"}
	if !slices.Equal(order, want) {
		t.Errorf("tied order %q, want %q", order, want)
	}
	first := ranking(s)
	for range 20 {
		if got := ranking(suggest(t, match.New(nearWorld(), match.DefaultWeights()), 1)); got != first {
			t.Fatalf("ranking changed between runs:\n%s\n%s", first, got)
		}
	}
}

// TestSuggestAtMostThreeGroupsCoverATwinCitysCountry: of the many groups
// that may cover one country, a query suggests the first three it may:
// active before dormant, chapters before thematic organisations before
// user groups, the oldest first. An update of a group moves it in that order.
func TestSuggestAtMostThreeGroupsCoverATwinCitysCountry(t *testing.T) {
	in := world()
	covering := func(id int64, kind wikicities.CommunityKind, status wikicities.Status) *wikicities.Community {
		c := community(id, 0, fmt.Sprintf("Zimbabwe group %d", id), nil, nil, nil)
		c.Kind, c.Status, c.Country = kind, status, "Zimbabwe"
		return c
	}
	in.Communities = append(in.Communities,
		covering(30, wikicities.KindUserGroup, wikicities.StatusActive),
		covering(31, wikicities.KindChapter, wikicities.StatusDormant),
		covering(32, wikicities.KindThematic, wikicities.StatusActive),
		covering(33, wikicities.KindUserGroup, wikicities.StatusActive),
		covering(34, wikicities.KindChapter, wikicities.StatusActive), // a partner of WikiMUC already
		covering(35, wikicities.KindThematic, wikicities.StatusDormant),
		covering(36, wikicities.KindUserGroup, wikicities.StatusActive),
	)
	in.Partners = append(in.Partners, wikicities.PartnershipParties{
		PartnershipID: 3, State: wikicities.StateActive,
		A: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 34},
		B: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: 1},
	})
	m := match.New(in, match.DefaultWeights())
	covered := func() []int64 {
		var ids []int64
		for _, x := range suggest(t, m, 1) {
			if reason(&x, match.ReasonCoversCountry) != nil {
				ids = append(ids, x.ID)
			}
		}
		slices.Sort(ids)
		return ids
	}
	if got, want := covered(), []int64{30, 32, 33}; !slices.Equal(got, want) {
		t.Errorf("covering Zimbabwe: %v, want %v", got, want)
	}
	woken := covering(31, wikicities.KindChapter, wikicities.StatusActive)
	m.PutCommunity(woken)
	if got, want := covered(), []int64{30, 31, 32}; !slices.Equal(got, want) {
		t.Errorf("covering Zimbabwe once the chapter is active: %v, want %v", got, want)
	}
	m.RemoveCommunity(32)
	if got, want := covered(), []int64{30, 31, 33}; !slices.Equal(got, want) {
		t.Errorf("covering Zimbabwe once the thematic organisation is gone: %v, want %v", got, want)
	}
}
