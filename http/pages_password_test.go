package http_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// The account page's password form: a wrong current password, a short new
// one and two differing new ones are refused without changing anything;
// a good change ends every other session, revokes the API tokens and keeps
// this browser signed in with a fresh session.
func TestAccountPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		const pw, next = "the old long password", "a brand new password"
		u := s.user("ana", wikicities.RoleMember, pw)
		here, there := s.session(u), s.session(u)
		resp := s.do(there, "POST", "/api/v1/tokens", map[string]any{"scope": "read"})
		wantStatus(t, resp, 201)
		tok := decode(t, resp)["token"].(string)

		_, body := s.page(here, "/account")
		mustContain(t, "account page", body, `action="/account/password"`, `name="current_password"`, `name="new_password_again"`)
		for name, c := range map[string]struct {
			v     url.Values
			field string
		}{
			"wrong current": {url.Values{"current_password": {"not it at all"}, "new_password": {next}, "new_password_again": {next}}, "current_password"},
			"short new":     {url.Values{"current_password": {pw}, "new_password": {"short"}, "new_password_again": {"short"}}, "new_password"},
			"mismatch":      {url.Values{"current_password": {pw}, "new_password": {next}, "new_password_again": {next + "!"}}, "new_password_again"},
		} {
			code, _, body := s.form(here, "/account/password", c.v)
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="f-`+c.field+`-error"`) {
				t.Errorf("%s: %d, want 422 with an error at %s", name, code, c.field)
			}
			if strings.Contains(body, pw) || strings.Contains(body, next) {
				t.Errorf("%s: a password was sent back into the page", name)
			}
		}
		wantStatus(t, s.do(cred{Bearer: tok}, "GET", "/api/v1/me", nil), 200)
		if resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "ana", "password": pw}); resp.StatusCode != 200 {
			t.Fatalf("a refused change changed the password: %d", resp.StatusCode)
		}

		// Without the CSRF token: refused.
		if code, _, _ := s.form(cred{Cookie: here.Cookie}, "/account/password", url.Values{"current_password": {pw}, "new_password": {next}, "new_password_again": {next}}); code != http.StatusForbidden {
			t.Errorf("change without CSRF token: %d", code)
		}

		v := url.Values{"current_password": {pw}, "new_password": {next}, "new_password_again": {next}, "csrf_token": {here.CSRF}}
		resp = s.do(cred{Cookie: here.Cookie}, "POST", "/account/password", strings.NewReader(v.Encode()))
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account?done=password-changed" {
			t.Fatalf("change: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		c := cookieNamed(resp, "wikicities_session")
		if c == nil {
			t.Fatal("the change left this browser without a session")
		}
		fresh := cred{Cookie: c.Name + "=" + c.Value}
		_, body = s.page(fresh, "/account?done=password-changed")
		mustContain(t, "after the change", body, "Your password is changed.")
		for name, c := range map[string]cred{"old session here": here, "other session": there, "token": {Bearer: tok}} {
			if resp := s.do(c, "GET", "/api/v1/me", nil); resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s still works: %d", name, resp.StatusCode)
			}
		}
		if resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "ana", "password": pw}); resp.StatusCode == 200 {
			t.Error("the old password still signs in")
		}
		if resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "ana", "password": next}); resp.StatusCode != 200 {
			t.Errorf("the new password does not sign in: %d", resp.StatusCode)
		}
	})
}

// An account that signs in with Wikimedia has no password here: no form,
// and a posted one is refused.
func TestAccountPasswordNotForWikimediaAccounts(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	u, err := db.Accounts().WikimediaUser(context.Background(), "sub-1", "Wiki Ana")
	if err != nil {
		t.Fatal(err)
	}
	c := s.session(u)
	_, body := s.page(c, "/account")
	if strings.Contains(body, `action="/account/password"`) {
		t.Error("the password form is shown to a Wikimedia account")
	}
	v := url.Values{"current_password": {""}, "new_password": {"a brand new password"}, "new_password_again": {"a brand new password"}}
	if code, _, _ := s.form(c, "/account/password", v); code != http.StatusUnprocessableEntity {
		t.Errorf("Wikimedia account set a password: %d", code)
	}
}
