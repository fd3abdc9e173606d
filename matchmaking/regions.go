package matchmaking

import (
	"sync"

	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/regions"
	"github.com/wikicities/wikicities/twins"
)

// cityRegions returns the match.Input.Region of graph: the first-level
// subdivision package regions places each city in (the one Wikidata names,
// else the one its coordinates lie in), remembered per city; nil when the
// subdivisions cannot be read.
func cityRegions(graph *twins.Graph) func(int64) (string, string) {
	set, err := admin1.Default()
	if err != nil || graph == nil {
		return nil
	}
	a := regions.NewAssigner(set)
	type place struct{ key, name string }
	var known sync.Map // city id -> place
	return func(id int64) (string, string) {
		if p, ok := known.Load(id); ok {
			return p.(place).key, p.(place).name
		}
		var p place
		if c := graph.City(id); c != nil {
			if r := a.Assign(c).Region; r != nil {
				// The reasons' words are English (pages name the
				// region in their language by its key).
				p = place{r.Key, r.NameIn("en")}
			}
		}
		known.Store(id, p)
		return p.key, p.name
	}
}
