package http

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/regions"
)

// regionsData places the graph's cities in their regions and keeps the
// regions' figures (package regions) while the directory and the graph are
// unchanged, as reports does for the countries.
type regionsData struct {
	s *Server

	mu        sync.Mutex
	placement *regions.Placement
	placedAt  [2]int // graph size (cities, links) when placed
	rep       *regions.Report
	stamp     string
	built     time.Time
	// checked is when the directory stamp was last read, and gen the
	// response cache's generation then: within regionStampEvery, and with
	// no write through this server since, the figures are reused without
	// asking the store.
	checked time.Time
	gen     uint64
	// wd keeps the answers of Wikidata by region (pages_regions_wikidata.go).
	wd wikidataCache
}

// regionStampEvery bounds how often a region page asks the store whether
// the directory changed (DirectoryStamp scans four tables): writes through
// this server are seen at once (the cache generation moves), writes by
// another instance within this delay.
const regionStampEvery = 2 * time.Second

// get returns the current figures, placing the cities again when the graph
// changed and rebuilding the figures when the directory changed or they are
// older than reportMaxAge.
func (rd *regionsData) get(ctx context.Context) (*regions.Report, error) {
	set, err := admin1.Default()
	if err != nil {
		return nil, err
	}
	cities, links := rd.s.Graph.Len()
	size := [2]int{cities, links}
	gen := rd.s.cache.gen.Load()
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.rep != nil && rd.placedAt == size && rd.gen == gen && time.Since(rd.checked) < regionStampEvery && time.Since(rd.built) < reportMaxAge {
		return rd.rep, nil
	}
	stamp, err := rd.s.Reports.DirectoryStamp(ctx)
	if err != nil {
		return nil, err
	}
	rd.checked, rd.gen = time.Now(), gen
	rd.place(set, size)
	if rd.rep != nil && rd.stamp == stamp && time.Since(rd.built) < reportMaxAge {
		return rd.rep, nil
	}
	rep, err := regions.Load(ctx, rd.s.Services, rd.s.Graph, rd.placement)
	if err != nil {
		return nil, err
	}
	rd.rep, rd.stamp, rd.built = rep, stamp, time.Now()
	return rep, nil
}

// place places the graph's cities when they were never placed or the
// graph's size changed since (which drops the figures). Called with mu held.
func (rd *regionsData) place(set *admin1.Set, size [2]int) {
	if rd.placement == nil || rd.placedAt != size {
		rd.placement, rd.placedAt, rd.rep = regions.NewAssigner(set).Place(rd.s.Graph.Cities()), size, nil
	}
}

// placing returns the placement of the graph's cities, without the
// figures (the lists' region filter needs no more).
func (rd *regionsData) placing() (*regions.Placement, error) {
	set, err := admin1.Default()
	if err != nil {
		return nil, err
	}
	cities, links := rd.s.Graph.Len()
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.place(set, [2]int{cities, links})
	return rd.placement, nil
}

// regionOf returns the region of a city for the lists' filter: the one its
// data names (c.Region: an ISO code, or a name a file gave), else the one
// package regions places it in by its coordinates, as the region pages do;
// "" when neither is known.
func (s *Server) regionOf() func(c *wikicities.City) string {
	var placed *regions.Placement
	if s.regionData != nil {
		placed, _ = s.regionData.placing() // without it, the data's regions only
	}
	return func(c *wikicities.City) string {
		if c.Region != "" || placed == nil {
			return c.Region
		}
		if r := placed.Region(c.ID); r != nil {
			return r.Key
		}
		return ""
	}
}

// region returns the region of the {key} path value, with its figures.
// Returns ErrNotFound naming the key when no region has it.
func (rd *regionsData) region(r *http.Request) (*regions.Region, error) {
	rep, err := rd.get(r.Context())
	if err != nil {
		return nil, err
	}
	key := r.PathValue("key")
	reg := rep.Region(key)
	if reg == nil {
		return nil, fmt.Errorf("region %q: no such region: %w", key, wikicities.ErrNotFound)
	}
	return reg, nil
}

// figures returns the current figures and the champions by region key,
// which the regions' index and map show together.
func (rd *regionsData) figures(ctx context.Context) (*regions.Report, map[string][]*wikicities.RegionChampion, error) {
	rep, err := rd.get(ctx)
	if err != nil {
		return nil, nil, err
	}
	champs, err := rd.champions(ctx)
	if err != nil {
		return nil, nil, err
	}
	return rep, champs, nil
}

// regionChampions returns the region of the {key} path value (as region)
// and its champions.
func (rd *regionsData) regionChampions(r *http.Request) (*regions.Region, []*wikicities.RegionChampion, error) {
	reg, err := rd.region(r)
	if err != nil {
		return nil, nil, err
	}
	champs, err := rd.champions(r.Context())
	if err != nil {
		return nil, nil, err
	}
	return reg, champs[reg.Key], nil
}

// champions returns the champions by region key.
func (rd *regionsData) champions(ctx context.Context) (map[string][]*wikicities.RegionChampion, error) {
	list, err := rd.s.Regions.Champions(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]*wikicities.RegionChampion{}
	for _, ch := range list {
		out[ch.Region] = append(out[ch.Region], ch)
	}
	return out, nil
}

// countryName names an ISO 3166-1 alpha-2 country in language lang.
func countryName(lang, code string) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	if n := display.Regions(tag).Name(r); n != "" {
		return n
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return code
}

// regionPath is the page of a region.
func regionPath(key string) string { return "/regions/" + key }

// countryRegionsURL returns the regions list of a report's country (its
// folded name, as twins.Sovereign gives it), or "" when the data set has no
// regions for it.
func countryRegionsURL(key string) string {
	r, ok := labels.CountryRegion(key)
	if !ok {
		return ""
	}
	set, err := admin1.Default()
	if err != nil || len(set.InCountry(r.Canonicalize().String())) == 0 {
		return ""
	}
	return "/regions?country=" + r.Canonicalize().String()
}

// assignment returns how a city was placed (the zero Assignment before
// the first placement).
func (rd *regionsData) assignment(cityID int64) regions.Assignment {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	if rd.placement == nil {
		return regions.Assignment{}
	}
	return rd.placement.Of(cityID)
}

// regionNameIn names the region key ("DE-BY") in language lang ("Bavaria",
// "Bayern", "بافاريا"), or returns key itself when the embedded regions do
// not know it (a region as an imported file spelt it).
func regionNameIn(lang, key string) string {
	if set, err := admin1.Default(); err == nil {
		if r := set.Region(key); r != nil {
			return r.NameIn(lang)
		}
	}
	return key
}

// reasonInLang returns r with the region of a twin-region reason named in
// lang (the matcher's words name it in English).
func reasonInLang(r wikicities.Reason, lang string) wikicities.Reason {
	key, _ := r.Params["region_key"].(string)
	if r.Code != wikicities.ReasonTwinRegion || key == "" {
		return r
	}
	params := maps.Clone(r.Params)
	params["region"] = regionNameIn(lang, key)
	r.Params = params
	return r
}
