package report

import (
	"context"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/twins"
)

// Load builds the report over graph g (the server's in-memory graph) and
// the directory of svc, read with a few bulk queries whatever the number of
// countries and cities: the parties (svc.Reports.ReportParties), and the
// running partnerships with their recent activities (svc.Partnerships.
// HealthInputs), scored by health at svc.Clock's time for the count of those
// at risk. Returns the services' errors.
func Load(ctx context.Context, svc wikicities.Services, g *twins.Graph) (*Report, error) {
	parties, err := svc.Reports.ReportParties(ctx)
	if err != nil {
		return nil, err
	}
	ps, acts, err := svc.Partnerships.HealthInputs(ctx)
	if err != nil {
		return nil, err
	}
	atRisk := map[int64]bool{}
	for i, h := range health.AssessAll(ps, acts, svc.Clock.Now()) {
		if h.AtRisk {
			atRisk[ps[i].ID] = true
		}
	}
	return Build(Input{Graph: g, Parties: parties, AtRisk: atRisk}), nil
}
