package http_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// A token never outlives or out-scopes the token that creates it: a read
// token mints nothing, and what a 1-day write token mints expires with it
// at the latest, whatever it asked for.
func TestTokensCannotOutliveOrOutscopeTheirCreator(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		sess := s.session(s.user("Bot owner", wikicities.RoleMember, ""))
		mint := func(c cred, body map[string]any, want int) (string, string) {
			t.Helper()
			resp := s.do(c, "POST", "/api/v1/tokens", body)
			wantStatus(t, resp, want)
			if want != 201 {
				return "", ""
			}
			b := decode(t, resp)
			exp, _ := b["info"].(map[string]any)["expires_at"].(string)
			return b["token"].(string), exp
		}
		day, dayEnd := mint(sess, map[string]any{"name": "one day", "scope": "write", "expires_in_days": 1}, 201)
		forever, _ := mint(sess, map[string]any{"name": "forever", "scope": "write"}, 201)
		read, _ := mint(sess, map[string]any{"name": "reader", "scope": "read", "expires_in_days": 30}, 201)

		for _, body := range []map[string]any{{"scope": "write"}, {"scope": "write", "expires_in_days": 2}, {"scope": "read", "expires_in_days": 365}} {
			if _, end := mint(cred{Bearer: day}, body, 201); end != dayEnd {
				t.Errorf("%v minted by a 1-day token expires %q, want its creator's %q", body, end, dayEnd)
			}
		}
		mint(cred{Bearer: read}, map[string]any{"scope": "write", "expires_in_days": 1}, 403)
		mint(cred{Bearer: read}, map[string]any{"scope": "read", "expires_in_days": 1}, 403)
		if _, end := mint(cred{Bearer: forever}, map[string]any{"scope": "write"}, 201); end != "" {
			t.Errorf("a token minted by a token that never expires expires %q", end)
		}
	})
}

// A new password and "sign out everywhere" revoke the account's API tokens
// as well as its sessions.
func TestPasswordChangeAndSignOutEverywhereRevokeTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada", wikicities.RoleMember, pw)
		laptop := sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw}))
		resp := s.do(laptop, "POST", "/api/v1/tokens", map[string]any{"scope": "write"})
		wantStatus(t, resp, 201)
		tok := decode(t, resp)["token"].(string)
		wantStatus(t, s.do(cred{Bearer: tok}, "GET", "/api/v1/me", nil), 200)
		resp = s.do(laptop, "POST", "/api/v1/me/password", map[string]string{"current_password": pw, "new_password": "a brand new password"})
		wantStatus(t, resp, 200)
		laptop = sessionCred(t, resp)
		wantStatus(t, s.do(cred{Bearer: tok}, "GET", "/api/v1/me", nil), 401)

		resp = s.do(laptop, "POST", "/api/v1/tokens", map[string]any{"scope": "read"})
		wantStatus(t, resp, 201)
		tok = decode(t, resp)["token"].(string)
		form := url.Values{"csrf_token": {laptop.CSRF}}
		resp = s.do(laptop, "POST", "/account/sessions/end", strings.NewReader(form.Encode()))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign out everywhere: %d", resp.StatusCode)
		}
		wantStatus(t, s.do(cred{Bearer: tok}, "GET", "/api/v1/me", nil), 401)
		wantStatus(t, s.do(laptop, "GET", "/api/v1/me", nil), 401)
	})
}

// The account page lists the sessions and live tokens with a button each
// (a form with the CSRF token); the buttons end exactly that one, and a
// form without the token is refused.
func TestAccountPageListsAndEndsSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		s.user("Ada", wikicities.RoleMember, pw)
		login := map[string]string{"username": "Ada", "password": pw}
		laptop := sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", login))
		phone := sessionCred(t, s.do(cred{}, "POST", "/api/v1/auth/login", login))
		resp := s.do(laptop, "POST", "/api/v1/tokens", map[string]any{"name": "nightly <bot>", "scope": "write"})
		wantStatus(t, resp, 201)
		tok := decode(t, resp)["token"].(string)

		page := func(lang string) string {
			resp := s.do(laptop, "GET", "/account?uselang="+lang, nil)
			wantStatus(t, resp, 200)
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return string(b)
		}
		html := page("en")
		sessionForms := regexp.MustCompile(`action="/account/sessions/(\d+)/end"`).FindAllStringSubmatch(html, -1)
		tokenForms := regexp.MustCompile(`action="/account/tokens/(\d+)/revoke"`).FindAllStringSubmatch(html, -1)
		if len(sessionForms) != 1 || len(tokenForms) != 1 || !strings.Contains(html, "This browser") ||
			!strings.Contains(html, "nightly &lt;bot&gt;") || !strings.Contains(html, "Every API token of the account is revoked too") {
			t.Fatalf("account page: %d session forms, %d token forms\n%s", len(sessionForms), len(tokenForms), html)
		}
		if de := page("de"); !strings.Contains(de, "API-Tokens") || !strings.Contains(de, "Widerrufen") {
			t.Errorf("German account page lacks the token list")
		}
		if ar := page("ar"); !strings.Contains(ar, "رموز واجهة البرمجة") {
			t.Errorf("Arabic account page lacks the token list")
		}

		post := func(path, csrf string) *http.Response { // the form's token only, as a browser sends it
			return s.do(cred{Cookie: laptop.Cookie}, "POST", path, strings.NewReader(url.Values{"csrf_token": {csrf}}.Encode()))
		}
		endPhone := fmt.Sprintf("/account/sessions/%s/end", sessionForms[0][1])
		revoke := fmt.Sprintf("/account/tokens/%s/revoke", tokenForms[0][1])
		// Someone else's session or token is not found, and not ended.
		other := s.session(s.user("Eve", wikicities.RoleMember, ""))
		for _, path := range []string{endPhone, revoke} {
			wantStatus(t, s.do(cred{Cookie: other.Cookie}, "POST", path, strings.NewReader(url.Values{"csrf_token": {other.CSRF}}.Encode())), 404)
		}
		wantStatus(t, post(endPhone, "wrong"), 403)
		wantStatus(t, s.do(phone, "GET", "/api/v1/me", nil), 200)
		if resp := post(endPhone, laptop.CSRF); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("end the phone's session: %d", resp.StatusCode)
		}
		wantStatus(t, s.do(phone, "GET", "/api/v1/me", nil), 401)
		wantStatus(t, s.do(laptop, "GET", "/api/v1/me", nil), 200)

		wantStatus(t, post(revoke, ""), 403)
		wantStatus(t, s.do(cred{Bearer: tok}, "GET", "/api/v1/me", nil), 200)
		if resp := post(revoke, laptop.CSRF); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", resp.StatusCode)
		}
		wantStatus(t, s.do(cred{Bearer: tok}, "GET", "/api/v1/me", nil), 401)
		if html := page("en"); strings.Contains(html, "/revoke\"") || !strings.Contains(html, "no API token") {
			t.Errorf("the revoked token is still listed")
		}
	})
}
