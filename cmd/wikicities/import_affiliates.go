package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/affiliates"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/store"
)

// affiliateFlags say where the affiliate lists are read.
type affiliateFlags struct {
	wiki, endpoint          string
	noWiki, noWikidata      bool
	chapters, thematic, ugs string
	timeout                 time.Duration
	userAgent               string
}

func (f *affiliateFlags) register(fs *flag.FlagSet, prefix string) {
	fs.StringVar(&f.wiki, prefix+"wiki", "https://meta.wikimedia.org", "the wiki with the affiliate lists: its URL or the URL of its api.php")
	fs.StringVar(&f.endpoint, prefix+"endpoint", sparql.DefaultEndpoint, "SPARQL endpoint to query for the affiliates' Wikidata items")
	fs.BoolVar(&f.noWiki, prefix+"no-wiki", false, "do not read the wiki's lists (Wikidata only)")
	fs.BoolVar(&f.noWikidata, prefix+"no-wikidata", false, "do not query Wikidata (the wiki's lists only)")
	fs.StringVar(&f.chapters, prefix+"chapters-page", affiliates.MetaPages[0].Title, "title of the list of chapters")
	fs.StringVar(&f.thematic, prefix+"thematic-page", affiliates.MetaPages[1].Title, "title of the list of thematic organizations")
	fs.StringVar(&f.ugs, prefix+"user-groups-page", affiliates.MetaPages[2].Title, "title of the list of user groups")
	fs.DurationVar(&f.timeout, prefix+"timeout", 5*time.Minute, "time limit of each request")
	fs.StringVar(&f.userAgent, prefix+"user-agent", mediawiki.DefaultUserAgent, "User-Agent sent to the wiki (add your contact, as Wikimedia's policy asks)")
}

// source returns the affiliates source the flags select.
func (f *affiliateFlags) source() (affiliates.Source, error) {
	var s affiliates.Source
	if !f.noWiki {
		c, err := mediawiki.New(mediawiki.APIURL(f.wiki))
		if err != nil {
			return s, err
		}
		c.UserAgent = f.userAgent
		c.HTTP = newHTTPClient(f.timeout)
		s.Wiki = c
		s.Pages = []affiliates.Page{{Title: f.chapters, Kind: wikicities.KindChapter},
			{Title: f.thematic, Kind: wikicities.KindThematic}, {Title: f.ugs, Kind: wikicities.KindUserGroup}}
	}
	if !f.noWikidata {
		s.SPARQL = &sparql.Client{Endpoint: f.endpoint, HTTP: newHTTPClient(f.timeout)}
	}
	if s.Wiki == nil && s.SPARQL == nil {
		return s, usageError{"--no-wiki and --no-wikidata leave nothing to read"}
	}
	return s, nil
}

// importAffiliates reads the lists and imports them into db.
func importAffiliates(ctx context.Context, db *store.DB, src affiliates.Source, opts store.AffiliateImport) (*store.AffiliateReport, []affiliates.Rejected, error) {
	lists, err := src.Read(ctx)
	if err != nil {
		return nil, nil, err
	}
	opts.Provenance = lists.Provenance
	rep, err := db.ImportAffiliates(wikicities.NewContext(ctx, wikicities.System), lists.Affiliates, opts)
	return rep, lists.Rejected, err
}

// runImportAffiliates is `wikicities import affiliates`: it reads Meta-Wiki's
// lists of chapters, thematic organizations and user groups and Wikidata's
// items about them, and lists each affiliate in the directory (see
// store.ImportAffiliates), printing what changed.
func runImportAffiliates(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("import affiliates", "", rw)
	var af affiliateFlags
	af.register(fs.FlagSet, "")
	apply := fs.Bool("apply", false, "take each probable match as the community it probably is (default: only list it)")
	dryRun := fs.Bool("dry-run", false, "show what would change and change nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	printQuery := fs.Bool("print-query", false, "print the Wikidata query and exit")
	if _, err := fs.parse(args, 0, 0); err != nil {
		return err
	}
	if *printQuery {
		fmt.Fprintln(rw.Stdout, affiliates.Query)
		return nil
	}
	src, err := af.source()
	if err != nil {
		return err
	}
	db, err := fs.store.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, rejected, err := importAffiliates(ctx, db, src, store.AffiliateImport{Apply: *apply, DryRun: *dryRun})
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(rw.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			*store.AffiliateReport
			Rejected []affiliates.Rejected `json:"rejected"`
		}{rep, append([]affiliates.Rejected{}, rejected...)})
	}
	rep.WriteText(rw.Stdout)
	for _, r := range rejected {
		fmt.Fprintf(rw.Stdout, "  rejected: %s: %s\n", r.Place, r.Reason)
	}
	if rep.Probable > 0 && !*apply {
		fmt.Fprintln(rw.Stdout, "run again with --apply to take the probable matches as those communities")
	}
	return nil
}
