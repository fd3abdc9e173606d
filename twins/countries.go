package twins

import (
	"github.com/wikicities/wikicities"

	"strings"
)

// constituent maps constituent countries, territories and common alternative
// labels found in twinning lists to the sovereign state they belong to.
var constituent = map[string]string{
	"england":                    "united kingdom",
	"scotland":                   "united kingdom",
	"wales":                      "united kingdom",
	"northern ireland":           "united kingdom",
	"uk":                         "united kingdom",
	"great britain":              "united kingdom",
	"usa":                        "united states",
	"united states of america":   "united states",
	"us":                         "united states",
	"faroe islands":              "denmark",
	"greenland":                  "denmark",
	"åland":                      "finland",
	"aland":                      "finland",
	"puerto rico":                "united states",
	"guam":                       "united states",
	"hong kong":                  "china",
	"macau":                      "china",
	"macao":                      "china",
	"republic of china":          "taiwan",
	"people's republic of china": "china",
	"czechia":                    "czech republic",
	"türkiye":                    "turkey",
	"russian federation":         "russia",
}

// Sovereign returns the folded name of the state a country label belongs
// to: "Scotland, United Kingdom" and "Scotland" both give "united kingdom".
func Sovereign(country string) string {
	_, s := split(country)
	return s
}

// split folds a country label into its constituent part ("" when the label
// names the state itself) and its sovereign state.
func split(country string) (part, state string) {
	k := wikicities.NameKey(country)
	if i := strings.LastIndex(k, ", "); i >= 0 {
		part, k = k[:i], k[i+2:]
	}
	if s, ok := constituent[k]; ok {
		if part == "" {
			part = k
		}
		k = s
	}
	if part == k {
		part = ""
	}
	return part, k
}

// CountriesCompatible reports whether two country labels can denote the same
// place: equal, one empty, or one the state of which the other is a
// constituent country ("England" and "United Kingdom", "Scotland" and
// "Scotland, United Kingdom"). Two different constituent countries of one
// state ("England", "Scotland") are not compatible.
func CountriesCompatible(a, b string) bool {
	if a == "" || b == "" {
		return true
	}
	pa, sa := split(a)
	pb, sb := split(b)
	return sa == sb && (pa == "" || pb == "" || pa == pb)
}
