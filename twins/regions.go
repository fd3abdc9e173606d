package twins

import (
	"sort"

	"github.com/wikicities/wikicities"
)

// Region is a world region for reports, by code ("cee"). The grouping is the
// Wikimedia Foundation's: the eight regions of its Regional Funds and
// regional committees, the ones Wikimedia affiliates, grants and community
// reports are counted by, so that a report here reads like the movement's
// own. Where the Foundation's lists leave a state open, the UN M49
// geoscheme decides: its Northern Africa and Western Asia go to the Middle
// East and North Africa, except the Caucasus, Cyprus (both parts) and
// Turkey, which are in Central and Eastern Europe as in the Wikimedia CEE
// network; its Southern Asia is South Asia except Iran (Middle East). A
// dependency counts with its sovereign state (Sovereign): Réunion and New
// Caledonia with France, Greenland with Denmark, Puerto Rico with the United
// States.
type Region string

// Regions, and RegionUnknown for a country missing from the table (or no
// country at all): reports list it, never drop it.
const (
	RegionCEE     Region = "cee"   // Central and Eastern Europe and Central Asia
	RegionESEAP   Region = "eseap" // East, Southeast Asia and the Pacific
	RegionLAC     Region = "lac"   // Latin America and the Caribbean
	RegionMENA    Region = "mena"  // Middle East and North Africa
	RegionNA      Region = "na"    // United States and Canada
	RegionNWE     Region = "nwe"   // Northern and Western Europe
	RegionSA      Region = "sa"    // South Asia
	RegionSSA     Region = "ssa"   // Sub-Saharan Africa
	RegionUnknown Region = "unknown"
)

// Regions lists every region in display order (by name in English), the
// unknown one last.
var Regions = []Region{RegionCEE, RegionESEAP, RegionLAC, RegionMENA, RegionNWE, RegionSA, RegionSSA, RegionNA, RegionUnknown}

// regionNames are the English names of the regions (pages translate by code).
var regionNames = map[Region]string{
	RegionCEE:     "Central and Eastern Europe and Central Asia",
	RegionESEAP:   "East, Southeast Asia and the Pacific",
	RegionLAC:     "Latin America and the Caribbean",
	RegionMENA:    "Middle East and North Africa",
	RegionNA:      "United States and Canada",
	RegionNWE:     "Northern and Western Europe",
	RegionSA:      "South Asia",
	RegionSSA:     "Sub-Saharan Africa",
	RegionUnknown: "Unknown region",
}

// Name returns the English name of r.
func (r Region) Name() string {
	if n, ok := regionNames[r]; ok {
		return n
	}
	return regionNames[RegionUnknown]
}

// Valid reports whether r is one of Regions.
func (r Region) Valid() bool {
	_, ok := regionNames[r]
	return ok
}

// regionStates lists the sovereign states (and the few disputed places
// that twinning lists name as countries) of each region by their English
// short name, the name reports show. Each name must be the one Sovereign
// folds its aliases to (TestRegionTableNamesAreCanonical).
var regionStates = map[Region][]string{
	RegionNA: {"United States", "Canada"},
	RegionLAC: {
		"Mexico", "Belize", "Costa Rica", "El Salvador", "Guatemala", "Honduras", "Nicaragua", "Panama",
		"Antigua and Barbuda", "Bahamas", "Barbados", "Cuba", "Dominica", "Dominican Republic", "Grenada",
		"Haiti", "Jamaica", "Saint Kitts and Nevis", "Saint Lucia", "Saint Vincent and the Grenadines",
		"Trinidad and Tobago", "Argentina", "Bolivia", "Brazil", "Chile", "Colombia", "Ecuador", "Guyana",
		"Paraguay", "Peru", "Suriname", "Uruguay", "Venezuela",
	},
	RegionNWE: {
		"Andorra", "Austria", "Belgium", "Denmark", "Finland", "France", "Germany", "Iceland", "Ireland",
		"Italy", "Liechtenstein", "Luxembourg", "Malta", "Monaco", "Netherlands", "Norway", "Portugal",
		"San Marino", "Spain", "Sweden", "Switzerland", "United Kingdom", "Vatican City",
	},
	RegionCEE: {
		"Albania", "Armenia", "Azerbaijan", "Belarus", "Bosnia and Herzegovina", "Bulgaria", "Croatia",
		"Cyprus", "Czech Republic", "Estonia", "Georgia", "Greece", "Hungary", "Kazakhstan", "Kosovo",
		"Kyrgyzstan", "Latvia", "Lithuania", "Moldova", "Montenegro", "North Macedonia", "Northern Cyprus",
		"Poland", "Romania", "Russia", "Serbia", "Slovakia", "Slovenia", "Tajikistan", "Turkey",
		"Turkmenistan", "Ukraine", "Uzbekistan",
	},
	RegionMENA: {
		"Algeria", "Bahrain", "Egypt", "Iran", "Iraq", "Israel", "Jordan", "Kuwait", "Lebanon", "Libya",
		"Morocco", "Oman", "Palestine", "Qatar", "Saudi Arabia", "Sudan", "Syria", "Tunisia",
		"United Arab Emirates", "Western Sahara", "Yemen",
	},
	RegionSSA: {
		"Angola", "Benin", "Botswana", "Burkina Faso", "Burundi", "Cameroon", "Cape Verde",
		"Central African Republic", "Chad", "Comoros", "Congo", "Democratic Republic of the Congo",
		"Djibouti", "Equatorial Guinea", "Eritrea", "Eswatini", "Ethiopia", "Gabon", "Gambia", "Ghana",
		"Guinea", "Guinea-Bissau", "Ivory Coast", "Kenya", "Lesotho", "Liberia", "Madagascar", "Malawi",
		"Mali", "Mauritania", "Mauritius", "Mozambique", "Namibia", "Niger", "Nigeria", "Rwanda",
		"São Tomé and Príncipe", "Senegal", "Seychelles", "Sierra Leone", "Somalia", "South Africa",
		"South Sudan", "Tanzania", "Togo", "Uganda", "Zambia", "Zimbabwe",
	},
	RegionSA: {"Afghanistan", "Bangladesh", "Bhutan", "India", "Maldives", "Nepal", "Pakistan", "Sri Lanka"},
	RegionESEAP: {
		"China", "Japan", "Mongolia", "North Korea", "South Korea", "Taiwan", "Brunei", "Cambodia",
		"Indonesia", "Laos", "Malaysia", "Myanmar", "Philippines", "Singapore", "Thailand", "Timor-Leste",
		"Vietnam", "Australia", "New Zealand", "Fiji", "Papua New Guinea", "Solomon Islands", "Vanuatu",
		"Micronesia", "Kiribati", "Marshall Islands", "Nauru", "Palau", "Samoa", "Tonga", "Tuvalu",
		"Cook Islands", "Niue",
	},
}

// stateInfo is a row of the country table, by folded sovereign name.
type stateInfo struct {
	name   string
	region Region
}

var states = func() map[string]stateInfo {
	m := map[string]stateInfo{}
	for r, names := range regionStates {
		for _, n := range names {
			m[wikicities.NameKey(n)] = stateInfo{n, r}
		}
	}
	return m
}()

// RegionOf returns the region of the state a country label belongs to
// ("Scotland", "Réunion, France", "USA"), or RegionUnknown when the state is
// not in the table or the label is empty.
func RegionOf(country string) Region {
	if s, ok := states[Sovereign(country)]; ok {
		return s.region
	}
	return RegionUnknown
}

// StateName returns the English short name of the state a country label
// belongs to ("England" gives "United Kingdom", "Georgia (country)" gives
// "Georgia"), and false when the state is not in the table.
func StateName(country string) (string, bool) {
	s, ok := states[Sovereign(country)]
	return s.name, ok
}

// RegionStates returns the names of the states of r in the table, sorted.
func RegionStates(r Region) []string {
	out := append([]string(nil), regionStates[r]...)
	sort.Strings(out)
	return out
}
