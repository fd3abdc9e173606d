package http

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/regions/regionwd"
)

// RegionInstitutionsFunc asks Wikidata for the institutions of a region
// (regionwd.WikidataQuery through a SPARQL client); serve sets it when
// network access is configured (--region-wikidata).
type RegionInstitutionsFunc func(ctx context.Context, reg *admin1.Region) ([]regionwd.Candidate, error)

// regionWikidataTTL is how long a region's answer from Wikidata is kept.
const regionWikidataTTL = time.Hour

// regionWikidataTimeout bounds one question to the query service.
const regionWikidataTimeout = 90 * time.Second

type wikidataAnswer struct {
	list []regionwd.Candidate
	at   time.Time
}

// wikidataCache keeps the answers by region key.
type wikidataCache struct {
	mu      sync.Mutex
	answers map[string]wikidataAnswer
}

// regionCandidate is a candidate of the page: its item, and its page here
// when the directory has it already.
type regionCandidate struct {
	regionwd.Candidate
	KindLabel, DirectoryURL string
}

// regionWikidataPage is the Data of /regions/{key}/wikidata.
type regionWikidataPage struct {
	Key, Name, Path string
	Configured      bool
	Candidates      []regionCandidate
	New, WiR        int
}

// wikidataPage asks Wikidata (on request, at most once an hour per region)
// for the museums, libraries, archives, galleries and universities of the
// region and lists them as potential partners with their items, those the
// directory has already linked to their pages.
func (rd *regionsData) wikidataPage(w http.ResponseWriter, r *http.Request) {
	reg, err := rd.region(r)
	if err != nil {
		rd.s.renderError(w, r, err)
		return
	}
	p := rd.s.newPage(w, r)
	name := reg.NameIn(p.Lang)
	p.Title = p.Msg("region-wikidata-title", name)
	d := regionWikidataPage{Key: reg.Key, Name: name, Path: regionPath(reg.Key), Configured: rd.s.RegionInstitutions != nil}
	if d.Configured {
		list, err := rd.wikidata(r.Context(), reg.Region)
		if err != nil {
			rd.s.renderError(w, r, err)
			return
		}
		known := map[string]int64{}
		for _, x := range reg.Institutions {
			if x.QID != "" {
				known[x.QID] = x.Ref.ID
			}
		}
		for _, c := range list {
			rc := regionCandidate{Candidate: c, KindLabel: institutionKindLabel(p.Printer(), c.Kind)}
			if id, ok := known[c.QID]; ok {
				rc.DirectoryURL = fmt.Sprintf("/institutions/%d", id)
			} else {
				d.New++
			}
			if c.WiR {
				d.WiR++
			}
			d.Candidates = append(d.Candidates, rc)
		}
	}
	p.Data = d
	rd.s.render(w, r, http.StatusOK, "region-wikidata", p)
}

// wikidata returns the region's answer, asking the query service when
// there is none younger than regionWikidataTTL.
func (rd *regionsData) wikidata(ctx context.Context, reg *admin1.Region) ([]regionwd.Candidate, error) {
	rd.wd.mu.Lock()
	a, ok := rd.wd.answers[reg.Key]
	rd.wd.mu.Unlock()
	if ok && time.Since(a.at) < regionWikidataTTL {
		return a.list, nil
	}
	ctx, cancel := context.WithTimeout(ctx, regionWikidataTimeout)
	defer cancel()
	list, err := rd.s.RegionInstitutions(ctx, reg)
	if err != nil {
		// The query service is away or refused: the reader may try later.
		return nil, fmt.Errorf("asking Wikidata for the institutions of %s: %w: %v", reg.Key, wikicities.ErrUnavailable, err)
	}
	rd.wd.mu.Lock()
	if rd.wd.answers == nil {
		rd.wd.answers = map[string]wikidataAnswer{}
	}
	rd.wd.answers[reg.Key] = wikidataAnswer{list, time.Now()}
	rd.wd.mu.Unlock()
	return list, nil
}
