package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// headerRows counts the rows the header's visible items take: an item
// whose top is below the bottom of every item of the row before starts a
// new row.
const headerRows = `(() => {
	const rs = [...document.querySelector('header.wc-header').children]
		.filter(e => e.offsetParent !== null && !e.classList.contains('wc-skip'))
		.map(e => e.getBoundingClientRect()).sort((a, b) => a.top - b.top);
	let rows = 0, bottom = -1;
	for (const r of rs) {
		if (r.top >= bottom) { rows++; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); }
	}
	return rows;
})()`

// searchRoom measures the header's search box: the width its placeholder
// needs, in the box's font, and the width the box gives its text.
const searchRoom = `(i => {
	const cs = getComputedStyle(i), c = document.createElement('canvas').getContext('2d');
	c.font = cs.font;
	return [Math.ceil(c.measureText(i.placeholder).width), Math.floor(i.clientWidth - parseFloat(cs.paddingInlineStart) - parseFloat(cs.paddingInlineEnd))];
})(document.getElementById('wc-header-q'))`

// The header, signed out and signed in as demo, in en, de and ar: one row
// at 1366 px (nine sections made it wrap to two), at 1024 px (it took
// two) and on an 800 px tablet, two rows on a 390 px phone (it took four signed in); the search
// box shows its whole placeholder at every width (signed in, in German at
// 1366 px, it had 150 px and cut it). Every section stays reachable: the menu
// ("More" on a wide screen, "Menu" on a phone) opens without JavaScript
// and shows each of them; the account menu shows the account page and the
// sign-out button.
func TestBrowserHeaderIsCompact(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	sections := []string{"/communities", "/institutions", "/partnerships", "/requests", "/events", "/campaigns", "/reports", "/regions", "/library"}
	for _, signedIn := range []bool{false, true} {
		t.Run(fmt.Sprintf("signed in %v", signedIn), func(t *testing.T) {
			ctx := webtest.Tab(t, browser)
			if signedIn {
				signInDemo(t, ctx, m, base)
			}
			for _, width := range []int64{1366, 1024, 800, 390} {
				webtest.Screen(t, ctx, width, 900, 1)
				want := 1
				if width < 600 {
					want = 2
				}
				for _, lang := range []string{"en", "de", "ar"} {
					at := fmt.Sprintf("%s, %d px", lang, width)
					do(t, ctx, chromedp.Navigate(base+"/reports?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
					if rows := eval[int](t, ctx, headerRows); rows > want {
						t.Errorf("%s: the header takes %d rows, want %d", at, rows, want)
					}
					if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > int(width) {
						t.Errorf("%s: the page is %d px wide", at, w)
					}
					// The search box shows its whole placeholder (in German it was cut at 150 px).
					if got := eval[[]int](t, ctx, searchRoom); got[0] > got[1] || got[1] < 200 {
						t.Errorf("%s: the search box has %d px for a placeholder of %d px (want at least 200 and all of it)", at, got[1], got[0])
					}
					// Reports is a section of the menu: its summary is marked as the current section.
					if !eval[bool](t, ctx, `getComputedStyle(document.querySelector('.wc-nav-more > summary')).fontWeight >= 700`) {
						t.Errorf("%s: the menu holding the current section (Reports) is not marked", at)
					}
					// The menu is marked on the requests page when Requests is in it,
					// not when the row shows it (on the widest screens).
					do(t, ctx, chromedp.Navigate(base+"/requests?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
					inRow := eval[bool](t, ctx, `document.querySelector('.wc-nav > a[href="/requests"]').checkVisibility()`)
					if marked := eval[bool](t, ctx, `getComputedStyle(document.querySelector('.wc-nav-more > summary')).fontWeight >= 700`); marked == inRow {
						t.Errorf("%s: on the requests page the menu is marked as current: %v, with Requests in the row: %v", at, marked, inRow)
					}
					do(t, ctx, chromedp.Navigate(base+"/reports?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
					do(t, ctx, chromedp.Click(chromedp.CSS(".wc-nav-more > summary")))
					hidden := eval[string](t, ctx, `(() => { const vis = a => a.offsetParent !== null && a.getBoundingClientRect().width > 0
						&& a.getBoundingClientRect().left >= 0 && a.getBoundingClientRect().right <= innerWidth;
						return `+jsList(sections)+`.filter(h => ![...document.querySelectorAll('.wc-nav a[href="' + h + '"]')].some(vis)).join(' '); })()`)
					if hidden != "" {
						t.Errorf("%s: with the menu open, these sections cannot be seen: %s", at, hidden)
					}
					webtest.Screenshot(t, ctx, fmt.Sprintf("header-menu-%v-%s-%d", signedIn, lang, width))
					if signedIn {
						do(t, ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")))
						if !eval[bool](t, ctx, `document.querySelector('.wc-user a[href="/account"]').offsetParent !== null && document.querySelector('.wc-user button').offsetParent !== null`) {
							t.Errorf("%s: the account menu does not show the account page and the sign-out button", at)
						}
						// The account button is named with the account, also on a phone where it shows an icon.
						if got := eval[string](t, ctx, `(e => e.checkVisibility() ? e.textContent : '')(document.querySelector('.wc-user-name'))`); got != "demo" {
							t.Errorf("%s: the account button's name is %q, want demo", at, got)
						}
						if eval[bool](t, ctx, `document.querySelector('.wc-nav-more').open`) {
							t.Errorf("%s: opening the account menu left the section menu open over it", at)
						}
						if got := eval[string](t, ctx, `document.querySelector('.wc-inbox-link').textContent`); !strings.Contains(got, map[string]string{"en": "Waiting for you", "de": "Wartet auf dich", "ar": "بانتظارك"}[lang]) {
							t.Errorf("%s: the inbox link is named %q", at, got)
						}
					}
				}
			}
			// A section of the menu opens from it (no JavaScript is needed for <details>).
			do(t, ctx, chromedp.Navigate(base+"/?uselang=en"), chromedp.WaitVisible(chromedp.CSS("footer")),
				chromedp.Click(chromedp.CSS(".wc-nav-more > summary")),
				chromedp.Click(chromedp.CSS(`.wc-nav-panel a[href="/regions"]`)), chromedp.WaitVisible(chromedp.CSS("footer")))
			if got := eval[string](t, ctx, `location.pathname`); got != "/regions" {
				t.Errorf("the menu's Regions link opened %s", got)
			}
		})
	}
}

// jsList writes ss as a JavaScript array literal.
func jsList(ss []string) string {
	return "['" + strings.Join(ss, "', '") + "']"
}
