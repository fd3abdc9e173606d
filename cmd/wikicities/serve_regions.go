package main

import (
	"context"
	"io"
	"time"

	"github.com/wikicities/wikicities/geo/admin1"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/regions/regionwd"
)

// regionInstitutions asks the SPARQL endpoint for a region's institutions
// (regionwd.WikidataQuery), for the region pages' "find more on Wikidata";
// serve sets it only when --region-wikidata names an endpoint, since it
// needs the network.
func regionInstitutions(endpoint string) wchttp.RegionInstitutionsFunc {
	c := &sparql.Client{Endpoint: endpoint, MaxAttempts: 2, HTTP: newHTTPClient(80 * time.Second)}
	return func(ctx context.Context, reg *admin1.Region) ([]regionwd.Candidate, error) {
		q, err := regionwd.WikidataQuery(reg)
		if err != nil {
			return nil, err
		}
		var out []regionwd.Candidate
		err = c.Run(ctx, q, func(r io.Reader) error {
			var err error
			out, err = regionwd.ReadWikidata(r, "institutions of "+reg.Key, reg)
			if err != nil {
				return sparql.Permanent(err)
			}
			return nil
		})
		return out, err
	}
}
