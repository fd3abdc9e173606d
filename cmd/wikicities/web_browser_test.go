package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/http/webtest"
)

// runWebMain boots the whole program on 127.0.0.1:0 over a fresh SQLite
// store seeded with webtest's cities, with offline maps (no tile server:
// the browser fetches nothing but the program's own pages). setup hooks run
// after the seeding, before the server listens.
func runWebMain(t *testing.T, setup ...func(context.Context, *Main) error) (*Main, []*wikicities.City) {
	t.Helper()
	m := NewMain()
	m.Addr = "127.0.0.1:0"
	m.NoDemo = true
	m.Tiles = "none"
	m.Store.dataDir = t.TempDir()
	var cities []*wikicities.City
	m.Setup = append(m.Setup, func(ctx context.Context, m *Main) error {
		cities = webtest.Seed(t, m.DB)
		for _, c := range cities {
			m.Graph.AddCity(c)
		}
		for _, l := range webtest.SeedLinks {
			m.Graph.AddLink(cities[l[0]].ID, cities[l[1]].ID)
		}
		return nil
	})
	// The scenarios sign in as many people from one address, and write,
	// far faster than people do: the rate limits (tested in
	// http/hardening_test.go) would answer 429 at whatever point a fast or
	// a slow run crosses them.
	m.Setup = append(m.Setup, func(context.Context, *Main) error {
		a := &m.Server.Auth
		a.SignInLimit.Burst, a.SignInPairLimit.Burst, a.SignInUserLimit.Burst, a.WriteLimit.Burst = 0, 0, 0, 0
		return nil
	})
	m.Setup = append(m.Setup, setup...)
	if err := m.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m, cities
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// The pages in a real browser (headless Chromium from Debian's package):
// the map, search with and without JavaScript, right-to-left Arabic,
// keyboard use, and axe-core's accessibility rules. Screenshots of each
// page go to testdata/artifacts (or $WIKICITIES_ARTIFACTS).
func TestBrowser(t *testing.T) {
	browser := webtest.Browser(t)
	m, cities := runWebMain(t)
	base := m.Server.URL()
	idOf := func(i int) string { return strconv.FormatInt(cities[i].ID, 10) }
	mapReady := chromedp.WaitVisible(chromedp.CSS("#wc-map[data-ready]"))

	t.Run("home map shows cities and clusters, and a chosen city's twin links", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/"), mapReady)
		// Eight cities have twins; Lyons (no twin) is not on the map.
		onMap := eval[int](t, ctx, `[...document.querySelectorAll('.wc-map .wc-marker')].length +
			[...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)`)
		if onMap != 8 {
			t.Errorf("%d cities on the map (markers and clustered), want 8", onMap)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.marker-cluster').length`); n == 0 {
			t.Error("the European cities, close together at world zoom, are not clustered")
		}
		// At world zoom no line is drawn until a city is chosen: all of
		// them made a hairball.
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-twin-link').length`); n != 0 {
			t.Errorf("%d twin links drawn before a city is chosen, want none", n)
		}
		if n := eval[int](t, ctx, `[...document.querySelectorAll('.wc-map .wc-marker, .wc-map .marker-cluster')].filter(m => !m.getAttribute('aria-label')).length`); n != 0 {
			t.Errorf("%d markers or clusters without an accessible name", n)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-country').length`); n < 100 {
			t.Errorf("%d country outlines drawn offline, want the Natural Earth countries", n)
		}
		// Choosing Beirut draws its one link and takes Lyon, its twin, out
		// of the European cluster, labelled (labels that fade out, at
		// opacity 0, are going).
		do(t, ctx, chromedp.Click(chromedp.CSS(`.wc-marker[aria-label="Beirut, Lebanon"]`)),
			chromedp.WaitVisible(chromedp.CSS(".leaflet-popup a")))
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-twin-link').length`); n != 1 {
			t.Errorf("%d twin links drawn for Beirut, want 1", n)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.wc-marker[data-id="`+idOf(0)+`"]').length`); n != 1 {
			t.Error("Lyon, Beirut's twin, is hidden in a cluster")
		}
		if got := eval[string](t, ctx, `[...document.querySelectorAll('.leaflet-tooltip.wc-map-label')].filter(l => l.style.opacity !== '0').map(l => l.textContent).sort().join('|')`); got != "Beirut, Lebanon|Lyon, France" {
			t.Errorf("labels shown: %q, want Beirut's and Lyon's", got)
		}
		webtest.Screenshot(t, ctx, "home-en")
	})

	t.Run("a city chosen on the map links to its page", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/"), mapReady,
			chromedp.Click(chromedp.CSS(`.wc-marker[aria-label="Beirut, Lebanon"]`)),
			chromedp.Click(chromedp.CSS(".leaflet-popup a")),
			chromedp.WaitVisible(chromedp.CSS(".wc-facts")))
		if loc := eval[string](t, ctx, `location.pathname`); loc != "/cities/"+idOf(4) {
			t.Errorf("after the click the browser is at %s, want Beirut's page", loc)
		}
		if h1 := eval[string](t, ctx, `document.querySelector('h1').textContent`); h1 != "Beirut" {
			t.Errorf("heading %q", h1)
		}
	})

	t.Run("a city marker opens its page from the keyboard", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/"), mapReady)
		eval[bool](t, ctx, `document.querySelector('.wc-marker[aria-label="Beirut, Lebanon"]').focus(), true`)
		do(t, ctx, chromedp.KeyEvent("\r"))
		waitFor(t, ctx, `document.activeElement.matches('.leaflet-popup a')`)
		do(t, ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(".wc-facts")))
		if loc := eval[string](t, ctx, `location.pathname`); loc != "/cities/"+idOf(4) {
			t.Errorf("Enter on Beirut's marker, then on the link, led to %s", loc)
		}
	})

	t.Run("city page centres its map on the city and lists its twins", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/cities/"+idOf(0)), mapReady)
		if n := eval[int](t, ctx, `document.querySelectorAll('.wc-results a').length`); n != 7 {
			t.Errorf("Lyon's page lists %d twins, want 7", n)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('.wc-map .wc-marker--focus').length`); n != 1 {
			t.Errorf("%d highlighted markers, want Lyon's", n)
		}
		// Lyon's seven twins, some close together, are all in sight, none
		// in a cluster, each with its line and its label.
		if n := eval[int](t, ctx, `document.querySelectorAll('.wc-map .wc-marker').length`); n != 8 {
			t.Errorf("%d markers in sight, want Lyon and its 7 twins", n)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('path.wc-twin-link').length`); n != 7 {
			t.Errorf("%d twin links drawn, want 7", n)
		}
		if n := eval[int](t, ctx, `[...document.querySelectorAll('.leaflet-tooltip.wc-map-label')].filter(l => l.style.opacity !== '0').length`); n != 8 {
			t.Errorf("%d labels on the map, want 8", n)
		}
		// Labels that would overlap another are hidden; Lyon's is shown.
		if n := eval[int](t, ctx, `(() => {
			const r = [...document.querySelectorAll('.leaflet-tooltip.wc-map-label')].filter(l => getComputedStyle(l).visibility === 'visible').map(l => l.getBoundingClientRect());
			return r.filter((a, i) => r.some((b, j) => j > i && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)).length;
		})()`); n != 0 {
			t.Errorf("%d labels overlap another", n)
		}
		if !eval[bool](t, ctx, `[...document.querySelectorAll('.leaflet-tooltip.wc-map-label')].some(l => l.textContent === 'Lyon, France' && getComputedStyle(l).visibility === 'visible')`) {
			t.Error("the label of Lyon, the page's city, is hidden")
		}
		if !eval[bool](t, ctx, `!document.getElementById('wc-map-legend').hidden`) {
			t.Error("the map's legend is hidden")
		}
		webtest.Screenshot(t, ctx, "city-en")
	})

	t.Run("search works with JavaScript off", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.Navigate(base+"/search"),
			chromedp.SendKeys(chromedp.CSS("#wc-search-q"), "Lyo"),
			chromedp.Submit(chromedp.CSS("#wc-search-q")),
			chromedp.WaitVisible(chromedp.CSS("#wc-results li")))
		got := eval[string](t, ctx, `[...document.querySelectorAll('#wc-results a')].map(a => a.textContent).join(',')`)
		if got != "Lyon,Lyons" {
			t.Errorf("results %q, want Lyon,Lyons", got)
		}
		if q := eval[string](t, ctx, `location.search`); q != "?q=Lyo" {
			t.Errorf("the form was not submitted as a GET: %q", q)
		}
	})

	t.Run("live search follows the typing", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/search"),
			chromedp.SendKeys(chromedp.CSS("#wc-search-q"), "Kra"),
			chromedp.WaitVisible(chromedp.CSS(`#wc-results a[href="/cities/`+idOf(6)+`"]`)))
		if got := eval[string](t, ctx, `document.getElementById('wc-search-status').textContent`); !strings.Contains(got, "Kra") {
			t.Errorf("status %q does not announce the results", got)
		}
		webtest.Screenshot(t, ctx, "search-en")
		// In German the live results say the country in German, as the
		// server-rendered page does.
		do(t, ctx, chromedp.Navigate(base+"/search?uselang=de"),
			chromedp.SendKeys(chromedp.CSS("#wc-search-q"), "Kra"),
			chromedp.WaitVisible(chromedp.CSS(`#wc-results a[href="/cities/`+idOf(6)+`"]`)))
		if got := eval[string](t, ctx, `document.getElementById('wc-results').textContent`); !strings.Contains(got, "Polen") {
			t.Errorf("German live results %q do not name Poland in German", got)
		}
	})

	t.Run("Arabic is right to left and mirrored", func(t *testing.T) {
		for _, tt := range []struct {
			lang, dir  string
			brandRight bool
		}{{"en", "ltr", false}, {"ar", "rtl", true}} {
			ctx := webtest.Tab(t, browser)
			do(t, ctx, chromedp.Navigate(base+"/?uselang="+tt.lang), mapReady)
			if d := eval[string](t, ctx, `document.dir`); d != tt.dir {
				t.Errorf("%s: document.dir %q, want %q", tt.lang, d, tt.dir)
			}
			if d := eval[string](t, ctx, `getComputedStyle(document.querySelector('.wc-header')).direction`); d != tt.dir {
				t.Errorf("%s: the header's direction %q, want %q", tt.lang, d, tt.dir)
			}
			right := eval[bool](t, ctx, `document.querySelector('.wc-brand').getBoundingClientRect().left > innerWidth / 2`)
			if right != tt.brandRight {
				t.Errorf("%s: site name on the right: %v, want %v", tt.lang, right, tt.brandRight)
			}
			if d := eval[string](t, ctx, `getComputedStyle(document.getElementById('wc-map')).direction`); d != "ltr" {
				t.Errorf("%s: the map is %q; maps are not mirrored", tt.lang, d)
			}
			if tt.lang == "ar" {
				// The switcher's cookie keeps Arabic on the next page.
				do(t, ctx, chromedp.Navigate(base+"/cities/"+idOf(0)), mapReady)
				if d := eval[string](t, ctx, `document.documentElement.lang + ' ' + document.dir`); d != "ar rtl" {
					t.Errorf("the next page is %q, want ar rtl", d)
				}
				webtest.Screenshot(t, ctx, "city-ar")
				do(t, ctx, chromedp.Navigate(base+"/?uselang=ar"), mapReady)
				webtest.Screenshot(t, ctx, "home-ar")
				do(t, ctx, chromedp.Navigate(base+"/search?q=ly&uselang=ar"))
				webtest.Screenshot(t, ctx, "search-ar")
			}
		}
	})

	t.Run("the language switcher works without JavaScript", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.Navigate(base+"/search?q=ly"),
			chromedp.SetValue(chromedp.CSS("#wc-uselang"), "de"),
			chromedp.Submit(chromedp.CSS("#wc-uselang")),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="de"]`)))
		if q := eval[string](t, ctx, `document.getElementById('wc-search-q').value`); q != "ly" {
			t.Errorf("switching language lost the search: %q", q)
		}
	})

	t.Run("the skip link is the first stop of the keyboard and is visible", func(t *testing.T) {
		ctx := webtest.Tab(t, browser)
		do(t, ctx, chromedp.Navigate(base+"/search"), chromedp.KeyEvent("\t"))
		if c := eval[string](t, ctx, `document.activeElement.className`); c != "wc-skip" {
			t.Fatalf("first Tab focuses %q, want the skip link", c)
		}
		if !eval[bool](t, ctx, `(r => r.top >= 0 && r.height > 0)(document.activeElement.getBoundingClientRect())`) {
			t.Error("the focused skip link is off screen")
		}
		if o := eval[string](t, ctx, `getComputedStyle(document.activeElement).outlineStyle`); o == "none" {
			t.Error("the focused skip link has no visible outline")
		}
		do(t, ctx, chromedp.KeyEvent("\r"))
		if id := eval[string](t, ctx, `document.activeElement.id`); id != "content" {
			t.Errorf("after the skip link, focus is on %q, want the main content", id)
		}
	})

	t.Run("pages fit a phone's screen", func(t *testing.T) {
		for _, page := range []struct{ name, path string }{
			{"home-phone-en", "/?uselang=en"}, {"city-phone-ar", "/cities/" + idOf(0) + "?uselang=ar"}, {"search-phone-de", "/search?q=l&uselang=de"},
		} {
			ctx := webtest.Tab(t, browser)
			webtest.Screen(t, ctx, 360, 740, 2)
			do(t, ctx, chromedp.Navigate(base+page.path))
			if strings.Contains(page.name, "home") || strings.Contains(page.name, "city") {
				do(t, ctx, mapReady)
			}
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 360 {
				t.Errorf("%s: the page is %d px wide on a 360 px screen", page.name, w)
			}
			if fs := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.body).fontSize)`); fs < 14 {
				t.Errorf("%s: body text is %g px", page.name, fs)
			}
			webtest.Screenshot(t, ctx, page.name)
		}
	})

	t.Run("axe finds no serious or critical problem", func(t *testing.T) {
		for _, lang := range []string{"en", "ar"} {
			for _, page := range []struct{ name, path string }{
				{"home", "/"}, {"search", "/search?q=ly"}, {"city", "/cities/" + idOf(0)}, {"notfound", "/no/such/page"},
			} {
				ctx := webtest.Tab(t, browser, "/no/such/page")
				sep := "?"
				if strings.Contains(page.path, "?") {
					sep = "&"
				}
				do(t, ctx, chromedp.Navigate(base+page.path+sep+"uselang="+lang))
				if page.name == "home" || page.name == "city" {
					do(t, ctx, mapReady)
				}
				for _, v := range webtest.Axe(t, ctx) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s (%s): %s", page.name, lang, v)
					} else {
						t.Logf("%s (%s): %s", page.name, lang, v)
					}
				}
			}
		}
	})
}
