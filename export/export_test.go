package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/export"
)

func TestCellNeutralisesFormulas(t *testing.T) {
	tests := map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+1":                "'+1",
		"-2":                "'-2",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"\rx":               "'\rx",
		"WikiMUC":           "WikiMUC",
		"":                  "",
		"a=b":               "a=b",
	}
	for in, want := range tests {
		if got := export.Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

var data = export.Data{
	Communities: []*wikicities.Community{{ID: 1, Kind: wikicities.KindUserGroup, Name: "=cmd|' /C calc'!A0", CityID: 1,
		Languages: []string{"de", "en"}, Status: wikicities.StatusActive}},
	Institutions: []*wikicities.Institution{{ID: 2, Kind: wikicities.InstMuseum, Name: "Deutsches Museum", CityID: 1, QID: "Q32450"}},
	Links:        []*wikicities.TwinLink{{A: 2, B: 3, Source: wikicities.SourceCSV}},
	City: func(id int64) *wikicities.City {
		return map[int64]*wikicities.City{
			1: {ID: 1, Name: "Munich", Country: "Germany", Lat: 48.1372, Lng: 11.5755, HasCoords: true},
			2: {ID: 2, Name: "Suva", Country: "Fiji", Lat: -18.14, Lng: 178.44, HasCoords: true},
			3: {ID: 3, Name: "Apia", Country: "Samoa", Lat: -13.83, Lng: -171.76, HasCoords: true},
		}[id]
	},
}

func TestCommunitiesCSV(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, export.Communities, export.CSV, data); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0][2] != "name" {
		t.Fatalf("records %v", recs)
	}
	if got := recs[1][2]; got != "'=cmd|' /C calc'!A0" {
		t.Errorf("name cell %q is not neutralised", got)
	}
	if recs[1][4] != "Munich" || recs[1][8] != "de en" {
		t.Errorf("row %v", recs[1])
	}
}

func TestGeoJSON(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, export.Twins, export.GeoJSON, data); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string         `json:"type"`
				Coordinates [][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) != 1 {
		t.Fatalf("%s", b.String())
	}
	// Suva–Apia crosses the antimeridian: the line is cut there in two
	// (RFC 7946, 3.1.9), every longitude within ±180° (it was written
	// with Apia at 188.24°, which BigQuery and others refuse).
	g := fc.Features[0].Geometry
	want := [][][2]float64{{{178.44, -18.14}, {180, 0}}, {{-180, 0}, {-171.76, -13.83}}}
	if g.Type != "MultiLineString" || len(g.Coordinates) != 2 || len(g.Coordinates[0]) != 2 || len(g.Coordinates[1]) != 2 {
		t.Fatalf("geometry %+v, want the line cut at the antimeridian", g)
	}
	crossing := g.Coordinates[0][1][1]
	if crossing >= -13.83 || crossing <= -18.14 || g.Coordinates[1][0][1] != crossing {
		t.Errorf("the parts meet at latitudes %v and %v, want one between Suva's and Apia's", crossing, g.Coordinates[1][0][1])
	}
	for i, part := range g.Coordinates {
		for j, p := range part {
			if p[0] != want[i][j][0] || (j != 1-i && p[1] != want[i][j][1]) {
				t.Errorf("part %d point %d is %v, want %v", i, j, p, want[i][j])
			}
		}
	}
	b.Reset()
	if err := export.Write(&b, export.Institutions, export.GeoJSON, data); err != nil || !strings.Contains(b.String(), `"Point"`) {
		t.Errorf("institutions geojson: %v %s", err, b.String())
	}
}

// Every longitude of the twins' GeoJSON is within ±180°, whichever way a
// link goes: west across the antimeridian (Apia to Suva) is cut too, and
// a link that does not cross it (Munich–Suva) stays one LineString.
func TestGeoJSONLongitudesStayInRange(t *testing.T) {
	d := data
	d.Links = []*wikicities.TwinLink{{A: 3, B: 2, Source: wikicities.SourceCSV}, {A: 1, B: 2, Source: wikicities.SourceCSV}}
	var b bytes.Buffer
	if err := export.Write(&b, export.Twins, export.GeoJSON, d); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b.Bytes(), &fc); err != nil || len(fc.Features) != 2 {
		t.Fatalf("%v: %s", err, b.String())
	}
	var west [][][2]float64
	if g := fc.Features[0].Geometry; g.Type != "MultiLineString" || json.Unmarshal(g.Coordinates, &west) != nil ||
		west[0][0][0] != -171.76 || west[0][1][0] != -180 || west[1][0][0] != 180 || west[1][1][0] != 178.44 {
		t.Errorf("Apia–Suva: %s %s", g.Type, g.Coordinates)
	}
	if g := fc.Features[1].Geometry; g.Type != "LineString" || string(g.Coordinates) != "[[11.5755,48.1372],[178.44,-18.14]]" {
		t.Errorf("Munich–Suva: %s %s", g.Type, g.Coordinates)
	}
}

func TestJSONEmbedsTheCity(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, export.Institutions, export.JSON, data); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Institutions []struct {
			Name string          `json:"name"`
			City wikicities.City `json:"city"`
		} `json:"institutions"`
	}
	if err := json.Unmarshal(b.Bytes(), &out); err != nil || len(out.Institutions) != 1 || out.Institutions[0].City.Name != "Munich" {
		t.Fatalf("%v %s", err, b.String())
	}
}

func TestParseNamesTheBadPart(t *testing.T) {
	if _, _, err := export.Parse("partners", "csv"); err == nil || !strings.Contains(err.Error(), "what") {
		t.Errorf("err %v", err)
	}
	if _, _, err := export.Parse("twins", "xlsx"); err == nil || !strings.Contains(err.Error(), "format") {
		t.Errorf("err %v", err)
	}
}

// Numbers the program writes stay numbers: a negative coordinate must not
// be "neutralised" into text, while a name starting with - is.
func TestCSVKeepsNegativeCoordinatesAsNumbers(t *testing.T) {
	var b bytes.Buffer
	if err := export.Write(&b, export.Twins, export.CSV, data); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, r := range recs[1:] {
		for _, c := range []string{"lat_a", "lng_a", "lat_b", "lng_b"} {
			if v := r[col[c]]; strings.HasPrefix(v, "'") {
				t.Errorf("%s = %q: a coordinate was turned into text", c, v)
			}
		}
	}
	if !strings.Contains(b.String(), "-171.76") && !strings.Contains(strings.Join(recs[1], ","), "-171.76") {
		t.Errorf("Apia's longitude -171.76 is missing: %v", recs)
	}
}
