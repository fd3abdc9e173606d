package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
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
	// AnswerFrom are the reader's groups that may answer the open request
	// from its page (not the requester, not a group that answered).
	AnswerFrom []partyLink
	SignIn     bool // signed out: a sign-in link to answer
	NoGroup    bool // signed in, coordinating no group: how to find or register one
	// Problem says why a posted answer was refused; Notice that one was
	// recorded.
	Problem, Notice string
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
	s.renderRequestPage(w, r, http.StatusOK, "")
}

// renderRequestPage renders the request page with status, saying problem
// above the answer form when a posted answer was refused.
func (s *Server) renderRequestPage(w http.ResponseWriter, r *http.Request, status int, problem string) {
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
	d.Problem, d.Notice = problem, doneNotice(r, pr, map[string]string{"answered": "request-answered-notice"})
	if d.Open {
		if d.AnswerFrom, err = s.answerFrom(r, x, all); err != nil {
			s.renderError(w, r, err)
			return
		}
		d.SignIn = !p.Actor.SignedIn()
		d.NoGroup = p.Actor.SignedIn() && len(p.Actor.Coordinates) == 0 && !p.Actor.IsAdmin()
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
	s.render(w, r, status, "request", p)
}

// answerFrom lists the groups the reader coordinates that may answer x,
// whose answers are all: not the requester, not one that answered.
func (s *Server) answerFrom(r *http.Request, x *wikicities.PartnerRequest, all []*wikicities.RequestAnswer) ([]partyLink, error) {
	a := wikicities.ActorFrom(r.Context())
	if !a.CanWrite() {
		return nil, nil
	}
	var out []partyLink
next:
	for _, c := range a.Coordinates {
		if c == x.Party {
			continue
		}
		for _, an := range all {
			if an.Party == c {
				continue next
			}
		}
		name, err := s.Partnerships.PartyName(r.Context(), c)
		if err != nil {
			return nil, err
		}
		out = append(out, partyLink{c.Kind, c.ID, name})
	}
	return out, nil
}

// handleRequestAnswer records the answer a coordinator writes on a
// request's page, on behalf of one of their groups, as the API's POST
// /api/v1/requests/{id}/answers does: the requester finds it in their inbox
// (request_answered) and on the page. A refusal (nothing written, too
// long, the request closed, answered already, a page older than the
// request or than the reader's groups) comes back in the page with what
// was typed.
func (s *Server) handleRequestAnswer(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	x, err := s.Requests.Request(ctx, id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	pr := s.Printer(r)
	ref, known := parseParty(r.PostForm.Get("party"))
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	a := wikicities.RequestAnswer{RequestID: id, Party: ref, Message: strings.TrimSpace(r.PostForm.Get("message"))}
	switch {
	case !x.Open(time.Now()):
		s.renderRequestPage(w, r, http.StatusConflict, pr.Msg("request-answer-closed"))
	case version != x.Version || !known || ref == x.Party || !wikicities.ActorFrom(ctx).CoordinatorOf(ref):
		s.renderRequestPage(w, r, http.StatusConflict, pr.Msg("request-answer-stale"))
	case a.Message == "":
		s.renderRequestPage(w, r, http.StatusUnprocessableEntity, pr.Msg("request-answer-empty"))
	default:
		err := s.Requests.Answer(ctx, &a)
		s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/requests/%d?done=answered#wc-answers", id), again: s.renderRequestPage,
			conflict: pr.Msg("request-answer-twice"), invalid: inputProblem(pr, err, pr.Msg("request-answer-empty"))})
	}
}
