package http_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/wikicities/wikicities/http/webtest"
)

// The offline base layer has no edge that a flat map draws across the
// world: consecutive points of a ring are less than 180° of longitude
// apart, except along a pole (Antarctica's ring goes around the South
// Pole). Such edges drew a band over the Arctic and a line near 17° S.
func TestCountriesHaveNoEdgeAcrossTheWorld(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(webtest.RepoRoot(t), "http", "static", "countries.geojson"))
	if err != nil {
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
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var rings int
	for i, f := range fc.Features {
		var polygons [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			polygons = append(polygons, p)
		case "MultiPolygon":
			err = json.Unmarshal(f.Geometry.Coordinates, &polygons)
		default:
			t.Fatalf("feature %d: geometry %q", i, f.Geometry.Type)
		}
		if err != nil {
			t.Fatalf("feature %d: %v", i, err)
		}
		for _, p := range polygons {
			for _, ring := range p {
				rings++
				for k := 1; k < len(ring); k++ {
					a, b := ring[k-1], ring[k]
					if math.Abs(b[0]-a[0]) > 180 && !(a[1] == b[1] && math.Abs(a[1]) == 90) {
						t.Errorf("feature %d: edge from %v to %v crosses the world", i, a, b)
					}
				}
			}
		}
	}
	if rings < 200 {
		t.Errorf("only %d rings: the outlines are missing", rings)
	}
}
