package geo_test

import (
	"math"
	"testing"

	"github.com/wikicities/wikicities/geo"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name                   string
		lat1, lng1, lat2, lng2 float64
		want                   float64
	}{
		{"Munich to Edinburgh", 48.1372, 11.5755, 55.9533, -3.1883, 1327},
		{"across the antimeridian", 0, 179.5, 0, -179.5, 111.2},
		{"pole to pole", 90, 0, -90, 0, math.Pi * geo.EarthRadiusKm},
		{"antipodes", 0, 0, 0, 180, math.Pi * geo.EarthRadiusKm},
		{"same point", 10, 10, 10, 10, 0},
	}
	for _, tt := range tests {
		if got := geo.DistanceKm(tt.lat1, tt.lng1, tt.lat2, tt.lng2); math.Abs(got-tt.want) > 2 {
			t.Errorf("%s: %.1f km, want %.1f", tt.name, got, tt.want)
		}
		if back := geo.DistanceKm(tt.lat2, tt.lng2, tt.lat1, tt.lng1); math.Abs(back-geo.DistanceKm(tt.lat1, tt.lng1, tt.lat2, tt.lng2)) > 1e-9 {
			t.Errorf("%s: not symmetric", tt.name)
		}
	}
}
