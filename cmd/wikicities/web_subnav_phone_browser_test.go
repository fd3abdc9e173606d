package main

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// The Knowledge Park's tabs (Library, Who offers what, Mentoring, Wiki
// Clubs) are all in sight on a 360 px phone, in English, German and
// Arabic: the row scrolled sideways there, so that on /clubs in German the
// current tab lay past the edge ("Wik…") and a reader saw no tab marked.
func TestBrowserLearningTabsAreInSightOnAPhone(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	ctx := webtest.Tab(t, browser)
	webtest.Screen(t, ctx, 360, 780, 1)
	for _, lang := range []string{"en", "de", "ar"} {
		for _, page := range []string{"/library", "/capacities", "/mentoring", "/clubs"} {
			do(t, ctx, chromedp.Navigate(base+page+"?uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
			got := eval[string](t, ctx, `(() => {
				const links = [...document.querySelectorAll('nav.wc-subnav a')];
				if (links.length != 4) return 'tabs: ' + links.length;
				const out = links.filter(a => { const r = a.getBoundingClientRect(); return r.width == 0 || r.left < -0.5 || r.right > innerWidth + 0.5; })
					.map(a => a.textContent.trim() + ' ' + Math.round(a.getBoundingClientRect().left) + '..' + Math.round(a.getBoundingClientRect().right));
				const current = document.querySelector('nav.wc-subnav a[aria-current="page"]');
				if (!current) out.push('no current tab');
				return out.join(', ');
			})()`)
			if got != "" {
				t.Errorf("%s (%s) at 360 px: tabs out of sight: %s", page, lang, got)
			}
		}
	}
}
