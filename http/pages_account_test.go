package http_test

import (
	"context"
	"io"
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

// form posts values as a browser's form would, with the session's CSRF
// token among them, and returns the status, the Location and the body.
func (s *site) form(c cred, path string, values url.Values) (int, string, string) {
	s.t.Helper()
	v := url.Values{}
	for k, vs := range values {
		v[k] = vs
	}
	if c.CSRF != "" {
		v.Set("csrf_token", c.CSRF)
	}
	resp := s.do(cred{Cookie: c.Cookie}, "POST", path, strings.NewReader(v.Encode()))
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// page GETs path with c and returns the status and the body.
func (s *site) page(c cred, path string) (int, string) {
	s.t.Helper()
	resp := s.do(c, "GET", path, nil)
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// versionOn reads the hidden version field of the account form.
func versionOn(t *testing.T, body string) string {
	t.Helper()
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version field in\n%s", body)
	}
	return m[1]
}

// The account page shows who one is and what one coordinates, and saves
// the language and the digest choice; a stale form keeps its input and
// changes nothing; a form without its CSRF token is refused; anonymous
// readers are sent to sign in.
func TestAccountPageSavesLanguageAndDigestChoice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		u := s.user(`Ana "Wiki" & Co`, wikicities.RoleMember, "a long password")
		c := s.session(u)
		ctx := context.Background()

		if code, body := s.page(cred{}, "/account"); code != http.StatusUnauthorized || !strings.Contains(body, "/auth/signin?returnto=%2Faccount") {
			t.Fatalf("anonymous: %d, want 401 with a sign-in link", code)
		}
		code, body := s.page(c, "/account")
		if code != http.StatusOK {
			t.Fatalf("GET /account: %d", code)
		}
		mustContain(t, "account page", body, "Your account", "<bdi>Ana &#34;Wiki&#34; &amp; Co</bdi>", "a password of this site",
			`value="on" checked`, "no community or institution yet", "Sign out everywhere", `<a href="/account">Signed in as Ana &#34;Wiki&#34; &amp; Co</a>`)
		mustNotContain(t, "account page", body, `Ana "Wiki" & Co`)
		version := versionOn(t, body)

		// No CSRF token: refused, nothing saved.
		if code, _, _ := s.form(cred{Cookie: c.Cookie}, "/account", url.Values{"version": {version}, "language": {"de"}}); code != http.StatusForbidden {
			t.Errorf("without the CSRF token: %d, want 403", code)
		}
		// German, and no digest (the box unticked sends nothing).
		code, loc, _ := s.form(c, "/account", url.Values{"version": {version}, "language": {"de"}, "email": {""}})
		if code != http.StatusSeeOther || loc != "/account?done=saved" {
			t.Fatalf("save: %d to %q", code, loc)
		}
		got, _ := db.Accounts().User(ctx, u.ID)
		if out, _ := db.OptedOutOfDigest(ctx, u.ID); got.Language != "de" || !out {
			t.Fatalf("after saving: language %q, opted out %v", got.Language, out)
		}
		_, body = s.page(c, "/account?done=saved")
		mustContain(t, "German account page", body, `<html lang="de"`, "Dein Konto", "Deine Einstellungen sind gespeichert.", `<option value="de" selected>Deutsch</option>`)
		mustNotContain(t, "German account page", body, `value="on" checked`)

		// A form read before that save is stale: it keeps what was typed
		// and changes nothing.
		code, _, body = s.form(c, "/account", url.Values{"version": {version}, "language": {"ar"}, "digest": {"on"}})
		if code != http.StatusConflict {
			t.Fatalf("stale form: %d, want 409", code)
		}
		// Under each field the other save changed, what it says now.
		mustContain(t, "stale form", body, `<option value="ar" selected>`, `value="on" checked`)
		if got := fieldCurrent(body, "language"); got != "Die aktuelle Fassung lautet: <bdi>Deutsch</bdi>" {
			t.Errorf("under the language: %q", got)
		}
		if got := fieldCurrent(body, "digest"); got != "Die aktuelle Fassung lässt dies leer." {
			t.Errorf("under the digest: %q", got)
		}
		if got := fieldCurrent(body, "email"); got != "" {
			t.Errorf("under the email, which neither save changed: %q", got)
		}
		if got, _ := db.Accounts().User(ctx, u.ID); got.Language != "de" {
			t.Errorf("a stale form changed the language to %q", got.Language)
		}
		if out, _ := db.OptedOutOfDigest(ctx, u.ID); !out {
			t.Error("a stale form turned the digest back on")
		}
		// Saved again from the current version: the digest is back on.
		code, _, _ = s.form(c, "/account", url.Values{"version": {versionOn(t, body)}, "language": {"de"}, "digest": {"on"}})
		if out, _ := db.OptedOutOfDigest(ctx, u.ID); code != http.StatusSeeOther || out {
			t.Errorf("digest back on: %d, opted out %v", code, out)
		}
		// Bad input is answered next to its field.
		code, _, body = s.form(c, "/account", url.Values{"version": {versionOn(t, body)}, "language": {"tlh"}, "email": {"not an address"}})
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("bad input: %d, want 422", code)
		}
		mustContain(t, "bad input", body, `id="f-language-error"`, "Bitte eine der angebotenen Sprachen wählen.",
			`id="f-email-error"`, "„not an address“ ist keine E-Mail-Adresse wie name@example.org.", `value="not an address"`)
		entries, err := db.AuditLog(ctx, "user", u.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		for _, want := range []string{"update", "digest_opt_out", "digest_opt_in"} {
			if !strings.Contains(strings.Join(actions, " "), want) {
				t.Errorf("audit log of the account lacks %q: %v", want, actions)
			}
		}
	})
}

// A new address takes effect only when its owner follows the link sent to
// it through a real SMTP server; the link's page asks first (mail scanners
// follow links); a forged or an expired link changes nothing. A site without a mail server says it cannot confirm addresses.
func TestAccountEmailChangesOnlyThroughTheConfirmationLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Now().UTC().Truncate(time.Second)
		db.Now = func() time.Time { return now }
		box, addr := smtptest.Start(t, "wikicities", "s3cret")
		sender, err := email.New(email.Config{URL: "smtp://wikicities:s3cret@" + addr, From: "WikiCities <noreply@wikicities.example>"})
		if err != nil {
			t.Fatal(err)
		}
		s := newSite(t, db, func(srv *wchttp.Server) { srv.Mailer = sender; srv.BaseURL = "http://wikicities.example" })
		u := s.user("ana", wikicities.RoleMember, "a long password")
		lang := "de"
		if _, err := db.Accounts().UpdateUser(context.Background(), u.ID, u.Version, wikicities.UserUpdate{Language: &lang}); err != nil {
			t.Fatal(err)
		}
		c := s.session(u)
		_, body := s.page(c, "/account")
		code, loc, _ := s.form(c, "/account", url.Values{"version": {versionOn(t, body)}, "language": {"de"}, "digest": {"on"}, "email": {"ana@example.org"}})
		if code != http.StatusSeeOther || loc != "/account?done=email-sent" {
			t.Fatalf("new address: %d to %q", code, loc)
		}
		if got, _ := db.Accounts().User(context.Background(), u.ID); got.Email != "" {
			t.Fatalf("the address changed before it was confirmed: %q", got.Email)
		}
		msgs := box.To("ana@example.org")
		if len(msgs) != 1 {
			t.Fatalf("%d confirmation messages to the new address", len(msgs))
		}
		m := msgs[0]
		if m.Subject() != "Bestätige deine E-Mail-Adresse für WikiCities" || m.Msg.Header.Get("Content-Language") != "de" {
			t.Errorf("confirmation in the account's language: subject %q, Content-Language %q", m.Subject(), m.Msg.Header.Get("Content-Language"))
		}
		link := regexp.MustCompile(`http://wikicities\.example(/account/email/[A-Za-z0-9_.-]+)`).FindStringSubmatch(m.Body)
		if link == nil || !strings.Contains(m.Body, "Hallo ana,") || !strings.Contains(m.Body, "48 Stunden") {
			t.Fatalf("confirmation text:\n%s", m.Body)
		}
		path := link[1]

		// Following the link only asks.
		code, body = s.page(cred{}, path)
		if code != http.StatusOK || !strings.Contains(body, "ana@example.org") {
			t.Fatalf("link page: %d\n%s", code, body)
		}
		if got, _ := db.Accounts().User(context.Background(), u.ID); got.Email != "" {
			t.Fatalf("opening the link changed the address to %q", got.Email)
		}
		// A forged link changes nothing.
		forged := path[:len(path)-3] + "abc"
		if code, _, _ := s.form(cred{}, forged, nil); code == http.StatusOK || code == http.StatusSeeOther {
			t.Errorf("forged link: %d", code)
		}
		// Pressing the button, signed in: the address is the account's.
		code, loc, _ = s.form(c, path, nil)
		if code != http.StatusSeeOther || loc != "/account?done=email-confirmed" {
			t.Fatalf("confirm: %d to %q", code, loc)
		}
		if got, _ := db.Accounts().User(context.Background(), u.ID); got.Email != "ana@example.org" {
			t.Fatalf("after confirming: %q", got.Email)
		}
		// The link expires.
		_, body = s.page(c, "/account")
		s.form(c, "/account", url.Values{"version": {versionOn(t, body)}, "language": {"de"}, "digest": {"on"}, "email": {"ana.new@example.org"}})
		late := regexp.MustCompile(`http://wikicities\.example(/account/email/[A-Za-z0-9_.-]+)`).FindStringSubmatch(box.To("ana.new@example.org")[0].Body)[1]
		now = now.Add(49 * time.Hour)
		if code, _, _ := s.form(cred{}, late, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("expired link: %d, want 422", code)
		}
		if got, _ := db.Accounts().User(context.Background(), u.ID); got.Email != "ana@example.org" {
			t.Errorf("an expired link changed the address to %q", got.Email)
		}
	})

	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	u := s.user("ben", wikicities.RoleMember, "a long password")
	c := s.session(u)
	_, body := s.page(c, "/account")
	mustContain(t, "account page without mail", body, "This site cannot send email")
	code, _, body := s.form(c, "/account", url.Values{"version": {versionOn(t, body)}, "email": {"ben@example.org"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-email-error"`) {
		t.Errorf("new address without a mail server: %d", code)
	}
	if got, _ := db.Accounts().User(context.Background(), u.ID); got.Email != "" {
		t.Errorf("address set without confirmation: %q", got.Email)
	}
}

// "Sign out everywhere" ends every session of the account, the one that
// asked too, and no other account's.
func TestSignOutEverywhere(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		u := s.user("ana", wikicities.RoleMember, "a long password")
		other := s.user("ben", wikicities.RoleMember, "a long password")
		here, there, bens := s.session(u), s.session(u), s.session(other)
		code, loc, _ := s.form(here, "/account/sessions/end", nil)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/auth/signin") {
			t.Fatalf("sign out everywhere: %d to %q", code, loc)
		}
		for name, c := range map[string]cred{"this device": here, "another device": there} {
			if resp := s.do(c, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s still signed in: %d", name, resp.StatusCode)
			}
		}
		if resp := s.do(bens, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusOK {
			t.Errorf("another account was signed out: %d", resp.StatusCode)
		}
	})
}

// The digest's unsubscribe link speaks the account's language, in the
// site's frame, and asks before it records anything.
func TestUnsubscribePageSpeaksTheAccountsLanguage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	u := s.user("rania", wikicities.RoleMember, "a long password")
	lang := "ar"
	if _, err := db.Accounts().UpdateUser(context.Background(), u.ID, u.Version, wikicities.UserUpdate{Language: &lang}); err != nil {
		t.Fatal(err)
	}
	tok, err := db.UnsubscribeToken(context.Background(), u.ID)
	if err != nil {
		t.Fatal(err)
	}
	code, body := s.page(cred{}, "/digest/unsubscribe/"+tok)
	if code != http.StatusOK {
		t.Fatalf("GET: %d", code)
	}
	mustContain(t, "unsubscribe page", body, `<html lang="ar" dir="rtl">`, "هل تريد إيقاف رسائل ملخص الشراكات من WikiCities؟")
	if out, _ := db.OptedOutOfDigest(context.Background(), u.ID); out {
		t.Fatal("opening the link unsubscribed")
	}
	// The account's language serves this page only: it is not remembered
	// as the browser's choice.
	if c := s.do(cred{}, "GET", "/digest/unsubscribe/"+tok, nil).Header.Get("Set-Cookie"); strings.Contains(c, wchttp.LanguageCookie) {
		t.Errorf("the unsubscribe page set the language cookie: %s", c)
	}
	code, _, body = s.form(cred{}, "/digest/unsubscribe/"+tok, nil)
	if code != http.StatusOK {
		t.Fatalf("POST: %d", code)
	}
	mustContain(t, "unsubscribed", body, "لن تتلقى بعد الآن ملخصات الشراكات من WikiCities.")
	if out, _ := db.OptedOutOfDigest(context.Background(), u.ID); !out {
		t.Error("not opted out after the button")
	}
	if code, body := s.page(cred{}, "/digest/unsubscribe/"+tok+"?uselang=en"); code != http.StatusOK || !strings.Contains(body, "Stop the partnership digest emails") {
		t.Errorf("?uselang=en: %d", code)
	}
}
