package http

import (
	"fmt"
	"net/http"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// communityKP is the Knowledge Park's part of a community's page: the
// events it organises, its exchange visits and the twin editions of
// campaigns it runs, with the buttons of its coordinators.
type communityKP struct {
	Events     map[string]any // the "event-list" partial's data
	CanCreate  bool           // a coordinator: create an event, request a visit
	Visits     []visitItem
	TwinRuns   []twinRunItem
	ID         int64
	CanRequest bool // a coordinator of a group whose city has twins
}

type visitItem struct {
	ID                int64
	Visitor, Host     string
	StateLabel, Dates string
}

type twinRunItem struct {
	CampaignID int64
	Edition    string
	Other      partyLink
	Goal       string
}

// communityKPOf builds the Knowledge Park's part of community c's page.
func (s *Server) communityKPOf(r *http.Request, c *wikicities.Community) (communityKP, error) {
	ctx := r.Context()
	pr := s.Printer(r)
	a := wikicities.ActorFrom(ctx)
	kp := communityKP{ID: c.ID, CanCreate: a.CanWrite() && a.CoordinatorOf(c.Ref()) && !c.Archived}
	kp.CanRequest = kp.CanCreate && len(s.Graph.Twins(c.CityID)) > 0
	es, err := s.upcomingEvents(r, wikicities.EventFilter{Organiser: c.ID})
	if err != nil {
		return kp, err
	}
	kp.Events = map[string]any{"Items": s.eventItems(pr, es, s.Clock.Now(), 10), "More": fmt.Sprintf("/events?organiser=%d", c.ID),
		"MoreLabel": pr.Msg("community-events-link", c.Name), "ICS": fmt.Sprintf("/communities/%d/events.ics", c.ID)}
	vs, err := s.Visits.Visits(ctx, c.ID)
	if err != nil {
		return kp, err
	}
	for _, v := range vs {
		kp.Visits = append(kp.Visits, visitItem{ID: v.ID, Visitor: v.Visitor.Name, Host: v.Host.Name,
			StateLabel: labels.VisitState(pr, v.State), Dates: dateRange(pr, v.Start, v.End)})
	}
	ts, err := s.Campaigns.TwinEditionsOf(ctx, c.ID)
	if err != nil {
		return kp, err
	}
	for _, t := range ts {
		ed, err := s.Campaigns.Edition(ctx, t.EditionID)
		if err != nil {
			return kp, err
		}
		other := t.B
		if other.ID == c.ID {
			other = t.A
		}
		kp.TwinRuns = append(kp.TwinRuns, twinRunItem{CampaignID: ed.CampaignID, Edition: pr.Msg("campaign-edition-name", ed.CampaignName, pr.Digits(ed.Year)),
			Other: partyLink{other.Kind, other.ID, other.Name}, Goal: t.Goal})
	}
	return kp, nil
}
