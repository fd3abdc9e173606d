package http

import (
	"net/http"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// institutionPage is the Data of an institution's page.
type institutionPage struct {
	Institution  *wikicities.Institution
	City         *wikicities.City
	KindLabel    string
	Wanted       []string
	Partnerships []partnershipItem
	ProposeFrom  []proposeLink
	Coordination coordination
	Clubs        hostedClubs // pages_clubs.go
	CanEdit      bool
	Notice       string
}

func (s *Server) handleInstitutionPage(w http.ResponseWriter, r *http.Request) {
	in, ok := pageRecord(s, w, r, s.Institutions.Institution)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = in.Name
	d := institutionPage{Institution: in, City: s.Graph.City(in.CityID), KindLabel: institutionKindLabel(pr, in.Kind),
		Wanted: labels.Skills(pr, in.SkillsWanted), CanEdit: p.Actor.CoordinatorOf(in.Ref()) && p.Actor.CanWrite(),
		Notice: doneNotice(r, pr, institutionNotices)}
	var err error
	if d.Partnerships, err = s.partnershipItems(r, pr, in.Ref()); err != nil {
		s.renderError(w, r, err)
		return
	}
	d.ProposeFrom = s.proposeLinks(r, in.Ref())
	if d.Coordination, err = s.coordinationOf(r, p, in.Ref()); err != nil {
		s.renderError(w, r, err)
		return
	}
	if d.Clubs, err = s.hostedClubsOf(r, p, in); err != nil {
		s.renderError(w, r, err)
		return
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "institution", p)
}
