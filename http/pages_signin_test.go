package http_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSignInPageRendersInEveryLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		for _, lang := range []struct{ code, button string }{{"en", "Sign in"}, {"de", "Anmelden"}, {"ar", "دخول"}} {
			resp := s.do(cred{}, "GET", "/auth/signin?uselang="+lang.code, nil)
			wantStatus(t, resp, http.StatusOK)
			b := body(t, resp)
			mustContain(t, lang.code+" sign-in page", b, `<html lang="`+lang.code+`"`, lang.button, `name="username"`, `type="password"`)
			if m := regexp.MustCompile(`⧼[^⧽]*⧽`).FindString(b); m != "" {
				t.Errorf("%s sign-in page shows a missing message: %s", lang.code, m)
			}
			// No OAuth client configured: no Wikimedia button.
			mustNotContain(t, lang.code+" sign-in page", b, "/auth/wikimedia")
		}
	})
}

// A page that needs an account, opened signed out with ?uselang=, sends the
// reader to a sign-in page in that language (and remembers it), not in the
// browser's: a link shared in Arabic stays Arabic up to the form.
func TestSignInRedirectKeepsTheChosenLanguage(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	for _, tc := range []struct{ uselang, want string }{{"de", "de"}, {"ar", "ar"}, {"xx-nope", ""}, {"", ""}} {
		page := "/communities/new"
		if tc.uselang != "" {
			page += "?uselang=" + tc.uselang
		}
		resp := s.do(cred{}, "GET", page, nil)
		wantStatus(t, resp, http.StatusSeeOther)
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil || loc.Path != "/auth/signin" || loc.Query().Get("returnto") != page || loc.Query().Get("uselang") != tc.want {
			t.Errorf("%s: sent to %q, want the sign-in page with returnto=%s and uselang=%q", page, resp.Header.Get("Location"), page, tc.want)
			continue
		}
		if tc.want == "" {
			continue
		}
		resp = s.do(cred{}, "GET", loc.RequestURI(), nil, "Accept-Language", "en")
		mustContain(t, page+" sign-in page", body(t, resp), `<html lang="`+tc.want+`"`)
		if c := cookieNamed(resp, wchttp.LanguageCookie); c == nil || c.Value != tc.want {
			t.Errorf("%s: the sign-in page does not remember %s: %v", page, tc.want, c)
		}
	}
}

func TestSignInPageOffersWikimediaWhenConfigured(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) { s.Auth.Wikimedia.ClientID = "wikicities-test" })
	b := body(t, s.do(cred{}, "GET", "/auth/signin?returnto=/communities/new", nil))
	mustContain(t, "sign-in page", b, `href="/auth/wikimedia?return=%2Fcommunities%2Fnew"`, "Sign in with Wikimedia")
}

func TestSignInWithPasswordReturnsToThePage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada &Lovelace", wikicities.RoleMember, "correct horse battery")
		form := func(user, pw, ret string) io.Reader {
			return strings.NewReader(url.Values{"username": {user}, "password": {pw}, "returnto": {ret}}.Encode())
		}
		// A wrong password: the form comes back with the name kept, never the password.
		resp := s.do(cred{}, "POST", "/auth/signin", form("Ada &Lovelace", "wrong horse", "/communities/new"))
		wantStatus(t, resp, http.StatusUnauthorized)
		b := body(t, resp)
		mustContain(t, "failed sign-in", b, "Wrong user name or password.", `value="Ada &amp;Lovelace"`, `name="returnto" value="/communities/new"`)
		mustNotContain(t, "failed sign-in", b, "wrong horse")
		if c := cookieNamed(resp, "wikicities_session"); c != nil && c.Value != "" {
			t.Error("a failed sign-in set a session cookie")
		}
		// The right one: a session, and back to the page that asked.
		resp = s.do(cred{}, "POST", "/auth/signin", form("Ada &Lovelace", "correct horse battery", "/communities/new"))
		wantStatus(t, resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/communities/new" {
			t.Errorf("after signing in: Location %q", loc)
		}
		c := cookieNamed(resp, "wikicities_session")
		if c == nil || c.Value == "" {
			t.Fatal("no session cookie")
		}
		home := body(t, s.do(cred{Cookie: c.Name + "=" + c.Value}, "GET", "/", nil))
		mustContain(t, "home signed in", home, "Signed in as Ada &amp;Lovelace", `action="/auth/signout"`)
		// Only local addresses are followed.
		resp = s.do(cred{}, "POST", "/auth/signin", form("Ada &Lovelace", "correct horse battery", "https://evil.example/"))
		wantStatus(t, resp, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("returnto to another site: Location %q, want /", loc)
		}
	})
}

func TestPagesThatNeedAnAccountSendToSignIn(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	resp := s.do(cred{}, "GET", "/communities/new?city=3", nil)
	wantStatus(t, resp, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/auth/signin?returnto=%2Fcommunities%2Fnew%3Fcity%3D3" {
		t.Errorf("Location %q", loc)
	}
	mustContain(t, "header", body(t, s.do(cred{}, "GET", "/search", nil)), `href="/auth/signin?returnto=%2Fsearch"`)
}

func TestSignOutEndsTheSession(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	c := s.session(s.user("Grace", wikicities.RoleMember, "a long enough password"))
	home := body(t, s.do(c, "GET", "/", nil))
	tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindStringSubmatch(home)
	if tok == nil {
		t.Fatalf("the sign-out form has no CSRF token")
	}
	resp := s.do(cred{Cookie: c.Cookie}, "POST", "/auth/signout", strings.NewReader(url.Values{"csrf_token": {tok[1]}}.Encode()))
	wantStatus(t, resp, http.StatusSeeOther)
	mustNotContain(t, "home after signing out", body(t, s.do(cred{Cookie: c.Cookie}, "GET", "/", nil)), "Signed in as Grace")
}

func TestPageFormsCarryAndNeedTheCSRFToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		city := &wikicities.City{Name: "Lyon", Country: "France"}
		if err := db.Cities().CreateCity(wikicities.NewContext(context.Background(), wikicities.System), city); err != nil {
			t.Fatal(err)
		}
		s.Srv.Graph.AddCity(city)
		c := s.session(s.user("Grace", wikicities.RoleMember, "a long enough password"))
		form := body(t, s.do(cred{Cookie: c.Cookie}, "GET", "/communities/new", nil))
		mustContain(t, "registration form", form, `name="csrf_token" value="`+c.CSRF+`"`)
		values := url.Values{"name": {"Wiki Lyon"}, "kind": {"local_group"}, "city": {"Lyon"}}
		// Without the token (a forged cross-site form), nothing is created.
		resp := s.do(cred{Cookie: c.Cookie}, "POST", "/communities", strings.NewReader(values.Encode()))
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a form without the CSRF token: %d, want 403", resp.StatusCode)
		}
		if _, n, _ := db.Communities().Communities(context.Background(), wikicities.DirectoryFilter{}); n != 0 {
			t.Fatalf("a forged form created %d communities", n)
		}
		values.Set("csrf_token", c.CSRF)
		wantStatus(t, s.do(cred{Cookie: c.Cookie}, "POST", "/communities", strings.NewReader(values.Encode())), http.StatusSeeOther)
	})
}

func TestAFormSentAfterTheSessionEndedOffersToSignInAgain(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	resp := s.do(cred{}, "POST", "/communities", strings.NewReader("name=X"), "Referer", s.URL+"/communities/new?city=3")
	wantStatus(t, resp, http.StatusUnauthorized)
	mustContain(t, "401 page", body(t, resp), "Please sign in", `href="/auth/signin?returnto=%2Fcommunities%2Fnew%3Fcity%3D3"`)
}
