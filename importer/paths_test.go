package importer_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/wikitext"
)

// resolutionCase is one place as each source states it, and the city it
// must resolve to whatever the path: a stored city (its label), a new one
// ("new: name, country"), or none ("rejected").
type resolutionCase struct {
	what                      string
	csvCity, csvCountry       string // as a CSV row writes it
	sparqlName, sparqlCountry string // as the query service labels it
	cell                      string // as a twinning table's cell writes it
	want                      string
}

// storedCities are in the store before each path imports the cases; none
// has a Wikidata item, so that a SPARQL row may give it one.
var storedCities = []wikicities.City{
	{Name: "Boston", Country: "United States"},
	{Name: "Boston", Country: "England, United Kingdom"},
	{Name: "Inverness", Country: "Scotland"},
	{Name: "Monterrey", Country: "Mexico"},
	{Name: "Varna", Country: "Bulgaria"},
	{Name: "Neukölln (Berlin)", Country: "Germany"},
	{Name: "Hanover", Country: "Germany"},
	{Name: "London", Country: "United Kingdom"},
	{Name: "London"},
}

var resolutionCases = []resolutionCase{
	{"a name and its country", "Monterrey", "Mexico", "Monterrey", "Mexico",
		"[[w:Monterrey|Monterrey]], {{flag|Mexico}}", "Monterrey, Mexico"},
	{"a country template before the name", "Monterrey", "Mexico", "Monterrey", "Mexico",
		"{{MEX}} [[Monterrey]]", "Monterrey, Mexico"},
	{"a constituent country and its state", "Inverness", "Scotland, United Kingdom", "Inverness", "United Kingdom",
		"[[w:Inverness]]<br>{{flag|Scotland}}", "Inverness, Scotland"},
	{"the state of a constituent country", "Boston", "United Kingdom", "Boston", "United Kingdom",
		"[[Boston, Lincolnshire|Boston]] {{flagicon|UK}}", "Boston, England, United Kingdom"},
	{"England and Scotland never meet through the United Kingdom", "Boston", "Scotland", "Boston", "Scotland",
		"Boston, Scotland", "new: Boston, Scotland"},
	{"the same name in another country is another city", "Monterrey", "United States", "Monterrey", "United States",
		"Monterrey, {{flag|United States}}", "new: Monterrey, United States"},
	{"a country folded into the name", "Varna, Bulgaria", "", "Varna", "Bulgaria",
		"Varna,&nbsp;Bulgaria<ref>Agreement of 1967.</ref>", "Varna, Bulgaria"},
	{"a district qualifier is part of the name", "Neukölln (Berlin)", "Germany", "Neukölln (Berlin)", "Germany",
		"<span class=\"nowrap\">Neukölln (Berlin)</span> {{flagicon|GER}}", "Neukölln (Berlin), Germany"},
	{"a region qualifier is not", "Hanover", "Germany", "Hanover", "Germany",
		"[[w:Hanover|Hanover]], Germany<br/>(Lower Saxony)", "Hanover, Germany"},
	{"a known country beats none", "London", "England", "London", "England",
		"London {{flagicon|ENG}}{{efn|the City of Westminster}}", "London, United Kingdom"},
	{"a new city", "Kraków", "Poland", "Kraków", "Poland", "{{flagicon|POL}} [[w:pl:Kraków|Kraków]]", "new: Kraków, Poland"},
}

// A Wikidata item is a city of its own: where CSV and wikitext rows are
// rejected as ambiguous, a SPARQL row creates its item's city (and warns).
// It comes first, while neither Boston has an item (a city tied to an item
// is no candidate for another).
var ambiguousCase = resolutionCase{"a name two cities bear, without country", "Boston", "", "Boston", "",
	"[[Boston]]", "rejected"}

// partner is the city case i is twinned with, so that the link tells what
// the case resolved to.
func partner(i int) string { return fmt.Sprintf("Partnerstadt %d", i+1) }

func casesCSV(cases []resolutionCase) string {
	var b strings.Builder
	b.WriteString(header)
	for i, c := range cases {
		fmt.Fprintf(&b, "%s,Germany,,,%q,%q,,\n", partner(i), c.csvCity, c.csvCountry)
	}
	return b.String()
}

func casesSPARQL(cases []resolutionCase) string {
	lit := func(v string) map[string]string { return map[string]string{"type": "literal", "value": v} }
	uri := func(q int) map[string]string {
		return map[string]string{"type": "uri", "value": fmt.Sprintf("http://www.wikidata.org/entity/Q%d", q)}
	}
	// One item per city: the cases that mean one city name one item.
	items := map[string]int{}
	var rows []map[string]map[string]string
	for i, c := range cases {
		if _, ok := items[c.want]; !ok {
			items[c.want] = 800000 + i
		}
		row := map[string]map[string]string{
			"city": uri(900000 + i), "cityLabel": lit(partner(i)), "countryLabel": lit("Germany"),
			"twin": uri(items[c.want]), "twinLabel": lit(c.sparqlName),
		}
		if c.sparqlCountry != "" {
			row["twinCountryLabel"] = lit(c.sparqlCountry)
		}
		rows = append(rows, row)
	}
	out, _ := json.Marshal(map[string]any{
		"head":    map[string]any{"vars": []string{"city", "cityLabel", "countryLabel", "twin", "twinLabel", "twinCountryLabel"}},
		"results": map[string]any{"bindings": rows},
	})
	return string(out)
}

func casesWikitext(cases []resolutionCase) string {
	var b strings.Builder
	b.WriteString("{| class=\"wikitable sortable\"\n! City !! Twin city\n")
	for i, c := range cases {
		fmt.Fprintf(&b, "|-\n| %s, Germany || %s\n", partner(i), c.cell)
	}
	b.WriteString("|}\n")
	return b.String()
}

// importPath imports the cases through one path.
func importPath(t *testing.T, db *store.DB, path string, cases []resolutionCase) {
	t.Helper()
	ctx := context.Background()
	var b *importer.Batch
	var err error
	switch path {
	case "csv":
		b, err = csvimport.Read(strings.NewReader(casesCSV(cases)), "cases.csv", false)
	case "sparql":
		b, err = sparql.Read(strings.NewReader(casesSPARQL(cases)), "cases.json", false)
	case "wikitext":
		tables, err := wikitext.Parse(casesWikitext(cases))
		if err != nil {
			t.Fatal(err)
		}
		rows, rejected, err := wikitext.TwinningRows(tables)
		if err != nil || len(rejected) > 0 {
			t.Fatalf("reading the table: %v %+v", err, rejected)
		}
		if _, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "cases.wiki"}); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := importer.Import(ctx, db, b, importer.Options{}); err != nil {
		t.Fatal(err)
	}
}

// resolvedTo returns, for each case, the label of the city its partner is
// twinned with ("new: ..." when the import created it), or "rejected".
func resolvedTo(t *testing.T, db *store.DB, stored map[int64]bool, n int) []string {
	t.Helper()
	ctx := context.Background()
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]*wikicities.City{}
	partnerOf := map[string]int64{}
	for _, c := range cities {
		byID[c.ID] = c
		partnerOf[c.Name] = c.ID
	}
	links, err := db.Cities().AllTwinLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = "rejected"
		p, ok := partnerOf[partner(i)]
		if !ok {
			continue
		}
		for _, l := range links {
			other := l.A + l.B - p
			if l.A != p && l.B != p {
				continue
			}
			c := byID[other]
			out[i] = wikicities.LabelString(c.Name, c.Country)
			if !stored[other] {
				out[i] = "new: " + out[i]
			}
		}
	}
	return out
}

// The same table of cases passes through the CSV, SPARQL and wikitext
// paths, on both stores: each case resolves to the same city whatever the
// path, by the rules of the one resolver.
func TestEveryPathResolvesACaseToTheSameCity(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		for _, path := range []string{"csv", "sparql", "wikitext"} {
			t.Run(string(d)+"/"+path, func(t *testing.T) {
				db := storetest.MustOpen(t, d)
				ctx := context.Background()
				stored := map[int64]bool{}
				for _, c := range storedCities {
					c := c
					if err := db.Cities().CreateCity(ctx, &c); err != nil {
						t.Fatal(err)
					}
					stored[c.ID] = true
				}
				cases := append([]resolutionCase{ambiguousCase}, resolutionCases...)
				importPath(t, db, path, cases)
				got := resolvedTo(t, db, stored, len(cases))
				for i, c := range cases {
					want := c.want
					if c == ambiguousCase && path == "sparql" {
						want = "new: Boston"
					}
					if got[i] != want {
						t.Errorf("%s: %s resolved to %q, want %q", path, c.what, got[i], want)
					}
				}
			})
		}
	}
}
