package http

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// The API of the coordinator's journey, over the services the pages use:
// claims to coordinate a group (ask, list, decide, withdraw, confirm on
// Meta-Wiki), the message thread of a proposal or partnership (its two
// parties' coordinators by explicit grant only: admins do not read other
// people's mail), and the caller's inbox (items, counts, seen, how often
// to be emailed). Everything here needs an account; reads take a read
// token, writes a session or a write token.
//
//	POST /api/v1/claims                      any account with write rights
//	POST /api/v1/claims/{id}/decision        coordinator of the group by explicit grant (not the claimant alone), admin
//	POST /api/v1/claims/{id}/withdraw        the claimant
//	POST /api/v1/claims/{id}/verify          the claimant (a group nobody coordinates, checked on Meta-Wiki)
//	POST /api/v1/partnerships/{id}/messages  coordinator of A or B by explicit grant
//	POST /api/v1/inbox/seen                  any account with write rights (its own inbox)
//	PUT  /api/v1/inbox/email                 any account with write rights (its own choice)

// journeyBodyLimit bounds the bodies of these routes.
const journeyBodyLimit = 64 << 10

func (s *Server) registerJourneyRoutes() {
	s.handle("GET /api/v1/claims", s.apiClaims)
	s.handle("POST /api/v1/claims", s.apiRequestClaim)
	s.handle("GET /api/v1/claims/{id}", s.apiClaim)
	s.handle("POST /api/v1/claims/{id}/decision", s.apiDecideClaim)
	s.handle("POST /api/v1/claims/{id}/withdraw", s.apiWithdrawClaim)
	s.handle("POST /api/v1/claims/{id}/verify", s.apiVerifyClaim)
	s.handle("GET /api/v1/partnerships/{id}/messages", s.apiMessages)
	s.handle("POST /api/v1/partnerships/{id}/messages", s.apiPostMessage)
	s.handle("GET /api/v1/inbox", s.apiInbox)
	s.handle("GET /api/v1/inbox/counts", s.apiInboxCounts)
	s.handle("POST /api/v1/inbox/seen", s.apiInboxSeen)
	s.handle("PUT /api/v1/inbox/email", s.apiInboxEmail)
}

// requireAccount answers 401 unless the request comes from an account, and
// returns its actor.
func (s *Server) requireAccount(w http.ResponseWriter, r *http.Request) (*wikicities.Actor, bool) {
	a := wikicities.ActorFrom(r.Context())
	if !a.SignedIn() || a.UserID == 0 {
		s.writeError(w, r, wikicities.ErrUnauthorized)
		return nil, false
	}
	return a, true
}

// accountPathID reads what a read of one record needs: an account, and the
// id of the {id} path wildcard. It writes the error and returns ok false on
// the first that fails.
func (s *Server) accountPathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	if _, ok := s.requireAccount(w, r); !ok {
		return 0, false
	}
	id, err := pathID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return 0, false
	}
	return id, true
}

// writeClaim ends a handler whose last step is a claims service call: it
// writes c as its caller may see it, with its version as the ETag, or err,
// when not nil, through writeError.
func (s *Server) writeClaim(w http.ResponseWriter, r *http.Request, code int, c *wikicities.Claim, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeVersionedJSON(w, code, c.Version, s.viewClaim(r, c))
}

// claimView is a claim as the API shows it: to its claimant alone, while
// it is pending, with its one-time code and the Meta-Wiki page where the
// code goes (when the site checks claims there and the claimant did not
// sign in with Wikimedia).
type claimView struct {
	*wikicities.Claim
	Code     string `json:"code,omitempty"`
	CodePage string `json:"code_page,omitempty"`
}

func (s *Server) viewClaim(r *http.Request, c *wikicities.Claim) claimView {
	v := claimView{Claim: c}
	if wikicities.ActorFrom(r.Context()).UserID != c.UserID || c.State != wikicities.ClaimPending {
		return v
	}
	v.Code = c.Code
	if cp, ok := s.ClaimVerifier.(claimCodePager); ok && c.WikimediaUsername != "" && !s.signedInWithWikimedia(r) {
		v.CodePage = cp.CodePage(c.WikimediaUsername)
	}
	return v
}

// claimRequest is the body of POST /api/v1/claims.
type claimRequest struct {
	Party             wikicities.PartyRef `json:"party"`
	Message           string              `json:"message"`
	WikimediaUsername string              `json:"wikimedia_username"`
}

func (s *Server) apiRequestClaim(w http.ResponseWriter, r *http.Request) {
	if !s.requireWriteAccess(w, r) {
		return
	}
	var req claimRequest
	if err := decodeJSON(w, r, &req, journeyBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	c := &wikicities.Claim{Party: wikicities.Party{Kind: req.Party.Kind, ID: req.Party.ID}, Message: strings.TrimSpace(req.Message),
		WikimediaUsername: strings.TrimSpace(req.WikimediaUsername)}
	if s.signedInWithWikimedia(r) {
		c.WikimediaUsername = wikicities.ActorFrom(r.Context()).Username // proven by the sign-in
	}
	if err := s.Claims.RequestClaim(r.Context(), c); err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Claims.Claim(r.Context(), c.ID) // with the group's name
	if err == nil {
		w.Header().Set("Location", fmt.Sprintf("/api/v1/claims/%d", c.ID))
	}
	s.writeClaim(w, r, http.StatusCreated, c, err)
}

// claimFilter reads the filters of GET /api/v1/claims.
func claimFilter(r *http.Request, a *wikicities.Actor) (wikicities.ClaimFilter, error) {
	q := r.URL.Query()
	var f wikicities.ClaimFilter
	if p := q.Get("party"); p != "" {
		ref, ok := parseParty(p)
		if !ok {
			return f, wikicities.Invalidf("party", "%q is not a community or an institution such as community:12", p)
		}
		f.Party = &ref
	}
	switch q.Get("role") {
	case "":
	case "claimant":
		f.UserID = a.UserID
	case "approver":
		f.Approver = true
	default:
		return f, wikicities.Invalidf("role", "%q is not claimant or approver", q.Get("role"))
	}
	for _, st := range q["state"] {
		switch s := wikicities.ClaimState(st); s {
		case wikicities.ClaimPending, wikicities.ClaimApproved, wikicities.ClaimDeclined, wikicities.ClaimWithdrawn:
			f.States = append(f.States, s)
		default:
			return f, wikicities.Invalidf("state", "%q is not pending, approved, declined or withdrawn", st)
		}
	}
	return f, nil
}

func (s *Server) apiClaims(w http.ResponseWriter, r *http.Request) {
	a, ok := s.requireAccount(w, r)
	if !ok {
		return
	}
	f, err := claimFilter(r, a)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cs, err := s.Claims.Claims(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]claimView, len(cs))
	for i, c := range cs {
		out[i] = s.viewClaim(r, c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"claims": out})
}

func (s *Server) apiClaim(w http.ResponseWriter, r *http.Request) {
	id, ok := s.accountPathID(w, r)
	if !ok {
		return
	}
	c, err := s.Claims.Claim(r.Context(), id)
	s.writeClaim(w, r, http.StatusOK, c, err)
}

// decisionRequest is the body of POST /api/v1/claims/{id}/decision.
type decisionRequest struct {
	Decision string `json:"decision"` // approve or decline
	Note     string `json:"note"`
	Version  int64  `json:"version"`
}

func (s *Server) apiDecideClaim(w http.ResponseWriter, r *http.Request) {
	var req decisionRequest
	ids, ok := s.writeBody(w, r, &req, journeyBodyLimit, "id")
	if !ok {
		return
	}
	if req.Decision != "approve" && req.Decision != "decline" {
		s.writeError(w, r, wikicities.Invalidf("decision", "%q is not approve or decline", req.Decision))
		return
	}
	version, err := versionOrMissing(r, req.Version)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err := s.Claims.DecideClaim(r.Context(), ids[0], version, req.Decision == "approve", strings.TrimSpace(req.Note))
	s.writeClaim(w, r, http.StatusOK, c, versionError(err, version))
}

func (s *Server) apiWithdrawClaim(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	c, err := s.Claims.WithdrawClaim(r.Context(), ids[0])
	s.writeClaim(w, r, http.StatusOK, c, err)
}

// verificationFailure is the answer to a check on Meta-Wiki that did not
// confirm a claim: the API's error, with what is missing.
type verificationFailure struct {
	Error   string `json:"error"`
	Problem string `json:"problem"`
	Page    string `json:"page"`
}

// apiVerifyClaim checks the caller's claim on a group nobody coordinates
// on Meta-Wiki and, when the check finds what it needs, approves it.
func (s *Server) apiVerifyClaim(w http.ResponseWriter, r *http.Request) {
	ids, ok := s.writeIDs(w, r, "id")
	if !ok {
		return
	}
	c, err := s.Claims.Claim(r.Context(), ids[0])
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if c.UserID != wikicities.ActorFrom(r.Context()).UserID {
		s.writeError(w, r, fmt.Errorf("%w: only the claimant confirms a claim on Meta-Wiki", wikicities.ErrForbidden))
		return
	}
	if s.ClaimVerifier == nil {
		s.writeError(w, r, fmt.Errorf("%w: this site checks no claims on Meta-Wiki; an admin decides", wikicities.ErrConflict))
		return
	}
	ev, err := s.ClaimVerifier.Verify(r.Context(), c, s.metaPageOf(r, c.Party.Ref()), s.signedInWithWikimedia(r))
	var ve *wikicities.VerificationError
	if errors.As(err, &ve) {
		writeJSON(w, http.StatusUnprocessableEntity, verificationFailure{Error: ve.Error(), Problem: ve.Problem, Page: ve.Page})
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	c, err = s.Claims.ConfirmClaim(r.Context(), c.ID, ev)
	s.writeClaim(w, r, http.StatusOK, c, err)
}

func (s *Server) apiMessages(w http.ResponseWriter, r *http.Request) {
	id, ok := s.accountPathID(w, r)
	if !ok {
		return
	}
	ms, err := s.Messages.Messages(r.Context(), id)
	s.writeResult(w, r, http.StatusOK, map[string]any{"messages": nonNilList(ms)}, err)
}

// messageRequest is the body of POST /api/v1/partnerships/{id}/messages.
type messageRequest struct {
	Body string `json:"body"`
}

func (s *Server) apiPostMessage(w http.ResponseWriter, r *http.Request) {
	var req messageRequest
	ids, ok := s.writeBody(w, r, &req, journeyBodyLimit, "id")
	if !ok {
		return
	}
	m := &wikicities.Message{PartnershipID: ids[0], Body: strings.TrimSpace(req.Body)}
	err := s.Messages.PostMessage(r.Context(), m) // sets its id
	s.writeResult(w, r, http.StatusCreated, m, err)
}

// inboxEntryJSON is an inbox item with the site's page that answers it.
type inboxEntryJSON struct {
	wikicities.InboxItem
	Link string `json:"link"`
}

// inboxCounts are the inbox's numbers: what the header shows (count), the
// to-dos and the news among the items.
type inboxCounts struct {
	Count int `json:"count"`
	ToDo  int `json:"todo"`
	New   int `json:"new"`
	Items int `json:"items"`
}

// callerInbox returns the caller's inbox, responsibilities due within
// ?due_within_days (14 by default, at most 366).
func (s *Server) callerInbox(w http.ResponseWriter, r *http.Request) (*wikicities.Inbox, inboxCounts, bool) {
	var c inboxCounts
	a, ok := s.requireAccount(w, r)
	if !ok {
		return nil, c, false
	}
	due := inboxDueWithin
	if v := r.URL.Query().Get("due_within_days"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 366 {
			s.writeError(w, r, wikicities.Invalidf("due_within_days", "%q is not a number of days from 0 to 366", v))
			return nil, c, false
		}
		due = time.Duration(n) * 24 * time.Hour
	}
	in, err := s.Inboxes.Inbox(r.Context(), a.UserID, due)
	if err != nil {
		s.writeError(w, r, err)
		return nil, c, false
	}
	c = inboxCounts{Count: in.Count, Items: len(in.Items)}
	for _, it := range in.Items {
		if it.ToDo {
			c.ToDo++
		}
		if it.New {
			c.New++
		}
	}
	return in, c, true
}

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request) {
	in, c, ok := s.callerInbox(w, r)
	if !ok {
		return
	}
	items := make([]inboxEntryJSON, len(in.Items))
	for i, it := range in.Items {
		items[i] = inboxEntryJSON{InboxItem: it, Link: strings.TrimRight(s.BaseURL, "/") + labels.InboxLink(it)}
	}
	f, err := s.Inboxes.EmailFrequency(r.Context(), wikicities.ActorFrom(r.Context()).UserID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "counts": c, "seen_at": in.SeenAt, "email": f})
}

func (s *Server) apiInboxCounts(w http.ResponseWriter, r *http.Request) {
	if _, c, ok := s.callerInbox(w, r); ok {
		writeJSON(w, http.StatusOK, c)
	}
}

func (s *Server) apiInboxSeen(w http.ResponseWriter, r *http.Request) {
	if !s.requireWriteAccess(w, r) {
		return
	}
	if err := s.Inboxes.MarkInboxSeen(r.Context(), wikicities.ActorFrom(r.Context()).UserID); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// emailRequest is the body of PUT /api/v1/inbox/email.
type emailRequest struct {
	Frequency wikicities.EmailFrequency `json:"frequency"`
}

func (s *Server) apiInboxEmail(w http.ResponseWriter, r *http.Request) {
	if !s.requireWriteAccess(w, r) {
		return
	}
	var req emailRequest
	if err := decodeJSON(w, r, &req, journeyBodyLimit); err != nil {
		s.writeError(w, r, err)
		return
	}
	err := s.Inboxes.SetEmailFrequency(r.Context(), wikicities.ActorFrom(r.Context()).UserID, req.Frequency)
	s.writeResult(w, r, http.StatusOK, req, err)
}
