package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// openThroughProxy opens a fresh, migrated PostgreSQL store whose
// connections go through a proxy the test can cut.
func openThroughProxy(t *testing.T) (*store.DB, *storetest.Proxy) {
	t.Helper()
	dsn := storetest.MustDSN(t, store.Postgres)
	p := storetest.MustProxy(t, storetest.Target(t, dsn))
	db, err := store.Open(context.Background(), p.DSN(t, dsn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db, p
}

func getURL(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// While the database cannot be reached, the API answers 503 with
// Retry-After and the JSON error, pages a translated 503 page, and the
// readiness check says "unavailable" without the database's address, user
// or name; all recover by themselves when it is back.
func TestDatabaseOutageIs503(t *testing.T) {
	db, proxy := openThroughProxy(t)
	s := newSite(t, db)
	party := storetest.MustParty(t, db, "community")
	paths := []string{"/api/v1/communities", fmt.Sprintf("/api/v1/communities/%d", party.ID), fmt.Sprintf("/communities/%d", party.ID), "/healthz"}
	for _, p := range paths {
		if resp, body := getURL(t, s.URL+p); resp.StatusCode != 200 {
			t.Fatalf("before the outage: %s %d %.300s", p, resp.StatusCode, body)
		}
	}
	proxy.Cut()
	for _, p := range paths {
		u := s.URL + p
		if !strings.HasPrefix(p, "/api/") {
			u += "?uselang=de" // the translated page; the API takes no uselang (an unknown query parameter is a 400)
		}
		resp, body := getURL(t, u)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("during the outage: %s %d Retry-After %q %.300s", p, resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		for _, secret := range []string{"postgres", "55432", proxy.Addr(), "wikicities_test", "127.0.0.1"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows %q: %.300s", p, secret, body)
			}
		}
		switch {
		case strings.HasPrefix(p, "/api/"):
			var e struct{ Error string }
			if json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
				t.Errorf("%s: not the JSON error: %.300s", p, body)
			}
		case p == "/healthz":
			if !strings.Contains(body, `"unavailable"`) {
				t.Errorf("healthz: %s", body)
			}
		default:
			if !strings.Contains(body, "Vorübergehend nicht erreichbar") {
				t.Errorf("%s: no translated outage page: %.300s", p, body)
			}
		}
	}
	proxy.Restore(t)
	deadline := time.Now().Add(10 * time.Second)
	for _, p := range paths {
		for {
			resp, body := getURL(t, s.URL+p)
			if resp.StatusCode == 200 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("after the outage: %s still %d %.300s", p, resp.StatusCode, body)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// A read that meets a dropped connection is tried again (bounded), so a
// short interruption is not seen by the reader at all.
func TestReadsRideOutAShortInterruption(t *testing.T) {
	db, proxy := openThroughProxy(t)
	s := newSite(t, db)
	proxy.Cut()
	done := make(chan int, 1)
	go func() {
		resp, err := http.Get(s.URL + "/api/v1/communities")
		if err != nil {
			done <- 0
			return
		}
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	time.Sleep(150 * time.Millisecond)
	proxy.Restore(t)
	if code := <-done; code != 200 {
		t.Errorf("a list read during a 150 ms interruption: %d, want 200", code)
	}
}
