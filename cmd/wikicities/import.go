package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/importer/sparql"
)

func init() {
	register(command{name: "import", summary: "import twin towns from a file: import csv FILE | import sparql FILE", run: runImport})
}

// importFlags are the flags shared by import and sync.
type importFlags struct {
	store  storeFlags
	strict bool
	report string
	json   bool
}

func (f *importFlags) register(rw IO, name string) *flag.FlagSet {
	fs := newFlags(name, rw)
	f.store.register(fs)
	fs.BoolVar(&f.strict, "strict", false, "abort the whole import on the first bad row (nothing is written)")
	fs.StringVar(&f.report, "report", "", "write every merge, rejection, duplicate and warning with its place to this file")
	fs.BoolVar(&f.json, "json", false, "print the summary as JSON")
	return fs
}

func runImport(ctx context.Context, args []string, rw IO) error {
	var f importFlags
	fs := f.register(rw, "import")
	fs.Usage = func() {
		fmt.Fprintln(rw.Stderr, "Usage: wikicities import csv|sparql FILE [flags]\n\ncsv: columns city1,country1,lat1,lng1,city2,country2,lat2,lng2\nsparql: SPARQL JSON results of the query printed by 'wikicities sync wikidata --print-query'\n\nFlags:")
		fs.PrintDefaults()
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || (pos[0] != "csv" && pos[0] != "sparql") {
		fs.Usage()
		return usageError{"want: import csv|sparql FILE"}
	}
	kind, path := pos[0], pos[1]
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	name := filepath.Base(path)
	var b *importer.Batch
	if kind == "csv" {
		b, err = csvimport.Read(file, name, f.strict)
	} else {
		b, err = sparql.Read(file, name, f.strict)
	}
	if err != nil {
		return err
	}
	b.Origin = path
	return f.run(ctx, b, rw)
}

// run writes the batch to the store and reports.
func (f *importFlags) run(ctx context.Context, b *importer.Batch, rw IO) error {
	db, err := f.store.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = wikicities.NewContext(ctx, wikicities.System)
	bar := newProgress(rw.Stderr, "importing")
	res, err := importer.Import(ctx, db, b, importer.Options{Strict: f.strict, Progress: func(done, total int) {
		bar.Set(int64(done), int64(total))
	}})
	bar.Done()
	if err != nil {
		return err
	}
	if f.report != "" {
		if err := writeTo(rw.Stdout, f.report, res.WriteReport); err != nil {
			return err
		}
	}
	if f.json {
		enc := json.NewEncoder(rw.Stdout)
		enc.SetIndent("", "  ")
		summary := *res
		summary.Issues = nil
		return enc.Encode(summary)
	}
	if err := res.WriteSummary(rw.Stdout); err != nil {
		return err
	}
	if f.report != "" {
		fmt.Fprintf(rw.Stdout, "report:             %s (%d lines)\n", f.report, len(res.Issues))
		return nil
	}
	// The first rejected rows, so that nobody needs a flag to learn why a
	// row was refused.
	if err := res.WriteRejected(rw.Stdout, importer.MaxShown); err != nil {
		return err
	}
	if res.RowsRejected > importer.MaxShown || res.Warnings > 0 {
		fmt.Fprintln(rw.Stdout, "(run with --report FILE to see every rejection and warning with its line)")
	}
	return nil
}

// writeTo writes with write to the file at path, or to stdout when path
// is "-".
func writeTo(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
