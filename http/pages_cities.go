package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/twins"
)

// homePage is the Data of the home page.
type homePage struct {
	Cities, TwinLinks, Countries int
	Top                          []cityItem
	Dashboard                    *dashboard // for a signed-in coordinator
	Notice                       string     // the welcome after signing up
}

// cityItem is a city in a list, with its number of twins.
type cityItem struct {
	City  *wikicities.City
	Twins int
}

// graphSummary is what the pages show about the whole graph, computed once
// per state of the graph.
type graphSummary struct {
	cities, links int
	countries     int
	byDegree      []cityItem // cities with twins, most twinned first
}

type graphSummaryCache struct {
	mu  sync.Mutex
	cur *graphSummary
}

// graphSummary returns the summary of the graph, recomputed when the graph
// has gained cities or links.
func (s *Server) graphSummary() *graphSummary {
	cities, links := s.Graph.Len()
	s.summary.mu.Lock()
	defer s.summary.mu.Unlock()
	if c := s.summary.cur; c != nil && c.cities == cities && c.links == links {
		return c
	}
	sum := &graphSummary{cities: cities, links: links}
	countries := map[string]bool{}
	for _, c := range s.Graph.Cities() {
		if c.Country != "" {
			countries[twins.Sovereign(c.Country)] = true // states, as the reports count them
		}
		if n := len(s.Graph.Twins(c.ID)); n > 0 {
			sum.byDegree = append(sum.byDegree, cityItem{City: c, Twins: n})
		}
	}
	sum.countries = len(countries)
	sort.SliceStable(sum.byDegree, func(i, j int) bool { return sum.byDegree[i].Twins > sum.byDegree[j].Twins })
	s.summary.cur = sum
	return sum
}

// handleHome shows the headline figures, the map and the most twinned cities.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	sum := s.graphSummary()
	p := s.newPage(w, r)
	p.Title = p.Msg("home-title")
	p.Map = &MapConfig{CitiesURL: "/map/cities.geojson" + mapLang("?", p.Lang), Label: p.Msg("home-map-label")}
	p.Scripts = []string{"map.js"}
	d := homePage{Cities: sum.cities, TwinLinks: sum.links, Countries: sum.countries}
	d.Top = sum.byDegree[:min(12, len(sum.byDegree))]
	if r.URL.Query().Get("done") == "signup" && p.Actor.SignedIn() {
		// Where the sign-up form lands: say what to do first.
		d.Notice = p.Msg("home-signup-notice", p.Actor.Username)
	}
	var err error
	if p.Inbox, err = s.inboxOf(r, p, 5); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Dashboard, err = s.dashboardOf(r, p); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "home", p)
}

// searchPage is the Data of the search page.
type searchPage struct {
	Query   string
	Results []cityItem
	// Groups are the communities and institutions whose name contains the
	// query, Requests the open partner requests whose title does.
	Groups   []listRow
	Requests []listRow
	Count    int    // of all results shown
	Prev     string // link to the previous results, if any
	Next     string // link to the next results, if any
	Searched bool
}

const searchPageSize = 20

// handleSearch finds cities by the beginning of a name (any of their
// labels), ranked as twins.Graph.Search does; when nothing starts so, it tries the query as "Name, Country" or
// a Wikidata item id. It works as a plain form; search.js makes it live.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	offset := 0
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100000 {
			s.renderError(w, r, (&wikicities.FieldError{Field: "offset", Message: "must be a whole number from 0 to 100000"}).Because(wikicities.ProblemNumberRange, 0, 100000))
			return
		}
		offset = n
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("search-title")
	p.Scripts = []string{"search.js"}
	d := searchPage{Query: q}
	if q != "" {
		d.Searched = true
		cs, _ := s.Graph.Search(twins.SearchQuery{Text: q, Limit: searchPageSize + 1, Offset: offset})
		if len(cs) > searchPageSize {
			cs = cs[:searchPageSize]
			d.Next = searchLink(q, offset+searchPageSize)
		}
		if offset > 0 {
			d.Prev = searchLink(q, max(0, offset-searchPageSize))
		}
		if len(cs) == 0 && offset == 0 {
			// "Name, Country" or a Wikidata item id: what a lookup finds.
			c, err := s.lookupCity(r.Context(), q)
			var amb *wikicities.AmbiguousError
			switch {
			case err == nil:
				cs = []*wikicities.City{c}
			case errors.As(err, &amb):
				cs = amb.Candidates
			}
		}
		for _, c := range cs {
			d.Results = append(d.Results, cityItem{City: c, Twins: len(s.Graph.Twins(c.ID))})
		}
		if offset == 0 {
			if err := s.searchDirectory(r, p.Printer(), &d); err != nil {
				s.renderError(w, r, err)
				return
			}
		}
		d.Count = len(d.Results) + len(d.Groups) + len(d.Requests)
	}
	if r.URL.Query().Get("part") == "results" {
		// The live search's update: the results alone, rendered and
		// escaped here like the whole page, in the page's language.
		frag, err := s.Fragment(r, "search-results", d)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Language", p.Lang)
		io.WriteString(w, string(frag))
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "search", p)
}

func searchLink(q string, offset int) string {
	v := url.Values{"q": {q}}
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	return "/search?" + v.Encode()
}

// cityPage is the Data of a city's page.
type cityPage struct {
	City         *wikicities.City
	Twins        []*wikicities.City
	SecondDegree int
	Sections     []*CitySection
}

// handleCityPage shows a city: its facts, its twin cities on a map and in a
// list, and the sections other areas add (CitySections).
func (s *Server) handleCityPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.renderError(w, r, errNoPage)
		return
	}
	c := s.Graph.City(id)
	if c == nil {
		s.renderError(w, r, errNoPage)
		return
	}
	r = withCityLists(r) // the sections' lists: one round of reads
	p := s.newPage(w, r)
	p.Title = c.NameIn(p.Lang)
	d := cityPage{City: c, Twins: s.Graph.TwinCities(id), SecondDegree: len(s.Graph.SecondDegree(id))}
	if c.HasCoords || len(d.Twins) > 0 {
		p.Map = &MapConfig{CitiesURL: "/map/cities.geojson?city=" + strconv.FormatInt(id, 10) + mapLang("&", p.Lang), Focus: id,
			Label: p.Msg("city-map-label", c.NameIn(p.Lang)), Small: true}
		p.Scripts = []string{"map.js"}
	}
	for _, fn := range s.CitySections {
		sec, err := fn(r, c)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		if sec != nil {
			d.Sections = append(d.Sections, sec)
		}
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "city", p)
}

// Map data limits: the home map must stay light for slow connections.
const (
	mapDefaultLimit = 300
	mapMaxLimit     = 5000
)

// handleMapCities serves cities as GeoJSON points for the maps, each with
// the ids of its twins within the same answer (the client draws those
// links). Which cities:
//   - ?city=ID: that city and its twins;
//   - ?bbox=west,south,east,north: twinned cities inside the box, most
//     twinned first, at most ?limit= (default 300, at most 5000);
//   - neither: the featured cities (Server.MapFeatured; until set, the
//     most twinned cities), at most ?limit=.
func (s *Server) handleMapCities(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := mapDefaultLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > mapMaxLimit {
			s.writeError(w, r, wikicities.Invalidf("limit", "must be a whole number from 1 to %d", mapMaxLimit))
			return
		}
		limit = n
	}
	var ids []int64
	switch {
	case q.Get("city") != "":
		id, err := strconv.ParseInt(q.Get("city"), 10, 64)
		if err != nil || s.Graph.City(id) == nil {
			s.writeError(w, r, wikicities.Invalidf("city", "%q is not the id of a known city", q.Get("city")))
			return
		}
		ids = append([]int64{id}, s.Graph.Twins(id)...)
	case q.Get("of") == "groups":
		var err error
		if ids, err = s.groupCities(r.Context()); err != nil {
			s.writeError(w, r, err)
			return
		}
	case q.Get("bbox") != "":
		box, err := parseBBox(q.Get("bbox"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		for _, it := range s.graphSummary().byDegree {
			if len(ids) == limit {
				break
			}
			if c := it.City; c.HasCoords && box.contains(c.Lat, c.Lng) {
				ids = append(ids, c.ID)
			}
		}
	default:
		if s.MapFeatured != nil {
			var err error
			if ids, err = s.MapFeatured(r.Context()); err != nil {
				s.writeError(w, r, err)
				return
			}
			ids = ids[:min(len(ids), limit)]
		} else {
			for _, it := range s.graphSummary().byDegree {
				if len(ids) == limit {
					break
				}
				ids = append(ids, it.City.ID)
			}
		}
	}
	// Only ?uselang= chooses the language of the country names, so that
	// the address alone decides the answer, which caches can then share.
	var pr *i18n.Printer
	if lang := q.Get("uselang"); lang != "" && i18n.Default().Has(lang) {
		pr = i18n.Default().Printer(lang)
	}
	body, err := s.citiesGeoJSON(r.Context(), ids, pr)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Vary", "Accept-Encoding")
	cacheFor(w, 5*time.Minute)
	writeMaybeGzip(w, r, http.StatusOK, body)
}

type geoFeature struct {
	Type       string      `json:"type"`
	Geometry   geoPoint    `json:"geometry"`
	Properties geoCityProp `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

type geoCityProp struct {
	ID      int64   `json:"id"`
	Name    string  `json:"name"`
	Country string  `json:"country,omitempty"`
	Twins   []int64 `json:"twins,omitempty"` // twins within this collection
	N       int     `json:"n"`               // all its twins
	Group   bool    `json:"g,omitempty"`     // a Wikimedia community is based there
}

// citiesGeoJSON encodes the cities ids that have coordinates as a
// FeatureCollection, coordinates rounded to 1e-4° (about 10 m), with the
// cities and countries named in pr's language (the data's names when pr is nil),
// and marked when a community is based there.
func (s *Server) citiesGeoJSON(ctx context.Context, ids []int64, pr *i18n.Printer) ([]byte, error) {
	in := make(map[int64]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	groups, err := s.Communities.CommunityCities(ctx)
	if err != nil {
		return nil, err
	}
	hasGroup := make(map[int64]bool, len(groups))
	for _, id := range groups {
		hasGroup[id] = true
	}
	country := func(label string) string { return label }
	name := func(c *wikicities.City) string { return c.Name }
	if pr != nil {
		country = func(label string) string { return labels.Country(pr, label) }
		name = func(c *wikicities.City) string { return c.NameIn(pr.Lang()) }
	}
	features := make([]geoFeature, 0, len(ids))
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		c := s.Graph.City(id)
		if c == nil || !c.HasCoords || seen[id] {
			continue
		}
		seen[id] = true
		all := s.Graph.Twins(id)
		var twins []int64
		for _, t := range all {
			if in[t] {
				twins = append(twins, t)
			}
		}
		features = append(features, geoFeature{
			Type:       "Feature",
			Geometry:   geoPoint{Type: "Point", Coordinates: [2]float64{round4(c.Lng), round4(c.Lat)}},
			Properties: geoCityProp{ID: id, Name: name(c), Country: country(c.Country), Twins: twins, N: len(all), Group: hasGroup[id]},
		})
	}
	var b bytes.Buffer
	err = json.NewEncoder(&b).Encode(map[string]any{"type": "FeatureCollection", "features": features})
	return b.Bytes(), err
}

// mapLang is the ?uselang= part of a map's address for a page in lang;
// English, the data's own language, needs none.
func mapLang(sep, lang string) string {
	if lang == i18n.Fallback {
		return ""
	}
	return sep + "uselang=" + url.QueryEscape(lang)
}

func round4(f float64) float64 {
	if f < 0 {
		return -float64(int64(-f*1e4+0.5)) / 1e4
	}
	return float64(int64(f*1e4+0.5)) / 1e4
}

// bbox is a west,south,east,north box; west > east crosses the antimeridian.
type bbox struct{ w, s, e, n float64 }

func parseBBox(v string) (bbox, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 {
		return bbox{}, wikicities.Invalidf("bbox", "%q: want west,south,east,north in degrees", v)
	}
	var f [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		lim := 180.0
		if i%2 == 1 {
			lim = 90
		}
		if err != nil || !(x >= -lim && x <= lim) { // NaN compares false both ways
			return bbox{}, wikicities.Invalidf("bbox", "%q: value %d (%q) is not a number from %g to %g", v, i+1, p, -lim, lim)
		}
		f[i] = x
	}
	if f[1] > f[3] {
		return bbox{}, wikicities.Invalidf("bbox", "%q: south is north of north", v)
	}
	return bbox{f[0], f[1], f[2], f[3]}, nil
}

func (b bbox) contains(lat, lng float64) bool {
	if lat < b.s || lat > b.n {
		return false
	}
	if b.w <= b.e {
		return lng >= b.w && lng <= b.e
	}
	return lng >= b.w || lng <= b.e
}
