package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/demo"
	"github.com/wikicities/wikicities/http/webtest"
	"github.com/wikicities/wikicities/password"
)

// Answering a partner request from its page, in a real browser over the
// demo data, in Arabic on a 360 px phone: signed out, the page offers a
// link to sign in to answer; the demo account (WikiMUC) signs in through
// it, lands back on Amical Wikimedia's request, answers it and finds its
// answer on the page; Amical's coordinator (demo-partners) then finds it
// in their inbox, linking to the request. Screenshots go to the artifacts
// (request-answer-<step>-ar-360.png).
func TestBrowserAnswerARequest(t *testing.T) {
	browser := webtest.Browser(t)
	m := runDemoMain(t)
	base := m.Server.URL()
	ctx := context.Background()
	var id int64
	if err := m.DB.QueryRow(ctx, `SELECT r.id FROM partner_requests r JOIN communities c ON r.party_kind = 'community' AND c.id = r.party_id
		WHERE c.name = 'Amical Wikimedia'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	page := fmt.Sprintf("/requests/%d", id)
	tab := webtest.Tab(t, browser)
	webtest.Screen(t, tab, 360, 780, 1)
	text := func(sel string) string {
		t.Helper()
		return eval[string](t, tab, `(e => e ? e.textContent : '')(document.querySelector('`+sel+`'))`)
	}
	look := func(step string) {
		t.Helper()
		if w := eval[int](t, tab, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("%s: %d px wide on a 360 px screen", step, w)
		}
		for _, v := range webtest.Axe(t, tab) {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("%s: %s", step, v)
			}
		}
		webtest.Screenshot(t, tab, "request-answer-"+step+"-ar-360")
	}

	do(t, tab, chromedp.Navigate(base+page+"?uselang=ar"), chromedp.WaitVisible(chromedp.CSS("#wc-answer")))
	if got := text(`[aria-labelledby=wc-answer] a[href^="/auth/signin"]`); got != "سجّل الدخول للإجابة عن هذا الطلب" {
		t.Errorf("signed out, the request offers %q: %s", got, eval[string](t, tab, `document.querySelector("main").outerHTML`))
	}
	look("signed-out")
	pw, err := demo.DemoPassword(ctx, demoServices(m))
	if err != nil || pw == "" {
		t.Fatalf("demo password %q, %v", pw, err)
	}
	do(t, tab, chromedp.Click(chromedp.CSS(`[aria-labelledby=wc-answer] a[href^="/auth/signin"]`)), chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), demo.DemoUser), chromedp.SendKeys(chromedp.CSS("#f-password"), pw),
		chromedp.Submit(chromedp.CSS("#f-password")), chromedp.WaitVisible(chromedp.CSS("#f-answer-message")))
	if got := eval[string](t, tab, `location.pathname`); got != page {
		t.Errorf("signing in to answer came back to %s, want %s", got, page)
	}
	if got := text("[aria-labelledby=wc-answer] form p"); !strings.Contains(got, demo.DemoCommunity) {
		t.Errorf("the form does not say on whose behalf: %q", got)
	}
	const message = "نصوّر معكم في ميونخ <3"
	do(t, tab, chromedp.SendKeys(chromedp.CSS("#f-answer-message"), message))
	look("form")
	do(t, tab, chromedp.Submit(chromedp.CSS("#f-answer-message")), chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")))
	if got := text(".cdx-message--success"); got != "أُرسلت إجابتك. تجدها الجهة الطالبة في صندوق واردها." {
		t.Errorf("after answering: %q", got)
	}
	if got := text(".wc-results"); !strings.Contains(got, message) || !strings.Contains(got, demo.DemoCommunity) {
		t.Errorf("the answers do not show the answer: %q", got)
	}
	if eval[bool](t, tab, `!!document.getElementById('f-answer-message')`) {
		t.Error("the page still offers to answer again")
	}
	look("answered")

	// The requester's coordinator finds it in their inbox.
	const partnersPassword = "demo-partners' long password"
	svc := demoServices(m)
	sys := wikicities.NewContext(ctx, wikicities.System)
	u, err := svc.Accounts.UserByName(sys, demo.PartnersUser)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := password.Default.Hash(partnersPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Accounts.UpdateUser(sys, u.ID, u.Version, wikicities.UserUpdate{PasswordHash: &hash}); err != nil {
		t.Fatal(err)
	}
	do(t, tab, chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")),
		chromedp.Navigate(base+"/auth/signin?uselang=ar&returnto=/inbox"), chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), demo.PartnersUser), chromedp.SendKeys(chromedp.CSS("#f-password"), partnersPassword),
		chromedp.Submit(chromedp.CSS("#f-password")), chromedp.WaitVisible(chromedp.CSS(`main a[href="`+page+`"]`)))
	if got := text(`main a[href="` + page + `"]`); !strings.Contains(got, demo.DemoCommunity) {
		t.Errorf("the requester's inbox links to the request with %q, not naming %s", got, demo.DemoCommunity)
	}
	look("inbox")
}
