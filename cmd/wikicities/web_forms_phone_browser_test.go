package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// The forms a coordinator fills in, and the partnership page with its
// buttons, fit a 390 px phone in English, German and Arabic, signed in as
// the demo account: no field, select, fieldset or button reaches past
// either edge of the screen (nor is scrolled out of a table's frame). A
// select is as wide as its longest option, and the German options are the
// longest ("Öffentlich: alle sehen, wer angemeldet ist" pushed the event
// form 10 px wide); the responsibilities' "Mark done" buttons were in a
// table's fifth column.
func TestBrowserCoordinatorFormsFitAPhone(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	active, wikiMUC := demoActivePartnership(t, m)
	pp := fmt.Sprintf("/partnerships/%d", active)
	forms := []string{"/events/new", "/library/new", fmt.Sprintf("/visits/new?visitor=%d", wikiMUC), "/campaigns/new", "/communities/new", "/institutions/new",
		pp + "/activities/new", pp + "/responsibilities/new", pp + "/agreement/edit", pp}
	ctx := webtest.Tab(t, browser)
	signInDemo(t, ctx, m, base)
	webtest.Screen(t, ctx, 390, 844, 1)
	for _, lang := range []string{"en", "de", "ar"} {
		for _, f := range forms {
			sep := "?"
			if strings.Contains(f, "?") {
				sep = "&"
			}
			do(t, ctx, chromedp.Navigate(base+f+sep+"uselang="+lang), chromedp.WaitVisible(chromedp.CSS("footer")))
			path, _, _ := strings.Cut(f, "?")
			if got := eval[string](t, ctx, `location.pathname + ' ' + document.querySelectorAll('main form').length`); got == path+" 0" || !strings.HasPrefix(got, path+" ") {
				t.Fatalf("%s (%s): on %q, not the form", f, lang, got)
			}
			wide := eval[string](t, ctx, `[...document.querySelectorAll('main input, main select, main textarea, main fieldset, main button, main .cdx-button')]
				.filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.left < -0.5 || r.right > 390.5); })
				.map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().left) + '..' + Math.round(e.getBoundingClientRect().right))
				.join(', ')`)
			if wide != "" {
				t.Errorf("%s (%s): past the edge of a 390 px screen: %s", f, lang, wide)
			}
			if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("%s (%s): %d px wide on a 390 px screen", f, lang, w)
			}
		}
	}
}
