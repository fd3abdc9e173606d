package regions_test

import (
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/regions"
)

func world(t testing.TB) *regions.Assigner {
	t.Helper()
	set, err := admin1.Default()
	if err != nil {
		t.Fatal(err)
	}
	return regions.NewAssigner(set)
}

// Known cases: cities on either side of a border, islands, cities on both
// sides of the antimeridian, a city state inside another region (a hole),
// a coast, a region stated by Wikidata, and the cities left at country level.
func TestAssignKnownCases(t *testing.T) {
	a := world(t)
	cases := []struct {
		name, country string
		lat, lng      float64
		noCoords      bool
		wikidata      string
		want          string
		method        regions.Method
		reason        regions.Reason
	}{
		{name: "Munich", country: "Germany", lat: 48.1372, lng: 11.5755, want: "DE-BY", method: regions.MethodPolygon},
		{name: "Berlin (a hole in Brandenburg)", country: "Germany", lat: 52.52, lng: 13.405, want: "DE-BE", method: regions.MethodPolygon},
		{name: "Potsdam (around the hole)", country: "Germany", lat: 52.3906, lng: 13.0645, want: "DE-BB", method: regions.MethodPolygon},
		{name: "Görlitz (border, German side)", country: "Germany", lat: 51.1528, lng: 14.9872, want: "DE-SN"},
		{name: "Zgorzelec (border, Polish side)", country: "Poland", lat: 51.1500, lng: 15.0083, want: "PL-DS"},
		{name: "Kehl (Rhine, German side)", country: "Germany", lat: 48.5728, lng: 7.8152, want: "DE-BW"},
		{name: "Strasbourg (Rhine, French side)", country: "France", lat: 48.5734, lng: 7.7521, want: "FR-67"},
		{name: "El Paso (border, US side)", country: "United States", lat: 31.7619, lng: -106.4850, want: "US-TX"},
		{name: "Ciudad Juárez (border, Mexican side)", country: "Mexico", lat: 31.6904, lng: -106.4245, want: "MX-CHH"},
		{name: "Palma (island)", country: "Spain", lat: 39.5696, lng: 2.6502, want: "ES-PM"},
		{name: "Visby (island)", country: "Sweden", lat: 57.6348, lng: 18.2948, want: "SE-I"},
		{name: "Hobart (island)", country: "Australia", lat: -42.8821, lng: 147.3272, want: "AU-TAS"},
		{name: "Honolulu (island)", country: "United States", lat: 21.3069, lng: -157.8583, want: "US-HI"},
		{name: "Anadyr (antimeridian, west)", country: "Russia", lat: 64.7337, lng: 177.5089, want: "RU-CHU"},
		{name: "Waiyevo, Taveuni (Fiji, east of the antimeridian)", country: "Fiji", lat: -16.7905, lng: -179.9838, want: "FJ-N"},
		{name: "Labasa (Fiji, west of the antimeridian)", country: "Fiji", lat: -16.4167, lng: 179.3833, want: "FJ-N", method: regions.MethodPolygon},
		{name: "Uelen (antimeridian, east)", country: "Russia", lat: 66.1597, lng: -169.8092, want: "RU-CHU"},
		{name: "Suva (Fiji, near the antimeridian)", country: "Fiji", lat: -18.1416, lng: 178.4419, want: "FJ-C"},
		{name: "Puerto Rico (a dependency with its own code)", country: "Puerto Rico", lat: 18.4655, lng: -66.1057, want: "US-PR"},
		{name: "Simferopol labelled Ukraine", country: "Ukraine", lat: 44.9521, lng: 34.1024, want: "UA-43", method: regions.MethodPolygon},
		{name: "Simferopol labelled Russia", country: "Russia", lat: 44.9521, lng: 34.1024, want: "UA-43", method: regions.MethodPolygon},
		{name: "Wikidata's region wins", country: "Germany", lat: 50.1109, lng: 8.6821, wikidata: "DE-BY", want: "DE-BY", method: regions.MethodWikidata},
		{name: "Wikidata's region of another country is ignored", country: "Germany", lat: 50.1109, lng: 8.6821, wikidata: "FR-75", want: "DE-HE", method: regions.MethodPolygon},
		{name: "no coordinates", country: "Germany", noCoords: true, reason: regions.ReasonNoCoordinates},
		{name: "coordinates far from the country", country: "Germany", lat: 48.8566, lng: 2.3522, reason: regions.ReasonOutsideCountry},
		{name: "unknown country at sea", country: "Atlantis", lat: 0, lng: -30, reason: regions.ReasonUnknownPlace},
		{name: "unknown country on land", country: "Atlantis", lat: 48.1372, lng: 11.5755, want: "DE-BY", method: regions.MethodPolygon},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := &wikicities.City{Name: tc.name, Country: tc.country, Lat: tc.lat, Lng: tc.lng, HasCoords: !tc.noCoords, Region: tc.wikidata}
			got := a.Assign(c)
			key := ""
			if got.Region != nil {
				key = got.Region.Key
			}
			if key != tc.want {
				t.Fatalf("region %q (%s %s, %.1f km), want %q", key, got.Method, got.Reason, got.Km, tc.want)
			}
			if tc.method != "" && got.Method != tc.method {
				t.Errorf("method %q, want %q", got.Method, tc.method)
			}
			if got.Reason != tc.reason {
				t.Errorf("reason %q, want %q", got.Reason, tc.reason)
			}
		})
	}
}

// A point off the coast of its country is placed in the nearest region
// within NearestKm, and not beyond.
func TestAssignNearestWithinLimit(t *testing.T) {
	a := world(t)
	near := a.Assign(&wikicities.City{Name: "off Kiel", Country: "Germany", Lat: 54.50, Lng: 10.30, HasCoords: true})
	if near.Region == nil || near.Region.Key != "DE-SH" || near.Method != regions.MethodNearest || near.Km <= 0 || near.Km > regions.NearestKm {
		t.Fatalf("off Kiel: %+v", near)
	}
	far := a.Assign(&wikicities.City{Name: "North Sea", Country: "Germany", Lat: 55.5, Lng: 5.0, HasCoords: true})
	if far.Region != nil || far.Reason != regions.ReasonOutsideCountry {
		t.Fatalf("North Sea: %+v", far)
	}
}

func TestPlaceCountsCoverage(t *testing.T) {
	a := world(t)
	cities := []*wikicities.City{
		{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
		{ID: 2, Name: "Augsburg", Country: "Germany", Lat: 48.3705, Lng: 10.8978, HasCoords: true},
		{ID: 3, Name: "Nowhere", Country: "Germany"},
		{ID: 4, Name: "Frankfurt", Country: "Germany", Region: "DE-HE"},
		{ID: 5, Name: "Sea", Country: "Germany", Lat: 55.5, Lng: 5.0, HasCoords: true},
	}
	p := a.Place(cities)
	cv := p.Coverage()
	if cv.Cities != 5 || cv.WithCoords != 3 || cv.Assigned != 3 || cv.AssignedWithCoords != 2 || cv.Regions != 2 {
		t.Fatalf("coverage %+v", cv)
	}
	if cv.ByReason[regions.ReasonNoCoordinates] != 1 || cv.ByReason[regions.ReasonOutsideCountry] != 1 || cv.ByMethod[regions.MethodWikidata] != 1 {
		t.Fatalf("coverage %+v", cv)
	}
	if got := p.Cities("DE-BY"); len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("DE-BY cities %v", got)
	}
	if p.Region(3) != nil || p.Region(4).Key != "DE-HE" {
		t.Fatal("regions of 3 and 4")
	}
	if s := cv.Share(); s < 0.66 || s > 0.67 {
		t.Fatalf("share %v, want 2/3", s)
	}
}
