package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// The directory's commands (community, institution, skill, suggest,
// recruit, export) act as the program itself: whoever runs them has the
// store in hand anyway.

func init() {
	register(command{name: "skill", summary: "list the skills vocabulary or add a skill (skill list | skill add CODE LABEL)", run: runSkill})
	// The server ranks suggestions with the weights of
	// $WIKICITIES_MATCH_WEIGHTS (a JSON file) and $WIKICITIES_MATCH_RADIUS_KM.
	setupHooks = append(setupHooks, func(ctx context.Context, m *Main) error {
		w, err := loadWeights("")
		if err != nil {
			return err
		}
		m.Matchmaking.SetWeights(w)
		return nil
	})
}

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
		cities, err := db.Cities().AllCities(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		links, err := db.Cities().AllTwinLinks(ctx)
		if err != nil {
			db.Close()
			return nil, err
		}
		env.graph = twins.New(cities, links)
	}
	return env, nil
}

func (e *directoryEnv) Close() { e.db.Close() }

// city resolves a city given by id, QID, name or "name, country"
// (store.Cities.LookupCity). An ambiguous name is an error naming the
// candidates and saying how to choose; it matches ErrAmbiguous.
func (e *directoryEnv) city(q string) (*wikicities.City, error) {
	c, err := e.db.Cities().LookupCity(e.ctx, q)
	var amb *wikicities.AmbiguousError
	if errors.As(err, &amb) {
		return nil, fmt.Errorf("%w; give the id or \"name, country\"", amb)
	}
	return c, err
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

// idArg takes a leading positional argument (an id or a name) off args, so
// that flags may follow it.
func idArg(args []string, what string) (string, []string, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", nil, usageError{what + " is required"}
	}
	return args[0], args[1:], nil
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

func parseDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, wikicities.Invalidf(field, "%q is not a date such as 2026-03-01", s)
	}
	return t, nil
}

// setFlags returns the names of the flags given on the command line.
func setFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
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

// parseAndOpen parses args into fs (which sf is registered on), then opens
// the store sf names with the twin graph loaded. The caller closes it.
func parseAndOpen(ctx context.Context, fs *flag.FlagSet, args []string, sf *storeFlags) (*directoryEnv, error) {
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	return openDirectory(ctx, *sf, true)
}

func runSkill(ctx context.Context, args []string, rw IO) error {
	if len(args) == 0 {
		return usageError{"skill: give list or add CODE LABEL"}
	}
	action, args := args[0], args[1:]
	var code, label string
	if action == "add" {
		var err error
		if code, args, err = idArg(args, "skill add: CODE"); err != nil {
			return err
		}
		if label, args, err = idArg(args, "skill add: LABEL"); err != nil {
			return err
		}
	}
	fs := newFlags("skill "+action, rw)
	var sf storeFlags
	sf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	env, err := openDirectory(ctx, sf, false)
	if err != nil {
		return err
	}
	defer env.Close()
	switch action {
	case "list":
		ks, err := env.db.Skills().Skills(env.ctx)
		if err != nil {
			return err
		}
		tw := table(rw.Stdout)
		for _, k := range ks {
			fmt.Fprintf(tw, "%s\t%s\n", k.Code, k.Label)
		}
		return tw.Flush()
	case "add":
		k := &wikicities.Skill{Code: code, Label: label}
		if err := env.db.Skills().AddSkill(env.ctx, k); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "added skill %s (%s)\n", k.Code, k.Label)
		return nil
	}
	return usageError{fmt.Sprintf("skill: unknown action %q (list, add)", action)}
}
