package http

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/labels"
)

// dashboard is what the home page shows a signed-in coordinator: the
// groups they coordinate, their partnerships with their health, and the
// responsibilities due soonest.
type dashboard struct {
	Groups       []listRow
	Partnerships []partnershipRow
	Due          []dueItem
}

// dueItem is an open responsibility of one of the coordinator's partnerships.
type dueItem struct {
	URL, Partnership, Description, Due string
	Overdue                            bool
	at                                 time.Time
}

// dashboardSize bounds each list of the dashboard.
const dashboardSize = 10

// dashboardOf builds the dashboard of the request's actor: nil for a
// visitor or an account that coordinates nothing.
func (s *Server) dashboardOf(r *http.Request, p *Page) (*dashboard, error) {
	a := p.Actor
	if !a.SignedIn() || a.IsSystem() || len(a.Coordinates) == 0 {
		return nil, nil
	}
	ctx, pr := r.Context(), p.Printer()
	d := &dashboard{}
	running, acts, err := s.Partnerships.HealthInputs(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	reports := map[int64]health.Report{}
	for i, rep := range health.AssessAll(running, acts, now) {
		reports[running[i].ID] = rep
	}
	seen := map[int64]bool{}
	for _, ref := range a.Coordinates {
		name, err := s.Partnerships.PartyName(ctx, ref)
		if err != nil {
			return nil, err
		}
		d.Groups = append(d.Groups, listRow{URL: partyURL(wikicities.Party{Kind: ref.Kind, ID: ref.ID}), Name: name})
		ps, _, err := s.Partnerships.Partnerships(ctx, wikicities.PartnershipFilter{Party: &ref, States: wikicities.LiveStates, Limit: dashboardSize})
		if err != nil {
			return nil, err
		}
		for _, x := range ps {
			if seen[x.ID] {
				continue
			}
			seen[x.ID] = true
			rep, ok := reports[x.ID]
			if !ok {
				rep = health.Assess(x, nil, now)
			}
			row := partnershipRow{URL: fmt.Sprintf("/partnerships/%d", x.ID), A: isolate(x.A.Name), B: isolate(x.B.Name),
				State: labels.State(pr, x.State), Type: labels.Type(pr, x.Type), Health: labels.HealthStatus(pr, rep.Status), HealthClass: string(rep.Status)}
			if rep.Scored {
				row.Health = pr.Msg("partnerships-health-score", rep.Score, row.Health)
			}
			d.Partnerships = append(d.Partnerships, row)
			full, err := s.Partnerships.Partnership(ctx, x.ID)
			if err != nil {
				return nil, err
			}
			for _, rs := range full.Responsibilities {
				if rs.Done || rs.Due.IsZero() || full.SideOf(ref) != rs.Owner {
					continue
				}
				d.Due = append(d.Due, dueItem{URL: row.URL, Partnership: pr.Msg("partnerships-row", row.A, row.B), Description: rs.Description,
					Due: pr.Date(rs.Due.UTC()), Overdue: rs.Overdue(now), at: rs.Due})
			}
		}
	}
	slices.SortFunc(d.Due, func(x, y dueItem) int { return x.at.Compare(y.at) })
	d.Due = d.Due[:min(len(d.Due), dashboardSize)]
	return d, nil
}
