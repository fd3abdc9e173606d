package http

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/auth"
)

// WikimediaOAuth configures "Sign in with Wikimedia": an OAuth 2.0 client
// registered at Special:OAuthConsumerRegistration on Meta-Wiki (as a
// confidential client with the "User identity verification only" grant; its
// callback URL is BaseURL + /auth/wikimedia/callback).
type WikimediaOAuth struct {
	ClientID, ClientSecret string
	AuthURL, TokenURL      string
	// ProfileURL answers, for the access token, the MediaWiki profile:
	// {"sub": ..., "username": ...}.
	ProfileURL string
}

// DefaultWikimediaOAuth has Meta-Wiki's endpoints and no client.
func DefaultWikimediaOAuth() WikimediaOAuth {
	const base = "https://meta.wikimedia.org/w/rest.php/oauth2/"
	return WikimediaOAuth{AuthURL: base + "authorize", TokenURL: base + "access_token", ProfileURL: base + "resource/profile"}
}

// oauthCookie carries the state and PKCE verifier of one sign-in, between
// the start and the callback, signed and short-lived.
const (
	oauthCookie   = "wikicities_oauth"
	oauthLifetime = 10 * time.Minute
)

func (s *Server) registerWikimediaRoutes() {
	s.handle("GET /auth/wikimedia", s.wikimediaStart)
	s.handle("GET /auth/wikimedia/callback", s.wikimediaCallback)
}

func (s *Server) oauthConfig() *oauth2.Config {
	c := s.Auth.Wikimedia
	return &oauth2.Config{
		ClientID: c.ClientID, ClientSecret: c.ClientSecret,
		// RFC 6749 2.3.1: servers must accept HTTP Basic; MediaWiki does.
		Endpoint:    oauth2.Endpoint{AuthURL: c.AuthURL, TokenURL: c.TokenURL, AuthStyle: oauth2.AuthStyleInHeader},
		RedirectURL: strings.TrimRight(s.BaseURL, "/") + "/auth/wikimedia/callback",
	}
}

// ErrWikimediaOff is answered while no OAuth client is configured.
var ErrWikimediaOff = fmt.Errorf("%w: sign-in with Wikimedia is not configured on this site", wikicities.ErrNotFound)

// wikimediaStart sends the browser to the authorization server with a fresh
// state and an S256 PKCE challenge; the state and verifier wait in a signed
// cookie scoped to the callback.
func (s *Server) wikimediaStart(w http.ResponseWriter, r *http.Request) {
	if s.Auth.Wikimedia.ClientID == "" {
		s.refuse(w, r, ErrWikimediaOff)
		return
	}
	key, err := s.secret(r.Context())
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	st := auth.OAuthState{State: rand.Text(), Verifier: oauth2.GenerateVerifier(), Return: auth.LocalPath(r.URL.Query().Get("return")),
		Expires: time.Now().Add(oauthLifetime).Unix()}
	http.SetCookie(w, &http.Cookie{Name: oauthCookie, Value: auth.SignState(key, st), Path: "/auth/wikimedia",
		MaxAge: int(oauthLifetime / time.Second), HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, s.oauthConfig().AuthCodeURL(st.State, oauth2.S256ChallengeOption(st.Verifier)), http.StatusFound)
}

// wikimediaProfile is the part of MediaWiki's OAuth 2.0 profile we use.
type wikimediaProfile struct {
	Sub      json.RawMessage `json:"sub"`
	Username string          `json:"username"`
	// Email comes with the grant that shares it; ConfirmedEmail says
	// whether the wiki has confirmed it.
	Email          string `json:"email"`
	ConfirmedEmail bool   `json:"confirmed_email"`
}

// subject returns the profile's "sub", which MediaWiki sends as a number
// (the central user id) and other servers as a string.
func (p wikimediaProfile) subject() string {
	var s string
	if json.Unmarshal(p.Sub, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(p.Sub, &n) == nil {
		if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return string(n)
		}
	}
	return ""
}

// ErrOAuth is wrapped by the errors of a refused Wikimedia sign-in.
var ErrOAuth = fmt.Errorf("%w: Wikimedia sign-in failed", wikicities.ErrForbidden)

// wikimediaCallback checks the state against the cookie, redeems the code
// with the PKCE verifier, reads the profile and signs the account in.
func (s *Server) wikimediaCallback(w http.ResponseWriter, r *http.Request) {
	if s.Auth.Wikimedia.ClientID == "" {
		s.refuse(w, r, ErrWikimediaOff)
		return
	}
	if !s.signInAllowed(w, r, "") {
		return
	}
	ctx := r.Context()
	key, err := s.secret(ctx)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	// The cookie serves one attempt, whatever its outcome.
	http.SetCookie(w, &http.Cookie{Name: oauthCookie, Value: "", Path: "/auth/wikimedia", MaxAge: -1, HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode})
	c, err := r.Cookie(oauthCookie)
	if err != nil {
		s.refuse(w, r, fmt.Errorf("%w: the sign-in cookie is missing (cookies off, or sign-in started elsewhere)", ErrOAuth))
		return
	}
	st, err := auth.ParseState(key, c.Value, time.Now())
	if err != nil {
		s.refuse(w, r, fmt.Errorf("%w: %v", ErrOAuth, err))
		return
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(st.State)) != 1 {
		s.refuse(w, r, fmt.Errorf("%w: the state does not match this browser's sign-in", ErrOAuth))
		return
	}
	if e := q.Get("error"); e != "" {
		s.refuse(w, r, fmt.Errorf("%w: Wikimedia answered %q", ErrOAuth, e))
		return
	}
	code := q.Get("code")
	if code == "" {
		s.refuse(w, r, fmt.Errorf("%w: no authorization code", ErrOAuth))
		return
	}
	client := s.Auth.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, client)
	conf := s.oauthConfig()
	tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		s.Log.Warn("wikimedia: token exchange refused", "err", err)
		s.refuse(w, r, fmt.Errorf("%w: the authorization server refused the code", ErrOAuth))
		return
	}
	prof, err := s.fetchProfile(ctx, conf, tok)
	if err != nil {
		s.Log.Warn("wikimedia: profile", "err", err)
		s.refuse(w, r, fmt.Errorf("%w: %v", ErrOAuth, err))
		return
	}
	actx := wikicities.NewContext(ctx, &wikicities.Actor{Username: prof.Username})
	u, err := s.Accounts.WikimediaUser(actx, prof.subject(), prof.Username)
	if err != nil {
		s.refuse(w, r, err)
		return
	}
	// An address the wiki has confirmed becomes the account's, for the
	// partnership digest, unless the account has one already (which its
	// owner may have chosen on the account page).
	if u.Email == "" && prof.ConfirmedEmail && wikicities.ValidateEmail(prof.Email) == nil {
		actx = wikicities.NewContext(ctx, &wikicities.Actor{UserID: u.ID, Username: u.Username})
		if nu, err := s.Accounts.UpdateUser(actx, u.ID, u.Version, wikicities.UserUpdate{Email: &prof.Email}); err != nil {
			s.Log.Warn("wikimedia: keeping the profile's email", "user", u.Username, "err", err)
		} else {
			u = nu
		}
	}
	if _, err := s.signIn(w, r, u, "wikimedia"); err != nil {
		s.refuse(w, r, err)
		return
	}
	http.Redirect(w, r, st.Return, http.StatusSeeOther)
}

func (s *Server) fetchProfile(ctx context.Context, conf *oauth2.Config, tok *oauth2.Token) (*wikimediaProfile, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.Auth.Wikimedia.ProfileURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := conf.Client(ctx, tok).Do(req)
	if err != nil {
		return nil, fmt.Errorf("profile: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("profile: %s answered %s", s.Auth.Wikimedia.ProfileURL, resp.Status)
	}
	var p wikimediaProfile
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&p); err != nil {
		return nil, fmt.Errorf("profile: %v", err)
	}
	if p.subject() == "" || p.Username == "" {
		return nil, errors.New("profile: no sub or username")
	}
	return &p, nil
}
