package twins

import (
	"github.com/wikicities/wikicities"

	"strings"
)

// alias maps other names, official long forms and misspellings of a state,
// as found in twinning lists and in Wikidata's English labels, to the one
// name used here. An alias is the state itself, not a part of it.
var alias = map[string]string{
	"uk":                             "united kingdom",
	"great britain":                  "united kingdom",
	"usa":                            "united states",
	"united states of america":       "united states",
	"us":                             "united states",
	"republic of china":              "taiwan",
	"people's republic of china":     "china",
	"czechia":                        "czech republic",
	"türkiye":                        "turkey",
	"russian federation":             "russia",
	"georgia (country)":              "georgia",
	"republic of ireland":            "ireland",
	"east timor":                     "timor-leste",
	"bosnia and hercegovina":         "bosnia and herzegovina",
	"grece":                          "greece",
	"kazakhstah":                     "kazakhstan",
	"island":                         "iceland", // the Icelandic and German name
	"madagaskar":                     "madagascar",
	"moldavia":                       "moldova",
	"surinam":                        "suriname",
	"in italy":                       "italy",
	"federated states of micronesia": "micronesia",
	"swaziland":                      "eswatini",
	"côte d'ivoire":                  "ivory coast",
	"burma":                          "myanmar",
	"macedonia":                      "north macedonia",
	"republic of macedonia":          "north macedonia",
	"holland":                        "netherlands",
	"the netherlands":                "netherlands",
	"kingdom of the netherlands":     "netherlands",
	"kingdom of denmark":             "denmark",
	"state of palestine":             "palestine",
	"west bank":                      "palestine",
	"republic of the congo":          "congo",
	"the gambia":                     "gambia",
	"the bahamas":                    "bahamas",
	"cabo verde":                     "cape verde",
	"aland":                          "åland",
	"åland islands":                  "åland",
	"macao":                          "macau",
}

// constituent maps constituent countries, overseas regions, territories and
// dependencies found in twinning lists to the sovereign state they belong
// to (dependencies count with their state: they tell namesakes apart the
// same way).
var constituent = map[string]string{
	"england":                  "united kingdom",
	"scotland":                 "united kingdom",
	"wales":                    "united kingdom",
	"northern ireland":         "united kingdom",
	"isle of man":              "united kingdom",
	"jersey":                   "united kingdom",
	"guernsey":                 "united kingdom",
	"gibraltar":                "united kingdom",
	"bermuda":                  "united kingdom",
	"falkland islands":         "united kingdom",
	"faroe islands":            "denmark",
	"greenland":                "denmark",
	"åland":                    "finland",
	"puerto rico":              "united states",
	"guam":                     "united states",
	"northern mariana islands": "united states",
	"american samoa":           "united states",
	"hong kong":                "china",
	"macau":                    "china",
	"réunion":                  "france",
	"martinique":               "france",
	"guadeloupe":               "france",
	"french guiana":            "france",
	"mayotte":                  "france",
	"french polynesia":         "france",
	"new caledonia":            "france",
}

// canonical folds a country name and resolves its aliases.
func canonical(s string) string {
	if a, ok := alias[s]; ok {
		return a
	}
	return s
}

// Sovereign returns the folded name of the state a country label belongs
// to: "Scotland, United Kingdom" and "Scotland" both give "united kingdom".
func Sovereign(country string) string {
	_, s := split(country)
	return s
}

// SplitCountry folds a country label into its constituent part ("" when
// the label names the state itself) and its sovereign state, both as
// folded names: "Scotland, United Kingdom" gives "scotland" and "united
// kingdom"; "USA" gives "" and "united states".
func SplitCountry(label string) (part, state string) { return split(label) }

// split folds a country label into its constituent part ("" when the label
// names the state itself) and its sovereign state.
func split(country string) (part, state string) {
	k := wikicities.NameKey(country)
	if i := strings.LastIndex(k, ", "); i >= 0 {
		part, k = canonical(k[:i]), k[i+2:]
	}
	k = canonical(k)
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
