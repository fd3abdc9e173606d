package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/wikitext"
)

// publishable are the blocks `publish --what` can write.
var publishable = map[string]bool{"twinning-index": true, "partnerships": true}

// runPublish is `publish --wiki URL --page TITLE [--what W] [--dry-run]`: it
// shows the diff of the page and, unless --dry-run, saves it.
func runPublish(ctx context.Context, args []string, rw IO) error {
	f := newFlags("publish", "", rw)
	var wf wikiFlags
	wf.register(f.FlagSet)
	what := f.String("what", "twinning-index", "what to write: twinning-index, or partnerships (of --community)")
	community := f.Int64("community", 0, "the community whose partnerships --what partnerships writes")
	dry := f.Bool("dry-run", false, "print the diff between the page and the new text, edit nothing")
	summary := f.String("summary", "Update the twinning index from WikiCities", "edit summary")
	if _, err := f.parse(args, 0, 0); err != nil {
		return err
	}
	if !publishable[*what] {
		return usageError{fmt.Sprintf("--what %q: twinning-index or partnerships", *what)}
	}
	if (*what == "partnerships") != (*community > 0) {
		return usageError{"--community ID goes with --what partnerships, and only with it"}
	}
	c, err := wf.client(ctx, !*dry)
	if err != nil {
		return err
	}
	res, err := publish(ctx, c, f.store, wf.page, block{what: *what, community: *community}, *summary, *dry, rw.Stdout)
	if err != nil {
		return err
	}
	switch {
	case res == nil:
	case res.NoChange:
		fmt.Fprintf(rw.Stdout, "%s is up to date\n", wf.page)
	default:
		fmt.Fprintf(rw.Stdout, "saved %s as revision %d\n", wf.page, res.NewRevID)
	}
	return nil
}

// block is what publish writes: the twinning index, or a community's
// partnerships.
type block struct {
	what      string
	community int64
}

// name is the block's name in its page markers.
func (b block) name() string {
	if b.what == "partnerships" {
		return fmt.Sprintf("partnerships-community-%d", b.community)
	}
	return b.what
}

// table builds the block's table from the store.
func (b block) table(ctx context.Context, db *store.DB) (wikitext.TableData, error) {
	if b.what == "partnerships" {
		ref := wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: b.community}
		ps, _, err := db.Partnerships().Partnerships(ctx, wikicities.PartnershipFilter{Party: &ref, Limit: 10000})
		if err != nil {
			return wikitext.TableData{}, err
		}
		caption := fmt.Sprintf("Partnerships of community %d (maintained by WikiCities)", b.community)
		for _, p := range ps {
			if side := p.SideOf(ref); side != "" {
				caption = "Partnerships of " + p.PartyOn(side).Name + " (maintained by WikiCities)"
				break
			}
		}
		return wikitext.PartnershipList(caption, ref, ps), nil
	}
	rows, err := db.TwinningIndex(ctx)
	if err != nil {
		return wikitext.TableData{}, err
	}
	return wikitext.TwinningIndex("Twinning index (maintained by WikiCities)", rows), nil
}

// publish writes block b on page: it reads the page, replaces the block
// (wikitext.ReplaceBlock), prints the unified diff to out and, unless dry,
// saves the edit from the revision it read, so that an edit made meanwhile
// is an edit conflict, never overwritten. It returns nil without editing
// when dry, and NoChange when the page already says it.
func publish(ctx context.Context, c *mediawiki.Client, sf storeFlags, page string, b block, summary string, dry bool, out io.Writer) (*mediawiki.EditResult, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, err
	}
	data, err := b.table(ctx, db)
	db.Close()
	if err != nil {
		return nil, err
	}
	rev, err := c.Page(ctx, page)
	if err != nil {
		return nil, err
	}
	text, err := wikitext.ReplaceBlock(rev.Text, b.name(), wikitext.Write(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", page, err)
	}
	if text == rev.Text || text == rev.Text+"\n" {
		return &mediawiki.EditResult{NoChange: true}, nil
	}
	diff, err := unifiedDiff(rev, text)
	if err != nil {
		return nil, err
	}
	fmt.Fprint(out, diff)
	if dry {
		fmt.Fprintf(out, "dry run: %s not edited (%d rows)\n", page, len(data.Rows))
		return nil, nil
	}
	return c.Edit(ctx, mediawiki.Edit{Title: page, Text: text, Summary: summary, Base: rev})
}

// unifiedDiff is the diff between a page revision and a new text.
func unifiedDiff(rev *mediawiki.Revision, text string) (string, error) {
	from := fmt.Sprintf("%s (revision %d)", rev.Title, rev.RevID)
	if rev.Missing {
		from = rev.Title + " (new page)"
	}
	return difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(rev.Text), B: difflib.SplitLines(text),
		FromFile: from, ToFile: rev.Title + " (WikiCities)", Context: 3,
	})
}
