package report_test

import (
	"context"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/report"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// additive returns the figures that each city, community or institution
// adds to exactly one country and one region.
func additive(f report.Figures) [9]int {
	return [9]int{f.Cities, f.TwinnedCities, f.Communities.Active, f.Communities.Dormant, f.Communities.Closed,
		f.Communities.Total, f.Institutions, f.CitiesToRecruit, f.CommunitiesWithoutPartner}
}

func add(sum *[9]int, f report.Figures) {
	for i, v := range additive(f) {
		sum[i] += v
	}
}

// On the real world dataset, imported with the product's importer and
// given synthetic communities, institutions and partnerships: the regions
// and the countries add up to the world, links counted within a scope once
// and abroad from both ends, and every country label of the file has its
// row and a known region.
func TestRealDatasetRegionsAddUpToTheWorld(t *testing.T) {
	ctx := context.Background()
	db := storetest.MustOpen(t, store.SQLite)
	g := realdata.Import(t, db)
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		t.Fatal(err)
	}

	rng := rand.New(rand.NewPCG(7, 8))
	parties := &wikicities.ReportParties{}
	statuses := []wikicities.Status{wikicities.StatusActive, wikicities.StatusActive, wikicities.StatusDormant, wikicities.StatusClosed}
	for i := range 3000 {
		parties.Communities = append(parties.Communities, wikicities.PartyPlace{
			Ref:  wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: int64(i + 1)},
			Name: "c", CityID: cities[rng.IntN(len(cities))].ID, Status: statuses[rng.IntN(len(statuses))], Archived: i%50 == 0})
	}
	for i := range 500 {
		parties.Institutions = append(parties.Institutions, wikicities.PartyPlace{
			Ref: wikicities.PartyRef{Kind: wikicities.PartyInstitution, ID: int64(i + 1)}, Name: "i", CityID: cities[rng.IntN(len(cities))].ID})
	}
	for i := range 400 {
		parties.Partnerships = append(parties.Partnerships, wikicities.PartnershipParties{PartnershipID: int64(i + 1),
			A:     wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: int64(1 + rng.IntN(3000))},
			B:     wikicities.PartyRef{Kind: wikicities.PartyCommunity, ID: int64(1 + rng.IntN(3000))},
			State: wikicities.States[rng.IntN(len(wikicities.States))]})
	}
	r := report.Build(report.Input{Graph: g, Parties: parties})

	nCities, nLinks := g.Len()
	if r.Total.Cities != nCities || r.Total.TwinLinks.Within != nLinks {
		t.Errorf("world: %d cities, %d links; the graph has %d and %d", r.Total.Cities, r.Total.TwinLinks.Within, nCities, nLinks)
	}
	if r.Total.Communities.Total == 0 || r.Total.PotentialPartnerships == 0 || r.Total.CitiesToRecruit == 0 {
		t.Fatalf("the synthetic directory left no figure to check: %+v", r.Total)
	}
	for _, scope := range []struct {
		name string
		rows []report.Figures
	}{
		{"regions", func() (fs []report.Figures) {
			for _, x := range r.Regions {
				fs = append(fs, x.Figures)
			}
			return fs
		}()},
		{"countries", func() (fs []report.Figures) {
			for _, x := range r.Countries {
				fs = append(fs, x.Figures)
			}
			return fs
		}()},
	} {
		var sum [9]int
		within, abroad, partnerships := 0, 0, 0
		for _, f := range scope.rows {
			add(&sum, f)
			within += f.TwinLinks.Within
			abroad += f.TwinLinks.Abroad
			for _, n := range f.Partnerships {
				partnerships += n
			}
		}
		if sum != additive(r.Total) {
			t.Errorf("%s add up to %v, the world has %v", scope.name, sum, additive(r.Total))
		}
		if within+abroad/2 != nLinks || abroad%2 != 0 {
			t.Errorf("%s: %d links within and %d abroad, want within + abroad/2 = %d", scope.name, within, abroad, nLinks)
		}
		if partnerships < len(parties.Partnerships) {
			t.Errorf("%s count %d partnerships, fewer than the %d there are", scope.name, partnerships, len(parties.Partnerships))
		}
	}

	// Every country label of the file has its row, in a known region.
	file, err := os.Open(realdata.TwinCitiesCSV(t))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	cr := csv.NewReader(file)
	cr.Read() // header
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, label := range []string{rec[1], rec[5]} {
			if label == "" || seen[label] {
				continue
			}
			seen[label] = true
			c := r.Country(label)
			if c == nil {
				t.Errorf("country %q of the file has no row", label)
			} else if c.Region == twins.RegionUnknown {
				t.Errorf("country %q (%s) is in no region: add it to the table in twins/regions.go", label, c.Name)
			}
		}
	}
	for _, reg := range r.Regions {
		if reg.Region == twins.RegionUnknown {
			t.Logf("unknown region: %d cities in %q", reg.Cities, reg.Countries)
		}
	}
}
