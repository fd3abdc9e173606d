package http

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wikicities/wikicities"
)

// The response cache: pages and API answers that are the same for every
// anonymous reader of a language are rendered once per state of the data
// and served from memory, with a strong ETag (304 on a matching
// If-None-Match) and a gzip body compressed once. Routes opt in with
// Server.cached.
//
// An entry is keyed on the address and the reader's language, and is valid
// while the data generation it was rendered at is current and for at most
// CacheTTL. The generation moves on after every state-changing request this
// server answers (whatever its outcome) and at Invalidate, which
// announcements of changes made elsewhere (other instances, the command
// line) call; CacheTTL bounds how long an unannounced change can go
// unseen. Requests of signed-in accounts or API tokens never read or fill
// the cache, nor do answers other than 200, answers that set a cookie or say
// Cache-Control private or no-store.

// Defaults of the response cache (see Server.CacheTTL and CacheBytes).
const (
	DefaultCacheTTL   = 10 * time.Second
	DefaultCacheBytes = 8 << 20
	// maxCachedBody is the largest answer kept (uncompressed).
	maxCachedBody = 1 << 20
)

// responseCache holds the entries of the current generation.
type responseCache struct {
	gen     atomic.Uint64 // data generation; moves on at every change
	mu      sync.RWMutex
	entries map[cacheKey]*cacheEntry
	entGen  uint64 // generation of entries
	size    int    // bytes held by entries
	flights map[cacheKey]*cacheFlight
}

// cacheKey is what a cached answer depends on: the address as the client
// sent it, and the reader's language. (A struct, not the two joined: a
// lookup allocates nothing.)
type cacheKey struct{ uri, lang string }

// cacheFlight is a render for the cache under way; done is closed when
// entry (nil if the answer is not shared) is there.
type cacheFlight struct {
	done  chan struct{}
	gen   uint64
	entry *cacheEntry
}

// cacheEntry is one cached answer.
type cacheEntry struct {
	header  http.Header // the handler's own headers
	plain   cacheRep
	gzipped cacheRep // its body nil when not worth compressing
	born    time.Time
}

// cacheRep is one representation of a cached answer: its body and the
// values of the headers that name it, made once and shared by every answer
// (only ever replaced in a header, never appended to).
type cacheRep struct {
	body   []byte
	etag   []string // the ETag: the handler's own, or of body
	length []string // Content-Length
}

// newCacheRep returns the representation body with ETag etag.
func newCacheRep(body []byte, etag string) cacheRep {
	return cacheRep{body: body, etag: []string{etag}, length: []string{strconv.Itoa(len(body))}}
}

var gzipEncoding = []string{"gzip"}

// Invalidate drops every cached answer: the data changed. Announcements of
// changes made by other instances or processes call it; this server's own
// state-changing requests do so by themselves.
func (s *Server) Invalidate() { s.cache.gen.Add(1) }

// DataGeneration returns the cache's data generation, which moves on at
// every Invalidate and after every state-changing request.
func (s *Server) DataGeneration() uint64 { return s.cache.gen.Load() }

func (s *Server) cacheTTL() time.Duration {
	if s.CacheTTL != 0 {
		return s.CacheTTL
	}
	return DefaultCacheTTL
}

// invalidateOnWrites is the innermost layer of Handler: after every
// state-changing request, whatever its outcome, the data generation moves on.
func (s *Server) invalidateOnWrites(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if unsafeMethod(r.Method) {
			defer s.Invalidate()
		}
		next.ServeHTTP(w, r)
	})
}

// cached serves h's answers to anonymous GET requests from the response
// cache. Routes whose answers depend on the address, the language and the
// data use it; on the clock at most at the scale of days (a partnership's
// health), since an entry lives CacheTTL at most.
func (s *Server) cached(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || s.CacheTTL < 0 || wikicities.ActorIn(r.Context()).SignedIn() {
			h(w, r)
			return
		}
		key := s.cacheKeyOf(r)
		gen := s.cache.gen.Load()
		e, f := s.cache.get(key, gen, time.Now().Add(-s.cacheTTL()))
		if e == nil && f != nil {
			// Someone renders it already: wait for that answer rather
			// than render it again (32 readers of an expired page).
			<-f.done
			if f.gen == s.cache.gen.Load() {
				e = f.entry
			}
		}
		if e != nil {
			e.serve(w, r)
			return
		}
		// Render for the cache: the whole body, uncompressed.
		plain := r.Clone(r.Context())
		plain.Header.Del("Accept-Encoding")
		rec := &recorder{header: http.Header{}, code: http.StatusOK}
		finished := false
		defer func() {
			if !finished { // h panicked: release whoever waits
				s.cache.put(key, gen, nil, 0)
			}
		}()
		h(rec, plain)
		e = rec.entry()
		s.cache.put(key, gen, e, s.CacheBytes)
		finished = true
		if e == nil {
			rec.replay(w)
			return
		}
		e.serve(w, r)
	}
}

// cacheKeyOf returns the key of r's answer: its address as the client sent
// it, and its reader's language.
func (s *Server) cacheKeyOf(r *http.Request) cacheKey {
	key := cacheKey{uri: r.RequestURI, lang: s.language(r)}
	if key.uri == "" { // a request made in the process, not read from a client
		key.uri = r.URL.RequestURI()
	}
	return key
}

// cacheFront answers an anonymous GET from the response cache before the
// request is routed, when its answer is there: an entry exists only for an
// address whose route is cached, so the lookup the route's cached would
// make can be made first. It is the innermost layer of Handler, under
// every Middleware (authentication included): what decides who the reader
// is has run. Anything else, and every miss, goes on to the route.
func (s *Server) cacheFront(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && s.CacheTTL >= 0 && !wikicities.ActorIn(r.Context()).SignedIn() {
			if e := s.cache.peek(s.cacheKeyOf(r), s.cache.gen.Load(), time.Now().Add(-s.cacheTTL())); e != nil {
				e.serve(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// peek returns the entry of key if it is of generation gen and born after
// notBefore, else nil.
func (c *responseCache) peek(key cacheKey, gen uint64, notBefore time.Time) *cacheEntry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.entGen == gen {
		if e := c.entries[key]; e != nil && e.born.After(notBefore) {
			return e
		}
	}
	return nil
}

// get returns the entry of key if it is of generation gen and born after
// notBefore. Otherwise it returns the render of key under way, if any, or
// registers the caller's, which put completes.
func (c *responseCache) get(key cacheKey, gen uint64, notBefore time.Time) (*cacheEntry, *cacheFlight) {
	if e := c.peek(key, gen, notBefore); e != nil {
		return e, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.flights[key]; f != nil {
		return nil, f
	}
	if c.flights == nil {
		c.flights = map[cacheKey]*cacheFlight{}
	}
	c.flights[key] = &cacheFlight{done: make(chan struct{}), gen: gen}
	return nil, nil
}

// put ends the render of key: it stores e (nil when the answer is not to
// be shared) if gen is still current, dropping the entries of older
// generations, and others at random when over limit bytes.
func (c *responseCache) put(key cacheKey, gen uint64, e *cacheEntry, limit int) {
	if limit <= 0 {
		limit = DefaultCacheBytes
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.flights[key]; f != nil {
		f.entry = e
		close(f.done)
		delete(c.flights, key)
	}
	if e == nil || gen != c.gen.Load() {
		return // not to be shared, or the data changed while rendering
	}
	n := e.size(key)
	if c.entGen != gen || c.entries == nil {
		c.entries, c.entGen, c.size = map[cacheKey]*cacheEntry{}, gen, 0
	}
	if old := c.entries[key]; old != nil {
		c.size -= old.size(key)
		delete(c.entries, key)
	}
	for k, old := range c.entries { // map order: random eviction
		if c.size+n <= limit {
			break
		}
		c.size -= old.size(k)
		delete(c.entries, k)
	}
	if n > limit {
		return
	}
	c.entries[key] = e
	c.size += n
}

// size is what e held under key costs, roughly.
func (e *cacheEntry) size(key cacheKey) int {
	return len(e.plain.body) + len(e.gzipped.body) + len(key.uri) + len(key.lang) + 256
}

// serve answers r from e: 304 when If-None-Match names the representation
// r gets, else the body, gzip-compressed when r accepts it.
func (e *cacheEntry) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v // shared with other answers: only ever replaced, never appended to
	}
	rep := &e.plain
	if e.gzipped.body != nil && acceptsGzip(r) {
		rep = &e.gzipped
		h["Content-Encoding"] = gzipEncoding
	}
	h["Etag"] = rep.etag // the canonical form of "ETag"
	if etagMatches(r.Header.Get("If-None-Match"), rep.etag[0]) {
		h.Del("Content-Type")
		h.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h["Content-Length"] = rep.length
	w.WriteHeader(http.StatusOK)
	w.Write(rep.body)
}

// etagMatches applies If-None-Match's weak comparison: "*" or any listed
// tag equal to etag, with or without W/.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// recorder captures a handler's answer.
type recorder struct {
	header http.Header
	code   int
	wrote  bool
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if !rec.wrote {
		rec.code, rec.wrote = code, true
	}
}

func (rec *recorder) Write(b []byte) (int, error) {
	rec.WriteHeader(http.StatusOK)
	return rec.body.Write(b)
}

// replay sends the recorded answer as it was.
func (rec *recorder) replay(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range rec.header {
		h[k] = v
	}
	w.WriteHeader(rec.code)
	w.Write(rec.body.Bytes())
}

// entry returns the recorded answer as a cache entry, or nil when it must
// not be shared.
func (rec *recorder) entry() *cacheEntry {
	h := rec.header
	cc := strings.ToLower(h.Get("Cache-Control"))
	if rec.code != http.StatusOK || len(h.Values("Set-Cookie")) > 0 || rec.body.Len() > maxCachedBody ||
		strings.Contains(cc, "private") || strings.Contains(cc, "no-store") || h.Get("Content-Encoding") != "" {
		return nil
	}
	h.Del("Content-Length")
	body := bytes.Clone(rec.body.Bytes())
	e := &cacheEntry{header: h, born: time.Now()}
	if own := h.Get("ETag"); own != "" {
		// The handler's validator (a record's version, see versions.go)
		// stays the ETag, of the uncompressed body only.
		h.Del("ETag")
		e.plain = newCacheRep(body, own)
		return e
	}
	sum := sha256.Sum256(body)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	e.plain = newCacheRep(body, `"`+tag+`"`)
	if len(body) >= 1024 && compressible(h.Get("Content-Type")) {
		var b bytes.Buffer
		zw := gzipPool.Get().(*gzip.Writer)
		zw.Reset(&b)
		zw.Write(body)
		zw.Close()
		gzipPool.Put(zw)
		if b.Len() < len(body) {
			e.gzipped = newCacheRep(b.Bytes(), `"`+tag+`-gz"`)
			if !varies(h, "Accept-Encoding") {
				h.Add("Vary", "Accept-Encoding")
			}
		}
	}
	return e
}

// varies reports whether h's Vary names field, in any of its values (each a
// comma-separated list).
func varies(h http.Header, field string) bool {
	for _, v := range h.Values("Vary") {
		for name := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(name), field) {
				return true
			}
		}
	}
	return false
}

// compressible reports whether a Content-Type is text worth compressing.
func compressible(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "json") || strings.HasSuffix(mt, "xml") ||
		mt == "application/javascript" || mt == "text/calendar"
}
