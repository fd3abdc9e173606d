package main

import (
	"context"
	"fmt"
	"io"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/wikitext"
)

func init() {
	register(command{name: "publish", summary: "write the twinning index to a wiki page (shows the diff; --dry-run only shows it)", run: runPublish})
}

// publishable are the blocks `publish --what` can write.
var publishable = map[string]string{"twinning-index": "Twinning index (maintained by WikiCities)"}

func runPublish(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("publish", rw)
	var sf storeFlags
	var wf wikiFlags
	sf.register(fs)
	wf.register(fs)
	what := fs.String("what", "twinning-index", "what to write: twinning-index")
	dry := fs.Bool("dry-run", false, "print the diff between the page and the new text, edit nothing")
	summary := fs.String("summary", "Update the twinning index from WikiCities", "edit summary")
	if err := parse(fs, args); err != nil {
		return err
	}
	if _, ok := publishable[*what]; !ok {
		return usageError{fmt.Sprintf("--what %q: only twinning-index can be published", *what)}
	}
	c, err := wf.client(ctx, !*dry)
	if err != nil {
		return err
	}
	res, err := publish(ctx, c, sf, wf.page, *what, *summary, *dry, rw.Stdout)
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

// publish writes the block what on page: it reads the page, replaces the
// block (wikitext.ReplaceBlock), prints the unified diff to out and, unless
// dry, saves the edit from the revision it read, so that an edit made
// meanwhile is an edit conflict, never overwritten. It returns nil without
// editing when dry or when nothing changes.
func publish(ctx context.Context, c *mediawiki.Client, sf storeFlags, page, what, summary string, dry bool, out io.Writer) (*mediawiki.EditResult, error) {
	db, err := sf.open(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := db.TwinningIndex(ctx)
	db.Close()
	if err != nil {
		return nil, err
	}
	table := wikitext.Write(wikitext.TwinningIndex(publishable[what], rows))
	rev, err := c.Page(ctx, page)
	if err != nil {
		return nil, err
	}
	text, err := wikitext.ReplaceBlock(rev.Text, what, table)
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
		fmt.Fprintf(out, "dry run: %s not edited (%d twinning rows)\n", page, len(rows))
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
