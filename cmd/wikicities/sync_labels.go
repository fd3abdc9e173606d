package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/citynames"
)

// runSyncLabels is `wikicities sync labels`: it fetches the Wikidata labels
// of every city that has an item, in the site's languages and more, and
// stores them as the cities' names in those languages.
func runSyncLabels(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("sync labels", "", rw)
	wd := registerSPARQL(fs)
	langs := fs.String("languages", strings.Join(citynames.DefaultLanguages, ","), "comma-separated Wikimedia language codes of the names to fetch")
	batch := fs.Int("batch", 2000, "items per query")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if _, err := fs.parse(args, 0, 0); err != nil {
		return err
	}
	var languages []string
	for _, l := range strings.Split(*langs, ",") {
		l = strings.ToLower(strings.TrimSpace(l))
		if l == "" {
			continue
		}
		if !wikicities.ValidLanguage(l) {
			return usageError{fmt.Sprintf("--languages: %q is not a Wikimedia language code", l)}
		}
		languages = append(languages, l)
	}
	db, err := fs.store.open(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		return err
	}
	c := wd.client()
	s, err := citynames.Fetch(ctx, c, cities, languages, *batch)
	if err != nil {
		return err
	}
	added, changed, removed, err := db.Cities().SetCityNames(wikicities.NewContext(ctx, wikicities.System), s.Names)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(rw.Stdout).Encode(map[string]int{"cities_with_item": s.Cities, "queries": s.Queries, "labels_read": s.Rows,
			"labels_skipped": s.Skipped, "names_added": added, "names_changed": changed, "names_removed": removed})
	}
	fmt.Fprintf(rw.Stdout, "city names: %d cities with a Wikidata item, %d queries, %d labels read (%d skipped), %d names added, %d changed, %d removed\n",
		s.Cities, s.Queries, s.Rows, s.Skipped, added, changed, removed)
	if s.Cities == 0 {
		fmt.Fprintln(rw.Stdout, "no city has a Wikidata item yet: run 'wikicities sync wikidata' (or import SPARQL results) first")
	}
	return nil
}
