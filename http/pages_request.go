package http

import (
	"fmt"
	"net/http"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// requestPage is the Data of a partner request's page.
type requestPage struct {
	Request         *wikicities.PartnerRequest
	Party, PartyURL string
	Open            bool
	Own             bool // the reader coordinates the requester: nothing to answer
	Expires         string
	Kinds, Wants    []string // partner kinds; languages, skills: translated
	Cities          []*wikicities.City
	Countries       []string // translated
	Answers         []requestAnswerView
	AnswersHidden   bool // answers exist that only the requester's coordinators see
	AnswerCount     int
	// ProposeFrom: a proposal to the requester from each group the reader
	// coordinates, when the request is open and not theirs.
	ProposeFrom []proposeLink
}

// requestAnswerView is an answer as the page shows it.
type requestAnswerView struct {
	Party, PartyURL, Message, Date string
	PartnershipURL                 string
}

// handleRequestPage shows one partner request: who asks, for what and
// where, until when, and the answers its reader may see (the requester's
// coordinators see them all, others their own).
func (s *Server) handleRequestPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, ok := pageRecord(s, w, r, s.Requests.Request)
	if !ok {
		return
	}
	all, err := s.Requests.Answers(ctx, x.ID)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	name, err := s.Partnerships.PartyName(ctx, x.Party)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	d := requestPage{Request: x, Party: name, PartyURL: partyURL(wikicities.Party{Kind: x.Party.Kind, ID: x.Party.ID}),
		Open: x.Open(time.Now()), Own: p.Actor.CoordinatorOf(x.Party), Expires: pr.Date(x.Expires.UTC()), AnswerCount: len(all)}
	if d.Open && !d.Own {
		d.ProposeFrom = s.proposeLinks(r, x.Party)
	}
	for _, k := range x.PartnerKinds {
		if wikicities.ValidCommunityKind(k) {
			d.Kinds = append(d.Kinds, communityKindLabel(pr, wikicities.CommunityKind(k)))
		} else {
			d.Kinds = append(d.Kinds, institutionKindLabel(pr, wikicities.InstitutionKind(k)))
		}
	}
	d.Wants = append(d.Wants, labels.Skills(pr, x.Skills)...)
	for _, l := range x.Languages {
		d.Wants = append(d.Wants, labels.Language(pr, l))
	}
	for _, c := range x.CityIDs {
		if city := s.Graph.City(c); city != nil {
			d.Cities = append(d.Cities, city)
		}
	}
	for _, c := range x.Countries {
		d.Countries = append(d.Countries, labels.Country(pr, c))
	}
	seen := wikicities.AnswersForReader(p.Actor, x, all)
	d.AnswersHidden = len(seen) < len(all)
	for _, a := range seen {
		an, err := s.Partnerships.PartyName(ctx, a.Party)
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		v := requestAnswerView{Party: an, PartyURL: partyURL(wikicities.Party{Kind: a.Party.Kind, ID: a.Party.ID}), Message: a.Message,
			Date: pr.Date(a.CreatedAt.UTC())}
		if a.PartnershipID != 0 {
			v.PartnershipURL = fmt.Sprintf("/partnerships/%d", a.PartnershipID)
		}
		d.Answers = append(d.Answers, v)
	}
	p.Title = x.Title
	p.Section = "requests"
	p.Data = d
	s.render(w, r, http.StatusOK, "request", p)
}
