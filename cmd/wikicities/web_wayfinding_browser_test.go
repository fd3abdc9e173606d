package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/demo"
	"github.com/wikicities/wikicities/http/webtest"
	"github.com/wikicities/wikicities/password"
)

// runDemoMain boots the program over a fresh store holding the demo data,
// with offline maps.
func runDemoMain(t *testing.T) *Main {
	t.Helper()
	m := NewMain()
	m.Addr = "127.0.0.1:0"
	m.Tiles = "none"
	m.Store.dataDir = t.TempDir()
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// The pages of issue 12 in a real browser, over the demo data: at 1366 and
// 390 px in English, German and Arabic no page is wider than the screen,
// the header navigation is there, axe finds no serious or critical
// problem; the lists filter and the search finds a community by name.
// Screenshots of every page at both sizes in the three languages go to the
// artifacts directory (wayfinding-<page>-<lang>-<width>.png).
func TestBrowserWayfinding(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	augsburg, err := m.DB.Services().Cities.LookupCity(context.Background(), "Augsburg")
	if err != nil {
		t.Fatal(err)
	}
	augsburgPage := fmt.Sprintf("/cities/%d", augsburg.ID)
	reqs, _, err := m.DB.Services().Requests.Requests(context.Background(), wikicities.RequestFilter{Open: true, Limit: 1})
	if err != nil || len(reqs) == 0 {
		t.Fatalf("demo requests: %v, %v", reqs, err)
	}
	pages := []struct{ name, path string }{
		{"home", "/"}, {"city", augsburgPage}, {"communities", "/communities"}, {"institutions", "/institutions"},
		{"partnerships", "/partnerships"}, {"requests", "/requests"}, {"request", fmt.Sprintf("/requests/%d", reqs[0].ID)}, {"search", "/search?q=wiki"}, {"reports", "/reports"},
	}
	newPages := map[string]bool{"communities": true, "institutions": true, "partnerships": true, "requests": true, "search": true, "reports": true, "city": true, "request": true}
	for _, width := range []int64{1366, 390} {
		for _, lang := range []string{"en", "de", "ar"} {
			t.Run(fmt.Sprintf("%s-%d", lang, width), func(t *testing.T) {
				ctx := webtest.Tab(t, browser)
				webtest.Screen(t, ctx, width, 900, 1)
				for _, pg := range pages {
					sep := "?"
					if strings.Contains(pg.path, "?") {
						sep = "&"
					}
					do(t, ctx, chromedp.Navigate(base+pg.path+sep+"uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
					if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
						t.Errorf("%s: the page is %d px wide on a %d px screen", pg.name, w, width)
					}
					// The sections of issue 12 are in the header (others join them).
					if got := eval[string](t, ctx, `['/communities', '/institutions', '/partnerships', '/requests', '/reports'].filter(h => !document.querySelector('.wc-nav a[href="' + h + '"]')).join(' ')`); got != "" {
						t.Errorf("%s: the header navigation lacks %s", pg.name, got)
					}
					if newPages[pg.name] {
						for _, v := range webtest.Axe(t, ctx) {
							if v.Impact == "serious" || v.Impact == "critical" {
								t.Errorf("%s: %s", pg.name, v)
							}
						}
					}
					webtest.Screenshot(t, ctx, fmt.Sprintf("wayfinding-%s-%s-%d", pg.name, lang, width))
				}
			})
		}
	}

	t.Run("the home map marks groups, draws the chosen city's links, the short way", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		// In English: the map names cities in the page's language, and the
		// tabs share the language cookie the subtests before set.
		do(t, ctx, chromedp.Navigate(base+"/?uselang=en"), chromedp.WaitVisible(chromedp.CSS("#wc-map[data-ready]")))
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-twin-link').length`); n != 0 {
			t.Errorf("%d twin links drawn at world zoom before a city is chosen", n)
		}
		// Harare, chosen from the keyboard: its link to Munich, and Munich
		// out of the European cluster; the focus on the link to its page.
		eval[bool](t, ctx, `document.querySelector('.wc-map .wc-marker[aria-label^="Harare"]').focus(), true`)
		do(t, ctx, chromedp.KeyEvent("\r"))
		waitFor(t, ctx, `document.activeElement.matches('.leaflet-popup a')`)
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-twin-link').length`); n != 1 {
			t.Errorf("%d twin links drawn for Harare, want 1 (Munich)", n)
		}
		if !eval[bool](t, ctx, `!!document.querySelector('.wc-map .wc-marker[aria-label^="Munich"]')`) {
			t.Error("Munich, Harare's twin, is hidden in a cluster")
		}
		// Zoomed in over Bavaria, the links of the cities in view are drawn.
		eval[bool](t, ctx, `document.getElementById('wc-map').wcMap.setView([48.3, 10.9], 6, { animate: false }), true`)
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-twin-link--near').length`); n < 7 {
			t.Errorf("%d links drawn zoomed in over Augsburg, want at least its 7", n)
		}
		// Munich, home of WikiMUC, is marked as a city with a group.
		if !eval[bool](t, ctx, `document.querySelector('.wc-map .wc-marker[aria-label^="Munich"]').classList.contains('wc-marker--group')`) {
			t.Error("Munich is not marked as a city with a group")
		}
		// A link across the antimeridian (Nagahama to Monterrey) goes the
		// short way: two segments, neither longer than half the world.
		if got := eval[string](t, ctx, `(() => {
			const segs = document.getElementById('wc-map').wcShortWay([35.38, 136.28], [25.67, -100.31]);
			return segs.length + ':' + segs.every(s => Math.abs(s[1][1] - s[0][1]) <= 180) + ':' + (segs[0][0][1] === 136.28) + ':' + (segs[1][1][1] === -100.31);
		})()`); got != "2:true:true:true" {
			t.Errorf("Nagahama to Monterrey: %s, want 2 short segments from one to the other", got)
		}
		if got := eval[int](t, ctx, `document.getElementById('wc-map').wcShortWay([48.1, 11.6], [-17.8, 31.1]).length`); got != 1 {
			t.Errorf("Munich to Harare: %d segments, want 1", got)
		}
	})

	t.Run("the registration form: city and languages picked by name, marks, touch targets", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		signInDemo(t, ctx, m, base)
		for _, width := range []int64{1366, 390} {
			webtest.Screen(t, ctx, width, 900, 1)
			for _, lang := range []string{"en", "de", "ar"} {
				do(t, ctx, chromedp.Navigate(base+"/communities/new?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("#f-city")))
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
					t.Errorf("form %s: %d px wide on a %d px screen", lang, w, width)
				}
				if n := eval[int](t, ctx, `[...document.querySelectorAll('.wc-checkboxes .cdx-checkbox')].filter(c => c.getBoundingClientRect().height < 44).length`); n != 0 {
					t.Errorf("form %s %d: %d checkbox rows under 44 px tall", lang, width, n)
				}
				for _, v := range webtest.Axe(t, ctx) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("form %s %d: %s", lang, width, v)
					}
				}
				do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-city"), "Augs"))
				waitFor(t, ctx, `document.querySelector('#f-city').getAttribute('aria-expanded') === 'true'`)
				webtest.Screenshot(t, ctx, fmt.Sprintf("wayfinding-form-%s-%d", lang, width))
			}
		}
		// Picked from the keyboard: the city, then two languages by name.
		ctx = webtest.Tab(t, browser)
		signInDemo(t, ctx, m, base)
		do(t, ctx, chromedp.Navigate(base+"/communities/new?uselang=de"), chromedp.WaitVisible(chromedp.CSS("#f-city")),
			chromedp.SendKeys(chromedp.CSS("#f-name"), "Wikimedia Lech"),
			chromedp.SendKeys(chromedp.CSS("#f-city"), "Augs"))
		waitFor(t, ctx, `document.querySelectorAll('#wc-picker-0 li').length > 0`)
		do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent("\r"))
		if got := eval[string](t, ctx, `document.getElementById('f-city').value + '|' + document.querySelector('input[name=city_id]').value`); got != fmt.Sprintf("Augsburg, Germany|%d", augsburg.ID) {
			t.Errorf("city picked: %q", got)
		}
		do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-languages"), "deu"))
		waitFor(t, ctx, `document.querySelectorAll('#wc-picker-1 li').length > 0`)
		if got := eval[string](t, ctx, `document.querySelector('#wc-picker-1 li').textContent`); !strings.Contains(got, "Deutsch") {
			t.Errorf("first language offered for deu: %q", got)
		}
		do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent("\r"), chromedp.SendKeys(chromedp.CSS("#f-languages"), "Bair"))
		waitFor(t, ctx, `[...document.querySelectorAll('#wc-picker-1 li')].some(li => li.textContent.includes('Bairisch'))`)
		do(t, ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent("\r"))
		if got := eval[string](t, ctx, `document.getElementById('f-languages').value`); got != "Deutsch, Bairisch, " {
			t.Errorf("languages picked: %q", got)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(".wc-form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("h1")))
		waitFor(t, ctx, `location.pathname.startsWith('/communities/') && !location.pathname.endsWith('/new')`)
		if got := eval[string](t, ctx, `document.querySelector('h1').textContent + '|' + document.querySelector('.wc-lead').textContent`); !strings.Contains(got, "Wikimedia Lech|") || !strings.Contains(got, "Augsburg") {
			t.Errorf("registered: %q", got)
		}
	})

	t.Run("the reports put the gaps first, charted, with their numbers as text", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/reports?uselang=en"), chromedp.WaitVisible(chromedp.CSS("footer")))
		if got := eval[string](t, ctx, `document.querySelector('main h2').textContent`); got != "Where help is needed" {
			t.Errorf("the first section of the reports is %q, want the gaps", got)
		}
		// Each chart is a table: a region and its number per row; the bar's
		// length follows the number (the longest is 100%).
		got := eval[string](t, ctx, `[...document.querySelectorAll('#chart-recruit tbody tr')].map(tr =>
			tr.querySelector('th').textContent + '=' + tr.querySelector('.wc-chart__n').textContent + '@' + tr.querySelector('rect').getAttribute('width')).join(';')`)
		if !strings.Contains(got, "Europe=") || !strings.Contains(got, "@100%") {
			t.Errorf("the chart of twin cities without a community: %q", got)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.wc-chart').length`); n != 4 {
			t.Errorf("%d charts, want 4", n)
		}
		do(t, ctx, chromedp.Click(chromedp.CSS(`.wc-stats--gaps a[href^="/partnerships"]`)), chromedp.WaitVisible(chromedp.CSS("#wc-list-count")))
		waitFor(t, ctx, `location.search.includes('health=at_risk')`)
		if got := eval[string](t, ctx, `document.getElementById('f-health').value`); got != "at_risk" {
			t.Errorf("the partnerships at risk link opens the list filtered by %q", got)
		}
	})

	t.Run("the communities list filters by kind", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/communities"),
			chromedp.SetValue(chromedp.CSS("#f-kind"), "chapter"),
			chromedp.Click(chromedp.CSS(".wc-filters button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(`#wc-list-count`)))
		waitFor(t, ctx, `location.search.includes('kind=chapter')`)
		got := eval[string](t, ctx, `[...document.querySelectorAll('#wc-list > li > a:first-child')].map(a => a.textContent).join(',')`)
		if got != "Wikimedia District of Columbia" {
			t.Errorf("chapters: %q", got)
		}
	})

	t.Run("a request opens its page from the list", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/requests?uselang=en"), chromedp.WaitVisible(chromedp.CSS("#wc-list a")))
		title := eval[string](t, ctx, `document.querySelector('#wc-list > li > a').textContent`)
		do(t, ctx, chromedp.Click(chromedp.CSS("#wc-list > li > a")))
		waitFor(t, ctx, `/^\/requests\/\d+$/.test(location.pathname)`)
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != title {
			t.Errorf("the request's page is headed %q, the link said %q", h1, title)
		}
	})

	t.Run("the communities list filters by coordinator", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/communities?uselang=en"),
			chromedp.SetValue(chromedp.CSS("#f-coordinator"), "no"),
			chromedp.Click(chromedp.CSS(".wc-filters button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(`#wc-list-count`)))
		waitFor(t, ctx, `location.search.includes('coordinator=no')`)
		// Every demo community has its demo coordinator.
		if n := eval[int](t, ctx, `document.querySelectorAll('#wc-list > li').length`); n != 0 {
			t.Errorf("%d demo communities listed without a coordinator, want none", n)
		}
		do(t, ctx, chromedp.SetValue(chromedp.CSS("#f-coordinator"), "yes"), chromedp.Click(chromedp.CSS(".wc-filters button[type=submit]")))
		waitFor(t, ctx, `location.search.includes('coordinator=yes')`)
		got := eval[string](t, ctx, `[...document.querySelectorAll('#wc-list > li > a:first-child')].map(a => a.textContent).join(',')`)
		if !strings.Contains(got, demo.DemoCommunity) {
			t.Errorf("coordinated communities: %q", got)
		}
	})

	t.Run("the partnerships list filters by state", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/partnerships"),
			chromedp.SetValue(chromedp.CSS("#f-state"), "proposed"),
			chromedp.Click(chromedp.CSS(".wc-filters button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(`#wc-list-count`)))
		waitFor(t, ctx, `location.search.includes('state=proposed')`)
		if n := eval[int](t, ctx, `document.querySelectorAll('#wc-list > li').length`); n != 1 {
			t.Errorf("%d proposed partnerships listed, want 1", n)
		}
	})

	t.Run("the header search finds a community by name and keeps the query", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/"),
			chromedp.SendKeys(chromedp.CSS("#wc-header-q"), demo.DemoCommunity),
			chromedp.Submit(chromedp.CSS("#wc-header-q")),
			chromedp.WaitVisible(chromedp.CSS(".wc-results--groups a")))
		if got := eval[string](t, ctx, `document.querySelector('.wc-results--groups a').textContent`); got != demo.DemoCommunity {
			t.Errorf("first group found: %q", got)
		}
		if q := eval[string](t, ctx, `document.getElementById('wc-header-q').value`); q != demo.DemoCommunity {
			t.Errorf("the header box shows %q after the search", q)
		}
	})
	t.Run("the home page shows a coordinator their dashboard", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		signInDemo(t, ctx, m, base)
		groups := eval[string](t, ctx, `document.querySelector('.wc-dashboard-groups').textContent`)
		if !strings.Contains(groups, demo.DemoCommunity) {
			t.Errorf("dashboard groups %q", groups)
		}
		// The demo community's live partnerships: with the museum (active),
		// Kontor Hamburg (proposed) and Lokal K (accepted).
		if n := eval[int](t, ctx, `document.querySelectorAll('.wc-dashboard-partnerships li').length`); n != 3 {
			t.Errorf("%d partnerships on the dashboard, want 3", n)
		}
		// Of the open responsibilities with a due date, one is WikiMUC's own.
		if got := eval[string](t, ctx, `[...document.querySelectorAll('.wc-dashboard-due li a')].map(a => a.textContent).join('|')`); got != demo.Partnerships[0].Responsibilities[0].Description {
			t.Errorf("responsibilities due on the dashboard: %q", got)
		}
		for _, width := range []int64{1366, 390} {
			webtest.Screen(t, ctx, width, 900, 1)
			for _, lang := range []string{"en", "de", "ar"} {
				do(t, ctx, chromedp.Navigate(base+"/?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("#wc-dashboard")))
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
					t.Errorf("dashboard %s: %d px wide on a %d px screen", lang, w, width)
				}
				for _, v := range webtest.Axe(t, ctx) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("dashboard %s %d: %s", lang, width, v)
					}
				}
				eval[bool](t, ctx, `document.getElementById('wc-dashboard').scrollIntoView(), true`)
				webtest.Screenshot(t, ctx, fmt.Sprintf("wayfinding-dashboard-%s-%d", lang, width))
			}
		}
	})
	t.Run("a coordinator's pages fit a phone and speak the page's language", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		signInDemo(t, ctx, m, base)
		webtest.Screen(t, ctx, 390, 844, 1)
		id := func(table, name string) string {
			var id int64
			if err := m.DB.QueryRow(context.Background(), `SELECT id FROM `+table+` WHERE name = ?`, name).Scan(&id); err != nil {
				t.Fatalf("%s %q: %v", table, name, err)
			}
			return fmt.Sprint(id)
		}
		wikimuc, kontor := id("communities", demo.DemoCommunity), id("communities", "Kontor Hamburg")
		var proposed int64
		if err := m.DB.QueryRow(context.Background(), `SELECT id FROM partnerships WHERE state = 'proposed'`).Scan(&proposed); err != nil {
			t.Fatal(err)
		}
		// The propose buttons of other groups' pages ("Partnerschaft
		// vorschlagen im Namen von WikiMUC") ran 50 px off a phone's screen.
		pages := []string{"/inbox", "/account", "/communities/" + wikimuc, "/communities/" + kontor,
			"/communities/" + id("communities", "Amical Wikimedia"), "/institutions/" + id("institutions", "Deutsches Museum"),
			fmt.Sprintf("/partnerships/%d", proposed)}
		for _, lang := range []string{"en", "de", "ar"} {
			for _, path := range pages {
				do(t, ctx, chromedp.Navigate(base+path+"?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
				if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
					wide := eval[string](t, ctx, `[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > 391).map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 60)).slice(0, 3).join(' | ')`)
					t.Errorf("%s (%s): %d px wide on a 390 px screen: %s", path, lang, w, wide)
				}
				// The inbox said "Due 2026-12-16: ..."
				if d := eval[string](t, ctx, `(document.body.innerText.match(/\b\d{4}-\d{2}-\d{2}\b/) || [''])[0]`); d != "" {
					t.Errorf("%s (%s) writes the date %s as a machine does", path, lang, d)
				}
			}
		}
		// A coordinator of WikiMUC writes to the other party, not to "WikiMUC / Kontor Hamburg".
		do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/partnerships/%d?uselang=en", base, proposed)), chromedp.WaitVisible(chromedp.CSS("footer")))
		if got := eval[string](t, ctx, `document.querySelector('.wc-actions a[href="#wc-messages"]').textContent`); got != "Write a message to Kontor Hamburg" {
			t.Errorf("the message link of WikiMUC's coordinator says %q", got)
		}
		// Suggested partners name their country in German: Harare is in Simbabwe.
		do(t, ctx, chromedp.Navigate(base+"/communities/"+wikimuc+"?uselang=de"), chromedp.WaitVisible(chromedp.CSS("footer")))
		if got := eval[string](t, ctx, `document.querySelector('.wc-suggestions').innerText`); !strings.Contains(got, "Harare, Simbabwe") || !strings.Contains(got, "Barcelona, Spanien") || strings.Contains(got, "Barcelona, Spain") {
			t.Errorf("German suggestions name countries in English: %q", got)
		}
	})
	t.Run("Arabic error and success messages have their own icons", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/communities?uselang=ar"), chromedp.WaitVisible(chromedp.CSS("footer")))
		colour := func(status string) string {
			return eval[string](t, ctx, `(() => { const m = document.createElement('div');
				m.className = 'cdx-message cdx-message--block cdx-message--`+status+`';
				m.innerHTML = '<span class="cdx-message__icon"></span><div class="cdx-message__content">x</div>';
				document.getElementById('content').append(m);
				const c = getComputedStyle(m.querySelector('.cdx-message__icon')).backgroundColor; m.remove(); return c; })()`)
		}
		notice := colour("notice")
		for _, st := range []string{"error", "warning", "success"} {
			if c := colour(st); c == notice {
				t.Errorf("an Arabic %s message's icon is the notice's (%s)", st, c)
			}
		}
	})
}

// demoActivePartnership is an active partnership of the demo account's
// community in m's demo data: its id and the community's.
func demoActivePartnership(t *testing.T, m *Main) (id, community int64) {
	t.Helper()
	parts, _, err := m.DB.Partnerships().Partnerships(context.Background(), wikicities.PartnershipFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if p.State == wikicities.StateActive && p.A.Name == demo.DemoCommunity {
			id, community = p.ID, p.A.ID
		}
	}
	if id == 0 {
		t.Fatalf("no active partnership of %s in the demo data", demo.DemoCommunity)
	}
	return id, community
}

// signInDemo signs the demo account in, in the tab of ctx.
func signInDemo(t *testing.T, ctx context.Context, m *Main, base string) {
	t.Helper()
	pw, err := demo.DemoPassword(context.Background(), demoServices(m))
	if err != nil || pw == "" {
		t.Fatalf("demo password %q, %v", pw, err)
	}
	do(t, ctx, chromedp.Navigate(base+"/auth/signin?returnto=/"),
		chromedp.SendKeys(chromedp.CSS("#f-username"), demo.DemoUser),
		chromedp.SendKeys(chromedp.CSS("#f-password"), pw),
		chromedp.Submit(chromedp.CSS("#f-password")),
		chromedp.WaitVisible(chromedp.CSS("#wc-dashboard")))
}

// waitFor waits until js is true in the page of ctx (a new page loaded).
func waitFor(t *testing.T, ctx context.Context, js string) {
	t.Helper()
	for range 100 {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			do(t, ctx, chromedp.WaitVisible(chromedp.CSS("footer")))
			return
		}
		do(t, ctx, chromedp.Sleep(50*time.Millisecond))
	}
	t.Fatalf("%s stayed false", js)
}

// demoServices returns m's services with the password hasher, as serve
// wires them.
func demoServices(m *Main) wikicities.Services {
	svc := m.DB.Services()
	svc.Passwords = password.Default
	return svc
}
