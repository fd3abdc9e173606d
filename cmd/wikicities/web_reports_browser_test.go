package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// The reports' country tables on a 390 px phone, in English, German and
// Arabic: sixteen columns do not fit, so a table scrolls sideways inside
// its own frame (the page does not), and its row heads, the countries, stay
// in view however far the figures are scrolled, left or right to left; so
// does the head of their column.
func TestBrowserReportsKeepTheCountryInViewOnAPhone(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	ctx := webtest.Tab(t, browser)
	webtest.Screen(t, ctx, 390, 844, 1)
	for _, lang := range []string{"en", "de", "ar"} {
		do(t, ctx, chromedp.Navigate(base+"/reports?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("%s: the reports page is %d px wide on a 390 px screen", lang, w)
		}
		// The first country table, scrolled to its far end.
		got := eval[string](t, ctx, `(() => {
			const w = [...document.querySelectorAll('.cdx-table__table-wrapper')].find(w => w.querySelector('tbody th'));
			if (!w || w.scrollWidth <= w.clientWidth) return 'no table scrolls sideways';
			w.scrollLeft = (getComputedStyle(w).direction === 'rtl' ? -1 : 1) * w.scrollWidth;
			if (Math.abs(w.scrollLeft) < 100) return 'the table did not scroll';
			w.scrollIntoView({ block: 'start' });
			const f = w.getBoundingClientRect();
			const out = [w.querySelector('tbody th'), w.querySelector('tfoot th'), w.querySelector('thead th')]
				.filter(c => { const r = c.getBoundingClientRect(); return r.left < f.left - 1 || r.right > f.right + 1; })
				.map(c => c.textContent.trim());
			return out.length ? 'scrolled out of view: ' + out.join(', ') : '';
		})()`)
		if got != "" {
			t.Errorf("%s: %s", lang, got)
		}
		webtest.Screenshot(t, ctx, fmt.Sprintf("reports-scrolled-%s-390", lang))
	}
}
