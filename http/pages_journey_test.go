package http_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// fakeVerifier stands in for Meta-Wiki (mediawiki.ClaimVerifier is tested
// against the real wiki in its package): it answers err, or confirms.
type fakeVerifier struct{ err error }

func (f *fakeVerifier) Verify(_ context.Context, c *wikicities.Claim, metaPage string, _ bool) (wikicities.ClaimEvidence, error) {
	if f.err != nil {
		return wikicities.ClaimEvidence{}, f.err
	}
	return wikicities.ClaimEvidence{MetaPage: metaPage, MetaRevID: 7}, nil
}

func (f *fakeVerifier) CodePage(username string) string { return "User:" + username + "/WikiCities" }

// location returns the id in a redirect to prefix+id.
func location(t *testing.T, r response, prefix string) int64 {
	t.Helper()
	var id int64
	if r.code != http.StatusSeeOther {
		t.Fatalf("status %d, want a redirect to %s…: %s", r.code, prefix, r.body)
	}
	if _, err := fmt.Sscanf(r.head.Get("Location"), prefix+"%d", &id); err != nil {
		t.Fatalf("Location %q, want %s…", r.head.Get("Location"), prefix)
	}
	return id
}

// refreshed returns a's actor with its current grants.
func refreshed(t *testing.T, db *store.DB, a *wikicities.Actor) *wikicities.Actor {
	t.Helper()
	u, err := db.Accounts().User(context.Background(), a.UserID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := db.Accounts().Actor(context.Background(), u, "")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A group nobody coordinates is claimed on its page and confirmed on
// Meta-Wiki; a coordinated group's claim goes to its coordinator's inbox
// and is decided there; nobody else sees or decides a claim.
func TestClaimsOnTheWeb(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		fv := &fakeVerifier{err: &wikicities.VerificationError{Problem: wikicities.VerifyNotNamed, Page: "Wikimedians of Lyon"}}
		ps.s.ClaimVerifier = fv
		lyon := &wikicities.Community{Kind: "user_group", Name: "Wikimedians of Lyon", CityID: ps.Paris, Status: "active",
			MetaPage: "Wikimedians of Lyon", Contact: "secret@lyon.example"}
		if err := db.Communities().CreateCommunity(wikicities.NewContext(context.Background(), wikicities.System), lyon); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/communities/%d", lyon.ID)
		anon := ps.get(t, nil, page).body
		mustContain(t, "anonymous view of an unclaimed group", anon, "Nobody coordinates this group on WikiCities yet", "Sign in to coordinate this group")
		mustNotContain(t, "anonymous view", anon, "secret@lyon.example", `action="/claims"`)
		mustContain(t, "a member's view", ps.get(t, ps.Member, page).body, `action="/claims"`, "I coordinate this group: claim it", `name="wikimedia_username"`)

		id := location(t, ps.post(t, ps.Member, "/claims", url.Values{"party": {fmt.Sprintf("community:%d", lyon.ID)}, "wikimedia_username": {"Max Example"}}), "/claims/")
		claim := fmt.Sprintf("/claims/%d", id)
		mine := ps.get(t, ps.Member, claim+"?done=requested").body
		mustContain(t, "the claimant's page", mine, "Your request was sent.", "Check on Meta-Wiki now", "User:Max Example/WikiCities", "wikicities-")
		for who, a := range map[string]*wikicities.Actor{"another coordinator": ps.CoordA, "another member": ps.CoordC} {
			if r := ps.get(t, a, claim); r.code != http.StatusForbidden {
				t.Errorf("%s reads the claim: %d", who, r.code)
			}
			if r := ps.post(t, a, claim+"/decide", url.Values{"decision": {"approve"}}); r.code != http.StatusForbidden {
				t.Errorf("%s approves the claim: %d", who, r.code)
			}
		}
		if r := ps.get(t, nil, claim); r.code != http.StatusSeeOther {
			t.Errorf("an anonymous visitor reads the claim: %d, want the sign-in page", r.code)
		}
		if r := ps.post(t, ps.CoordA, claim+"/verify", nil); r.code != http.StatusForbidden {
			t.Errorf("someone else verifies the claim: %d", r.code)
		}
		r := ps.post(t, ps.Member, claim+"/verify", url.Values{})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("verify while the page does not name the claimant: %d", r.code)
		}
		mustContain(t, "a failed check", r.body, "does not link to User:Max Example yet")
		fv.err = nil
		if r := ps.post(t, ps.Member, claim+"/verify", url.Values{}); r.code != http.StatusSeeOther {
			t.Fatalf("verify: %d %s", r.code, r.body)
		}
		max := refreshed(t, db, ps.Member)
		if !slices.Contains(max.Coordinates, lyon.Ref()) {
			t.Fatalf("after the check, max coordinates %v", max.Coordinates)
		}
		mustContain(t, "the new coordinator's view", ps.get(t, max, page).body, "1 coordinator", "secret@lyon.example")
		mustNotContain(t, "the new coordinator's inbox (his own doing is no news)", ps.get(t, max, "/inbox").body, "You now coordinate Wikimedians of Lyon")

		// A coordinated group: bertrand decides.
		id = location(t, ps.post(t, ps.CoordC, "/claims", url.Values{"party": {fmt.Sprintf("community:%d", ps.B.ID)}, "message": {"I run the Paris meetups"}}), "/claims/")
		claim = fmt.Sprintf("/claims/%d", id)
		mustContain(t, "the claimant's page", ps.get(t, ps.CoordC, claim).body, "The coordinators of Wikimedia Paris have been told")
		mustNotContain(t, "the claimant's page", ps.get(t, ps.CoordC, claim).body, "Check on Meta-Wiki now")
		home := ps.get(t, ps.CoordB, "/").body
		mustContain(t, "bertrand's home page", home, "Waiting for you (1)", "chloe asks to coordinate Wikimedia Paris", fmt.Sprintf(`href="%s"`, claim))
		mustContain(t, "bertrand's view of the claim", ps.get(t, ps.CoordB, claim).body, "I run the Paris meetups", "Approve chloe as coordinator")
		if r := ps.post(t, ps.CoordB, claim+"/decide", url.Values{"decision": {"approve"}, "note": {"Bienvenue"}}); r.code != http.StatusSeeOther {
			t.Fatalf("approve: %d %s", r.code, r.body)
		}
		if r := ps.post(t, ps.CoordB, claim+"/decide", url.Values{"decision": {"decline"}}); r.code != http.StatusConflict {
			t.Errorf("deciding twice: %d", r.code)
		}
		chloe := refreshed(t, db, ps.CoordC)
		mustContain(t, "chloe's inbox", ps.get(t, chloe, "/inbox").body, "You now coordinate Wikimedia Paris")
	})
}

// An institution's coordination box speaks of the institution, not of a
// group; and the claim form says who decides: Meta-Wiki for a group with a
// Meta-Wiki page, an admin for an institution or a group without one.
func TestCoordinationBoxNamesWhatItIsAndWhoDecides(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ps.s.ClaimVerifier = &fakeVerifier{}
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		museum := &wikicities.Institution{Kind: wikicities.InstMuseum, Name: "Musée d'Orsay", CityID: ps.Paris}
		if err := db.Institutions().CreateInstitution(sys, museum); err != nil {
			t.Fatal(err)
		}
		withMeta := &wikicities.Community{Kind: "user_group", Name: "Wikimedians of Lyon", CityID: ps.Paris, Status: "active", MetaPage: "Wikimedians of Lyon"}
		without := &wikicities.Community{Kind: "user_group", Name: "Lille Photo Walkers", CityID: ps.Paris, Status: "active"}
		for _, c := range []*wikicities.Community{withMeta, without} {
			if err := db.Communities().CreateCommunity(sys, c); err != nil {
				t.Fatal(err)
			}
		}
		page := fmt.Sprintf("/institutions/%d", museum.ID)
		anon := ps.get(t, nil, page).body
		mustContain(t, "an unclaimed institution, signed out", anon, "Nobody coordinates this institution on WikiCities yet", "Sign in to coordinate this institution")
		member := ps.get(t, ps.Member, page).body
		mustContain(t, "an unclaimed institution, to a member", member, "I coordinate this institution: claim it", "An admin of the site decides on your request")
		mustNotContain(t, "an unclaimed institution, to a member", member, "this group", "Meta-Wiki: the group")
		mustContain(t, "a coordinated institution, to a member", ps.get(t, ps.Member, fmt.Sprintf("/institutions/%d", ps.Inst.ID)).body, "Ask to coordinate this institution")
		mustContain(t, "the same page in German", ps.get(t, ps.Member, page+"?uselang=de").body, "Ich koordiniere diese Einrichtung: beanspruchen")
		mustContain(t, "a group with a Meta-Wiki page", ps.get(t, ps.Member, fmt.Sprintf("/communities/%d", withMeta.ID)).body,
			"I coordinate this group: claim it", "You confirm it on Meta-Wiki")
		noMeta := ps.get(t, ps.Member, fmt.Sprintf("/communities/%d", without.ID)).body
		mustContain(t, "a group without a Meta-Wiki page", noMeta, "I coordinate this group: claim it", "An admin of the site decides on your request")
		mustNotContain(t, "a group without a Meta-Wiki page", noMeta, "You confirm it on Meta-Wiki")
	})
}

// A city with no Wikimedia group says so on its page and names the nearest
// group, with its city and distance, signed out or in, in the reader's
// language: the way from a twin city without a group to someone to turn
// to. A city with no group near names none; a city with a group lists it.
func TestCityWithoutAGroupPointsToTheNearestGroup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		sys := wikicities.NewContext(context.Background(), wikicities.System)
		versailles := &wikicities.City{QID: "Q621", Name: "Versailles", Country: "FR", Lat: 48.80, Lng: 2.13, HasCoords: true}
		faraway := &wikicities.City{QID: "Q1489", Name: "Mexico City", Country: "MX", Lat: 19.43, Lng: -99.13, HasCoords: true}
		for _, c := range []*wikicities.City{versailles, faraway} {
			if err := db.Cities().CreateCity(sys, c); err != nil {
				t.Fatal(err)
			}
			ps.s.Graph.AddCity(c)
		}
		page := fmt.Sprintf("/cities/%d", versailles.ID)
		anon := ps.get(t, nil, page).body
		mustContain(t, "Versailles, signed out", anon, "No Wikimedia group is based in Versailles yet.", "Nearest group:",
			fmt.Sprintf(`<a href="/communities/%d"><bdi>Wikimedia Paris</bdi></a>`, ps.B.ID), "17 km away")
		mustContain(t, "Versailles in German, signed in", ps.get(t, ps.Member, page+"?uselang=de").body,
			"In Versailles ist noch keine Wikimedia-Gruppe ansässig.", "Nächste Gruppe:", "17 km entfernt")
		far := ps.get(t, ps.Member, fmt.Sprintf("/cities/%d", faraway.ID)).body
		mustContain(t, "a city far from every group", far, "No Wikimedia group is based in Mexico City yet.")
		mustNotContain(t, "a city far from every group", far, "Nearest group:")
		mustNotContain(t, "Paris, which has groups", ps.get(t, nil, fmt.Sprintf("/cities/%d", ps.Paris)).body, "No Wikimedia group is based", "Nearest group:")
	})
}

// After proposing, the proposer is told who was told; the other side finds
// the proposal in the header, the home page and the inbox; the two sides
// write to each other on the partnership page, nobody else can.
func TestProposalMessagesAndInboxOnTheWeb(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		page := fmt.Sprintf("/partnerships/%d", id)
		mustContain(t, "the proposer's confirmation", ps.get(t, ps.CoordA, page+"?done=proposed").body,
			"Your proposal was sent. The coordinator of Wikimedia Paris was told in their inbox and by email")
		home := ps.get(t, ps.CoordB, "/").body
		mustContain(t, "bertrand's home page", home, "Waiting for you (1)", "Wikimedians of Berlin proposes a partnership to Wikimedia Paris", "Let us photograph both cities.")
		view := ps.get(t, ps.CoordB, page).body
		if strings.Index(view, `value="accept"`) > strings.Index(view, "Decline the proposal…") || !strings.Contains(view, "Decline the proposal…") {
			t.Error("the answer's positive step does not come before the destructive one")
		}
		if r := ps.post(t, ps.CoordB, page+"/messages", url.Values{"body": {"Bonjour ! Parlons-en jeudi ?"}}); r.code != http.StatusSeeOther {
			t.Fatalf("bertrand writes: %d %s", r.code, r.body)
		}
		if r := ps.post(t, ps.CoordB, page+"/messages", url.Values{"body": {"   "}}); r.code != http.StatusUnprocessableEntity {
			t.Errorf("an empty message: %d", r.code)
		} else {
			mustContain(t, "an empty message", r.body, "Write a message before sending it.", `id="wc-messages"`)
		}
		for who, x := range map[string]struct {
			a    *wikicities.Actor
			want int
		}{"a third group's coordinator": {ps.CoordC, http.StatusForbidden}, "an admin": {ps.Admin, http.StatusForbidden}, "anonymous": {nil, http.StatusUnauthorized}} {
			if r := ps.post(t, x.a, page+"/messages", url.Values{"body": {"hi"}}); r.code != x.want {
				t.Errorf("%s writes: %d, want %d", who, r.code, x.want)
			}
			mustNotContain(t, who+"'s view", ps.get(t, x.a, page).body, "Parlons-en jeudi")
		}
		mustContain(t, "anna's view", ps.get(t, ps.CoordA, page).body, "Parlons-en jeudi", "bertrand for Wikimedia Paris", "Write a message to Wikimedia Paris<")
		mustContain(t, "bertrand's view", ps.get(t, ps.CoordB, page).body, "Write a message to Wikimedians of Berlin<")
		// Whoever is not signed in is told how to take the next step; a
		// signed-in visitor with no step sees no "Next step" heading.
		anon := ps.get(t, nil, page).body
		mustContain(t, "the anonymous view", anon, `<a href="/auth/signin?returnto=%2Fpartnerships%2F`,
			"Sign in to take the next step, if you coordinate Wikimedians of Berlin or Wikimedia Paris.")
		mustNotContain(t, "a third group's coordinator's view", ps.get(t, ps.CoordC, page).body, `id="wc-next"`, "Sign in to take the next step")
		mustContain(t, "anna's header", ps.get(t, ps.CoordA, "/account").body, "Waiting for you (1)", "Message from bertrand about the partnership of Wikimedians of Berlin with Wikimedia Paris")
		ps.get(t, ps.CoordA, "/inbox")
		mustContain(t, "anna's header after reading", ps.get(t, ps.CoordA, "/").body, "Waiting for you (0)")
		if r := ps.post(t, ps.CoordA, "/inbox/email", url.Values{"email": {"weekly"}}); r.code != http.StatusSeeOther {
			t.Errorf("choosing weekly: %d", r.code)
		}
		mustContain(t, "the email choice", ps.get(t, ps.CoordA, "/inbox").body, `value="weekly" checked`)
		if r := ps.post(t, ps.CoordA, "/inbox/email", url.Values{"email": {"hourly"}}); r.code != http.StatusUnprocessableEntity {
			t.Errorf("choosing hourly: %d", r.code)
		}
	})
}

// A twin city with no group is a place to recruit: its name opens the city,
// the nearest group opens that group, the invitation registers a group
// there, and a coordinator posts a partner-wanted request that works.
func TestPlacesToRecruitLeadSomewhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		ctx := wikicities.NewContext(context.Background(), wikicities.System)
		var lyon int64
		if err := db.QueryRow(ctx, `INSERT INTO cities (qid, name, country, name_key, lat, lng, has_coords, created_at, updated_at)
			VALUES ('Q456', 'Lyon', 'FR', 'lyon', 45.76, 4.84, 1, 0, 0) RETURNING id`).Scan(&lyon); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Cities().AddTwinLink(ctx, &wikicities.TwinLink{A: ps.Berlin, B: lyon, Source: wikicities.SourceManual}); err != nil {
			t.Fatal(err)
		}
		ps.s.Graph.AddCity(&wikicities.City{ID: lyon, Name: "Lyon", Country: "FR", Lat: 45.76, Lng: 4.84, HasCoords: true})
		ps.s.Graph.AddLink(ps.Berlin, lyon)
		page := fmt.Sprintf("/communities/%d", ps.A.ID)
		body := ps.get(t, ps.CoordA, page).body
		mustContain(t, "the places to recruit", body, "Places to recruit", fmt.Sprintf(`<a href="/cities/%d"><bdi>Lyon</bdi></a>`, lyon),
			fmt.Sprintf("/communities/new?city=%d", lyon), "Post a partner-wanted request for Lyon", "no active community within", "strength ")
		mustNotContain(t, "the suggestions", body, fmt.Sprintf(`href="/communities/%d"><bdi>Lyon`, lyon), fmt.Sprintf("city%%3A%d", lyon), "b=city")
		mustNotContain(t, "an anonymous view", ps.get(t, nil, page).body, "Post a partner-wanted request")
		if r := ps.post(t, ps.CoordC, page+"/recruit", url.Values{"city": {fmt.Sprint(lyon)}}); r.code != http.StatusForbidden {
			t.Errorf("another group's coordinator posts for A: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, page+"/recruit", url.Values{"city": {"999999"}}); r.code != http.StatusUnprocessableEntity {
			t.Errorf("an unknown city: %d", r.code)
		}
		if r := ps.post(t, ps.CoordA, page+"/recruit", url.Values{"city": {fmt.Sprint(lyon)}}); r.code != http.StatusSeeOther {
			t.Fatalf("post: %d %s", r.code, r.body)
		}
		mustContain(t, "after posting", ps.get(t, ps.CoordA, page+"?done=recruit").body, "Your partner-wanted request was posted", "Your partner-wanted request for Lyon is open.")
		reqs, _, err := db.Requests().Requests(ctx, wikicities.RequestFilter{Party: ps.A.Ref()})
		if err != nil || len(reqs) != 1 || reqs[0].Title != "Partner wanted in Lyon" || !slices.Equal(reqs[0].CityIDs, []int64{lyon}) {
			t.Errorf("requests %+v, %v", reqs, err)
		}
	})
}

// Visitors create an account on the web when sign-up is on, are signed in
// at once, and see each problem next to its field; with sign-up off there is
// no such page.
func TestSignUpOnTheWeb(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ps := newPartnersSite(t, db)
	if r := ps.get(t, nil, "/auth/signup"); r.code != http.StatusNotFound {
		t.Errorf("sign-up page with sign-up off: %d", r.code)
	}
	mustNotContain(t, "the sign-in page with sign-up off", ps.get(t, nil, "/auth/signin").body, "/auth/signup")
	ps.s.Auth.SignupEnabled = true
	mustContain(t, "the sign-in page", ps.get(t, nil, "/auth/signin?returnto=/inbox").body, `href="/auth/signup?returnto=%2Finbox"`, "Create an account")
	for _, lang := range []string{"en", "de", "ar"} {
		if r := ps.get(t, nil, "/auth/signup?uselang="+lang); r.code != http.StatusOK {
			t.Errorf("%s: %d", lang, r.code)
		}
	}
	bad := ps.post(t, nil, "/auth/signup", url.Values{"username": {"Zoé"}, "password": {"short"}, "email": {"not an address"}})
	if bad.code != http.StatusUnprocessableEntity {
		t.Fatalf("bad input: %d", bad.code)
	}
	mustContain(t, "the refused form", bad.body, `id="f-password-error"`, `id="f-email-error"`, `value="Zoé"`)
	r := ps.post(t, nil, "/auth/signup", url.Values{"username": {"Zoé"}, "password": {"a long enough password"}, "email": {"zoe@example.org"}, "returnto": {"/inbox"}})
	if r.code != http.StatusSeeOther || r.head.Get("Location") != "/inbox" || !strings.Contains(r.head.Get("Set-Cookie"), "session") {
		t.Fatalf("sign-up: %d %q %q", r.code, r.head.Get("Location"), r.head.Get("Set-Cookie"))
	}
	if taken := ps.post(t, nil, "/auth/signup", url.Values{"username": {"Zoé"}, "password": {"another long password"}}); taken.code != http.StatusConflict ||
		!strings.Contains(taken.body, "The name Zoé is taken") {
		t.Errorf("a taken name: %d", taken.code)
	}
}

// Someone who has just created an account lands on the home page with a
// welcome that says what to do first, in their language; nobody else sees
// it, whatever the address says.
func TestSignUpLandsOnAWelcomeWithTheNextStep(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	ps := newPartnersSite(t, db)
	ps.s.Auth.SignupEnabled = true
	r := ps.post(t, nil, "/auth/signup", url.Values{"username": {"Zoé"}, "password": {"a long enough password"}})
	if r.code != http.StatusSeeOther || r.head.Get("Location") != "/?done=signup" {
		t.Fatalf("sign-up: %d %q", r.code, r.head.Get("Location"))
	}
	u, err := db.Accounts().UserByName(wikicities.NewContext(context.Background(), wikicities.System), "Zoé")
	if err != nil {
		t.Fatal(err)
	}
	zoe := &wikicities.Actor{UserID: u.ID, Username: u.Username, Role: u.Role}
	mustContain(t, "the home page after signing up", ps.get(t, zoe, "/?done=signup").body,
		"Welcome, Zoé: your account is ready. Next, find your group in the directory", `href="/communities/new"`, `href="/communities"`)
	mustContain(t, "the same in German", ps.get(t, zoe, "/?done=signup&uselang=de").body, "Willkommen, Zoé: Dein Konto ist eingerichtet.")
	mustNotContain(t, "the home page later", ps.get(t, zoe, "/").body, "your account is ready")
	mustNotContain(t, "the address opened signed out", ps.get(t, nil, "/?done=signup").body, "your account is ready")
}

// inboxReads counts the inboxes read.
type inboxReads struct {
	wikicities.InboxService
	n int
}

func (c *inboxReads) Inbox(ctx context.Context, userID int64, dueWithin time.Duration) (*wikicities.Inbox, error) {
	c.n++
	return c.InboxService.Inbox(ctx, userID, dueWithin)
}

// A page reads its reader's inbox once, for the header's count and the
// lists together, and not at all for anonymous readers.
func TestAPageReadsTheInboxOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ps := newPartnersSite(t, db)
		id := ps.propose(t)
		reads := &inboxReads{InboxService: ps.s.Inboxes}
		ps.s.Inboxes = reads
		for _, x := range []struct {
			a     *wikicities.Actor
			path  string
			reads int
			shows []string
		}{
			{ps.CoordB, "/", 1, []string{"Waiting for you (1)", "Wikimedians of Berlin proposes a partnership to Wikimedia Paris"}},
			{ps.CoordB, "/account", 1, []string{"Waiting for you (1)", "Wikimedians of Berlin proposes a partnership to Wikimedia Paris"}},
			{ps.CoordB, "/inbox", 1, []string{"Waiting for you (1)", "Wikimedians of Berlin proposes a partnership to Wikimedia Paris"}},
			{ps.CoordB, fmt.Sprintf("/partnerships/%d", id), 1, []string{"Waiting for you (1)"}}, // the proposal waits for an answer
			{ps.CoordB, "/no/such/page", 1, []string{"Waiting for you (1)"}},
			{nil, "/", 0, nil},
			{nil, fmt.Sprintf("/partnerships/%d", id), 0, nil},
		} {
			reads.n = 0
			r := ps.get(t, x.a, x.path)
			if reads.n != x.reads {
				t.Errorf("%s as %v: %d inbox reads, want %d", x.path, x.a != nil, reads.n, x.reads)
			}
			mustContain(t, x.path, r.body, x.shows...)
			if x.a == nil {
				mustNotContain(t, x.path, r.body, "Waiting for you")
			}
		}
	})
}
