package affiliates

import (
	"fmt"
	"io"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/sparql"
)

// Query asks Wikidata for the items that are instances of the classes of
// Wikimedia affiliates, named by their English labels, with headquarters
// location (P159), country (P17), official website (P856), inception
// (P571), dissolution (P576) and the item's Meta-Wiki page. ReadWikidata
// parses its results; the variable names are the contract between the two.
const Query = `# WikiCities: Wikimedia chapters, thematic organizations and user groups.
SELECT ?item ?itemLabel ?classLabel ?hq ?hqLabel ?countryLabel ?website ?inception ?dissolved ?metaPage WHERE {
  VALUES ?classLabel { "Wikimedia chapter"@en "Wikimedia thematic organization"@en "Wikimedia user group"@en }
  ?class rdfs:label ?classLabel .
  ?item wdt:P31 ?class .
  OPTIONAL { ?item wdt:P159 ?hq . }
  OPTIONAL { ?item wdt:P17 ?country . }
  OPTIONAL { ?item wdt:P856 ?website . }
  OPTIONAL { ?item wdt:P571 ?inception . }
  OPTIONAL { ?item wdt:P576 ?dissolved . }
  OPTIONAL { ?meta schema:about ?item ; schema:isPartOf <https://meta.wikimedia.org/> ; schema:name ?metaPage . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en,mul". }
}`

// QueryID identifies the version of Query in provenance (sparql.QueryIDOf).
var QueryID = sparql.QueryIDOf(Query)

// kinds maps the classes' English labels to community kinds.
var kinds = map[string]wikicities.CommunityKind{
	"wikimedia chapter":               wikicities.KindChapter,
	"wikimedia thematic organization": wikicities.KindThematic,
	"wikimedia user group":            wikicities.KindUserGroup,
}

// ReadWikidata parses SPARQL JSON results of Query: one affiliate per item
// (an item with several headquarters, websites or classes gives several
// rows; the first value of each wins). Rows without an item or a label
// are rejected with their row number. A response that is not results of
// Query is an error wrapping sparql.ErrMalformed.
func ReadWikidata(r io.Reader, name string) ([]wikicities.Affiliate, []Rejected, error) {
	var out []wikicities.Affiliate
	var rejected []Rejected
	byQID := map[string]int{}
	n := 0
	vars, _, err := sparql.Each(r, name, func(row map[string]sparql.Binding) error {
		n++
		place := fmt.Sprintf("%s:%d", name, n)
		qid := row["item"].QID()
		label := strings.TrimSpace(row["itemLabel"].Value)
		if qid == "" || !wikicities.ValidQID(qid) {
			rejected = append(rejected, Rejected{place, fmt.Sprintf("item %q is not a Wikidata item", row["item"].Value)})
			return nil
		}
		if label == "" || label == qid {
			rejected = append(rejected, Rejected{place, qid + " has no English label"})
			return nil
		}
		i, seen := byQID[qid]
		if !seen {
			out = append(out, wikicities.Affiliate{QID: qid, Name: label, Place: "wikidata:" + qid, Sources: []string{"wikidata"}})
			i = len(out) - 1
			byQID[qid] = i
		}
		a := &out[i]
		first := func(dst *string, v string) {
			if *dst == "" {
				*dst = strings.TrimSpace(v)
			}
		}
		if k, ok := kinds[strings.ToLower(row["classLabel"].Value)]; ok && a.Kind == "" {
			a.Kind = k
		}
		first(&a.CityQID, row["hq"].QID())
		if hq := row["hqLabel"].Value; hq != row["hq"].QID() {
			first(&a.City, hq)
		}
		first(&a.Country, row["countryLabel"].Value)
		if w := row["website"].Value; strings.HasPrefix(w, "http://") || strings.HasPrefix(w, "https://") {
			first(&a.Website, w)
		}
		first(&a.Inception, wikidataDate(row["inception"].Value))
		first(&a.Dissolved, wikidataDate(row["dissolved"].Value))
		first(&a.MetaPage, row["metaPage"].Value)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := sparql.RequireVars(name, "affiliates", vars, "item", "itemLabel", "classLabel"); err != nil {
		return nil, nil, err
	}
	for i := range out {
		if out[i].Kind == "" {
			out[i].Kind = wikicities.KindUserGroup
		}
	}
	return out, rejected, nil
}

// wikidataDate turns "2004-06-13T00:00:00Z" into "2004-06-13"; a year-only
// date ("2012-01-01T00:00:00Z" with year precision) stays a full date, as
// the results do not say the precision.
func wikidataDate(v string) string {
	if i := strings.IndexByte(v, 'T'); i > 0 {
		v = v[:i]
	}
	return strings.TrimPrefix(v, "+")
}
