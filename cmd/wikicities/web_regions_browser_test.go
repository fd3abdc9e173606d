package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/http/webtest"
)

// The Smart Region story in a real browser: a coordinator opens the
// coverage map, picks Germany and then Hesse from the keyboard, and
// follows a potential partner of the province (a museum with no
// partnership) to the proposal form. The map and region pages pass axe and
// fit a 390 px screen in English, German and Arabic; screenshots go to the
// artifacts directory (regions-<page>-<lang>-<width>.png).
func TestBrowserRegionMapToProposal(t *testing.T) {
	browser := webtest.Browser(t)
	m, cities := runWebMain(t)
	base := m.Server.URL()
	regina := account(t, m, "Regina", "regina's long password")
	as := wikicities.NewContext(context.Background(), &wikicities.Actor{UserID: regina.ID, Username: regina.Username, Role: wikicities.RoleMember})
	frankfurt := &wikicities.Community{Kind: wikicities.KindLocalGroup, Name: "Wikipedia-Stammtisch Frankfurt", CityID: cities[2].ID, Languages: []string{"de"}}
	if err := m.DB.Communities().CreateCommunity(as, frankfurt); err != nil {
		t.Fatal(err)
	}
	museum := &wikicities.Institution{Kind: wikicities.InstMuseum, Name: "Städel Museum", CityID: cities[2].ID}
	if err := m.DB.Institutions().CreateInstitution(wikicities.NewContext(context.Background(), wikicities.System), museum); err != nil {
		t.Fatal(err)
	}
	ctx := webtest.Tab(t, browser)
	axe := func(what string) {
		t.Helper()
		for _, v := range webtest.Axe(t, ctx) {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s: %s", what, v)
			}
		}
	}
	do(t, ctx, chromedp.Navigate(base+"/auth/signin?returnto=/regions/map"), chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), "Regina"),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "regina's long password"),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS("#wc-region-map[data-ready]")))
	axe("world coverage map")
	// Germany, from the keyboard: its circle is a link named by its figure.
	label := eval[string](t, ctx, `document.querySelector('#wc-region-map [data-key="DE"]').getAttribute('aria-label')`)
	if !strings.HasPrefix(label, "Germany: 1") {
		t.Errorf("Germany's accessible name %q", label)
	}
	eval[bool](t, ctx, `document.querySelector('#wc-region-map [data-key="DE"]').focus(), true`)
	do(t, ctx, chromedp.KeyEvent("\r"))
	waitFor(t, ctx, `location.search.includes('country=DE') && !!document.querySelector('#wc-region-map[data-ready]')`)
	if n := eval[int](t, ctx, `document.querySelectorAll('#wc-region-map path.wc-region[tabindex="0"]').length`); n != 16 {
		t.Errorf("%d focusable regions on Germany's map, want 16", n)
	}
	axe("Germany's coverage map")
	webtest.Screenshot(t, ctx, "regions-map-de-country")
	// Hesse, picked with the keyboard.
	eval[bool](t, ctx, `document.querySelector('#wc-region-map path[data-key="DE-HE"]').focus(), true`)
	do(t, ctx, chromedp.KeyEvent("\r"))
	waitFor(t, ctx, `location.pathname === '/regions/DE-HE'`)
	if h := eval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(h, "Hesse") {
		t.Errorf("the region page's heading %q", h)
	}
	axe("Hesse's page")
	// The museum is a potential partner; the proposal form opens from it.
	sel := `#wc-potential a.cdx-button[href*="institution%3A` + fmt.Sprint(museum.ID) + `"]`
	do(t, ctx, chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS("#f-message")))
	if h := eval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(h, "Städel Museum") || !strings.Contains(h, "Wikipedia-Stammtisch Frankfurt") {
		t.Errorf("the proposal form's heading %q", h)
	}
	if p := eval[string](t, ctx, `location.pathname`); p != "/partnerships/new" {
		t.Errorf("the potential partner leads to %s", p)
	}

	for _, width := range []int64{1366, 390} {
		for _, lang := range []string{"en", "de", "ar"} {
			webtest.Screen(t, ctx, width, 900, 1)
			for _, pg := range []struct{ name, path string }{{"map", "/regions/map?country=DE&"}, {"region", "/regions/DE-HE?"}, {"list", "/regions?country=DE&"}} {
				do(t, ctx, chromedp.Navigate(base+pg.path+"uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
				if pg.name == "map" {
					do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#wc-region-map[data-ready]")))
				}
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
					wide := eval[string](t, ctx, `[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > `+fmt.Sprint(width)+`).slice(-3).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 60)).join(' | ')`)
					t.Errorf("%s in %s: the page is %d px wide on a %d px screen: %s", pg.name, lang, w, width, wide)
				}
				webtest.Screenshot(t, ctx, fmt.Sprintf("regions-%s-%s-%d", pg.name, lang, width))
			}
		}
	}
}
