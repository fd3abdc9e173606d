package http

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// The page templates: layout.html is the frame of every page, files named
// _*.html hold partials shared by every page, and every other file is one
// page defining "content". A page is rendered with s.render(w, r, status,
// "name", page); its text comes from the message files through {{msg
// "key" args...}} (see package i18n), never from the template itself, which
// TestTemplatesHaveNoLiteralText checks.
//
//go:embed templates/*.html
var templateFS embed.FS

// DefaultTileURL is the tile server of the maps unless configured otherwise:
// Wikimedia's maps.
const DefaultTileURL = "https://maps.wikimedia.org/osm-intl/{z}/{x}/{y}.png"

// CSRFTokenFunc returns the anti-forgery token that a page's forms must
// send back, for the request's session: CSRFToken (auth.go), empty without
// a session. Templates write it with {{template "csrf" .}}.
var CSRFTokenFunc = CSRFToken

// CSRFFieldName is the name of the form field that carries the token.
var CSRFFieldName = "csrf_token"

// LanguageCookie remembers the language chosen with the language switcher
// (?uselang=) for visitors who are not signed in.
const LanguageCookie = "wikicities_lang"

// Page is what every page template receives: the request's language and
// direction, the frame's state, and the page's own Data.
type Page struct {
	Lang      string
	Dir       string
	Title     string
	Path      string       // the page's address (pageOf), the target of the language switcher
	Query     []QueryParam // the request's query without uselang, kept by the language switcher
	Languages []LanguageOption
	Actor     *wikicities.Actor
	CSRFToken string
	CSRFField string
	Map       *MapConfig // the page's map, if it has one
	Scripts   []string   // asset names of the page's scripts
	SignInURL string     // the sign-in page, returning here; empty without one
	// Inbox is the signed-in reader's short inbox, on the home and account
	// pages; the header's count is InboxCount.
	Inbox *inboxView
	// SearchQuery is what the header's search box shows: the query of the
	// search page, so that it is not forgotten.
	SearchQuery string
	// Section is the first segment of the path ("communities"), which the
	// header's navigation marks as current.
	Section string
	// LanguageName is the page language's name in that language.
	LanguageName string
	Data         any

	printer *i18n.Printer
	// inbox is what waits for the signed-in reader, read once per page
	// (Server.readerInbox); nil for anonymous readers.
	inbox     *wikicities.Inbox
	inboxRead bool
	// posted is the form posted to postedTo, when the page answers a
	// refused post (a page is rendered after a post only when it was not
	// taken: a taken one redirects).
	posted   url.Values
	postedTo string
}

// Kept returns what was typed in field of the form posted to action (and,
// when button is given, with that button: the posted "action"), so that a
// page shown again after a refused post (too long, changed meanwhile)
// keeps the text; "" otherwise.
func (p *Page) Kept(action, field string, button ...string) string {
	if p.posted == nil || p.postedTo != action {
		return ""
	}
	if len(button) > 0 && p.posted.Get("action") != button[0] {
		return ""
	}
	return p.posted.Get(field)
}

// HasInbox reports whether the header shows the reader's inbox: a signed-in
// reader on a site that keeps inboxes.
func (p *Page) HasInbox() bool { return p.inbox != nil }

// InboxCount is the header's count of what waits for the reader.
func (p *Page) InboxCount() int {
	if p.inbox == nil {
		return 0
	}
	return p.inbox.Count
}

// Msg returns the message key in the page's language (see i18n.Printer.Msg).
func (p *Page) Msg(key string, args ...any) string { return p.printer.Msg(key, args...) }

// Printer returns the printer of the page's language.
func (p *Page) Printer() *i18n.Printer { return p.printer }

// QueryParam is one query parameter of the request.
type QueryParam struct{ Name, Value string }

// LanguageOption is one entry of the language switcher.
type LanguageOption struct {
	Code, Name, Dir string
	Current         bool
}

// MapConfig places a map on a page: the GeoJSON of its cities, the city it
// is centred on (0 for none), and its accessible name.
type MapConfig struct {
	CitiesURL string
	Focus     int64
	Label     string
	Small     bool
	// Filled by render:
	TileURL string
}

// CitySection is one section of a city page contributed by another area of
// the site: an id for the anchor, a translated heading, and a body rendered
// by the area's own template (see Server.Fragment).
type CitySection struct {
	ID      string
	Heading string
	Body    template.HTML
}

// CitySectionFunc builds a section of city c's page for request r; it
// returns nil when it has nothing to show. An error makes the page fail
// with the error's status.
type CitySectionFunc func(r *http.Request, c *wikicities.City) (*CitySection, error)

// pageTemplates holds the parsed templates, one set per language (the msg
// function is bound to the language's printer) and per page.
type pageTemplates struct {
	mu     sync.RWMutex
	byLang map[string]map[string]*template.Template
}

// errNoPage is the error of an address that names no page.
var errNoPage = fmt.Errorf("no page at this address: %w", wikicities.ErrNotFound)

// registerPageRoutes registers the HTML pages, their assets and the map data.
func (s *Server) registerPageRoutes() {
	if s.TileURL == "" {
		s.TileURL = DefaultTileURL
	}
	s.pages = &pageTemplates{byLang: map[string]map[string]*template.Template{}}
	s.handle("GET /{$}", s.cached(s.handleHome))
	s.handle("GET /", s.handleNotFound)
	s.handle("GET /search", s.cached(s.handleSearch))
	s.handle("GET /cities/{id}", s.cached(s.handleCityPage))
	s.handle("GET /assets/{path...}", s.handleAsset)
	s.handle("GET /map/cities.geojson", s.handleMapCities)
	s.handle("GET /cities/suggest", s.handleCitySuggest)
	s.handle("GET /languages.json", s.handleLanguageChoices)
}

// templates returns the template sets of lang, parsing them on first use.
func (s *Server) templates(p *i18n.Printer) (map[string]*template.Template, error) {
	s.pages.mu.RLock()
	set := s.pages.byLang[p.Lang()]
	s.pages.mu.RUnlock()
	if set != nil {
		return set, nil
	}
	s.pages.mu.Lock()
	defer s.pages.mu.Unlock()
	if set := s.pages.byLang[p.Lang()]; set != nil {
		return set, nil
	}
	set, err := parseTemplates(p, s.Graph.City)
	if err != nil {
		return nil, err
	}
	s.pages.byLang[p.Lang()] = set
	return set, nil
}

// templateFuncs are the functions every template may call; city finds a
// city of the twin graph by id (nil: none) for cityname.
func templateFuncs(p *i18n.Printer, city func(int64) *wikicities.City) template.FuncMap {
	return template.FuncMap{
		"msg": p.Msg,
		"num": p.Num,
		// date and datetime write a time.Time in the page's language
		// (i18n.Printer.Date, DateTime); <time datetime> keeps ISO.
		"date":     p.Date,
		"datetime": p.DateTime,
		"country":  func(label string) string { return labels.Country(p, label) },
		// regionname names a city's region (its ISO 3166-2 code) in the
		// page's language.
		"regionname": func(key string) string { return regionNameIn(p.Lang(), key) },
		// language names a language code in the page's language ("de" is
		// "German", "Deutsch", "الألمانية").
		"language": func(code string) string { return labels.Language(p, code) },
		// cityname is a city's name in the page's language when its
		// Wikidata item gives one, its own name otherwise.
		"cityname": func(c any) string {
			switch c := c.(type) {
			case *wikicities.City:
				return c.NameIn(p.Lang())
			case interface{ NameIn(string) string }:
				return c.NameIn(p.Lang())
			case nil:
				return ""
			}
			// A place of another package (report.Place): the graph's
			// city of its ID field in the page's language, else its Name.
			if v := reflect.Indirect(reflect.ValueOf(c)); v.Kind() == reflect.Struct {
				if f := v.FieldByName("ID"); f.Kind() == reflect.Int64 && city != nil {
					if c := city(f.Int()); c != nil {
						return c.NameIn(p.Lang())
					}
				}
				if f := v.FieldByName("Name"); f.Kind() == reflect.String {
					return f.String()
				}
			}
			return fmt.Sprint(c)
		},
		"asset": AssetURL,
		"dict":  dict,
	}
}

// dict builds the argument of a partial from pairs of names and values:
// {{template "text-field" (dict "Form" .Form "Name" "city")}}. Returns an
// error for an odd number of arguments or a name that is not a string.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, fmt.Errorf("dict: %d arguments, want pairs of name and value", len(pairs))
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: argument %d is %T, not a name", i, pairs[i])
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

// Printer returns the printer of the request's language, isolating
// Latin parameters in right-to-left pages (i18n.Printer.Isolating).
func (s *Server) Printer(r *http.Request) *i18n.Printer {
	return i18n.Default().Printer(s.language(r)).Isolating()
}

// language chooses the request's language: ?uselang=, then the account's
// choice, then the language switcher's cookie, then Accept-Language, then
// English.
func (s *Server) language(r *http.Request) string {
	var cookie string
	if c, err := r.Cookie(LanguageCookie); err == nil {
		cookie = c.Value
	}
	hint, _ := r.Context().Value(languageHintKey{}).(string)
	var chosen string
	if a := wikicities.ActorIn(r.Context()); a != nil {
		chosen = a.Language
	}
	return i18n.Default().Match(r.Header.Get("Accept-Language"),
		queryValue(r.URL.RawQuery, "uselang"), chosen, cookie, hint)
}

type languageHintKey struct{}

// withLanguageHint returns r with lang as its reader's language for when
// neither ?uselang=, an account nor the cookie says one: a page reached by
// a link mailed to an account (the digest's unsubscribe link) knows its
// reader without a session.
func withLanguageHint(r *http.Request, lang string) *http.Request {
	if lang == "" {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), languageHintKey{}, lang))
}

// pageOf returns the address of the page a reader of r's answer is on, for
// the language switcher and the sign-in link to return to: r's own for a
// GET; for a form's answer (a refused POST, whose address has no page to
// GET) the page the form was on, as the Referer says when it is this
// site's, else the home page.
func pageOf(r *http.Request) *url.URL {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL
	}
	if ref, err := url.Parse(r.Referer()); err == nil && strings.HasPrefix(ref.Path, "/") && (ref.Host == "" || ref.Host == r.Host) {
		return &url.URL{Path: ref.Path, RawQuery: ref.RawQuery}
	}
	return &url.URL{Path: "/"}
}

// newPage returns the frame of a page for r. A valid ?uselang= is
// remembered in a cookie so that the following pages keep the language.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request) *Page {
	cat := i18n.Default()
	lang := s.language(r)
	if u := queryValue(r.URL.RawQuery, "uselang"); u != "" && u == lang {
		http.SetCookie(w, &http.Cookie{Name: LanguageCookie, Value: lang, Path: "/",
			MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	back := pageOf(r)
	p := &Page{
		Lang: lang, Dir: i18n.Dir(lang), Path: back.Path,
		Actor: wikicities.ActorFrom(r.Context()), CSRFToken: CSRFTokenFunc(r), CSRFField: CSRFFieldName,
		printer: cat.Printer(lang).Isolating(),
	}
	if r.Method == http.MethodPost && r.PostForm != nil {
		p.posted, p.postedTo = r.PostForm, r.URL.Path
	}
	p.Section, _, _ = strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if r.URL.Path == "/search" {
		p.SearchQuery = strings.TrimSpace(r.URL.Query().Get("q"))
	}
	p.LanguageName = autonym(lang)
	if !p.Actor.SignedIn() {
		p.SignInURL = SignInPath + "?" + url.Values{"returnto": {back.RequestURI()}}.Encode()
	}
	q := back.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		if k != "uselang" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range q[k] {
			p.Query = append(p.Query, QueryParam{k, v})
		}
	}
	for _, code := range cat.Languages() {
		p.Languages = append(p.Languages, LanguageOption{Code: code, Name: autonym(code), Dir: i18n.Dir(code), Current: code == lang})
	}
	return p
}

// autonym returns a language's name in that language ("Deutsch").
func autonym(code string) string {
	if t, err := language.Parse(code); err == nil {
		if n := display.Self.Name(t); n != "" {
			return n
		}
	}
	return code
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render writes page name with status. The page is rendered in full before
// anything is sent, so a template error becomes a clean error page.
// pickerPages are the pages whose forms have pickers (picker.js).
var pickerPages = map[string]bool{"community-form": true, "institution-form": true, "propose": true, "agreement-form": true}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	set, err := s.templates(p.printer)
	if err != nil {
		s.Log.Error("templates", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if pickerPages[name] {
		p.Scripts = append(p.Scripts, "picker.js")
	}
	// Every page has a form that posts (signing out, at least), and a
	// posted form is sent once (forms.js).
	p.Scripts = append(p.Scripts, "forms.js")
	t := set[name]
	if t == nil {
		s.Log.Error("no template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if p.Map != nil {
		p.Map.TileURL = s.TileURL
	}
	if _, err := s.readerInbox(r, p); err != nil && !errors.Is(err, wikicities.ErrNotFound) {
		s.Log.Error("inbox count", "err", err) // the page goes on without it
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", p); err != nil {
		s.Log.Error("rendering a page", "page", name, "path", r.URL.Path, "err", err)
		if name != "error" {
			s.renderError(w, r, err)
		} else {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", p.Lang)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Language, Accept-Encoding, Cookie")
	// The security headers are securityHeaders', set on every response.
	writeMaybeGzip(w, r, status, buf.Bytes())
}

// writeMaybeGzip writes body with status, gzip-compressed when the client
// accepts it and the body is large enough to gain from it.
func writeMaybeGzip(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	if len(body) < 1024 || !acceptsGzip(r) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(status)
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(w)
	zw.Write(body)
	zw.Close()
	gzipPool.Put(zw)
}

var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression)
	return zw
}}

// Fragment renders the partial template name (defined in a templates/_*.html
// file) with data in the request's language, for a CitySection's body.
func (s *Server) Fragment(r *http.Request, name string, data any) (template.HTML, error) {
	set, err := s.templates(s.Printer(r))
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := set[fragmentsSet].ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// errorPage is the Data of the error page.
type errorPage struct {
	Status  int
	Heading string
	Text    string
	SignIn  string // for 401: the sign-in page, returning to the page the form was on
}

// renderError writes the translated error page for err, with the status
// that the shared error table gives it. Internal errors are logged, and
// their text is not shown.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	code := ErrorStatus(err)
	p := s.newPage(w, r)
	d := errorPage{Status: code}
	switch {
	case code == http.StatusNotFound:
		d.Heading, d.Text = p.Msg("error-notfound-title"), p.Msg("error-notfound-text")
		if strings.HasPrefix(r.URL.Path, "/cities/") {
			// A city's address goes when it is merged into another.
			d.Text = p.Msg("error-notfound-city-text")
		}
	case code == http.StatusUnauthorized:
		d.Heading, d.Text = p.Msg("error-unauthorized-title"), p.Msg("error-unauthorized-text")
		d.SignIn = SignInPath + "?" + url.Values{"returnto": {pageOf(r).RequestURI()}}.Encode()
	case code == http.StatusForbidden:
		d.Heading, d.Text = p.Msg("error-forbidden-title"), p.Msg("error-forbidden-text")
	case code == http.StatusServiceUnavailable:
		s.logFailure(r, err)
		w.Header().Set("Retry-After", RetryAfter)
		d.Heading, d.Text = p.Msg("error-unavailable-title"), p.Msg("error-unavailable-text")
	case code >= 500:
		s.logFailure(r, err)
		d.Heading, d.Text = p.Msg("error-internal-title"), p.Msg("error-internal-text")
	default:
		d.Heading, d.Text = p.Msg("error-badrequest-title"), p.Msg("error-badrequest-text", badRequestDetail(p.Printer(), err))
	}
	p.Title = d.Heading
	p.Data = d
	s.render(w, r, code, "error", p)
}

// addressFieldLabels names the fields of a page's address (query
// parameters, the fields of a button's form) that an error page may
// refuse, by the messages of their labels on the forms and filters.
var addressFieldLabels = map[string]string{
	"a":           "error-field-proposer",
	"action":      "error-field-action",
	"decision":    "error-field-action",
	"done":        "error-field-action",
	"party":       "error-field-party",
	"b":           "error-field-partner",
	"visitor":     "error-field-visitor",
	"host":        "visit-field-host",
	"near":        "error-field-near",
	"offset":      "error-field-offset",
	"limit":       "error-field-limit",
	"kind":        "list-filter-kind",
	"status":      "list-filter-status",
	"state":       "list-filter-state",
	"type":        "list-filter-type",
	"mode":        "events-filter-mode",
	"city":        "community-field-city",
	"campaign":    "events-filter-campaign",
	"token":       "error-field-link",
	"country":     "list-filter-country",
	"coordinator": "list-filter-coordinator",
}

// badRequestDetail says what the error page of a refused request names:
// each field's problem in the reader's language, under the field's
// translated label when it has one (else its name in the address, which
// is what the reader sees there). A problem without a Problem keeps its
// English message, as the API says it.
func badRequestDetail(pr *i18n.Printer, err error) string {
	var fes []*wikicities.FieldError
	var ve wikicities.ValidationErrors
	var fe *wikicities.FieldError
	switch {
	case errors.As(err, &ve):
		fes = ve
	case errors.As(err, &fe):
		fes = []*wikicities.FieldError{fe}
	default:
		return err.Error()
	}
	parts := make([]string, 0, len(fes))
	for _, fe := range fes {
		if fe.Problem == "" {
			parts = append(parts, fe.Error())
			continue
		}
		field := fe.Field
		var question int
		if key, ok := addressFieldLabels[field]; ok {
			field = pr.Msg(key)
		} else if _, err := fmt.Sscanf(field, "q%d", &question); err == nil && field == fmt.Sprintf("q%d", question) {
			// The answer to the event's question number question+1.
			field = pr.Msg("error-field-question", question+1)
		}
		parts = append(parts, field+pr.Msg("colon-separator")+labels.Problem(pr, fe))
	}
	return strings.Join(parts, " ")
}

// handleNotFound answers every address that no route takes: a JSON error
// under /api/, the translated error page elsewhere.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.writeError(w, r, errNoPage)
		return
	}
	s.renderError(w, r, errNoPage)
}

// cacheFor marks a response as cacheable by anyone for d.
func cacheFor(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Cache-Control", "public, max-age="+strconv.Itoa(int(d.Seconds())))
}
