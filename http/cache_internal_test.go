package http

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
)

// cacheOver returns a server whose only handler is h, cached, at /x, and a
// function that GETs a path of it.
func cacheOver(h http.HandlerFunc) (*Server, func(path string, headers ...string) *httptest.ResponseRecorder) {
	s := &Server{}
	c := s.cached(h)
	return s, func(path string, headers ...string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		for _, hd := range headers {
			k, v, _ := strings.Cut(hd, ": ")
			r.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		c(w, r)
		return w
	}
}

func TestCacheRendersOnceForConcurrentReaders(t *testing.T) {
	var renders atomic.Int32
	_, get := cacheOver(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		time.Sleep(20 * time.Millisecond)
		fmt.Fprint(w, "answer")
	})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if b := get("/x").Body.String(); b != "answer" {
				t.Errorf("body %q", b)
			}
		})
	}
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for 20 concurrent readers of a cold page, want 1", n)
	}
}

func TestCacheReleasesWaitersWhenTheRenderPanics(t *testing.T) {
	var calls atomic.Int32
	_, get := cacheOver(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			time.Sleep(20 * time.Millisecond)
			panic("render failed")
		}
		fmt.Fprint(w, "second try")
	})
	go func() {
		defer func() { recover() }()
		get("/x")
	}()
	time.Sleep(5 * time.Millisecond)
	done := make(chan string)
	go func() { done <- get("/x").Body.String() }()
	select {
	case b := <-done:
		if b != "second try" {
			t.Errorf("waiter got %q", b)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a reader waits forever for a render that panicked")
	}
}

func TestCacheKeepsOnlySharableAnswers(t *testing.T) {
	cases := []struct {
		name string
		h    http.HandlerFunc
	}{
		{"not found", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }},
		{"sets a cookie", func(w http.ResponseWriter, r *http.Request) {
			http.SetCookie(w, &http.Cookie{Name: "c", Value: "v"})
			fmt.Fprint(w, "x")
		}},
		{"private", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "private")
			fmt.Fprint(w, "x")
		}},
		{"no-store", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprint(w, "x")
		}},
	}
	for _, c := range cases {
		var renders atomic.Int32
		_, get := cacheOver(func(w http.ResponseWriter, r *http.Request) { renders.Add(1); c.h(w, r) })
		first, second := get("/x"), get("/x")
		if renders.Load() != 2 || first.Header().Get("ETag") != "" {
			t.Errorf("%s: %d renders for two reads, ETag %q; want 2 and none", c.name, renders.Load(), first.Header().Get("ETag"))
		}
		if first.Code != second.Code || first.Body.String() != second.Body.String() {
			t.Errorf("%s: answers differ", c.name)
		}
	}
}

func TestCacheKeepsAHandlersOwnETag(t *testing.T) {
	var renders atomic.Int32
	body := strings.Repeat(`{"version": 7}`, 200)
	_, get := cacheOver(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		w.Header().Set("ETag", `"7"`)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	})
	get("/x")
	w := get("/x", "Accept-Encoding: gzip")
	if w.Header().Get("ETag") != `"7"` || w.Header().Get("Content-Encoding") != "" || w.Body.String() != body ||
		w.Header().Get("Content-Length") != fmt.Sprint(len(body)) {
		t.Errorf("ETag %q, Content-Encoding %q, Content-Length %q: want the record's version, the body uncompressed",
			w.Header().Get("ETag"), w.Header().Get("Content-Encoding"), w.Header().Get("Content-Length"))
	}
	if w := get("/x", `If-None-Match: "7"`); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-None-Match of the version: %d with %d bytes, want 304 and none", w.Code, w.Body.Len())
	}
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for three reads, want 1: the later ones come from the cache", n)
	}
}

func TestCacheStaysWithinItsBytes(t *testing.T) {
	s, get := cacheOver(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Repeat("x", 900))
	})
	s.CacheBytes = 10 << 10
	for i := range 100 {
		get(fmt.Sprintf("/x?page=%d", i))
	}
	s.cache.mu.Lock()
	defer s.cache.mu.Unlock()
	if s.cache.size > s.CacheBytes || len(s.cache.entries) == 0 || len(s.cache.entries) > 10 {
		t.Errorf("%d entries, %d bytes; want some, at most %d bytes", len(s.cache.entries), s.cache.size, s.CacheBytes)
	}
}

// BenchmarkCacheHit serves a cached JSON answer, plain and gzip.
func BenchmarkCacheHit(b *testing.B) {
	s := &Server{}
	body := strings.Repeat(`{"name": "Augsburg", "country": "Germany"}`, 100)
	c := s.cached(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprint(w, body)
	})
	for _, enc := range []string{"identity", "gzip"} {
		b.Run(enc, func(b *testing.B) {
			r := httptest.NewRequest("GET", "/api/v1/cities?q=aug", nil)
			r.Header.Set("Accept-Encoding", enc)
			c(httptest.NewRecorder(), r)
			b.ReportAllocs()
			for b.Loop() {
				w := discardWriter{header: http.Header{}}
				c(w, r)
			}
		})
	}
}

// discardWriter is a ResponseWriter that keeps only the header.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// The front answers anonymous GETs from the cache without routing them;
// signed-in readers, other methods and misses go the whole way.
func TestCacheFrontAnswersOnlyAnonymousGETsOfCachedAnswers(t *testing.T) {
	s := &Server{}
	var below atomic.Int32 // requests that reached the route under the front
	inner := s.cached(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "the page of ", r.URL.Path) })
	h := s.cacheFront(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		below.Add(1)
		inner(w, r)
	}))
	step := func(what string, wantBelow int32, r *http.Request) {
		t.Helper()
		before := below.Load()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if b := w.Body.String(); b != "the page of /x" {
			t.Errorf("%s: body %q", what, b)
		}
		if got := below.Load() - before; got != wantBelow {
			t.Errorf("%s: %d requests went below the front, want %d", what, got, wantBelow)
		}
	}
	req := func(method string, headers ...string) *http.Request {
		r := httptest.NewRequest(method, "/x", nil)
		for _, hd := range headers {
			k, v, _ := strings.Cut(hd, ": ")
			r.Header.Set(k, v)
		}
		return r
	}
	step("a cold page", 1, req("GET"))
	step("the same page again", 0, req("GET"))
	step("another language", 1, req("GET", "Accept-Language: de"))
	signed := req("GET")
	signed = signed.WithContext(wikicities.NewContext(signed.Context(), &wikicities.Actor{UserID: 7, Username: "Anna"}))
	step("a signed-in reader", 1, signed)
	step("a HEAD", 1, req("HEAD"))
	s.Invalidate()
	step("after a change", 1, req("GET"))
	step("after the change, again", 0, req("GET"))
}
