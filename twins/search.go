package twins

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/wikicities/wikicities"
)

// The name index: every name and label of every city, under its NameKey
// and, when it differs, under its folded form without diacritics ("sao
// paulo" for "São Paulo"), in one slice sorted by key, so that a name and a
// prefix are each a binary search and a short scan. It serves both Search
// (prefixes, folded) and Named (exact keys, for resolve.Lookup). The Graph
// keeps it current as cities are added; twin counts for the ranking are
// read from the graph itself.

// searchEntry is one key under which a city is found.
type searchEntry struct {
	key    string
	id     int64
	folded bool // key is only the folded form of the city's names
}

type searchIndex []searchEntry

func entryLess(a, b searchEntry) int {
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	switch {
	case a.id < b.id:
		return -1
	case a.id > b.id:
		return 1
	case a.folded != b.folded:
		if b.folded {
			return -1
		}
		return 1
	}
	return 0
}

// searchKeys returns the entries of a city: its name's, each label's
// name's and each of its names in other languages' NameKey, and their
// folded forms, without repeats (a key that is both a NameKey and a folded
// form is a NameKey).
func searchKeys(c *wikicities.City) []searchEntry {
	keys := make([]searchEntry, 0, 2+2*len(c.Labels))
	add := func(name string) {
		k := wikicities.NameKey(name)
		if k == "" {
			return
		}
		if i := slices.IndexFunc(keys, func(e searchEntry) bool { return e.key == k }); i < 0 {
			keys = append(keys, searchEntry{k, c.ID, false})
		} else {
			keys[i].folded = false
		}
		if f := FoldKey(k); f != k && !slices.ContainsFunc(keys, func(e searchEntry) bool { return e.key == f }) {
			keys = append(keys, searchEntry{f, c.ID, true})
		}
	}
	add(c.Name)
	for _, l := range c.Labels {
		name, _, _ := strings.Cut(l, ", ")
		add(name)
	}
	for _, n := range c.Names { // names in other languages (Wikidata labels)
		add(n)
	}
	return keys
}

// FoldKey removes the diacritics of a NameKey ("são paulo" -> "sao
// paulo"), the form under which searches also match, so that a query typed
// without accents finds the accented name and the other way round.
func FoldKey(key string) string {
	ascii := true
	for i := 0; i < len(key); i++ {
		if key[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return key
	}
	var b strings.Builder
	b.Grow(len(key))
	for _, r := range norm.NFD.String(key) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// build sorts the index after bulk appends.
func (ix *searchIndex) build() {
	slices.SortFunc(*ix, entryLess)
	*ix = slices.Compact(*ix)
}

func (ix *searchIndex) appendCity(c *wikicities.City) {
	*ix = append(*ix, searchKeys(c)...)
}

func (ix *searchIndex) insert(c *wikicities.City) {
	for _, e := range searchKeys(c) {
		if i, found := slices.BinarySearchFunc(*ix, e, entryLess); !found {
			*ix = slices.Insert(*ix, i, e)
		}
	}
}

func (ix *searchIndex) remove(c *wikicities.City) {
	for _, e := range searchKeys(c) {
		if i, found := slices.BinarySearchFunc(*ix, e, entryLess); found {
			*ix = slices.Delete(*ix, i, i+1)
		}
	}
}

// prefix calls fn for every entry whose key starts with p.
func (ix searchIndex) prefix(p string, fn func(searchEntry)) {
	i := sort.Search(len(ix), func(i int) bool { return ix[i].key >= p })
	for ; i < len(ix) && strings.HasPrefix(ix[i].key, p); i++ {
		fn(ix[i])
	}
}

// named returns the ids of the cities with a name whose NameKey is k (not
// only its folded form), ascending.
func (ix searchIndex) named(k string) []int64 {
	var ids []int64
	i := sort.Search(len(ix), func(i int) bool { return ix[i].key >= k })
	for ; i < len(ix) && ix[i].key == k; i++ {
		if !ix[i].folded {
			ids = append(ids, ix[i].id)
		}
	}
	return ids
}

// namedFolded returns the ids of the cities with a name whose NameKey,
// without its diacritics, is the folded key f, ascending and once each.
func (ix searchIndex) namedFolded(f string) []int64 {
	var ids []int64
	i := sort.Search(len(ix), func(i int) bool { return ix[i].key >= f })
	for ; i < len(ix) && ix[i].key == f; i++ {
		ids = append(ids, ix[i].id)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// SearchQuery is a city search: names or labels beginning with Text, in
// Country when given (case-insensitive), the page of results from Offset.
type SearchQuery struct {
	Text    string
	Country string
	Limit   int // <= 0: all
	Offset  int
}

// Match kinds, best first.
const (
	matchExact  = 0 // a name or label is the query (folding case, space and diacritics)
	matchPrefix = 1 // a name or label begins with the query
)

type searchHit struct {
	c     *wikicities.City
	kind  int
	twins int
	name  string // NameKey of c.Name, for ties
}

// Search finds the cities with a name or label (in any language the store
// has) beginning with the query, folding case, spacing and diacritics. The
// results are ranked: exact matches first, then those by prefix; in each,
// the most twinned first, then the most populous, then by name, country and
// id. It returns the requested page and the number of all matches.
func (g *Graph) Search(q SearchQuery) (page []*wikicities.City, total int) {
	key := wikicities.NameKey(q.Text)
	if key == "" {
		return nil, 0
	}
	fold := FoldKey(key)
	g.mu.RLock()
	best := map[int64]int{}
	visit := func(e searchEntry) {
		kind := matchPrefix
		if e.key == key || e.key == fold {
			kind = matchExact
		}
		if k, seen := best[e.id]; !seen || kind < k {
			best[e.id] = kind
		}
	}
	g.search.prefix(key, visit)
	if fold != key {
		g.search.prefix(fold, visit)
	}
	hits := make([]searchHit, 0, len(best))
	for id, kind := range best {
		c := g.cities[id]
		if c == nil || (q.Country != "" && !strings.EqualFold(c.Country, q.Country)) {
			continue
		}
		hits = append(hits, searchHit{c: c, kind: kind, twins: len(g.adj[id]), name: wikicities.NameKey(c.Name)})
	}
	g.mu.RUnlock()
	slices.SortFunc(hits, compareHits)
	total = len(hits)
	from := min(max(q.Offset, 0), total)
	to := total
	if q.Limit > 0 {
		to = min(from+q.Limit, total)
	}
	page = make([]*wikicities.City, 0, to-from)
	for _, h := range hits[from:to] {
		page = append(page, h.c)
	}
	return page, total
}

func compareHits(a, b searchHit) int {
	switch {
	case a.kind != b.kind:
		return a.kind - b.kind
	case a.twins != b.twins:
		return b.twins - a.twins
	case a.c.Population != b.c.Population:
		if a.c.Population > b.c.Population {
			return -1
		}
		return 1
	}
	if c := strings.Compare(a.name, b.name); c != 0 {
		return c
	}
	if c := strings.Compare(a.c.Country, b.c.Country); c != 0 {
		return c
	}
	switch {
	case a.c.ID < b.c.ID:
		return -1
	case a.c.ID > b.c.ID:
		return 1
	}
	return 0
}
