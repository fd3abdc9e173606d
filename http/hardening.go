package http

import (
	"container/list"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/wikicities/wikicities"
)

// contentSecurityPolicy is sent with every response, pages and API alike:
// only the site's own scripts, styles, fonts and connections; images also
// from data: URIs and the map tile server (TileURL); no plugins, no <base>,
// no framing, forms post only here. With the default tiles:
//
//	default-src 'self'; img-src 'self' data: https://maps.wikimedia.org; object-src 'none';
//	base-uri 'none'; frame-ancestors 'none'; form-action 'self'
func (s *Server) contentSecurityPolicy() string {
	img := "'self' data:"
	if u, err := url.Parse(s.TileURL); err == nil && u.Host != "" && (u.Scheme == "https" || u.Scheme == "http") {
		img += " " + u.Scheme + "://" + u.Host
	}
	return "default-src 'self'; img-src " + img + "; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
}

// securityHeaders sets the headers that make browsers strict with the site.
// The API's answers are data, not documents, and get the headers OWASP's
// REST Security Cheat Sheet asks of an API: a policy that loads nothing and
// lets no one frame them, no sniffing, and HSTS. The policies that only a
// document uses (opener, permissions, referrer) go with the pages. Keeping
// the API's header to eight entries also keeps Go's map of it from growing
// on every answer. The values are made once, when the handler is built,
// and shared by every response: net/http copies a response's header map
// when it writes it, and nothing appends to these.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	api := http.Header{}
	api.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	api.Set("X-Content-Type-Options", "nosniff")
	api.Set("X-Frame-Options", "DENY")
	pages := http.Header{}
	pages.Set("Content-Security-Policy", s.contentSecurityPolicy())
	pages.Set("X-Content-Type-Options", "nosniff")
	pages.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	pages.Set("X-Frame-Options", "DENY")
	pages.Set("Cross-Origin-Opener-Policy", "same-origin")
	pages.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	for _, h := range []http.Header{api, pages} {
		if s.secure() {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		for k, v := range h {
			h[k] = slices.Clip(v) // an Add to a response's header copies
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		strict := pages
		if strings.HasPrefix(r.URL.Path, "/api/") {
			strict = api
		}
		h := w.Header()
		for k, v := range strict {
			h[k] = v
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody refuses request bodies larger than Auth.MaxBodyBytes: at once
// when Content-Length says so, otherwise when reading passes the limit.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		max := s.Auth.MaxBodyBytes
		if max > 0 && r.Body != nil && r.Body != http.NoBody { // a GET has no body to limit
			if r.ContentLength > max {
				s.refuse(w, r, fmt.Errorf("%w: at most %d bytes", ErrTooLarge, max))
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, max)
		}
		next.ServeHTTP(w, r)
	})
}

// limitWrites applies Auth.WriteLimit to state-changing requests, per
// account and per client address. Sign-in routes have their own limit.
func (s *Server) limitWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unsafeMethod(r.Method) && !isSignInPath(r.URL.Path) {
			if a := wikicities.ActorFrom(r.Context()); a.SignedIn() {
				if ok, wait := s.auth.writeByUser.allow("u:" + strconv.FormatInt(a.UserID, 10)); !ok {
					s.tooMany(w, r, wait)
					return
				}
			}
			if ok, wait := s.auth.writeByAddr.allow(s.clientAddr(r)); !ok {
				s.tooMany(w, r, wait)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func isSignInPath(p string) bool {
	return p == "/api/v1/auth/login" || p == "/api/v1/auth/signup" || strings.HasPrefix(p, "/auth/")
}

func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	secs := int(math.Ceil(wait.Seconds()))
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeJSON(w, http.StatusTooManyRequests, apiError{Error: fmt.Sprintf("too many requests; try again in %d seconds", secs)})
		return
	}
	// A reader gets the site's page, in their language: people at one
	// edit-a-thon share an address, and its limit.
	p := s.newPage(w, r)
	d := errorPage{Status: http.StatusTooManyRequests, Heading: p.Msg("error-toomany-title"), Text: p.Msg("error-toomany-text", secs)}
	p.Title, p.Data = d.Heading, d
	s.render(w, r, http.StatusTooManyRequests, "error", p)
}

// clientAddr returns the client's IP address (with TrustProxy, the last
// X-Forwarded-For entry: the one the proxy itself added).
func (s *Server) clientAddr(r *http.Request) string {
	if s.Auth.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// Limit is a token bucket: Burst requests at once, then one per Every. A
// zero Burst means no limit.
type Limit struct {
	Every time.Duration
	Burst int
}

// limiter holds one token bucket per key (account or address), at most max
// of them: the least recently used bucket is dropped first, so memory stays
// bounded whatever the number of clients.
type limiter struct {
	limit *Limit // read at each new bucket, so configuration after NewServer applies
	max   int

	mu   sync.Mutex
	lru  *list.List // of *bucket, most recent first
	keys map[string]*list.Element
	now  func() time.Time
}

type bucket struct {
	key string
	l   *rate.Limiter
}

func newLimiter(l *Limit, max int) *limiter {
	return &limiter{limit: l, max: max, lru: list.New(), keys: map[string]*list.Element{}, now: time.Now}
}

// allow takes one token of key's bucket; when there is none it reports how
// long to wait.
func (l *limiter) allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	if l.limit.Burst <= 0 {
		l.mu.Unlock()
		return true, 0
	}
	defer l.mu.Unlock()
	var b *bucket
	if e, ok := l.keys[key]; ok {
		l.lru.MoveToFront(e)
		b = e.Value.(*bucket)
	} else {
		b = &bucket{key: key, l: rate.NewLimiter(rate.Every(l.limit.Every), l.limit.Burst)}
		l.keys[key] = l.lru.PushFront(b)
		for l.lru.Len() > l.max {
			old := l.lru.Back()
			l.lru.Remove(old)
			delete(l.keys, old.Value.(*bucket).key)
		}
	}
	now := l.now()
	res := b.l.ReserveN(now, 1)
	if d := res.DelayFrom(now); d > 0 {
		res.CancelAt(now)
		return false, d
	}
	return true, 0
}

// len returns how many buckets are held.
func (l *limiter) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}
