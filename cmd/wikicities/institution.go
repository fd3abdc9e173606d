package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

func init() {
	register(command{name: "institution", summary: "add, list, show, update or delete institutions", run: runInstitution})
}

type institutionFlags struct {
	kind, name, city, region, qid, website, wants string
	wikiClub, wir, archived                       bool
}

func (f *institutionFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.kind, "kind", "", "museum, library, archive, gallery, university, school, ngo, government or company")
	fs.StringVar(&f.name, "name", "", "name")
	fs.StringVar(&f.city, "city", "", `city: id, QID, name or "name, country"`)
	fs.StringVar(&f.region, "region", "", "region")
	fs.StringVar(&f.qid, "qid", "", "Wikidata item (Q...)")
	fs.StringVar(&f.website, "website", "", "http(s) address")
	fs.StringVar(&f.wants, "wants", "", "skills wanted, comma-separated codes")
	fs.BoolVar(&f.wikiClub, "wiki-club", false, "hosts a Wiki Club")
	fs.BoolVar(&f.wir, "wir", false, "has a Wikimedian in Residence")
	fs.BoolVar(&f.archived, "archived", false, "archived")
}

func (f *institutionFlags) apply(env *directoryEnv, set map[string]bool, i *wikicities.Institution) error {
	if set["city"] {
		city, err := env.city(f.city)
		if err != nil {
			return err
		}
		i.CityID = city.ID
	}
	for name, apply := range map[string]func(){
		"kind": func() { i.Kind = wikicities.InstitutionKind(f.kind) }, "name": func() { i.Name = f.name },
		"region": func() { i.Region = f.region }, "qid": func() { i.QID = f.qid }, "website": func() { i.Website = f.website },
		"wants": func() { i.SkillsWanted = list(f.wants) }, "wiki-club": func() { i.HostsWikiClub = f.wikiClub },
		"wir": func() { i.HasWikimedianInResidence = f.wir }, "archived": func() { i.Archived = f.archived },
	} {
		if set[name] {
			apply()
		}
	}
	return nil
}

func runInstitution(ctx context.Context, args []string, rw IO) error {
	if len(args) == 0 {
		return usageError{"institution: give add, list, show, update or delete"}
	}
	action, args := args[0], args[1:]
	fs := newFlags("institution "+action, rw)
	var sf storeFlags
	sf.register(fs)
	var inf institutionFlags
	var filter directoryFilterFlags
	var asJSON bool
	var version int64
	var target string
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	switch action {
	case "add":
		inf.register(fs)
	case "update":
		inf.register(fs)
		fs.Int64Var(&version, "version", 0, "the version you read; default: the current one")
		fallthrough
	case "show", "delete":
		var err error
		if target, args, err = idArg(args, "institution id"); err != nil {
			return err
		}
	case "list":
		filter.register(fs, false)
	default:
		return usageError{fmt.Sprintf("institution: unknown action %q (add, list, show, update, delete)", action)}
	}
	env, err := parseAndOpen(ctx, fs, args, &sf)
	if err != nil {
		return err
	}
	defer env.Close()
	svc := env.db.Institutions()
	switch action {
	case "add":
		i := &wikicities.Institution{}
		if err := inf.apply(env, setFlags(fs), i); err != nil {
			return err
		}
		if err := svc.CreateInstitution(env.ctx, i); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "added institution %d: %s (%s)\n", i.ID, i.Name, env.cityLabel(i.CityID))
		return nil
	case "list":
		f, err := filter.filter(env)
		if err != nil {
			return err
		}
		is, total, err := svc.Institutions(env.ctx, f)
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(rw.Stdout, map[string]any{"institutions": is, "total": total})
		}
		tw := table(rw.Stdout)
		fmt.Fprintln(tw, "ID\tNAME\tKIND\tCITY\tQID")
		for _, i := range is {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i.ID, i.Name, i.Kind, env.cityLabel(i.CityID), i.QID)
		}
		tw.Flush()
		fmt.Fprintf(rw.Stdout, "%d of %d\n", len(is), total)
		return nil
	}
	var id int64
	if _, err := fmt.Sscan(target, &id); err != nil {
		return usageError{fmt.Sprintf("institution id %q is not a number", target)}
	}
	i, err := svc.Institution(env.ctx, id)
	if err != nil {
		return err
	}
	switch action {
	case "show":
		return printRecord(rw.Stdout, asJSON, i, [][2]string{
			{"id", fmt.Sprint(i.ID)}, {"name", i.Name}, {"kind", string(i.Kind)}, {"city", env.cityLabel(i.CityID)},
			{"region", i.Region}, {"qid", i.QID}, {"website", i.Website}, {"wiki club", fmt.Sprint(i.HostsWikiClub)},
			{"wikimedian in residence", fmt.Sprint(i.HasWikimedianInResidence)}, {"wants", strings.Join(i.SkillsWanted, ", ")},
			{"archived", fmt.Sprint(i.Archived)}, {"version", fmt.Sprint(i.Version)},
		})
	case "update":
		if err := inf.apply(env, setFlags(fs), i); err != nil {
			return err
		}
		if version != 0 {
			i.Version = version
		}
		if err := svc.UpdateInstitution(env.ctx, i); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "updated institution %d: %s (version %d)\n", i.ID, i.Name, i.Version)
		return nil
	case "delete":
		if err := svc.DeleteInstitution(env.ctx, i.ID); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "deleted institution %d: %s\n", i.ID, i.Name)
	}
	return nil
}
