package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
)

func init() {
	register(command{name: "community", summary: "add, list, show, update or delete communities", run: runCommunity})
}

// communityFlags are the fields of a community as flags.
type communityFlags struct {
	kind, name, city, languages, projects, metaPage, website, contact, status, lastActivity, offers, wants string
	archived                                                                                               bool
}

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
	if set["city"] {
		city, err := env.city(f.city)
		if err != nil {
			return err
		}
		c.CityID = city.ID
	}
	var err error
	for name, apply := range map[string]func(){
		"kind": func() { c.Kind = wikicities.CommunityKind(f.kind) }, "name": func() { c.Name = f.name },
		"languages": func() { c.Languages = list(f.languages) }, "projects": func() { c.Projects = list(f.projects) },
		"meta-page": func() { c.MetaPage = f.metaPage }, "website": func() { c.Website = f.website },
		"contact": func() { c.Contact = f.contact }, "status": func() { c.Status = wikicities.Status(f.status) },
		"offers": func() { c.SkillsOffered = list(f.offers) }, "wants": func() { c.SkillsWanted = list(f.wants) },
		"archived":      func() { c.Archived = f.archived },
		"last-activity": func() { c.LastActivity, err = parseDate("last_activity", f.lastActivity) },
	} {
		if set[name] {
			apply()
		}
	}
	return err
}

func runCommunity(ctx context.Context, args []string, rw IO) error {
	if len(args) == 0 {
		return usageError{"community: give add, list, show, update or delete"}
	}
	action, args := args[0], args[1:]
	fs := newFlags("community "+action, rw)
	var sf storeFlags
	sf.register(fs)
	var cf communityFlags
	var filter directoryFilterFlags
	var asJSON bool
	var version int64
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	var target string
	switch action {
	case "add":
		cf.register(fs)
	case "update":
		cf.register(fs)
		fs.Int64Var(&version, "version", 0, "the version you read (refused if someone changed it since); default: the current one")
		fallthrough
	case "show", "delete":
		var err error
		if target, args, err = idArg(args, "community id or name"); err != nil {
			return err
		}
	case "list":
		filter.register(fs, true)
	default:
		return usageError{fmt.Sprintf("community: unknown action %q (add, list, show, update, delete)", action)}
	}
	env, err := parseAndOpen(ctx, fs, args, &sf)
	if err != nil {
		return err
	}
	defer env.Close()
	svc := env.db.Communities()
	switch action {
	case "add":
		c := &wikicities.Community{}
		if err := cf.apply(env, setFlags(fs), c); err != nil {
			return err
		}
		if err := svc.CreateCommunity(env.ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "added community %d: %s (%s)\n", c.ID, c.Name, env.cityLabel(c.CityID))
		return nil
	case "list":
		f, err := filter.filter(env)
		if err != nil {
			return err
		}
		cs, total, err := svc.Communities(env.ctx, f)
		if err != nil {
			return err
		}
		if asJSON {
			return printJSON(rw.Stdout, map[string]any{"communities": cs, "total": total})
		}
		tw := table(rw.Stdout)
		fmt.Fprintln(tw, "ID\tNAME\tKIND\tCITY\tLANGUAGES\tSTATUS")
		for _, c := range cs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, c.Kind, env.cityLabel(c.CityID), strings.Join(c.Languages, ","), c.Status)
		}
		tw.Flush()
		fmt.Fprintf(rw.Stdout, "%d of %d\n", len(cs), total)
		return nil
	}
	c, err := env.community(target)
	if err != nil {
		return err
	}
	switch action {
	case "show":
		return printRecord(rw.Stdout, asJSON, c, [][2]string{
			{"id", fmt.Sprint(c.ID)}, {"name", c.Name}, {"kind", string(c.Kind)}, {"city", env.cityLabel(c.CityID)},
			{"languages", strings.Join(c.Languages, ", ")}, {"projects", strings.Join(c.Projects, ", ")},
			{"meta page", c.MetaPage}, {"website", c.Website}, {"contact", c.Contact}, {"status", string(c.Status)},
			{"offers", strings.Join(c.SkillsOffered, ", ")}, {"wants", strings.Join(c.SkillsWanted, ", ")},
			{"archived", fmt.Sprint(c.Archived)}, {"version", fmt.Sprint(c.Version)},
		})
	case "update":
		if err := cf.apply(env, setFlags(fs), c); err != nil {
			return err
		}
		if version != 0 {
			c.Version = version
		}
		if err := svc.UpdateCommunity(env.ctx, c); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "updated community %d: %s (version %d)\n", c.ID, c.Name, c.Version)
		return nil
	case "delete":
		if err := svc.DeleteCommunity(env.ctx, c.ID); err != nil {
			return err
		}
		fmt.Fprintf(rw.Stdout, "deleted community %d: %s\n", c.ID, c.Name)
	}
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
		c, err := env.city(f.city)
		if err != nil {
			return out, err
		}
		out.CityID = c.ID
	}
	return out, nil
}
