package regionwd_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/regions"
	"github.com/wikicities/wikicities/regions/regionwd"
)

// Wikidata's answer for three cities: Paris in its department and region
// (the data set knows the department), Munich in Bavaria, and a city whose
// stated region lies in another country than its label (kept without one).
const regionCodesAnswer = `{"head":{"vars":["city","code"]},"results":{"bindings":[
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q90"},"code":{"type":"literal","value":"FR-IDF"}},
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q90"},"code":{"type":"literal","value":"FR-75"}},
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"code":{"type":"literal","value":"DE-BY"}},
 {"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q64"},"code":{"type":"literal","value":"PL-DS"}}
]}}`

func TestReadRegionCodesKeepsTheDataSetsRegionInTheCitysCountry(t *testing.T) {
	set := world(t).Set()
	paris := &wikicities.City{ID: 1, QID: "Q90", Name: "Paris", Country: "France"}
	munich := &wikicities.City{ID: 2, QID: "Q1726", Name: "Munich", Country: "Germany"}
	berlin := &wikicities.City{ID: 3, QID: "Q64", Name: "Berlin", Country: "Germany"}
	q := regionwd.RegionCodesQuery([]string{"Q90", "Q1726", "Q64"})
	if !strings.Contains(q, "VALUES ?city { wd:Q90 wd:Q1726 wd:Q64 }") || !strings.Contains(q, "wdt:P131+") || !strings.Contains(q, "wdt:P300") {
		t.Errorf("query:\n%s", q)
	}
	got, rows, err := regionwd.ReadRegionCodes(strings.NewReader(regionCodesAnswer), "answer", set,
		map[string][]*wikicities.City{"Q90": {paris}, "Q1726": {munich}, "Q64": {berlin}})
	if err != nil {
		t.Fatal(err)
	}
	if rows != 4 || len(got) != 2 || got[1] != "FR-75" || got[2] != "DE-BY" {
		t.Errorf("codes %v from %d rows", got, rows)
	}
	// The code wins over the coordinates once stored.
	munich.Region, munich.Lat, munich.Lng, munich.HasCoords = got[2], 50.11, 8.68, true
	if a := world(t).Assign(munich); a.Method != regions.MethodWikidata || a.Region.Key != "DE-BY" {
		t.Errorf("assignment %+v", a)
	}
	if _, _, err := regionwd.ReadRegionCodes(strings.NewReader(`{"head":{"vars":["x"]},"results":{"bindings":[]}}`), "other", set, nil); !errors.Is(err, sparql.ErrMalformed) {
		t.Errorf("answer of another query: %v", err)
	}
}

func world(t testing.TB) *regions.Assigner {
	t.Helper()
	set, err := admin1.Default()
	if err != nil {
		t.Fatal(err)
	}
	return regions.NewAssigner(set)
}
