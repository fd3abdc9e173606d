package regions_test

import (
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/regions"
	"github.com/wikicities/wikicities/twins"
)

// smallWorld: Munich and Augsburg in Bavaria, Nuremberg too; Bordeaux in
// Gironde; Munich twinned with Bordeaux, Augsburg with Bordeaux, Nuremberg
// with Bordeaux.
type smallWorld struct {
	rep                                  *regions.Report
	munich, augsburg, nuremberg, bordeau int64
}

func community(id, city int64, name string, st wikicities.Status) wikicities.PartyPlace {
	return wikicities.PartyPlace{Ref: wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id}, Name: name, CityID: city, Status: st}
}

func institution(id, city int64, name string, kind wikicities.InstitutionKind, wir bool) wikicities.PartyPlace {
	return wikicities.PartyPlace{Ref: wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: id}, Name: name, CityID: city, Kind: kind, WiR: wir}
}

func buildSmallWorld(t *testing.T) smallWorld {
	t.Helper()
	cities := []*wikicities.City{
		{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
		{ID: 2, Name: "Augsburg", Country: "Germany", Lat: 48.3705, Lng: 10.8978, HasCoords: true},
		{ID: 3, Name: "Nuremberg", Country: "Germany", Lat: 49.4521, Lng: 11.0767, HasCoords: true},
		{ID: 4, Name: "Bordeaux", Country: "France", Lat: 44.8378, Lng: -0.5792, HasCoords: true},
		{ID: 5, Name: "Nowhere", Country: "Germany"},
	}
	links := []*wikicities.TwinLink{{A: 1, B: 4}, {A: 2, B: 4}, {A: 3, B: 4}, {A: 1, B: 2}}
	g := twins.New(cities, links)
	pl := world(t).Place(cities)
	c := func(id int64) wikicities.PartyRef {
		return wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: id}
	}
	i := func(id int64) wikicities.PartyRef {
		return wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: id}
	}
	parties := &wikicities.ReportParties{
		Communities: []wikicities.PartyPlace{
			community(10, 1, "WikiMUC", wikicities.StatusActive),
			community(11, 4, "Wikimédia Bordeaux", wikicities.StatusActive),
			community(12, 2, "Augsburg Wikipedians", wikicities.StatusActive),
			community(13, 3, "Nuremberg sleepers", wikicities.StatusDormant),
			community(14, 5, "Homeless", wikicities.StatusActive),
		},
		Institutions: []wikicities.PartyPlace{
			institution(20, 1, "Deutsches Museum", wikicities.InstMuseum, true),
			institution(21, 2, "Maximilianmuseum", wikicities.InstMuseum, false),
			institution(22, 3, "University of Nuremberg", wikicities.InstUniversity, false),
			institution(23, 4, "Musée d'Aquitaine", wikicities.InstMuseum, false),
		},
		Partnerships: []wikicities.PartnershipParties{
			{PartnershipID: 30, A: c(10), B: c(11), State: wikicities.StateActive},
			{PartnershipID: 31, A: c(10), B: i(20), State: wikicities.StateDormant},
			{PartnershipID: 32, A: c(12), B: c(10), State: wikicities.StateEnded},
		},
	}
	rep := regions.Build(regions.Input{Graph: g, Placement: pl, Parties: parties, AtRisk: map[int64]bool{31: true}})
	return smallWorld{rep: rep, munich: 1, augsburg: 2, nuremberg: 3, bordeau: 4}
}

func names(list []regions.Party) []string {
	var out []string
	for _, x := range list {
		out = append(out, x.Name)
	}
	return out
}

func eq(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBuildCountsARegion(t *testing.T) {
	w := buildSmallWorld(t)
	by := w.rep.Region("DE-BY")
	if by.Cities != 3 || by.TwinnedCities != 3 || by.Figures.Communities != 3 || by.Figures.Institutions != 3 || by.WiR != 1 {
		t.Fatalf("figures %+v", by.Figures)
	}
	if by.InState("active") != 1 || by.InState("dormant") != 1 || by.InState("ended") != 1 || by.AtRisk != 1 || by.Live() != 2 {
		t.Fatalf("partnerships %+v", by.Figures.Partnerships)
	}
	if got := names(by.Communities); !eq(got, []string{"Augsburg Wikipedians", "Nuremberg sleepers", "WikiMUC"}) {
		t.Errorf("communities %v", got)
	}
	// The partnership within Bavaria (32) is listed once.
	if len(by.Partnerships) != 3 {
		t.Errorf("partnerships %+v", by.Partnerships)
	}
	gi := w.rep.Region("FR-33")
	if gi.Cities != 1 || gi.InState("active") != 1 || len(gi.Partnerships) != 1 {
		t.Errorf("Gironde %+v", gi.Figures)
	}
	if len(w.rep.Country("DE")) != 16 || w.rep.Region("DE-HH").Cities != 0 {
		t.Errorf("Germany's regions: %d", len(w.rep.Country("DE")))
	}
}

func TestBuildFindsPotentialPartners(t *testing.T) {
	w := buildSmallWorld(t)
	by := w.rep.Region("DE-BY")
	// Institutions with no live partnership: the Deutsches Museum has one (dormant).
	if got := names(by.InstitutionsWithoutPartner); !eq(got, []string{"Maximilianmuseum", "University of Nuremberg"}) {
		t.Errorf("institutions without partnership %v", got)
	}
	// Communities with no institutional partner: WikiMUC has the museum.
	if got := names(by.CommunitiesWithoutInst); !eq(got, []string{"Augsburg Wikipedians", "Nuremberg sleepers"}) {
		t.Errorf("communities without institution %v", got)
	}
	// Twin links whose two cities have an active group and no partnership:
	// Augsburg–Bordeaux and Augsburg–Munich (their partnership ended);
	// Munich–Bordeaux are partners; Nuremberg's group is dormant.
	var pairs []string
	for _, p := range by.TwinPairs {
		pairs = append(pairs, p.Community.Name+" / "+p.Partner.Name)
	}
	if !eq(pairs, []string{"Augsburg Wikipedians / Wikimédia Bordeaux", "WikiMUC / Augsburg Wikipedians"}) {
		t.Errorf("twin pairs %v", pairs)
	}
	// Every Bavarian city has a group: nothing to recruit there; Bordeaux has one too.
	if len(by.Recruit) != 0 {
		t.Errorf("recruit %+v", by.Recruit)
	}
	// Twin-derived leads: institutions with no partnership in cities twinned
	// with a city where a partnership works (Munich and Bordeaux, 30).
	var leads []string
	for _, l := range by.Leads {
		leads = append(leads, l.Institution.Name+" via "+l.TwinCity.Name)
	}
	if !eq(leads, []string{"Maximilianmuseum via Munich", "University of Nuremberg via Bordeaux"}) {
		t.Errorf("leads %v", leads)
	}
	if by.Potential != 2+2+2+0+2 {
		t.Errorf("potential %d", by.Potential)
	}
	gi := w.rep.Region("FR-33")
	if len(gi.TwinPairs) != 1 || gi.TwinPairs[0].Partner.Name != "Augsburg Wikipedians" {
		t.Errorf("Gironde's twin pairs %+v", gi.TwinPairs)
	}
}

func TestBuildListsTwinnedCitiesWithoutGroup(t *testing.T) {
	cities := []*wikicities.City{
		{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
		{ID: 2, Name: "Augsburg", Country: "Germany", Lat: 48.3705, Lng: 10.8978, HasCoords: true},
		{ID: 4, Name: "Bordeaux", Country: "France", Lat: 44.8378, Lng: -0.5792, HasCoords: true},
		{ID: 6, Name: "Regensburg", Country: "Germany", Lat: 49.0134, Lng: 12.1016, HasCoords: true},
	}
	g := twins.New(cities, []*wikicities.TwinLink{{A: 1, B: 4}, {A: 2, B: 4}, {A: 1, B: 2}})
	rep := regions.Build(regions.Input{Graph: g, Placement: world(t).Place(cities), Parties: &wikicities.ReportParties{
		Communities: []wikicities.PartyPlace{community(10, 4, "Wikimédia Bordeaux", wikicities.StatusActive)}}})
	by := rep.Region("DE-BY")
	if len(by.Recruit) != 2 || by.Recruit[0].City.Name != "Augsburg" || by.Recruit[0].Connects != 1 || by.Recruit[1].City.Name != "Munich" || by.Cities != 3 || by.TwinnedCities != 2 {
		t.Fatalf("recruit %+v, figures %+v", by.Recruit, by.Figures)
	}
}
