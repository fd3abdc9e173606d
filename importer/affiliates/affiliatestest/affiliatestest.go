// Package affiliatestest serves recorded answers of the MediaWiki API and
// of the Wikidata Query Service on loopback, for tests and benchmarks of
// the affiliates import.
package affiliatestest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// Answers are the recorded answers a Server gives: api.php's answer to
// action=query&prop=revisions for each page title, and the query
// service's answer to any query.
type Answers struct {
	mu     sync.Mutex
	Pages  map[string][]byte // title → the API's JSON answer
	SPARQL []byte            // application/sparql-results+json
}

// Set replaces the answer for a page or, with title "", the query's.
func (a *Answers) Set(title string, answer []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if title == "" {
		a.SPARQL = answer
		return
	}
	a.Pages[title] = answer
}

// Recorded reads the answers recorded in the affiliates package's
// testdata: Meta-Wiki's three lists and the affiliates query.
func Recorded(tb testing.TB) *Answers {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "testdata")
	a := &Answers{Pages: map[string][]byte{}}
	for title, f := range map[string]string{
		"Wikimedia chapters":               "chapters.api.json",
		"Wikimedia thematic organizations": "thematic.api.json",
		"Wikimedia user groups":            "user-groups.api.json",
	} {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			tb.Fatal(err)
		}
		a.Pages[title] = b
	}
	b, err := os.ReadFile(filepath.Join(dir, "wikidata-affiliates.json"))
	if err != nil {
		tb.Fatal(err)
	}
	a.SPARQL = b
	return a
}

// PageText returns the wikitext of a recorded page answer.
func PageText(tb testing.TB, answer []byte) string {
	tb.Helper()
	var r struct {
		Query struct {
			Pages []struct {
				Revisions []struct {
					Slots struct {
						Main struct {
							Content string `json:"content"`
						} `json:"main"`
					} `json:"slots"`
				} `json:"revisions"`
			} `json:"pages"`
		} `json:"query"`
	}
	if err := json.Unmarshal(answer, &r); err != nil || len(r.Query.Pages) != 1 || len(r.Query.Pages[0].Revisions) != 1 {
		tb.Fatalf("not a recorded revisions answer: %v", err)
	}
	return r.Query.Pages[0].Revisions[0].Slots.Main.Content
}

// Serve starts the two services on loopback and returns the URLs of
// api.php and of the SPARQL endpoint. A title without an answer gets the
// API's answer for a missing page.
func Serve(tb testing.TB, a *Answers) (api, sparql string) {
	tb.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/w/api.php", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		title := r.Form.Get("titles")
		a.mu.Lock()
		b, ok := a.Pages[title]
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if !ok {
			json.NewEncoder(w).Encode(map[string]any{"batchcomplete": true, "curtimestamp": "2026-12-01T09:00:00Z",
				"query": map[string]any{"pages": []any{map[string]any{"ns": 0, "title": title, "missing": true}}}})
			return
		}
		w.Write(b)
	})
	mux.HandleFunc("/sparql", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		b := a.SPARQL
		a.mu.Unlock()
		w.Header().Set("Content-Type", "application/sparql-results+json;charset=utf-8")
		w.Write(b)
	})
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv.URL + "/w/api.php", srv.URL + "/sparql"
}
