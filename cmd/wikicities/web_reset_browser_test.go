package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/email/smtptest"
	"github.com/wikicities/wikicities/http/webtest"
)

// resetWords are the words of the forgotten-password pages in one language.
type resetWords struct{ lang, forgot, sent, subject, changed string }

// A forgotten password in a real browser, in English, German and Arabic:
// someone signs up with an address and signs out; from the sign-in page
// "Forgot your password?" asks for their address; the mail (through a real
// SMTP server, in their language) holds a link; the link's page sets a new
// password and signs them in; they sign out and in again with it, and the
// link does not work a second time.
func TestBrowserForgotPassword(t *testing.T) {
	box, addr := smtptest.Start(t, "", "")
	sender, err := email.New(email.Config{URL: "smtp://" + addr + "?tls=none", From: "WikiCities <noreply@wikicities.example>"})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := runWebMain(t, func(ctx context.Context, m *Main) error {
		m.Server.Auth.SignupEnabled = true
		m.Server.Auth.SignInLimit.Burst, m.Server.Auth.WriteLimit.Burst = 0, 0
		m.Server.Mailer = sender
		return nil
	})
	base := m.Server.URL()
	browser := webtest.Browser(t)
	for _, w := range []resetWords{
		{"en", "Forgot your password?", "is on its way", "Set a new password for WikiCities", "Your password is changed."},
		{"de", "Passwort vergessen?", "ist ein Link zum Setzen eines neuen Passworts an diese Adresse unterwegs", "Neues Passwort für WikiCities setzen", "Dein Passwort ist geändert."},
		{"ar", "نسيت كلمة المرور؟", "في طريقه إلى ذلك العنوان", "عيّن كلمة مرور جديدة لـ WikiCities", "غُيّرت كلمة مرورك"},
	} {
		t.Run(w.lang, func(t *testing.T) { forgotPassword(t, browser, base, box, w) })
	}
}

func forgotPassword(t *testing.T, browser context.Context, base string, box *smtptest.Mailbox, w resetWords) {
	ctx := webtest.Tab(t, browser, "status of 410") // the spent link, at the end
	text := func(sel string) string {
		t.Helper()
		return eval[string](t, ctx, `(e => e ? e.textContent : '')(document.querySelector('`+sel+`'))`)
	}
	name := "Rosa-" + w.lang
	mail := strings.ToLower(name) + "@example.org"
	do(t, ctx, chromedp.Navigate(base+"/?uselang="+w.lang), chromedp.WaitVisible(chromedp.CSS("a.wc-user")),
		chromedp.Click(chromedp.CSS("a.wc-user")), chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.Click(chromedp.CSS(`a[href^="/auth/signup"]`)), chromedp.WaitVisible(chromedp.CSS("#f-email")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), name),
		chromedp.SendKeys(chromedp.CSS("#f-password"), "the first long password"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), mail),
		chromedp.Submit(chromedp.CSS("#f-username")), chromedp.WaitVisible(chromedp.CSS("details.wc-user")),
		chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")),
		chromedp.Click(chromedp.CSS("a.wc-user")), chromedp.WaitVisible(chromedp.CSS("#f-password")))

	// The sign-in page's link, named as the page it opens.
	if got := text(`a[href="/auth/forgot"]`); got != w.forgot {
		t.Errorf("the sign-in page's link says %q, want %q", got, w.forgot)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`a[href="/auth/forgot"]`)), chromedp.WaitVisible(chromedp.CSS("#f-who")))
	if got := text("h1"); got != w.forgot {
		t.Errorf("the page's heading is %q, want %q", got, w.forgot)
	}
	webtest.Screenshot(t, ctx, "forgot-"+w.lang)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-who"), mail), chromedp.Submit(chromedp.CSS("#f-who")),
		chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")))
	if got := text(".cdx-message--success"); !strings.Contains(got, w.sent) {
		t.Errorf("after asking: %q lacks %q", got, w.sent)
	}
	webtest.Screenshot(t, ctx, "forgot-sent-"+w.lang)

	var msg smtptest.Message
	for i := 0; len(box.To(mail)) == 0 && i < 200; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if msgs := box.To(mail); len(msgs) != 1 {
		t.Fatalf("%d mails to %s, want 1", len(msgs), mail)
	} else {
		msg = msgs[0]
	}
	if msg.Subject() != w.subject {
		t.Errorf("subject %q, want %q", msg.Subject(), w.subject)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(base) + `/auth/reset/[A-Za-z0-9_.-]+`).FindString(msg.Body)
	if link == "" {
		t.Fatalf("no link in\n%s", msg.Body)
	}
	do(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#f-new_password")))
	webtest.Screenshot(t, ctx, "reset-"+w.lang)
	do(t, ctx, chromedp.SendKeys(chromedp.CSS("#f-new_password"), "the second long password"),
		chromedp.SendKeys(chromedp.CSS("#f-new_password_again"), "the second long password"),
		chromedp.Submit(chromedp.CSS("#f-new_password")), chromedp.WaitVisible(chromedp.CSS(".cdx-message--success")))
	if got := text(".cdx-message--success"); !strings.Contains(got, w.changed) {
		t.Errorf("after the reset: %q lacks %q", got, w.changed)
	}
	if got := eval[string](t, ctx, `location.pathname`); got != "/account" {
		t.Errorf("after the reset the browser is on %s, want the account page", got)
	}

	// Signed out, the new password signs in; the link is spent.
	do(t, ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")),
		chromedp.Click(chromedp.CSS("a.wc-user")), chromedp.WaitVisible(chromedp.CSS("#f-password")),
		chromedp.SendKeys(chromedp.CSS("#f-username"), name), chromedp.SendKeys(chromedp.CSS("#f-password"), "the second long password"),
		chromedp.Submit(chromedp.CSS("#f-password")), chromedp.WaitVisible(chromedp.CSS("details.wc-user")))
	if got := text(".wc-user"); !strings.Contains(got, name) {
		t.Errorf("signed in with the new password, the header says %q", got)
	}
	do(t, ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS(`main a[href="/auth/forgot"]`)))
	if eval[bool](t, ctx, `!!document.querySelector('#f-new_password')`) {
		t.Error("the used link still offers to set a password")
	}
	webtest.Screenshot(t, ctx, "reset-spent-"+w.lang)
	do(t, ctx, chromedp.Click(chromedp.CSS(".wc-user > summary")), chromedp.Click(chromedp.CSS(".wc-user button")), chromedp.WaitVisible(chromedp.CSS("a.wc-user")))
}
