package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// A city page's map on a 390 px phone, in en, de and ar: the labels of the
// city and its twins lie inside the map ("Edinburgh, Scotland, United
// Kingdom" was cut at its top edge) and name the cities in the page's
// language (an Arabic page's map said "Munich").
func TestBrowserMapLabelsFitAPhone(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	munich, err := m.DB.Services().Cities.LookupCity(context.Background(), "Munich")
	if err != nil {
		t.Fatal(err)
	}
	ctx := webtest.Tab(t, browser)
	webtest.Screen(t, ctx, 390, 900, 1)
	for lang, name := range map[string]string{"en": "Munich", "de": "München", "ar": "ميونخ"} {
		do(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/cities/%d?uselang=%s", base, munich.ID, lang)),
			chromedp.WaitVisible(chromedp.CSS("#wc-map[data-ready]")))
		labels := eval[string](t, ctx, `[...document.querySelectorAll('.wc-map-label:not(.wc-map-label--hidden)')].map(e => e.textContent).join(' | ')`)
		if strings.Count(labels, "|") < 1 || !strings.Contains(labels, name) {
			t.Errorf("%s: the map's labels are %q, want %s's and its twins'", lang, labels, name)
		}
		cut := eval[string](t, ctx, `(() => { const m = document.getElementById('wc-map').getBoundingClientRect();
			return [...document.querySelectorAll('.wc-map-label:not(.wc-map-label--hidden)')].filter(e => { const r = e.getBoundingClientRect();
				return r.left < m.left || r.right > m.right || r.top < m.top || r.bottom > m.bottom; }).map(e => e.textContent).join(' | '); })()`)
		if cut != "" {
			t.Errorf("%s: labels cut at the map's edge: %s", lang, cut)
		}
		webtest.Screenshot(t, ctx, "map-labels-"+lang+"-390")
	}
}
