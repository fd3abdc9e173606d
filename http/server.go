// Package http serves WikiCities over HTTP: the JSON API under /api/v1 and
// the server-rendered pages, over the same services. Handlers are thin: they
// decode, call a service, and encode.
package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/text"
	"github.com/wikicities/wikicities/twins"
)

// Server is the WikiCities HTTP server.
type Server struct {
	// Services are what the handlers call; see wikicities.Services.
	wikicities.Services
	Graph *twins.Graph
	Log   *slog.Logger
	// BaseURL is the public address of the site, used in links sent out
	// (emails, feeds, OAuth redirects). Defaults to the listening address.
	BaseURL string

	// Middleware wraps every request, outermost first. Packages that own a
	// cross-cutting concern (sessions, security headers, rate limits)
	// append theirs before Open.
	Middleware []func(http.Handler) http.Handler

	// Auth configures accounts, sessions and limits (see auth.go).
	Auth AuthConfig
	auth *authState

	// TileURL is the tile server of the maps ({z}/{x}/{y} template); empty
	// means offline: the maps draw the embedded country outlines instead.
	TileURL string
	// CitySections add sections to the city page (communities,
	// institutions, where to recruit), in order; see CitySectionFunc.
	CitySections []CitySectionFunc
	// Mailer sends the links that confirm an account's email address; nil
	// when the site has no SMTP server (see pages_account.go).
	Mailer Mailer
	// ClaimVerifier checks claims to coordinate a group nobody coordinates
	// on Meta-Wiki; nil when the site has none configured (such claims then
	// wait for an admin). See pages_claims.go.
	ClaimVerifier wikicities.ClaimVerifier
	// RegionInstitutions asks Wikidata for a region's institutions; nil
	// when the site has no network access configured for it (the region
	// pages then do not offer it). See pages_regions_wikidata.go.
	RegionInstitutions RegionInstitutionsFunc
	// MapFeatured chooses the cities of the home page's map; nil means the
	// most-twinned cities. See handleMapCities.
	MapFeatured func(ctx context.Context) ([]int64, error)

	// CacheTTL is how long an anonymous answer is served from the response
	// cache at most (DefaultCacheTTL when zero, never when negative);
	// CacheBytes bounds the cache's size (DefaultCacheBytes when zero).
	// See cache.go and Invalidate.
	CacheTTL   time.Duration
	CacheBytes int
	cache      responseCache

	// mailing counts the emails being sent in the background; Close
	// waits for them.
	mailing sync.WaitGroup

	pages *pageTemplates
	// regionData holds the regions' figures (pages_regions.go).
	regionData *regionsData
	summary    graphSummaryCache
	mux        *http.ServeMux
	patterns   []string
	ln         net.Listener
	srv        *http.Server
}

// NewServer returns a server over the services svc and graph with every
// route registered.
func NewServer(svc wikicities.Services, graph *twins.Graph) *Server {
	s := &Server{Services: svc, Graph: graph, Log: slog.Default(), mux: http.NewServeMux()}
	s.handle("GET /healthz", s.handleHealth)
	s.handle("GET /api/v1/openapi.json", s.handleOpenAPI)
	s.registerCityRoutes()
	s.registerAccountRoutes()
	s.registerDirectoryRoutes()
	s.registerTwinLinkRoutes()
	s.registerPageRoutes()
	s.registerListPages()
	s.registerPartnershipRoutes()
	s.registerEventRoutes()
	s.registerEventPages()
	s.registerPartnerPages()
	s.registerAccountPages()
	s.registerClaimPages()
	s.registerInboxPages()
	s.registerJourneyRoutes()
	s.registerCredentialPages()
	s.registerReportRoutes()
	s.registerRegionRoutes()
	s.registerKnowledgeRoutes()
	s.registerClubRoutes()
	s.registerLearnPages()
	return s
}

// handle registers a route and remembers its pattern, so that tests can check
// the OpenAPI document and the authorization matrix against every route.
func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.patterns = append(s.patterns, pattern)
	s.mux.HandleFunc(pattern, s.refuseUnknownQuery(pattern, h))
}

// Patterns returns every registered route pattern, sorted.
func (s *Server) Patterns() []string {
	p := append([]string(nil), s.patterns...)
	sort.Strings(p)
	return p
}

// Handler returns the server's handler with its middleware applied.
func (s *Server) Handler() http.Handler {
	h := s.cacheFront(s.invalidateOnWrites(http.HandlerFunc(s.route)))
	for i := len(s.Middleware) - 1; i >= 0; i-- {
		h = s.Middleware[i](h)
	}
	return h
}

// route serves a request through the mux; under /api/ a path or method the
// mux does not know answers with the API's JSON error, like every other
// API error (the mux's own 404 and 405 are plain text).
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if err := cleanQuery(r); err != nil {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			s.writeError(w, r, err)
		} else {
			s.renderError(w, r, err)
		}
		return
	}
	if !strings.HasPrefix(r.URL.Path, "/api/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	// One match: the mux sets r.Pattern when a route matches; when none
	// does, apiMiss turns its plain-text 404 or 405 into the JSON error.
	s.mux.ServeHTTP(&apiMiss{ResponseWriter: w, r: r}, r)
}

// apiMiss passes an API answer on, except the mux's own 404 and 405 (no
// pattern matched), which it answers with the API's JSON error instead.
type apiMiss struct {
	http.ResponseWriter
	r      *http.Request
	missed bool
}

func (m *apiMiss) WriteHeader(code int) {
	if m.r.Pattern != "" || (code != http.StatusNotFound && code != http.StatusMethodNotAllowed) {
		m.ResponseWriter.WriteHeader(code)
		return
	}
	m.missed = true
	msg := fmt.Sprintf("no API route %s", m.r.URL.Path)
	if code == http.StatusMethodNotAllowed {
		msg = fmt.Sprintf("method %s is not allowed on %s (allowed: %s)", m.r.Method, m.r.URL.Path, m.Header().Get("Allow"))
	}
	writeJSON(m.ResponseWriter, code, apiError{Error: msg})
}

func (m *apiMiss) Write(b []byte) (int, error) {
	if m.missed { // the mux's plain-text body: the JSON error is written
		return len(b), nil
	}
	return m.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (m *apiMiss) Unwrap() http.ResponseWriter { return m.ResponseWriter }

// ServeHTTP serves one request through the middleware.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.Handler().ServeHTTP(w, r) }

// Open starts listening on addr ("127.0.0.1:0" picks a free port) and serves
// in the background.
func (s *Server) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.ln = ln
	if s.BaseURL == "" {
		s.BaseURL = "http://" + ln.Addr().String()
	}
	s.srv = NewHTTPServer(s.Handler())
	go s.srv.Serve(ln)
	return nil
}

// NewHTTPServer returns the net/http server that serves h as Open does:
// with the timeouts that keep slow or idle clients from holding connections
// (the benchmark's bare net/http floor uses it too).
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// Addr returns the listening address.
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// URL returns the base URL of the listening server.
func (s *Server) URL() string { return "http://" + s.Addr() }

// Close stops accepting requests, waits up to the context's deadline for
// those under way to finish, then for the emails being sent.
func (s *Server) Close(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	s.mailing.Wait()
	return err
}

// handleHealth is the readiness check: ok, or unavailable when the database
// does not answer. The driver's error names the database's address, user
// and name, so it goes to the log, never to the (anonymous) caller.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.Health.Ping(r.Context()); err != nil {
		s.Log.Warn("health: database unavailable", "err", err)
		w.Header().Set("Retry-After", RetryAfter)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unavailable"})
		return
	}
	cities, links := s.Graph.Len()
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "cities": cities, "twin_links": links})
}

// writeJSON writes v as JSON with status code.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// writeResult ends a handler whose last step is a service call: it writes
// v as JSON with status code, or err, when not nil, through writeError.
func (s *Server) writeResult(w http.ResponseWriter, r *http.Request, code int, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, code, v)
}

// errorStatus maps the shared error kinds to HTTP status codes: the one table.
var errorStatus = []struct {
	err  error
	code int
}{
	{ErrBadRequest, http.StatusBadRequest}, // before ErrInvalid, which it wraps
	{wikicities.ErrNotFound, http.StatusNotFound},
	{wikicities.ErrInvalid, http.StatusUnprocessableEntity},
	{wikicities.ErrStale, http.StatusPreconditionFailed}, // before ErrConflict, which it matches too
	{wikicities.ErrConflict, http.StatusConflict},
	{wikicities.ErrUnauthorized, http.StatusUnauthorized},
	{wikicities.ErrForbidden, http.StatusForbidden},
	{wikicities.ErrAmbiguous, http.StatusConflict},
	{ErrPreconditionFailed, http.StatusPreconditionFailed},
	{ErrPreconditionRequired, http.StatusPreconditionRequired},
	{ErrTooLarge, http.StatusRequestEntityTooLarge},
	{wikicities.ErrUnavailable, http.StatusServiceUnavailable},
}

// ErrBadRequest marks input that cannot be read at all: a body that is not
// one JSON value, text that is not UTF-8 or holds NUL bytes. It wraps a
// FieldError naming the place, and answers 400 (ErrInvalid, input that was
// read but is wrong, answers 422).
var ErrBadRequest = errors.New("bad request")

// badRequest returns ErrBadRequest with a FieldError for field.
func badRequest(field, format string, args ...any) error {
	return fmt.Errorf("%w: %w", ErrBadRequest, wikicities.Invalidf(field, format, args...))
}

// invalid returns a FieldError for field: the English message of format
// for the API and the CLI, and the problem p about value that the pages
// say in the reader's language.
// An empty value is said as a missing one.
func invalid(field string, p wikicities.Problem, value any, format string, args ...any) error {
	if value == "" {
		p = wikicities.ProblemRequired
	}
	return (&wikicities.FieldError{Field: field, Message: fmt.Sprintf(format, args...)}).Because(p, value)
}

// RetryAfter is the Retry-After of a 503 during a database outage, in
// seconds: a restarting database is usually back within that.
const RetryAfter = "5"

// logFailure logs a request that failed on the server's side. A request
// whose client went away (its context canceled) is not the server's fault
// and is logged at Info; an outage at Warn, other failures at Error.
func (s *Server) logFailure(r *http.Request, err error) {
	switch {
	case errors.Is(r.Context().Err(), context.Canceled):
		s.Log.Info("client went away", "method", r.Method, "path", r.URL.Path, "err", err)
	case errors.Is(err, wikicities.ErrUnavailable) || wikicities.Unavailable(err):
		s.Log.Warn("database unavailable", "method", r.Method, "path", r.URL.Path, "err", err)
	default:
		s.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
}

// ErrTooLarge is returned when a request body exceeds its limit.
var ErrTooLarge = errors.New("request body too large")

// ErrorStatus returns the HTTP status for err.
func ErrorStatus(err error) int {
	if wikicities.Unavailable(err) {
		return http.StatusServiceUnavailable
	}
	for _, e := range errorStatus {
		if errors.Is(err, e.err) {
			return e.code
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error  string                   `json:"error"`
	Fields []*wikicities.FieldError `json:"fields,omitempty"`
}

// writeError writes err as a JSON API error with its mapped status. Internal
// errors are logged and not shown; an outage answers 503 with Retry-After.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := ErrorStatus(err)
	body := apiError{Error: err.Error()}
	switch code {
	case http.StatusInternalServerError:
		s.logFailure(r, err)
		body.Error = "internal error"
	case http.StatusServiceUnavailable:
		s.logFailure(r, err)
		w.Header().Set("Retry-After", RetryAfter)
		body.Error = "the database is unavailable for now; try again shortly"
	}
	var fe *wikicities.FieldError
	var ve wikicities.ValidationErrors
	switch {
	case errors.As(err, &ve):
		body.Fields = ve
	case errors.As(err, &fe):
		body.Fields = []*wikicities.FieldError{fe}
	}
	writeJSON(w, code, body)
}

// decodeJSON reads a JSON request body of at most limit bytes into v: one
// JSON value and nothing after it but white space, no unknown fields.
// Returns ErrTooLarge, or ErrBadRequest naming the field at fault or "body".
func decodeJSON(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return ErrTooLarge
		}
		return badRequest("body", "%v", err)
	}
	if !utf8.Valid(raw) {
		// encoding/json would quietly replace the bad bytes with U+FFFD.
		return badRequest("body", "is not valid UTF-8")
	}
	// A byte-order mark, which editors on Windows put before a file's
	// JSON, is read past, as RFC 8259 (8.1) allows: it was refused as
	// "invalid character 'ï'".
	raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
	dec := json.NewDecoder(bytes.NewReader(raw)) // the whole body is read: no size error from here on
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, raw, v)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("more than one JSON value")
		}
		return badRequest("body", "data after the JSON value at byte %d: %v", dec.InputOffset(), err)
	}
	return textError(text.CleanAll("", v))
}

// decodeWrite is decodeJSON for a write: it first checks that the caller
// may write, so that who may act is decided before the body is read (an
// anonymous client hears 401, not 400 for its body). Returns
// ErrUnauthorized, ErrForbidden (a read-only token), or decodeJSON's errors.
func (s *Server) decodeWrite(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if err := wikicities.ActorFrom(r.Context()).RequireWrite(); err != nil {
		return err
	}
	return decodeJSON(w, r, v, limit)
}

// decodeError turns an error of encoding/json into ErrBadRequest naming the
// field a client can fix: the field of a value of the wrong type ("name":
// "must be a string, not a number") or of an unknown field, else "body"
// with the place of a syntax error.
func decodeError(err error, raw []byte, v any) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te) && te.Field != "":
		return badRequest(te.Field, "must be %s, not %s", jsonKind(te.Type), article(te.Value))
	case errors.As(err, &te):
		return badRequest("body", "must be %s, not %s", jsonKind(te.Type), article(te.Value))
	case errors.As(err, &se):
		return badRequest("body", "is not valid JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	// encoding/json has no error type of its own for an unknown field.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if f, err := strconv.Unquote(name); err == nil {
			return badRequest(f, "is not a field of this request")
		}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return badRequest("body", "is empty or cut short: want a JSON value")
	}
	// A value refused by a type of its own (a time): find where it is.
	if field, msg := unmarshalerFault(raw, reflect.TypeOf(v), ""); field != "" {
		return badRequest(field, "%s", msg)
	}
	return badRequest("body", "%v", strings.TrimPrefix(err.Error(), "json: "))
}

// jsonKind names the JSON value that Go type t takes.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "another value"
}

// article puts "a" or "an" before the name encoding/json gives a JSON
// value ("string", "number 1.5", "object").
func article(v string) string {
	if v != "" && strings.ContainsRune("aeiou", rune(v[0])) {
		return "an " + v
	}
	return "a " + v
}

// parseID parses v, the value of the path wildcard or query parameter
// name, as a positive integer id. Returns ErrInvalid naming name.
func parseID(name, v string) (int64, error) {
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, invalid(name, wikicities.ProblemNotID, v, "%q is not a valid id", v)
	}
	return id, nil
}

// pathID parses the {name} path value as a positive integer id.
func pathID(r *http.Request, name string) (int64, error) {
	return parseID(name, r.PathValue(name))
}

// queryID parses the optional ?name= query parameter as a positive integer
// id: 0 when absent, ErrInvalid naming name when not an id.
func queryID(r *http.Request, name string) (int64, error) {
	if v := r.URL.Query().Get(name); v != "" {
		return parseID(name, v)
	}
	return 0, nil
}

// pathIDs reads the positive ids of the named path wildcards, in order.
// Returns ErrInvalid naming the first that is not one.
func pathIDs(r *http.Request, names ...string) ([]int64, error) {
	ids := make([]int64, len(names))
	for i, name := range names {
		id, err := pathID(r, name)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}

// page reads limit and offset query parameters with bounds.
// maxOffset is the largest ?offset= of a list.
const maxOffset = 1000000

func page(r *http.Request, def, maxLimit int) (limit, offset int, err error) {
	limit, offset = def, 0
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxLimit {
			return 0, 0, (&wikicities.FieldError{Field: "limit", Message: fmt.Sprintf("must be a whole number from 1 to %d", maxLimit)}).
				Because(wikicities.ProblemNumberRange, 1, maxLimit)
		}
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		// Pages say the problem in the reader's language (Because); no
		// list is this long.
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 || offset > maxOffset {
			return 0, 0, (&wikicities.FieldError{Field: "offset", Message: fmt.Sprintf("must be a whole number from 0 to %d", maxOffset)}).
				Because(wikicities.ProblemNumberRange, 0, maxOffset)
		}
	}
	return limit, offset, nil
}
