package labels

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/twins"
)

// Country names a country label of the graph in the reader's language,
// through CLDR's names of regions: "Germany" is "Deutschland" on a German
// page and "ألمانيا" on an Arabic one. The label is the data's own text
// (mostly English), so an English page shows it as it is. A territory
// the lists count with its state has its own CLDR name ("Greenland" is
// "Grönland"); the nations of the United Kingdom, which CLDR does not name,
// have messages of their own, as has Northern Cyprus; any other part
// ("Ohio, United States") or a state CLDR does not know keeps the data's
// label.
func Country(p *i18n.Printer, label string) string {
	if label == "" || p.Lang() == i18n.Fallback {
		return label
	}
	part, state := twins.SplitCountry(label)
	if part != "" {
		// "Scotland, United Kingdom": the state in the page's language,
		// and the part too where a message names it (CLDR names no
		// constituent country of the United Kingdom).
		name, rest := label, ""
		if i := strings.LastIndex(label, ", "); i > 0 {
			name, rest = label[:i], label[i+2:]
		}
		if key, ok := nationMessages[part]; ok {
			name = p.Msg(key)
		} else if n := regionNameIn(p.Lang(), part); n != "" {
			// A territory with an ISO code: "Greenland", "Martinique".
			name = n
		}
		if rest == "" {
			return name
		}
		return name + p.Msg("comma-separator") + Country(p, rest)
	}
	if n := regionNameIn(p.Lang(), state); n != "" {
		return n
	}
	if key, ok := stateMessages[state]; ok {
		return p.Msg(key)
	}
	return label
}

// stateMessages name the states of the twinning lists that have no ISO
// 3166 code, and so no CLDR name, by folded name.
var stateMessages = map[string]string{"northern cyprus": "country-northern-cyprus"}

// regionNameIn is CLDR's name in language lang of the region a folded
// country name denotes, or "" when there is none.
func regionNameIn(lang, folded string) string {
	region, ok := CountryRegion(folded)
	if !ok {
		return ""
	}
	tag, err := language.Parse(lang)
	if err != nil {
		return ""
	}
	return display.Regions(tag).Name(region)
}

// CountryRegion returns the ISO 3166 region of a state's folded name, as
// twins.SplitCountry gives it ("united states" is US). ok is false for a
// name CLDR's English region names do not give.
func CountryRegion(state string) (region language.Region, ok bool) {
	region, ok = countryRegions()[state]
	return region, ok
}

// nationMessages name the constituent countries of the United Kingdom,
// which have no ISO 3166-1 code and so no CLDR name, by folded name.
var nationMessages = map[string]string{
	"england": "country-part-england", "scotland": "country-part-scotland",
	"wales": "country-part-wales", "northern ireland": "country-part-northern-ireland",
}

// moreRegionNames are the folded names under which the twinning lists know
// states whose CLDR English name differs (after twins' own aliases).
var moreRegionNames = map[string]string{
	"czech republic":                   "CZ",
	"turkey":                           "TR",
	"ivory coast":                      "CI",
	"congo":                            "CG",
	"democratic republic of the congo": "CD",
	"palestine":                        "PS",
	"vatican":                          "VA",
	"vatican city":                     "VA",
	"cape verde":                       "CV",
	"eswatini":                         "SZ",
	"north macedonia":                  "MK",
	"micronesia":                       "FM",
	"saint kitts and nevis":            "KN",
	"saint lucia":                      "LC",
	"saint vincent and the grenadines": "VC",
	"myanmar":                          "MM",
	"kosovo":                           "XK",
	"åland":                            "AX",
	"macau":                            "MO",
}

// countryRegions maps folded English names of every ISO 3166 country to
// its region, built once from CLDR: "Bosnia & Herzegovina" is known as
// "bosnia and herzegovina" too, "Myanmar (Burma)" as "myanmar", "Macao SAR
// China" as "macao".
var countryRegions = sync.OnceValue(func() map[string]language.Region {
	m := map[string]language.Region{}
	add := func(name string, r language.Region) {
		if k := wikicities.NameKey(name); k != "" {
			if _, taken := m[k]; !taken {
				m[k] = r
			}
		}
	}
	names := display.English.Regions()
	for a := 'A'; a <= 'Z'; a++ {
		for b := 'A'; b <= 'Z'; b++ {
			r, err := language.ParseRegion(string([]rune{a, b}))
			if err != nil || !r.IsCountry() {
				continue
			}
			n := names.Name(r)
			if n == "" {
				continue
			}
			add(n, r)
			n = strings.ReplaceAll(n, "&", "and")
			n = strings.ReplaceAll(n, "St. ", "Saint ")
			add(n, r)
			if i := strings.Index(n, " ("); i > 0 {
				add(n[:i], r)
			}
			if i := strings.Index(n, " SAR "); i > 0 {
				add(n[:i], r)
			}
		}
	}
	for name, code := range moreRegionNames {
		if r, err := language.ParseRegion(code); err == nil {
			m[name] = r
		}
	}
	return m
})
