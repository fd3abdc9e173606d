package http

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/health"
)

// PartnershipPermissions is who may call each state-changing partnership
// route, for the authorization matrix. Every one of them answers 401 to an
// anonymous caller and 403 to a read-only token; "coordinator of A/B" means
// an account holding a coordinator grant on that party, and admins count as
// coordinators of both parties except where the rule says "explicit grant".
// State rules come on top (409 for an illegal transition) and so do
// versions (412 for a stale If-Match).
//
//	POST   /api/v1/partnerships                            coordinator of A (the proposing community), admin
//	POST   /api/v1/partnerships/{id}/accept                coordinator of B by explicit grant only (not admin)
//	POST   /api/v1/partnerships/{id}/decline               coordinator of B by explicit grant only (not admin)
//	POST   /api/v1/partnerships/{id}/withdraw              coordinator of A, admin
//	POST   /api/v1/partnerships/{id}/end                   coordinator of A or B, admin
//	POST   /api/v1/partnerships/{id}/renew                 coordinator of A or B, admin
//	PUT    /api/v1/partnerships/{id}/agreement             coordinator of A or B, admin
//	POST   /api/v1/partnerships/{id}/responsibilities      coordinator of A or B, admin
//	PUT    /api/v1/partnerships/{id}/responsibilities/{rid} coordinator of A or B, admin
//	DELETE /api/v1/partnerships/{id}/responsibilities/{rid} coordinator of A or B, admin
//	POST   /api/v1/partnerships/{id}/activities            coordinator of A or B, admin
//	PUT    /api/v1/partnerships/{id}/activities/{aid}      coordinator of A or B, admin
//	DELETE /api/v1/partnerships/{id}/activities/{aid}      coordinator of A or B, admin
//	POST   /api/v1/partnerships/{id}/messages              coordinator of A or B by explicit grant only (not admin)
//	POST   /digest/unsubscribe/{token}                     anyone holding the signed token (no account needed)
//	POST   /partnerships                                   the pages' forms: as POST /api/v1/partnerships
//	POST   /partnerships/{id}/answer                       as accept, decline, withdraw, renew or end, by the form's action
//	POST   /partnerships/{id}/activities                   as POST /api/v1/partnerships/{id}/activities
//	POST   /partnerships/{id}/agreement                    as PUT /api/v1/partnerships/{id}/agreement
//	POST   /partnerships/{id}/responsibilities             as POST /api/v1/partnerships/{id}/responsibilities
//	POST   /partnerships/{id}/responsibilities/{rid}       as PUT /api/v1/partnerships/{id}/responsibilities/{rid}
//	POST   /partnerships/{id}/responsibilities/{rid}/done  as PUT /api/v1/partnerships/{id}/responsibilities/{rid}
//	POST   /partnerships/{id}/responsibilities/{rid}/delete as DELETE /api/v1/partnerships/{id}/responsibilities/{rid}
//	POST   /partnerships/{id}/[responsibilities/{rid}/]resources[/{resource}/remove]
//	                                                       as POST (DELETE) /api/v1/training/resources/{id}/uses
//
// Reads (GET) are public. Member means signed in without a grant: 403 on all
// of the above.
var PartnershipPermissions = map[string]string{
	"POST /api/v1/partnerships":                                                  "coordinator of A, admin",
	"POST /api/v1/partnerships/{id}/accept":                                      "coordinator of B (explicit grant, not admin)",
	"POST /api/v1/partnerships/{id}/decline":                                     "coordinator of B (explicit grant, not admin)",
	"POST /api/v1/partnerships/{id}/withdraw":                                    "coordinator of A, admin",
	"POST /api/v1/partnerships/{id}/end":                                         "coordinator of A or B, admin",
	"POST /api/v1/partnerships/{id}/renew":                                       "coordinator of A or B, admin",
	"PUT /api/v1/partnerships/{id}/agreement":                                    "coordinator of A or B, admin",
	"POST /api/v1/partnerships/{id}/responsibilities":                            "coordinator of A or B, admin",
	"PUT /api/v1/partnerships/{id}/responsibilities/{rid}":                       "coordinator of A or B, admin",
	"DELETE /api/v1/partnerships/{id}/responsibilities/{rid}":                    "coordinator of A or B, admin",
	"POST /api/v1/partnerships/{id}/activities":                                  "coordinator of A or B, admin",
	"PUT /api/v1/partnerships/{id}/activities/{aid}":                             "coordinator of A or B, admin",
	"DELETE /api/v1/partnerships/{id}/activities/{aid}":                          "coordinator of A or B, admin",
	"POST /api/v1/partnerships/{id}/messages":                                    "coordinator of A or B by explicit grant (admins do not read others' messages)",
	"POST /digest/unsubscribe/{token}":                                           "holder of the signed token",
	"POST /partnerships":                                                         "coordinator of A, admin",
	"POST /partnerships/{id}/answer":                                             "accept, decline: coordinator of B (explicit grant); withdraw: coordinator of A, admin; renew, end: coordinator of A or B, admin",
	"POST /partnerships/{id}/activities":                                         "coordinator of A or B, admin",
	"POST /partnerships/{id}/messages":                                           "coordinator of A or B by explicit grant (admins do not read others' messages)",
	"POST /partnerships/{id}/agreement":                                          "coordinator of A or B, admin",
	"POST /partnerships/{id}/responsibilities":                                   "coordinator of A or B, admin",
	"POST /partnerships/{id}/responsibilities/{rid}":                             "coordinator of A or B, admin",
	"POST /partnerships/{id}/responsibilities/{rid}/done":                        "coordinator of A or B, admin",
	"POST /partnerships/{id}/responsibilities/{rid}/delete":                      "coordinator of A or B, admin",
	"POST /partnerships/{id}/resources":                                          "coordinator of A or B, admin",
	"POST /partnerships/{id}/resources/{resource}/remove":                        "coordinator of A or B, admin",
	"POST /partnerships/{id}/responsibilities/{rid}/resources":                   "coordinator of A or B, admin",
	"POST /partnerships/{id}/responsibilities/{rid}/resources/{resource}/remove": "coordinator of A or B, admin",
}

// partnershipBodyLimit bounds partnership request bodies.
const partnershipBodyLimit = 256 << 10

func (s *Server) registerPartnershipRoutes() {
	s.handle("GET /api/v1/partnerships", s.apiPartnerships)
	s.handle("POST /api/v1/partnerships", s.apiProposePartnership)
	s.handle("GET /api/v1/partnerships/at-risk", s.apiPartnershipsAtRisk)
	s.handle("GET /api/v1/partnerships/totals", s.apiPartnershipTotals)
	s.handle("GET /api/v1/partnerships/{id}", s.apiPartnership)
	s.handle("GET /api/v1/partnerships/{id}/history", s.apiPartnershipHistory)
	s.handle("GET /api/v1/partnerships/{id}/health", s.apiPartnershipHealth)
	for _, a := range []wikicities.Action{wikicities.ActionAccept, wikicities.ActionDecline, wikicities.ActionWithdraw, wikicities.ActionEnd, wikicities.ActionRenew} {
		s.handle("POST /api/v1/partnerships/{id}/"+string(a), s.apiPartnershipTransition(a))
	}
	s.handle("PUT /api/v1/partnerships/{id}/agreement", s.apiUpdateAgreement)
	s.handle("POST /api/v1/partnerships/{id}/responsibilities", s.apiAddResponsibility)
	s.handle("PUT /api/v1/partnerships/{id}/responsibilities/{rid}", s.apiUpdateResponsibility)
	s.handle("DELETE /api/v1/partnerships/{id}/responsibilities/{rid}", s.apiDeleteResponsibility)
	s.handle("GET /api/v1/partnerships/{id}/activities", s.apiActivities)
	s.handle("POST /api/v1/partnerships/{id}/activities", s.apiLogActivity)
	s.handle("GET /api/v1/partnerships/{id}/activities/{aid}", s.apiActivity)
	s.handle("PUT /api/v1/partnerships/{id}/activities/{aid}", s.apiUpdateActivity)
	s.handle("DELETE /api/v1/partnerships/{id}/activities/{aid}", s.apiDeleteActivity)
	s.registerPartnershipFeeds()
}

// requireWriteAccess checks that the caller may write at all; the service checks
// the rest (which party, which state).
func (s *Server) requireWriteAccess(w http.ResponseWriter, r *http.Request) bool {
	if err := wikicities.ActorFrom(r.Context()).RequireWrite(); err != nil {
		s.writeError(w, r, err)
		return false
	}
	return true
}

// writeIDs checks that the caller may write and reads the ids of the named
// path wildcards. It writes the error (401/403, 422) and returns ok false
// on the first check that fails.
func (s *Server) writeIDs(w http.ResponseWriter, r *http.Request, names ...string) ([]int64, bool) {
	if !s.requireWriteAccess(w, r) {
		return nil, false
	}
	ids, err := pathIDs(r, names...)
	if err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return ids, true
}

// writeBody reads what a write with a JSON body needs, in the order it is
// checked: write access, the ids of the named path wildcards, and the body
// (at most limit bytes) into v. It writes the error and returns ok false on
// the first that fails.
func (s *Server) writeBody(w http.ResponseWriter, r *http.Request, v any, limit int64, names ...string) ([]int64, bool) {
	ids, ok := s.writeIDs(w, r, names...)
	if !ok {
		return nil, false
	}
	if err := decodeJSON(w, r, v, limit); err != nil {
		s.writeError(w, r, err)
		return nil, false
	}
	return ids, true
}

// partyQuery reads ?community= or ?institution=.
func partyQuery(r *http.Request) (*wikicities.PartyRef, error) {
	for _, k := range []wikicities.PartyKind{wikicities.PartyCommunity, wikicities.PartyInstitution} {
		id, err := queryID(r, string(k))
		if err != nil {
			return nil, err
		}
		if id != 0 {
			return &wikicities.PartyRef{Kind: k, ID: id}, nil
		}
	}
	return nil, nil
}

func (s *Server) apiPartnerships(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := page(r, 50, 500)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := wikicities.PartnershipFilter{Limit: limit, Offset: offset, Type: wikicities.PartnershipType(r.URL.Query().Get("type"))}
	if f.Type != "" && !slices.Contains(wikicities.PartnershipTypes, f.Type) {
		s.writeError(w, r, wikicities.Invalidf("type", "%q is not twinning, institutional, regional or campaign", f.Type))
		return
	}
	if f.Party, err = partyQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if v := r.URL.Query().Get("state"); v != "" {
		for st := range strings.SplitSeq(v, ",") {
			if !slices.Contains(wikicities.States, wikicities.State(st)) {
				s.writeError(w, r, wikicities.Invalidf("state", "%q is not a partnership state", st))
				return
			}
			f.States = append(f.States, wikicities.State(st))
		}
	}
	ps, total, err := s.Partnerships.Partnerships(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	reader := wikicities.ActorFrom(r.Context())
	for i, p := range ps {
		ps[i] = p.ForReader(reader)
	}
	writeJSON(w, http.StatusOK, map[string]any{"partnerships": ps, "total": total, "limit": limit, "offset": offset})
}

type proposeRequest struct {
	A         wikicities.Party           `json:"a"`
	B         wikicities.Party           `json:"b"`
	Type      wikicities.PartnershipType `json:"type"`
	Level     wikicities.Level           `json:"level"`
	Message   string                     `json:"message"`
	Agreement wikicities.Agreement       `json:"agreement"`
	Note      string                     `json:"note"`
}

func (s *Server) apiProposePartnership(w http.ResponseWriter, r *http.Request) {
	if !s.requireWriteAccess(w, r) {
		return
	}
	var req proposeRequest
	if err := decodeJSON(w, r, &req, partnershipBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	if req.A.Kind == "" {
		req.A.Kind = wikicities.PartyCommunity
	}
	p := &wikicities.Partnership{A: req.A, B: req.B, Type: req.Type, Level: req.Level, Message: req.Message, Agreement: req.Agreement}
	if err := s.Partnerships.Propose(r.Context(), p, req.Note); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/partnerships/%d", p.ID))
	writeVersionedJSON(w, http.StatusCreated, p.Version, p)
}

func (s *Server) apiPartnership(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Partnerships.Partnership(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, p.Version, p.ForReader(wikicities.ActorFrom(r.Context())))
}

func (s *Server) apiPartnershipHistory(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Partnerships.Partnership(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	h, err := s.Partnerships.History(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"history": wikicities.HistoryForReader(wikicities.ActorFrom(r.Context()), p, h)})
}

func (s *Server) apiPartnershipHealth(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps := s.Partnerships
	p, err := ps.Partnership(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	acts, err := ps.Activities(r.Context(), wikicities.ActivityFilter{PartnershipID: id, Limit: -1})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, health.Assess(p, acts, s.Clock.Now()))
}

// atRiskEntry is one partnership at risk with its health.
type atRiskEntry struct {
	Partnership *wikicities.Partnership `json:"partnership"`
	Health      health.Report           `json:"health"`
}

// apiPartnershipsAtRisk lists accepted and active partnerships scoring under
// health.AtRiskBelow, worst first; ?community= or ?institution= narrows.
func (s *Server) apiPartnershipsAtRisk(w http.ResponseWriter, r *http.Request) {
	party, err := partyQuery(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps, acts, err := s.Partnerships.HealthInputs(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []atRiskEntry{}
	for i, rep := range health.AssessAll(ps, acts, s.Clock.Now()) {
		if rep.AtRisk && (party == nil || ps[i].SideOf(*party) != "") {
			out = append(out, atRiskEntry{ps[i], rep})
		}
	}
	slices.SortStableFunc(out, func(a, b atRiskEntry) int { return a.Health.Score - b.Health.Score })
	writeJSON(w, http.StatusOK, map[string]any{"at_risk": out, "threshold": health.AtRiskBelow})
}

// dateQuery reads an optional YYYY-MM-DD query parameter.
func dateQuery(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, wikicities.Invalidf(name, "%q is not a date (YYYY-MM-DD)", v)
	}
	return t, nil
}

func (s *Server) apiPartnershipTotals(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	by := wikicities.TotalsBy(q.Get("by"))
	if by == "" {
		by = wikicities.ByYear
	}
	var f wikicities.ActivityFilter
	var err error
	for _, p := range []struct {
		name string
		dst  *int64
	}{{"partnership", &f.PartnershipID}, {"community", &f.Community}} {
		if *p.dst, err = queryID(r, p.name); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if f.From, err = dateQuery(r, "from"); err == nil {
		f.To, err = dateQuery(r, "to")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rows, err := s.Partnerships.Totals(r.Context(), f, by)
	s.writeResult(w, r, http.StatusOK, map[string]any{"by": by, "totals": rows}, err)
}

type noteRequest struct {
	Note string `json:"note"`
}

func (s *Server) apiPartnershipTransition(action wikicities.Action) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ids, ok := s.writeIDs(w, r, "id")
		if !ok {
			return
		}
		version, _, err := ifMatch(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var req noteRequest
		if r.ContentLength != 0 {
			if err := decodeJSON(w, r, &req, partnershipBodyLimit); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		p, err := s.Partnerships.Transition(r.Context(), ids[0], action, version, req.Note)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeVersionedJSON(w, http.StatusOK, p.Version, p)
	}
}

func (s *Server) apiUpdateAgreement(w http.ResponseWriter, r *http.Request) {
	ids, version, ok := s.versionedWrite(w, r, "id")
	if !ok {
		return
	}
	var ag wikicities.Agreement
	if err := decodeJSON(w, r, &ag, partnershipBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Partnerships.UpdateAgreement(r.Context(), ids[0], version, ag)
	if err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	writeVersionedJSON(w, http.StatusOK, p.Version, p)
}

type responsibilityRequest struct {
	Owner       wikicities.Side `json:"owner"`
	Description string          `json:"description"`
	Due         string          `json:"due"` // YYYY-MM-DD or empty
	Done        bool            `json:"done"`
}

func (req *responsibilityRequest) responsibility() (*wikicities.Responsibility, error) {
	r := &wikicities.Responsibility{Owner: req.Owner, Description: req.Description, Done: req.Done}
	if req.Due != "" {
		t, err := time.Parse(time.DateOnly, req.Due)
		if err != nil {
			return nil, wikicities.Invalidf("due", "%q is not a date (YYYY-MM-DD)", req.Due)
		}
		r.Due = t
	}
	return r, nil
}

func (s *Server) apiAddResponsibility(w http.ResponseWriter, r *http.Request) {
	var req responsibilityRequest
	ids, ok := s.writeBody(w, r, &req, partnershipBodyLimit, "id")
	if !ok {
		return
	}
	id := ids[0]
	x, err := req.responsibility()
	if err == nil {
		x.PartnershipID = id
		err = s.Partnerships.AddResponsibility(r.Context(), x)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusCreated, x.Version, x)
}

func (s *Server) apiUpdateResponsibility(w http.ResponseWriter, r *http.Request) {
	ids, version, ok := s.versionedWrite(w, r, "id", "rid")
	if !ok {
		return
	}
	var req responsibilityRequest
	if err := decodeJSON(w, r, &req, partnershipBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	x, err := req.responsibility()
	if err == nil {
		x.ID, x.PartnershipID, x.Version = ids[1], ids[0], version
		err = s.Partnerships.UpdateResponsibility(r.Context(), x)
	}
	if err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	writeVersionedJSON(w, http.StatusOK, x.Version, x)
}

func (s *Server) apiDeleteResponsibility(w http.ResponseWriter, r *http.Request) {
	ids, version, ok := s.versionedWrite(w, r, "id", "rid")
	if !ok {
		return
	}
	if err := s.Partnerships.DeleteResponsibility(r.Context(), ids[0], ids[1], version); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) apiActivities(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := wikicities.ActivityFilter{PartnershipID: id, Limit: -1}
	if f.From, err = dateQuery(r, "from"); err == nil {
		f.To, err = dateQuery(r, "to")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Partnerships.Partnership(r.Context(), id); err != nil {
		s.writeError(w, r, err)
		return
	}
	acts, err := s.Partnerships.Activities(r.Context(), f)
	s.writeResult(w, r, http.StatusOK, map[string]any{"activities": acts}, err)
}

// activityRequest is the writable part of an activity.
type activityRequest struct {
	Kind         wikicities.ActivityKind `json:"kind"`
	Title        string                  `json:"title"`
	Start        time.Time               `json:"start"`
	End          time.Time               `json:"end"`
	Place        string                  `json:"place"`
	OrganizersA  []string                `json:"organizers_a"`
	OrganizersB  []string                `json:"organizers_b"`
	Participants int                     `json:"participants"`
	Outcomes     wikicities.Outcomes     `json:"outcomes"`
	Notes        string                  `json:"notes"`
}

func (req *activityRequest) activity() *wikicities.Activity {
	return &wikicities.Activity{Kind: req.Kind, Title: req.Title, Start: req.Start, End: req.End, Place: req.Place,
		OrganizersA: req.OrganizersA, OrganizersB: req.OrganizersB, Participants: req.Participants,
		Outcomes: req.Outcomes, Notes: req.Notes}
}

func (s *Server) apiLogActivity(w http.ResponseWriter, r *http.Request) {
	var req activityRequest
	ids, ok := s.writeBody(w, r, &req, partnershipBodyLimit, "id")
	if !ok {
		return
	}
	id := ids[0]
	a := req.activity()
	a.PartnershipID = id
	if err := s.Partnerships.LogActivity(r.Context(), a); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/partnerships/%d/activities/%d", id, a.ID))
	writeVersionedJSON(w, http.StatusCreated, a.Version, a)
}

func (s *Server) apiActivity(w http.ResponseWriter, r *http.Request) {
	ids, err := pathIDs(r, "id", "aid")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	a, err := s.Partnerships.Activity(r.Context(), ids[0], ids[1])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, http.StatusOK, a.Version, a)
}

func (s *Server) apiUpdateActivity(w http.ResponseWriter, r *http.Request) {
	ids, version, ok := s.versionedWrite(w, r, "id", "aid")
	if !ok {
		return
	}
	var req activityRequest
	if err := decodeJSON(w, r, &req, partnershipBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	a := req.activity()
	a.ID, a.PartnershipID, a.Version = ids[1], ids[0], version
	if err := s.Partnerships.UpdateActivity(r.Context(), a); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	writeVersionedJSON(w, http.StatusOK, a.Version, a)
}

func (s *Server) apiDeleteActivity(w http.ResponseWriter, r *http.Request) {
	ids, version, ok := s.versionedWrite(w, r, "id", "aid")
	if !ok {
		return
	}
	if err := s.Partnerships.DeleteActivity(r.Context(), ids[0], ids[1], version); err != nil {
		s.writeError(w, r, versionError(err, version))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
