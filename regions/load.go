package regions

import (
	"context"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/twins"
)

// Load builds the figures of every region over graph g and placement p
// from the directory of svc, read with a few bulk queries as report.Load
// reads it: the parties (svc.Reports.ReportParties) and the running
// partnerships with their recent activities, scored by health at
// svc.Clock's time. Returns the services' errors.
func Load(ctx context.Context, svc wikicities.Services, g *twins.Graph, p *Placement) (*Report, error) {
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
	return Build(Input{Graph: g, Placement: p, Parties: parties, AtRisk: atRisk}), nil
}
