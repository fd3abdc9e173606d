package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/demo"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/matchmaking"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/password"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

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
	// Accounts are the settings of accounts, sessions and limits.
	Accounts accountFlags
	// MetaAPI is the api.php that claims to coordinate a group are checked
	// on (Meta-Wiki); "none" checks none (an admin decides such claims).
	MetaAPI string
	// Affiliates schedules imports of the affiliate lists (off by default).
	Affiliates affiliateRefresh
	// LinkCheck schedules the training library's link check (off by default).
	LinkCheck linkCheckSchedule
	// RegionWikidata is the SPARQL endpoint the region pages ask for a
	// province's institutions on request; empty: they do not ask.
	RegionWikidata string
	// ChangeEvery is how often the server reads the store's change log to
	// see other processes' writes (changes.DefaultEvery when 0).
	ChangeEvery time.Duration

	DB    *store.DB
	Graph *twins.Graph
	// Matchmaking is the index of partner suggestions the server asks.
	Matchmaking *matchmaking.Index
	Server      *wchttp.Server
	Log         *slog.Logger
	// Setup runs after every part is set up and before the server listens;
	// tests seed the store here.
	Setup []func(ctx context.Context, m *Main) error
	// closers run at Close, in reverse order.
	closers []func()
}

// DefaultMetaAPI is Meta-Wiki's api.php, where claims are checked.
const DefaultMetaAPI = "https://meta.wikimedia.org/w/api.php"

// NewMain returns a Main with the defaults and the settings of the
// environment.
func NewMain() *Main {
	return &Main{Store: defaultStoreFlags(), Addr: "127.0.0.1:8080", Tiles: wchttp.DefaultTileURL,
		Accounts: defaultAccountFlags(), Log: slog.Default(), MetaAPI: envOrDefault("WIKICITIES_META_API", DefaultMetaAPI)}
}

// ParseFlags reads serve's flags over m's settings; rw.Global holds the
// global flags given before the command.
func (m *Main) ParseFlags(args []string, rw IO) error {
	rw.Global.store = m.Store
	f := newFlags("serve", "", rw)
	f.StringVar(&m.Addr, "addr", m.Addr, "address to listen on")
	f.BoolVar(&m.NoDemo, "no-demo", m.NoDemo, "do not load the demo data into an empty store")
	f.StringVar(&m.Tiles, "tiles", m.Tiles, `map tile server, a {z}/{x}/{y} URL template; "none" for offline maps (country outlines only)`)
	f.StringVar(&m.MetaAPI, "meta-api", m.MetaAPI, `api.php on which claims to coordinate a group are checked (env WIKICITIES_META_API); "none" for no check`)
	f.StringVar(&m.RegionWikidata, "region-wikidata", m.RegionWikidata, `SPARQL endpoint the region pages ask for a province's museums, libraries, archives and universities on request, e.g. `+sparql.DefaultEndpoint+` (needs network access; empty: never)`)
	m.Accounts.register(f.FlagSet)
	m.Affiliates.register(f.FlagSet)
	m.LinkCheck.register(f.FlagSet)
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	m.Store = f.store
	return nil
}

// Run sets every part up in order and starts the server: the match weights
// (a bad file stops it here), the store and its lock, the demo data, the
// twin graph, the matchmaking index over the store's services, the HTTP
// server with its accounts, the partnership jobs, the schedule of
// affiliates imports (--refresh-affiliates), then m.Setup, then the
// listener.
func (m *Main) Run(ctx context.Context) error {
	servePprof()
	weights, err := loadWeights("")
	if err != nil {
		return err
	}
	db, err := m.Store.open(ctx)
	if err != nil {
		return err
	}
	m.DB = db
	m.closers = append(m.closers, func() { db.Close() })
	if err := m.lockStore(); err != nil {
		return err
	}
	loaded := false
	if !m.NoDemo {
		if loaded, err = demo.Load(ctx, db); err != nil {
			return err
		}
		if loaded {
			m.Log.Info("loaded the demo data into the empty store (start with --no-demo to skip)")
		}
	}
	svc := m.DB.Services()
	svc.Passwords = password.Default
	// The demo's partnerships, accounts and city names are written before
	// the graph and the matchmaking index are built, so both start with them.
	if err := m.enlivenDemo(ctx, svc, loaded); err != nil {
		return err
	}
	if m.Graph, err = loadGraph(ctx, db); err != nil {
		return err
	}
	m.Matchmaking = matchmaking.New(m.DB, m.Graph, svc.Clock, weights)
	m.Matchmaking.Observe(&svc)
	m.Server = wchttp.NewServer(svc, m.Graph)
	m.Server.Log = m.Log
	m.Server.TileURL = m.Tiles
	if m.Tiles == "none" {
		m.Server.TileURL = ""
	}
	m.Accounts.apply(m.Server)
	if m.RegionWikidata != "" {
		m.Server.RegionInstitutions = regionInstitutions(m.RegionWikidata)
	}
	if m.MetaAPI != "" && m.MetaAPI != "none" {
		client, err := mediawiki.New(mediawiki.APIURL(m.MetaAPI))
		if err != nil {
			return fmt.Errorf("--meta-api %q: %w", m.MetaAPI, err)
		}
		m.Server.ClaimVerifier = mediawiki.ClaimVerifier{Client: client}
	}
	if err := m.startPartnershipJobs(ctx); err != nil {
		return err
	}
	if err := m.Affiliates.start(ctx, m); err != nil {
		return err
	}
	m.LinkCheck.start(ctx, m)
	if err := m.followChanges(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	for _, fn := range m.Setup {
		if err := fn(ctx, m); err != nil {
			return err
		}
	}
	if err := m.Server.Warm(ctx); err != nil {
		return err
	}
	if err := m.Server.Open(m.Addr); err != nil {
		return err
	}
	m.Log.Info("serving", "url", m.Server.URL(), "store", m.DB.Dialect())
	return nil
}

// lockStore holds the SQLite store's lock file while the server runs, so
// that restore refuses to replace the store underneath and a second server
// on it is refused.
func (m *Main) lockStore() error {
	if m.DB.Dialect() != store.SQLite {
		return nil
	}
	release, err := store.LockFile(store.LockPath(m.DB.DSN))
	if err != nil {
		return err
	}
	m.closers = append(m.closers, release)
	return nil
}

// Close shuts the server down gracefully, stops the jobs and closes the store.
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
	m.closers = nil
	return err
}

// runServe is `serve`: it runs until ctx ends (Ctrl-C), then shuts down.
func runServe(ctx context.Context, args []string, rw IO) error {
	m := NewMain()
	m.Store = rw.Global.store
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

// enlivenDemo adds the demo partnerships, requests and accounts right after
// the demo data was loaded, and on every start prints how to sign in to the
// demo account while it keeps its password.
func (m *Main) enlivenDemo(ctx context.Context, svc wikicities.Services, loaded bool) error {
	if loaded {
		if _, err := demo.Enliven(ctx, svc); err != nil {
			return err
		}
	}
	if m.NoDemo {
		return nil
	}
	pw, err := demo.DemoPassword(ctx, svc)
	if err != nil || pw == "" {
		return err
	}
	m.Log.Info("demo account (coordinates "+demo.DemoCommunity+"; demo data only)", "user", demo.DemoUser, "password", pw)
	return nil
}
