package http_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/email"
	"github.com/wikicities/wikicities/email/smtptest"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// resetLink matches the path of a password link in a mail.
var resetLink = regexp.MustCompile(`http://wikicities\.example(/auth/reset/[A-Za-z0-9_.-]+)`)

// mailsTo waits until the mailbox holds n messages for addr (the links
// leave in the background) and returns them; it fails after ten seconds.
func mailsTo(t *testing.T, box *smtptest.Mailbox, addr string, n int) []smtptest.Message {
	t.Helper()
	for range 200 {
		if got := box.To(addr); len(got) >= n {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%d messages to %s, want %d", len(box.To(addr)), addr, n)
	return nil
}

// newResetSite is a site that mails through a real SMTP server, with
// ana (German, with an address and a session and an API token).
func newResetSite(t *testing.T, db *store.DB, now *time.Time) (*site, *smtptest.Mailbox, *wikicities.User) {
	t.Helper()
	db.Now = func() time.Time { return *now }
	box, addr := smtptest.Start(t, "wikicities", "s3cret")
	sender, err := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr, From: "WikiCities <noreply@wikicities.example>"})
	if err != nil {
		t.Fatal(err)
	}
	s := newSite(t, db, func(srv *wchttp.Server) { srv.Mailer = sender; srv.BaseURL = "http://wikicities.example" })
	u := s.user("ana", wikicities.RoleMember, "the old long password")
	lang, mail := "de", "Ana@Example.org"
	u, err = db.Accounts().UpdateUser(context.Background(), u.ID, u.Version, wikicities.UserUpdate{Language: &lang, Email: &mail})
	if err != nil {
		t.Fatal(err)
	}
	return s, box, u
}

// "Forgot your password?": the sign-in page links to it; a name or an
// address gets the same answer whether an account has it or not, and only
// a local, enabled account with an address gets a mail, in its language,
// through a real SMTP server. The link only asks; it refuses a short or
// mistyped password; it sets the password once, which ends every session
// and API token, signs this browser in, and kills the link and every other
// link sent before.
func TestForgotPasswordMailsASingleUseLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now().UTC().Truncate(time.Second)
		s, box, ana := newResetSite(t, db, &now)
		before, after := s.session(ana), s.token(ana, "read")
		wiki, err := db.Accounts().WikimediaUser(context.Background(), "sub-1", "Wiki Ben")
		if err != nil {
			t.Fatal(err)
		}
		mail := "ben@example.org"
		if _, err := db.Accounts().UpdateUser(context.Background(), wiki.ID, wiki.Version, wikicities.UserUpdate{Email: &mail}); err != nil {
			t.Fatal(err)
		}
		s.user("cy", wikicities.RoleMember, "cy's long password") // no address

		_, body := s.page(cred{}, "/auth/signin")
		mustContain(t, "sign-in page", body, `<a href="/auth/forgot">Forgot your password?</a>`)
		_, body = s.page(cred{}, "/auth/forgot")
		mustContain(t, "forgot page", body, "<h1>Forgot your password?</h1>", `name="who"`)

		sent := ""
		for _, who := range []string{"nobody", "nobody@example.org", "ana", "ANA@example.ORG", "Wiki Ben", "ben@example.org", "cy"} {
			code, loc, _ := s.form(cred{}, "/auth/forgot", url.Values{"who": {who}})
			if code != http.StatusSeeOther || loc != "/auth/forgot?done=sent" {
				t.Errorf("%q: %d to %q, want the same answer for everyone", who, code, loc)
			}
			_, page := s.page(cred{}, loc)
			if sent == "" {
				sent = page
			} else if page != sent {
				t.Errorf("the page after %q differs from the others", who)
			}
		}
		mustContain(t, "after sending", sent, "a link to set a new password is on its way", "2 hours")
		if code, _, body := s.form(cred{}, "/auth/forgot", url.Values{"who": {"  "}}); code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-who-error"`) {
			t.Errorf("empty form: %d", code)
		}

		msgs := mailsTo(t, box, "Ana@Example.org", 2) // by name, then by address
		s.Srv.Close(context.Background())             // waits for the mails under way
		if n := len(box.Messages()); n != 2 {
			t.Errorf("%d mails sent, want 2 (to ana only: the others have no password or no address)", n)
		}
		m := msgs[0]
		if m.Subject() != "Neues Passwort für WikiCities setzen" || m.Msg.Header.Get("Content-Language") != "de" ||
			!strings.Contains(m.Body, "Hallo ana,") || !strings.Contains(m.Body, "2 Stunden") {
			t.Errorf("mail in the account's language: %q\n%s", m.Subject(), m.Body)
		}
		first, second := resetLink.FindStringSubmatch(m.Body), resetLink.FindStringSubmatch(msgs[1].Body)
		if first == nil || second == nil {
			t.Fatalf("no link in\n%s", m.Body)
		}
		s = newSiteLike(t, s)

		// The link only asks, in the account's language.
		code, body := s.page(cred{}, first[1])
		if code != http.StatusOK || !strings.Contains(body, "Neues Passwort setzen") || !strings.Contains(body, "ana") {
			t.Fatalf("link page: %d\n%s", code, body)
		}
		wantStatus(t, s.do(before, "GET", "/api/v1/me", nil), 200)
		forged := first[1][:len(first[1])-3] + "abc"
		if code, _ := s.page(cred{}, forged); code != http.StatusGone {
			t.Errorf("forged link: %d, want 410", code)
		}
		const next = "a brand new password"
		for name, v := range map[string]url.Values{
			"short":    {"new_password": {"short"}, "new_password_again": {"short"}},
			"mismatch": {"new_password": {next}, "new_password_again": {next + "!"}},
		} {
			if code, _, body := s.form(cred{}, first[1], v); code != http.StatusUnprocessableEntity || strings.Contains(body, next) {
				t.Errorf("%s: %d, want 422 without the password in the page", name, code)
			}
		}
		resp := s.do(cred{}, "POST", first[1], strings.NewReader(url.Values{"new_password": {next}, "new_password_again": {next}}.Encode()))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=password-changed" || cookieNamed(resp, "wikicities_session") == nil {
			t.Fatalf("reset: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		for name, c := range map[string]cred{"session": before, "token": after} {
			if resp := s.do(c, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("the %s from before the reset still works: %d", name, resp.StatusCode)
			}
		}
		wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "ana", "password": next}), 200)
		if resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "ana", "password": "the old long password"}); resp.StatusCode == 200 {
			t.Error("the old password still signs in")
		}
		// Used: the link and the one sent before it are dead.
		for name, link := range map[string]string{"used link": first[1], "earlier link": second[1]} {
			if code, body := s.page(cred{}, link); code != http.StatusGone || !strings.Contains(body, `href="/auth/forgot"`) {
				t.Errorf("%s: %d, want 410 with a way to ask again", name, code)
			}
			if code, _, _ := s.form(cred{}, link, url.Values{"new_password": {"yet another password"}, "new_password_again": {"yet another password"}}); code != http.StatusGone {
				t.Errorf("%s set a password: %d", name, code)
			}
		}

		// A link expires.
		s.form(cred{}, "/auth/forgot", url.Values{"who": {"ana"}})
		late := resetLink.FindStringSubmatch(mailsTo(t, box, "Ana@Example.org", 3)[2].Body)[1]
		wantStatus(t, s.do(cred{}, "GET", late, nil), 200)
		now = now.Add(2*time.Hour + time.Second)
		if code, _ := s.page(cred{}, late); code != http.StatusGone {
			t.Errorf("expired link: %d, want 410", code)
		}
	})
}

// newSiteLike starts another server over the store of s with its mailer
// settings, for after s was closed.
func newSiteLike(t *testing.T, s *site) *site {
	t.Helper()
	return newSite(t, s.DB, func(srv *wchttp.Server) { srv.Mailer = s.Srv.Mailer; srv.BaseURL = s.Srv.BaseURL })
}

// Without a mail server the page says so and offers no form; asking is
// refused. Asking is rate-limited like signing in.
func TestForgotPasswordWithoutMailAndRateLimited(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	code, body := s.page(cred{}, "/auth/forgot")
	if code != http.StatusOK || strings.Contains(body, `name="who"`) || !strings.Contains(body, "This site cannot send email") {
		t.Errorf("forgot page without mail: %d\n%s", code, body)
	}
	if code, _, _ := s.form(cred{}, "/auth/forgot", url.Values{"who": {"ana"}}); code != http.StatusServiceUnavailable {
		t.Errorf("asking without mail: %d, want 503", code)
	}

	now := time.Now()
	s, _, _ = newResetSite(t, storetest.MustOpen(t, store.SQLite), &now)
	s.Srv.Close(context.Background())
	s = newSite(t, s.DB, func(srv *wchttp.Server) {
		srv.Mailer = s.Srv.Mailer
		srv.Auth.SignInPairLimit = wchttp.Limit{Every: time.Hour, Burst: 3}
	})
	for i := range 4 {
		code, _, _ := s.form(cred{}, "/auth/forgot", url.Values{"who": {"ana"}})
		if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusTooManyRequests}[i < 3]; code != want {
			t.Errorf("request %d: %d, want %d", i+1, code, want)
		}
	}
}
