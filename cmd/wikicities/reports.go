package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/wikicities/wikicities/report"
)

// exportReports writes the country table of the report (figures and gaps
// of every country, see package report) as csv or json to out, or to
// standard output when out is empty: `wikicities export reports`.
// prefix (a byte-order mark, or nothing) is written first.
func exportReports(ctx context.Context, sf storeFlags, format, prefix, out string, rw IO) error {
	f, err := report.ParseFormat(format)
	if err != nil {
		return usageError{fmt.Sprintf("export reports: --format %q is not one of csv, json", format)}
	}
	env, err := openDirectory(ctx, sf, true)
	if err != nil {
		return err
	}
	defer env.Close()
	r, err := report.Load(env.ctx, env.db.Services(), env.graph)
	if err != nil {
		return err
	}
	if out != "" {
		file, err := os.Create(out)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(file, prefix); err != nil {
			file.Close()
			return err
		}
		if err := r.Write(file, f); err != nil {
			file.Close()
			return err
		}
		return file.Close()
	}
	io.WriteString(rw.Stdout, prefix)
	return r.Write(rw.Stdout, f)
}
