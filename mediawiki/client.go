// Package mediawiki is a client of the MediaWiki Action API (api.php) for
// what WikiCities does on Meta-Wiki: read a page's current wikitext and
// revision, and edit it without ever overwriting someone else's edit.
//
// It signs in with a bot password (action=login) or sends an OAuth 2 bearer
// token; it sends maxlag=5 and a descriptive User-Agent as Wikimedia's API
// etiquette asks, and it retries with backoff on maxlag errors and on HTTP
// 429 and 503, honouring Retry-After.
package mediawiki

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
)

// DefaultUserAgent identifies WikiCities to the wikis it talks to, as
// https://meta.wikimedia.org/wiki/User-Agent_policy asks.
const DefaultUserAgent = "WikiCities/1.0 (https://github.com/wikicities/wikicities; Meta-Wiki twinning pages) Go-http-client"

// Client talks to one wiki's api.php. Set its fields before the first call;
// it is safe for concurrent use afterwards.
type Client struct {
	// API is the URL of api.php, e.g. https://meta.wikimedia.org/w/api.php.
	API string
	// HTTP is the HTTP client; New gives it a cookie jar for the session.
	HTTP *http.Client
	// UserAgent is sent with every request.
	UserAgent string
	// BearerToken, when set, is sent as an OAuth 2 access token
	// (Authorization: Bearer) instead of signing in with a bot password.
	BearerToken string
	// MaxLag is sent as maxlag (seconds of replication lag above which the
	// wiki asks bots to wait). Zero sends nothing.
	MaxLag int
	// Retries is how many times a request is retried after maxlag, 429 or 503.
	Retries int
	// Sleep waits between retries; tests replace it to record the delays.
	Sleep func(ctx context.Context, d time.Duration) error

	mu        sync.Mutex
	loggedIn  bool
	csrfToken string
}

// New returns a client for the api.php at apiURL with a cookie jar, maxlag=5
// and five retries.
func New(apiURL string) (*Client, error) {
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("mediawiki: %q is not an http(s) URL of api.php", apiURL)
	}
	jar, _ := cookiejar.New(nil)
	return &Client{
		API:       u.String(),
		HTTP:      &http.Client{Jar: jar, Timeout: 60 * time.Second},
		UserAgent: DefaultUserAgent,
		MaxLag:    5,
		Retries:   5,
		Sleep:     sleepContext,
	}, nil
}

// APIURL turns what a user gives as --wiki into the URL of api.php: a URL
// ending in .php is used as it is; a wiki's base URL gets Wikimedia's
// /w/api.php ("https://meta.wikimedia.org" -> ".../w/api.php").
func APIURL(wiki string) string {
	wiki = strings.TrimRight(strings.TrimSpace(wiki), "/")
	if strings.HasSuffix(wiki, ".php") {
		return wiki
	}
	if !strings.Contains(wiki, "://") {
		wiki = "https://" + wiki
	}
	return wiki + "/w/api.php"
}

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// APIError is an error the API returned ({"error": {"code", "info"}}). It
// matches the shared errors: editconflict and articleexists match
// wikicities.ErrConflict, permission errors ErrForbidden, a lost session
// ErrUnauthorized, a missing page ErrNotFound.
type APIError struct {
	Code string
	Info string
	// RetryAfter is the delay the wiki asked for, if any.
	RetryAfter time.Duration
}

func (e *APIError) Error() string { return fmt.Sprintf("mediawiki: %s: %s", e.Code, e.Info) }

// Is maps API error codes to the shared error kinds.
func (e *APIError) Is(target error) bool {
	switch target {
	case wikicities.ErrConflict:
		return e.Code == "editconflict" || e.Code == "articleexists" || e.Code == "pagedeleted"
	case wikicities.ErrForbidden:
		return e.Code == "permissiondenied" || e.Code == "protectedpage" || e.Code == "cascadeprotected" ||
			e.Code == "blocked" || e.Code == "noedit" || e.Code == "writeapidenied"
	case wikicities.ErrUnauthorized:
		return e.Code == "assertuserfailed" || e.Code == "assertbotfailed" || e.Code == "notloggedin" ||
			e.Code == "badtoken" || e.Code == "mwoauth-invalid-authorization"
	case wikicities.ErrNotFound:
		return e.Code == "missingtitle" || e.Code == "nosuchrevid"
	}
	return false
}

// HTTPError is a response that was not the API's JSON, after retries.
type HTTPError struct {
	// URL is the api.php asked.
	URL    string
	Status int
	// Body is the start of the answer; of an HTML page, its title.
	Body       string
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("mediawiki: %s: HTTP %d", e.URL, e.Status)
	if e.Body != "" {
		msg += ": " + e.Body
	}
	if e.Status == http.StatusNotFound {
		msg += " (no api.php there: give the wiki's address, such as https://meta.wikimedia.org, or the URL of its api.php)"
	}
	return msg
}

// htmlTitleRE finds the title of an HTML page.
var htmlTitleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// answerSnippet is what an error shows of an answer that is not the API's:
// the title of an HTML page, else its first 300 bytes.
func answerSnippet(body []byte) string {
	if m := htmlTitleRE.FindSubmatch(body); m != nil {
		return strings.TrimSpace(html.UnescapeString(string(m[1])))
	}
	s := strings.ToValidUTF8(string(body), "")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "..."
	}
	return strings.TrimSpace(s)
}

// retryDelay decides whether a failed attempt is retried and after how long:
// maxlag errors and HTTP 429/503 are, after Retry-After when the wiki sent
// one, else after an exponential backoff (1s, 2s, 4s, ... capped at 60s).
func retryDelay(err error, attempt int) (time.Duration, bool) {
	var after time.Duration
	var ae *APIError
	var he *HTTPError
	switch {
	case errors.As(err, &ae) && (ae.Code == "maxlag" || ae.Code == "ratelimited"):
		after = ae.RetryAfter
	case errors.As(err, &he) && (he.Status == http.StatusTooManyRequests || he.Status == http.StatusServiceUnavailable):
		after = he.RetryAfter
	default:
		return 0, false
	}
	if after > 0 {
		return min(after, 5*time.Minute), true
	}
	d := time.Second << min(attempt, 6)
	return min(d, 60*time.Second), true
}

// parseRetryAfter reads a Retry-After header: seconds or an HTTP date.
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// call sends one API request (GET when post is false) with format=json,
// formatversion=2 and maxlag, retrying as retryDelay says, and decodes the
// response into out. An API error is returned as *APIError.
func (c *Client) call(ctx context.Context, post bool, params url.Values, out any) error {
	params.Set("format", "json")
	params.Set("formatversion", "2")
	params.Set("errorformat", "plaintext")
	if c.MaxLag != 0 {
		params.Set("maxlag", strconv.Itoa(c.MaxLag))
	}
	for attempt := 0; ; attempt++ {
		err := c.once(ctx, post, params, out)
		if err == nil {
			return nil
		}
		d, retry := retryDelay(err, attempt)
		if !retry || attempt >= c.Retries {
			return err
		}
		if err := c.Sleep(ctx, d); err != nil {
			return err
		}
	}
}

// newRequest builds the HTTP request of one attempt.
func (c *Client) newRequest(ctx context.Context, post bool, params url.Values) (*http.Request, error) {
	var req *http.Request
	var err error
	if post {
		// The token goes last, so that a truncated body fails its check.
		body := encodeTokenLast(params)
		req, err = http.NewRequestWithContext(ctx, http.MethodPost, c.API, strings.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	} else {
		req, err = http.NewRequestWithContext(ctx, http.MethodGet, c.API+"?"+params.Encode(), nil)
	}
	if err != nil {
		return nil, fmt.Errorf("mediawiki: %w", err)
	}
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Api-User-Agent", ua)
	if c.BearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+c.BearerToken)
	}
	return req, nil
}

func encodeTokenLast(params url.Values) string {
	tok, has := params["token"]
	if !has {
		return params.Encode()
	}
	rest := url.Values{}
	for k, v := range params {
		if k != "token" {
			rest[k] = v
		}
	}
	s := rest.Encode()
	if s != "" {
		s += "&"
	}
	return s + url.Values{"token": tok}.Encode()
}

func (c *Client) once(ctx context.Context, post bool, params url.Values, out any) error {
	req, err := c.newRequest(ctx, post, params)
	if err != nil {
		return err
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("mediawiki: %s: %w", c.API, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("mediawiki: %s: %w", c.API, err)
	}
	retryAfter := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if resp.StatusCode != http.StatusOK {
		return &HTTPError{URL: c.API, Status: resp.StatusCode, Body: answerSnippet(body), RetryAfter: retryAfter}
	}
	var env struct {
		Error  *apiErrorJSON  `json:"error"`
		Errors []apiErrorJSON `json:"errors"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return fmt.Errorf("mediawiki: %s did not answer JSON (is it api.php?): %w", c.API, err)
	}
	if env.Error == nil && len(env.Errors) > 0 {
		env.Error = &env.Errors[0]
	}
	if env.Error != nil {
		info := env.Error.Info
		if info == "" {
			info = env.Error.Text
		}
		return &APIError{Code: env.Error.Code, Info: info, RetryAfter: retryAfter}
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return fmt.Errorf("mediawiki: decoding %s answer: %w", params.Get("action"), err)
		}
	}
	return nil
}

type apiErrorJSON struct {
	Code string `json:"code"`
	Info string `json:"info"`
	Text string `json:"text"`
}

// token fetches a token of kind ("login", "csrf").
func (c *Client) token(ctx context.Context, kind string) (string, error) {
	var r struct {
		Query struct {
			Tokens map[string]string `json:"tokens"`
		} `json:"query"`
	}
	if err := c.call(ctx, false, url.Values{"action": {"query"}, "meta": {"tokens"}, "type": {kind}}, &r); err != nil {
		return "", err
	}
	t := r.Query.Tokens[kind+"token"]
	if t == "" {
		return "", fmt.Errorf("mediawiki: the wiki gave no %s token", kind)
	}
	return t, nil
}

// Login signs in with a bot password (user "Name@app", its password), as
// Special:BotPasswords creates them. Returns an error wrapping
// wikicities.ErrUnauthorized when the wiki refuses the credentials.
func (c *Client) Login(ctx context.Context, user, password string) error {
	tok, err := c.token(ctx, "login")
	if err != nil {
		return err
	}
	var r struct {
		Login struct {
			Result   string          `json:"result"`
			Reason   json.RawMessage `json:"reason"` // a string or, with errorformat, {code, text}
			UserName string          `json:"lgusername"`
		} `json:"login"`
	}
	err = c.call(ctx, true, url.Values{"action": {"login"}, "lgname": {user}, "lgpassword": {password}, "lgtoken": {tok}}, &r)
	if err != nil {
		return err
	}
	if r.Login.Result != "Success" {
		var reason apiErrorJSON
		if json.Unmarshal(r.Login.Reason, &reason) != nil {
			json.Unmarshal(r.Login.Reason, &reason.Text)
		}
		return fmt.Errorf("mediawiki: login as %q: %s: %s: %w", user, r.Login.Result, reason.Text, wikicities.ErrUnauthorized)
	}
	c.mu.Lock()
	c.loggedIn, c.csrfToken = true, ""
	c.mu.Unlock()
	return nil
}

// Revision is a page's current text and the revision it comes from.
type Revision struct {
	Title     string
	PageID    int64
	RevID     int64     // 0 when the page does not exist
	Timestamp time.Time // of the revision
	User      string    // who made the revision
	// StartTime is the wiki's clock when the page was read, for an edit's
	// starttimestamp (detects a deletion since the read).
	StartTime time.Time
	Text      string
	Missing   bool
}

// Page reads the current wikitext of title. A page that does not exist is
// returned with Missing set, not as an error (publishing creates it).
func (c *Client) Page(ctx context.Context, title string) (*Revision, error) {
	var r struct {
		CurTimestamp time.Time `json:"curtimestamp"`
		Query        struct {
			Pages []struct {
				PageID    int64  `json:"pageid"`
				Title     string `json:"title"`
				Missing   bool   `json:"missing"`
				Invalid   bool   `json:"invalid"`
				Reason    string `json:"invalidreason"`
				Revisions []struct {
					RevID     int64     `json:"revid"`
					Timestamp time.Time `json:"timestamp"`
					User      string    `json:"user"`
					Slots     struct {
						Main struct {
							Content string `json:"content"`
						} `json:"main"`
					} `json:"slots"`
				} `json:"revisions"`
			} `json:"pages"`
		} `json:"query"`
	}
	err := c.call(ctx, false, url.Values{
		"action": {"query"}, "prop": {"revisions"}, "titles": {title},
		"rvprop": {"ids|timestamp|user|content"}, "rvslots": {"main"}, "curtimestamp": {"1"},
	}, &r)
	if err != nil {
		return nil, err
	}
	if len(r.Query.Pages) != 1 {
		return nil, fmt.Errorf("mediawiki: page %q: the wiki returned %d pages", title, len(r.Query.Pages))
	}
	p := r.Query.Pages[0]
	if p.Invalid {
		return nil, fmt.Errorf("mediawiki: %q is not a valid title: %s: %w", title, p.Reason, wikicities.ErrInvalid)
	}
	rev := &Revision{Title: p.Title, PageID: p.PageID, StartTime: r.CurTimestamp, Missing: p.Missing}
	if !p.Missing && len(p.Revisions) > 0 {
		rv := p.Revisions[0]
		rev.RevID, rev.Timestamp, rev.User, rev.Text = rv.RevID, rv.Timestamp, rv.User, rv.Slots.Main.Content
	}
	return rev, nil
}

// Edit is a change to one page.
type Edit struct {
	Title   string
	Text    string
	Summary string
	// Base is the revision the new text was made from (Page's answer). The
	// edit fails with an edit conflict if the page changed since, and with
	// "articleexists" if Base says the page was missing but it exists now.
	Base *Revision
	// Bot marks the edit as a bot edit (for accounts with the bot right).
	Bot bool
}

// EditResult is what the wiki did.
type EditResult struct {
	NewRevID int64
	NoChange bool // the text was already the page's
}

// Edit saves e. Another edit of the page since e.Base is reported as an
// error matching wikicities.ErrConflict; it is never overwritten. (baserevid
// is sent without basetimestamp on purpose: MediaWiki ignores conflicts with
// the same user's own edits when basetimestamp is given, which would let two
// runs of the same bot overwrite each other.)
func (c *Client) Edit(ctx context.Context, e Edit) (*EditResult, error) {
	if e.Base == nil {
		return nil, fmt.Errorf("mediawiki: edit of %q without a base revision: read the page first", e.Title)
	}
	params := url.Values{
		"action": {"edit"}, "title": {e.Title}, "text": {e.Text}, "summary": {e.Summary},
		"contentmodel": {"wikitext"},
	}
	if e.Base.Missing {
		params.Set("createonly", "1")
	} else {
		params.Set("nocreate", "1")
		params.Set("baserevid", strconv.FormatInt(e.Base.RevID, 10))
	}
	if !e.Base.StartTime.IsZero() {
		params.Set("starttimestamp", e.Base.StartTime.UTC().Format(time.RFC3339))
	}
	c.mu.Lock()
	signedIn := c.loggedIn
	c.mu.Unlock()
	if signedIn || c.BearerToken != "" {
		params.Set("assert", "user") // never edit logged out after a lost session
	}
	if e.Bot {
		params.Set("bot", "1")
	}
	var r struct {
		Edit struct {
			Result   string `json:"result"`
			NewRevID int64  `json:"newrevid"`
			NoChange bool   `json:"nochange"`
		} `json:"edit"`
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.csrf(ctx)
		if err != nil {
			return nil, err
		}
		params.Set("token", tok)
		err = c.call(ctx, true, params, &r)
		var ae *APIError
		if errors.As(err, &ae) && ae.Code == "badtoken" && attempt == 0 {
			c.mu.Lock()
			c.csrfToken = "" // the session renewed: fetch a fresh token once
			c.mu.Unlock()
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("mediawiki: edit %q: %w", e.Title, err)
		}
		break
	}
	if r.Edit.Result != "Success" {
		return nil, fmt.Errorf("mediawiki: edit %q: result %q", e.Title, r.Edit.Result)
	}
	return &EditResult{NewRevID: r.Edit.NewRevID, NoChange: r.Edit.NoChange}, nil
}

func (c *Client) csrf(ctx context.Context) (string, error) {
	c.mu.Lock()
	cached := c.csrfToken
	c.mu.Unlock()
	if cached != "" {
		return cached, nil
	}
	t, err := c.token(ctx, "csrf")
	if err != nil {
		return "", err
	}
	if t == "+\\" {
		return "", fmt.Errorf("mediawiki: not signed in (the wiki gave an anonymous token): %w", wikicities.ErrUnauthorized)
	}
	c.mu.Lock()
	c.csrfToken = t
	c.mu.Unlock()
	return t, nil
}

// ParseWikitext renders wikitext with the wiki's own parser (action=parse)
// and returns the HTML, as if it were the content of page title.
func (c *Client) ParseWikitext(ctx context.Context, title, text string) (string, error) {
	var r struct {
		Parse struct {
			Text string `json:"text"`
		} `json:"parse"`
	}
	err := c.call(ctx, true, url.Values{
		"action": {"parse"}, "title": {title}, "text": {text}, "contentmodel": {"wikitext"},
		"prop": {"text"}, "disablelimitreport": {"1"}, "disableeditsection": {"1"},
	}, &r)
	return r.Parse.Text, err
}
