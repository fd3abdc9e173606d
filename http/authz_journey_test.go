package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The authorization matrix of the journey's form routes (claims, the
// inbox's email choice, messages, partner-wanted requests from a place to
// recruit): each route, each role, the exact status, on a fresh record per
// call. The API matrix (authz_test.go) covers the /api/ routes; these are
// the pages' own writes, and TestJourneyFormRoutesAreAllInTheMatrix keeps
// the list complete.

// journeyRole is who posts in the matrix.
type journeyRole string

const (
	jAnonymous   journeyRole = "anonymous"
	jMember      journeyRole = "member"
	jClaimant    journeyRole = "the claimant"
	jCoordinator journeyRole = "coordinator of the record"
	jOther       journeyRole = "coordinator of another record"
	jAdmin       journeyRole = "admin"
)

var journeyRoles = []journeyRole{jAnonymous, jMember, jClaimant, jCoordinator, jOther, jAdmin}

// journeyCase builds one request for a role on a fresh record and says the
// status it must get.
type journeyCase func(t *testing.T, ps *partnersSite, r journeyRole) (path string, form url.Values, want int)

// claimOn makes the member (max) claim party and returns the claim's id.
func claimOn(t *testing.T, ps *partnersSite, party wikicities.Party) int64 {
	t.Helper()
	c := &wikicities.Claim{Party: party, WikimediaUsername: "Max"}
	if err := ps.db.Claims().RequestClaim(storetest.As(context.Background(), ps.Member), c); err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// orphan registers a group nobody coordinates, with a Meta-Wiki page.
func orphan(t *testing.T, ps *partnersSite) wikicities.Party {
	t.Helper()
	c := &wikicities.Community{Kind: "user_group", Name: fmt.Sprintf("Orphans %d", len(t.Name())), CityID: ps.Paris, Status: "active", MetaPage: "Orphans"}
	if err := ps.db.Communities().CreateCommunity(wikicities.NewContext(context.Background(), wikicities.System), c); err != nil {
		t.Fatal(err)
	}
	return wikicities.Party{Kind: wikicities.PartyCommunity, ID: c.ID}
}

func statusFor(r journeyRole, allowed map[journeyRole]int) int {
	if s, ok := allowed[r]; ok {
		return s
	}
	if r == jAnonymous {
		return http.StatusUnauthorized
	}
	return http.StatusForbidden
}

var journeyCases = map[string]journeyCase{
	"POST /claims": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// The record is B; its coordinator already coordinates it.
		return "/claims", url.Values{"party": {fmt.Sprintf("community:%d", ps.B.ID)}},
			statusFor(r, map[journeyRole]int{jMember: 303, jClaimant: 303, jOther: 303, jAdmin: 303, jCoordinator: http.StatusConflict})
	},
	"POST /claims/{id}/decide": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		id := claimOn(t, ps, ps.B)
		return fmt.Sprintf("/claims/%d/decide", id), url.Values{"decision": {"approve"}},
			statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
	},
	"POST /claims/{id}/withdraw": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		id := claimOn(t, ps, ps.B)
		return fmt.Sprintf("/claims/%d/withdraw", id), url.Values{}, statusFor(r, map[journeyRole]int{jMember: 303, jClaimant: 303})
	},
	"POST /claims/{id}/verify": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		id := claimOn(t, ps, orphan(t, ps))
		// The member is the claimant; an admin reads the claim but only its
		// claimant confirms it on Meta-Wiki.
		return fmt.Sprintf("/claims/%d/verify", id), url.Values{}, statusFor(r, map[journeyRole]int{jMember: 303, jClaimant: 303})
	},
	"POST /communities/{id}/recruit": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		return fmt.Sprintf("/communities/%d/recruit", ps.B.ID), url.Values{"city": {fmt.Sprint(ps.Berlin)}},
			statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
	},
	"POST /account/password": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// Anyone signed in may try; a wrong current password is refused.
		return "/account/password", url.Values{"current_password": {"not the password"}, "new_password": {"a brand new password"}, "new_password_again": {"a brand new password"}},
			statusFor(r, map[journeyRole]int{jMember: 422, jClaimant: 422, jCoordinator: 422, jOther: 422, jAdmin: 422})
	},
	"POST /auth/forgot": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// Anyone may ask, signed in or not; the answer never says more.
		return "/auth/forgot", url.Values{"who": {"max"}}, 303
	},
	"POST /auth/reset/{token}": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// Only the mailed link sets a password (TestForgotPasswordMailsASingleUseLink);
		// being signed in, even as an admin, gives a forged one no power.
		return "/auth/reset/eyJ1IjoxLCJ4Ijo5OTk5OTk5OTk5fQ.c2lnbmVk", url.Values{"new_password": {"a brand new password"}, "new_password_again": {"a brand new password"}}, http.StatusGone
	},
	"POST /institutions": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// Anyone signed in registers an institution (and coordinates it).
		return "/institutions", url.Values{"name": {"Bibliothèque " + string(r)}, "kind": {"library"}, "city": {"Paris"}},
			statusFor(r, map[journeyRole]int{jMember: 303, jClaimant: 303, jCoordinator: 303, jOther: 303, jAdmin: 303})
	},
	"POST /institutions/{id}/edit": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		// The record is an institution the coordinator registered.
		in := &wikicities.Institution{Kind: "archive", Name: "Archives de Paris", CityID: ps.Paris}
		if err := ps.db.Institutions().CreateInstitution(storetest.As(context.Background(), ps.CoordB), in); err != nil {
			t.Fatal(err)
		}
		ps.CoordB.Coordinates = append(ps.CoordB.Coordinates, in.Ref())
		return fmt.Sprintf("/institutions/%d/edit", in.ID), url.Values{"name": {"Archives de Paris"}, "kind": {"archive"}, "city": {"Paris"}, "version": {"1"}},
			statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303})
	},
	"POST /inbox/email": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		return "/inbox/email", url.Values{"email": {"daily"}},
			statusFor(r, map[journeyRole]int{jMember: 303, jClaimant: 303, jCoordinator: 303, jOther: 303, jAdmin: 303})
	},
	"POST /partnerships/{id}/messages": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		p := &wikicities.Partnership{A: ps.A, B: ps.B, Type: "twinning", Level: "local"}
		if err := ps.db.Partnerships().Propose(storetest.As(context.Background(), ps.CoordA), p, ""); err != nil {
			t.Fatal(err)
		}
		// The record is B; a thread is for explicit coordinators: admins out.
		return fmt.Sprintf("/partnerships/%d/messages", p.ID), url.Values{"body": {"hello"}}, statusFor(r, map[journeyRole]int{jCoordinator: 303})
	},
	"POST /requests/{id}/answers": func(t *testing.T, ps *partnersSite, r journeyRole) (string, url.Values, int) {
		req := &wikicities.PartnerRequest{Party: ps.A.Ref(), Title: "Photo walk", Expires: time.Now().AddDate(0, 1, 0)}
		if err := ps.db.Requests().CreateRequest(storetest.As(context.Background(), ps.CoordA), req); err != nil {
			t.Fatal(err)
		}
		// On behalf of B: whoever does not coordinate B posted a page that
		// is out of date (or never offered them the form), said in the page.
		return fmt.Sprintf("/requests/%d/answers", req.ID), url.Values{"party": {fmt.Sprintf("community:%d", ps.B.ID)}, "version": {fmt.Sprint(req.Version)}, "message": {"hello"}},
			statusFor(r, map[journeyRole]int{jCoordinator: 303, jAdmin: 303, jMember: 409, jClaimant: 409, jOther: 409})
	},
}

// actorOf is the actor of role r on a site whose record is B.
func (ps *partnersSite) actorOf(r journeyRole) *wikicities.Actor {
	switch r {
	case jMember, jClaimant:
		return ps.Member
	case jCoordinator:
		return ps.CoordB
	case jOther:
		return ps.CoordC
	case jAdmin:
		return ps.Admin
	}
	return nil
}

func TestJourneyFormRoutesByRole(t *testing.T) {
	for route, build := range journeyCases {
		t.Run(route, func(t *testing.T) {
			for _, r := range journeyRoles {
				ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
				ps.s.ClaimVerifier = &fakeVerifier{}
				ps.s.Mailer = discardMailer{}
				path, form, want := build(t, ps, r)
				if got := ps.post(t, ps.actorOf(r), path, form); got.code != want {
					t.Errorf("%s as %s: %d, want %d", route, r, got.code, want)
				}
			}
		})
	}
}

// Every form route the journey added is in the matrix above.
func TestJourneyFormRoutesAreAllInTheMatrix(t *testing.T) {
	ps := newPartnersSite(t, storetest.MustOpen(t, store.SQLite))
	for _, p := range []string{"POST /claims", "POST /claims/{id}/decide", "POST /claims/{id}/withdraw", "POST /claims/{id}/verify",
		"POST /communities/{id}/recruit", "POST /inbox/email", "POST /account/password", "POST /partnerships/{id}/messages",
		"POST /auth/forgot", "POST /auth/reset/{token}", "POST /institutions", "POST /institutions/{id}/edit",
		"POST /events/{id}/resources", "POST /campaigns/{id}/resources", "POST /partnerships/{id}/resources",
		"POST /events/{id}/resources/{resource}/remove", "POST /campaigns/{id}/resources/{resource}/remove", "POST /partnerships/{id}/resources/{resource}/remove",
		"POST /partnerships/{id}/responsibilities/{rid}/resources", "POST /partnerships/{id}/responsibilities/{rid}/resources/{resource}/remove",
		"POST /requests/{id}/answers"} {
		found := false
		for _, q := range ps.s.Patterns() {
			found = found || q == p
		}
		if !found {
			t.Errorf("%s is not a route any more: update journeyCases", p)
		}
		if _, ok := journeyCases[p]; !ok {
			t.Errorf("%s has no row in journeyCases", p)
		}
	}
}

// discardMailer accepts every message and sends none.
type discardMailer struct{}

func (discardMailer) Send(_ context.Context, msgs []email.Message) ([]error, error) {
	return make([]error, len(msgs)), nil
}
