package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// Attaching a library resource from the pages, in a real browser over the
// demo data, on a 390 px phone in English, German and Arabic: signed out,
// the event's page offers no form; the demo account (which organises the
// demo events and owns the demo campaign) sends the form without a choice
// and reads why under the field, then attaches a resource and finds it
// listed with a notice, and removes it again with the button beside it.
// Each language attaches to another record (an event, the campaign, a
// partnership). Every page passes axe and fits the
// screen; screenshots go to the artifacts (attach-<step>-<lang>.png).
func TestBrowserAttachResource(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	ctx := context.Background()
	var event, campaign, partnership int64
	for q, dst := range map[string]*int64{
		`SELECT MIN(e.id) FROM events e WHERE NOT EXISTS (SELECT 1 FROM resource_attachments a WHERE a.target_kind = 'event' AND a.target_id = e.id)
			AND EXISTS (SELECT 1 FROM event_organisers o JOIN communities c ON c.id = o.community_id WHERE o.event_id = e.id AND c.name = 'WikiMUC')`: &event,
		`SELECT MIN(id) FROM campaigns`: &campaign,
		`SELECT MIN(p.id) FROM partnerships p JOIN communities c ON c.id = p.a_community_id WHERE c.name = 'WikiMUC'`: &partnership,
	} {
		if err := m.DB.QueryRow(ctx, q).Scan(dst); err != nil || *dst == 0 {
			t.Fatalf("%s: %d, %v", q, *dst, err)
		}
	}
	targets := map[string]string{"en": fmt.Sprintf("/events/%d", event), "de": fmt.Sprintf("/campaigns/%d", campaign),
		"ar": fmt.Sprintf("/partnerships/%d", partnership)}
	for _, lang := range []string{"en", "de", "ar"} {
		t.Run(lang, func(t *testing.T) {
			// A refused form answers 422, as it should.
			tab := webtest.Tab(t, browser, "status of 422")
			if _, err := chromedp.Call(tab, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true}); err != nil {
				t.Fatal(err)
			}
			b := &kpBrowser{t: t, ctx: tab, base: base, lang: lang, shotsDone: map[string]bool{}}
			page := targets[lang]
			fits := func(step string) {
				t.Helper()
				if eval[bool](t, tab, `!!document.getElementById('wc-resources')`) {
					do(t, tab, chromedp.ScrollIntoView(chromedp.CSS("#wc-resources")))
				}
				if w := eval[int](t, tab, `document.documentElement.scrollWidth`); w > 390 {
					t.Errorf("%s %s: %d px wide on a 390 px screen", page, step, w)
				}
				for _, v := range webtest.Axe(t, tab) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s %s (%s): %s", page, step, lang, v)
					}
				}
				webtest.Screenshot(t, tab, "attach-"+step+"-"+lang)
			}
			// The tabs share the browser's cookies: sign out whoever the
			// language before signed in.
			b.open(page)
			if eval[bool](t, tab, `!!document.querySelector('.wc-user button')`) {
				b.signOut()
				b.open(page)
			}
			if eval[bool](t, tab, `!!document.querySelector('#wc-resources form')`) {
				t.Errorf("%s offers the attach form to a visitor signed out", page)
			}
			fits("signed-out")

			signInDemo(t, tab, m, base)
			b.open(page)
			do(t, tab, chromedp.WaitVisible(chromedp.CSS("#f-resource")))
			b.submit(`#wc-resources form.wc-form button[type=submit]`, "#f-resource")
			if got := b.text("#f-resource-error"); strings.TrimSpace(got) == "" {
				t.Errorf("%s: sent without a choice, the form says nothing under the field", page)
			}
			if eval[string](t, tab, `document.getElementById('f-resource').getAttribute('aria-invalid')`) != "true" {
				t.Errorf("%s: the refused field is not marked invalid", page)
			}
			fits("refused")

			chosen := eval[string](t, tab, `(s => { s.selectedIndex = 1; return s.options[1].textContent; })(document.getElementById('f-resource'))`)
			b.submit(`#wc-resources form.wc-form button[type=submit]`, "#wc-resources")
			if n := b.text(".cdx-message--success"); strings.TrimSpace(n) == "" {
				t.Errorf("%s: no notice after attaching", page)
			}
			if got := b.text("#wc-resources ul"); !strings.Contains(got, chosen) {
				t.Errorf("%s: %q is not listed after attaching it: %q", page, chosen, got)
			}
			fits("attached")

			// The resource was the wrong one: its Remove button takes it
			// off the page again, saying so.
			if !eval[bool](t, tab, `(t => { for (const li of document.querySelectorAll('#wc-resources ul li')) {
				const b = li.querySelector('form button'); if (li.querySelector('a').textContent === t && b) { b.dataset.remove = 'chosen'; return true } }
				return false })(`+jsString(chosen)+`)`) {
				t.Fatalf("%s: no Remove button beside %q", page, chosen)
			}
			b.submit(`button[data-remove=chosen]`, "#wc-resources")
			if n := b.text(".cdx-message--success"); strings.TrimSpace(n) == "" {
				t.Errorf("%s: no notice after removing", page)
			}
			if eval[bool](t, tab, `[...document.querySelectorAll('#wc-resources ul a')].some(a => a.textContent === `+jsString(chosen)+`)`) {
				t.Errorf("%s: %q is still listed after removing it", page, chosen)
			}
			fits("removed")
			if strings.HasPrefix(page, "/partnerships/") {
				attachToATask(t, b, page, fits)
			}
		})
	}
}

// jsString writes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// attachToATask opens the folded form of the partnership's first task
// with one, attaches a resource to it and finds it listed under the task.
func attachToATask(t *testing.T, b *kpBrowser, page string, fits func(string)) {
	t.Helper()
	key := eval[string](t, b.ctx, `(d => d ? d.id : '')(document.querySelector('.wc-task-resources'))`)
	if key == "" {
		t.Fatalf("%s: no task block in the training materials", page)
	}
	do(t, b.ctx, chromedp.Click(chromedp.CSS("#"+key+" summary")), chromedp.WaitVisible(chromedp.CSS("#"+key+" select")))
	chosen := eval[string](t, b.ctx, `(s => { s.selectedIndex = 1; return s.options[1].textContent; })(document.querySelector('#`+key+` select'))`)
	b.submit("#"+key+" form.wc-form button[type=submit]", "#"+key)
	if got := b.text("#" + key + " ul"); !strings.Contains(got, chosen) {
		t.Errorf("%s: %q is not listed under the task after attaching it: %q", page, chosen, got)
	}
	fits("task")
}
