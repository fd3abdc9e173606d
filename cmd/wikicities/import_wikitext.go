package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/wikitext"
)

// runImportWikitext imports the twinning tables of a wikitext file or of a
// wiki page: wikicities import wikitext FILE | --wiki URL --page TITLE.
func runImportWikitext(ctx context.Context, args []string, rw IO) error {
	f := newFlags("import wikitext", "FILE | --wiki URL --page TITLE", rw)
	var wf wikiFlags
	wf.register(f.FlagSet)
	dry := f.Bool("dry-run", false, "report what would be imported, change nothing")
	strict := f.Bool("strict", false, "import nothing when any row is rejected")
	asJSON := f.Bool("json", false, "print the report as JSON")
	report := f.String("report", "", "write every rejected row, merge and warning with its line to this file (- for standard output)")
	pos, err := f.parse(args, 0, 1)
	if err != nil {
		return err
	}
	var text, source string
	switch {
	case len(pos) == 1 && wf.page == "":
		file, err := openImportFile(pos[0])
		if err != nil {
			return err
		}
		b, err := io.ReadAll(file)
		file.Close()
		if err != nil {
			return err
		}
		text, source = string(b), pos[0]
	case len(pos) == 0 && wf.page != "":
		c, err := wf.client(ctx, false)
		if err != nil {
			return err
		}
		rev, err := c.Page(ctx, wf.page)
		if err != nil {
			return err
		}
		if rev.Missing {
			return fmt.Errorf("page %q does not exist on %s: %w", wf.page, c.API, wikicities.ErrNotFound)
		}
		text, source = rev.Text, wf.source(c, rev)
	default:
		return usageError{"import wikitext: give one FILE, or --wiki and --page"}
	}
	rep, err := importTwinningText(ctx, f.store, text, source, twinningImport{Source: source, DryRun: *dry, Strict: *strict})
	if rep != nil {
		if *report != "" && *report != "-" {
			if werr := writeTo(rw.Stdout, *report, func(w io.Writer) error { rep.WriteText(w, true); return nil }); werr != nil {
				return werr
			}
		}
		if *asJSON {
			enc := json.NewEncoder(rw.Stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(rep); err != nil {
				return err
			}
		} else {
			rep.WriteText(rw.Stdout, *report == "-")
		}
	}
	return err
}

// importTwinningText parses text and imports its twinning rows. A table the
// reader cannot read is an error naming the source and line. In strict mode
// a rejected row aborts the import (nothing is written).
func importTwinningText(ctx context.Context, sf storeFlags, text, source string, opts twinningImport) (*importer.TwinningReport, error) {
	opts.Source = source
	if opts.Groups == nil {
		opts.Groups = store.DirectoryGroups{}
	}
	tables, err := wikitext.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	rows, rejected, err := wikitext.TwinningRows(tables)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	db, err := sf.open(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if opts.Strict && len(rejected) > 0 {
		opts.DryRun = true
	}
	rep, err := importer.ImportTwinning(ctx, db, rows, opts)
	if rep == nil {
		return nil, err
	}
	// Rows the reader rejected (no city, several cities in one cell) come
	// first in the report, in line order with the store's rejections.
	rep.RowsRead += len(rejected)
	rep.Rejected = append(rejected, rep.Rejected...)
	sort.SliceStable(rep.Rejected, func(i, j int) bool { return rep.Rejected[i].Line < rep.Rejected[j].Line })
	if err == nil && opts.Strict && len(rep.Rejected) > 0 {
		err = fmt.Errorf("%s: line %d: %s (and %d more rejected rows): nothing imported (--strict): %w",
			source, rep.Rejected[0].Line, rep.Rejected[0].Reason, len(rep.Rejected)-1, wikicities.ErrInvalid)
	}
	return rep, err
}

// twinningImport is an import of twinning rows into the store.
type twinningImport = importer.TwinningImport[*store.Tx]

// The store is what the importers import into.
var (
	_ importer.Store[*store.Tx]     = (*store.DB)(nil)
	_ importer.GroupSink[*store.Tx] = store.DirectoryGroups{}
)
