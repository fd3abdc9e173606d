package main

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/http/webtest"
)

// Registering an institution in a real browser, in English and Arabic:
// from the institutions list, signed up on the web, the form registers a
// museum in Lyon and its page says who coordinates it;
// registering it again comes back with the existing one, a link to ask to
// coordinate it and "register it anyway". Screenshots at 1366 and 390 px,
// which must not scroll sideways.
func TestBrowserRegisterInstitution(t *testing.T) {
	m, _ := runWebMain(t, func(ctx context.Context, m *Main) error {
		m.Server.Auth.SignupEnabled = true
		m.Server.Auth.SignInLimit.Burst, m.Server.Auth.WriteLimit.Burst = 0, 0
		return nil
	})
	base := m.Server.URL()
	browser := webtest.Browser(t)
	for _, w := range []struct{ lang, museum, register, created, duplicate string }{
		{"en", "Musée des Confluences", "Register an institution", "You are its coordinator.", "already listed in this city"},
		{"ar", "Musée Gadagne", "سجّل مؤسسة", "أنت منسّقها.", "مسجّلة"},
	} {
		t.Run(w.lang, func(t *testing.T) {
			ctx := webtest.Tab(t, browser, "status of 409") // the form that asks first
			text := func(sel string) string {
				t.Helper()
				return eval[string](t, ctx, `(e => e ? e.textContent : '')(document.querySelector('`+sel+`'))`)
			}
			narrow := func(name string) {
				t.Helper()
				webtest.Screenshot(t, ctx, name+"-"+w.lang+"-1366")
				webtest.Screen(t, ctx, 390, 844, 1)
				if px := eval[int](t, ctx, `document.documentElement.scrollWidth`); px > 390 {
					t.Errorf("%s (%s): %d px wide on a 390 px screen", name, w.lang, px)
				}
				webtest.Screenshot(t, ctx, name+"-"+w.lang+"-390")
				webtest.Screen(t, ctx, 1366, 900, 1)
			}
			name := "Ines-" + w.lang
			do(t, ctx, chromedp.Navigate(base+"/auth/signup?uselang="+w.lang), chromedp.WaitVisible(chromedp.CSS("#f-username")),
				chromedp.SendKeys(chromedp.CSS("#f-username"), name),
				chromedp.SendKeys(chromedp.CSS("#f-password"), name+"'s long password"),
				chromedp.Submit(chromedp.CSS("#f-username")), chromedp.WaitVisible(chromedp.CSS("details.wc-user")),
				chromedp.Navigate(base+"/institutions"), chromedp.WaitVisible(chromedp.CSS(`a[href="/institutions/new"]`)))
			if got := text(`a[href="/institutions/new"]`); got != w.register {
				t.Errorf("the list's button says %q, want %q", got, w.register)
			}
			fill := func() {
				t.Helper()
				do(t, ctx, chromedp.WaitVisible(chromedp.CSS("#f-name")),
					chromedp.SendKeys(chromedp.CSS("#f-name"), w.museum),
					chromedp.SetValue(chromedp.CSS("#f-kind"), "museum"),
					chromedp.SendKeys(chromedp.CSS("#f-city"), "Lyon, France"),
					chromedp.Click(chromedp.CSS(`input[name="programmes"][value="wir"]`)))
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/institutions/new"]`)))
			fill()
			if got := text("h1"); got != w.register {
				t.Errorf("the form's heading is %q, want %q", got, w.register)
			}
			narrow("institution-form")
			do(t, ctx, chromedp.Submit(chromedp.CSS("#f-name")), chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")))
			if got := text(".cdx-message--success"); !strings.Contains(got, w.created) {
				t.Errorf("after registering: %q lacks %q", got, w.created)
			}
			page := eval[string](t, ctx, `location.pathname`)
			if !eval[bool](t, ctx, `!!document.querySelector('a[href="`+page+`/edit"]')`) {
				t.Error("its coordinator is not offered to edit it")
			}

			// Again: the form asks first.
			do(t, ctx, chromedp.Navigate(base+"/institutions/new"))
			fill()
			do(t, ctx, chromedp.Submit(chromedp.CSS("#f-name")), chromedp.WaitVisible(chromedp.CSS("#wc-duplicates")))
			if got := text("#wc-duplicates"); !strings.Contains(got, w.duplicate) || !strings.Contains(got, w.museum) {
				t.Errorf("the duplicate notice: %q", got)
			}
			if !eval[bool](t, ctx, `!!document.querySelector('#wc-duplicates a[href="`+page+`#wc-coordination"]')`) {
				t.Error("the notice does not link to asking to coordinate the existing one")
			}
			narrow("institution-duplicate")
			do(t, ctx, chromedp.Click(chromedp.CSS(`input[name="confirm_duplicate"]`)), chromedp.Submit(chromedp.CSS("#f-name")),
				chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")))
			if again := eval[string](t, ctx, `location.pathname`); again == page {
				t.Errorf("registering anyway did not register a second one")
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")))
		})
	}
}
