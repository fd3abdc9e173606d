package report

import (
	"context"

	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// Load builds the report over graph g (the server's in-memory graph) and
// the directory of db, read with a few bulk queries whatever the number of
// countries and cities: the parties (store.DB.ReportParties), and the
// running partnerships with their recent activities, scored by health for
// the count of those at risk. Returns the store's errors.
func Load(ctx context.Context, db *store.DB, g *twins.Graph) (*Report, error) {
	parties, err := db.ReportParties(ctx)
	if err != nil {
		return nil, err
	}
	ps, acts, err := db.Partnerships().HealthInputs(ctx)
	if err != nil {
		return nil, err
	}
	atRisk := map[int64]bool{}
	for i, h := range health.AssessAll(ps, acts, db.Now()) {
		if h.AtRisk {
			atRisk[ps[i].ID] = true
		}
	}
	return Build(Input{Graph: g, Parties: parties, AtRisk: atRisk}), nil
}
