package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/wikicities/wikicities/demo"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/match"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

func init() {
	register(command{name: "serve", summary: "run the web server and API", run: runServe})
}

// Main is the running program: the store, the in-memory graph and the HTTP
// server. Tests boot it on 127.0.0.1:0.
type Main struct {
	Store storeFlags
	Addr  string
	// NoDemo skips loading the demo data into an empty store.
	NoDemo bool
	// Tiles is the map tile server ({z}/{x}/{y} URL template); "none"
	// keeps the maps offline, on the embedded country outlines.
	Tiles string

	DB    *store.DB
	Graph *twins.Graph
	// Matchmaking is the index of partner suggestions the server asks.
	Matchmaking *matchmaking.Index
	Server      *wchttp.Server
	Log         *slog.Logger
	// Setup hooks run after the store is open and before the server listens;
	// subsystems (accounts, jobs) register here.
	Setup []func(ctx context.Context, m *Main) error
	// Closers run at Close, in reverse order.
	closers []func()
}

// setupHooks run for every Main; files of subsystems append to it in init.
var setupHooks []func(ctx context.Context, m *Main) error

// serveFlagHooks add a subsystem's flags to serve; files of subsystems
// append to it in init (a hook may append to m.Setup to apply them).
var serveFlagHooks []func(fs *flag.FlagSet, m *Main)

// NewMain returns a Main with defaults.
func NewMain() *Main {
	return &Main{Addr: "127.0.0.1:8080", Tiles: wchttp.DefaultTileURL, Log: slog.Default(), Setup: append([]func(context.Context, *Main) error(nil), setupHooks...)}
}

// ParseFlags reads serve's flags.
func (m *Main) ParseFlags(args []string, rw IO) error {
	fs := newFlags("serve", rw)
	m.Store.register(fs)
	fs.StringVar(&m.Addr, "addr", m.Addr, "address to listen on")
	fs.BoolVar(&m.NoDemo, "no-demo", m.NoDemo, "do not load the demo data into an empty store")
	for _, h := range serveFlagHooks {
		h(fs, m)
	}
	fs.StringVar(&m.Tiles, "tiles", m.Tiles, `map tile server, a {z}/{x}/{y} URL template; "none" for offline maps (country outlines only)`)
	return parse(fs, args)
}

// Run opens the store, loads the graph and starts the server.
func (m *Main) Run(ctx context.Context) error {
	db, err := m.Store.open(ctx)
	if err != nil {
		return err
	}
	m.DB = db
	m.closers = append(m.closers, func() { db.Close() })
	if !m.NoDemo {
		loaded, err := demo.Load(ctx, db)
		if err != nil {
			return err
		}
		if loaded {
			m.Log.Info("loaded the demo data into the empty store (start with --no-demo to skip)")
		}
	}
	if err := m.loadGraph(ctx); err != nil {
		return err
	}
	svc := m.DB.Services()
	svc.Passwords = password.Default
	m.Matchmaking = matchmaking.New(m.DB, m.Graph, svc.Clock, match.DefaultWeights())
	m.Matchmaking.Observe(&svc)
	m.Server = wchttp.NewServer(svc, m.Graph)
	m.Server.Log = m.Log
	m.Server.TileURL = m.Tiles
	if m.Tiles == "none" {
		m.Server.TileURL = ""
	}
	for _, fn := range m.Setup {
		if err := fn(ctx, m); err != nil {
			return err
		}
	}
	if err := m.Server.Open(m.Addr); err != nil {
		return err
	}
	m.Log.Info("serving", "url", m.Server.URL(), "store", m.DB.Dialect())
	return nil
}

// loadGraph builds the in-memory twin-city graph from the store.
func (m *Main) loadGraph(ctx context.Context) error {
	g, err := loadGraph(ctx, m.DB)
	m.Graph = g
	return err
}

// Close shuts the server down gracefully and closes the store.
func (m *Main) Close() error {
	var err error
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = m.Server.Close(ctx)
		cancel()
	}
	for i := len(m.closers) - 1; i >= 0; i-- {
		m.closers[i]()
	}
	return err
}

func runServe(ctx context.Context, args []string, rw IO) error {
	m := NewMain()
	m.Log = slog.New(slog.NewTextHandler(rw.Stderr, nil))
	if err := m.ParseFlags(args, rw); err != nil {
		return err
	}
	if err := m.Run(ctx); err != nil {
		m.Close()
		return err
	}
	fmt.Fprintf(rw.Stdout, "WikiCities is running at %s (Ctrl-C to stop)\n", m.Server.URL())
	<-ctx.Done()
	m.Log.Info("shutting down")
	return m.Close()
}
