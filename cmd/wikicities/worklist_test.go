package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wikicities/wikicities/store/storetest"
)

// worklistSPARQL is the query service's answer with Augsburg and Dayton
// stating each other, and Augsburg stating Inverness, whose item does not
// state it back.
const worklistSPARQL = `{"head":{"vars":["city","cityLabel","countryLabel","coord","twin","twinLabel","twinCountryLabel","twinCoord","start"]},
"results":{"bindings":[
{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q2749"},"cityLabel":{"xml:lang":"en","type":"literal","value":"Augsburg"},"countryLabel":{"xml:lang":"en","type":"literal","value":"Germany"},
 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q34739"},"twinLabel":{"xml:lang":"en","type":"literal","value":"Dayton"},"twinCountryLabel":{"xml:lang":"en","type":"literal","value":"United States"}},
{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q34739"},"cityLabel":{"xml:lang":"en","type":"literal","value":"Dayton"},"countryLabel":{"xml:lang":"en","type":"literal","value":"United States"},
 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q2749"},"twinLabel":{"xml:lang":"en","type":"literal","value":"Augsburg"},"twinCountryLabel":{"xml:lang":"en","type":"literal","value":"Germany"}},
{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q2749"},"cityLabel":{"xml:lang":"en","type":"literal","value":"Augsburg"},"countryLabel":{"xml:lang":"en","type":"literal","value":"Germany"},
 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q160493"},"twinLabel":{"xml:lang":"en","type":"literal","value":"Inverness"},"twinCountryLabel":{"xml:lang":"en","type":"literal","value":"United Kingdom"}},
{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q100"},"cityLabel":{"xml:lang":"en","type":"literal","value":"Boston"},"countryLabel":{"xml:lang":"en","type":"literal","value":"United States"},
 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q11725"},"twinLabel":{"xml:lang":"en","type":"literal","value":"Xiamen"},"twinCountryLabel":{"xml:lang":"en","type":"literal","value":"China"}}
]}}`

const worklistCSV = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n" +
	"Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n" +
	"Boston,England,52.9789,-0.0266,Xiamen,China,24.4798,118.0894\n" +
	"Augsburg,Germany,48.3689,10.8978,Bourges,France,47.0810,2.3988\n"

func TestExportWorklistListsDoubtfulTwinLinks(t *testing.T) {
	dir := t.TempDir()
	sparqlFile, csvFile := filepath.Join(dir, "q.json"), filepath.Join(dir, "t.csv")
	os.WriteFile(sparqlFile, []byte(worklistSPARQL), 0o644)
	os.WriteFile(csvFile, []byte(worklistCSV), 0o644)
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			sargs := metaStoreArgs(t, d)
			for _, args := range [][]string{{"import", "sparql", sparqlFile}, {"import", "csv", csvFile}} {
				if out, err := runCLI(t, append(args, sargs...)...); err != nil {
					t.Fatalf("%v: %v\n%s", args, err, out)
				}
			}
			out, err := runCLI(t, append([]string{"export", "worklist", "--format", "text"}, sargs...)...)
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			for _, want := range []string{
				"5 twin links: 2 stated on one side only in Wikidata, 2 not in Wikidata, 2 only in Wikidata, 1 contradictions",
				"one_sided: Augsburg, Germany Q2749 – Inverness, United Kingdom Q160493 (wikidata): add P190 Q2749 to Q160493",
				"not_in_wikidata: Augsburg, Germany Q2749 – Bourges, France (csv): find the items of",
				"contradiction: ",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("text lacks %q:\n%s", want, out)
				}
			}
			out, err = runCLI(t, append([]string{"export", "worklist", "--format", "wikitext", "--kind", "one_sided"}, sargs...)...)
			if err != nil || !strings.Contains(out, "[[:d:Q2749|Augsburg, Germany]]") || strings.Contains(out, "not_in_wikidata") {
				t.Errorf("wikitext: %v\n%s", err, out)
			}
			csvOut := filepath.Join(t.TempDir(), "w.csv")
			if out, err := runCLI(t, append([]string{"export", "worklist", "--format", "csv", "-o", csvOut}, sargs...)...); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			b, _ := os.ReadFile(csvOut)
			if lines := strings.Count(string(b), "\n"); lines != 8 {
				t.Errorf("CSV has %d lines, want a header and 7 findings:\n%s", lines, b)
			}
			out, err = runCLI(t, append([]string{"export", "worklist", "--format", "json", "--kind", "contradiction"}, sargs...)...)
			var r struct {
				Links    int
				Findings []struct{ Kind string }
			}
			if err != nil || json.Unmarshal([]byte(out), &r) != nil || r.Links != 5 || len(r.Findings) != 1 {
				t.Errorf("json: %v %+v\n%s", err, r, out)
			}
			if _, err := runCLI(t, append([]string{"export", "worklist", "--kind", "nonsense"}, sargs...)...); err == nil || !strings.Contains(err.Error(), `"nonsense" is not one of`) {
				t.Errorf("bad kind: %v", err)
			}
			// The same worklist from the API.
			m := runMainOnArgs(t, sargs)
			api := m.Server.URL() + "/api/v1/twin-links/worklist"
			if body := getBody(t, api+"?format=csv&kind=one_sided"); strings.Count(body, "\n") != 3 || !strings.Contains(body, "one_sided,Augsburg,Germany,Q2749,Inverness") {
				t.Errorf("API CSV:\n%s", body)
			}
			if body := getBody(t, api+"?format=wikitext&kind=contradiction"); !strings.Contains(body, "[[:d:Q11725|Xiamen, China]]") {
				t.Errorf("API wikitext:\n%s", body)
			}
			if err := json.Unmarshal([]byte(getBody(t, api)), &r); err != nil || r.Links != 5 || len(r.Findings) != 7 {
				t.Errorf("API JSON: %+v %v", r, err)
			}
			if body := getBody(t, api+"?kind=nonsense"); !strings.Contains(body, "nonsense") {
				t.Errorf("API bad kind: %s", body)
			}
		})
	}
}
