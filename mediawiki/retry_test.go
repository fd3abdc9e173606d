package mediawiki

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestRetryDelay(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		attempt int
		want    time.Duration
		retry   bool
	}{
		{"maxlag honours Retry-After", &APIError{Code: "maxlag", RetryAfter: 7 * time.Second}, 0, 7 * time.Second, true},
		{"maxlag without Retry-After backs off", &APIError{Code: "maxlag"}, 2, 4 * time.Second, true},
		{"429 honours Retry-After", &HTTPError{Status: 429, RetryAfter: 30 * time.Second}, 0, 30 * time.Second, true},
		{"503 backs off exponentially", &HTTPError{Status: 503}, 3, 8 * time.Second, true},
		{"backoff is capped", &HTTPError{Status: 503}, 20, 60 * time.Second, true},
		{"a huge Retry-After is capped", &HTTPError{Status: 429, RetryAfter: time.Hour}, 0, 5 * time.Minute, true},
		{"edit conflict is not retried", &APIError{Code: "editconflict"}, 0, 0, false},
		{"500 is not retried", &HTTPError{Status: 500}, 0, 0, false},
		{"network errors are not retried", errors.New("connection refused"), 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, retry := retryDelay(tc.err, tc.attempt)
			if d != tc.want || retry != tc.retry {
				t.Errorf("retryDelay = %v, %v; want %v, %v", d, retry, tc.want, tc.retry)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)
	for h, want := range map[string]time.Duration{
		"120":                           2 * time.Minute,
		" 5 ":                           5 * time.Second,
		"Sun, 22 Nov 2026 03:00:30 GMT": 30 * time.Second,
		"Sun, 22 Nov 2026 02:00:00 GMT": 0, // in the past
		"soon":                          0,
		"":                              0,
		"-3":                            0,
	} {
		if got := parseRetryAfter(h, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", h, got, want)
		}
	}
}

func TestPostBodyPutsTheTokenLast(t *testing.T) {
	body := encodeTokenLast(url.Values{"token": {"abc+\\"}, "text": {"x"}, "action": {"edit"}})
	if body != "action=edit&text=x&token=abc%2B%5C" {
		t.Errorf("body = %q", body)
	}
}

func TestRequestsCarryUserAgentAndBearerToken(t *testing.T) {
	c, err := New("https://meta.wikimedia.org/w/api.php")
	if err != nil {
		t.Fatal(err)
	}
	c.BearerToken = "T0KEN"
	req, err := c.newRequest(context.Background(), false, url.Values{"action": {"query"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer T0KEN" {
		t.Errorf("Authorization = %q", got)
	}
	if got := req.Header.Get("User-Agent"); got != DefaultUserAgent {
		t.Errorf("User-Agent = %q", got)
	}
}

func TestAPIURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://meta.wikimedia.org":           "https://meta.wikimedia.org/w/api.php",
		"meta.wikimedia.org/":                  "https://meta.wikimedia.org/w/api.php",
		"http://127.0.0.1:55480/api.php":       "http://127.0.0.1:55480/api.php",
		"https://meta.wikimedia.org/w/api.php": "https://meta.wikimedia.org/w/api.php",
	} {
		if got := APIURL(in); got != want {
			t.Errorf("APIURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewRefusesNonHTTPURLs(t *testing.T) {
	for _, u := range []string{"", "ftp://x/api.php", "api.php", "http://"} {
		if _, err := New(u); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
}

// An answer that is not the API's names the URL asked and, for a 404, how
// to give --wiki; of an HTML page it shows the title, not the markup. It
// was "mediawiki: HTTP 404: <!doctype html><html><head><title>..." with no
// URL, when a wiki without Wikimedia's /w/ path was given by its address.
func TestHTTPErrorNamesTheURLAndTheAnswersTitle(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "<!doctype html><html><head><title>404 Not Found</title><style>body { color: #333 }</style></head><body><h1>Not Found</h1></body></html>")
	}))
	defer srv.Close()
	c, err := New(APIURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Page(context.Background(), "Twinning/Germany")
	var he *HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("error %v, want an HTTPError", err)
	}
	msg := err.Error()
	for _, want := range []string{srv.URL + "/w/api.php", "HTTP 404: 404 Not Found", "the URL of its api.php"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "<") {
		t.Errorf("error %q shows the page's markup", msg)
	}
}
