package http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
)

// searchDirectorySize bounds the groups and the requests a search shows.
const searchDirectorySize = 20

// searchDirectory adds to d the communities and institutions whose name
// contains d.Query and the open requests whose title contains it.
func (s *Server) searchDirectory(r *http.Request, pr *i18n.Printer, d *searchPage) error {
	ctx := r.Context()
	f := wikicities.DirectoryFilter{Query: d.Query, Limit: searchDirectorySize}
	comms, _, err := s.Communities.Communities(ctx, f)
	if err != nil {
		return err
	}
	for _, c := range comms {
		d.Groups = append(d.Groups, listRow{URL: fmt.Sprintf("/communities/%d", c.ID), Name: c.Name, City: s.Graph.City(c.CityID),
			Country: c.Country, Details: []string{communityKindLabel(pr, c.Kind)}})
	}
	insts, _, err := s.Institutions.Institutions(ctx, f)
	if err != nil {
		return err
	}
	for _, i := range insts {
		d.Groups = append(d.Groups, listRow{URL: fmt.Sprintf("/institutions/%d", i.ID), Name: i.Name, City: s.Graph.City(i.CityID),
			Details: []string{institutionKindLabel(pr, i.Kind)}})
	}
	reqs, err := s.Requests.OpenRequests(ctx)
	if err != nil {
		return err
	}
	key := wikicities.NameKey(d.Query)
	for _, x := range reqs {
		if len(d.Requests) == searchDirectorySize || key == "" {
			break
		}
		if strings.Contains(wikicities.NameKey(x.Title), key) {
			name, err := s.Partnerships.PartyName(ctx, x.Party)
			if err != nil {
				return err
			}
			d.Requests = append(d.Requests, listRow{URL: fmt.Sprintf("/requests/%d", x.ID), Name: x.Title,
				Details: []string{pr.Msg("requests-by") + " " + name}})
		}
	}
	return nil
}
