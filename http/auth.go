package http

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/auth"
)

// AuthConfig configures accounts, sessions and the limits that protect them.
// NewServer fills in the defaults; set fields before the first request.
type AuthConfig struct {
	// SignupEnabled lets visitors create local accounts themselves.
	SignupEnabled bool
	// SessionIdle ends a session unused for this long; SessionMax ends any
	// session this long after sign-in.
	SessionIdle, SessionMax time.Duration
	// Wikimedia is the OAuth 2.0 client of "Sign in with Wikimedia"; the
	// routes answer 404 while ClientID is empty.
	Wikimedia WikimediaOAuth
	// SignInLimit limits sign-in attempts per client address (an
	// edit-a-thon shares one address: keep it generous), SignInPairLimit
	// per address and username (against password guessing),
	// SignInUserLimit per username from all addresses together (against
	// guessing from many addresses; a browser where the account signed in
	// before, known by its signed device cookie, is not held by it, so that
	// an attacker cannot lock the owner out), WriteLimit state-changing
	// requests per account and per address.
	SignInLimit, SignInPairLimit, SignInUserLimit, WriteLimit Limit
	// MaxBodyBytes bounds every request body (decodeJSON bounds JSON further).
	MaxBodyBytes int64
	// TrustProxy takes the client address from the last X-Forwarded-For
	// entry (set it only behind a reverse proxy that sets that header).
	TrustProxy bool
	// HTTPClient makes the server's own requests (OAuth token exchange and
	// profile); nil means a client with a 15-second timeout.
	HTTPClient *http.Client
}

// DefaultAuthConfig is what NewServer starts from.
func DefaultAuthConfig() AuthConfig {
	return AuthConfig{
		SessionIdle:     7 * 24 * time.Hour,
		SessionMax:      30 * 24 * time.Hour,
		Wikimedia:       DefaultWikimediaOAuth(),
		SignInLimit:     Limit{Every: 2 * time.Second, Burst: 30},
		SignInPairLimit: Limit{Every: 30 * time.Second, Burst: 10},
		SignInUserLimit: Limit{Every: 6 * time.Second, Burst: 100},
		WriteLimit:      Limit{Every: 200 * time.Millisecond, Burst: 300},
		MaxBodyBytes:    10 << 20,
	}
}

// authState is what the accounts layer keeps per server.
type authState struct {
	signInByAddr, signInByPair, signInByUser *limiter
	writeByUser, writeByAddr                 *limiter
	crossOrigin                              *http.CrossOriginProtection

	mu     sync.Mutex
	secret []byte

	dummyOnce sync.Once
	dummyHash string
}

// secret returns the site's cookie-signing key, loading it once.
func (s *Server) secret(ctx context.Context) ([]byte, error) {
	s.auth.mu.Lock()
	defer s.auth.mu.Unlock()
	if s.auth.secret == nil {
		b, err := s.Accounts.Secret(ctx)
		if err != nil {
			return nil, err
		}
		s.auth.secret = b
	}
	return s.auth.secret, nil
}

// session is the browser session of a request, if it came with one.
type sessionKey struct{}

type requestAuth struct {
	session *wikicities.Session
	token   *wikicities.APIToken
}

func authFrom(r *http.Request) *requestAuth {
	if a, ok := r.Context().Value(sessionKey{}).(*requestAuth); ok {
		return a
	}
	return &requestAuth{}
}

// CSRFToken returns the synchronizer token of the request's session, for
// forms (a hidden "csrf_token" field) and for scripts on the site (the
// X-CSRF-Token header). It is "" for a request without a session.
func CSRFToken(r *http.Request) string {
	if s := authFrom(r).session; s != nil {
		return s.CSRFToken
	}
	return ""
}

// secure reports whether the site is served over HTTPS, so that cookies
// must be Secure.
func (s *Server) secure() bool { return strings.HasPrefix(s.BaseURL, "https://") }

// sessionCookieName is the session cookie; over HTTPS it has the __Host-
// prefix, which browsers only accept Secure, host-only and with Path=/.
func (s *Server) sessionCookieName() string {
	if s.secure() {
		return "__Host-wikicities_session"
	}
	return "wikicities_session"
}

func (s *Server) setSessionCookie(w http.ResponseWriter, tok string) {
	http.SetCookie(w, &http.Cookie{
		Name: s.sessionCookieName(), Value: tok, Path: "/", MaxAge: int(s.Auth.SessionMax / time.Second),
		HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.sessionCookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.secure(), SameSite: http.SameSiteLaxMode})
}

// ErrCSRF is returned for a state-changing request with a session cookie and
// without the session's CSRF token.
var ErrCSRF = fmt.Errorf("%w: the form's security token is missing or out of date; reload the page and try again", wikicities.ErrForbidden)

// unsafeMethod reports whether m may change state.
func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions && m != http.MethodTrace
}

// refuse writes err for a request refused by middleware: JSON for the API,
// the translated error page for an outage or an internal error, plain text
// elsewhere.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeError(w, r, err)
		return
	}
	if code := ErrorStatus(err); code >= 500 {
		s.renderError(w, r, err)
		return
	}
	http.Error(w, err.Error(), ErrorStatus(err))
}

// authenticate resolves the request's credentials to an actor in the
// context: an API token (Authorization: Bearer), else a session cookie, else
// anonymous. It then guards state-changing requests: read-only tokens are
// refused, cookie-authenticated requests must carry the session's CSRF
// token, and browser requests from another origin are refused.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		acc := s.Accounts
		ra := &requestAuth{}
		// Requests from the network start anonymous; a handler called in
		// process with an actor in its context (tests, an embedding
		// program) keeps it unless the request brings credentials.
		actor := wikicities.ActorIn(ctx) // replaced when the request brings credentials
		if h := r.Header.Get("Authorization"); h != "" {
			tok, err := auth.ParseBearer(h)
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_request"`)
				s.refuse(w, r, fmt.Errorf("%w: %v", wikicities.ErrUnauthorized, err))
				return
			}
			t, u, err := acc.Token(ctx, tok)
			if err != nil {
				if errors.Is(err, wikicities.ErrUnauthorized) {
					w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				}
				s.refuse(w, r, err)
				return
			}
			if actor, err = acc.Actor(ctx, u, t.Scope); err != nil {
				s.refuse(w, r, err)
				return
			}
			ra.token = t
		} else if c, err := r.Cookie(s.sessionCookieName()); err == nil && c.Value != "" {
			if !auth.ValidToken(c.Value) {
				s.clearSessionCookie(w)
			} else if sess, u, err := acc.Session(ctx, c.Value, s.Auth.SessionIdle); err == nil {
				if actor, err = acc.Actor(ctx, u, ""); err != nil {
					s.refuse(w, r, err)
					return
				}
				ra.session = sess
			} else if errors.Is(err, wikicities.ErrUnauthorized) {
				s.clearSessionCookie(w) // expired: carry on as anonymous
			} else {
				s.refuse(w, r, err)
				return
			}
		}
		if unsafeMethod(r.Method) {
			switch {
			case ra.token != nil:
				// Scripts: no ambient credentials, so no CSRF; but a read
				// token never writes, whatever the handler checks.
				if ra.token.Scope != wikicities.ScopeWrite {
					s.refuse(w, r, fmt.Errorf("%w: this API token is read-only", wikicities.ErrForbidden))
					return
				}
			default:
				if err := s.auth.crossOrigin.Check(r); err != nil && !s.sameOrigin(r) {
					s.refuse(w, r, fmt.Errorf("%w: %v", wikicities.ErrForbidden, err))
					return
				}
				if ra.session != nil && !csrfMatches(r, ra.session.CSRFToken) {
					s.refuse(w, r, ErrCSRF)
					return
				}
			}
		}
		if ra.session == nil && ra.token == nil {
			// No credentials: the context already answers ActorFrom and
			// authFrom as a new one would (a reader is anonymous unless a
			// caller in process put an actor there).
			next.ServeHTTP(w, r)
			return
		}
		ctx = context.WithValue(wikicities.NewContext(ctx, actor), sessionKey{}, ra)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// csrfMatches reports whether r carries want in the X-CSRF-Token header or,
// for a form post, in the csrf_token field.
func csrfMatches(r *http.Request, want string) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		ct := r.Header.Get("Content-Type")
		if strings.HasPrefix(ct, "application/x-www-form-urlencoded") || strings.HasPrefix(ct, "multipart/form-data") {
			got = r.PostFormValue(CSRFFieldName)
		}
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// signIn starts a new session for u, replacing the request's old one if any
// (a fresh id at every sign-in defeats session fixation), and sets the
// cookie. It returns the new session.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u *wikicities.User, how string) (*wikicities.Session, error) {
	ctx := wikicities.NewContext(r.Context(), &wikicities.Actor{UserID: u.ID, Username: u.Username, Role: u.Role})
	if c, err := r.Cookie(s.sessionCookieName()); err == nil && auth.ValidToken(c.Value) {
		if err := s.Accounts.DeleteSession(ctx, c.Value); err != nil {
			return nil, err
		}
	}
	tok, sess, err := s.Accounts.CreateSession(ctx, u.ID, s.Auth.SessionMax)
	if err != nil {
		return nil, err
	}
	if err := s.Accounts.RecordSignIn(ctx, u.ID, how); err != nil {
		return nil, err
	}
	s.setSessionCookie(w, tok)
	return sess, nil
}

// sameOrigin reports whether the request's Origin is the site's public
// address (BaseURL), which may differ from the Host a reverse proxy passes.
func (s *Server) sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	return o != "" && s.BaseURL != "" && strings.EqualFold(o, strings.TrimRight(s.BaseURL, "/"))
}
