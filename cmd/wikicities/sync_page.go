package main

import (
	"context"
	"fmt"

	"github.com/wikicities/wikicities"
)

// runSyncPage is `wikicities sync page --wiki URL --page TITLE [--apply]`:
// it reads the page and shows the cities and twin links WikiCities lacks;
// with --apply it imports them. Pushing the other way is `wikicities
// publish`.
func runSyncPage(ctx context.Context, args []string, rw IO) error {
	f := newFlags("sync page", "", rw)
	var wf wikiFlags
	wf.register(f.FlagSet)
	apply := f.Bool("apply", false, "import what the page has and WikiCities lacks (default: only show it)")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	c, err := wf.client(ctx, false)
	if err != nil {
		return err
	}
	rev, err := c.Page(ctx, wf.page)
	if err != nil {
		return err
	}
	if rev.Missing {
		return fmt.Errorf("page %q does not exist on %s: %w", wf.page, c.API, wikicities.ErrNotFound)
	}
	rep, err := importTwinningText(ctx, f.store, rev.Text, wf.source(c, rev), twinningImport{DryRun: !*apply})
	if rep != nil {
		rep.WriteText(rw.Stdout, false)
		if !*apply && (rep.CitiesAdded > 0 || rep.LinksAdded > 0) {
			fmt.Fprintln(rw.Stdout, "run again with --apply to import these changes")
		}
	}
	return err
}
