package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// fastHash keeps password tests quick; the code path is the production one.
var fastHash = password.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// site is a server over a fresh store, listening on loopback.
type site struct {
	t   testing.TB
	DB  *store.DB
	Srv *wchttp.Server
	URL string
}

// newSite starts a server over db on 127.0.0.1 with fast password hashing;
// configure changes its settings before it listens.
func newSite(t testing.TB, db *store.DB, configure ...func(*wchttp.Server)) *site {
	t.Helper()
	s := newServer(db, twins.New(nil, nil))
	for _, c := range configure {
		c(s)
	}
	if err := s.Open("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	return &site{t: t, DB: db, Srv: s, URL: s.URL()}
}

// cred is how a request authenticates: a session (cookie and CSRF token),
// a bearer token, or nothing.
type cred struct {
	Cookie, CSRF, Bearer string
}

// user creates an account with role and, when pw is not empty, a password.
func (s *site) user(name string, role wikicities.Role, pw string) *wikicities.User {
	s.t.Helper()
	u := &wikicities.User{Username: name, Role: role}
	if pw != "" {
		h, err := password.Hash(pw, fastHash)
		if err != nil {
			s.t.Fatal(err)
		}
		u.PasswordHash = h
	}
	u, err := s.DB.Accounts().CreateUser(context.Background(), u)
	if err != nil {
		s.t.Fatal(err)
	}
	return u
}

// setPassword gives u the password pw, directly in the store.
func (s *site) setPassword(u *wikicities.User, pw string) {
	s.t.Helper()
	h, err := password.Hash(pw, fastHash)
	if err != nil {
		s.t.Fatal(err)
	}
	cur, err := s.DB.Accounts().User(context.Background(), u.ID)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.DB.Accounts().UpdateUser(context.Background(), u.ID, cur.Version, wikicities.UserUpdate{PasswordHash: &h}); err != nil {
		s.t.Fatal(err)
	}
}

// session signs u in directly in the store and returns its credentials.
func (s *site) session(u *wikicities.User) cred {
	s.t.Helper()
	tok, sess, err := s.DB.Accounts().CreateSession(context.Background(), u.ID, time.Hour)
	if err != nil {
		s.t.Fatal(err)
	}
	return cred{Cookie: "wikicities_session=" + tok, CSRF: sess.CSRFToken}
}

// token issues an API token of scope for u.
func (s *site) token(u *wikicities.User, scope string) cred {
	s.t.Helper()
	tok, _, err := s.DB.Accounts().CreateToken(context.Background(), u.ID, "test", scope, time.Time{})
	if err != nil {
		s.t.Fatal(err)
	}
	return cred{Bearer: tok}
}

// do sends method path with body (JSON-encoded unless it is a string or
// url-encoded form given as io.Reader) and credentials c.
func (s *site) do(c cred, method, path string, body any, header ...string) *http.Response {
	s.t.Helper()
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case io.Reader:
		r, ct = b, "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			s.t.Fatal(err)
		}
		r, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		s.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.Cookie != "" {
		req.Header.Set("Cookie", c.Cookie)
	}
	if c.CSRF != "" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	checkDocumented(s.t, req, resp.StatusCode, resp.Header, b)
	return resp
}

// decode reads a JSON response body into a map.
func decode(t testing.TB, resp *http.Response) map[string]any {
	t.Helper()
	var m map[string]any
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: body %q is not JSON: %v", resp.Request.URL.Path, b, err)
	}
	return m
}

// wantStatus fails unless resp has status code, showing the body.
func wantStatus(t testing.TB, resp *http.Response, code int) {
	t.Helper()
	if resp.StatusCode != code {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s %s: status %d, want %d; body %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, code, strings.TrimSpace(string(b)))
	}
}

// cookieNamed returns the Set-Cookie of resp called name, or nil.
func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}
