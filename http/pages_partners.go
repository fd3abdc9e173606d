package http

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The pages of the directory and of partnerships: a community, an
// institution and a partnership, and the forms that register and edit a
// community, propose a partnership, answer a proposal and log an activity.
// Every form works without JavaScript, sends the CSRF token, keeps what was
// typed when it comes back with errors, shows each error next to its field
// and writes through the same services as the API, which check who may do
// what.

// registerPartnerPages registers the directory's and partnerships' pages,
// and the sign-in page their forms need.
func (s *Server) registerPartnerPages() {
	registerPartyForms(s, "/communities", s.communityForms)
	s.handle("GET /communities/{id}", s.cached(s.handleCommunityPage))
	s.handle("GET /institutions/{id}", s.cached(s.handleInstitutionPage))
	s.registerInstitutionForms()
	s.handle("GET /partnerships/new", s.handlePartnershipNew)
	s.handle("POST /partnerships", s.handlePartnershipCreate)
	s.handle("GET /partnerships/{id}", s.handlePartnershipPage)
	s.handle("POST /partnerships/{id}/answer", s.handlePartnershipAnswer)
	s.handle("GET /partnerships/{id}/activities/new", s.handleActivityNew)
	s.handle("POST /partnerships/{id}/activities", s.handleActivityCreate)
	s.registerAgreementPages()
	if s.MapFeatured == nil {
		s.MapFeatured = s.communityCities
	}
	s.registerSignInPages()
}

// partyLink is a party as pages link to it.
type partyLink struct {
	Kind wikicities.PartyKind
	ID   int64
	Name string
}

// URL returns the address of the party's page.
func (l partyLink) URL() string {
	if l.Kind == wikicities.PartyInstitution {
		return "/institutions/" + strconv.FormatInt(l.ID, 10)
	}
	return "/communities/" + strconv.FormatInt(l.ID, 10)
}

// partnershipItem is a partnership in a party's list.
type partnershipItem struct {
	ID                int64
	Other             partyLink
	StateLabel        string
	Score             int
	AtRisk, HasHealth bool
	Summary           string
	HealthStatus      string // the verdict: doing well, at risk, ...
}

// partnershipItems lists the partnerships of ref with their health.
func (s *Server) partnershipItems(r *http.Request, p *i18n.Printer, ref wikicities.PartyRef) ([]partnershipItem, error) {
	ctx := r.Context()
	ps, _, err := s.Partnerships.Partnerships(ctx, wikicities.PartnershipFilter{Party: &ref, Limit: citySectionLimit})
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	var live []int64
	for _, x := range ps {
		if x.State == wikicities.StateAccepted || x.State == wikicities.StateActive || x.State == wikicities.StateDormant {
			live = append(live, x.ID)
		}
	}
	acts, err := s.PageLists.ActivitiesOf(ctx, live) // one query, not one per partnership
	if err != nil {
		return nil, err
	}
	items := make([]partnershipItem, 0, len(ps))
	for _, x := range ps {
		other := x.B
		if x.B.Ref() == ref {
			other = x.A
		}
		it := partnershipItem{ID: x.ID, Other: partyLink{other.Kind, other.ID, other.Name}, StateLabel: labels.State(p, x.State)}
		if x.State == wikicities.StateAccepted || x.State == wikicities.StateActive || x.State == wikicities.StateDormant {
			h := health.Assess(x, acts[x.ID], now)
			it.HasHealth, it.Score, it.AtRisk = h.Scored, h.Score, h.AtRisk
			it.Summary, it.HealthStatus = labels.HealthSummary(p, h), labels.HealthStatus(p, h.Status)
		}
		items = append(items, it)
	}
	return items, nil
}

// proposeLink is a button proposing a partnership to the page's party
// from one of the communities the visitor coordinates.
type proposeLink struct {
	From partyLink
	URL  string
}

// proposeLinks lists, for a signed-in coordinator, a proposal to ref from
// each community they coordinate (ref itself excepted).
func (s *Server) proposeLinks(r *http.Request, ref wikicities.PartyRef) []proposeLink {
	a := wikicities.ActorFrom(r.Context())
	if !a.CanWrite() {
		return nil
	}
	var out []proposeLink
	for _, c := range a.Coordinates {
		if c.Kind != wikicities.PartyCommunity || c == ref {
			continue
		}
		from, err := s.Communities.Community(r.Context(), c.ID)
		if err != nil || from.Archived {
			continue
		}
		typ := wikicities.TypeRegional
		if ref.Kind == wikicities.PartyInstitution {
			typ = wikicities.TypeInstitutional
		}
		out = append(out, proposeLink{From: partyLink{c.Kind, c.ID, from.Name}, URL: "/partnerships/new?" + url.Values{
			"a": {strconv.FormatInt(c.ID, 10)}, "b": {string(ref.Kind) + ":" + strconv.FormatInt(ref.ID, 10)}, "type": {string(typ)}}.Encode()})
	}
	return out
}
