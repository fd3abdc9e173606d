package regionwd

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/regions"
)

// Candidate is an institution that Wikidata places in a region: a museum,
// library, archive, gallery or university with coordinates inside the
// region's outline, offered as a potential partner with its item.
type Candidate struct {
	QID  string                     `json:"qid"`
	Name string                     `json:"name"`
	Kind wikicities.InstitutionKind `json:"kind"`
	Lat  float64                    `json:"lat"`
	Lng  float64                    `json:"lng"`
	// WiR: Wikidata names a Wikimedian in Residence (P106 Q3809586) whose
	// employer (P108) it is.
	WiR bool `json:"wikimedian_in_residence"`
}

// wikidataClasses are the classes asked for, by the kind they map to
// (their subclasses are included by the query).
var wikidataClasses = []struct {
	qid  string
	kind wikicities.InstitutionKind
}{
	{"Q33506", wikicities.InstMuseum},
	{"Q1007870", wikicities.InstGallery},
	{"Q7075", wikicities.InstLibrary},
	{"Q166118", wikicities.InstArchive},
	{"Q3918", wikicities.InstUniversity},
}

// WikidataLimit caps the institutions one query asks for.
const WikidataLimit = 500

// WikidataQuery returns the SPARQL query for the institutions of a region:
// items whose class is (a subclass of) museum, art gallery, library,
// archive or university, located in the region's item (P131, any depth),
// with coordinates (P625), and whether a Wikimedian in Residence works
// there. Returns an error for a region with no Wikidata item.
func WikidataQuery(reg *admin1.Region) (string, error) {
	if !wikicities.ValidQID(reg.QID) {
		return "", fmt.Errorf("region %s has no Wikidata item: %w", reg.Key, wikicities.ErrInvalid)
	}
	var values []string
	for _, c := range wikidataClasses {
		values = append(values, fmt.Sprintf("(wd:%s %q)", c.qid, c.kind))
	}
	return `# WikiCities: institutions of region ` + reg.Key + ` (Smart Region potential partners).
SELECT ?item ?itemLabel ?kind ?coord ?wir WHERE {
  VALUES (?class ?kind) { ` + strings.Join(values, " ") + ` }
  ?item wdt:P31/wdt:P279* ?class ;
        wdt:P131+ wd:` + reg.QID + ` ;
        wdt:P625 ?coord .
  OPTIONAL { ?wir wdt:P106 wd:Q3809586 ; wdt:P108 ?item . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en,mul". }
}
LIMIT ` + strconv.Itoa(WikidataLimit), nil
}

// ReadWikidata parses SPARQL JSON results of WikidataQuery(reg): one
// candidate per item (the first class listed wins), keeping those whose
// coordinates lie inside the region's outline or within regions.NearestKm of it
// (Wikidata's "located in" may be out of date, the outline simplified),
// ordered by name. A response that is not results of the query is an
// error wrapping sparql.ErrMalformed; name is used in errors.
func ReadWikidata(r io.Reader, name string, reg *admin1.Region) ([]Candidate, error) {
	byQID := map[string]int{}
	var out []Candidate
	rank := map[wikicities.InstitutionKind]int{}
	for i, c := range wikidataClasses {
		rank[c.kind] = i
	}
	vars, _, err := sparql.Each(r, name, func(row map[string]sparql.Binding) error {
		qid := row["item"].QID()
		kind := wikicities.InstitutionKind(row["kind"].Value)
		lat, lng, ok := point(row["coord"].Value)
		if qid == "" || !ok {
			return nil
		}
		if _, known := rank[kind]; !known {
			return nil
		}
		if !reg.Contains(lat, lng) {
			if _, km := admin1.Nearest([]*admin1.Region{reg}, lat, lng); km > regions.NearestKm {
				return nil
			}
		}
		label := strings.TrimSpace(row["itemLabel"].Value)
		if label == "" {
			label = qid
		}
		i, seen := byQID[qid]
		if !seen {
			out = append(out, Candidate{QID: qid, Name: label, Kind: kind, Lat: lat, Lng: lng})
			i = len(out) - 1
			byQID[qid] = i
		}
		c := &out[i]
		if rank[kind] < rank[c.Kind] {
			c.Kind = kind
		}
		if row["wir"].QID() != "" {
			c.WiR = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := sparql.RequireVars(name, "region institutions", vars, "item", "itemLabel", "kind", "coord"); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(wikicities.NameKey(a.Name), wikicities.NameKey(b.Name)), cmp.Compare(a.QID, b.QID))
	})
	return out, nil
}

// point reads a WKT point as Wikidata writes it: "Point(lng lat)".
func point(v string) (lat, lng float64, ok bool) {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "Point(") || !strings.HasSuffix(v, ")") {
		return 0, 0, false
	}
	f := strings.Fields(v[len("Point(") : len(v)-1])
	if len(f) != 2 {
		return 0, 0, false
	}
	lng, err1 := strconv.ParseFloat(f[0], 64)
	lat, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lng < -180 || lng > 180 {
		return 0, 0, false
	}
	return lat, lng, true
}
