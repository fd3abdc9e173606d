package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// MustRunMain boots the whole program on 127.0.0.1:0 over a fresh store of
// dialect d and closes it when the test ends.
func MustRunMain(tb testing.TB, d store.Dialect, demo bool) *Main {
	tb.Helper()
	m := NewMain()
	m.Addr = "127.0.0.1:0"
	m.NoDemo = !demo
	if d == store.Postgres {
		m.Store.databaseURL = storetest.MustDSN(tb, d)
	} else {
		m.Store.dataDir = tb.TempDir()
	}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

func TestServeHealthz(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			m := MustRunMain(t, d, false)
			resp, err := http.Get(m.Server.URL() + "/healthz")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != 200 || body["status"] != "ok" {
				t.Fatalf("healthz: %d %v", resp.StatusCode, body)
			}
		})
	}
}
