package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The refusals that the pages' shared form handling (Server.submit and
// Server.afterAction, pages_forms.go) turns into words: each says why on
// the page it came from, with 409 when the record's state refused it, and
// changes nothing.

func TestAnActionTheStateNoLongerAllowsIsExplainedOnItsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.accepted(t)
		x := ps.partnership(t, id)
		// Accepting an accepted partnership, at its current version.
		r := ps.post(t, ps.CoordB, fmt.Sprintf("/partnerships/%d/answer", id), url.Values{"action": {"accept"}, "version": {fmt.Sprint(x.Version)}})
		if r.code != http.StatusConflict {
			t.Fatalf("accepting twice: %d, want 409", r.code)
		}
		mustContain(t, "accepting twice", r.body, "This is no longer possible in the partnership&#39;s current state.", "<h1>")
		if got := ps.partnership(t, id); got.Version != x.Version || got.State != x.State {
			t.Errorf("the refused answer changed the partnership: version %d state %s, was %d %s", got.Version, got.State, x.Version, x.State)
		}
	})
}

func TestADecidedClaimIsExplainedOnItsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := claimOn(t, ps, ps.B)
		decide := url.Values{"decision": {"approve"}}
		if r := ps.post(t, ps.CoordB, fmt.Sprintf("/claims/%d/decide", id), decide); r.code != http.StatusSeeOther {
			t.Fatalf("first decision: %d %s", r.code, r.body)
		}
		decide.Set("decision", "decline")
		r := ps.post(t, ps.CoordB, fmt.Sprintf("/claims/%d/decide", id), decide)
		if r.code != http.StatusConflict {
			t.Fatalf("second decision: %d, want 409", r.code)
		}
		mustContain(t, "second decision", r.body, "This request was decided or changed meanwhile; here is where it stands.")
		c, err := db.Claims().Claim(storetest.As(context.Background(), ps.Admin), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.State != wikicities.ClaimApproved {
			t.Errorf("the second decision changed the claim to %s", c.State)
		}
	})
}

func TestProposingToPartnersAgainKeepsTheFormAndSaysWhy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ps.propose(t)
		form := url.Values{"a": {fmt.Sprint(ps.A.ID)}, "b": {fmt.Sprintf("community:%d", ps.B.ID)}, "type": {"twinning"}, "level": {"local"},
			"message": {"Once more <with feeling>"}}
		r := ps.post(t, ps.CoordA, "/partnerships", form)
		if r.code != http.StatusConflict {
			t.Fatalf("second proposal: %d, want 409", r.code)
		}
		mustContain(t, "second proposal", r.body, "Wikimedians of Berlin and Wikimedia Paris already have a partnership or a proposal under way.",
			"Once more &lt;with feeling&gt;</textarea>")
		if _, n, _ := db.Partnerships().Partnerships(context.Background(), wikicities.PartnershipFilter{}); n != 1 {
			t.Errorf("%d partnerships after a refused second proposal, want 1", n)
		}
	})
}
