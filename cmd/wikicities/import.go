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

// importFlags are the flags shared by import csv|sparql and sync wikidata.
type importFlags struct {
	strict bool
	report string
	json   bool
}

func (f *importFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.strict, "strict", false, "abort the whole import on the first bad row (nothing is written)")
	fs.StringVar(&f.report, "report", "", "write every merge, rejection, duplicate and warning with its place to this file")
	fs.BoolVar(&f.json, "json", false, "print the summary and every issue (rejection, warning, merge, duplicate with its place) as JSON")
}

// importFile returns `import csv FILE` or `import sparql FILE`.
func importFile(kind string) func(context.Context, []string, IO) error {
	return func(ctx context.Context, args []string, rw IO) error {
		f := newFlags("import "+kind, "FILE", rw)
		var imp importFlags
		imp.register(f.FlagSet)
		pos, err := f.parse(args, 1, 1)
		if err != nil {
			return err
		}
		path := pos[0]
		file, err := openImportFile(path)
		if err != nil {
			return err
		}
		defer file.Close()
		name := filepath.Base(path)
		var b *importer.Batch
		if kind == "csv" {
			b, err = csvimport.Read(file, name, imp.strict)
		} else {
			b, err = sparql.Read(file, name, imp.strict)
		}
		if err != nil {
			return err
		}
		b.Origin = path
		return imp.run(ctx, f.store, b, rw)
	}
}

// openImportFile opens the file an import reads. A directory is refused
// by its path: it was read as a file and reported as a malformed one
// ("twin-cities:1: read twin-cities/: is a directory", "malformed SPARQL
// JSON results").
func openImportFile(path string) (*os.File, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if st, err := file.Stat(); err == nil && st.IsDir() {
		file.Close()
		return nil, fmt.Errorf("%s is a directory: give the file to import", path)
	}
	return file, nil
}

// run writes the batch to the store and reports.
func (f *importFlags) run(ctx context.Context, sf storeFlags, b *importer.Batch, rw IO) error {
	db, err := sf.open(ctx)
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
		// Every issue with its place, as --report lists them: a script
		// learns which rows were rejected and why, as a person does from
		// the text.
		enc := json.NewEncoder(rw.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
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
