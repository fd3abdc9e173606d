package regionwd

import (
	"io"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/regions"
)

// RegionCodesQuery returns the SPARQL query for the ISO 3166-2 codes
// (P300) of the administrative entities that contain each of the items,
// following "located in the administrative territorial entity" (P131) to
// any depth: Wikidata's own answer to "which province is this city in".
func RegionCodesQuery(qids []string) string {
	values := make([]string, len(qids))
	for i, q := range qids {
		values[i] = "wd:" + q
	}
	return `# WikiCities: first-level subdivisions of cities (Smart Region).
SELECT ?city ?code WHERE {
  VALUES ?city { ` + strings.Join(values, " ") + ` }
  ?city wdt:P131+ ?adm .
  ?adm wdt:P300 ?code .
}`
}

// ReadRegionCodes parses SPARQL JSON results of RegionCodesQuery and
// returns, for each city of byQID (cities by their item) that has one, the
// code of a region of set in the city's country; when Wikidata gives
// several (a department and its region), the one set knows, and of those
// the first in order. It returns the rows read. A response that is not
// results of the query is an error wrapping sparql.ErrMalformed.
func ReadRegionCodes(r io.Reader, name string, set *admin1.Set, byQID map[string][]*wikicities.City) (map[int64]string, int, error) {
	codes := map[int64][]string{}
	vars, rows, err := sparql.Each(r, name, func(row map[string]sparql.Binding) error {
		reg := set.Region(strings.TrimSpace(row["code"].Value))
		if reg == nil {
			return nil
		}
		for _, c := range byQID[row["city"].QID()] {
			if cc := regions.CountryCodes(c.Country); len(cc) == 0 || regions.InCountry(reg, cc) {
				codes[c.ID] = append(codes[c.ID], reg.Key)
			}
		}
		return nil
	})
	if err != nil {
		return nil, rows, err
	}
	if err := sparql.RequireVars(name, "region codes", vars, "city", "code"); err != nil {
		return nil, rows, err
	}
	out := make(map[int64]string, len(codes))
	for id, list := range codes {
		slices.Sort(list)
		out[id] = list[0]
	}
	return out, rows, nil
}
