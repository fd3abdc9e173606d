package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/wikicities/wikicities/export"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/match"
)

func init() {
	register(command{name: "suggest", summary: "ranked partner suggestions for a community, with reasons", run: runSuggest})
	register(command{name: "recruit", summary: "twin cities with no community, for a city or a country", run: runRecruit})
	register(command{name: "export", summary: "export communities|institutions|twins as csv, json or geojson, or reports (the country table) as csv or json", run: runExport})
}

// matcherFor builds the matcher over the whole directory.
func (e *directoryEnv) matcher(weightsFile string) (*match.Matcher, error) {
	w, err := loadWeights(weightsFile)
	if err != nil {
		return nil, err
	}
	comms, err := e.db.Communities().AllCommunities(e.ctx)
	if err != nil {
		return nil, err
	}
	insts, err := e.db.Institutions().AllInstitutions(e.ctx)
	if err != nil {
		return nil, err
	}
	reqs, err := e.db.Requests().OpenRequests(e.ctx)
	if err != nil {
		return nil, err
	}
	pairs, err := e.db.Partnerships().PartnerPairs(e.ctx)
	if err != nil {
		return nil, err
	}
	return match.New(match.Input{Graph: e.graph, Communities: comms, Institutions: insts, Requests: reqs, Partners: pairs}, w), nil
}

func runSuggest(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("suggest", rw)
	var sf storeFlags
	sf.register(fs)
	limit := fs.Int("limit", 20, "number of suggestions")
	weights := fs.String("weights", "", "JSON file of match weights (default $"+weightsEnv+", else the defaults)")
	asJSON := fs.Bool("json", false, "print JSON")
	target, args, err := idArg(args, "community id or name")
	if err != nil {
		return err
	}
	env, err := parseAndOpen(ctx, fs, args, &sf)
	if err != nil {
		return err
	}
	defer env.Close()
	c, err := env.community(target)
	if err != nil {
		return err
	}
	m, err := env.matcher(*weights)
	if err != nil {
		return err
	}
	s, err := m.Suggest(c.ID, match.Options{Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(rw.Stdout, map[string]any{"community_id": c.ID, "suggestions": s})
	}
	fmt.Fprintf(rw.Stdout, "Partners for %s (%s):\n", c.Name, env.cityLabel(c.CityID))
	if len(s) == 0 {
		fmt.Fprintln(rw.Stdout, "  none yet: no community or institution is related to its twin cities")
	}
	for i, x := range s {
		what := x.Name + " (" + x.City + ")"
		if x.Kind == match.KindCity {
			what = "recruit in " + x.City
		} else if x.Kind == match.KindInstitution {
			what += ", institution"
		}
		fmt.Fprintf(rw.Stdout, "%2d. %s  [%g]\n", i+1, what, x.Score)
		for _, r := range x.Reasons {
			fmt.Fprintf(rw.Stdout, "      - %s\n", r.Text)
		}
	}
	return nil
}

func runRecruit(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("recruit", rw)
	var sf storeFlags
	sf.register(fs)
	city := fs.String("city", "", `city: id, QID, name or "name, country"`)
	country := fs.String("country", "", "country")
	limit := fs.Int("limit", 30, "number of places")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*city == "") == (*country == "") {
		return usageError{"recruit: give --city or --country"}
	}
	env, err := openDirectory(ctx, sf, true)
	if err != nil {
		return err
	}
	defer env.Close()
	m, err := env.matcher("")
	if err != nil {
		return err
	}
	var from []int64
	if *city != "" {
		c, err := env.city(*city)
		if err != nil {
			return err
		}
		from = []int64{c.ID}
	} else if from = m.CitiesIn(*country); len(from) == 0 {
		return fmt.Errorf("recruit: no city of the graph is in %q", *country)
	}
	places := m.Recruit(from)
	if len(places) > *limit {
		places = places[:*limit]
	}
	if *asJSON {
		return printJSON(rw.Stdout, map[string]any{"places": places})
	}
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "CITY\tCONNECTS\tTWIN OF")
	for _, p := range places {
		var via []string
		for _, v := range p.Via {
			via = append(via, env.graph.City(v).Name)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", env.cityLabel(p.City.ID), p.Connects, strings.Join(via, ", "))
	}
	return tw.Flush()
}

func runExport(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("export", rw)
	var sf storeFlags
	sf.register(fs)
	format := fs.String("format", "csv", "csv, json or geojson (reports: csv or json)")
	out := fs.String("o", "", "write to this file instead of standard output")
	what, args, err := idArg(args, "what to export (communities, institutions, twins or reports)")
	if err != nil {
		return err
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	if what == "reports" {
		return exportReports(ctx, sf, *format, *out, rw)
	}
	w, f, err := export.Parse(what, *format)
	if err != nil {
		return usageError{err.Error()}
	}
	env, err := openDirectory(ctx, sf, false)
	if err != nil {
		return err
	}
	defer env.Close()
	d, err := wchttp.ExportData(env.ctx, env.db.Services(), w)
	if err != nil {
		return err
	}
	if *out == "" {
		return export.Write(rw.Stdout, w, f, d)
	}
	file, err := os.Create(*out)
	if err != nil {
		return err
	}
	if err := export.Write(file, w, f, d); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
