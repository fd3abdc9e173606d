package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// twinsResult is the --json output of twins.
type twinsResult struct {
	City  *wikicities.City   `json:"city"`
	Twins []*wikicities.City `json:"twins"`
}

// runTwins is `twins QID | NAME | "NAME, COUNTRY"`. An ambiguous name lists
// the candidates and exits with status 1.
func runTwins(ctx context.Context, args []string, rw IO) error {
	f := newFlags("twins", `QID | NAME | "NAME, COUNTRY"`, rw)
	asJSON := f.Bool("json", false, "print JSON")
	pos, err := f.parse(args, 0, -1)
	if err != nil {
		return err
	}
	query := strings.TrimSpace(strings.Join(pos, " "))
	if query == "" {
		f.Usage()
		return usageError{"want a city: a Wikidata id, a name, or \"name, country\""}
	}
	db, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	g, err := loadGraph(ctx, db)
	if err != nil {
		return err
	}
	c, err := resolve.Lookup(ctx, resolve.InGraph(g), query)
	var amb *wikicities.AmbiguousError
	switch {
	case errors.As(err, &amb):
		found := amb.Candidates
		if *asJSON {
			printJSON(rw.Stdout, amb)
		} else {
			fmt.Fprintf(rw.Stdout, "%q names %d cities; say which one:\n", query, len(found))
			for _, c := range found {
				fmt.Fprintf(rw.Stdout, "  %-40s %s\n", wikicities.LabelString(c.Name, c.Country), cityRef(c))
			}
		}
		return amb
	case err != nil:
		return err
	}
	ts := g.TwinCities(c.ID)
	if *asJSON {
		if ts == nil {
			ts = []*wikicities.City{}
		}
		return printJSON(rw.Stdout, twinsResult{City: c, Twins: ts})
	}
	fmt.Fprintf(rw.Stdout, "%s %s: %d twin town(s)\n", wikicities.LabelString(c.Name, c.Country), cityRef(c), len(ts))
	for _, t := range ts {
		fmt.Fprintf(rw.Stdout, "  %-40s %s\n", wikicities.LabelString(t.Name, t.Country), cityRef(t))
	}
	return nil
}

// cityRef renders a city's ids for people: "(Q2749, id 12)".
func cityRef(c *wikicities.City) string {
	if c.QID != "" {
		return fmt.Sprintf("(%s, id %d)", c.QID, c.ID)
	}
	return fmt.Sprintf("(id %d)", c.ID)
}

// loadGraph builds the in-memory twin-city graph from the store.
func loadGraph(ctx context.Context, db *store.DB) (*twins.Graph, error) {
	cs := db.Cities()
	cities, err := cs.AllCities(ctx)
	if err != nil {
		return nil, err
	}
	links, err := cs.AllTwinLinks(ctx)
	if err != nil {
		return nil, err
	}
	return twins.New(cities, links), nil
}
