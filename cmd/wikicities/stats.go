package main

import (
	"context"
	"fmt"
	"sort"

	"github.com/wikicities/wikicities"
)

// runStats is `stats`: counts of the twin-city graph.
func runStats(ctx context.Context, args []string, rw IO) error {
	f := newFlags("stats", "", rw)
	asJSON := f.Bool("json", false, "print JSON")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	db, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Cities().Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(rw.Stdout, st)
	}
	fmt.Fprintf(rw.Stdout, "cities:          %d (%d with a Wikidata item, %d without any twin)\n", st.Cities, st.WithQID, st.IsolatedNodes)
	fmt.Fprintf(rw.Stdout, "labels:          %d\n", st.Labels)
	fmt.Fprintf(rw.Stdout, "countries:       %d\n", st.Countries)
	fmt.Fprintf(rw.Stdout, "twin links:      %d\n", st.TwinLinks)
	srcs := make([]string, 0, len(st.BySource))
	for s := range st.BySource {
		srcs = append(srcs, string(s))
	}
	sort.Strings(srcs)
	for _, s := range srcs {
		fmt.Fprintf(rw.Stdout, "  from %-10s %d\n", s+":", st.BySource[wikicities.LinkSource(s)])
	}
	return nil
}
