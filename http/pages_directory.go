package http

import (
	"fmt"
	"net/http"
	"time"

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

func (s *Server) cityPartiesSection(r *http.Request, c *wikicities.City) (*CitySection, error) {
	f := wikicities.DirectoryFilter{CityID: c.ID, Limit: citySectionLimit}
	comms, _, err := s.Communities.Communities(r.Context(), f)
	if err != nil {
		return nil, err
	}
	insts, _, err := s.Institutions.Institutions(r.Context(), f)
	if err != nil {
		return nil, err
	}
	a := wikicities.ActorFrom(r.Context())
	if len(comms) == 0 && len(insts) == 0 && !a.CanWrite() {
		return nil, nil
	}
	type item struct {
		URL, Name, Website, KindLabel, StatusLabel string
		HasWikimedianInResidence, HostsWikiClub    bool
	}
	p := s.Printer(r)
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
		"RegisterURL": fmt.Sprintf("/communities/new?city=%d", c.ID), "CanRegister": a.CanWrite()})
	if err != nil {
		return nil, err
	}
	return &CitySection{ID: "directory-communities", Heading: s.Printer(r).Msg("directory-city-communities", c.Name), Body: body}, nil
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
	rs, _, err := s.Requests.Requests(r.Context(), wikicities.RequestFilter{CityID: c.ID, Open: true, Limit: citySectionLimit})
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	items := make([]cityRequest, 0, len(rs))
	for _, q := range rs {
		by := ""
		switch q.Party.Kind {
		case wikicities.PartyCommunity:
			if p, err := s.Communities.Community(r.Context(), q.Party.ID); err == nil {
				by = p.Name
			}
		case wikicities.PartyInstitution:
			if p, err := s.Institutions.Institution(r.Context(), q.Party.ID); err == nil {
				by = p.Name
			}
		}
		items = append(items, cityRequest{Title: q.Title, By: by, Expires: q.Expires.Format(time.DateOnly)})
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
