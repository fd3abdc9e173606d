package sparql_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wikicities/wikicities/importer/sparql"
)

// endpoint is a SPARQL endpoint on loopback that answers each request with
// the next of replies and records what it was asked.
type endpoint struct {
	mu       sync.Mutex
	replies  []func(w http.ResponseWriter)
	requests []*http.Request
	forms    []string
	at       []time.Time
}

func (e *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	e.mu.Lock()
	n := len(e.requests)
	e.requests = append(e.requests, r)
	e.forms = append(e.forms, r.PostForm.Get("query"))
	e.at = append(e.at, time.Now())
	reply := e.replies[min(n, len(e.replies)-1)]
	e.mu.Unlock()
	reply(w)
}

func status(code int, retryAfter string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		http.Error(w, http.StatusText(code), code)
	}
}

func results(t *testing.T) func(w http.ResponseWriter) {
	body, err := os.ReadFile("testdata/p190.json")
	if err != nil {
		t.Fatal(err)
	}
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", sparql.MediaType+"; charset=utf-8")
		w.Write(body)
	}
}

func serve(t *testing.T, replies ...func(w http.ResponseWriter)) (*endpoint, *sparql.Client) {
	t.Helper()
	e := &endpoint{replies: replies}
	srv := httptest.NewServer(e) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return e, &sparql.Client{Endpoint: srv.URL, Backoff: 10 * time.Millisecond, MaxAttempts: 3}
}

func TestFetchSendsQueryAndIdentifiesItself(t *testing.T) {
	e, c := serve(t, results(t))
	b, err := c.Fetch(context.Background(), sparql.Query, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Pairs) != 6 {
		t.Errorf("pairs %d", len(b.Pairs))
	}
	r := e.requests[0]
	if r.Method != http.MethodPost || e.forms[0] != sparql.Query {
		t.Errorf("request %s with query %q", r.Method, e.forms[0])
	}
	if !strings.HasPrefix(r.Header.Get("Accept"), sparql.MediaType) {
		t.Errorf("Accept %q", r.Header.Get("Accept"))
	}
	// Wikimedia's policy: name/version (contact) library/version.
	ua := r.Header.Get("User-Agent")
	if !strings.HasPrefix(ua, "WikiCities/") || !strings.Contains(ua, "(https://") || !strings.Contains(ua, ") Go-http-client/") {
		t.Errorf("User-Agent %q does not follow the Wikimedia policy", ua)
	}
}

func TestFetchHonoursRetryAfterThenSucceeds(t *testing.T) {
	e, c := serve(t, status(http.StatusTooManyRequests, "1"), results(t))
	b, err := c.Fetch(context.Background(), sparql.Query, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Pairs) != 6 || len(e.requests) != 2 {
		t.Fatalf("pairs %d after %d requests", len(b.Pairs), len(e.requests))
	}
	if gap := e.at[1].Sub(e.at[0]); gap < time.Second {
		t.Errorf("retried after %v, but the server said Retry-After: 1", gap)
	}
}

func TestFetchRetriesOn503WithBackoff(t *testing.T) {
	e, c := serve(t, status(http.StatusServiceUnavailable, ""), status(http.StatusServiceUnavailable, ""), results(t))
	if _, err := c.Fetch(context.Background(), sparql.Query, false); err != nil {
		t.Fatal(err)
	}
	if len(e.requests) != 3 {
		t.Fatalf("%d requests, want 3", len(e.requests))
	}
	if g1, g2 := e.at[1].Sub(e.at[0]), e.at[2].Sub(e.at[1]); g1 < 10*time.Millisecond || g2 < 20*time.Millisecond {
		t.Errorf("waits %v then %v, want at least 10ms then 20ms (doubling)", g1, g2)
	}
}

func TestFetchGivesUpAfterMaxAttempts(t *testing.T) {
	e, c := serve(t, status(http.StatusServiceUnavailable, "0"))
	_, err := c.Fetch(context.Background(), sparql.Query, false)
	var se *sparql.StatusError
	if !errors.As(err, &se) || se.Code != 503 || !strings.Contains(err.Error(), "giving up after 3 attempts") {
		t.Fatalf("err %v", err)
	}
	if len(e.requests) != 3 {
		t.Errorf("%d requests, want 3", len(e.requests))
	}
}

// The query service's timeout page is HTML: the error shows its title,
// not its markup.
func TestFetchErrorShowsTheTitleOfAnHTMLAnswer(t *testing.T) {
	_, c := serve(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "<!DOCTYPE html><html><head><title>Query timeout limit reached</title></head><body><pre>java.util.concurrent.TimeoutException</pre></body></html>")
	})
	_, err := c.Fetch(context.Background(), sparql.Query, false)
	var se *sparql.StatusError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "status 400: Query timeout limit reached") || strings.Contains(err.Error(), "<") {
		t.Errorf("err %v", err)
	}
}

func TestFetchDoesNotRetryWhatCannotSucceed(t *testing.T) {
	tests := []struct {
		name  string
		reply func(w http.ResponseWriter)
		want  error
	}{
		{"bad request", status(http.StatusBadRequest, ""), nil},
		{"not SPARQL JSON", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html>maintenance</html>"))
		}, sparql.ErrMalformed},
		{"no results", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", sparql.MediaType)
			w.Write([]byte(`{"head":{"vars":["city","cityLabel","twin","twinLabel"]},"results":{"bindings":[]}}`))
		}, sparql.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, c := serve(t, tt.reply)
			_, err := c.Fetch(context.Background(), sparql.Query, false)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err %v, want %v", err, tt.want)
			}
			if len(e.requests) != 1 {
				t.Errorf("%d requests, want 1", len(e.requests))
			}
		})
	}
}

func TestFetchRetriesATruncatedResponse(t *testing.T) {
	e, c := serve(t, func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", sparql.MediaType)
		w.Write([]byte(`{"head":{"vars":["city"]},"results":{"bindings":[{"city":`))
	}, results(t))
	if _, err := c.Fetch(context.Background(), sparql.Query, false); err != nil {
		t.Fatal(err)
	}
	if len(e.requests) != 2 {
		t.Errorf("%d requests, want 2", len(e.requests))
	}
}

func TestFetchStopsWhenCancelled(t *testing.T) {
	_, c := serve(t, status(http.StatusTooManyRequests, "60"))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Fetch(ctx, sparql.Query, false)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("waited out Retry-After despite the cancelled context")
	}
}

func TestFetchRefusesAnOversizedResponse(t *testing.T) {
	e, c := serve(t, results(t))
	c.MaxBytes = 100
	_, err := c.Fetch(context.Background(), sparql.Query, false)
	if !errors.Is(err, sparql.ErrTooLarge) || len(e.requests) != 1 {
		t.Fatalf("err %v after %d requests", err, len(e.requests))
	}
}
