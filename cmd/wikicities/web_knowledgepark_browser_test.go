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
)

// kpWorld is what the Knowledge Park's scenario adds to webtest's cities:
// a group in Lyon (Anna) and one in its twin city Frankfurt (Bertrand) with
// a running partnership, a national organiser (Nadia) and three people who
// register for a workshop.
type kpWorld struct {
	Lyon, Frankfurt, Partnership int64
}

func addKPWorld(t *testing.T, m *Main, cities []*wikicities.City) *kpWorld {
	t.Helper()
	ctx := context.Background()
	actor := func(u *wikicities.User) *wikicities.Actor {
		return &wikicities.Actor{UserID: u.ID, Username: u.Username, Role: wikicities.RoleMember}
	}
	for _, n := range []string{"Nadia", "Pia", "Quentin", "Rania"} {
		account(t, m, n, strings.ToLower(n)+"'s long password")
	}
	anna, bertrand := actor(account(t, m, "Anna", "anna's long password")), actor(account(t, m, "Bertrand", "bertrand's long password"))
	w := &kpWorld{}
	for _, g := range []struct {
		a    *wikicities.Actor
		c    *wikicities.Community
		dest *int64
	}{
		{anna, &wikicities.Community{Kind: wikicities.KindUserGroup, Name: "Wikimédiens de Lyon", CityID: cities[0].ID, Languages: []string{"fr"}}, &w.Lyon},
		{bertrand, &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "Wikipedia-Stammtisch Frankfurt", CityID: cities[2].ID, Languages: []string{"de"}}, &w.Frankfurt},
	} {
		if err := m.DB.Communities().CreateCommunity(wikicities.NewContext(ctx, g.a), g.c); err != nil {
			t.Fatal(err)
		}
		g.a.Coordinates = append(g.a.Coordinates, g.c.Ref())
		*g.dest = g.c.ID
	}
	p := &wikicities.Partnership{A: wikicities.Party{Kind: wikicities.PartyCommunity, ID: w.Lyon}, B: wikicities.Party{Kind: wikicities.PartyCommunity, ID: w.Frankfurt},
		Type: wikicities.TypeTwinning, Level: wikicities.LevelLocal, Message: "Échangeons !"}
	if err := m.DB.Partnerships().Propose(wikicities.NewContext(ctx, anna), p, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := m.DB.Partnerships().Transition(wikicities.NewContext(ctx, bertrand), p.ID, wikicities.ActionAccept, 0, ""); err != nil {
		t.Fatal(err)
	}
	w.Partnership = p.ID
	m.Matchmaking.Invalidate()
	return w
}

// kpBrowser drives one tab of the scenario: who is signed in, and the
// checks every page gets.
type kpBrowser struct {
	t         *testing.T
	ctx       context.Context
	base      string
	lang      string
	shotsDone map[string]bool
}

func (b *kpBrowser) text(sel string) string {
	b.t.Helper()
	return eval[string](b.t, b.ctx, `(e => e ? e.textContent : '')(document.querySelector('`+sel+`'))`)
}

// open goes to path in the scenario's language and waits for its heading.
func (b *kpBrowser) open(path string) {
	b.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	do(b.t, b.ctx, chromedp.Navigate(b.base+path+sep+"uselang="+b.lang), chromedp.WaitVisible(chromedp.CSS("h1")))
}

// as signs name in (signing out whoever was), returning to path.
func (b *kpBrowser) as(name, path string) {
	b.t.Helper()
	b.open("/campaigns")
	if eval[bool](b.t, b.ctx, `!!document.querySelector('.wc-user button')`) {
		b.signOut()
	}
	b.open("/auth/signin?returnto=" + path)
	do(b.t, b.ctx, chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), name),
		chromedp.SendKeys(chromedp.CSS("#f-password"), strings.ToLower(name)+"'s long password"))
	b.leave(chromedp.Submit(chromedp.CSS("#f-password")))
	do(b.t, b.ctx, chromedp.WaitVisible(chromedp.CSS("details.wc-user")))
	if d := eval[string](b.t, b.ctx, `document.documentElement.lang`); d != b.lang {
		b.t.Errorf("after signing in %s reads %q, want %s", name, d, b.lang)
	}
}

// signOut signs out from the header's account menu.
func (b *kpBrowser) signOut() {
	b.t.Helper()
	do(b.t, b.ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")))
	b.submit(".wc-user button", "a.wc-user")
}

// check runs axe on the page and takes its screenshot, once per name.
func (b *kpBrowser) check(name string) {
	b.t.Helper()
	for _, v := range webtest.Axe(b.t, b.ctx) {
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Errorf("%s (%s): %s", name, b.lang, v)
		}
	}
	if shot := "kp-" + name + "-" + b.lang; !b.shotsDone[shot] {
		b.shotsDone[shot] = true
		webtest.Screenshot(b.t, b.ctx, shot)
	}
}

// submit clicks the button sel and waits for the page it leads to.
func (b *kpBrowser) submit(sel, wait string) {
	b.t.Helper()
	b.leave(chromedp.Click(chromedp.CSS(sel)))
	do(b.t, b.ctx, chromedp.WaitVisible(chromedp.CSS(wait)))
}

// leave runs an action that loads another page and waits until the page
// it was on is gone, so that no check reads the page before.
func (b *kpBrowser) leave(action chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	eval[bool](b.t, b.ctx, `window.kpBefore = true`)
	do(b.t, b.ctx, action)
	for i := 0; ; i++ {
		// An error is the page going away under the question.
		if still, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.kpBefore === true`)); err == nil && !still {
			break
		}
		if i == 400 {
			b.t.Fatalf("the page did not change after the action")
		}
		time.Sleep(50 * time.Millisecond)
	}
	do(b.t, b.ctx, chromedp.WaitReady(chromedp.CSS("body")))
}

// The story of issue 17 in a real browser, in English, German and Arabic:
// a national organiser creates a campaign and its edition; two groups of
// twin cities take part and run it as a twin edition; one group creates a
// workshop with two places; three people register (the third waits); one
// cancels and the one waiting moves up and finds it in the inbox; a visit
// is requested, accepted, done, and its report lands in the partnership's
// log. Every page passes axe and fits a 390 px phone.
func TestBrowserKnowledgeParkScenario(t *testing.T) {
	browser := webtest.Browser(t)
	m, cities := runWebMain(t)
	w := addKPWorld(t, m, cities)
	base := m.Server.URL()
	shots := map[string]bool{}
	for _, lang := range []string{"en", "de", "ar"} {
		t.Run(lang, func(t *testing.T) {
			newTab := func() *kpBrowser {
				ctx := webtest.Tab(t, browser)
				webtest.Screen(t, ctx, 1366, 900, 1)
				return &kpBrowser{t: t, ctx: ctx, base: base, lang: lang, shotsDone: shots}
			}
			campaign := kpCampaign(newTab(), w, lang)
			event := kpWorkshop(newTab(), w, lang, campaign)
			kpRegistrations(newTab(), event)
			visit := kpVisit(newTab(), w, lang)
			kpVisitAnswer(newTab(), lang, visit, event)
			kpVisitReport(newTab(), lang, visit)
			kpPhone(newTab(), map[string]string{"events": "/events", "event": event, "campaign": campaign, "visit": visit,
				"community": fmt.Sprintf("/communities/%d", w.Lyon), "campaigns": "/campaigns"})
		})
	}
}

// kpCampaign: Nadia creates the campaign and its edition; Bertrand and Anna
// sign their groups up; Anna runs the edition with Bertrand's group.
func kpCampaign(b *kpBrowser, w *kpWorld, lang string) string {
	t := b.t
	b.as("Nadia", "/campaigns")
	b.submit(`a[href="/campaigns/new"]`, "#f-name")
	b.check("campaign-form")
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS("#f-name"), "Wiki Loves Monuments "+lang),
		chromedp.SendKeys(chromedp.CSS("#f-description"), "Photograph the heritage of your city."))
	b.submit(`form.wc-form button[type="submit"]`, ".cdx-message--success")
	campaign := eval[string](t, b.ctx, `location.pathname`)
	b.submit(`a[href$="/editions/new"]`, "#f-year")
	b.check("edition-form")
	do(t, b.ctx, chromedp.SetValue(chromedp.CSS("#f-year"), "2026"))
	b.submit(`form.wc-form button[type="submit"]`, "section[id^=edition-]")
	if n := eval[int](t, b.ctx, `document.querySelectorAll('form[action$="/join"]').length`); n != 0 {
		t.Errorf("Nadia, who coordinates no group, is offered %d forms to take part", n)
	}
	for _, who := range []string{"Bertrand", "Anna"} {
		b.as(who, campaign)
		b.submit(`form[action$="/join"] button`, ".cdx-message--success")
	}
	if !strings.Contains(b.text(`form[action$="/twins"] select`), "Wikipedia-Stammtisch Frankfurt") {
		t.Fatalf("Anna is not offered to run the edition with Frankfurt's group")
	}
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS(`form[action$="/twins"] textarea[name="goal"]`), "Photograph 50 monuments of both cities"),
		chromedp.SendKeys(chromedp.CSS(`form[action$="/twins"] textarea[name="worklist"]`), "Fourvière\nRömer"))
	b.submit(`form[action$="/twins"] button`, ".wc-twin-editions")
	tot := b.text(".wc-facts")
	want := map[string][]string{"en": {"2 groups", "1 twin pair"}, "de": {"2 Gruppen", "1 Partnerpaar"}, "ar": {"مجموعتان", "زوج توأمة واحد"}}[lang]
	for _, s := range want {
		if !strings.Contains(tot, s) {
			t.Errorf("campaign totals %q lack %q", tot, s)
		}
	}
	b.check("campaign")
	b.open(fmt.Sprintf("/communities/%d", w.Frankfurt))
	if !strings.Contains(b.text("main"), "Photograph 50 monuments") {
		t.Error("the twin edition is not on the other group's page")
	}
	return campaign
}

// kpWorkshop: Anna creates a workshop with two places in the campaign's
// edition, from her group's page.
func kpWorkshop(b *kpBrowser, w *kpWorld, lang, campaign string) string {
	t := b.t
	b.as("Anna", fmt.Sprintf("/communities/%d", w.Lyon))
	b.submit(`a[href^="/events/new"]`, "#f-title")
	b.check("event-form")
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS("#f-title"), "Wikidata workshop "+lang),
		chromedp.SetValue(chromedp.CSS("#f-capacity"), "2"),
		chromedp.SetValue(chromedp.CSS("#f-time_zone"), "Europe/Paris"),
		chromedp.SendKeys(chromedp.CSS("#f-questions"), "Have you edited before? | Never | Often"))
	if eval[int](t, b.ctx, `document.querySelectorAll('#f-edition option').length`) < 2 {
		t.Error("the event form offers no campaign edition")
	}
	if !eval[bool](t, b.ctx, `(s => { const o = [...s.options].find(o => o.textContent.includes('Wiki Loves Monuments `+lang+`'));
		if (o) { s.value = o.value } return !!o })(document.querySelector('#f-edition'))`) {
		t.Error("the event form does not offer the campaign's edition")
	}
	b.submit(`form.wc-form button[type="submit"]`, "#wc-registration")
	event := eval[string](t, b.ctx, `location.pathname`)
	if c := b.text(`a[href="` + campaign + `"]`); c == "" {
		t.Errorf("the workshop does not link to its campaign %s", campaign)
	}
	// (An Arabic page isolates the Latin zone name: "(\u2068Europe/Paris\u2069)".)
	if !strings.Contains(strings.NewReplacer("\u2068", "", "\u2069", "").Replace(b.text(".wc-facts")), "(Europe/Paris)") {
		t.Errorf("the workshop's time is not in its zone: %q", b.text(".wc-facts"))
	}
	return event
}

// kpRegistrations: Pia and Quentin take the two places, Rania waits; Pia
// cancels and Rania moves up, which her inbox tells her.
func kpRegistrations(b *kpBrowser, event string) {
	t := b.t
	var buttons, states []string
	for i, who := range []string{"Pia", "Quentin", "Rania"} {
		b.as(who, event)
		buttons = append(buttons, b.text(`form[action$="/register"] button`))
		if buttons[i] == "" {
			t.Fatalf("%s sees no register button", who)
		}
		b.submit(`form[action$="/register"] button`, ".cdx-message--success")
		if n := eval[int](t, b.ctx, `document.querySelectorAll('form[action$="/unregister"]').length`); n != 1 {
			t.Errorf("%s cannot cancel the registration", who)
		}
		states = append(states, b.text(`section[aria-labelledby="wc-registration"] strong`))
		if i == 0 {
			b.check("event-registered")
		}
	}
	if buttons[0] != buttons[1] || buttons[2] == buttons[0] || states[2] == states[0] {
		t.Errorf("the third person is not sent to the waitlist: buttons %q, states %q", buttons, states)
	}
	b.check("event-waitlisted")
	b.as("Pia", event)
	b.submit(`form[action$="/unregister"] button`, ".cdx-message--success")
	b.as("Rania", "/inbox")
	link := fmt.Sprintf(`a[href="%s"]`, event)
	if eval[int](t, b.ctx, `document.querySelectorAll('`+link+`').length`) == 0 {
		t.Fatalf("Rania's inbox does not link to the workshop: %q", b.text("main"))
	}
	b.check("inbox-promoted")
	b.submit(link, "#wc-registration")
	if got := b.text(`section[aria-labelledby="wc-registration"] strong`); got != states[0] {
		t.Errorf("after moving up Rania's registration reads %q, want %q", got, states[0])
	}
	b.as("Anna", event)
	if !strings.Contains(b.text(`section[aria-labelledby="wc-people"]`), "Rania") || strings.Contains(b.text(`section[aria-labelledby="wc-people"]`), "Pia") {
		t.Errorf("the participants after the change: %q", b.text(`section[aria-labelledby="wc-people"]`))
	}
	b.check("event-organiser")
}

// kpVisit: Anna's group asks Bertrand's to host a visit; he accepts with
// what the space offers; the visit is done and its report lands in the
// partnership's log.
func kpVisit(b *kpBrowser, w *kpWorld, lang string) string {
	t := b.t
	b.as("Anna", fmt.Sprintf("/communities/%d", w.Lyon))
	b.submit(`a[href^="/visits/new"]`, "#f-purpose")
	b.check("visit-form")
	today := time.Now().UTC().Format(time.DateOnly)
	do(t, b.ctx, chromedp.SetValue(chromedp.CSS("#f-start"), today), chromedp.SetValue(chromedp.CSS("#f-end"), today),
		chromedp.SendKeys(chromedp.CSS("#f-purpose"), "Learn how Frankfurt runs its Stammtisch ("+lang+")"),
		chromedp.SendKeys(chromedp.CSS("#f-delegation"), "Anna\nLéa"))
	b.submit(`form.wc-form button[type="submit"]`, ".cdx-message--success")
	return eval[string](t, b.ctx, `location.pathname`)
}

// kpVisitAnswer: Bertrand finds the request in his inbox, accepts it with
// what his group's space offers and puts the workshop on the agenda.
func kpVisitAnswer(b *kpBrowser, lang, visit, event string) {
	t := b.t
	b.as("Bertrand", "/inbox")
	b.submit(fmt.Sprintf(`a[href="%s"]`, visit), `button[value="accept"]`)
	if !strings.Contains(b.text("main"), "Léa") {
		t.Error("the host's coordinator does not see the delegation")
	}
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS("#f-equipment"), "projector"))
	b.check("visit-answer")
	b.submit(`button[value="accept"]`, ".cdx-message--success")
	// The workshop of Anna's group goes on the agenda.
	id := strings.TrimPrefix(event, "/events/")
	if !eval[bool](t, b.ctx, `(i => i ? (i.checked = true) : false)(document.querySelector('form[action$="/agenda"] input[name="events"][value="`+id+`"]'))`) {
		t.Fatalf("the agenda form does not offer the workshop %s", event)
	}
	b.submit(`form[action$="/agenda"] button`, ".cdx-message--success")
	if !strings.Contains(b.text(".wc-events"), "Wikidata workshop "+lang) {
		t.Errorf("the agenda lacks the workshop: %q", b.text(`section[aria-labelledby="wc-agenda"]`))
	}
}

// kpVisitReport: the host marks the visit done and writes its report,
// which lands in the partnership's log; the delegation stays private.
func kpVisitReport(b *kpBrowser, lang, visit string) {
	t := b.t
	b.as("Bertrand", visit)
	b.submit(`button[value="complete"]`, "#f-report")
	report := "We joined the Stammtisch and two photo walks (" + lang + ")."
	do(t, b.ctx, chromedp.SendKeys(chromedp.CSS("#f-report"), report))
	b.submit(`form[action$="/report"] button`, ".cdx-message--success")
	b.check("visit-done")
	b.submit(`a[href$="#wc-activities"]`, "#wc-activities")
	if !strings.Contains(b.text(".wc-timeline"), report) {
		t.Errorf("the partnership's log lacks the report: %q", b.text(".wc-timeline"))
	}
	b.signOut()
	b.open(visit)
	if strings.Contains(b.text("main"), "Léa") {
		t.Error("a reader who is not a party sees the delegation")
	}
}

// kpPhone: the pages fit a 390 px phone, signed out.
func kpPhone(b *kpBrowser, paths map[string]string) {
	t := b.t
	webtest.Screen(t, b.ctx, 390, 844, 2)
	for name, p := range paths {
		b.open(p)
		if w := eval[int](t, b.ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s (%s): %d px wide on a 390 px screen", p, b.lang, w)
		}
		b.check("phone-" + name)
	}
}
