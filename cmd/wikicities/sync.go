package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/wikicities/wikicities/importer/sparql"
)

func init() {
	register(command{name: "sync", summary: "import twin towns from Wikidata: sync wikidata [--endpoint URL]", run: runSync})
}

func runSync(ctx context.Context, args []string, rw IO) error {
	var f importFlags
	fs := f.register(rw, "sync")
	endpoint := fs.String("endpoint", sparql.DefaultEndpoint, "SPARQL endpoint to query")
	attempts := fs.Int("attempts", 5, "tries before giving up on 429, 5xx and network errors")
	timeout := fs.Duration("timeout", 5*time.Minute, "time limit of each try")
	printQuery := fs.Bool("print-query", false, "print the SPARQL query and exit")
	fs.Usage = func() {
		fmt.Fprintln(rw.Stderr, "Usage: wikicities sync wikidata [flags]\n\nRuns the P190 twin-town query (see --print-query) and imports its results.\n\nFlags:")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *printQuery {
		fmt.Fprintln(rw.Stdout, sparql.Query)
		return nil
	}
	if len(pos) != 1 || pos[0] != "wikidata" {
		fs.Usage()
		return usageError{"want: sync wikidata"}
	}
	bar := newProgress(rw.Stderr, "downloading")
	c := &sparql.Client{
		Endpoint:    *endpoint,
		MaxAttempts: *attempts,
		HTTP:        newHTTPClient(*timeout),
		Progress:    bar.Set,
	}
	b, err := c.Fetch(ctx, sparql.Query, f.strict)
	bar.Done()
	if err != nil {
		return err
	}
	return f.run(ctx, b, rw)
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
