// Package twins is the in-memory twin-city graph: cities as nodes, undirected
// twin links as edges, with name lookup. It does no I/O; the server builds it
// from the store at start and keeps it current on writes.
package twins

import (
	"slices"
	"sort"
	"sync"

	"github.com/wikicities/wikicities"
)

// Graph is the twin-city graph. It is safe for concurrent use.
type Graph struct {
	mu     sync.RWMutex
	cities map[int64]*wikicities.City
	adj    map[int64][]int64 // sorted neighbour ids
	byQID  map[string]int64
	search searchIndex // names and labels, by key and by prefix (search.go)
	links  int
}

// New builds a graph from cities and links. Links naming unknown cities are
// ignored.
func New(cities []*wikicities.City, links []*wikicities.TwinLink) *Graph {
	g := &Graph{
		cities: make(map[int64]*wikicities.City, len(cities)),
		adj:    make(map[int64][]int64, len(cities)),
		byQID:  make(map[string]int64),
	}
	for _, c := range cities {
		g.addCity(c)
		g.search.appendCity(c)
	}
	g.search.build()
	for _, l := range links {
		if g.cities[l.A] == nil || g.cities[l.B] == nil || l.A == l.B {
			continue
		}
		g.adj[l.A] = append(g.adj[l.A], l.B)
		g.adj[l.B] = append(g.adj[l.B], l.A)
	}
	for id, n := range g.adj {
		slices.Sort(n)
		g.adj[id] = slices.Compact(n)
		g.links += len(g.adj[id])
	}
	g.links /= 2
	return g
}

func (g *Graph) addCity(c *wikicities.City) {
	g.cities[c.ID] = c
	if c.QID != "" {
		g.byQID[c.QID] = c.ID
	}
}

// AddCity adds or replaces a city (with its labels, which Search finds).
func (g *Graph) AddCity(c *wikicities.City) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if old := g.cities[c.ID]; old != nil {
		g.search.remove(old)
	}
	g.addCity(c)
	g.search.insert(c)
}

// AddLink adds an undirected link between a and b; it reports false if the
// link existed or a city is unknown.
func (g *Graph) AddLink(a, b int64) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if a == b || g.cities[a] == nil || g.cities[b] == nil {
		return false
	}
	i, found := slices.BinarySearch(g.adj[a], b)
	if found {
		return false
	}
	g.adj[a] = slices.Insert(g.adj[a], i, b)
	j, _ := slices.BinarySearch(g.adj[b], a)
	g.adj[b] = slices.Insert(g.adj[b], j, a)
	g.links++
	return true
}

// City returns the city with id, or nil.
func (g *Graph) City(id int64) *wikicities.City {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.cities[id]
}

// CityByQID returns the city of a Wikidata item, or nil.
func (g *Graph) CityByQID(qid string) *wikicities.City {
	g.mu.RLock()
	defer g.mu.RUnlock()
	if id, ok := g.byQID[qid]; ok {
		return g.cities[id]
	}
	return nil
}

// Named returns the cities called nameKey (a wikicities.NameKey) by their
// name, one of their labels or one of their names in other languages,
// exactly (no folding of diacritics), in ascending order of id.
func (g *Graph) Named(nameKey string) []*wikicities.City {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.citiesOf(g.search.named(nameKey))
}

// NamedFolded returns the cities called foldedKey once diacritics are
// removed (a FoldKey of a NameKey: "dusseldorf" for Düsseldorf), by their
// name, a label or a name in another language, in ascending order of id:
// what Named misses when a name is typed without its accents.
func (g *Graph) NamedFolded(foldedKey string) []*wikicities.City {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.citiesOf(g.search.namedFolded(foldedKey))
}

// citiesOf returns the cities of ids, in their order; g.mu is held.
func (g *Graph) citiesOf(ids []int64) []*wikicities.City {
	out := make([]*wikicities.City, 0, len(ids))
	for _, id := range ids {
		out = append(out, g.cities[id])
	}
	return out
}

// Len returns the number of cities and links.
func (g *Graph) Len() (cities, links int) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return len(g.cities), g.links
}

// Twins returns the ids of the cities twinned with id, in ascending order.
// The slice must not be modified.
func (g *Graph) Twins(id int64) []int64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.adj[id]
}

// TwinCities returns the cities twinned with id, ordered by name then country.
func (g *Graph) TwinCities(id int64) []*wikicities.City {
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]*wikicities.City, 0, len(g.adj[id]))
	for _, t := range g.adj[id] {
		out = append(out, g.cities[t])
	}
	sortCities(out)
	return out
}

// SecondDegree returns the twins of id's twins that are neither id nor a
// direct twin, each with the direct twins through which it is reached.
func (g *Graph) SecondDegree(id int64) map[int64][]int64 {
	g.mu.RLock()
	defer g.mu.RUnlock()
	direct := g.adj[id]
	out := map[int64][]int64{}
	for _, t := range direct {
		for _, s := range g.adj[t] {
			if s == id {
				continue
			}
			if _, ok := slices.BinarySearch(direct, s); ok {
				continue
			}
			out[s] = append(out[s], t)
		}
	}
	return out
}

// Cities returns every city, ordered by id.
func (g *Graph) Cities() []*wikicities.City {
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]*wikicities.City, 0, len(g.cities))
	for _, c := range g.cities {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func sortCities(cs []*wikicities.City) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if ka, kb := wikicities.NameKey(a.Name), wikicities.NameKey(b.Name); ka != kb {
			return ka < kb
		}
		if a.Country != b.Country {
			return a.Country < b.Country
		}
		return a.ID < b.ID
	})
}

// Replace makes g hold what next holds (a graph built afresh with New), in
// place, so that everything holding g sees the new graph at once. next must
// not be used afterwards.
func (g *Graph) Replace(next *Graph) {
	next.mu.Lock()
	defer next.mu.Unlock()
	g.mu.Lock()
	defer g.mu.Unlock()
	g.cities, g.adj, g.byQID, g.search, g.links = next.cities, next.adj, next.byQID, next.search, next.links
}
