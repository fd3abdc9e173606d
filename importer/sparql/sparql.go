// Package sparql reads Wikidata's twin-town links (property P190, "twinned
// administrative body") from SPARQL 1.1 query results in JSON
// (application/sparql-results+json), from a file or straight from a query
// service such as https://query.wikidata.org/sparql.
package sparql

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
)

// Query asks Wikidata for every twin-town statement (P190) with the items'
// English labels, their countries (P17), coordinates (P625) and the
// statement's start time (P580 qualifier). Read parses its results; the
// variable names are the contract between the two.
const Query = `# WikiCities: twin towns and sister cities (P190) with countries, coordinates and start year.
SELECT ?city ?cityLabel ?countryLabel ?coord ?twin ?twinLabel ?twinCountryLabel ?twinCoord ?start WHERE {
  ?city p:P190 ?statement .
  ?statement ps:P190 ?twin .
  OPTIONAL { ?statement pq:P580 ?start . }
  OPTIONAL { ?city wdt:P17 ?country . }
  OPTIONAL { ?city wdt:P625 ?coord . }
  OPTIONAL { ?twin wdt:P17 ?twinCountry . }
  OPTIONAL { ?twin wdt:P625 ?twinCoord . }
  SERVICE wikibase:label { bd:serviceParam wikibase:language "en,mul". }
}`

// QueryID identifies the version of Query in provenance (QueryIDOf).
var QueryID = QueryIDOf(Query)

// MediaType is the content type of the results Read parses.
const MediaType = "application/sparql-results+json"

// entityPrefix starts every Wikidata item URI.
const entityPrefix = "http://www.wikidata.org/entity/"

// required are the variables without which a result is not an answer to Query.
var required = []string{"city", "cityLabel", "twin", "twinLabel"}

// binding is one variable's value in a result row.
type binding = Binding

// ErrMalformed is wrapped by every error about the shape of a response (as
// opposed to one bad row, which is rejected and reported).
var ErrMalformed = errors.New("malformed SPARQL JSON results")

// Read parses SPARQL JSON results of Query from r; name is used in places
// ("name:N" for the N-th result row). Bad rows are listed in the batch, or,
// with strict, the first is returned as an *importer.RowError. A response
// that is not SPARQL JSON results of Query (not JSON, truncated, without
// head or results.bindings, or lacking Query's variables) is an error
// wrapping ErrMalformed.
func Read(r io.Reader, name string, strict bool) (*importer.Batch, error) {
	b := &importer.Batch{Source: wikicities.SourceWikidata, Origin: name}
	vars, _, err := Each(r, name, func(row map[string]Binding) error {
		b.Rows++
		place := name + ":" + strconv.Itoa(b.Rows)
		p, reason := parseRow(row)
		if reason != "" {
			return b.Reject(strict, place, "%s", reason)
		}
		p.Place = place
		p.Provenance = fmt.Sprintf("wikidata %s P190 %s (query %s)", p.A.QID, p.B.QID, QueryID)
		b.Pairs = append(b.Pairs, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := RequireVars(name, "P190", vars, required...); err != nil {
		return nil, err
	}
	return b, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return fmt.Errorf("unexpected end of input, want %q", want)
		}
		return err
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %v, want %q", t, want)
	}
	return nil
}

// parseRow turns one result row into a pair, or gives the reason to reject it.
func parseRow(row map[string]binding) (importer.Pair, string) {
	var p importer.Pair
	var reason string
	if p.A, reason = parseSide(row, "city", "cityLabel", "countryLabel", "coord"); reason != "" {
		return p, reason
	}
	if p.B, reason = parseSide(row, "twin", "twinLabel", "twinCountryLabel", "twinCoord"); reason != "" {
		return p, reason
	}
	if p.A.QID == p.B.QID {
		return p, fmt.Sprintf("self-twin: %s is twinned with itself", p.A.QID)
	}
	if s, ok := row["start"]; ok {
		y, err := parseYear(s.Value)
		if err != nil {
			return p, fmt.Sprintf("start %q: %v", s.Value, err)
		}
		p.Year = y
	}
	return p, ""
}

func parseSide(row map[string]binding, item, label, country, coord string) (importer.Side, string) {
	var s importer.Side
	it, ok := row[item]
	if !ok {
		return s, item + " is missing"
	}
	if it.Type != "uri" || !strings.HasPrefix(it.Value, entityPrefix) || !wikicities.ValidQID(it.Value[len(entityPrefix):]) {
		return s, fmt.Sprintf("%s %q is not a Wikidata item URI", item, it.Value)
	}
	s.QID = it.Value[len(entityPrefix):]
	for _, f := range []struct {
		name string
		dst  *string
	}{{label, &s.Name}, {country, &s.Country}} {
		v := strings.TrimSpace(row[f.name].Value)
		if !utf8.ValidString(v) {
			return s, f.name + " is not valid UTF-8"
		}
		if len(v) > 200 {
			return s, fmt.Sprintf("%s is %d bytes long, the limit is 200", f.name, len(v))
		}
		*f.dst = v
	}
	if s.Name == "" {
		// The label service falls back to the QID; an absent label is a
		// broken row.
		return s, label + " is missing"
	}
	if c, ok := row[coord]; ok {
		lat, lng, err := parsePoint(c.Value)
		if err != nil {
			return s, fmt.Sprintf("%s %q: %v", coord, c.Value, err)
		}
		s.Lat, s.Lng, s.HasCoords = lat, lng, true
	}
	return s, ""
}

// parsePoint reads a WKT point as Wikidata writes it: "Point(lng lat)",
// longitude first. Points on other globes (prefixed with the globe's URI)
// are refused.
func parsePoint(v string) (lat, lng float64, err error) {
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "<") {
		return 0, 0, errors.New("the point is not on Earth")
	}
	if len(v) < 6 || !strings.EqualFold(v[:6], "point(") || !strings.HasSuffix(v, ")") {
		return 0, 0, errors.New("not a WKT Point(longitude latitude)")
	}
	f := strings.Fields(v[6 : len(v)-1])
	if len(f) != 2 {
		return 0, 0, errors.New("not a WKT Point(longitude latitude)")
	}
	lng, err1 := strconv.ParseFloat(f[0], 64)
	lat, err2 := strconv.ParseFloat(f[1], 64)
	if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lng) {
		return 0, 0, errors.New("coordinates are not numbers")
	}
	if lat < -90 || lat > 90 || lng < -180 || lng > 180 {
		return 0, 0, errors.New("coordinates are out of range")
	}
	return lat, lng, nil
}

// parseYear reads the year of an xsd:dateTime such as
// "1987-05-01T00:00:00Z" (negative years are BCE).
func parseYear(v string) (int, error) {
	neg := strings.HasPrefix(v, "-")
	digits, _, _ := strings.Cut(strings.TrimPrefix(v, "-"), "-")
	if len(digits) < 1 || len(digits) > 6 {
		return 0, errors.New("not a date")
	}
	y, err := strconv.Atoi(digits)
	if err != nil || y == 0 {
		return 0, errors.New("not a date")
	}
	if neg {
		y = -y
	}
	return y, nil
}
