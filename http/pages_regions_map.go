package http

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/regions"
)

// The measures the coverage map colours regions by.
var regionMeasures = []string{"communities", "institutions", "partnerships", "potential", "champions"}

// regionMapTolerance simplifies the outlines sent to the browser further
// than the data set (degrees): a country's provinces stay light to load.
const regionMapTolerance = 0.03

// regionPalette is a sequential scale (ColorBrewer Blues), lightest for 0;
// the legend says what each colour means.
var regionPalette = []string{"#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"}

func measureOf(f regions.Figures, champions int, measure string) int {
	switch measure {
	case "institutions":
		return f.Institutions
	case "partnerships":
		return f.Live()
	case "potential":
		return f.Potential
	case "champions":
		return champions
	}
	return f.Communities
}

// regionClasses splits values into the palette's classes: 0 alone, the
// positive values in up to four ranges of about equal size. It returns each
// class's upper bound (inclusive).
func regionClasses(values []int) []int {
	var pos []int
	for _, v := range values {
		if v > 0 {
			pos = append(pos, v)
		}
	}
	slices.Sort(pos)
	bounds := []int{0}
	for i := 1; i < len(regionPalette) && len(pos) > 0; i++ {
		b := pos[min(len(pos)-1, i*len(pos)/(len(regionPalette)-1))]
		if i == len(regionPalette)-1 {
			b = pos[len(pos)-1]
		}
		if b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	return bounds
}

func classOf(bounds []int, v int) int {
	for i, b := range bounds {
		if v <= b {
			return i
		}
	}
	return len(bounds) - 1
}

// regionMapRow is a region (or, for the world, a country) of the map's
// table and legend.
type regionMapRow struct {
	Key, Name, Path string
	Value, Class    int
	Colour          string
}

type legendClass struct {
	Colour, Label string
}

// regionMapPage is the Data of /regions/map.
type regionMapPage struct {
	Country, CountryName, Measure, MeasureLabel string
	DataURL, BaseURL                            string
	Measures, Countries                         []option
	Rows                                        []regionMapRow
	Legend                                      []legendClass
}

// regionMapRows computes the map's rows: a country's regions, or every
// country with regions holding cities of the graph.
func (rd *regionsData) regionMapRows(lang string, rep *regions.Report, champs map[string][]*wikicities.RegionChampion, country, measure string) []regionMapRow {
	var rows []regionMapRow
	if country != "" {
		for _, reg := range rep.Country(country) {
			rows = append(rows, regionMapRow{Key: reg.Key, Name: reg.NameIn(lang), Path: regionPath(reg.Key),
				Value: measureOf(reg.Figures, len(champs[reg.Key]), measure)})
		}
	} else {
		for _, c := range rd.countries(lang, rep) {
			v := 0
			for _, reg := range rep.Country(c.Code) {
				v += measureOf(reg.Figures, len(champs[reg.Key]), measure)
			}
			rows = append(rows, regionMapRow{Key: c.Code, Name: c.Name, Path: "/regions/map?country=" + c.Code + "&measure=" + measure, Value: v})
		}
	}
	values := make([]int, len(rows))
	for i, r := range rows {
		values[i] = r.Value
	}
	bounds := regionClasses(values)
	for i := range rows {
		rows[i].Class = classOf(bounds, rows[i].Value)
		rows[i].Colour = regionPalette[rows[i].Class]
	}
	slices.SortFunc(rows, func(a, b regionMapRow) int { return cmp.Or(cmp.Compare(b.Value, a.Value), cmp.Compare(a.Name, b.Name)) })
	return rows
}

func mapQuery(r *http.Request) (country, measure string) {
	q := r.URL.Query()
	country = strings.ToUpper(strings.TrimSpace(q.Get("country")))
	measure = q.Get("measure")
	if !slices.Contains(regionMeasures, measure) {
		measure = regionMeasures[0]
	}
	return country, measure
}

// mapPage serves the coverage map: a choropleth of a country's regions (or
// of the countries) by a measure, with its legend and, for screen readers
// and keyboards, the same figures as a table of links.
func (rd *regionsData) mapPage(w http.ResponseWriter, r *http.Request) {
	rep, champs, err := rd.figures(r.Context())
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	country, measure := mapQuery(r)
	p := rd.s.newPage(w, r)
	if country != "" && len(rep.Country(country)) == 0 {
		rd.s.renderError(w, r, fmt.Errorf("country %q has no regions: %w", country, wikicities.ErrNotFound))
		return
	}
	d := regionMapPage{Country: country, Measure: measure, MeasureLabel: p.Msg("regions-measure-" + measure),
		DataURL: "/regions/map.geojson?country=" + country + "&measure=" + measure + mapLang("&", p.Lang), BaseURL: AssetURL("countries.geojson")}
	if country != "" {
		d.CountryName = countryName(p.Lang, country)
		p.Title = p.Msg("regions-map-country-title", d.CountryName)
	} else {
		p.Title = p.Msg("regions-map-title")
	}
	for _, m := range regionMeasures {
		d.Measures = append(d.Measures, option{m, p.Msg("regions-measure-" + m)})
	}
	d.Countries = append(d.Countries, option{"", p.Msg("regions-map-world")})
	for _, c := range rd.countries(p.Lang, rep) {
		d.Countries = append(d.Countries, option{c.Code, c.Name})
	}
	d.Rows = rd.regionMapRows(p.Lang, rep, champs, country, measure)
	values := make([]int, len(d.Rows))
	for i, row := range d.Rows {
		values[i] = row.Value
	}
	bounds := regionClasses(values)
	for i, b := range bounds {
		label := p.Printer().Num(b)
		if i > 0 && bounds[i-1]+1 < b {
			label = p.Msg("regions-legend-range", bounds[i-1]+1, b)
		}
		d.Legend = append(d.Legend, legendClass{regionPalette[i], label})
	}
	p.Map = &MapConfig{Label: p.Title}
	p.Scripts = []string{"regionmap.js"}
	p.Data = d
	rd.s.render(w, r, http.StatusOK, "regions-map", p)
}

// mapGeoJSON serves the map's shapes: a country's regions as polygons, or
// the countries as points, each with its value, colour, accessible label
// and page.
func (rd *regionsData) mapGeoJSON(w http.ResponseWriter, r *http.Request) {
	rep, champs, err := rd.figures(r.Context())
	if err != nil {
		rd.s.writeError(w, r, err)
		return
	}
	country, measure := mapQuery(r)
	pr := rd.s.Printer(r)
	rows := rd.regionMapRows(pr.Lang(), rep, champs, country, measure)
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	features := []feature{}
	for _, row := range rows {
		props := map[string]any{"key": row.Key, "name": row.Name, "value": row.Value, "colour": row.Colour, "url": row.Path,
			"label": pr.Msg("regions-map-feature", row.Name, pr.Num(row.Value), pr.Msg("regions-measure-"+measure))}
		var geom map[string]any
		if country != "" {
			geom = map[string]any{"type": "MultiPolygon", "coordinates": simplified(rep.Set().Region(row.Key))}
		} else {
			lat, lng := countryPoint(rep.Set(), row.Key)
			geom = map[string]any{"type": "Point", "coordinates": [2]float64{lng, lat}}
		}
		features = append(features, feature{"Feature", geom, props})
	}
	w.Header().Set("Content-Type", "application/geo+json")
	json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": features})
}

// simplified returns a region's outline simplified for the browser.
func simplified(a *admin1.Region) [][][][2]float64 {
	polys := a.Rings()
	for i, p := range polys {
		for j, ring := range p {
			polys[i][j] = admin1.Simplify(ring, regionMapTolerance)
		}
	}
	return polys
}

// countryPoint is where the world map puts a country: the mean of its
// regions' label points, or its first region's when they straddle the
// antimeridian (Russia, Fiji).
func countryPoint(set *admin1.Set, code string) (lat, lng float64) {
	regs := set.InCountry(code)
	minLng, maxLng := 180.0, -180.0
	for _, r := range regs {
		lat += r.LabelLat
		lng += r.LabelLng
		minLng, maxLng = min(minLng, r.LabelLng), max(maxLng, r.LabelLng)
	}
	if maxLng-minLng > 180 {
		return regs[0].LabelLat, regs[0].LabelLng
	}
	return lat / float64(len(regs)), lng / float64(len(regs))
}
