package http

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// A community's suggestions come as two lists: partners (communities and
// institutions, each with its reasons and its strength) and places to
// recruit (twin cities with no group yet). Every action shown works for the
// visitor who sees it: a coordinator proposes to a partner, posts a
// partner-wanted request for a city (POST /communities/{id}/recruit); anyone
// sees the nearest group and can share the invitation to register a group
// there.

// recruitItem is a city to recruit a group in.
type recruitItem struct {
	City    string
	CityID  int64
	Reasons []string
	Nearest *partyLink // the nearest active community, if any
	Invite  string     // the invitation to register a group there (absolute URL)
	CanPost bool       // the visitor coordinates this community
	Posted  bool       // an open request of this community names the city
}

// RecruitRequestMonths is how long a partner-wanted request posted from a
// place to recruit stays open.
const RecruitRequestMonths = 6

// suggestionsFor fills the suggestions, the coordination box and the
// contact's visibility of community c's page.
func (s *Server) suggestionsFor(r *http.Request, p *Page, c *wikicities.Community, d *communityPage) error {
	pr := p.Printer()
	var err error
	if d.Coordination, err = s.coordinationOf(r, p, c.Ref()); err != nil {
		return err
	}
	d.ShowContact = p.Actor.SignedIn() && p.Actor.CoordinatorOf(c.Ref()) && p.Actor.UserID != 0
	sug, err := s.Suggestions.Suggest(r.Context(), c.ID, 10)
	if err != nil && !errors.Is(err, wikicities.ErrNotFound) {
		return err
	}
	posted := map[int64]bool{}
	if d.CanPropose {
		reqs, _, err := s.Requests.Requests(r.Context(), wikicities.RequestFilter{Party: c.Ref(), Open: true, Limit: 200})
		if err != nil {
			return err
		}
		now := s.Clock.Now()
		for _, q := range reqs {
			for _, id := range q.CityIDs {
				posted[id] = posted[id] || q.Open(now)
			}
		}
	}
	for _, x := range sug {
		var reasons []string
		for _, rs := range x.Reasons {
			reasons = append(reasons, labels.SuggestionReasonNamed(pr, reasonInLang(rs, p.Lang), s.cityNameIn(p.Lang)))
		}
		if x.Kind == "city" {
			name := x.Name
			if c := s.Graph.City(x.ID); c != nil {
				name = c.NameIn(p.Lang)
			}
			it := recruitItem{City: name, CityID: x.ID, Reasons: reasons, CanPost: d.CanPropose, Posted: posted[x.ID],
				Invite: s.absURL(r, "/communities/new?"+url.Values{"city": {strconv.FormatInt(x.ID, 10)}}.Encode())}
			for _, rs := range x.Reasons {
				if rs.Code == wikicities.ReasonRecruitNearest {
					if id := paramID(rs.Params, "community_id"); id != 0 {
						name, _ := rs.Params["community"].(string)
						it.Nearest = &partyLink{wikicities.PartyCommunity, id, name}
					}
				}
			}
			d.Recruit = append(d.Recruit, it)
			continue
		}
		it := suggestionItem{Party: partyLink{wikicities.PartyKind(x.Kind), x.ID, x.Name}, City: s.Graph.City(x.CityID), CityName: x.City, CityID: x.CityID,
			Reasons: reasons, Strength: pr.Msg("suggestion-strength", pr.Decimal(x.Score, 1))}
		if d.CanPropose {
			it.ProposeURL = "/partnerships/new?" + url.Values{"a": {strconv.FormatInt(c.ID, 10)},
				"b": {x.Kind + ":" + strconv.FormatInt(x.ID, 10)}, "type": {suggestedType(x)}}.Encode()
		}
		d.Partners = append(d.Partners, it)
	}
	return nil
}

// paramID reads an id from a reason's parameters (an int64 from the
// matcher, a float64 from JSON).
func paramID(params map[string]any, key string) int64 {
	switch v := params[key].(type) {
	case int64:
		return v
	case int:
		return int64(v)
	case float64:
		return int64(v)
	}
	return 0
}

// absURL returns path on the site's public address.
func (s *Server) absURL(r *http.Request, path string) string {
	if s.BaseURL != "" {
		return s.BaseURL + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// handleRecruitRequest posts a partner-wanted request of community {id} for
// the posted city, open for RecruitRequestMonths, and goes back to the
// community's places to recruit.
func (s *Server) handleRecruitRequest(w http.ResponseWriter, r *http.Request) {
	c := s.editableCommunity(w, r)
	if c == nil || !s.postedForm(w, r) {
		return
	}
	cityID, err := strconv.ParseInt(r.PostForm.Get("city"), 10, 64)
	city := s.Graph.City(cityID)
	if err != nil || city == nil {
		s.renderError(w, r, invalid("city", wikicities.ProblemNotID, r.PostForm.Get("city"), "%q is not a known city", r.PostForm.Get("city")))
		return
	}
	pr := s.Printer(r)
	req := &wikicities.PartnerRequest{Party: c.Ref(), Title: pr.Msg("recruit-request-title", city.Name),
		Description: pr.Msg("recruit-request-description", c.Name, city.Name), CityIDs: []int64{city.ID},
		Expires: s.Clock.Now().AddDate(0, RecruitRequestMonths, 0)}
	if err := s.Requests.CreateRequest(r.Context(), req); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/communities/%d?done=recruit#wc-recruit", c.ID), http.StatusSeeOther)
}

// cityNameIn names the graph's cities in language lang, for reasons in
// words ("" for a city the graph does not know).
func (s *Server) cityNameIn(lang string) labels.CityName {
	return func(id int64) string {
		if c := s.Graph.City(id); c != nil {
			return c.NameIn(lang)
		}
		return ""
	}
}
