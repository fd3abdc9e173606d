package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/wikicities/wikicities/importer/sparql"
)

// runSyncWikidata is `sync wikidata [--endpoint URL] [--print-query]`: it
// runs the P190 twin-town query and imports its results.
func runSyncWikidata(ctx context.Context, args []string, rw IO) error {
	f := newFlags("sync wikidata", "", rw)
	var imp importFlags
	imp.register(f.FlagSet)
	wd := registerSPARQL(f)
	printQuery := f.Bool("print-query", false, "print the SPARQL query and exit")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if *printQuery {
		fmt.Fprintln(rw.Stdout, sparql.Query)
		return nil
	}
	bar := newProgress(rw.Stderr, "downloading")
	c := wd.client()
	c.Progress = bar.Set
	b, err := c.Fetch(ctx, sparql.Query, imp.strict)
	bar.Done()
	if err != nil {
		return err
	}
	return imp.run(ctx, f.store, b, rw)
}

// sparqlFlags are the flags of the commands that query Wikidata's SPARQL
// endpoint: where, how often to try, and for how long.
type sparqlFlags struct {
	endpoint string
	attempts int
	timeout  time.Duration
}

func registerSPARQL(f *actionFlags) *sparqlFlags {
	wd := &sparqlFlags{}
	f.StringVar(&wd.endpoint, "endpoint", sparql.DefaultEndpoint, "SPARQL endpoint to query")
	f.IntVar(&wd.attempts, "attempts", 5, "tries of each query before giving up on 429, 5xx and network errors")
	f.DurationVar(&wd.timeout, "timeout", 5*time.Minute, "time limit of each try")
	return wd
}

// client returns the SPARQL client the flags describe.
func (wd *sparqlFlags) client() *sparql.Client {
	return &sparql.Client{Endpoint: wd.endpoint, MaxAttempts: wd.attempts, HTTP: newHTTPClient(wd.timeout)}
}

// newHTTPClient returns a client for talking to Wikimedia services: whole
// requests limited to timeout, and bounded connection set-up.
func newHTTPClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   15 * time.Second,
			ResponseHeaderTimeout: timeout,
			MaxIdleConns:          4,
			IdleConnTimeout:       90 * time.Second,
		},
	}
}
