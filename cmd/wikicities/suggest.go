package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/csvsafe"
	"github.com/wikicities/wikicities/export"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/match"
)

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

// runSuggest is `suggest ID|NAME`: ranked partners of a community with
// their reasons, in the words of the pages.
func runSuggest(ctx context.Context, args []string, rw IO) error {
	f := newFlags("suggest", "COMMUNITY (id or name)", rw)
	limit := f.Int("limit", 20, "number of suggestions")
	weights := f.String("weights", "", "JSON file of match weights (default $"+weightsEnv+", else the defaults)")
	asJSON := f.Bool("json", false, "print JSON")
	env, c, err := openCommunityArg(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
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
	pr := f.printer()
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
			fmt.Fprintf(rw.Stdout, "      - %s\n", labels.SuggestionReason(pr, r))
		}
	}
	return nil
}

// runRecruit is `recruit --city C | --country N`: twin cities with no
// community, by how many communities a group there would connect.
func runRecruit(ctx context.Context, args []string, rw IO) error {
	f := newFlags("recruit", "", rw)
	city := f.String("city", "", `city: id, QID, name or "name, country"`)
	country := f.String("country", "", "country")
	limit := f.Int("limit", 30, "number of places")
	asJSON := f.Bool("json", false, "print JSON")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if (*city == "") == (*country == "") {
		return usageError{"recruit: give --city or --country"}
	}
	env, err := openDirectory(ctx, f.store, true)
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
		c, err := env.city("--city", *city)
		if err != nil {
			return err
		}
		from = []int64{c.ID}
	} else if from = m.CitiesIn(*country); len(from) == 0 {
		return fmt.Errorf("recruit: --country %q: no city of the graph is in it", *country)
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

// runExport is `export communities|institutions|twins|reports|worklist [--format F] [--bom] [-o FILE]`.
func runExport(ctx context.Context, args []string, rw IO) error {
	f := newFlags("export", "communities|institutions|twins|reports|worklist", rw)
	format := f.String("format", "csv", "csv, json or geojson (reports: csv or json; worklist: csv, wikitext, json or text)")
	out := f.String("o", "", "write to this file instead of standard output")
	kinds := f.String("kind", "", "worklist: the kinds to list, comma-separated (one_sided, not_in_wikidata, only_in_wikidata, contradiction); all when empty")
	bom := f.Bool("bom", false, "start a CSV file with a UTF-8 byte-order mark, for Excel on Windows (which otherwise shows Düsseldorf as DÃ¼sseldorf)")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	if *bom && *format != "csv" {
		return usageError{fmt.Sprintf("export: --bom: only a CSV file starts with a byte-order mark, not --format %s", *format)}
	}
	prefix := ""
	if *bom {
		prefix = csvsafe.BOM
	}
	what := pos[0]
	if what == "reports" {
		return exportReports(ctx, f.store, *format, prefix, *out, rw)
	}
	if what == "worklist" {
		return exportWorklist(ctx, f.store, *format, *kinds, prefix, *out, rw)
	}
	w, ef, err := export.Parse(what, *format)
	var fe *wikicities.FieldError
	switch {
	case errors.As(err, &fe) && fe.Field == "what":
		return usageError{fmt.Sprintf("export: %q is not communities, institutions, twins, reports or worklist", what)}
	case errors.As(err, &fe) && fe.Field == "format":
		return usageError{fmt.Sprintf("export %s: --format %q is not one of csv, json, geojson", what, *format)}
	case err != nil:
		return err
	}
	env, err := openDirectory(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer env.Close()
	d, err := wchttp.ExportData(env.ctx, env.db.Services(), w)
	if err != nil {
		return err
	}
	if *out == "" {
		io.WriteString(rw.Stdout, prefix)
		return export.Write(rw.Stdout, w, ef, d)
	}
	file, err := os.Create(*out)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(file, prefix); err != nil {
		file.Close()
		return err
	}
	if err := export.Write(file, w, ef, d); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
