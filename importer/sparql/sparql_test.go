package sparql_test

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

func readFixture(t *testing.T) *importer.Batch {
	t.Helper()
	f, err := os.Open("testdata/p190.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := sparql.Read(f, "p190.json", false)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadFixture(t *testing.T) {
	b := readFixture(t)
	if b.Rows != 7 || len(b.Pairs) != 6 || len(b.Rejected) != 1 {
		t.Fatalf("rows %d, pairs %d, rejected %v", b.Rows, len(b.Pairs), b.Rejected)
	}
	if r := b.Rejected[0]; r.Place != "p190.json:5" || !strings.Contains(r.Message, "twinCoord") || !strings.Contains(r.Message, "not on Earth") {
		t.Errorf("rejection %v, want result 5's lunar coordinates", r)
	}
	p := b.Pairs[0]
	want := importer.Side{QID: "Q2749", Name: "Augsburg", Country: "Germany", Lat: 48.371667, Lng: 10.898333, HasCoords: true}
	if p.A != want || p.B.QID != "Q34739" || p.B.Country != "United States of America" || p.Year != 1964 {
		t.Errorf("first pair %+v", p)
	}
	if p.Place != "p190.json:1" || !strings.Contains(p.Provenance, "wikidata Q2749 P190 Q34739 (query "+sparql.QueryID+")") {
		t.Errorf("place %q provenance %q", p.Place, p.Provenance)
	}
	if b.Pairs[4].Year != 0 {
		t.Errorf("a statement without start time has year %d", b.Pairs[4].Year)
	}
}

// A response that is not SPARQL JSON results of the P190 query is an
// error, never an empty import.
func TestReadMalformedIsAnError(t *testing.T) {
	const vars = `"head":{"vars":["city","cityLabel","countryLabel","coord","twin","twinLabel","twinCountryLabel","twinCoord","start"]}`
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"HTML error page", "<html><body>Query timeout</body></html>"},
		{"JSON array", "[]"},
		{"no head", `{"results":{"bindings":[]}}`},
		{"no results", `{` + vars + `}`},
		{"results without bindings", `{` + vars + `,"results":{}}`},
		{"bindings not an array", `{` + vars + `,"results":{"bindings":{}}}`},
		{"truncated", `{` + vars + `,"results":{"bindings":[{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"}`},
		{"a row is not an object", `{` + vars + `,"results":{"bindings":[42]}}`},
		{"another query's variables", `{"head":{"vars":["item","itemLabel"]},"results":{"bindings":[]}}`},
		{"trailing data", `{` + vars + `,"results":{"bindings":[]}} {}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sparql.Read(strings.NewReader(tt.in), "r.json", false)
			if !errors.Is(err, sparql.ErrMalformed) || !strings.HasPrefix(err.Error(), "r.json: ") {
				t.Fatalf("err %v, want ErrMalformed naming r.json", err)
			}
		})
	}
}

// A file that is not SPARQL JSON results says what to give instead, in
// JSON's words; a byte-order mark, as editors on Windows save it, is read
// past.
func TestReadSaysWhatIsWrongWithTheFile(t *testing.T) {
	const head = `{"head":{"vars":["city","cityLabel","countryLabel","coord","twin","twinLabel","twinCountryLabel","twinCoord","start"]},"results":{"bindings":[`
	tests := []struct{ name, in, want string }{
		// The query service's "JSON file" download: rows of plain values.
		{"simple JSON download", `[{"city":"http://www.wikidata.org/entity/Q1726","cityLabel":"Munich"}]`, `"JSON file (verbose)" download`},
		{"a binding that is a number", head + `{"city": 5}]}}`, "result 1: want an object (a binding: type and value), not a number"},
		{"a value that is a number", head + `{"city": {"type": "uri", "value": 5}}]}}`, "result 1: value must be a string, not a number"},
		{"cut short inside a row", head + `{"city": {"type": "uri", "value": "http://www.wikidata.org/entity/Q1726"`, "result 1: the file ends inside the row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sparql.Read(strings.NewReader(tt.in), "r.json", false)
			if !errors.Is(err, sparql.ErrMalformed) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "Go ") {
				t.Errorf("err %v, want ErrMalformed saying %q", err, tt.want)
			}
		})
	}
	b, err := sparql.Read(strings.NewReader("\uFEFF"+head+"]}}"), "bom.json", false)
	if err != nil || b.Rows != 0 {
		t.Errorf("results with a byte-order mark: %v", err)
	}
}

func TestReadRejectsBadRows(t *testing.T) {
	const head = `{"head":{"vars":["city","cityLabel","countryLabel","coord","twin","twinLabel","twinCountryLabel","twinCoord","start"]},"results":{"bindings":[`
	const city = `"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"cityLabel":{"type":"literal","value":"Munich"}`
	const twin = `"twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q23436"},"twinLabel":{"type":"literal","value":"Edinburgh"}`
	tests := []struct{ name, row, reason string }{
		{"missing twin", `{` + city + `}`, "twin is missing"},
		{"twin not an item", `{` + city + `,"twin":{"type":"literal","value":"Edinburgh"},"twinLabel":{"type":"literal","value":"Edinburgh"}}`, `twin "Edinburgh" is not a Wikidata item URI`},
		{"missing label", `{` + city + `,"twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q23436"}}`, "twinLabel is missing"},
		{"bad point", `{` + city + `,` + twin + `,"coord":{"type":"literal","value":"Point(11.5)"}}`, "not a WKT Point"},
		{"out-of-range point", `{` + city + `,` + twin + `,"coord":{"type":"literal","value":"Point(11.5 95)"}}`, "out of range"},
		{"bad start", `{` + city + `,` + twin + `,"start":{"type":"literal","value":"sometime"}}`, `start "sometime"`},
		{"self-twin", `{` + city + `,"twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q1726"},"twinLabel":{"type":"literal","value":"Munich"}}`, "self-twin"},
		{"long label", `{` + city + `,"twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q23436"},"twinLabel":{"type":"literal","value":"` + strings.Repeat("E", 300) + `"}}`, "twinLabel is 300 bytes long"},
	}
	good := `{` + city + `,` + twin + `}`
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := head + good + "," + tt.row + "]}}"
			b, err := sparql.Read(strings.NewReader(in), "r.json", false)
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Pairs) != 1 || len(b.Rejected) != 1 || b.Rejected[0].Place != "r.json:2" || !strings.Contains(b.Rejected[0].Message, tt.reason) {
				t.Fatalf("pairs %d, rejected %v; want result 2 rejected for %q", len(b.Pairs), b.Rejected, tt.reason)
			}
			_, err = sparql.Read(strings.NewReader(in), "r.json", true)
			var re *importer.RowError
			if !errors.As(err, &re) || re.Place != "r.json:2" {
				t.Fatalf("strict: %v", err)
			}
		})
	}
}

func TestImportWikidataIsIdempotentAndKeepsProvenance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		r, err := importer.Import(ctx, db, readFixture(t), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Edinburgh–Munich is stated on both items: one link.
		if r.PairsAdded != 5 || r.DuplicatesDropped != 1 || r.RowsRejected != 1 || r.CitiesCreated != 7 {
			t.Errorf("first import %+v", r)
		}
		st1, _ := db.Cities().Stats(ctx)
		r2, err := importer.Import(ctx, db, readFixture(t), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		st2, _ := db.Cities().Stats(ctx)
		if !reflect.DeepEqual(st1, st2) || r2.PairsAdded != 0 || r2.CitiesCreated != 0 {
			t.Errorf("second import %+v changed %+v to %+v", r2, st1, st2)
		}
		links, err := db.Cities().AllTwinLinks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			if l.Source != wikicities.SourceWikidata || !strings.HasPrefix(l.Provenance, "wikidata Q") || !strings.Contains(l.Provenance, sparql.QueryID) {
				t.Errorf("link %+v lacks its Wikidata provenance", l)
			}
		}
		munich, err := db.Cities().CityByQID(ctx, "Q1726")
		if err != nil {
			t.Fatal(err)
		}
		edinburgh, _ := db.Cities().CityByQID(ctx, "Q23436")
		for _, l := range links {
			if (l.A == munich.ID && l.B == edinburgh.ID || l.B == munich.ID && l.A == edinburgh.ID) && l.Year != 1954 {
				t.Errorf("Munich–Edinburgh year %d, want 1954 from the P580 qualifier", l.Year)
			}
		}
	})
}

// Cities first read from a CSV list get their Wikidata item when a SPARQL
// result names them in a compatible country, instead of being duplicated.
func TestImportWikidataJoinsCSVCities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		b, err := csvimport.Read(strings.NewReader("city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"+
			"Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n"+
			"Augsburg,Germany,48.3689,10.8978,Inverness,\"Scotland, United Kingdom\",57.4778,-4.2247\n"), "t.csv", true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := importer.Import(ctx, db, b, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		r, err := importer.Import(ctx, db, readFixture(t), importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// Augsburg, Dayton and Inverness are known; Bourges, Munich,
		// Edinburgh and Harare are new.
		if r.CitiesCreated != 4 || r.PairsAdded != 3 || r.PairsExisting != 2 {
			t.Errorf("import %+v", r)
		}
		cs, _ := db.Cities().AllCities(ctx)
		ls, _ := db.Cities().AllTwinLinks(ctx)
		g := twins.New(cs, ls)
		aug := lookupAll(t, g, "Q2749")
		if len(aug) != 1 || aug[0].Name != "Augsburg" || len(g.Twins(aug[0].ID)) != 3 {
			t.Fatalf("Q2749 resolves to %v", aug)
		}
		if inv := lookupAll(t, g, "Q160493"); len(inv) != 1 || inv[0].Country != "Scotland, United Kingdom" {
			t.Errorf("Inverness from the CSV did not get its item: %v", inv)
		}
	})
}

// The README prints the query in full; it must be the one the code runs.
func TestREADMEShowsTheQuery(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "```sparql\n"+sparql.Query+"\n```") {
		t.Error("README.md does not show sparql.Query verbatim in a ```sparql block")
	}
}

// Two Wikidata items with the same label and country are two cities; the
// label stays with the first, and a second import changes nothing.
func TestImportKeepsNamesakeItemsApart(t *testing.T) {
	const doc = `{"head":{"vars":["city","cityLabel","countryLabel","twin","twinLabel","twinCountryLabel"]},"results":{"bindings":[
	{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q28515"},"cityLabel":{"type":"literal","value":"Springfield"},"countryLabel":{"type":"literal","value":"United States"},
	 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q1"},"twinLabel":{"type":"literal","value":"Alpha"},"twinCountryLabel":{"type":"literal","value":"France"}},
	{"city":{"type":"uri","value":"http://www.wikidata.org/entity/Q28513"},"cityLabel":{"type":"literal","value":"Springfield"},"countryLabel":{"type":"literal","value":"United States"},
	 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q2"},"twinLabel":{"type":"literal","value":"Beta"},"twinCountryLabel":{"type":"literal","value":"France"}}
	]}}`
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		imp := func() *importer.Result {
			b, err := sparql.Read(strings.NewReader(doc), "s.json", true)
			if err != nil {
				t.Fatal(err)
			}
			r, err := importer.Import(ctx, db, b, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := imp()
		if first.CitiesCreated != 4 || first.Warnings != 1 {
			t.Errorf("first import %+v: want two Springfields and a warning", first)
		}
		second := imp()
		if second.CitiesCreated != 0 || second.PairsAdded != 0 || second.Warnings != 0 {
			t.Errorf("second import %+v changed something", second)
		}
		a, err := db.Cities().CityByQID(ctx, "Q28515")
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.Cities().CityByQID(ctx, "Q28513")
		if err != nil || a.ID == b.ID {
			t.Fatalf("the two items are one city: %v %v %v", a, b, err)
		}
	})
}

// lookupAll is what a query names in g, by the one resolver: its city, or
// the candidates when it is ambiguous.
func lookupAll(tb testing.TB, g *twins.Graph, q string) []*wikicities.City {
	tb.Helper()
	cs, err := resolve.Matches(context.Background(), resolve.InGraph(g), q)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}
