package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/http/webtest"
	"github.com/wikicities/wikicities/password"
)

// partnerWorld is what runPartnersMain adds to webtest's cities: two
// communities in the twin cities Lyon and Frankfurt, each with its
// coordinator, a museum in Birmingham, and a partnership between the two
// communities with one activity.
type partnerWorld struct {
	Lyon, Frankfurt, Museum int64
	Partnership             int64
}

// addPartnerWorld registers the partner world in m's store through its
// services, as its coordinators.
func addPartnerWorld(t *testing.T, m *Main, cities []*wikicities.City) *partnerWorld {
	t.Helper()
	ctx := context.Background()
	user := func(name string) *wikicities.Actor {
		var id int64
		now := time.Now().Unix()
		if err := m.DB.QueryRow(ctx, `INSERT INTO users (username, created_at, updated_at) VALUES (?, ?, ?) RETURNING id`, name, now, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return &wikicities.Actor{UserID: id, Username: name, Role: wikicities.RoleMember}
	}
	community := func(a *wikicities.Actor, c *wikicities.Community) int64 {
		if err := m.DB.Communities().CreateCommunity(wikicities.NewContext(ctx, a), c); err != nil {
			t.Fatal(err)
		}
		a.Coordinates = append(a.Coordinates, c.Ref())
		return c.ID
	}
	anna, bertrand := user("Anna"), user("Bertrand")
	w := &partnerWorld{}
	w.Lyon = community(anna, &wikicities.Community{Kind: wikicities.KindUserGroup, Name: "Wikimédiens de Lyon", CityID: cities[0].ID,
		Languages: []string{"fr", "en"}, SkillsOffered: []string{"photography"}, SkillsWanted: []string{"glam"}})
	w.Frankfurt = community(bertrand, &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "Wikipedia-Stammtisch Frankfurt", CityID: cities[2].ID,
		Languages: []string{"de", "en"}, SkillsOffered: []string{"glam"}, SkillsWanted: []string{"photography"}})
	museum := &wikicities.Institution{Kind: wikicities.InstMuseum, Name: "Birmingham Museum", CityID: cities[1].ID, SkillsWanted: []string{"photography"}}
	if err := m.DB.Institutions().CreateInstitution(wikicities.NewContext(ctx, anna), museum); err != nil {
		t.Fatal(err)
	}
	w.Museum = museum.ID
	p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: w.Lyon}, B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: w.Frankfurt},
		Type: wikicities.TypeTwinning, Level: wikicities.LevelLocal, Message: "Photographions nos deux villes jumelles !",
		Agreement: wikicities.Agreement{Goals: []string{"Photograph 100 monuments", "Translate 20 articles"}, Languages: []string{"fr", "de"}}}
	ps := m.DB.Partnerships()
	if err := ps.Propose(wikicities.NewContext(ctx, anna), p, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Transition(wikicities.NewContext(ctx, bertrand), p.ID, wikicities.ActionAccept, 0, "Gerne!"); err != nil {
		t.Fatal(err)
	}
	act := &wikicities.Activity{PartnershipID: p.ID, Kind: wikicities.ActivityPhotoWalk, Title: "Photo walk in Vieux Lyon",
		Start: time.Now().AddDate(0, 0, -10), Place: "Lyon", OrganizersA: []string{"Anna"}, Participants: 12,
		Outcomes: wikicities.Outcomes{MediaUploaded: 230, Links: []string{"https://commons.wikimedia.org/wiki/Category:Vieux_Lyon"}}}
	if err := ps.LogActivity(wikicities.NewContext(ctx, anna), act); err != nil {
		t.Fatal(err)
	}
	w.Partnership = p.ID
	m.Matchmaking.Invalidate()
	return w
}

// The directory's and partnerships' pages in a real browser, in English
// and Arabic: direction, axe-core's rules, the home map featuring the
// communities' cities, and screenshots.
func TestBrowserPartnerPages(t *testing.T) {
	browser := webtest.Browser(t)
	m, cities := runWebMain(t)
	w := addPartnerWorld(t, m, cities)
	base := m.Server.URL()
	pages := []struct{ name, path string }{
		{"community", fmt.Sprintf("/communities/%d", w.Lyon)},
		{"partnership", fmt.Sprintf("/partnerships/%d", w.Partnership)},
		{"institution", fmt.Sprintf("/institutions/%d", w.Museum)},
	}

	t.Run("pages are right to left in Arabic and pass axe", func(t *testing.T) {
		for _, lang := range []struct{ code, dir string }{{"en", "ltr"}, {"ar", "rtl"}} {
			for _, pg := range pages {
				ctx := webtest.Tab(t, browser)
				do(t, ctx, chromedp.Navigate(base+pg.path+"?uselang="+lang.code), chromedp.WaitVisible(chromedp.CSS("h1")))
				if d := eval[string](t, ctx, `document.documentElement.lang + ' ' + document.dir`); d != lang.code+" "+lang.dir {
					t.Errorf("%s (%s): %q", pg.name, lang.code, d)
				}
				for _, v := range webtest.Axe(t, ctx) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s (%s): %s", pg.name, lang.code, v)
					} else {
						t.Logf("%s (%s): %s", pg.name, lang.code, v)
					}
				}
				if pg.name != "institution" {
					webtest.Screenshot(t, ctx, pg.name+"-"+lang.code)
				}
			}
		}
	})

	t.Run("pages fit a phone's screen", func(t *testing.T) {
		for _, pg := range pages {
			for _, lang := range []string{"en", "ar"} {
				ctx := webtest.Tab(t, browser)
				webtest.Screen(t, ctx, 360, 740, 2)
				do(t, ctx, chromedp.Navigate(base+pg.path+"?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("h1")))
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
					t.Errorf("%s (%s): the page is %d px wide on a 360 px screen", pg.name, lang, w)
				}
				if pg.name == "partnership" {
					webtest.Screenshot(t, ctx, "partnership-phone-"+lang)
				}
			}
		}
	})

	t.Run("the community page explains its suggestions and links to the partnership", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+pages[0].path+"?uselang=en"), chromedp.WaitVisible(chromedp.CSS("h1")))
		reasons := eval[string](t, ctx, `[...document.querySelectorAll('.wc-suggestions li')].map(li => li.textContent).join(' | ')`)
		if !strings.Contains(reasons, "Birmingham Museum") || !strings.Contains(reasons, "an institution in Birmingham, a twin city") {
			t.Errorf("suggestions %q do not explain the museum", reasons)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`a[href="/partnerships/%d"]`, w.Partnership))), chromedp.WaitVisible(chromedp.CSS("#wc-health")))
		health := eval[string](t, ctx, `document.querySelector('.wc-health').textContent`)
		if !strings.Contains(health, "Health score") {
			t.Errorf("partnership page health %q", health)
		}
		if got := eval[string](t, ctx, `document.querySelector('.wc-timeline').textContent`); !strings.Contains(got, "230 files uploaded") {
			t.Errorf("the timeline %q lacks the activity's outcome", got)
		}
	})

	t.Run("the home map features the communities' cities", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#wc-map[data-ready]")))
		onMap := eval[int](t, ctx, `[...document.querySelectorAll('.wc-map .wc-marker')].length +
			[...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)`)
		if onMap < 2 {
			t.Errorf("%d cities on the home map", onMap)
		}
		feat, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/map/cities.geojson').then(r => r.json()).then(j => j.features.slice(0, 2).map(f => f.properties.name).sort().join(','))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		if feat != "Frankfurt am Main,Lyon" {
			t.Errorf("the map's first cities are %q, want the communities' cities", feat)
		}
	})
}

// account creates a local account with a password, directly in the store
// (as `wikicities user add` does).
func account(t *testing.T, m *Main, name, pw string) *wikicities.User {
	t.Helper()
	h, err := password.Hash(pw, password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		t.Fatal(err)
	}
	u, err := m.DB.Accounts().CreateUser(context.Background(), &wikicities.User{Username: name, PasswordHash: h})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// The story of issue 6 in a real browser, on a fresh store: a volunteer
// signs in, registers her community, sees a community of a twin city
// suggested with its reason, proposes a partnership; the other community's
// coordinator signs in, accepts, logs an activity and sees the health
// change; then in Arabic. Every form on the way passes axe.
func TestBrowserPartnershipScenario(t *testing.T) {
	browser := webtest.Browser(t)
	// An OAuth client, so that the sign-in page offers Sign in with
	// Wikimedia (the story signs in with local accounts).
	m, cities := runWebMain(t, func(_ context.Context, m *Main) error {
		m.Server.Auth.Wikimedia.ClientID = "wikicities-browser-test"
		return nil
	})
	base := m.Server.URL()
	account(t, m, "Anna", "anna's long password")
	bertrand := account(t, m, "Bertrand", "bertrand's long password")
	frankfurt := &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "Wikipedia-Stammtisch Frankfurt", CityID: cities[2].ID,
		Languages: []string{"de", "en"}, SkillsWanted: []string{"photography"}}
	if err := m.DB.Communities().CreateCommunity(wikicities.NewContext(context.Background(),
		&wikicities.Actor{UserID: bertrand.ID, Username: bertrand.Username, Role: wikicities.RoleMember}), frankfurt); err != nil {
		t.Fatal(err)
	}
	m.Matchmaking.Invalidate()
	ctx := webtest.Tab(t, browser)
	axe := func(what string) {
		t.Helper()
		for _, v := range webtest.Axe(t, ctx) {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s: %s", what, v)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		return eval[string](t, ctx, `(e => e ? e.textContent : '')(document.querySelector('`+sel+`'))`)
	}
	signIn := func(name, pw string) {
		t.Helper()
		do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#f-password")),
			chromedp.SendKeys(chromedp.CSS("#f-username"), name),
			chromedp.SendKeys(chromedp.CSS("#f-password"), pw),
			chromedp.Submit(chromedp.CSS("#f-password")),
			chromedp.WaitVisible(chromedp.CSS("details.wc-user")))
	}
	healthScore := func() string {
		t.Helper()
		return strings.TrimSpace(text(".wc-health strong"))
	}

	// Registering needs an account: the page sends Anna to sign in and back.
	do(t, ctx, chromedp.Navigate(base+"/communities/new"))
	if href := eval[string](t, ctx, `(a => a ? a.getAttribute('href') : '')(document.querySelector('a[href^="/auth/wikimedia"]'))`); href != "/auth/wikimedia?return=%2Fcommunities%2Fnew" {
		t.Errorf("Sign in with Wikimedia links to %q", href)
	}
	axe("sign-in page")
	webtest.Screenshot(t, ctx, "signin-en")
	signIn("Anna", "anna's long password")
	if p := eval[string](t, ctx, `location.pathname`); p != "/communities/new" {
		t.Fatalf("after signing in Anna is at %s, want the registration form", p)
	}
	axe("registration form")
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Wikimédiens de Lyon"),
		chromedp.SetValue(chromedp.CSS("#f-kind"), "user_group"),
		chromedp.SendKeys(chromedp.CSS("#f-city"), "Lyon, France"),
		chromedp.SendKeys(chromedp.CSS("#f-languages"), "fr, en"),
		chromedp.Click(chromedp.CSS(`input[name="skills_offered"][value="photography"]`)),
		chromedp.Submit(chromedp.CSS("#f-name")),
		chromedp.WaitVisible(chromedp.CSS("#wc-suggestions")))
	if n := text(".cdx-message--success"); !strings.Contains(n, "The community is registered") {
		t.Errorf("after registering: notice %q", n)
	}
	webtest.Screenshot(t, ctx, "community-registered-en")

	// The twin city's community is suggested, with its reason.
	sug := text(".wc-suggestions")
	if !strings.Contains(sug, "Wikipedia-Stammtisch Frankfurt") || !strings.Contains(sug, "based in Frankfurt am Main, a twin city") ||
		!strings.Contains(sug, "wants photography, which we offer") {
		t.Fatalf("suggestions %q lack Frankfurt's community and its reasons", sug)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(".wc-suggestions a.cdx-button")), chromedp.WaitVisible(chromedp.CSS("#f-message")))
	axe("proposal form")
	do(t, ctx,
		chromedp.SendKeys(chromedp.CSS("#f-message"), "Let us photograph our twin cities together!"),
		chromedp.SendKeys(chromedp.CSS("#f-goals"), "Photograph 100 monuments"),
		chromedp.SendKeys(chromedp.CSS("#f-languages"), "fr, de"),
		chromedp.Submit(chromedp.CSS("#f-message")),
		chromedp.WaitVisible(chromedp.CSS("#wc-health")))
	partnership := eval[string](t, ctx, `location.pathname`)
	if st := text(".wc-lead .cdx-info-chip"); st != "proposed" {
		t.Errorf("a new proposal's state %q", st)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('button[value="accept"]').length`); n != 0 {
		t.Error("the proposer is offered to accept her own proposal")
	}

	// Bertrand signs in and accepts.
	do(t, ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")))
	do(t, ctx, chromedp.Navigate(base+"/auth/signin?returnto="+partnership))
	signIn("Bertrand", "bertrand's long password")
	if h := text(".wc-health + .wc-reasons, .wc-reasons"); !strings.Contains(h, "nothing to score yet") {
		t.Errorf("a proposal's health says %q", h)
	}
	axe("partnership page with the answer form")
	do(t, ctx, chromedp.Click(chromedp.CSS(`button[value="accept"]`)), chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")))
	if st := text(".wc-lead .cdx-info-chip"); st != "accepted" {
		t.Errorf("after accepting: state %q", st)
	}
	accepted := healthScore()

	// He logs an activity; the partnership becomes active and healthier.
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/activities/new"]`)), chromedp.WaitVisible(chromedp.CSS("#f-title")))
	axe("activity form")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#f-kind"), "photo_walk"),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Photo walk in Sachsenhausen"),
		chromedp.SetValue(chromedp.CSS("#f-start"), time.Now().AddDate(0, 0, -2).Format(time.DateOnly)),
		chromedp.SendKeys(chromedp.CSS("#f-organizers_a"), "Anna"),
		chromedp.SendKeys(chromedp.CSS("#f-organizers_b"), "Bertrand"),
		chromedp.SendKeys(chromedp.CSS("#f-participants"), "14"),
		chromedp.SendKeys(chromedp.CSS("#f-media_uploaded"), "230"),
		chromedp.Submit(chromedp.CSS("#f-title")),
		chromedp.WaitVisible(chromedp.CSS(".wc-timeline")))
	if st := text(".wc-lead .cdx-info-chip"); st != "active" {
		t.Errorf("after the first activity: state %q", st)
	}
	if tl := text(".wc-timeline"); !strings.Contains(tl, "Photo walk in Sachsenhausen") || !strings.Contains(tl, "230 files uploaded") {
		t.Errorf("timeline %q", tl)
	}
	active := healthScore()
	if accepted == active || accepted == "" {
		t.Errorf("health %q after accepting, %q after the activity: want a change", accepted, active)
	}
	webtest.Screenshot(t, ctx, "partnership-scenario-en")

	// He sets the agreement's review date through its form, adds a
	// responsibility through the form on the page and ticks it done.
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/agreement/edit"]`)), chromedp.WaitVisible(chromedp.CSS("#f-review_date")))
	axe("agreement form")
	reviewAt := time.Now().AddDate(0, 6, 0)
	// The form takes the ISO date; the page writes it in words.
	review, reviewText := reviewAt.Format(time.DateOnly), reviewAt.Format("2 January 2006")
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-review_date"), review), chromedp.Submit(chromedp.CSS("#f-review_date")),
		chromedp.WaitVisible(chromedp.CSS("#f-description")))
	if n := text(".cdx-message--success"); !strings.Contains(n, "The agreement is saved") {
		t.Errorf("after saving the agreement: notice %q", n)
	}
	if f := text(`section[aria-labelledby="wc-agreement"] .wc-facts`); !strings.Contains(f, reviewText) || !strings.Contains(f, "Photograph 100 monuments") {
		t.Errorf("the agreement after saving %q lacks the review date %s or the goals", f, reviewText)
	}
	axe("partnership page with the responsibility form")
	do(t, ctx,
		chromedp.SetValue(chromedp.CSS("#f-owner"), "b"),
		chromedp.SendKeys(chromedp.CSS("#f-description"), "Book the Städel museum visit"),
		chromedp.SetValue(chromedp.CSS("#f-due"), time.Now().AddDate(0, 0, 14).Format(time.DateOnly)),
		chromedp.Submit(chromedp.CSS("#f-description")),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/done"] button`)))
	row := `section[aria-labelledby="wc-agreement"] tbody tr`
	if r := text(row); !strings.Contains(r, "Book the Städel museum visit") || !strings.Contains(r, "Wikipedia-Stammtisch Frankfurt") || !strings.Contains(r, "open") {
		t.Errorf("the new responsibility's row %q", r)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`form[action$="/done"] button`)), chromedp.WaitReady(chromedp.CSS(`input[name="done"][value="0"]`)))
	if n := text(".cdx-message--success"); !strings.Contains(n, "marked done") {
		t.Errorf("after ticking it done: notice %q", n)
	}
	if st := text(row + " td:nth-child(4)"); st != "done" {
		t.Errorf("the responsibility's state after ticking it done: %q", st)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href*="/responsibilities/"][href$="/edit"]`)), chromedp.WaitVisible(chromedp.CSS("#f-done")))
	axe("responsibility form")
	if !eval[bool](t, ctx, `document.querySelector('#f-done').checked`) {
		t.Error("the responsibility's form does not show it done")
	}
	do(t, ctx, chromedp.Navigate(base+partnership), chromedp.WaitVisible(chromedp.CSS("#wc-health")))

	// In Arabic, through the language switcher.
	do(t, ctx, chromedp.SetValue(chromedp.CSS("#wc-uselang"), "ar"), chromedp.Submit(chromedp.CSS("#wc-uselang")),
		chromedp.WaitVisible(chromedp.CSS(`html[lang="ar"]`)))
	if d := eval[string](t, ctx, `document.dir + ' ' + getComputedStyle(document.querySelector('main')).direction`); d != "rtl rtl" {
		t.Errorf("Arabic partnership page: %q", d)
	}
	if st := text(".wc-lead .cdx-info-chip"); st != "نشطة" {
		t.Errorf("Arabic state %q", st)
	}
	axe("partnership page (ar)")
	webtest.Screenshot(t, ctx, "partnership-scenario-ar")
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href$="/activities/new"]`)), chromedp.WaitVisible(chromedp.CSS("#f-title")))
	axe("activity form (ar)")
	do(t, ctx, chromedp.Navigate(base+partnership+"/agreement/edit?uselang=ar"), chromedp.WaitVisible(chromedp.CSS("#f-goals")))
	axe("agreement form (ar)")
	do(t, ctx, chromedp.Navigate(base+"/communities/new?uselang=ar"), chromedp.WaitVisible(chromedp.CSS("#f-name")))
	axe("registration form (ar)")
	webtest.Screenshot(t, ctx, "community-form-ar")
	do(t, ctx, chromedp.Navigate(base+"/auth/signin?uselang=ar"), chromedp.WaitVisible(chromedp.CSS("#f-password")))
	axe("sign-in page (ar)")
	webtest.Screenshot(t, ctx, "signin-ar")
	// The account page, reached from the name in the header.
	do(t, ctx, chromedp.Navigate(base+"/?uselang=en"), chromedp.WaitVisible(chromedp.CSS("details.wc-user")),
		chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(`.wc-user a[href="/account"]`)), chromedp.WaitVisible(chromedp.CSS("#f-language")))
	axe("account page")
	webtest.Screenshot(t, ctx, "account-en")
	do(t, ctx, chromedp.Navigate(base+"/account?uselang=ar"), chromedp.WaitVisible(chromedp.CSS("#f-language")))
	axe("account page (ar)")
	webtest.Screenshot(t, ctx, "account-ar")

	// Signed in, on a phone: the header's name and sign-out button fit.
	webtest.Screen(t, ctx, 360, 740, 2)
	for _, path := range []string{partnership + "?uselang=de", "/communities/new?uselang=ar", "/account?uselang=de"} {
		do(t, ctx, chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("h1")))
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s signed in: %d px wide on a 360 px screen", path, w)
		}
	}
	webtest.Screenshot(t, ctx, "community-form-phone-ar")
}
