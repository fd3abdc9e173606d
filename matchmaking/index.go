// Package matchmaking keeps the matchmaking index: a match.Matcher over the
// directory (communities, institutions, open partner requests, existing
// partner pairs) and the twin graph. The index is built from a Source on
// first use, learns of every write made through the services it observes
// (Observe), and is rebuilt when the source changed behind its back (other
// processes: the CLI, imports), checked at most every RefreshEvery.
package matchmaking

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/twins"
)

// Source is what the index is built from; package store implements it.
type Source interface {
	// AllCommunities returns every community, archived ones included.
	AllCommunities(ctx context.Context) ([]*wikicities.Community, error)
	// AllInstitutions returns every institution, archived ones included.
	AllInstitutions(ctx context.Context) ([]*wikicities.Institution, error)
	// OpenRequests returns the partner requests that have not expired.
	OpenRequests(ctx context.Context) ([]*wikicities.PartnerRequest, error)
	// PartnerPairs returns the parties of every live partnership.
	PartnerPairs(ctx context.Context) ([]wikicities.PartnershipParties, error)
	// DirectoryStamp returns a value that changes whenever any of the above does.
	DirectoryStamp(ctx context.Context) (string, error)
}

// DefaultRefreshEvery is how often, by default, a query checks the source
// for changes made by other processes.
const DefaultRefreshEvery = 30 * time.Second

// Index is the matchmaking index. It implements wikicities.SuggestionService
// and is safe for concurrent use.
type Index struct {
	// RefreshEvery is how often a query compares the source's stamp with
	// the one the index was built at; 0 compares at every query.
	RefreshEvery time.Duration

	src   Source
	graph *twins.Graph
	clock wikicities.Clock

	mu      sync.Mutex
	weights match.Weights
	m       *match.Matcher
	stamp   string    // the source's DirectoryStamp when m was built
	checked time.Time // when the stamp was last compared
}

var _ wikicities.SuggestionService = (*Index)(nil)

// New returns an index over src and graph that ranks with w and tells
// which requests are open by clock. Nothing is read until the first query.
func New(src Source, graph *twins.Graph, clock wikicities.Clock, w match.Weights) *Index {
	return &Index{RefreshEvery: DefaultRefreshEvery, src: src, graph: graph, clock: clock, weights: w}
}

// SetWeights changes the ranking's weights; the index is rebuilt with them
// at the next query.
func (x *Index) SetWeights(w match.Weights) {
	x.mu.Lock()
	x.weights, x.m = w, nil
	x.mu.Unlock()
}

// Weights returns the weights the ranking uses.
func (x *Index) Weights() wikicities.MatchWeights {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.weights
}

// Matcher returns the index, building it from the source if it is not built
// yet or if the source changed since (checked at most every RefreshEvery).
func (x *Index) Matcher(ctx context.Context) (*match.Matcher, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.m != nil && time.Since(x.checked) < x.RefreshEvery {
		return x.m, nil
	}
	stamp, err := x.src.DirectoryStamp(ctx)
	if err != nil {
		return nil, err
	}
	x.checked = time.Now()
	if x.m != nil && stamp == x.stamp {
		return x.m, nil
	}
	in := match.Input{Graph: x.graph, Region: cityRegions(x.graph)}
	if in.Communities, err = x.src.AllCommunities(ctx); err != nil {
		return nil, err
	}
	if in.Institutions, err = x.src.AllInstitutions(ctx); err != nil {
		return nil, err
	}
	if in.Requests, err = x.src.OpenRequests(ctx); err != nil {
		return nil, err
	}
	if in.Partners, err = x.src.PartnerPairs(ctx); err != nil {
		return nil, err
	}
	x.m = match.New(in, x.weights)
	x.stamp = stamp // taken before loading: a write meanwhile shows at the next check
	return x.m, nil
}

// Invalidate drops the index so that the next query rebuilds it.
func (x *Index) Invalidate() {
	x.mu.Lock()
	x.m = nil
	x.mu.Unlock()
}

// update applies fn to the index if it is built (if not, it will be built
// from the source, the change included).
func (x *Index) update(fn func(*match.Matcher)) {
	x.mu.Lock()
	m := x.m
	x.mu.Unlock()
	if m != nil {
		fn(m)
	}
}

// Suggest ranks at most limit partners for community id. Returns
// ErrNotFound for a community the index does not hold.
func (x *Index) Suggest(ctx context.Context, id int64, limit int) ([]wikicities.Suggestion, error) {
	m, err := x.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	sug, err := m.Suggest(id, match.Options{Limit: limit, Now: x.clock.Now()})
	if err != nil {
		return nil, fmt.Errorf("community %d: %w", id, err)
	}
	return sug, nil
}

// Recruit returns the twin cities of cities that have no community, most
// connecting first.
func (x *Index) Recruit(ctx context.Context, cities []int64) ([]wikicities.RecruitPlace, error) {
	m, err := x.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	return m.Recruit(cities), nil
}

// NearestCommunity returns the active community nearest to city within the
// weights' radius and its distance in km; id 0 when none is.
func (x *Index) NearestCommunity(ctx context.Context, city int64) (int64, float64, error) {
	m, err := x.Matcher(ctx)
	if err != nil {
		return 0, 0, err
	}
	id, km, _ := m.NearestToCity(city)
	return id, km, nil
}

// CitiesIn returns the ids of the graph's cities in country, ascending.
func (x *Index) CitiesIn(ctx context.Context, country string) ([]int64, error) {
	m, err := x.Matcher(ctx)
	if err != nil {
		return nil, err
	}
	return m.CitiesIn(country), nil
}
