package twins_test

import (
	"testing"

	"github.com/wikicities/wikicities/twins"
)

func TestCountriesCompatibleAliasesAndDependencies(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Scotland", "Scotland, United Kingdom", true},
		{"Scotland", "United Kingdom", true},
		{"England, United Kingdom", "Wales", false},
		{"Germany", "", true},
		{"Brandenburg, Germany", "Lower Saxony, Germany", false}, // three Friedlands
		{"Brandenburg, Germany", "Germany", true},
		{"Georgia (country)", "Georgia", true},
		{"Republic of Ireland", "Ireland", true},
		{"East Timor", "Timor-Leste", true},
		{"Grece", "Greece", true},
		{"Island", "Iceland", true},
		{"in Italy", "Italy", true},
		{"Réunion, France", "France", true},
		{"Åland Islands, Finland", "Åland Islands", true},
		{"United States of America", "United States", true},
		{"People's Republic of China", "China", true},
		{"Czechia", "Czech Republic", true},
		{"england", "ENGLAND", true},
		{"USA", "United States of America", true},
		{"Åland Islands", "Åland", true},
		{"Hong Kong", "Macao", false},
		{"Wales, United Kingdom", "Scotland", false},
		{"England", "United States", false},
		{"Georgia", "United States", false},
		{"Kosovo", "Serbia", false},
		{"Taiwan", "China", false},
		{"Northern Cyprus", "Cyprus", false},
		{"Austria", "Australia", false},
	}
	for _, tt := range tests {
		if got := twins.CountriesCompatible(tt.a, tt.b); got != tt.want {
			t.Errorf("CountriesCompatible(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		if got := twins.CountriesCompatible(tt.b, tt.a); got != tt.want {
			t.Errorf("CountriesCompatible(%q, %q) = %v, want %v (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}
