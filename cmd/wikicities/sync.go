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
	endpoint := f.String("endpoint", sparql.DefaultEndpoint, "SPARQL endpoint to query")
	attempts := f.Int("attempts", 5, "tries before giving up on 429, 5xx and network errors")
	timeout := f.Duration("timeout", 5*time.Minute, "time limit of each try")
	printQuery := f.Bool("print-query", false, "print the SPARQL query and exit")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if *printQuery {
		fmt.Fprintln(rw.Stdout, sparql.Query)
		return nil
	}
	bar := newProgress(rw.Stderr, "downloading")
	c := &sparql.Client{
		Endpoint:    *endpoint,
		MaxAttempts: *attempts,
		HTTP:        newHTTPClient(*timeout),
		Progress:    bar.Set,
	}
	b, err := c.Fetch(ctx, sparql.Query, imp.strict)
	bar.Done()
	if err != nil {
		return err
	}
	return imp.run(ctx, f.store, b, rw)
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
