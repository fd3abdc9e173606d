package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
		return writeJSONOut(rw, rs)
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
