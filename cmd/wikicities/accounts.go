package main

import (
	"flag"
	"os"
	"strconv"
	"strings"
	"time"

	wchttp "github.com/wikicities/wikicities/http"
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

// defaultAccountFlags are the settings of accounts from the environment,
// or the server's defaults.
func defaultAccountFlags() accountFlags {
	def := wchttp.DefaultAuthConfig()
	return accountFlags{
		baseURL:      os.Getenv("WIKICITIES_BASE_URL"),
		signup:       envBool("WIKICITIES_SIGNUP"),
		clientID:     os.Getenv("WIKICITIES_WIKIMEDIA_CLIENT_ID"),
		clientSecret: os.Getenv("WIKICITIES_WIKIMEDIA_CLIENT_SECRET"),
		oauthBase:    envOr("WIKICITIES_WIKIMEDIA_OAUTH_URL", strings.TrimSuffix(def.Wikimedia.AuthURL, "authorize")),
		sessionIdle:  envDuration("WIKICITIES_SESSION_IDLE", def.SessionIdle),
		sessionMax:   envDuration("WIKICITIES_SESSION_MAX", def.SessionMax),
		trustProxy:   envBool("WIKICITIES_TRUST_PROXY"),
		maxBody:      def.MaxBodyBytes,
	}
}

// register adds serve's flags of accounts to fs, with f's values as defaults.
func (f *accountFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.baseURL, "base-url", f.baseURL,
		"public address of the site, e.g. https://wikicities.toolforge.org: OAuth callback, Secure cookies, HSTS (env WIKICITIES_BASE_URL)")
	fs.BoolVar(&f.signup, "signup", f.signup, "let visitors create local accounts (env WIKICITIES_SIGNUP=true)")
	fs.StringVar(&f.clientID, "wikimedia-client-id", f.clientID,
		"OAuth 2.0 client id from Meta-Wiki's Special:OAuthConsumerRegistration; enables Sign in with Wikimedia (env WIKICITIES_WIKIMEDIA_CLIENT_ID)")
	fs.StringVar(&f.clientSecret, "wikimedia-client-secret", f.clientSecret,
		"its client secret; prefer the environment variable WIKICITIES_WIKIMEDIA_CLIENT_SECRET, which ps does not show")
	fs.StringVar(&f.oauthBase, "wikimedia-oauth-url", f.oauthBase,
		"base of the OAuth 2.0 endpoints (authorize, access_token, resource/profile) (env WIKICITIES_WIKIMEDIA_OAUTH_URL)")
	fs.DurationVar(&f.sessionIdle, "session-idle", f.sessionIdle, "end sessions unused this long (env WIKICITIES_SESSION_IDLE)")
	fs.DurationVar(&f.sessionMax, "session-max", f.sessionMax, "end every session this long after sign-in (env WIKICITIES_SESSION_MAX)")
	fs.BoolVar(&f.trustProxy, "trust-proxy", f.trustProxy, "take client addresses from X-Forwarded-For (only behind a proxy that sets it) (env WIKICITIES_TRUST_PROXY)")
	fs.Int64Var(&f.maxBody, "max-body", f.maxBody, "largest request body in bytes")
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// apply configures the server's accounts, sessions and limits.
func (f *accountFlags) apply(s *wchttp.Server) {
	a := &s.Auth
	if f.baseURL != "" {
		s.BaseURL = strings.TrimRight(f.baseURL, "/")
	}
	a.SignupEnabled = f.signup
	base := strings.TrimRight(f.oauthBase, "/") + "/"
	a.Wikimedia = wchttp.WikimediaOAuth{ClientID: f.clientID, ClientSecret: f.clientSecret,
		AuthURL: base + "authorize", TokenURL: base + "access_token", ProfileURL: base + "resource/profile"}
	a.SessionIdle, a.SessionMax = f.sessionIdle, f.sessionMax
	a.TrustProxy = f.trustProxy
	a.MaxBodyBytes = f.maxBody
}
