package regions_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/regions"
	"github.com/wikicities/wikicities/twins"
)

// hostileWorld: Munich's group is named like a formula and like wikitext.
func hostileWorld(t *testing.T) (*regions.Region, *twins.Graph) {
	t.Helper()
	cities := []*wikicities.City{
		{ID: 1, Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
		{ID: 4, Name: "Bordeaux", Country: "France", Lat: 44.8378, Lng: -0.5792, HasCoords: true},
	}
	g := twins.New(cities, []*wikicities.TwinLink{{A: 1, B: 4}})
	rep := regions.Build(regions.Input{Graph: g, Placement: world(t).Place(cities), Parties: &wikicities.ReportParties{
		Communities: []wikicities.PartyPlace{
			community(10, 1, `=HYPERLINK("http://evil")`, wikicities.StatusActive),
			community(11, 4, "[[Evil]] {{delete}} | ~~~~", wikicities.StatusActive),
		},
		Institutions: []wikicities.PartyPlace{institution(20, 1, "Deutsches Museum", wikicities.InstMuseum, true)},
	}})
	return rep.Region("DE-BY"), g
}

func TestExportCSVNeutralisesFormulas(t *testing.T) {
	reg, _ := hostileWorld(t)
	var b bytes.Buffer
	if err := reg.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]int{}
	for _, r := range recs[1:] {
		lists[r[1]]++
		if strings.HasPrefix(r[3], "=") || strings.HasPrefix(r[9], "=") {
			t.Errorf("formula left as is: %q", r)
		}
		if r[0] != "DE-BY" {
			t.Errorf("region column %q", r[0])
		}
	}
	want := map[string]int{regions.ListCommunity: 1, regions.ListInstitution: 1, regions.ListInstitutionWithoutPart: 1,
		regions.ListCommunityWithoutInst: 1, regions.ListTwinPair: 1}
	for k, n := range want {
		if lists[k] != n {
			t.Errorf("%s: %d rows, want %d (%v)", k, lists[k], n, lists)
		}
	}
}

func TestExportGeoJSONHasOutlineAndPoints(t *testing.T) {
	reg, g := hostileWorld(t)
	var b bytes.Buffer
	if err := reg.WriteGeoJSON(&b, g); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) < 2 || fc.Features[0].Geometry.Type != "MultiPolygon" || fc.Features[0].Properties["region"] != "DE-BY" {
		t.Fatalf("collection %+v", fc)
	}
	for _, f := range fc.Features[1:] {
		var pt [2]float64
		if f.Geometry.Type != "Point" || json.Unmarshal(f.Geometry.Coordinates, &pt) != nil || pt != [2]float64{11.5755, 48.1372} {
			t.Errorf("point %s %s", f.Geometry.Type, f.Geometry.Coordinates)
		}
	}
}

func TestExportWikitextEscapesNames(t *testing.T) {
	reg, _ := hostileWorld(t)
	text := reg.Wikitext([]*wikicities.RegionChampion{{Region: "DE-BY", Community: "{{Champion}}", Note: "[[x]]", Since: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}})
	for _, bad := range []string{"[[Evil]]", "{{delete}}", "~~~~", "{{Champion}}", "[[x]]"} {
		if strings.Contains(text, bad) {
			t.Errorf("wikitext contains %q unescaped", bad)
		}
	}
	for _, want := range []string{"== Bavaria (DE-BY) ==", "2026-01-02", "Deutsches Museum", "twin link without partnership"} {
		if !strings.Contains(text, want) {
			t.Errorf("wikitext lacks %q:\n%s", want, text)
		}
	}
}
