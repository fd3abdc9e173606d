package twins

import (
	"testing"

	"github.com/wikicities/wikicities"
)

// Every name of the table is the form Sovereign folds its aliases and
// constituent countries to, and no state is in two regions: otherwise a
// country would silently fall into the unknown bucket or move between
// regions with the table's iteration order.
func TestRegionTableNamesAreCanonical(t *testing.T) {
	seen := map[string]Region{}
	for r, names := range regionStates {
		if !r.Valid() || r == RegionUnknown {
			t.Errorf("region %q of the table is not a named region", r)
		}
		for _, n := range names {
			if got := Sovereign(n); got != wikicities.NameKey(n) {
				t.Errorf("%s: %q folds to %q, not to itself: list the state's own name", r, n, got)
			}
			if prev, dup := seen[n]; dup {
				t.Errorf("%q is in %s and %s", n, prev, r)
			}
			seen[n] = r
		}
	}
}

func TestRegionOfFollowsTheCountryNormalisation(t *testing.T) {
	tests := []struct {
		country string
		region  Region
		state   string
	}{
		{"England", RegionNWE, "United Kingdom"},
		{"Scotland, United Kingdom", RegionNWE, "United Kingdom"},
		{"USA", RegionNA, "United States"},
		{"New York, United States", RegionNA, "United States"},
		{"Puerto Rico", RegionNA, "United States"},
		{"Georgia (country)", RegionCEE, "Georgia"},
		{"Republic of Ireland", RegionNWE, "Ireland"},
		{"Réunion, France", RegionNWE, "France"},
		{"Hong Kong", RegionESEAP, "China"},
		{"Grece", RegionCEE, "Greece"},
		{"Turkey", RegionCEE, "Turkey"},
		{"Egypt", RegionMENA, "Egypt"},
		{"Mauritania", RegionSSA, "Mauritania"},
		{"Iran", RegionMENA, "Iran"},
		{"Nepal", RegionSA, "Nepal"},
		{"côte d'ivoire", RegionSSA, "Ivory Coast"},
		{"Atlantis", RegionUnknown, ""},
		{"", RegionUnknown, ""},
	}
	for _, tt := range tests {
		if got := RegionOf(tt.country); got != tt.region {
			t.Errorf("RegionOf(%q) = %s, want %s", tt.country, got, tt.region)
		}
		name, ok := StateName(tt.country)
		if name != tt.state || ok != (tt.state != "") {
			t.Errorf("StateName(%q) = %q, %v; want %q", tt.country, name, ok, tt.state)
		}
	}
}
