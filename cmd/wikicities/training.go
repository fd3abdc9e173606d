package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/time/rate"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/labels"
	"github.com/wikicities/wikicities/linkcheck"
	"github.com/wikicities/wikicities/training"
	"github.com/wikicities/wikicities/wikitext"
)

// trainingCheck is `training check DIR`: reads a Programs & Events
// Dashboard training set (a training_content/<set> directory), reports every
// broken file with its line, and lists the modules as library resources,
// as text, JSON or a wikitext table for Meta.
func trainingCheck(ctx context.Context, args []string, rw IO) error {
	f := newFlags("training check", "DIR", rw)
	baseURL := f.String("base-url", "https://outreachdashboard.wmflabs.org", "the Dashboard that serves the set (module links point there)")
	licence := f.String("licence", "CC-BY-SA-4.0", "licence of the set's texts")
	maintainer := f.String("maintainer", "", "who maintains the set")
	asJSON := f.Bool("json", false, "print the resources as JSON")
	asWikitext := f.Bool("wikitext", false, "print the resources as a wikitext table")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	dir := pos[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("training check: %s is not a directory", dir)
	}
	c, err := training.Load(os.DirFS(dir))
	if err != nil {
		return err
	}
	set := filepath.Base(filepath.Clean(dir))
	rs := training.Resources(c, training.Options{Set: set, BaseURL: *baseURL, Licence: *licence, Maintainer: *maintainer})
	switch {
	case *asJSON:
		return printJSON(rw.Stdout, rs)
	case *asWikitext:
		_, err := fmt.Fprint(rw.Stdout, wikitext.Write(wikitext.TrainingLibrary("Training library: "+set, rs)))
		return err
	}
	quizzes := 0
	for _, s := range c.Slides {
		if s.Assessment != nil {
			quizzes++
		}
	}
	fmt.Fprintf(rw.Stdout, "%s: %d libraries, %d modules, %d slides (%d quizzes): all valid\n",
		set, len(c.Libraries), len(c.Modules), len(c.Slides), quizzes)
	for _, r := range rs {
		fmt.Fprintf(rw.Stdout, "%s\t%s\t%s\t%d min\t%s\n", r.Title, strings.Join(r.Languages, ","), r.Topic, r.Minutes, r.Link)
	}
	return nil
}

// trainingImport is `training import DIR`: checks a Dashboard training set
// like `training check` and adds its modules to the library (updating the
// ones imported before).
func trainingImport(ctx context.Context, args []string, rw IO) error {
	f := newFlags("training import", "DIR", rw)
	baseURL := f.String("base-url", "https://outreachdashboard.wmflabs.org", "the Dashboard that serves the set (module links point there)")
	licence := f.String("licence", "CC-BY-SA-4.0", "licence of the set's texts")
	maintainer := f.String("maintainer", "", "who maintains the set")
	skill := f.String("skill", "", "skill code of the shared vocabulary that the set teaches")
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	c, err := training.Load(os.DirFS(pos[0]))
	if err != nil {
		return err
	}
	set := filepath.Base(filepath.Clean(pos[0]))
	rs := training.Resources(c, training.Options{Set: set, BaseURL: *baseURL, Licence: *licence, Maintainer: *maintainer})
	for i := range rs {
		rs[i].Skill = *skill
	}
	env, err := openDirectory(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer env.Close()
	created, updated, err := env.db.Training().ImportResources(env.ctx, rs)
	if err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "%s: %d resources added, %d updated\n", set, created, updated)
	return nil
}

// trainingList is `training list`: the library, or --wikitext for Meta.
func trainingList(ctx context.Context, args []string, rw IO) error {
	f := newFlags("training list", "", rw)
	lang := f.String("language", "", "only resources available in this language")
	skill := f.String("skill", "", "only resources teaching this skill")
	query := f.String("q", "", "words of the title or topic")
	asJSON := f.Bool("json", false, "print JSON")
	asWikitext := f.Bool("wikitext", false, "print a wikitext table for Meta")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	rs, err := env.db.Training().Resources(env.ctx, wikicities.ResourceFilter{Language: *lang, Skill: *skill, Query: *query})
	if err != nil {
		return err
	}
	switch {
	case *asJSON:
		return printJSON(rw.Stdout, rs)
	case *asWikitext:
		flat := make([]wikicities.TrainingResource, len(rs))
		for i, r := range rs {
			flat[i] = *r
		}
		_, err := fmt.Fprint(rw.Stdout, wikitext.Write(wikitext.TrainingLibrary("Knowledge Park library", flat)))
		return err
	}
	tw := table(rw.Stdout)
	for _, r := range rs {
		state := ""
		if r.Outdated {
			state = "outdated"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d uses\t%s\n", r.ID, r.Title, strings.Join(r.Languages, ","), r.Format, r.Uses, state)
	}
	return tw.Flush()
}

// trainingAttach is `training attach ID --partnership N | --responsibility N | --event N | --campaign N`.
func trainingAttach(ctx context.Context, args []string, rw IO) error {
	return changeAttachment(ctx, "attach", "attached to", args, rw, wikicities.TrainingService.AttachResource)
}

// trainingDetach is `training detach ID --partnership N | --responsibility N | --event N | --campaign N`:
// it undoes a wrong attach.
func trainingDetach(ctx context.Context, args []string, rw IO) error {
	return changeAttachment(ctx, "detach", "removed from", args, rw, wikicities.TrainingService.DetachResource)
}

// changeAttachment reads a resource id and the one record of
// --partnership, --responsibility, --event or --campaign (verb says what to
// do with them: "attach", "detach"), applies change to them and says so.
func changeAttachment(ctx context.Context, verb, done string, args []string, rw IO,
	change func(wikicities.TrainingService, context.Context, int64, wikicities.ResourceTarget) error) error {
	f := newFlags("training "+verb, "ID", rw)
	targets := map[wikicities.ResourceTargetKind]*int64{}
	for _, k := range []wikicities.ResourceTargetKind{wikicities.TargetPartnership, wikicities.TargetResponsibility, wikicities.TargetEvent, wikicities.TargetCampaign} {
		targets[k] = f.Int64(string(k), 0, verb+" the resource: the "+string(k)+" with this id")
	}
	pos, err := f.parse(args, 1, 1)
	if err != nil {
		return err
	}
	id, err := recordID("resource", pos[0])
	if err != nil {
		return err
	}
	var target wikicities.ResourceTarget
	for k, v := range targets {
		if *v != 0 {
			if target.Kind != "" {
				return usageError{"give one of --partnership, --responsibility, --event, --campaign"}
			}
			target = wikicities.ResourceTarget{Kind: k, ID: *v}
		}
	}
	if target.Kind == "" {
		return usageError{"--partnership, --responsibility, --event or --campaign is required"}
	}
	env, err := openDirectory(ctx, f.store, false)
	if err != nil {
		return err
	}
	defer env.Close()
	if err := change(env.db.Training(), env.ctx, id, target); err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "resource %d %s %s %d\n", id, done, target.Kind, target.ID)
	return nil
}

// trainingRecommend is `training recommend COMMUNITY`.
func trainingRecommend(ctx context.Context, args []string, rw IO) error {
	f := newFlags("training recommend", "COMMUNITY", rw)
	limit := f.Int("limit", 10, "how many")
	asJSON := f.Bool("json", false, "print JSON")
	env, c, err := openCommunityArg(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	recs, err := env.db.Training().RecommendResources(env.ctx, c.ID, *limit)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(rw.Stdout, recs)
	}
	pr := f.printer()
	for _, r := range recs {
		var why []string
		for _, x := range r.Reasons {
			why = append(why, labels.ResourceReason(pr, x))
		}
		fmt.Fprintf(rw.Stdout, "%d\t%s\t%.1f\t%s\n", r.Resource.ID, r.Resource.Title, r.Score, strings.Join(why, "; "))
	}
	return nil
}

// trainingLinks is `training links`: checks every link of the library once,
// politely, and marks the gone ones outdated (the server runs the same
// check on a schedule).
func trainingLinks(ctx context.Context, args []string, rw IO) error {
	f := newFlags("training links", "", rw)
	every := f.Duration("interval", time.Second, "at most one request per interval")
	env, err := openDirectoryNoArgs(ctx, f, args, false)
	if err != nil {
		return err
	}
	defer env.Close()
	c := &linkcheck.Checker{Limiter: rate.NewLimiter(rate.Every(*every), 1)}
	rep, err := c.Run(env.ctx, env.db.Training())
	if err != nil {
		return err
	}
	fmt.Fprintf(rw.Stdout, "%d links checked: %d alive, %d gone (marked outdated), %d unknown\n", rep.Checked, rep.Alive, rep.Gone, rep.Unknown)
	return nil
}
