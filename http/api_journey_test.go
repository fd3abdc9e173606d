package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// claimBy records a pending claim of u on p and returns it.
func (f *authzFixture) claimBy(u *wikicities.User, p wikicities.PartyRef) *wikicities.Claim {
	f.T.Helper()
	c := &wikicities.Claim{Party: wikicities.Party{Kind: p.Kind, ID: p.ID}, WikimediaUsername: "Some Wikimedian"}
	ctx := wikicities.NewContext(context.Background(), &wikicities.Actor{UserID: u.ID, Username: u.Username, Role: u.Role})
	if err := f.DB.Claims().RequestClaim(ctx, c); err != nil {
		f.T.Fatal(err)
	}
	return c
}

// The journey's API routes in the authorization matrix (see
// http/api_journey.go for the rules).
func init() {
	authzCases["POST /api/v1/claims"] = func(f *authzFixture, r role) authzCase {
		p := f.Party(wikicities.PartyCommunity)
		return authzCase{Path: "/api/v1/claims", Body: map[string]any{"party": p, "message": "We run it"}, Record: &p,
			Allow: []role{member, otherCoordinator, admin}, OK: http.StatusCreated,
			Status: map[role]int{coordinator: http.StatusConflict}} // coordinates it already
	}
	authzCases["POST /api/v1/claims/{id}/decision"] = func(f *authzFixture, r role) authzCase {
		p := f.Party(wikicities.PartyCommunity)
		c := f.claimBy(f.Site.user(f.Unique("Claimant"), wikicities.RoleMember, ""), p)
		return authzCase{Path: fmt.Sprintf("/api/v1/claims/%d/decision", c.ID), Body: map[string]any{"decision": "approve", "version": c.Version},
			Record: &p, Allow: []role{coordinator, admin}, OK: http.StatusOK}
	}
	authzCases["POST /api/v1/claims/{id}/withdraw"] = func(f *authzFixture, r role) authzCase {
		p := f.Party(wikicities.PartyCommunity)
		c := f.claimBy(f.Users[member], p)
		return authzCase{Path: fmt.Sprintf("/api/v1/claims/%d/withdraw", c.ID), Record: &p, Allow: []role{member}, OK: http.StatusOK}
	}
	authzCases["POST /api/v1/claims/{id}/verify"] = func(f *authzFixture, r role) authzCase {
		f.Site.Srv.ClaimVerifier = &fakeVerifier{}
		p := f.Party(wikicities.PartyCommunity) // nobody coordinates it: no Record
		c := f.claimBy(f.Users[member], p)
		return authzCase{Path: fmt.Sprintf("/api/v1/claims/%d/verify", c.ID), Allow: []role{member}, OK: http.StatusOK}
	}
	authzCases["POST /api/v1/partnerships/{id}/messages"] = func(f *authzFixture, r role) authzCase {
		p, a, _ := f.partnership(wikicities.StateProposed)
		// A thread is for explicit coordinators: admins do not read it.
		return authzCase{Path: fmt.Sprintf("/api/v1/partnerships/%d/messages", p.ID), Body: map[string]string{"body": "Hello"},
			Record: &a, Allow: []role{coordinator}, OK: http.StatusCreated}
	}
	authzCases["POST /api/v1/inbox/seen"] = func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/inbox/seen", Allow: signedIn, OK: http.StatusNoContent}
	}
	authzCases["PUT /api/v1/inbox/email"] = func(f *authzFixture, r role) authzCase {
		return authzCase{Path: "/api/v1/inbox/email", Body: map[string]string{"frequency": "weekly"}, Allow: signedIn, OK: http.StatusOK}
	}
}

// journeyAPI is a site with the partners world: A, B, C and an
// institution, each with a coordinator, a member without grants and an
// admin, each with a session.
type journeyAPI struct {
	*site
	w     *storetest.Partners
	creds map[string]cred
}

func newJourneyAPI(t *testing.T, db *store.DB, configure ...func(*wchttp.Server)) *journeyAPI {
	t.Helper()
	s := newSite(t, db, configure...)
	w := storetest.MustPartners(t, db)
	j := &journeyAPI{site: s, w: w, creds: map[string]cred{}}
	for name, a := range map[string]*wikicities.Actor{"coordA": w.CoordA, "coordB": w.CoordB, "coordC": w.CoordC, "member": w.Member, "admin": w.Admin} {
		u, err := db.Accounts().User(context.Background(), a.UserID)
		if err != nil {
			t.Fatal(err)
		}
		j.creds[name] = s.session(u)
	}
	return j
}

// call sends a request as who and decodes a JSON object answer.
func (j *journeyAPI) call(who, method, path string, body any, want int) map[string]any {
	j.t.Helper()
	resp := j.do(j.creds[who], method, path, body)
	if resp.StatusCode != want {
		j.t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, who, resp.StatusCode, want, decodeLoose(resp))
	}
	if resp.StatusCode == http.StatusNoContent {
		return nil
	}
	return decode(j.t, resp)
}

// A claim through the API: asked by a member with the code shown to them
// alone, listed for the claimant and for the group's coordinator, not for
// others; decided at its version (a stale one is refused); the new
// coordinator then acts for the group.
func TestClaimsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		j := newJourneyAPI(t, db, func(s *wchttp.Server) { s.ClaimVerifier = &fakeVerifier{} })
		b := fmt.Sprintf("community:%d", j.w.B.ID)
		c := j.call("member", "POST", "/api/v1/claims", map[string]any{"party": map[string]any{"kind": "community", "id": j.w.B.ID},
			"message": "I run the meetups", "wikimedia_username": "Max"}, 201)
		id := int64(c["id"].(float64))
		if c["state"] != "pending" || c["code"] == nil || c["code"] == "" || c["code_page"] != "User:Max/WikiCities" {
			t.Errorf("the claimant's view: %v", c)
		}
		if party := c["party"].(map[string]any); party["name"] != j.w.B.Name {
			t.Errorf("party %v, want its name", party)
		}
		seen := j.call("coordB", "GET", fmt.Sprintf("/api/v1/claims/%d", id), nil, 200)
		if _, has := seen["code"]; has {
			t.Error("the group's coordinator sees the claimant's code")
		}
		j.call("coordC", "GET", fmt.Sprintf("/api/v1/claims/%d", id), nil, 403)
		for who, n := range map[string]int{"coordB": 1, "member": 1, "coordC": 0} {
			got := j.call(who, "GET", "/api/v1/claims?role=approver&state=pending&party="+b, nil, 200)["claims"].([]any)
			if who == "member" {
				got = j.call(who, "GET", "/api/v1/claims?role=claimant", nil, 200)["claims"].([]any)
			}
			if len(got) != n {
				t.Errorf("%s lists %d claims, want %d", who, len(got), n)
			}
		}
		j.call("member", "GET", "/api/v1/claims?role=boss", nil, 422)
		j.call("member", "POST", "/api/v1/claims", map[string]any{"party": map[string]any{"kind": "community", "id": j.w.B.ID}}, 409)
		j.call("coordB", "POST", fmt.Sprintf("/api/v1/claims/%d/decision", id), map[string]any{"decision": "maybe", "version": 1}, 422)
		j.call("coordB", "POST", fmt.Sprintf("/api/v1/claims/%d/decision", id), map[string]any{"decision": "approve"}, 428)
		j.call("coordB", "POST", fmt.Sprintf("/api/v1/claims/%d/decision", id), map[string]any{"decision": "approve", "version": 99}, 412)
		j.call("member", "POST", fmt.Sprintf("/api/v1/claims/%d/decision", id), map[string]any{"decision": "approve", "version": c["version"]}, 403)
		got := j.call("coordB", "POST", fmt.Sprintf("/api/v1/claims/%d/decision", id), map[string]any{"decision": "approve", "version": c["version"], "note": "Welcome"}, 200)
		if got["state"] != "approved" || got["method"] != "coordinator" || got["note"] != "Welcome" {
			t.Errorf("decided: %v", got)
		}
		j.call("coordB", "POST", fmt.Sprintf("/api/v1/claims/%d/decision", id), map[string]any{"decision": "decline", "version": got["version"]}, 409)
		// Signed in again, the member coordinates B: they may read B's thread.
		u, _ := db.Accounts().User(context.Background(), j.w.Member.UserID)
		j.creds["member"] = j.session(u)
		p := &wikicities.Partnership{A: j.w.A, B: j.w.B, Type: "twinning", Level: "local"}
		if err := db.Partnerships().Propose(storetest.As(context.Background(), j.w.CoordA), p, ""); err != nil {
			t.Fatal(err)
		}
		j.call("member", "GET", fmt.Sprintf("/api/v1/partnerships/%d/messages", p.ID), nil, 200)
	})
}

// A claim on a group nobody coordinates is confirmed on Meta-Wiki by its
// claimant; a failed check says what is missing; withdrawing is the
// claimant's alone.
func TestClaimVerifyAndWithdrawThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		fv := &fakeVerifier{err: &wikicities.VerificationError{Problem: wikicities.VerifyNotNamed, Page: "Wikimedians of Nowhere", Detail: "the page does not name Max"}}
		j := newJourneyAPI(t, db, func(s *wchttp.Server) { s.ClaimVerifier = fv })
		free := storetest.MustParty(t, db, wikicities.PartyCommunity)
		c := j.call("member", "POST", "/api/v1/claims", map[string]any{"party": free, "wikimedia_username": "Max"}, 201)
		path := fmt.Sprintf("/api/v1/claims/%d", int64(c["id"].(float64)))
		failed := j.call("member", "POST", path+"/verify", nil, 422)
		if failed["problem"] != "not_named" || failed["page"] != "Wikimedians of Nowhere" || !strings.Contains(failed["error"].(string), "does not name Max") {
			t.Errorf("failed check: %v", failed)
		}
		j.call("admin", "POST", path+"/verify", nil, 403)
		fv.err = nil
		if got := j.call("member", "POST", path+"/verify", nil, 200); got["state"] != "approved" || got["method"] != "meta_wiki" {
			t.Errorf("confirmed: %v", got)
		}
		c = j.call("coordC", "POST", "/api/v1/claims", map[string]any{"party": free}, 201)
		path = fmt.Sprintf("/api/v1/claims/%d", int64(c["id"].(float64)))
		j.call("admin", "POST", path+"/withdraw", nil, 403)
		if got := j.call("coordC", "POST", path+"/withdraw", nil, 200); got["state"] != "withdrawn" {
			t.Errorf("withdrawn: %v", got)
		}
		j.call("coordC", "POST", path+"/withdraw", nil, 409)
	})
}

// The thread through the API: the two parties' coordinators write and
// read it; nobody else does, not even an admin; an empty message is
// refused; the other side finds it in their inbox, whose counts follow,
// and marking it seen leaves the to-dos counted.
func TestMessagesAndInboxThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		j := newJourneyAPI(t, db)
		p := &wikicities.Partnership{A: j.w.A, B: j.w.B, Type: "twinning", Level: "local", Message: "Shall we?"}
		if err := db.Partnerships().Propose(storetest.As(context.Background(), j.w.CoordA), p, ""); err != nil {
			t.Fatal(err)
		}
		thread := fmt.Sprintf("/api/v1/partnerships/%d/messages", p.ID)
		counts := j.call("coordB", "GET", "/api/v1/inbox/counts", nil, 200)
		if counts["todo"] != 1.0 || counts["count"] != 1.0 {
			t.Errorf("B's counts before any message: %v", counts)
		}
		m := j.call("coordA", "POST", thread, map[string]string{"body": "  Hello from Berlin  "}, 201)
		if m["body"] != "Hello from Berlin" || m["side"] != "a" || m["author_name"] == "" {
			t.Errorf("message: %v", m)
		}
		j.call("coordB", "POST", thread, map[string]string{"body": "Bonjour !"}, 201)
		j.call("coordB", "POST", thread, map[string]string{"body": "   "}, 422)
		for _, who := range []string{"coordC", "member", "admin"} {
			j.call(who, "GET", thread, nil, 403)
			j.call(who, "POST", thread, map[string]string{"body": "let me in"}, 403)
		}
		wantStatus(t, j.do(cred{}, "GET", thread, nil), 401)
		msgs := j.call("coordA", "GET", thread, nil, 200)["messages"].([]any)
		if len(msgs) != 2 || msgs[0].(map[string]any)["body"] != "Hello from Berlin" || msgs[1].(map[string]any)["side"] != "b" {
			t.Errorf("thread: %v", msgs)
		}

		in := j.call("coordB", "GET", "/api/v1/inbox", nil, 200)
		items := in["items"].([]any)
		kinds := map[string]bool{}
		for _, it := range items {
			m := it.(map[string]any)
			kinds[m["kind"].(string)] = true
			if m["kind"] == "message" && !strings.HasSuffix(m["link"].(string), fmt.Sprintf("/partnerships/%d#wc-messages", p.ID)) {
				t.Errorf("message item links to %v", m["link"])
			}
		}
		if !kinds["proposal"] || !kinds["message"] || in["email"] != "immediately" {
			t.Errorf("B's inbox: %v", in)
		}
		c := in["counts"].(map[string]any)
		if c["todo"] != 1.0 || c["new"] != 2.0 || c["count"] != 2.0 || c["items"] != 2.0 { // the proposal is new and a to-do
			t.Errorf("B's counts: %v", c)
		}
		j.call("coordB", "POST", "/api/v1/inbox/seen", nil, 204)
		if c := j.call("coordB", "GET", "/api/v1/inbox/counts", nil, 200); c["count"] != 1.0 || c["new"] != 0.0 || c["todo"] != 1.0 {
			t.Errorf("after seen: %v, want the proposal still counted", c)
		}
		j.call("coordB", "GET", "/api/v1/inbox?due_within_days=900", nil, 422)
		j.call("coordB", "PUT", "/api/v1/inbox/email", map[string]string{"frequency": "hourly"}, 422)
		j.call("coordB", "PUT", "/api/v1/inbox/email", map[string]string{"frequency": "weekly"}, 200)
		if got := j.call("coordB", "GET", "/api/v1/inbox", nil, 200)["email"]; got != "weekly" {
			t.Errorf("email choice %v, want weekly", got)
		}
		wantStatus(t, j.do(cred{}, "GET", "/api/v1/inbox", nil), 401)
	})
}

// The journey's reads of one record check the account first, then the id
// (a bad one names the field, an unknown one is not found); its writes
// check access, then the id, then the body, which must be one known JSON
// object.
func TestJourneyAPIChecksAccountIDAndBodyInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		j := newJourneyAPI(t, db)
		p := &wikicities.Partnership{A: j.w.A, B: j.w.B, Type: "twinning", Level: "local"}
		if err := db.Partnerships().Propose(storetest.As(context.Background(), j.w.CoordA), p, ""); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/api/v1/claims/%s", "/api/v1/partnerships/%s/messages"} {
			wantStatus(t, j.do(cred{}, "GET", fmt.Sprintf(path, "x"), nil), 401)
			bad := j.call("coordA", "GET", fmt.Sprintf(path, "x"), nil, 422)
			if fields, _ := bad["fields"].([]any); len(fields) != 1 || fields[0].(map[string]any)["field"] != "id" {
				t.Errorf("GET %s with a bad id: %v, want the field id named", path, bad)
			}
		}
		j.call("coordA", "GET", "/api/v1/claims/999999", nil, 404)
		for _, path := range []string{"/api/v1/claims/%s/decision", "/api/v1/partnerships/%s/messages"} {
			wantStatus(t, j.do(cred{}, "POST", fmt.Sprintf(path, "1"), map[string]string{}), 401)
			j.call("coordA", "POST", fmt.Sprintf(path, "x"), map[string]string{"bogus": "1"}, 422)
			j.call("coordA", "POST", fmt.Sprintf(path, fmt.Sprint(p.ID)), map[string]string{"bogus": "1"}, 400)
		}
	})
}
