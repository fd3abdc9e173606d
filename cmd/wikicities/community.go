package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/i18n"
	"github.com/wikicities/wikicities/labels"
)

// communityFlags are the fields of a community as flags.
type communityFlags struct {
	kind, name, city, languages, projects, metaPage, website, contact, status, lastActivity, offers, wants string
	archived                                                                                               bool
}

// communityFields are the community's fields whose flags have other names.
var communityFields = map[string]string{"city_id": "city", "skills_offered": "offers", "skills_wanted": "wants"}

func (f *communityFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.kind, "kind", "", "chapter, user_group, local_group, wiki_club or thematic_organization")
	fs.StringVar(&f.name, "name", "", "name")
	fs.StringVar(&f.city, "city", "", `home city: id, QID, name or "name, country"`)
	fs.StringVar(&f.languages, "languages", "", "Wikimedia language codes, comma-separated (de,en,zh-hans)")
	fs.StringVar(&f.projects, "projects", "", "projects, comma-separated (wikipedia,commons,wikidata,...)")
	fs.StringVar(&f.metaPage, "meta-page", "", "page on Meta-Wiki")
	fs.StringVar(&f.website, "website", "", "http(s) address")
	fs.StringVar(&f.contact, "contact", "", "email or wiki user page")
	fs.StringVar(&f.status, "status", "", "active, dormant or closed")
	fs.StringVar(&f.lastActivity, "last-activity", "", "date of last known activity (YYYY-MM-DD)")
	fs.StringVar(&f.offers, "offers", "", "skills offered, comma-separated codes")
	fs.StringVar(&f.wants, "wants", "", "skills wanted, comma-separated codes")
	fs.BoolVar(&f.archived, "archived", false, "archived (kept for the record, no longer listed)")
}

// apply copies the flags given on the command line onto c.
func (f *communityFlags) apply(env *directoryEnv, set map[string]bool, c *wikicities.Community) error {
	if err := applyCityFlag(env, set, f.city, &c.CityID); err != nil {
		return err
	}
	var err error
	applyGivenFlags(set, map[string]func(){
		"kind": func() { c.Kind = wikicities.CommunityKind(f.kind) }, "name": func() { c.Name = f.name },
		"languages": func() { c.Languages = list(f.languages) }, "projects": func() { c.Projects = list(f.projects) },
		"meta-page": func() { c.MetaPage = f.metaPage }, "website": func() { c.Website = f.website },
		"contact": func() { c.Contact = f.contact }, "status": func() { c.Status = wikicities.Status(f.status) },
		"offers": func() { c.SkillsOffered = list(f.offers) }, "wants": func() { c.SkillsWanted = list(f.wants) },
		"archived":      func() { c.Archived = f.archived },
		"last-activity": func() { c.LastActivity, err = parseDate("--last-activity", f.lastActivity) },
	})
	return err
}

// applyCityFlag sets *cityID to the city named by --city, when it was given.
func applyCityFlag(env *directoryEnv, set map[string]bool, city string, cityID *int64) error {
	if !set["city"] {
		return nil
	}
	c, err := env.city("--city", city)
	if err != nil {
		return err
	}
	*cityID = c.ID
	return nil
}

// applyGivenFlags runs the setter of each flag given on the command line.
func applyGivenFlags(set map[string]bool, setters map[string]func()) {
	for name, apply := range setters {
		if set[name] {
			apply()
		}
	}
}

// communityAdd is `community add --kind K --name N --city C ...`.
func communityAdd(ctx context.Context, args []string, rw IO) error {
	f := newFlags("community add", "", rw)
	var cf communityFlags
	cf.register(f.FlagSet)
	env, err := openDirectoryNoArgs(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	c := &wikicities.Community{}
	if err := cf.apply(env, setFlags(f.FlagSet), c); err != nil {
		return err
	}
	if err := env.db.Communities().CreateCommunity(env.ctx, c); err != nil {
		return flagError(err, f.FlagSet, communityFields)
	}
	fmt.Fprintf(rw.Stdout, "added community %d: %s (%s)\n", c.ID, c.Name, env.cityLabel(c.CityID))
	return nil
}

// communityList is `community list [--q Q] [--city C] [--language L] ...`.
func communityList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("community list", "", rw)
	var filter directoryFilterFlags
	filter.register(f.FlagSet, true)
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
	cs, total, err := env.db.Communities().Communities(env.ctx, df)
	if err != nil {
		return flagError(err, f.FlagSet, nil)
	}
	if *asJSON {
		return printJSON(rw.Stdout, map[string]any{"communities": cs, "total": total})
	}
	pr := f.printer()
	tw := table(rw.Stdout)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tCITY\tLANGUAGES\tSTATUS")
	for _, c := range cs {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, labels.CommunityKind(pr, c.Kind), env.cityLabel(c.CityID), strings.Join(c.Languages, ","), labels.CommunityStatus(pr, c.Status))
	}
	tw.Flush()
	fmt.Fprintf(rw.Stdout, "%d of %d\n", len(cs), total)
	return nil
}

// communityShow is `community show ID|NAME`.
func communityShow(ctx context.Context, args []string, rw IO) error {
	f := newFlags("community show", "ID|NAME", rw)
	asJSON := f.Bool("json", false, "print JSON")
	env, c, err := openCommunityArg(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	pr := f.printer()
	return printRecord(rw.Stdout, *asJSON, c, [][2]string{
		{"id", fmt.Sprint(c.ID)}, {"name", c.Name}, {"kind", labels.CommunityKind(pr, c.Kind)}, {"city", env.cityLabel(c.CityID)},
		{"languages", languageNames(pr, c.Languages)}, {"projects", projectNames(pr, c.Projects)},
		{"meta page", c.MetaPage}, {"website", c.Website}, {"contact", c.Contact}, {"status", labels.CommunityStatus(pr, c.Status)},
		{"offers", labels.JoinWords(pr, labels.Skills(pr, c.SkillsOffered))}, {"wants", labels.JoinWords(pr, labels.Skills(pr, c.SkillsWanted))},
		{"archived", fmt.Sprint(c.Archived)}, {"version", fmt.Sprint(c.Version)},
	})
}

// openCommunityArg parses the command's one argument, a community's id or
// name, opens the directory (with the twin graph when withGraph) and
// resolves the community.
func openCommunityArg(ctx context.Context, f *actionFlags, args []string, withGraph bool) (*directoryEnv, *wikicities.Community, error) {
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return nil, nil, err
	}
	env, err := openDirectory(ctx, f.store, withGraph)
	if err != nil {
		return nil, nil, err
	}
	c, err := env.community(pos[0])
	if err != nil {
		env.Close()
		return nil, nil, err
	}
	return env, c, nil
}

// languageNames names language codes as the pages do ("German, English").
func languageNames(pr *i18n.Printer, codes []string) string {
	names := make([]string, len(codes))
	for i, l := range codes {
		names[i] = labels.Language(pr, l)
	}
	return labels.JoinWords(pr, names)
}

// projectNames names project codes as the pages do ("Wikimedia Commons").
func projectNames(pr *i18n.Printer, codes []string) string {
	names := make([]string, len(codes))
	for i, p := range codes {
		names[i] = labels.Project(pr, p)
	}
	return labels.JoinWords(pr, names)
}

// communityUpdate is `community update ID|NAME [--version N] --FIELD VALUE...`.
func communityUpdate(ctx context.Context, args []string, rw IO) error {
	f := newFlags("community update", "ID|NAME", rw)
	var cf communityFlags
	cf.register(f.FlagSet)
	version := f.Int64("version", 0, "the version you read (refused if someone changed it since); default: the current one")
	env, c, err := openCommunityArg(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := cf.apply(env, setFlags(f.FlagSet), c); err != nil {
		return err
	}
	if *version != 0 {
		c.Version = *version
	}
	if err := env.db.Communities().UpdateCommunity(env.ctx, c); err != nil {
		return flagError(err, f.FlagSet, communityFields)
	}
	fmt.Fprintf(rw.Stdout, "updated community %d: %s (version %d)\n", c.ID, c.Name, c.Version)
	return nil
}

// communityDelete is `community delete ID|NAME`.
func communityDelete(ctx context.Context, args []string, rw IO) error {
	f := newFlags("community delete", "ID|NAME", rw)
	env, c, err := openCommunityArg(ctx, f, args, true)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := env.db.Communities().DeleteCommunity(env.ctx, c.ID, 0); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "deleted community %d: %s\n", c.ID, c.Name)
	return nil
}

// directoryFilterFlags are the listing flags shared by community and institution.
type directoryFilterFlags struct {
	q, city, country, language, kind, skill, status string
	limit, offset                                   int
	archived                                        bool
}

func (f *directoryFilterFlags) register(fs *flag.FlagSet, community bool) {
	fs.StringVar(&f.q, "q", "", "name contains")
	fs.StringVar(&f.city, "city", "", "city (id or name)")
	fs.StringVar(&f.country, "country", "", "country")
	fs.StringVar(&f.kind, "kind", "", "kind")
	fs.StringVar(&f.skill, "skill", "", "skill code (offered or wanted)")
	fs.IntVar(&f.limit, "limit", 50, "page size")
	fs.IntVar(&f.offset, "offset", 0, "records to skip")
	fs.BoolVar(&f.archived, "archived", false, "include archived records")
	if community {
		fs.StringVar(&f.language, "language", "", "language code")
		fs.StringVar(&f.status, "status", "", "active, dormant or closed")
	}
}

func (f *directoryFilterFlags) filter(env *directoryEnv) (wikicities.DirectoryFilter, error) {
	out := wikicities.DirectoryFilter{Query: f.q, Country: f.country, Language: f.language, Kind: f.kind, Skill: f.skill,
		Status: wikicities.Status(f.status), Limit: f.limit, Offset: f.offset, Archived: f.archived}
	if f.city != "" {
		c, err := env.city("--city", f.city)
		if err != nil {
			return out, err
		}
		out.CityID = c.ID
	}
	return out, nil
}
