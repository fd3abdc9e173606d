package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	goauth "github.com/go-oauth2/oauth2/v4"
	"github.com/go-oauth2/oauth2/v4/manage"
	"github.com/go-oauth2/oauth2/v4/models"
	"github.com/go-oauth2/oauth2/v4/server"
	oauthstore "github.com/go-oauth2/oauth2/v4/store"
	"golang.org/x/oauth2"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// wikimediaStandIn is a real OAuth 2.0 authorization server (go-oauth2)
// on loopback, configured as Meta-Wiki is for WikiCities: a confidential
// client, authorization code with PKCE S256 required, and a profile
// endpoint in MediaWiki's shape. Every authorization is granted to the user
// the test names.
type wikimediaStandIn struct {
	URL     string
	clients *oauthstore.ClientStore
	srv     *server.Server
	user    string     // central user id the next authorization is for
	log     syncBuffer // WikiCities' log, to see why a sign-in failed
	names   map[string]string
	// emails are the profiles' addresses; only those in confirmed are
	// confirmed by the wiki.
	emails    map[string]string
	confirmed map[string]bool
}

const (
	clientID     = "wikicities-test"
	clientSecret = "client-secret-42"
)

func newWikimediaStandIn(t *testing.T) *wikimediaStandIn {
	w := &wikimediaStandIn{clients: oauthstore.NewClientStore(), names: map[string]string{"4242": "Alice Example", "77": "Bob"}, user: "4242",
		emails: map[string]string{"4242": "alice@example.org", "77": "bob@example.org"}, confirmed: map[string]bool{"4242": true}}
	m := manage.NewDefaultManager()
	m.MustTokenStorage(oauthstore.NewMemoryTokenStore())
	m.MapClientStorage(w.clients)
	cfg := server.NewConfig()
	cfg.ForcePKCE = true
	cfg.AllowedCodeChallengeMethods = []goauth.CodeChallengeMethod{goauth.CodeChallengeS256}
	cfg.AllowedResponseTypes = []goauth.ResponseType{goauth.Code}
	cfg.AllowedGrantTypes = []goauth.GrantType{goauth.AuthorizationCode}
	w.srv = server.NewServer(cfg, m)
	w.srv.SetUserAuthorizationHandler(func(http.ResponseWriter, *http.Request) (string, error) { return w.user, nil })
	mux := http.NewServeMux()
	mux.HandleFunc("/w/rest.php/oauth2/authorize", func(rw http.ResponseWriter, r *http.Request) {
		if err := w.srv.HandleAuthorizeRequest(rw, r); err != nil {
			http.Error(rw, err.Error(), http.StatusBadRequest)
		}
	})
	mux.HandleFunc("/w/rest.php/oauth2/access_token", func(rw http.ResponseWriter, r *http.Request) {
		w.srv.HandleTokenRequest(rw, r)
	})
	mux.HandleFunc("/w/rest.php/oauth2/resource/profile", func(rw http.ResponseWriter, r *http.Request) {
		ti, err := w.srv.ValidationBearerToken(r)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusUnauthorized)
			return
		}
		// MediaWiki sends the central id as a number.
		id := ti.GetUserID()
		json.NewEncoder(rw).Encode(map[string]any{"sub": json.Number(id), "username": w.names[id],
			"editcount": 12, "email": w.emails[id], "confirmed_email": w.confirmed[id], "blocked": false, "groups": []string{"*", "user"}})
	})
	hs := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(hs.Close)
	w.URL = hs.URL
	return w
}

// siteWithWikimedia starts WikiCities configured against the stand-in.
func siteWithWikimedia(t *testing.T, db *store.DB) (*site, *wikimediaStandIn) {
	w := newWikimediaStandIn(t)
	s := newSite(t, db, func(s *wchttp.Server) {
		s.Log = slog.New(slog.NewTextHandler(&w.log, nil))
		s.Auth.SignInLimit.Burst = 0 // tested on its own
		s.Auth.Wikimedia = wchttp.WikimediaOAuth{
			ClientID: clientID, ClientSecret: clientSecret,
			AuthURL:    w.URL + "/w/rest.php/oauth2/authorize",
			TokenURL:   w.URL + "/w/rest.php/oauth2/access_token",
			ProfileURL: w.URL + "/w/rest.php/oauth2/resource/profile",
		}
	})
	w.clients.Set(clientID, &models.Client{ID: clientID, Secret: clientSecret, Domain: s.URL})
	return s, w
}

// browser is a cookie-keeping client that does not follow redirects, so
// that each hop can be checked.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// hop GETs u with c and returns the response, closed at test end.
func hop(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// startSignIn runs the first two hops: WikiCities sends the browser to the
// authorization server, which grants and sends it back. It returns the
// callback URL (with code and state).
func startSignIn(t *testing.T, s *site, c *http.Client, ret string) *url.URL {
	t.Helper()
	resp := hop(t, c, s.URL+"/auth/wikimedia?return="+url.QueryEscape(ret))
	wantStatus(t, resp, http.StatusFound)
	authz, _ := url.Parse(resp.Header.Get("Location"))
	q := authz.Query()
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || q.Get("state") == "" || q.Get("client_id") != clientID {
		t.Fatalf("authorization request %s lacks PKCE S256, state or client", authz)
	}
	if q.Get("redirect_uri") != s.URL+"/auth/wikimedia/callback" {
		t.Fatalf("redirect_uri = %q", q.Get("redirect_uri"))
	}
	resp = hop(t, c, authz.String())
	wantStatus(t, resp, http.StatusFound)
	cb, _ := url.Parse(resp.Header.Get("Location"))
	if cb.Query().Get("code") == "" {
		t.Fatalf("authorization server answered %s", cb)
	}
	return cb
}

func TestSignInWithWikimediaEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := siteWithWikimedia(t, db)
		c := browser(t)
		cb := startSignIn(t, s, c, "/api/v1/me")
		resp := hop(t, c, cb.String())
		wantStatus(t, resp, http.StatusSeeOther)
		if resp.Header.Get("Location") != "/api/v1/me" {
			t.Fatalf("after sign-in, sent to %q", resp.Header.Get("Location"))
		}
		resp = hop(t, c, s.URL+"/api/v1/me")
		wantStatus(t, resp, 200)
		me := decode(t, resp)["actor"].(map[string]any)
		if me["username"] != "Alice Example" || me["role"] != "member" {
			t.Fatalf("signed in as %v", me)
		}
		u, err := db.Accounts().UserByName(context.Background(), "Alice Example")
		if err != nil || !u.Wikimedia || u.PasswordHash != "" || u.WikimediaSub != "4242" {
			t.Fatalf("account %+v %v: want a Wikimedia account with no password", u, err)
		}
		// The address the wiki confirmed is the account's, for the digest.
		if u.Email != "alice@example.org" {
			t.Errorf("account email %q, want the profile's confirmed alice@example.org", u.Email)
		}
		// The code was used once; replaying the callback does not sign in again.
		wantStatus(t, hop(t, browser(t), cb.String()), http.StatusForbidden)
	})
}

func TestSignInWithWikimediaRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, w := siteWithWikimedia(t, db)
		signedIn := func(c *http.Client) bool {
			return hop(t, c, s.URL+"/api/v1/me").StatusCode == 200
		}

		t.Run("wrong state", func(t *testing.T) {
			c := browser(t)
			cb := startSignIn(t, s, c, "/")
			q := cb.Query()
			q.Set("state", "forged-"+q.Get("state"))
			cb.RawQuery = q.Encode()
			wantStatus(t, hop(t, c, cb.String()), http.StatusForbidden)
			if signedIn(c) {
				t.Fatal("signed in with a forged state")
			}
		})

		t.Run("no sign-in cookie, so no verifier", func(t *testing.T) {
			cb := startSignIn(t, s, browser(t), "/")
			c := browser(t) // another browser: the callback arrives without the cookie
			wantStatus(t, hop(t, c, cb.String()), http.StatusForbidden)
			if signedIn(c) {
				t.Fatal("signed in without the sign-in cookie")
			}
		})

		t.Run("tampered cookie", func(t *testing.T) {
			c := browser(t)
			cb := startSignIn(t, s, c, "/")
			u, _ := url.Parse(s.URL + "/auth/wikimedia")
			for _, k := range c.Jar.Cookies(u) {
				if k.Name == "wikicities_oauth" {
					k.Value = "x" + k.Value[1:]
					k.Path = "/auth/wikimedia"
					c.Jar.SetCookies(u, []*http.Cookie{k})
				}
			}
			wantStatus(t, hop(t, c, cb.String()), http.StatusForbidden)
		})

		t.Run("intercepted code redeemed with another verifier", func(t *testing.T) {
			// The victim's code, stolen from its redirect, is fed into the
			// attacker's own sign-in (the attacker's state and cookie, so the
			// attacker's verifier): the authorization server refuses it.
			w.user = "77"
			victim := startSignIn(t, s, browser(t), "/")
			attacker := browser(t)
			own := startSignIn(t, s, attacker, "/")
			q := own.Query()
			q.Set("code", victim.Query().Get("code"))
			own.RawQuery = q.Encode()
			wantStatus(t, hop(t, attacker, own.String()), http.StatusForbidden)
			if signedIn(attacker) {
				t.Fatal("signed in with a code bound to another verifier")
			}
			if !strings.Contains(w.log.String(), "invalid_grant") {
				t.Fatalf("refused, but not by the PKCE check: %s", w.log.String())
			}
			w.user = "4242"
		})

		t.Run("code redeemed without a verifier", func(t *testing.T) {
			cb := startSignIn(t, s, browser(t), "/")
			conf := &oauth2.Config{ClientID: clientID, ClientSecret: clientSecret, RedirectURL: s.URL + "/auth/wikimedia/callback",
				Endpoint: oauth2.Endpoint{AuthURL: w.URL + "/w/rest.php/oauth2/authorize", TokenURL: w.URL + "/w/rest.php/oauth2/access_token"}}
			if _, err := conf.Exchange(context.Background(), cb.Query().Get("code")); err == nil {
				t.Fatal("the authorization server gave a token for a code without its PKCE verifier")
			}
		})

		t.Run("return address elsewhere is ignored", func(t *testing.T) {
			c := browser(t)
			cb := startSignIn(t, s, c, "https://evil.example/phish")
			resp := hop(t, c, cb.String())
			wantStatus(t, resp, http.StatusSeeOther)
			if loc := resp.Header.Get("Location"); loc != "/" {
				t.Fatalf("sent to %q after sign-in", loc)
			}
		})

		t.Run("Wikimedia name of a local account", func(t *testing.T) {
			s.user("Bob", wikicities.RoleMember, "a local password")
			w.user = "77"
			defer func() { w.user = "4242" }()
			c := browser(t)
			wantStatus(t, hop(t, c, startSignIn(t, s, c, "/").String()), http.StatusConflict)
			if signedIn(c) {
				t.Fatal("a Wikimedia sign-in took over a local account")
			}
		})
	})
}

func TestSignInWithWikimediaIsOffWithoutAClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db)
		resp := hop(t, browser(t), s.URL+"/auth/wikimedia")
		wantStatus(t, resp, http.StatusNotFound)
		if !strings.Contains(readAll(resp), "not configured") {
			t.Error("no explanation")
		}
	})
}

func readAll(resp *http.Response) string {
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// The profile's address becomes the account's only when the wiki has
// confirmed it and the account has none yet: an address its owner chose
// on the account page is never overwritten.
func TestWikimediaSignInTakesOnlyAConfirmedEmail(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	s, w := siteWithWikimedia(t, db)
	signIn := func() {
		t.Helper()
		c := browser(t)
		wantStatus(t, hop(t, c, startSignIn(t, s, c, "/").String()), http.StatusSeeOther)
	}
	emailOf := func(name string) string {
		t.Helper()
		u, err := db.Accounts().UserByName(context.Background(), name)
		if err != nil {
			t.Fatal(err)
		}
		return u.Email
	}
	signIn()
	if got := emailOf("Alice Example"); got != "alice@example.org" {
		t.Fatalf("first sign-in: email %q", got)
	}
	u, _ := db.Accounts().UserByName(context.Background(), "Alice Example")
	chosen := "alice.chosen@example.org"
	if _, err := db.Accounts().UpdateUser(context.Background(), u.ID, u.Version, wikicities.UserUpdate{Email: &chosen}); err != nil {
		t.Fatal(err)
	}
	signIn()
	if got := emailOf("Alice Example"); got != chosen {
		t.Errorf("a later sign-in replaced the chosen address with %q", got)
	}
	w.user = "77"
	defer func() { w.user = "4242" }()
	signIn()
	if got := emailOf("Bob"); got != "" {
		t.Errorf("an unconfirmed address was taken: %q", got)
	}
}
