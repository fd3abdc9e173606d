// Package export writes the directory and the twin links as CSV, JSON and
// GeoJSON for reuse elsewhere (spreadsheets, maps, other tools). CSV cells
// that a spreadsheet would run as a formula are neutralised.
package export

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
)

// Format is an export format.
type Format string

// Formats.
const (
	CSV     Format = "csv"
	JSON    Format = "json"
	GeoJSON Format = "geojson"
)

// What names an export.
type What string

// Exports.
const (
	Communities  What = "communities"
	Institutions What = "institutions"
	Twins        What = "twins"
)

// Parse checks an export name and format ("communities", "csv"). Returns a
// FieldError naming the bad one.
func Parse(what, format string) (What, Format, error) {
	switch What(what) {
	case Communities, Institutions, Twins:
	default:
		return "", "", wikicities.Invalidf("what", "%q is not communities, institutions or twins", what)
	}
	switch Format(format) {
	case CSV, JSON, GeoJSON:
	default:
		return "", "", wikicities.Invalidf("format", "%q is not csv, json or geojson", format)
	}
	return What(what), Format(format), nil
}

// ContentType returns the media type of f.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case GeoJSON:
		return "application/geo+json"
	}
	return "application/json; charset=utf-8"
}

// Cell neutralises a CSV cell that a spreadsheet would read as a formula:
// one starting with =, +, -, @, a tab or a carriage return gets a leading '
// (csvsafe.Cell).
func Cell(s string) string { return csvsafe.Cell(s) }

// numericColumns are the CSV columns the program formats itself (ids,
// coordinates, years, dates, booleans): written as they are, so that a
// negative longitude stays a number; every other cell is neutralised.
var numericColumns = map[string]bool{
	"id": true, "city_id": true, "lat": true, "lng": true, "last_activity": true,
	"hosts_wiki_club": true, "has_wikimedian_in_residence": true,
	"city_a_id": true, "lat_a": true, "lng_a": true, "city_b_id": true, "lat_b": true, "lng_b": true, "year": true,
}

// Data is what an export reads: the records and a city lookup.
type Data struct {
	Communities  []*wikicities.Community
	Institutions []*wikicities.Institution
	Links        []*wikicities.TwinLink
	City         func(id int64) *wikicities.City
}

func (d Data) city(id int64) *wikicities.City {
	if c := d.City(id); c != nil {
		return c
	}
	return &wikicities.City{ID: id}
}

// Write writes export what in format f to w.
func Write(w io.Writer, what What, f Format, d Data) error {
	var header []string
	var rows [][]string
	var records []any
	var features []feature
	switch what {
	case Communities:
		// Exports are public: a community's contact details, which only
		// its coordinators see, are left out (wikicities.ContactReader).
		header = []string{"id", "kind", "name", "city_id", "city", "country", "lat", "lng", "languages", "projects",
			"meta_page", "website", "status", "last_activity", "skills_offered", "skills_wanted"}
		for _, c := range d.Communities {
			if c.Contact != "" {
				x := *c
				x.Contact = ""
				c = &x
			}
			city := d.city(c.CityID)
			rows = append(rows, []string{itoa(c.ID), string(c.Kind), c.Name, itoa(c.CityID), city.Name, city.Country,
				coord(city, city.Lat), coord(city, city.Lng), strings.Join(c.Languages, " "), strings.Join(c.Projects, " "),
				c.MetaPage, c.Website, string(c.Status), date(c.LastActivity),
				strings.Join(c.SkillsOffered, " "), strings.Join(c.SkillsWanted, " ")})
			records = append(records, withCity{c, city})
			if city.HasCoords {
				features = append(features, point(city, c))
			}
		}
	case Institutions:
		header = []string{"id", "kind", "name", "city_id", "city", "country", "lat", "lng", "region", "qid", "website",
			"hosts_wiki_club", "has_wikimedian_in_residence", "skills_wanted"}
		for _, i := range d.Institutions {
			city := d.city(i.CityID)
			rows = append(rows, []string{itoa(i.ID), string(i.Kind), i.Name, itoa(i.CityID), city.Name, city.Country,
				coord(city, city.Lat), coord(city, city.Lng), i.Region, i.QID, i.Website,
				strconv.FormatBool(i.HostsWikiClub), strconv.FormatBool(i.HasWikimedianInResidence), strings.Join(i.SkillsWanted, " ")})
			records = append(records, withCity{i, city})
			if city.HasCoords {
				features = append(features, point(city, i))
			}
		}
	case Twins:
		header = []string{"city_a_id", "city_a", "country_a", "lat_a", "lng_a", "city_b_id", "city_b", "country_b", "lat_b", "lng_b", "source", "year"}
		for _, l := range d.Links {
			a, b := d.city(l.A), d.city(l.B)
			rows = append(rows, []string{itoa(a.ID), a.Name, a.Country, coord(a, a.Lat), coord(a, a.Lng),
				itoa(b.ID), b.Name, b.Country, coord(b, b.Lat), coord(b, b.Lng), string(l.Source), yearString(l.Year)})
			records = append(records, map[string]any{"a": a, "b": b, "source": l.Source, "year": l.Year})
			if a.HasCoords && b.HasCoords {
				features = append(features, line(a, b, l))
			}
		}
	default:
		return fmt.Errorf("export: unknown export %q", what)
	}
	switch f {
	case CSV:
		cw := csvsafe.NewWriter(w)
		cw.WriteRaw(header)
		for _, r := range rows {
			for i := range r {
				if !numericColumns[header[i]] {
					r[i] = Cell(r[i])
				}
			}
			cw.WriteRaw(r)
		}
		return cw.Flush()
	case JSON:
		if records == nil {
			records = []any{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", " ")
		return enc.Encode(map[string]any{string(what): records})
	case GeoJSON:
		if features == nil {
			features = []feature{}
		}
		return json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": features})
	}
	return fmt.Errorf("export: unknown format %q", f)
}

// withCity embeds a record's city in its JSON form.
type withCity struct {
	Record any
	City   *wikicities.City
}

// MarshalJSON writes the record with its city object under "city".
func (w withCity) MarshalJSON() ([]byte, error) {
	b, err := json.Marshal(w.Record)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	m["city"] = w.City
	return json.Marshal(m)
}

type feature struct {
	Type       string         `json:"type"`
	Geometry   map[string]any `json:"geometry"`
	Properties any            `json:"properties"`
}

func point(c *wikicities.City, props any) feature {
	return feature{Type: "Feature", Geometry: map[string]any{"type": "Point", "coordinates": []float64{c.Lng, c.Lat}}, Properties: props}
}

// line joins two twin cities the short way round. A link whose short way
// crosses the antimeridian (Suva–Apia) is cut there into a MultiLineString
// of two parts, as RFC 7946 (3.1.9) asks, so that every longitude stays
// within ±180°: consumers such as BigQuery's ST_GEOGFROMGEOJSON refuse
// others, and maps draw each part on its side of the map.
func line(a, b *wikicities.City, l *wikicities.TwinLink) feature {
	props := map[string]any{"a": a.ID, "a_name": a.Name, "b": b.ID, "b_name": b.Name, "source": l.Source, "year": l.Year}
	geometry := map[string]any{"type": "LineString", "coordinates": [][]float64{{a.Lng, a.Lat}, {b.Lng, b.Lat}}}
	edge := 0.0 // the meridian the short way crosses, ±180
	unwrapped := b.Lng
	if d := b.Lng - a.Lng; d > 180 {
		edge, unwrapped = -180, b.Lng-360
	} else if d < -180 {
		edge, unwrapped = 180, b.Lng+360
	}
	if edge != 0 && a.Lng != edge && b.Lng != -edge {
		lat := a.Lat + (edge-a.Lng)/(unwrapped-a.Lng)*(b.Lat-a.Lat)
		geometry = map[string]any{"type": "MultiLineString", "coordinates": [][][]float64{
			{{a.Lng, a.Lat}, {edge, lat}},
			{{-edge, lat}, {b.Lng, b.Lat}},
		}}
	}
	return feature{Type: "Feature", Geometry: geometry, Properties: props}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func coord(c *wikicities.City, v float64) string {
	if !c.HasCoords {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func yearString(y int) string {
	if y == 0 {
		return ""
	}
	return strconv.Itoa(y)
}
