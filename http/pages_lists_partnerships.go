package http

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/labels"
)

// partnershipRow is one row of the partnerships list.
type partnershipRow struct {
	URL, A, B, AURL, BURL                     string
	State, Type, Health, HealthClass, Country string
}

// partnershipList is the Data of the partnerships page.
type partnershipList struct {
	Form       *Form
	Filters    []filterField
	Rows       []partnershipRow
	Total      int
	Prev, Next string
}

// partyPlaces maps every party to the country of its city (or its own
// country, for a listed community known only so).
func (s *Server) partyPlaces(ctx context.Context) (map[wikicities.PartyRef]string, error) {
	out := map[wikicities.PartyRef]string{}
	comms, err := s.Communities.AllCommunities(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range comms {
		country := c.Country
		if city := s.Graph.City(c.CityID); city != nil {
			country = city.Country
		}
		out[wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: c.ID}] = country
	}
	insts, err := s.Institutions.AllInstitutions(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range insts {
		if city := s.Graph.City(i.CityID); city != nil {
			out[wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: i.ID}] = city.Country
		}
	}
	return out, nil
}

func partyURL(p wikicities.Party) string {
	if p.Kind == wikicities.PartyInstitution {
		return fmt.Sprintf("/institutions/%d", p.ID)
	}
	return fmt.Sprintf("/communities/%d", p.ID)
}

// handlePartnershipList lists the partnerships, newest first, filtered by
// state, type, health and the country of either party, with the feed.
func (s *Server) handlePartnershipList(w http.ResponseWriter, r *http.Request) {
	offset, err := listOffset(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := wikicities.PartnershipFilter{Type: wikicities.PartnershipType(q.Get("type")), Limit: 5000}
	if st := q.Get("state"); st != "" {
		f.States = []wikicities.State{wikicities.State(st)}
	}
	ctx := r.Context()
	ps, _, err := s.Partnerships.Partnerships(ctx, f)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	running, acts, err := s.Partnerships.HealthInputs(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	now := s.Clock.Now()
	reports := map[int64]health.Report{}
	for i, rep := range health.AssessAll(running, acts, now) {
		reports[running[i].ID] = rep
	}
	places, err := s.partyPlaces(ctx)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	country, wantHealth := q.Get("country"), health.Status(q.Get("health"))
	d := partnershipList{Form: newForm(q)}
	var countries []string
	for _, x := range ps {
		rep, ok := reports[x.ID]
		if !ok {
			rep = health.Assess(x, nil, now)
		}
		ca, cb := places[x.A.Ref()], places[x.B.Ref()]
		countries = append(countries, ca, cb)
		if (country != "" && !strings.EqualFold(ca, country) && !strings.EqualFold(cb, country)) || (wantHealth != "" && rep.Status != wantHealth) {
			continue
		}
		d.Total++
		if d.Total <= offset || len(d.Rows) == listPageSize {
			continue
		}
		row := partnershipRow{URL: fmt.Sprintf("/partnerships/%d", x.ID), A: isolate(x.A.Name), B: isolate(x.B.Name), AURL: partyURL(x.A), BURL: partyURL(x.B),
			State: labels.State(pr, x.State), Type: labels.Type(pr, x.Type), Health: labels.HealthStatus(pr, rep.Status), HealthClass: string(rep.Status)}
		if rep.Scored {
			row.Health = pr.Msg("partnerships-health-score", rep.Score, row.Health)
		}
		d.Rows = append(d.Rows, row)
	}
	states, types, healths := []option{anyOption(pr)}, []option{anyOption(pr)}, []option{anyOption(pr)}
	for _, st := range wikicities.States {
		states = append(states, option{string(st), labels.State(pr, st)})
	}
	for _, t := range []wikicities.PartnershipType{wikicities.TypeTwinning, wikicities.TypeInstitutional, wikicities.TypeRegional, wikicities.TypeCampaign} {
		types = append(types, option{string(t), labels.Type(pr, t)})
	}
	for _, h := range []health.Status{health.StatusDoingWell, health.StatusGettingStarted, health.StatusFair, health.StatusAtRisk, health.StatusDormant, health.StatusNotScored, health.StatusClosed} {
		healths = append(healths, option{string(h), labels.HealthStatus(pr, h)})
	}
	d.Filters = []filterField{
		{"state", pr.Msg("list-filter-state"), states},
		{"type", pr.Msg("list-filter-type"), types},
		{"health", pr.Msg("list-filter-health"), healths},
		{"country", pr.Msg("list-filter-country"), s.countryOptions(pr, nil, countries...)},
	}
	d.Prev, d.Next = pageLinks(r, offset, d.Total)
	p.Title = pr.Msg("partnerships-heading")
	p.Data = d
	s.render(w, r, http.StatusOK, "partnership-list", p)
}

// requestRow is one row of the requests list.
type requestRow struct {
	URL, Title, Party, PartyURL, Expires string
	Wants                                []string
}

// handleRequestList lists the open partner requests, newest first.
func (s *Server) handleRequestList(w http.ResponseWriter, r *http.Request) {
	offset, err := listOffset(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	rs, total, err := s.Requests.Requests(r.Context(), wikicities.RequestFilter{Open: true, Limit: listPageSize, Offset: offset})
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	var rows []requestRow
	for _, x := range rs {
		name, err := s.Partnerships.PartyName(r.Context(), x.Party)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		row := requestRow{URL: fmt.Sprintf("/requests/%d", x.ID), Title: x.Title, Party: name, PartyURL: partyURL(wikicities.Party{Kind: x.Party.Kind, ID: x.Party.ID}),
			Expires: pr.Date(x.Expires.UTC())}
		row.Wants = append(row.Wants, labels.Skills(pr, x.Skills)...)
		for _, l := range x.Languages {
			row.Wants = append(row.Wants, labels.Language(pr, l))
		}
		for _, c := range x.Countries {
			row.Wants = append(row.Wants, labels.Country(pr, c))
		}
		rows = append(rows, row)
	}
	prev, next := pageLinks(r, offset, total)
	p.Title = pr.Msg("requests-heading")
	p.Data = map[string]any{"Rows": rows, "Total": total, "Prev": prev, "Next": next, "CanPost": p.Actor.CanWrite()}
	s.render(w, r, http.StatusOK, "request-list", p)
}

// isolate wraps a name given to a message in Unicode's first-strong
// isolate, so that a Latin name in an Arabic sentence keeps its place (the
// text equivalent of <bdi>, for names inside translated text).
func isolate(name string) string { return "\u2068" + name + "\u2069" }
