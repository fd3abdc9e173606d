package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
)

type institutionFlags struct {
	kind, name, city, region, qid, website, wants string
	wikiClub, wir, archived                       bool
}

// institutionFields are the institution's fields whose flags have other names.
var institutionFields = map[string]string{"city_id": "city", "skills_wanted": "wants",
	"hosts_wiki_club": "wiki-club", "has_wikimedian_in_residence": "wir"}

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
	if err := applyCityFlag(env, set, f.city, &i.CityID); err != nil {
		return err
	}
	applyGivenFlags(set, map[string]func(){
		"kind": func() { i.Kind = wikicities.InstitutionKind(f.kind) }, "name": func() { i.Name = f.name },
		"region": func() { i.Region = f.region }, "qid": func() { i.QID = f.qid }, "website": func() { i.Website = f.website },
		"wants": func() { i.SkillsWanted = list(f.wants) }, "wiki-club": func() { i.HostsWikiClub = f.wikiClub },
		"wir": func() { i.HasWikimedianInResidence = f.wir }, "archived": func() { i.Archived = f.archived },
	})
	return nil
}

// institutionAdd is `institution add --kind K --name N --city C ...`.
func institutionAdd(ctx context.Context, args []string, rw IO) error {
	f := newFlags("institution add", "", rw)
	var inf institutionFlags
	inf.register(f.FlagSet)
	env, err := openDirectoryNoArgs(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	i := &wikicities.Institution{}
	if err := inf.apply(env, setFlags(f.FlagSet), i); err != nil {
		return err
	}
	if err := env.db.Institutions().CreateInstitution(env.ctx, i); err != nil {
		return flagError(err, f.FlagSet, institutionFields)
	}
	fmt.Fprintf(rw.Stdout, "added institution %d: %s (%s)\n", i.ID, i.Name, env.cityLabel(i.CityID))
	return nil
}

// institutionList is `institution list [--q Q] [--city C] ...`.
func institutionList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("institution list", "", rw)
	var filter directoryFilterFlags
	filter.register(f.FlagSet, false)
	asJSON := f.Bool("json", false, "print JSON")
	env, err := openDirectoryNoArgs(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	df, err := filter.filter(env)
	if err != nil {
		return err
	}
	is, total, err := env.db.Institutions().Institutions(env.ctx, df)
	if err != nil {
		return flagError(err, f.FlagSet, nil)
	}
	if *asJSON {
		return printJSON(rw.Stdout, map[string]any{"institutions": is, "total": total})
	}
	pr := f.printer()
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tCITY\tQID")
	for _, i := range is {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", i.ID, i.Name, labels.InstitutionKind(pr, i.Kind), env.cityLabel(i.CityID), i.QID)
	}
	tw.Flush()
	fmt.Fprintf(rw.Stdout, "%d of %d\n", len(is), total)
	return nil
}

// openInstitutionArg parses the command's one argument, an institution's
// id, opens the directory and reads the institution.
func openInstitutionArg(ctx context.Context, f *actionFlags, args []string) (*directoryEnv, *wikicities.Institution, error) {
	env, id, err := openRecordArg(ctx, f, args, "institution", true)
	if err != nil {
		return nil, nil, err
	}
	i, err := env.db.Institutions().Institution(env.ctx, id)
	if err != nil {
		env.Close()
		return nil, nil, err
	}
	return env, i, nil
}

// institutionShow is `institution show ID`.
func institutionShow(ctx context.Context, args []string, rw IO) error {
	f := newFlags("institution show", "ID", rw)
	asJSON := f.Bool("json", false, "print JSON")
	env, i, err := openInstitutionArg(ctx, f, args)
	if err != nil {
		return err
	}
	defer env.Close()
	pr := f.printer()
	return printRecord(rw.Stdout, *asJSON, i, [][2]string{
		{"id", fmt.Sprint(i.ID)}, {"name", i.Name}, {"kind", labels.InstitutionKind(pr, i.Kind)}, {"city", env.cityLabel(i.CityID)},
		{"region", i.Region}, {"qid", i.QID}, {"website", i.Website}, {"wiki club", fmt.Sprint(i.HostsWikiClub)},
		{"wikimedian in residence", fmt.Sprint(i.HasWikimedianInResidence)}, {"wants", labels.JoinWords(pr, labels.Skills(pr, i.SkillsWanted))},
		{"archived", fmt.Sprint(i.Archived)}, {"version", fmt.Sprint(i.Version)},
	})
}

// institutionUpdate is `institution update ID [--version N] --FIELD VALUE...`.
func institutionUpdate(ctx context.Context, args []string, rw IO) error {
	f := newFlags("institution update", "ID", rw)
	var inf institutionFlags
	inf.register(f.FlagSet)
	version := f.Int64("version", 0, "the version you read; default: the current one")
	env, i, err := openInstitutionArg(ctx, f, args)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := inf.apply(env, setFlags(f.FlagSet), i); err != nil {
		return err
	}
	if *version != 0 {
		i.Version = *version
	}
	if err := env.db.Institutions().UpdateInstitution(env.ctx, i); err != nil {
		return flagError(err, f.FlagSet, institutionFields)
	}
	fmt.Fprintf(rw.Stdout, "updated institution %d: %s (version %d)\n", i.ID, i.Name, i.Version)
	return nil
}

// institutionDelete is `institution delete ID`.
func institutionDelete(ctx context.Context, args []string, rw IO) error {
	f := newFlags("institution delete", "ID", rw)
	env, i, err := openInstitutionArg(ctx, f, args)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.db.Institutions().DeleteInstitution(env.ctx, i.ID, 0); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "deleted institution %d: %s\n", i.ID, i.Name)
	return nil
}
