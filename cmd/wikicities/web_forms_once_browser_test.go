package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// A form that posts is sent once: a second press while the first is on
// its way (a double click) is ignored, where it sent the form again and a
// message, an event or a responsibility was added twice.
func TestBrowserFormIsSentOnce(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	active, _ := demoActivePartnership(t, m)
	ctx := webtest.Tab(t, browser)
	signInDemo(t, ctx, m, base)
	page := fmt.Sprintf("%s/partnerships/%d?uselang=de", base, active)
	do(t, ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("footer")))
	// Two submits in a row, as a double click makes them; the page's own
	// listener sees whether each was let through.
	got := eval[string](t, ctx, `(() => {
		const f = document.querySelector('form[action$="/messages"]');
		if (!f) return 'no message form';
		f.querySelector('textarea').value = 'Einmal gesendet';
		const seen = [];
		window.addEventListener('submit', e => seen.push(e.defaultPrevented ? 'ignored' : 'sent'));
		f.requestSubmit();
		f.requestSubmit();
		return seen.join(' ') + ' ' + (f.querySelector('button').getAttribute('aria-disabled') || '');
	})()`)
	if got != "sent ignored true" {
		t.Fatalf("two submits of the message form: %q, want the first sent, the second ignored and the button marked", got)
	}
	waitFor(t, ctx, `location.search.includes('done=message')`)
	if n := eval[int](t, ctx, `[...document.querySelectorAll('.wc-message')].filter(p => p.textContent === 'Einmal gesendet').length`); n != 1 {
		t.Errorf("the message is on the page %d times, want once", n)
	}
}
