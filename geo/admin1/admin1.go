// Package admin1 knows the first-level subdivisions of the world's
// countries (states, provinces, regions) and finds the one a point lies in.
// Its data, admin1.json.gz, is derived from Natural Earth's public-domain
// 1:10m "Admin 1 – States, Provinces" layer by ./gen (README.md says how);
// it is embedded, so the lookup works offline. It is pure: no I/O beyond
// reading the embedded file once.
package admin1

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
)

//go:embed admin1.json.gz
var embedded []byte

// Region is one first-level subdivision.
type Region struct {
	// Key identifies the region: its ISO 3166-2 code ("DE-BY") when ISO is
	// true, else Natural Earth's own code ("XK-X02").
	Key string `json:"key"`
	ISO bool   `json:"iso,omitempty"`
	// Country is the ISO 3166-1 alpha-2 code of the country ("DE"); empty
	// for a few disputed areas.
	Country string `json:"country"`
	// Name is the region's name as Natural Earth gives it (mostly the local
	// name in Latin script); Names holds other names by language.
	Name  string            `json:"name"`
	Names map[string]string `json:"names,omitempty"`
	// QID is the region's Wikidata item.
	QID string `json:"qid,omitempty"`
	// Type is the kind of subdivision in English ("State", "Province").
	Type string `json:"type,omitempty"`
	// Parent names a larger grouping where Natural Earth's unit sits below
	// the country's first ISO level (French departments in regions, Italian
	// provinces in regions); ParentCode is that grouping's ISO code if known.
	Parent     string `json:"parent,omitempty"`
	ParentCode string `json:"parent_code,omitempty"`
	// LabelLat and LabelLng are a point inside the region to put its label on.
	LabelLat, LabelLng float64 `json:"-"`

	polygons []polygon
	box      box
}

// NameLanguages are the languages the data names regions in: Names holds
// a region's name in each of them where it differs from Name.
var NameLanguages = []string{"en", "de", "ar"}

// NameIn returns the region's name in language lang. In a language the
// data does not name regions in, the English name is the better guess than
// the local one ("Bavaria", not "Bayern", on a French page).
func (r *Region) NameIn(lang string) string {
	if !slices.Contains(NameLanguages, lang) {
		lang = "en"
	}
	if n := r.Names[lang]; n != "" {
		return n
	}
	return r.Name
}

// Rings returns the region's polygons as rings of [lng, lat] points (the
// first ring of each polygon is its outline, the others its holes), for maps.
func (r *Region) Rings() [][][][2]float64 {
	out := make([][][][2]float64, len(r.polygons))
	for i, p := range r.polygons {
		for _, ring := range p.rings {
			pts := make([][2]float64, len(ring))
			for k, pt := range ring {
				pts[k] = [2]float64{float64(pt[0]) / 1000, float64(pt[1]) / 1000}
			}
			out[i] = append(out[i], pts)
		}
	}
	return out
}

type box struct{ minLng, minLat, maxLng, maxLat float64 }

func (b box) contains(lng, lat float64) bool {
	return lng >= b.minLng && lng <= b.maxLng && lat >= b.minLat && lat <= b.maxLat
}

func (b *box) extend(o box) {
	b.minLng, b.minLat = math.Min(b.minLng, o.minLng), math.Min(b.minLat, o.minLat)
	b.maxLng, b.maxLat = math.Max(b.maxLng, o.maxLng), math.Max(b.maxLat, o.maxLat)
}

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

// polygon keeps its rings as the file has them, in thousandths of a degree
// (about 100 m, the precision of the simplified outlines): as int32 pairs
// they take half the memory of float64 ones, and hold no pointers for the
// garbage collector to follow.
type polygon struct {
	rings [][][2]int32 // [lng, lat] × 1000
	box   box          // in degrees
}

// contains is the even–odd rule over all rings, so holes (Berlin inside
// Brandenburg) are outside.
func (p *polygon) contains(lng, lat float64) bool {
	if !p.box.contains(lng, lat) {
		return false
	}
	x, y := lng*1000, lat*1000
	in := false
	for _, ring := range p.rings {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			ax, ay, bx, by := float64(ring[i][0]), float64(ring[i][1]), float64(ring[j][0]), float64(ring[j][1])
			if (ay > y) != (by > y) && x < (bx-ax)*(y-ay)/(by-ay)+ax {
				in = !in
			}
		}
	}
	return in
}

// Set is a collection of regions with a spatial index.
type Set struct {
	// Source says where the data came from.
	Source  string
	regions []*Region
	byKey   map[string]*Region
	byQID   map[string]*Region
	country map[string][]*Region
	// grid indexes the regions by cell of 1° × 1°: the regions whose
	// polygons' boxes touch cell c are regions[gridIdx[gridOff[c]:gridOff[c+1]]]
	// (two flat slices without pointers, which the garbage collector need
	// not follow, where a map of slices took 4 MB).
	gridOff []int32
	gridIdx []int32
}

// gridW and gridH are the grid's cells around the world and pole to pole.
const gridW, gridH = 360, 180

// cellOf returns the cell of a point: longitudes wrap, latitudes clamp.
func cellOf(lng, lat float64) int {
	x := int(math.Floor(lng)) % gridW
	if x < 0 {
		x += gridW
	}
	y := min(max(int(math.Floor(lat))+90, 0), gridH-1)
	return y*gridW + x
}

// cellsOf calls f with each cell that box b touches. A box wider than the
// world (never in the data) touches every column once.
func cellsOf(b box, f func(c int)) {
	x0, x1 := int(math.Floor(b.minLng)), int(math.Floor(b.maxLng))
	if x1-x0 >= gridW {
		x0, x1 = 0, gridW-1
	}
	y0 := min(max(int(math.Floor(b.minLat))+90, 0), gridH-1)
	y1 := min(max(int(math.Floor(b.maxLat))+90, 0), gridH-1)
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			f(cellOf(float64(x), float64(y-90)))
		}
	}
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the embedded world set, read once. An error means the
// embedded file is damaged (a build problem, not a user's).
func Default() (*Set, error) {
	defaultOnce.Do(func() { defaultSet, defaultErr = Read(embedded) })
	return defaultSet, defaultErr
}

// Load reads the embedded world set afresh (Default keeps one for the
// program; Load is for measuring the read).
func Load() (*Set, error) { return Read(embedded) }

// Contains reports whether the point lies inside the region's outline.
func (r *Region) Contains(lat, lng float64) bool {
	if !r.box.contains(lng, lat) {
		return false
	}
	for i := range r.polygons {
		if r.polygons[i].contains(lng, lat) {
			return true
		}
	}
	return false
}

type fileRegion struct {
	Region
	Label    [2]int32    `json:"label"`
	Polygons [][][]int32 `json:"polygons"`
}

// Read decodes a gzipped set in the layout ./gen writes.
func Read(gz []byte) (*Set, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("admin1: %w", err)
	}
	var f struct {
		Source  string        `json:"source"`
		Regions []*fileRegion `json:"regions"`
	}
	if err := json.NewDecoder(zr).Decode(&f); err != nil {
		return nil, fmt.Errorf("admin1: %w", err)
	}
	s := &Set{Source: f.Source, byKey: map[string]*Region{}, byQID: map[string]*Region{},
		country: map[string][]*Region{}}
	for i, fr := range f.Regions {
		r := &fr.Region
		if r.Key == "" || s.byKey[r.Key] != nil {
			return nil, fmt.Errorf("admin1: region %d: key %q is empty or repeated", i, r.Key)
		}
		r.LabelLng, r.LabelLat = float64(fr.Label[0])/1000, float64(fr.Label[1])/1000
		r.box = emptyBox()
		for _, enc := range fr.Polygons {
			p := decode(enc)
			r.polygons = append(r.polygons, p)
			r.box.extend(p.box)
		}
		fr.Polygons = nil // r points into fr: do not keep the encoded copy alive with it
		s.add(r)
	}
	s.index()
	return s, nil
}

func decode(enc [][]int32) polygon {
	p := polygon{box: emptyBox()}
	for _, e := range enc {
		ring := make([][2]int32, 0, len(e)/2)
		var x, y int32
		for i := 0; i+1 < len(e); i += 2 {
			x, y = x+e[i], y+e[i+1]
			ring = append(ring, [2]int32{x, y})
			lng, lat := float64(x)/1000, float64(y)/1000
			p.box.extend(box{lng, lat, lng, lat})
		}
		p.rings = append(p.rings, ring)
	}
	return p
}

func (s *Set) add(r *Region) {
	s.regions = append(s.regions, r)
	s.byKey[r.Key] = r
	if r.QID != "" {
		s.byQID[r.QID] = r
	}
	s.country[r.Country] = append(s.country[r.Country], r)
}

// index builds the grid: the cells of each region's polygons are counted,
// then filled, a region once per cell however many of its polygons touch it.
func (s *Set) index() {
	s.gridOff = make([]int32, gridW*gridH+1)
	last := make([]int32, gridW*gridH) // 1 + the last region counted in a cell
	each := func(f func(c, i int)) {
		clear(last)
		for i, r := range s.regions {
			for _, p := range r.polygons {
				cellsOf(p.box, func(c int) {
					if last[c] != int32(i+1) {
						last[c] = int32(i + 1)
						f(c, i)
					}
				})
			}
		}
	}
	each(func(c, _ int) { s.gridOff[c+1]++ })
	for c := range gridW * gridH {
		s.gridOff[c+1] += s.gridOff[c]
	}
	s.gridIdx = make([]int32, s.gridOff[gridW*gridH])
	next := slices.Clone(s.gridOff[:gridW*gridH])
	each(func(c, i int) {
		s.gridIdx[next[c]] = int32(i)
		next[c]++
	})
}

// Regions returns every region, ordered by key.
func (s *Set) Regions() []*Region { return s.regions }

// Region returns the region with key, or nil.
func (s *Set) Region(key string) *Region { return s.byKey[key] }

// ByQID returns the region whose Wikidata item is qid, or nil.
func (s *Set) ByQID(qid string) *Region { return s.byQID[qid] }

// InCountry returns the regions of a country (ISO 3166-1 alpha-2), by key.
func (s *Set) InCountry(code string) []*Region { return s.country[code] }

// Countries returns the country codes that have regions, sorted.
func (s *Set) Countries() []string {
	out := make([]string, 0, len(s.country))
	for c := range s.country {
		if c != "" {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// At returns the regions whose polygons contain the point (usually one;
// two where simplified borders overlap; none at sea or in a gap).
func (s *Set) At(lat, lng float64) []*Region {
	var out []*Region
	c := cellOf(lng, lat)
	for _, k := range s.gridIdx[s.gridOff[c]:s.gridOff[c+1]] {
		r := s.regions[k]
		for i := range r.polygons {
			if r.polygons[i].contains(lng, lat) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// Nearest returns the region among candidates whose outline is closest to
// the point, and that distance in kilometres; nil when candidates is empty.
func Nearest(candidates []*Region, lat, lng float64) (*Region, float64) {
	var best *Region
	bestKm := math.Inf(1)
	for _, r := range candidates {
		if boxKm(r.box, lat, lng) >= bestKm {
			continue
		}
		for _, p := range r.polygons {
			if boxKm(p.box, lat, lng) >= bestKm {
				continue
			}
			for _, ring := range p.rings {
				if d := ringKm(ring, lat, lng); d < bestKm {
					best, bestKm = r, d
				}
			}
		}
	}
	return best, bestKm
}

const kmPerDegree = 111.195

// boxKm is a lower bound of the distance from the point to anything in b,
// across the antimeridian too.
func boxKm(b box, lat, lng float64) float64 {
	dLat := math.Max(0, math.Max(b.minLat-lat, lat-b.maxLat))
	dLng := 0.0
	if lng < b.minLng || lng > b.maxLng {
		dLng = math.Min(math.Mod(b.minLng-lng+720, 360), math.Mod(lng-b.maxLng+720, 360))
	}
	// Longitude degrees shrink towards the poles: the largest |lat| of the
	// box and the point gives a bound that never overstates.
	maxLat := math.Min(89.9, math.Max(math.Abs(lat), math.Max(math.Abs(b.minLat), math.Abs(b.maxLat))))
	return kmPerDegree * math.Hypot(dLat, dLng*math.Cos(maxLat*math.Pi/180))
}

// ringKm is the distance from the point to a ring's edges, on a local
// equirectangular projection (longitudes wrapped around the point, so a
// ring across the antimeridian from it is near).
func ringKm(ring [][2]int32, lat, lng float64) float64 {
	k := math.Cos(lat * math.Pi / 180)
	proj := func(p [2]int32) (float64, float64) {
		d := float64(p[0])/1000 - lng
		if d > 180 {
			d -= 360
		} else if d < -180 {
			d += 360
		}
		return d * k, float64(p[1])/1000 - lat
	}
	best := math.Inf(1)
	for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
		ax, ay := proj(ring[j])
		bx, by := proj(ring[i])
		dx, dy := bx-ax, by-ay
		t := 0.0
		if l := dx*dx + dy*dy; l > 0 {
			t = math.Max(0, math.Min(1, -(ax*dx+ay*dy)/l))
		}
		if d := math.Hypot(ax+t*dx, ay+t*dy); d < best {
			best = d
		}
	}
	return best * kmPerDegree
}

// Simplify returns a closed ring ([lng, lat] points) simplified with
// Douglas–Peucker at tolerance tol (degrees), keeping at least four points
// (a triangle and its closing point), so that no island is lost.
func Simplify(ring [][2]float64, tol float64) [][2]float64 {
	if len(ring) <= 4 {
		return ring
	}
	keep := make([]bool, len(ring))
	keep[0], keep[len(ring)-1] = true, true
	// A closed ring's end points coincide; split it at its farthest point.
	far, best := 0, -1.0
	for i, p := range ring {
		if d := math.Hypot(p[0]-ring[0][0], p[1]-ring[0][1]); d > best {
			far, best = i, d
		}
	}
	keep[far] = true
	douglasPeucker(ring, 0, far, tol, keep)
	douglasPeucker(ring, far, len(ring)-1, tol, keep)
	var out [][2]float64
	for i, k := range keep {
		if k {
			out = append(out, ring[i])
		}
	}
	if len(out) < 4 {
		step := len(ring) / 3
		out = [][2]float64{ring[0], ring[step], ring[2*step], ring[len(ring)-1]}
	}
	return out
}

func douglasPeucker(pts [][2]float64, a, b int, tol float64, keep []bool) {
	if b <= a+1 {
		return
	}
	idx, max := -1, tol
	for i := a + 1; i < b; i++ {
		if d := segmentDistance(pts[i], pts[a], pts[b]); d > max {
			idx, max = i, d
		}
	}
	if idx < 0 {
		return
	}
	keep[idx] = true
	douglasPeucker(pts, a, idx, tol, keep)
	douglasPeucker(pts, idx, b, tol, keep)
}

func segmentDistance(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	if dx == 0 && dy == 0 {
		return math.Hypot(p[0]-a[0], p[1]-a[1])
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}
