package http

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// proposeForm is the Data of the form that proposes a partnership.
type proposeForm struct {
	Form   *Form
	A      partyLink
	B      partyLink
	Types  []option
	Levels []option
	// Unclaimed: nobody coordinates B yet; the proposal waits for its first coordinator.
	Unclaimed bool
}

var proposeFields = []string{"type", "level", "message", "goals", "languages", "note"}

var proposeAliases = map[string]string{"agreement.goals": "goals", "agreement.languages": "languages", "agreement": "goals"}

// parseParty reads "community:12" or "institution:3".
func parseParty(s string) (wikicities.PartyRef, bool) {
	k, v, _ := strings.Cut(s, ":")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 || (k != string(wikicities.PartyCommunity) && k != string(wikicities.PartyInstitution)) {
		return wikicities.PartyRef{}, false
	}
	return wikicities.PartyRef{Kind: wikicities.PartyKind(k), ID: id}, true
}

// partyName returns the name of a party. Returns ErrNotFound.
func (s *Server) partyName(ctx context.Context, ref wikicities.PartyRef) (string, error) {
	if ref.Kind == wikicities.PartyInstitution {
		in, err := s.Institutions.Institution(ctx, ref.ID)
		if err != nil {
			return "", err
		}
		return in.Name, nil
	}
	c, err := s.Communities.Community(ctx, ref.ID)
	if err != nil {
		return "", err
	}
	return c.Name, nil
}

// proposeParties reads and checks the two parties of a proposal: a is a
// community the actor coordinates, b another party.
func (s *Server) proposeParties(r *http.Request, values url.Values) (a, b partyLink, err error) {
	aid, err := strconv.ParseInt(values.Get("a"), 10, 64)
	if err != nil || aid <= 0 {
		return a, b, invalid("a", wikicities.ProblemNotID, values.Get("a"), "%q is not a community id", values.Get("a"))
	}
	bref, ok := parseParty(values.Get("b"))
	if !ok {
		return a, b, invalid("b", wikicities.ProblemNotID, values.Get("b"), "%q is not a party such as community:12 or institution:3", values.Get("b"))
	}
	aref := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: aid}
	if err := wikicities.ActorFrom(r.Context()).RequireCoordinator(aref); err != nil {
		return a, b, err
	}
	an, err := s.partyName(r.Context(), aref)
	if err != nil {
		return a, b, err
	}
	bn, err := s.partyName(r.Context(), bref)
	if err != nil {
		return a, b, err
	}
	return partyLink{aref.Kind, aref.ID, an}, partyLink{bref.Kind, bref.ID, bn}, nil
}

func (s *Server) proposeFormData(p *Page, f *Form, a, b partyLink) proposeForm {
	pr := p.Printer()
	d := proposeForm{Form: f, A: a, B: b}
	for _, t := range wikicities.PartnershipTypes {
		d.Types = append(d.Types, option{string(t), labels.Type(pr, t)})
	}
	for _, l := range wikicities.Levels {
		d.Levels = append(d.Levels, option{string(l), labels.Level(pr, l)})
	}
	return d
}

func (s *Server) handlePartnershipNew(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) {
		return
	}
	q := r.URL.Query()
	a, b, err := s.proposeParties(r, q)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	p.Title = p.Msg("propose-title", a.Name, b.Name)
	f := newForm(url.Values{"a": {q.Get("a")}, "b": {q.Get("b")}, "type": {q.Get("type")}, "level": {string(wikicities.LevelLocal)}})
	if f.Get("type") == "" {
		f.Values.Set("type", string(wikicities.TypeTwinning))
	}
	d := s.proposeFormData(p, f, a, b)
	d.Unclaimed = s.nobodyCoordinates(r, wikicities.PartyRef{Kind: b.Kind, ID: b.ID})
	p.Data = d
	s.render(w, r, http.StatusOK, "propose", p)
}

func (s *Server) handlePartnershipCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	a, b, err := s.proposeParties(r, r.PostForm)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = p.Msg("propose-title", a.Name, b.Name)
	f := newForm(r.PostForm)
	ps := &wikicities.Partnership{
		A: wikicities.Party{Kind: a.Kind, ID: a.ID}, B: wikicities.Party{Kind: b.Kind, ID: b.ID},
		Type: wikicities.PartnershipType(f.Get("type")), Level: wikicities.Level(f.Get("level")),
		Message: strings.TrimSpace(f.Get("message")),
		Agreement: wikicities.Agreement{Goals: splitLines(f.Get("goals")),
			Languages: resolveLanguages(f, pr)},
	}
	if ps.Agreement.Goals == nil {
		ps.Agreement.Goals = []string{}
	}
	if ps.Agreement.Languages == nil {
		ps.Agreement.Languages = []string{}
	}
	status := s.submit(w, r, pr, f, formSave{fields: proposeFields, aliases: proposeAliases,
		save: func() (string, error) {
			err := s.Partnerships.Propose(r.Context(), ps, strings.TrimSpace(f.Get("note"))) // sets ps.ID
			return fmt.Sprintf("/partnerships/%d?done=proposed", ps.ID), err
		},
		conflict: pr.Msg("propose-already-partners", a.Name, b.Name)})
	if status == 0 {
		return
	}
	p.Data = s.proposeFormData(p, f, a, b)
	s.render(w, r, status, "propose", p)
}
