package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twincheck"
)

// exportWorklist is `wikicities export worklist`: the twin links that may
// not be true (known from one source only, stated on one side only in
// Wikidata, placed in different countries by two sources), as a worklist
// for Wikidata editors. prefix (a byte-order mark, or nothing) is written
// first.
func exportWorklist(ctx context.Context, sf storeFlags, format, kinds, prefix, out string, rw IO) error {
	var want []twincheck.Kind
	for _, k := range strings.Split(kinds, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		found := false
		for _, known := range twincheck.Kinds {
			found = found || string(known) == k
		}
		if !found {
			return usageError{fmt.Sprintf("--kind: %q is not one of %s", k, joinKinds(twincheck.Kinds))}
		}
		want = append(want, twincheck.Kind(k))
	}
	switch format {
	case "csv", "wikitext", "json", "text":
	default:
		return usageError{fmt.Sprintf("export worklist: --format %q is not one of csv, wikitext, json, text", format)}
	}
	db, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := checkTwins(ctx, db)
	if err != nil {
		return err
	}
	w := rw.Stdout
	if out != "" {
		file, err := os.Create(out)
		if err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	fs := r.Filter(want...)
	if _, err := io.WriteString(w, prefix); err != nil {
		return err
	}
	switch format {
	case "csv":
		err = twincheck.WriteCSV(w, fs)
	case "wikitext":
		_, err = io.WriteString(w, twincheck.Wikitext("WikiCities: twin links to check on Wikidata", fs))
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			*twincheck.Report
			Findings []twincheck.Finding `json:"findings"`
		}{r, append([]twincheck.Finding{}, fs...)})
	default:
		fmt.Fprintf(w, "%d twin links: %d stated on one side only in Wikidata, %d not in Wikidata, %d only in Wikidata, %d contradictions\n",
			r.Links, r.Counts[twincheck.OneSided], r.Counts[twincheck.NotInWikidata], r.Counts[twincheck.OnlyInWikidata], r.Counts[twincheck.Contradiction])
		for _, f := range fs {
			fmt.Fprintf(w, "  %s: %s – %s (%s): %s\n", f.Kind, placeLabel(f.A), placeLabel(f.B), strings.Join(f.Sources, "+"), f.Action)
		}
	}
	if err != nil {
		return err
	}
	if out != "" {
		return w.(*os.File).Close()
	}
	return nil
}

func placeLabel(p twincheck.Place) string {
	s := p.Name
	if p.Country != "" {
		s += ", " + p.Country
	}
	if p.QID != "" {
		s += " " + p.QID
	}
	return s
}

func joinKinds(ks []twincheck.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// checkTwins runs twincheck over the store's cities and statements.
func checkTwins(ctx context.Context, db *store.DB) (*twincheck.Report, error) {
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		return nil, err
	}
	st, err := db.LinkStatements(ctx)
	if err != nil {
		return nil, err
	}
	return twincheck.Check(cities, st), nil
}
