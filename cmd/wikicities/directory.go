package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// The directory's commands (community, institution, skill, suggest,
// recruit, export) act as the program itself: whoever runs them has the
// store in hand anyway.

// directoryEnv is an open store and the twin graph built from it.
type directoryEnv struct {
	db    *store.DB
	graph *twins.Graph
	ctx   context.Context
}

func openDirectory(ctx context.Context, sf storeFlags, withGraph bool) (*directoryEnv, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, err
	}
	env := &directoryEnv{db: db, ctx: wikicities.NewContext(ctx, wikicities.System)}
	if withGraph {
		if env.graph, err = loadGraph(ctx, db); err != nil {
			db.Close()
			return nil, err
		}
	}
	return env, nil
}

func (e *directoryEnv) Close() { e.db.Close() }

// openDirectoryNoArgs parses the flags of a command that takes no
// arguments and opens the directory (with the twin graph when withGraph).
func openDirectoryNoArgs(ctx context.Context, f *actionFlags, args []string, withGraph bool) (*directoryEnv, error) {
	if _, err := f.parse(args, 0, 0); err != nil {
		return nil, err
	}
	return openDirectory(ctx, f.store, withGraph)
}

// city resolves a city given by id, QID, name or "name, country"
// (store.Cities.LookupCity) as the flag named flagName. Errors name the
// flag; an ambiguous name is an error naming the candidates and saying how
// to choose, and matches ErrAmbiguous.
func (e *directoryEnv) city(flagName, q string) (*wikicities.City, error) {
	c, err := e.db.Cities().LookupCity(e.ctx, q)
	var amb *wikicities.AmbiguousError
	if errors.As(err, &amb) {
		return nil, fmt.Errorf("%s: %w; give the id or \"name, country\"", flagName, amb)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flagName, err)
	}
	return c, nil
}

func (e *directoryEnv) cityLabel(id int64) string {
	if c := e.graph.City(id); c != nil {
		return wikicities.LabelString(c.Name, c.Country)
	}
	return strconv.FormatInt(id, 10)
}

// community resolves a community given by id or exact name.
func (e *directoryEnv) community(q string) (*wikicities.Community, error) {
	if id, err := strconv.ParseInt(q, 10, 64); err == nil {
		return e.db.Communities().Community(e.ctx, id)
	}
	cs, _, err := e.db.Communities().Communities(e.ctx, wikicities.DirectoryFilter{Query: q, Limit: 20, Archived: true})
	if err != nil {
		return nil, err
	}
	var exact []*wikicities.Community
	for _, c := range cs {
		if wikicities.NameKey(c.Name) == wikicities.NameKey(q) {
			exact = append(exact, c)
		}
	}
	if len(exact) == 1 {
		return exact[0], nil
	}
	if len(exact) == 0 && len(cs) == 1 {
		return cs[0], nil
	}
	if len(exact) == 0 && len(cs) == 0 {
		return nil, fmt.Errorf("community %q: %w", q, wikicities.ErrNotFound)
	}
	return nil, fmt.Errorf("community %q matches %d communities; give the id", q, max(len(exact), len(cs)))
}

// list is a comma-separated flag value.
func list(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseDate reads a YYYY-MM-DD date given as the flag named flagName.
func parseDate(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, wikicities.Invalidf(flagName, "%q is not a date such as 2026-03-01", s)
	}
	return t, nil
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func table(w io.Writer) *tabwriter.Writer { return tabwriter.NewWriter(w, 2, 4, 2, ' ', 0) }

// printRecord prints one record: as JSON, or as a two-column table of rows.
func printRecord(w io.Writer, asJSON bool, v any, rows [][2]string) error {
	if asJSON {
		return printJSON(w, v)
	}
	tw := table(w)
	for _, row := range rows {
		fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
	}
	return tw.Flush()
}

// skillList is `skill list`: the shared vocabulary, in the --lang language.
func skillList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("skill list", "", rw)
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	ks, err := env.db.Skills().Skills(env.ctx)
	if err != nil {
		return err
	}
	pr := f.printer()
	tw := table(rw.Stdout)
	for _, k := range ks {
		fmt.Fprintf(tw, "%s\t%s\n", k.Code, labels.Skill(pr, k.Code, k.Label))
	}
	return tw.Flush()
}

// skillAdd is `skill add CODE LABEL`.
func skillAdd(ctx context.Context, args []string, rw IO) error {
	f := newFlags("skill add", "CODE LABEL", rw)
	pos, err := f.parse(args, 2, 2)
	if err != nil {
		return err
	}
	env, err := openDirectory(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer env.Close()
	k := &wikicities.Skill{Code: pos[0], Label: pos[1]}
	if err := env.db.Skills().AddSkill(env.ctx, k); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "added skill %s (%s)\n", k.Code, k.Label)
	return nil
}
