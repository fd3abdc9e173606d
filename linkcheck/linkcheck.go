// Package linkcheck checks the links of the Knowledge Park library, politely:
// one request at a time, at most a given rate, HEAD first (GET when a
// server refuses HEAD), and marks resources whose link is gone as outdated.
package linkcheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/time/rate"

	"github.com/wikicities/wikicities"
)

// UserAgent identifies the checker to the sites it visits.
const UserAgent = "WikiCities-linkcheck/1 (+https://meta.wikimedia.org/wiki/WikiCities)"

// Checker checks links.
type Checker struct {
	Client  *http.Client  // nil: a client with a 20s timeout
	Limiter *rate.Limiter // nil: one request a second
	Now     func() time.Time
}

// Status is the verdict on one link.
type Status int

// Verdicts: a link answers, is gone (404, 410, no such host), or the
// check says nothing (a server error, a timeout): unknown links keep their
// previous state.
const (
	Unknown Status = iota
	Alive
	Gone
)

// Check returns the status of link.
func (c *Checker) Check(ctx context.Context, link string) (Status, error) {
	client := c.Client
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	st, code, err := c.do(ctx, client, http.MethodHead, link)
	if err == nil && (code == http.StatusMethodNotAllowed || code == http.StatusNotImplemented || code == http.StatusForbidden) {
		st, _, err = c.do(ctx, client, http.MethodGet, link)
	}
	return st, err
}

func (c *Checker) do(ctx context.Context, client *http.Client, method, link string) (Status, int, error) {
	if c.Limiter != nil {
		if err := c.Limiter.Wait(ctx); err != nil {
			return Unknown, 0, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, link, nil)
	if err != nil {
		return Gone, 0, fmt.Errorf("linkcheck: %s: %w", link, err)
	}
	req.Header.Set("User-Agent", UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		if isNoSuchHost(err) {
			return Gone, 0, nil
		}
		return Unknown, 0, fmt.Errorf("linkcheck: %s: %w", link, err)
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode < 400:
		return Alive, resp.StatusCode, nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return Gone, resp.StatusCode, nil
	}
	return Unknown, resp.StatusCode, nil
}

// Report counts what a run found.
type Report struct {
	Checked, Alive, Gone, Unknown int
}

// Run checks every resource of lib and records each verdict (as the system
// actor). Unknown verdicts are not recorded. It stops at ctx's end.
func (c *Checker) Run(ctx context.Context, lib wikicities.TrainingService) (Report, error) {
	var r Report
	if c.Limiter == nil {
		c.Limiter = rate.NewLimiter(rate.Every(time.Second), 1)
	}
	now := c.Now
	if now == nil {
		now = time.Now
	}
	sys := wikicities.NewContext(ctx, wikicities.System)
	rs, err := lib.Resources(sys, wikicities.ResourceFilter{})
	if err != nil {
		return r, err
	}
	for _, res := range rs {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		st, _ := c.Check(ctx, res.Link)
		r.Checked++
		switch st {
		case Alive:
			r.Alive++
		case Gone:
			r.Gone++
		default:
			r.Unknown++
			continue
		}
		if err := lib.SetLinkStatus(sys, res.ID, st == Gone, now()); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Every runs c.Run every interval until ctx ends, reporting each run to
// done (which may be nil): the scheduled job of the server.
func (c *Checker) Every(ctx context.Context, interval time.Duration, lib wikicities.TrainingService, done func(Report, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r, err := c.Run(ctx, lib)
			if done != nil {
				done(r, err)
			}
		}
	}
}
