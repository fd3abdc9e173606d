package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// runMainOn boots the program over the store at dsn (a PostgreSQL URL or a
// SQLite data directory) and closes it when the test ends.
func runMainOn(tb testing.TB, d store.Dialect, dsn string, setup ...func(context.Context, *Main) error) *Main {
	tb.Helper()
	m := NewMain()
	m.Setup = setup
	m.Addr, m.NoDemo, m.ChangeEvery = "127.0.0.1:0", true, 100*time.Millisecond
	if d == store.Postgres {
		m.Store.databaseURL = dsn
	} else {
		m.Store.dataDir = dsn
	}
	if err := m.Run(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { m.Close() })
	return m
}

// runMainOnArgs boots the program over the store that sargs (from
// metaStoreArgs) select and closes it when the test ends.
func runMainOnArgs(tb testing.TB, sargs []string) *Main {
	tb.Helper()
	if sargs[0] == "--database-url" {
		return runMainOn(tb, store.Postgres, sargs[1])
	}
	return runMainOn(tb, store.SQLite, sargs[1])
}

// addCities writes cities through db (as the CLI or an importer would) and
// returns their ids.
func addCities(tb testing.TB, db *store.DB, names ...string) []int64 {
	tb.Helper()
	var ids []int64
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, n := range names {
			c := &wikicities.City{Name: n, Country: "Testland"}
			if err := tx.CreateCity(context.Background(), c); err != nil {
				return err
			}
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}

// twinsOf asks a server for the twins of city id.
func twinsOf(tb testing.TB, m *Main, id int64) ([]int64, int) {
	tb.Helper()
	resp, err := http.Get(fmt.Sprintf("%s/api/v1/cities/%d/twins", m.Server.URL(), id))
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Twins []struct{ ID int64 } `json:"twins"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	var out []int64
	for _, t := range body.Twins {
		out = append(out, t.ID)
	}
	return out, resp.StatusCode
}

// within fails unless ok becomes true within d, polling; it returns how
// long it took.
func within(tb testing.TB, d time.Duration, what string, ok func() bool) time.Duration {
	tb.Helper()
	start := time.Now()
	for !ok() {
		if time.Since(start) > d {
			tb.Fatalf("%s: not seen within %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// Two server instances over one PostgreSQL database: a twin link written
// through one is served by the other within a second (graph, health
// counts), as are cities written by another process (the CLI), and an
// instance that lost its database connection re-syncs once it is back.
func TestInstancesOverOnePostgreSQLStayCoherent(t *testing.T) {
	dsn := storetest.MustDSN(t, store.Postgres)
	a := runMainOn(t, store.Postgres, dsn)
	proxy := storetest.MustProxy(t, storetest.Target(t, dsn))
	b := runMainOn(t, store.Postgres, proxy.DSN(t, dsn))

	cli, err := store.Open(context.Background(), dsn) // another process, as the CLI
	if err != nil {
		t.Fatal(err)
	}
	defer cli.Close()
	ids := addCities(t, cli, "Alphaville", "Betatown", "Gammaburg")
	u, err := cli.Accounts().CreateUser(context.Background(), &wikicities.User{Username: "writer", Role: wikicities.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := cli.Accounts().CreateToken(context.Background(), u.ID, "test", wikicities.ScopeWrite, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	link := func(m *Main, x, y int64) time.Time {
		t.Helper()
		body, _ := json.Marshal(map[string]int64{"a": x, "b": y})
		req, _ := http.NewRequest("POST", m.Server.URL()+"/api/v1/twin-links", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 201 && resp.StatusCode != 200 {
			t.Fatalf("twin link on %s: %d", m.Server.URL(), resp.StatusCode)
		}
		return time.Now()
	}
	// The cities came from outside both servers: both load them.
	within(t, time.Second, "cities written by another process, on B", func() bool { _, code := twinsOf(t, b, ids[0]); return code == 200 })
	within(t, time.Second, "cities written by another process, on A", func() bool { _, code := twinsOf(t, a, ids[0]); return code == 200 })

	link(a, ids[0], ids[1])
	took := within(t, time.Second, "a twin link written on A, read on B", func() bool {
		tw, _ := twinsOf(t, b, ids[0])
		return slices.Contains(tw, ids[1])
	})
	t.Logf("B served A's twin link %v after its acknowledgement", took)
	within(t, time.Second, "the twin link count of B's /healthz", func() bool {
		resp, err := http.Get(b.Server.URL() + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var h struct {
			TwinLinks int `json:"twin_links"`
		}
		json.NewDecoder(resp.Body).Decode(&h)
		return h.TwinLinks == 1
	})

	// B loses its database; A writes meanwhile; B catches up once it is back.
	proxy.Cut()
	link(a, ids[1], ids[2])
	time.Sleep(300 * time.Millisecond)
	proxy.Restore(t)
	within(t, 2*time.Second, "a write made while B was cut off, after B is back", func() bool {
		tw, _ := twinsOf(t, b, ids[2])
		return slices.Contains(tw, ids[1])
	})
	// And the other way round.
	link(b, ids[0], ids[2])
	within(t, time.Second, "a twin link written on B, read on A", func() bool {
		tw, _ := twinsOf(t, a, ids[2])
		return slices.Contains(tw, ids[0])
	})
}

// On SQLite, a write made by the CLI (another process on the same file)
// reaches the running server within a second, not at its next restart.
func TestCLIWriteReachesTheRunningServer(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			dsn := t.TempDir()
			if d == store.Postgres {
				dsn = storetest.MustDSN(t, d)
			}
			m := runMainOn(t, d, dsn)
			cliDSN := dsn
			if d == store.SQLite {
				cliDSN = m.DB.DSN
			}
			cli, err := store.Open(context.Background(), cliDSN)
			if err != nil {
				t.Fatal(err)
			}
			defer cli.Close()
			ids := addCities(t, cli, "Deltaford", "Epsilonia")
			err = cli.Update(context.Background(), func(tx *store.Tx) error {
				_, err := tx.AddTwinLink(context.Background(), &wikicities.TwinLink{A: ids[0], B: ids[1], Source: wikicities.SourceCSV})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			within(t, time.Second, "a twin link written by the CLI", func() bool {
				tw, _ := twinsOf(t, m, ids[0])
				return slices.Contains(tw, ids[1])
			})
		})
	}
}
