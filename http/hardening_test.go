package http_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestEveryResponseCarriesSecurityHeaders(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) { s.TileURL = wchttp.DefaultTileURL })
	page := map[string]string{
		"Content-Security-Policy":    "default-src 'self'; img-src 'self' data: https://maps.wikimedia.org; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
		"X-Content-Type-Options":     "nosniff",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"X-Frame-Options":            "DENY",
		"Cross-Origin-Opener-Policy": "same-origin",
		"Permissions-Policy":         "camera=(), microphone=(), geolocation=(), payment=()",
	}
	// The API's answers are data: they load nothing and are framed by no one.
	api := map[string]string{
		"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
	}
	for path, want := range map[string]map[string]string{
		"/": page, "/healthz": page, "/no/such/page": page, "/cities/suggest?q=x": page,
		"/api/v1/cities": api, "/api/v1/me": api, "/api/v1/no-such-route": api, "/api/v1/twins?city=Nowhere": api,
	} {
		resp := s.do(cred{}, "GET", path, nil)
		for h, v := range want {
			if got := resp.Header.Get(h); got != v {
				t.Errorf("%s: %s = %q, want %q", path, h, got, v)
			}
		}
		if resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain http", path)
		}
	}
}

func TestRequestBodiesAreLimited(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) { s.Auth.MaxBodyBytes = 1024 })
	c := s.session(s.user("Ada", wikicities.RoleMember, ""))
	big := `{"name":"` + strings.Repeat("x", 2048) + `","scope":"read"}`
	// Announced by Content-Length: refused before reading.
	wantStatus(t, s.do(c, "POST", "/api/v1/tokens", strings.NewReader(big), "Content-Type", "application/json"), 413)
	// Streamed without a length: refused when reading passes the limit.
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/tokens", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", c.Cookie)
	req.Header.Set("X-CSRF-Token", c.CSRF)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	wantStatus(t, resp, 413)
	// Under the limit, fine.
	wantStatus(t, s.do(c, "POST", "/api/v1/tokens", map[string]string{"name": "small", "scope": "read"}), 201)
}

func TestSignInIsRateLimitedPerAddressAndPerUsername(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) {
		s.Auth.TrustProxy = true // lets the test speak from several addresses
		s.Auth.SignInLimit = wchttp.Limit{Every: 3600e9, Burst: 3}
		s.Auth.SignInUserLimit = wchttp.Limit{Every: 3600e9, Burst: 5}
	})
	s.user("Ada", wikicities.RoleMember, pw)
	try := func(addr, user string) *http.Response {
		return s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": user, "password": "guess guess guess"}, "X-Forwarded-For", addr)
	}
	for i := 0; i < 3; i++ {
		wantStatus(t, try("192.0.2.1", "Someone"+string(rune('A'+i))), 401)
	}
	resp := try("192.0.2.1", "SomeoneElse")
	wantStatus(t, resp, 429)
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Guessing one account's password from many addresses hits its limit.
	for i := 0; i < 5; i++ {
		wantStatus(t, try("198.51.100."+string(rune('1'+i)), "Ada"), 401)
	}
	wantStatus(t, try("203.0.113.9", "Ada"), 429)
	// Even with the right password: the limit is checked first.
	wantStatus(t, s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": pw}, "X-Forwarded-For", "203.0.113.10"), 429)
}

// A reader of the site whose sign-ins or writes hit a limit (an
// edit-a-thon's participants share one address) gets the site's page in
// their language, saying how long to wait and that nothing was changed; a
// script still gets JSON.
func TestTooManyRequestsPageIsTranslated(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) { s.Auth.SignInLimit = wchttp.Limit{Every: 3600e9, Burst: 1} })
	form := func() io.Reader {
		return strings.NewReader(url.Values{"username": {"Someone"}, "password": {"guess guess guess"}}.Encode())
	}
	wantStatus(t, s.do(cred{}, "POST", "/auth/signin", form(), "Accept-Language", "de"), 401)
	for lang, want := range map[string][]string{
		"de": {"Zu viele Anfragen", "Sekunden", "nichts geändert"},
		"ar": {"طلبات كثيرة جدًا", "لم يتغيّر شيء"},
		"en": {"Too many requests", "seconds", "nothing was changed"},
	} {
		resp := s.do(cred{}, "POST", "/auth/signin", form(), "Accept-Language", lang)
		wantStatus(t, resp, 429)
		if resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", lang)
		}
		b := body(t, resp)
		mustContain(t, lang+" 429 page", b, `<html lang="`+lang+`"`, `class="wc-header"`)
		mustContain(t, lang+" 429 page", b, want...)
		if lang != "en" {
			mustNotContain(t, lang+" 429 page", b, "too many requests")
		}
	}
	resp := s.do(cred{}, "POST", "/api/v1/auth/login", map[string]string{"username": "Someone", "password": "guess"})
	wantStatus(t, resp, 429)
	if b := body(t, resp); !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(b, "too many requests; try again in") {
		t.Errorf("the API's 429: %s %s", resp.Header.Get("Content-Type"), b)
	}
}

func TestWritesAreRateLimitedPerAccount(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) { s.Auth.WriteLimit = wchttp.Limit{Every: 3600e9, Burst: 2} })
	a := s.token(s.user("Ada", wikicities.RoleMember, ""), "write")
	b := s.token(s.user("Bob", wikicities.RoleMember, ""), "write")
	body := map[string]string{"scope": "read"}
	wantStatus(t, s.do(a, "POST", "/api/v1/tokens", body), 201)
	wantStatus(t, s.do(a, "POST", "/api/v1/tokens", body), 201)
	wantStatus(t, s.do(a, "POST", "/api/v1/tokens", body), 429)
	// Reads are not limited.
	wantStatus(t, s.do(a, "GET", "/api/v1/tokens", nil), 200)
	// The address (shared by both, loopback) is now spent as well.
	wantStatus(t, s.do(b, "POST", "/api/v1/tokens", body), 429)
}

// Names from users reach JSON escaped: no HTML-significant byte survives.
func TestNamesAreEscapedInJSON(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db)
	root := s.user("Root", wikicities.RoleAdmin, "")
	s.user(`Tom & "Jerry" 'O'`, wikicities.RoleMember, "")
	resp := s.do(s.session(root), "GET", "/api/v1/users", nil)
	wantStatus(t, resp, 200)
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(b), `Tom \u0026 \"Jerry\" 'O'`) {
		t.Fatalf("name not escaped as expected: %s", b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
}

// Offline maps (no tile server) allow no outside image at all.
func TestContentSecurityPolicyFollowsTheTileServer(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) { s.TileURL = "" })
	if got := s.do(cred{}, "GET", "/healthz", nil).Header.Get("Content-Security-Policy"); !strings.Contains(got, "img-src 'self' data:;") {
		t.Fatalf("CSP without tiles: %q", got)
	}
}

// An attacker guessing one account's password from many addresses spends
// the account's sign-in ceiling, but cannot lock its owner out: a browser
// where the owner signed in before (its signed device cookie) still signs
// in with the right password; a new browser waits, as the attacker does.
func TestSignInCeilingDoesNotLockOutTheOwnersDevice(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s := newSite(t, db, func(s *wchttp.Server) {
		s.Auth.TrustProxy = true
		s.Auth.SignInUserLimit = wchttp.Limit{Every: 3600e9, Burst: 6}
		s.Auth.SignInPairLimit = wchttp.Limit{Every: 3600e9, Burst: 3}
	})
	s.user("Ada", wikicities.RoleMember, pw)
	login := func(addr, password, cookie string) *http.Response {
		return s.do(cred{Cookie: cookie}, "POST", "/api/v1/auth/login", map[string]string{"username": "Ada", "password": password}, "X-Forwarded-For", addr)
	}
	resp := login("192.0.2.50", pw, "")
	wantStatus(t, resp, 200)
	var device string
	for _, c := range resp.Cookies() {
		if c.Name == "wikicities_device" {
			device = c.Name + "=" + c.Value
		}
	}
	if device == "" {
		t.Fatal("no device cookie after a password sign-in")
	}
	// One address guessing: held by the address-and-name limit.
	for range 3 {
		wantStatus(t, login("198.51.100.1", "guess guess guess", ""), 401)
	}
	wantStatus(t, login("198.51.100.1", "guess guess guess", ""), 429)
	// Many addresses guessing: the per-name ceiling is spent...
	for i := range 5 {
		resp := login("198.51.100."+string(rune('2'+i)), "guess guess guess", "")
		if i < 2 {
			wantStatus(t, resp, 401)
		} else {
			wantStatus(t, resp, 429)
		}
	}
	// ...for a new browser even with the right password, and for a forged
	// or someone else's device cookie...
	wantStatus(t, login("203.0.113.7", pw, ""), 429)
	wantStatus(t, login("203.0.113.7", pw, "wikicities_device=QWRh.1.forged"), 429)
	// ...but not for the owner's browser.
	wantStatus(t, login("203.0.113.8", pw, device), 200)
	// The device cookie does not help with a wrong password.
	wantStatus(t, login("203.0.113.9", "guess guess guess", device), 401)
}
