package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/regions/regionwd"
)

// runSyncRegions is `wikicities sync regions`: it asks Wikidata which
// first-level subdivision contains every city that has an item (P131 to
// any depth, P300 codes) and stores the code, which the region pages then
// prefer to the coordinates. A city whose item names no region of the data
// set loses a code stored earlier.
func runSyncRegions(ctx context.Context, args []string, rw IO) error {
	fs := newFlags("sync regions", "", rw)
	wd := registerSPARQL(fs)
	batch := fs.Int("batch", 500, "items per query")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	if _, err := fs.parse(args, 0, 0); err != nil {
		return err
	}
	if *batch <= 0 {
		return usageError{"--batch must be positive"}
	}
	set, err := admin1.Default()
	if err != nil {
		return err
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
	byQID := map[string][]*wikicities.City{}
	var qids []string
	for _, c := range cities {
		if c.QID != "" {
			if byQID[c.QID] == nil {
				qids = append(qids, c.QID)
			}
			byQID[c.QID] = append(byQID[c.QID], c)
		}
	}
	client := wd.client()
	codes := map[int64]string{}
	queries, rows := 0, 0
	for start := 0; start < len(qids); start += *batch {
		part := qids[start:min(start+*batch, len(qids))]
		queries++
		err := client.Run(ctx, regionwd.RegionCodesQuery(part), func(r io.Reader) error {
			got, n, err := regionwd.ReadRegionCodes(r, fmt.Sprintf("region codes, query %d", queries), set, byQID)
			if err != nil {
				return sparql.Permanent(err)
			}
			rows += n
			for _, q := range part {
				for _, c := range byQID[q] {
					codes[c.ID] = got[c.ID] // "" clears a code Wikidata no longer states
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	withCode := 0
	for _, code := range codes {
		if code != "" {
			withCode++
		}
	}
	changed, err := db.Cities().SetCityRegions(ctx, codes)
	if err != nil {
		return err
	}
	if *asJSON {
		return json.NewEncoder(rw.Stdout).Encode(map[string]int{"cities_with_item": len(codes), "queries": queries, "rows_read": rows,
			"cities_with_region": withCode, "changed": changed})
	}
	fmt.Fprintf(rw.Stdout, "regions: %d cities with a Wikidata item, %d queries, %d rows read, %d cities in a region of the data set, %d changed\n",
		len(codes), queries, rows, withCode, changed)
	return nil
}
