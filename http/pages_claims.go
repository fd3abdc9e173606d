package http

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

// Claims on the web: a signed-in person asks to coordinate a group from its
// page (POST /claims); the claim's page (/claims/{id}) shows it to the
// claimant, the group's coordinators and admins only. A coordinator of the
// group (or an admin) approves or declines it there; on a group nobody
// coordinates, the claimant confirms it on Meta-Wiki (ClaimVerifier).

func (s *Server) registerClaimPages() {
	s.handle("POST /claims", s.handleClaimCreate)
	s.handle("GET /claims/{id}", s.handleClaimPage)
	s.handle("POST /claims/{id}/decide", s.handleClaimDecide)
	s.handle("POST /claims/{id}/verify", s.handleClaimVerify)
	s.handle("POST /claims/{id}/withdraw", s.handleClaimWithdraw)
	s.handle("POST /communities/{id}/recruit", s.handleRecruitRequest)
}

// coordination is what a group's page says about who coordinates it, and
// the form to ask to coordinate it.
type coordination struct {
	Party     string // "community:12", the claim form's party
	Count     int
	CanClaim  bool   // a signed-in visitor who does not coordinate it
	SignInURL string // for anonymous visitors
	MyClaim   int64  // the visitor's pending claim, if any
	Wikimedia string // the visitor's Wikimedia username, when signed in with it
	// Institution: the page is an institution's, and says so.
	Institution bool
	// MetaWiki: a claim on it with nobody coordinating is confirmed on
	// Meta-Wiki (a group with a Meta-Wiki page, on a site that checks);
	// otherwise an admin decides.
	MetaWiki bool
}

// Coordinated reports whether someone coordinates the group.
func (c coordination) Coordinated() bool { return c.Count > 0 }

// coordinationOf fills the coordination box of ref's page for p's visitor.
func (s *Server) coordinationOf(r *http.Request, p *Page, ref wikicities.PartyRef) (coordination, error) {
	c := coordination{Party: string(ref.Kind) + ":" + strconv.FormatInt(ref.ID, 10), SignInURL: p.SignInURL,
		Institution: ref.Kind == wikicities.PartyInstitution}
	if s.Claims == nil {
		return c, nil
	}
	counts, err := s.Claims.CoordinatorCounts(r.Context(), []wikicities.PartyRef{ref})
	if err != nil {
		return c, err
	}
	c.Count = counts[ref]
	a := p.Actor
	if !a.SignedIn() || a.UserID == 0 {
		return c, nil
	}
	for _, g := range a.Coordinates {
		if g == ref {
			return c, nil // already a coordinator
		}
	}
	c.CanClaim = a.CanWrite()
	c.MetaWiki = c.Count == 0 && s.ClaimVerifier != nil && s.metaPageOf(r, ref) != ""
	mine, err := s.Claims.Claims(r.Context(), wikicities.ClaimFilter{Party: &ref, UserID: a.UserID, States: []wikicities.ClaimState{wikicities.ClaimPending}})
	if err != nil {
		return c, err
	}
	if len(mine) > 0 {
		c.MyClaim, c.CanClaim = mine[0].ID, false
	}
	if u, err := s.Accounts.User(r.Context(), a.UserID); err == nil && u.Wikimedia {
		c.Wikimedia = u.Username
	}
	return c, nil
}

func (s *Server) handleClaimCreate(w http.ResponseWriter, r *http.Request) {
	if !s.requireSignIn(w, r) || !s.postedForm(w, r) {
		return
	}
	ref, ok := parseParty(r.PostForm.Get("party"))
	if !ok {
		s.renderError(w, r, invalid("party", wikicities.ProblemNotID, r.PostForm.Get("party"), "%q is not a community or an institution such as community:12", r.PostForm.Get("party")))
		return
	}
	c := &wikicities.Claim{Party: wikicities.Party{Kind: ref.Kind, ID: ref.ID}, Message: strings.TrimSpace(r.PostForm.Get("message")),
		WikimediaUsername: strings.TrimSpace(r.PostForm.Get("wikimedia_username"))}
	if u, err := s.Accounts.User(r.Context(), wikicities.ActorFrom(r.Context()).UserID); err == nil && u.Wikimedia {
		c.WikimediaUsername = u.Username // proven by the sign-in
	}
	if err := s.Claims.RequestClaim(r.Context(), c); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/claims/%d?done=requested", c.ID), http.StatusSeeOther)
}

// claimPage is the Data of a claim's page.
type claimPage struct {
	Claim      *wikicities.Claim
	Party      partyLink
	StateLabel string
	Notice     string
	Problem    string
	Mine       bool // the visitor is the claimant
	CanDecide  bool
	// Verification on Meta-Wiki, for the claimant of a group nobody
	// coordinates, when the site has a ClaimVerifier.
	CanVerify     bool
	MetaPage      string
	CodePage      string // where the code goes; empty when signed in with Wikimedia
	NoCoordinator bool
}

// claimCodePage is where a claimant without a Wikimedia sign-in puts the
// code: the subpage of their user page that mediawiki.ClaimVerifier reads.
type claimCodePager interface{ CodePage(username string) string }

// claimNotices are the notices of ?done= on a claim's page.
var claimNotices = map[string]string{"requested": "claim-done-requested", "approved": "claim-done-approved",
	"declined": "claim-done-declined", "withdrawn": "claim-done-withdrawn", "verified": "claim-done-verified"}

func (s *Server) handleClaimPage(w http.ResponseWriter, r *http.Request) {
	s.renderClaim(w, r, http.StatusOK, "")
}

func (s *Server) renderClaim(w http.ResponseWriter, r *http.Request, status int, problem string) {
	if !s.requireSignIn(w, r) {
		return
	}
	c, ok := pageRecord(s, w, r, s.Claims.Claim)
	if !ok {
		return
	}
	p := s.newPage(w, r)
	pr := p.Printer()
	p.Title = pr.Msg("claim-title", c.Party.Name)
	a := p.Actor
	d := claimPage{Claim: c, Party: partyLink{c.Party.Kind, c.Party.ID, c.Party.Name}, StateLabel: labels.ClaimState(pr, c.State),
		Mine: a.UserID == c.UserID, Problem: problem}
	d.CanDecide = c.State == wikicities.ClaimPending && wikicities.CanDecideClaim(a, c)
	if problem == "" {
		d.Notice = doneNotice(r, pr, claimNotices)
	}
	if d.Mine && c.State == wikicities.ClaimPending {
		counts, err := s.Claims.CoordinatorCounts(r.Context(), []wikicities.PartyRef{c.Party.Ref()})
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		d.NoCoordinator = counts[c.Party.Ref()] == 0
		d.MetaPage = s.metaPageOf(r, c.Party.Ref())
		d.CanVerify = d.NoCoordinator && s.ClaimVerifier != nil && d.MetaPage != ""
		if cp, ok := s.ClaimVerifier.(claimCodePager); ok && d.CanVerify && !s.signedInWithWikimedia(r) && c.WikimediaUsername != "" {
			d.CodePage = cp.CodePage(c.WikimediaUsername)
		}
	}
	p.Data = d
	s.render(w, r, status, "claim", p)
}

// metaPageOf returns the Meta-Wiki page on record for a community ("" for
// an institution or none).
func (s *Server) metaPageOf(r *http.Request, ref wikicities.PartyRef) string {
	if ref.Kind != wikicities.PartyCommunity {
		return ""
	}
	c, err := s.Communities.Community(r.Context(), ref.ID)
	if err != nil {
		return ""
	}
	return c.MetaPage
}

// signedInWithWikimedia reports whether the visitor's account is a
// Wikimedia account (signed in through OAuth).
func (s *Server) signedInWithWikimedia(r *http.Request) bool {
	u, err := s.Accounts.User(r.Context(), wikicities.ActorFrom(r.Context()).UserID)
	return err == nil && u.Wikimedia
}

func (s *Server) handleClaimDecide(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	approve := r.PostForm.Get("decision") == "approve"
	if !approve && r.PostForm.Get("decision") != "decline" {
		s.renderError(w, r, invalid("decision", wikicities.ProblemNotAllowed, r.PostForm.Get("decision"), "%q is not approve or decline", r.PostForm.Get("decision")))
		return
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	_, err := s.Claims.DecideClaim(r.Context(), id, version, approve, strings.TrimSpace(r.PostForm.Get("note")))
	s.afterClaimAction(w, r, id, err, map[bool]string{true: "approved", false: "declined"}[approve])
}

func (s *Server) handleClaimWithdraw(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	_, err := s.Claims.WithdrawClaim(r.Context(), id)
	s.afterClaimAction(w, r, id, err, "withdrawn")
}

func (s *Server) handleClaimVerify(w http.ResponseWriter, r *http.Request) {
	id, ok := s.postedAction(w, r)
	if !ok {
		return
	}
	if s.ClaimVerifier == nil {
		s.renderError(w, r, fmt.Errorf("%w: this site checks no claims on Meta-Wiki; an admin decides", wikicities.ErrConflict))
		return
	}
	c, err := s.Claims.Claim(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if c.UserID != wikicities.ActorFrom(r.Context()).UserID {
		s.renderError(w, r, wikicities.ErrForbidden)
		return
	}
	ev, err := s.ClaimVerifier.Verify(r.Context(), c, s.metaPageOf(r, c.Party.Ref()), s.signedInWithWikimedia(r))
	var ve *wikicities.VerificationError
	if errors.As(err, &ve) {
		pr := s.Printer(r)
		s.renderClaim(w, r, http.StatusUnprocessableEntity, labels.VerificationProblem(pr, ve.Problem, ve.Page, c.WikimediaUsername))
		return
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	_, err = s.Claims.ConfirmClaim(r.Context(), id, ev)
	s.afterClaimAction(w, r, id, err, "verified")
}

// afterClaimAction answers a claim's action: back to the claim with a
// notice, the claim page saying why for a stale or settled claim, or the
// error page.
func (s *Server) afterClaimAction(w http.ResponseWriter, r *http.Request, id int64, err error, done string) {
	settled := s.Printer(r).Msg("claim-settled")
	s.afterAction(w, r, err, actionOutcome{done: fmt.Sprintf("/claims/%d?done=%s", id, done), again: s.renderClaim,
		stale: settled, conflict: settled})
}
