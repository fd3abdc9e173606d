package http

import (
	"context"
)

// communityCities features on the home map the cities where communities
// are based, then the most twinned cities.
func (s *Server) communityCities(ctx context.Context) ([]int64, error) {
	ids, err := s.Communities.CommunityCities(ctx)
	if err != nil {
		return nil, err
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	for _, it := range s.graphSummary().byDegree {
		if len(ids) >= mapDefaultLimit {
			break
		}
		if !seen[it.City.ID] {
			ids = append(ids, it.City.ID)
		}
	}
	return ids, nil
}
