package main

import (
	"context"
	"flag"
	"os"
	"strconv"
	"strings"
	"time"

	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
)

// accountFlags are serve's settings of accounts, sessions and limits.
type accountFlags struct {
	baseURL                 string
	signup                  bool
	clientID, clientSecret  string
	oauthBase               string
	sessionIdle, sessionMax time.Duration
	trustProxy              bool
	maxBody                 int64
}

func envBool(name string) bool {
	v, _ := strconv.ParseBool(os.Getenv(name))
	return v
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}

func (f *accountFlags) register(fs *flag.FlagSet) {
	def := wchttp.DefaultAuthConfig()
	fs.StringVar(&f.baseURL, "base-url", os.Getenv("WIKICITIES_BASE_URL"),
		"public address of the site, e.g. https://wikicities.toolforge.org: OAuth callback, Secure cookies, HSTS (env WIKICITIES_BASE_URL)")
	fs.BoolVar(&f.signup, "signup", envBool("WIKICITIES_SIGNUP"), "let visitors create local accounts (env WIKICITIES_SIGNUP=true)")
	fs.StringVar(&f.clientID, "wikimedia-client-id", os.Getenv("WIKICITIES_WIKIMEDIA_CLIENT_ID"),
		"OAuth 2.0 client id from Meta-Wiki's Special:OAuthConsumerRegistration; enables Sign in with Wikimedia (env WIKICITIES_WIKIMEDIA_CLIENT_ID)")
	fs.StringVar(&f.clientSecret, "wikimedia-client-secret", os.Getenv("WIKICITIES_WIKIMEDIA_CLIENT_SECRET"),
		"its client secret; prefer the environment variable WIKICITIES_WIKIMEDIA_CLIENT_SECRET, which ps does not show")
	fs.StringVar(&f.oauthBase, "wikimedia-oauth-url", envOr("WIKICITIES_WIKIMEDIA_OAUTH_URL", strings.TrimSuffix(def.Wikimedia.AuthURL, "authorize")),
		"base of the OAuth 2.0 endpoints (authorize, access_token, resource/profile) (env WIKICITIES_WIKIMEDIA_OAUTH_URL)")
	fs.DurationVar(&f.sessionIdle, "session-idle", envDuration("WIKICITIES_SESSION_IDLE", def.SessionIdle), "end sessions unused this long (env WIKICITIES_SESSION_IDLE)")
	fs.DurationVar(&f.sessionMax, "session-max", envDuration("WIKICITIES_SESSION_MAX", def.SessionMax), "end every session this long after sign-in (env WIKICITIES_SESSION_MAX)")
	fs.BoolVar(&f.trustProxy, "trust-proxy", envBool("WIKICITIES_TRUST_PROXY"), "take client addresses from X-Forwarded-For (only behind a proxy that sets it) (env WIKICITIES_TRUST_PROXY)")
	fs.Int64Var(&f.maxBody, "max-body", def.MaxBodyBytes, "largest request body in bytes")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// apply configures the server and, for SQLite, takes the store's lock so
// that restore refuses to replace it underneath.
func (f *accountFlags) apply(ctx context.Context, m *Main) error {
	a := &m.Server.Auth
	if f.baseURL != "" {
		m.Server.BaseURL = strings.TrimRight(f.baseURL, "/")
	}
	a.SignupEnabled = f.signup
	base := strings.TrimRight(f.oauthBase, "/") + "/"
	a.Wikimedia = wchttp.WikimediaOAuth{ClientID: f.clientID, ClientSecret: f.clientSecret,
		AuthURL: base + "authorize", TokenURL: base + "access_token", ProfileURL: base + "resource/profile"}
	a.SessionIdle, a.SessionMax = f.sessionIdle, f.sessionMax
	a.TrustProxy = f.trustProxy
	a.MaxBodyBytes = f.maxBody
	return nil
}

func init() {
	serveFlagHooks = append(serveFlagHooks, func(fs *flag.FlagSet, m *Main) {
		f := &accountFlags{}
		f.register(fs)
		// First, so that the other hooks see the public address (BaseURL).
		m.Setup = append([]func(context.Context, *Main) error{f.apply}, m.Setup...)
	})
	setupHooks = append(setupHooks, lockStore)
}

// lockStore holds the SQLite store's lock file while the server runs.
func lockStore(ctx context.Context, m *Main) error {
	if m.DB.Dialect() != store.SQLite {
		return nil
	}
	release, err := store.LockFile(store.LockPath(m.DB.DSN))
	if err != nil {
		return err
	}
	m.closers = append(m.closers, release)
	return nil
}
