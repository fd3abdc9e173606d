package sparql

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
)

// DefaultEndpoint is the Wikidata Query Service.
const DefaultEndpoint = "https://query.wikidata.org/sparql"

// UserAgent identifies WikiCities to query services as the Wikimedia
// User-Agent policy asks: name/version (contact) library/version.
var UserAgent = fmt.Sprintf("WikiCities/%s (https://github.com/wikicities/wikicities) Go-http-client/%s",
	wikicities.Version, strings.TrimPrefix(runtime.Version(), "go"))

// Client runs Query against a SPARQL endpoint, retrying politely.
type Client struct {
	// Endpoint is the query service URL; DefaultEndpoint when empty.
	Endpoint string
	// HTTP is the client used; one with a 5-minute timeout when nil.
	HTTP *http.Client
	// MaxAttempts bounds the tries of one query (default 5).
	MaxAttempts int
	// Backoff is the first wait after a failed try, doubled after each
	// (default 2s); a Retry-After header overrides it.
	Backoff time.Duration
	// MaxWait caps any single wait, Retry-After included (default 5 minutes).
	MaxWait time.Duration
	// MaxBytes bounds the response size (default 1 GiB).
	MaxBytes int64
	// Progress, if set, is called with the bytes received so far and the
	// expected total (-1 when the server does not say).
	Progress func(done, total int64)
}

// StatusError is a response the endpoint gave up on with.
type StatusError struct {
	Code int
	Body string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("status %d: %s", e.Code, e.Body)
}

// htmlTitleRE finds the title of an HTML page.
var htmlTitleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// answerText is what an error shows of a failed response: the title of an
// HTML page (the query service's timeout page), else the text itself.
func answerText(body []byte) string {
	if m := htmlTitleRE.FindSubmatch(body); m != nil {
		return strings.TrimSpace(html.UnescapeString(string(m[1])))
	}
	return strings.TrimSpace(strings.ToValidUTF8(string(body), ""))
}

// retryable reports whether a response status is worth trying again.
func retryable(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusBadGateway,
		http.StatusGatewayTimeout, http.StatusInternalServerError:
		return true
	}
	return false
}

// Fetch runs query at the endpoint and parses the results like Read. It
// retries as Run does. A malformed or empty response is an error (wrapping
// ErrMalformed); so is any status but 200.
func (c *Client) Fetch(ctx context.Context, query string, strict bool) (*importer.Batch, error) {
	var b *importer.Batch
	err := c.Run(ctx, query, func(r io.Reader) error {
		var err error
		if b, err = Read(r, c.endpoint(), strict); err != nil {
			var re *importer.RowError
			if errors.As(err, &re) {
				return Permanent(err)
			}
			return err
		}
		if b.Rows == 0 {
			return Permanent(fmt.Errorf("%w: the endpoint returned no twin links; refusing to import an empty result", ErrMalformed))
		}
		return nil
	})
	return b, err
}

func (c *Client) endpoint() string {
	if c.Endpoint == "" {
		return DefaultEndpoint
	}
	return c.Endpoint
}

// permanentError is an error of a reader not worth another try.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent marks an error of Run's reader as not worth retrying (a
// well-formed answer that is wrong, a bad row in strict mode). Run returns
// the error it wraps.
func Permanent(err error) error { return permanentError{err} }

// Run runs query at the endpoint and hands the response body to read. It
// retries on network errors, on 429, 500, 502, 503 and 504, and on errors
// of read (a response cut short) unless read marks them Permanent, waiting
// as Retry-After says or with exponential backoff, and gives up after
// MaxAttempts with the last error. Any other status is an error at once.
func (c *Client) Run(ctx context.Context, query string, read func(io.Reader) error) error {
	endpoint := c.endpoint()
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 5 * time.Minute}
	}
	attempts := c.MaxAttempts
	if attempts <= 0 {
		attempts = 5
	}
	backoff := c.Backoff
	if backoff <= 0 {
		backoff = 2 * time.Second
	}
	maxWait := c.MaxWait
	if maxWait <= 0 {
		maxWait = 5 * time.Minute
	}
	var last error
	for attempt := 1; ; attempt++ {
		wait, err := c.try(ctx, hc, endpoint, query, read)
		if err == nil {
			return nil
		}
		if wait < 0 { // not worth retrying
			var pe permanentError
			if errors.As(err, &pe) {
				err = pe.err
			}
			return fmt.Errorf("sparql %s: %w", endpoint, err)
		}
		last = err
		if attempt >= attempts {
			return fmt.Errorf("sparql %s: giving up after %d attempts: %w", endpoint, attempts, last)
		}
		if wait == 0 {
			wait = backoff << (attempt - 1)
		}
		wait = min(wait, maxWait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("sparql %s: %w (after %d attempts: %v)", endpoint, ctx.Err(), attempt, last)
		case <-t.C:
		}
	}
}

// try makes one request. wait is -1 for errors not worth retrying, the
// server's Retry-After if it gave one, and 0 otherwise.
func (c *Client) try(ctx context.Context, hc *http.Client, endpoint, query string, read func(io.Reader) error) (time.Duration, error) {
	form := url.Values{"query": {query}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return -1, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", MediaType)
	req.Header.Set("User-Agent", UserAgent)
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return -1, err
		}
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		se := &StatusError{Code: resp.StatusCode, Body: answerText(body)}
		if !retryable(resp.StatusCode) {
			return -1, se
		}
		return retryAfter(resp.Header.Get("Retry-After"), time.Now()), se
	}
	if ct := resp.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, MediaType) && !strings.HasPrefix(ct, "application/json") {
		return -1, fmt.Errorf("%w: content type %q, want %s", ErrMalformed, ct, MediaType)
	}
	maxBytes := c.MaxBytes
	if maxBytes <= 0 {
		maxBytes = 1 << 30
	}
	lr := &limitedReader{r: resp.Body, n: maxBytes}
	var body io.Reader = lr
	if c.Progress != nil {
		body = &progressReader{r: body, total: resp.ContentLength, fn: c.Progress}
	}
	if err := read(body); err != nil {
		var pe permanentError
		if errors.As(err, &pe) || ctx.Err() != nil {
			return -1, err
		}
		if lr.n <= 0 {
			return -1, fmt.Errorf("%w (%d bytes)", ErrTooLarge, maxBytes)
		}
		// A response cut short is worth another try; a well-formed wrong
		// one is not, but telling them apart is guesswork: retry both.
		return 0, err
	}
	return 0, nil
}

// retryAfter reads a Retry-After header: seconds or an HTTP date. Zero when
// absent or unreadable.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && s >= 0 {
		return max(time.Duration(s)*time.Second, time.Millisecond)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), time.Millisecond)
	}
	return 0
}

// ErrTooLarge is returned for a response larger than Client.MaxBytes.
var ErrTooLarge = errors.New("response is larger than the limit")

type limitedReader struct {
	r io.Reader
	n int64
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

type progressReader struct {
	r     io.Reader
	done  int64
	total int64
	fn    func(done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.done += int64(n)
	p.fn(p.done, p.total)
	return n, err
}
