package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// registerDirectorySections adds the directory's sections to the city page:
// the communities and institutions based there, the open partner requests
// that concern it, and its twin cities where a group is still to be founded.
func (s *Server) registerDirectorySections() {
	s.CitySections = append(s.CitySections, s.cityPartiesSection, s.cityRequestsSection, s.cityRecruitSection)
}

// citySectionLimit bounds each list on a city page (slow connections).
const citySectionLimit = 30

// cityListsKey is the context key of a city page's cityListsMemo.
type cityListsKey struct{}

// cityListsMemo holds a city page's lists, read once for all its sections.
type cityListsMemo struct {
	once sync.Once
	l    *wikicities.CityLists
	err  error
}

// withCityLists returns r with room for the lists of the city page it
// asks for, which the sections then read in one round (cityLists).
func withCityLists(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), cityListsKey{}, &cityListsMemo{}))
}

// cityLists returns the lists of city c's page: read once per request.
func (s *Server) cityLists(r *http.Request, c *wikicities.City) (*wikicities.CityLists, error) {
	read := func() (*wikicities.CityLists, error) {
		return s.PageLists.CityLists(r.Context(), c.ID, citySectionLimit)
	}
	m, ok := r.Context().Value(cityListsKey{}).(*cityListsMemo)
	if !ok {
		return read()
	}
	m.once.Do(func() { m.l, m.err = read() })
	return m.l, m.err
}

func (s *Server) cityPartiesSection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	l, err := s.cityLists(r, c)
	if err != nil {
		return nil, err
	}
	comms, insts := l.Communities, l.Institutions
	p := s.Printer(r)
	// A city without a group points to the nearest one: whoever lives
	// there (or is twinned with it) has someone to turn to.
	var nearest *nearestGroup
	if len(comms) == 0 {
		id, km, err := s.Suggestions.NearestCommunity(r.Context(), c.ID)
		if err != nil {
			return nil, err
		}
		if id != 0 {
			g, err := s.Communities.Community(r.Context(), id)
			if err != nil && !errors.Is(err, wikicities.ErrNotFound) {
				return nil, err
			}
			if err == nil {
				nearest = &nearestGroup{Group: partyLink{wikicities.PartyCommunity, g.ID, g.Name}, City: s.Graph.City(g.CityID), Km: p.Decimal(km, 0)}
			}
		}
	}
	a := wikicities.ActorFrom(r.Context())
	if len(comms) == 0 && len(insts) == 0 && !a.CanWrite() && nearest == nil {
		return nil, nil
	}
	type item struct {
		URL, Name, Website, KindLabel, StatusLabel string
		HasWikimedianInResidence, HostsWikiClub    bool
	}
	var ci, ii []item
	for _, x := range comms {
		it := item{URL: fmt.Sprintf("/communities/%d", x.ID), Name: x.Name, Website: x.Website, KindLabel: communityKindLabel(p, x.Kind)}
		if x.Status != wikicities.StatusActive {
			it.StatusLabel = labels.CommunityStatus(p, x.Status)
		}
		ci = append(ci, it)
	}
	for _, x := range insts {
		ii = append(ii, item{URL: fmt.Sprintf("/institutions/%d", x.ID), Name: x.Name, Website: x.Website, KindLabel: institutionKindLabel(p, x.Kind),
			HasWikimedianInResidence: x.HasWikimedianInResidence, HostsWikiClub: x.HostsWikiClub})
	}
	body, err := s.Fragment(r, "directory-city-parties", map[string]any{"Communities": ci, "Institutions": ii,
		"RegisterURL": fmt.Sprintf("/communities/new?city=%d", c.ID), "RegisterInstitutionURL": fmt.Sprintf("/institutions/new?city=%d", c.ID),
		"CanRegister": a.CanWrite(), "CityName": c.NameIn(p.Lang()), "Nearest": nearest})
	if err != nil {
		return nil, err
	}
	return &CitySection{ID: "directory-communities", Heading: p.Msg("directory-city-communities", c.NameIn(p.Lang())), Body: body}, nil
}

// nearestGroup is the nearest active community to a city that has none.
type nearestGroup struct {
	Group partyLink
	City  *wikicities.City // its city, if the graph knows it
	Km    string           // the distance, formatted
}

// communityKindLabel translates a community kind, as the CLI does.
func communityKindLabel(p *i18n.Printer, k wikicities.CommunityKind) string {
	return labels.CommunityKind(p, k)
}

// institutionKindLabel translates an institution kind, as the CLI does.
func institutionKindLabel(p *i18n.Printer, k wikicities.InstitutionKind) string {
	return labels.InstitutionKind(p, k)
}

// cityRequest is a partner request as a city page lists it.
type cityRequest struct {
	Title, By, Expires string
}

func (s *Server) cityRequestsSection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	l, err := s.cityLists(r, c)
	if err != nil || len(l.Requests) == 0 {
		return nil, err
	}
	pr := s.Printer(r)
	items := make([]cityRequest, 0, len(l.Requests))
	for _, q := range l.Requests {
		items = append(items, cityRequest{Title: q.Title, By: l.PartyNames[q.Party], Expires: pr.Date(q.Expires)})
	}
	body, err := s.Fragment(r, "directory-city-requests", items)
	if err != nil {
		return nil, err
	}
	return &CitySection{ID: "directory-requests", Heading: s.Printer(r).Msg("directory-city-requests"), Body: body}, nil
}

func (s *Server) cityRecruitSection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	places, err := s.Suggestions.Recruit(r.Context(), []int64{c.ID})
	if err != nil {
		return nil, err
	}
	// Only places whose group would connect someone: the others are
	// already in the twin list above.
	places = places[:countConnecting(places)]
	if len(places) == 0 {
		return nil, nil
	}
	if len(places) > citySectionLimit {
		places = places[:citySectionLimit]
	}
	body, err := s.Fragment(r, "directory-city-recruit", places)
	if err != nil {
		return nil, err
	}
	return &CitySection{ID: "directory-recruit", Heading: s.Printer(r).Msg("directory-city-recruit"), Body: body}, nil
}

// countConnecting returns how many of places (ordered by Connects, most
// first) would connect at least one community.
func countConnecting(places []wikicities.RecruitPlace) int {
	for i, p := range places {
		if p.Connects == 0 {
			return i
		}
	}
	return len(places)
}
