package http

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The directory's filters that the store's listing does not know: the
// region of a group's city (the subdivision its data names, City.Region,
// else the one its coordinates lie in: Server.regionOf) and whether someone
// coordinates the group on WikiCities. They are applied here, over the
// store's other filters, so that they stay generic.

// directoryExtra is a request's region and coordinator filters.
type directoryExtra struct {
	Region      string // a city's region, as the data spells it
	Coordinated string // "yes", "no" or "" (either)
}

// directoryExtraFilter reads ?region= and ?coordinator=yes|no.
func directoryExtraFilter(r *http.Request) (directoryExtra, error) {
	q := r.URL.Query()
	ex := directoryExtra{Region: strings.TrimSpace(q.Get("region")), Coordinated: q.Get("coordinator")}
	switch ex.Coordinated {
	case "", "yes", "no":
	default:
		return ex, (&wikicities.FieldError{Field: "coordinator", Message: fmt.Sprintf("%q: want yes or no", ex.Coordinated)}).
			Because(wikicities.ProblemNotAllowed, ex.Coordinated)
	}
	return ex, nil
}

// directoryLimitAll bounds the groups read to filter them here.
const directoryLimitAll = 10000

// listDirectory lists a page of the groups matching f and ex, and their
// total. ref and city say which party a group is and where it is based.
func listDirectory[T any](ctx context.Context, s *Server, f wikicities.DirectoryFilter, ex directoryExtra,
	list func(context.Context, wikicities.DirectoryFilter) ([]*T, int, error),
	ref func(*T) wikicities.PartyRef, city func(*T) int64) ([]*T, int, error) {
	if ex == (directoryExtra{}) {
		return list(ctx, f)
	}
	offset, limit := f.Offset, f.Limit
	f.Offset, f.Limit = 0, directoryLimitAll
	all, _, err := list(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	var keep []*T
	regionOf := s.regionOf()
	for _, x := range all {
		if ex.Region != "" {
			c := s.Graph.City(city(x))
			if c == nil || !strings.EqualFold(regionOf(c), ex.Region) {
				continue
			}
		}
		keep = append(keep, x)
	}
	if ex.Coordinated != "" && s.Claims != nil {
		refs := make([]wikicities.PartyRef, len(keep))
		for i, x := range keep {
			refs[i] = ref(x)
		}
		counts, err := s.Claims.CoordinatorCounts(ctx, refs)
		if err != nil {
			return nil, 0, err
		}
		want := ex.Coordinated == "yes"
		kept := keep[:0]
		for _, x := range keep {
			if (counts[ref(x)] > 0) == want {
				kept = append(kept, x)
			}
		}
		keep = kept
	}
	total := len(keep)
	return keep[min(offset, total):min(offset+limit, total)], total, nil
}

// regionOptions lists the regions of the cities ids, in country's when it
// is set, each named with its country.
func (s *Server) regionOptions(p *i18n.Printer, cityIDs []int64, country string) []option {
	seen := map[string]bool{}
	var opts []option
	regionOf := s.regionOf()
	for _, id := range cityIDs {
		c := s.Graph.City(id)
		if c == nil || (country != "" && !strings.EqualFold(c.Country, country)) {
			continue
		}
		region := regionOf(c)
		if region == "" || seen[strings.ToLower(region)] {
			continue
		}
		seen[strings.ToLower(region)] = true
		label := regionNameIn(p.Lang(), region)
		if country == "" && c.Country != "" {
			label = p.Msg("list-filter-region-in", label, labels.Country(p, c.Country))
		}
		opts = append(opts, option{region, label})
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Label < opts[j].Label })
	return append([]option{anyOption(p)}, opts...)
}

// coordinatorOptions is the choice of groups with or without a coordinator.
func coordinatorOptions(p *i18n.Printer) []option {
	return []option{anyOption(p), {"yes", p.Msg("list-filter-coordinator-yes")}, {"no", p.Msg("list-filter-coordinator-no")}}
}

// usefulFilters leaves out the filters with nothing to choose (a region
// filter where no city has region data).
func usefulFilters(fs []filterField) []filterField {
	out := fs[:0]
	for _, f := range fs {
		if len(f.Options) > 1 {
			out = append(out, f)
		}
	}
	return out
}
