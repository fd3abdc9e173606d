package importer_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

func TestImportTwinningCreatesCitiesAndLinksWithProvenance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows := []wikicities.TwinningRow{
			{City: "Munich", Country: "Germany", Group: "WMDE", GroupPage: "Wikimedia Deutschland", TwinCity: "Bordeaux", TwinCountry: "France", Year: 1964, Line: 10},
			{City: "Kraków", Country: "Poland", TwinCity: "Nuremberg", TwinCountry: "Germany", Line: 12},
			{City: "Kraków", Country: "Poland", TwinCity: "Leipzig", TwinCountry: "Germany", Line: 20},
		}
		rep, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "Twinning@42"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.RowsRead != 3 || rep.CitiesAdded != 5 || rep.LinksAdded != 3 || len(rep.Rejected) != 0 {
			t.Fatalf("report %+v", rep)
		}
		if len(rep.Groups) != 1 || !strings.Contains(rep.Groups[0], `group "WMDE" in city "Munich, Germany" (not imported: directory not available)`) {
			t.Errorf("groups %q", rep.Groups)
		}
		links, err := db.Cities().AllTwinLinks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		prov := map[string]bool{}
		for _, l := range links {
			if l.Source != wikicities.SourceWikitext {
				t.Errorf("link source %q", l.Source)
			}
			prov[l.Provenance] = true
			if l.Provenance == "Twinning@42:10" && l.Year != 1964 {
				t.Errorf("year %d", l.Year)
			}
		}
		for _, p := range []string{"Twinning@42:10", "Twinning@42:12", "Twinning@42:20"} {
			if !prov[p] {
				t.Errorf("no link with provenance %q (have %v)", p, prov)
			}
		}
		entries, err := db.AuditLog(ctx, "city", 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 5 {
			t.Errorf("%d city creations audited, want 5", len(entries))
		}

		// Importing again matches every city and adds nothing.
		rep, err = importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "Twinning@43"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.CitiesAdded != 0 || rep.CitiesMatched != 5 || rep.LinksAdded != 0 || rep.LinksPresent != 3 {
			t.Errorf("second import %+v", rep)
		}
	})
}

func TestImportTwinningMatchesCitiesByNameAndCompatibleCountry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		london := &wikicities.City{Name: "London", Country: "United Kingdom", QID: "Q84"}
		londonCA := &wikicities.City{Name: "London", Country: "Canada"}
		paris := &wikicities.City{Name: "Paris", Country: "France"}
		for _, c := range []*wikicities.City{london, londonCA, paris} {
			if err := db.Cities().CreateCity(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		rows := []wikicities.TwinningRow{
			{City: "london", Country: "England", TwinCity: "Paris", Line: 1},            // constituent country, folded name
			{City: "London", Country: "Canada", TwinCity: "Paris", Line: 2},             // the other London
			{City: "London", TwinCity: "Paris", Line: 3},                                // which London?
			{City: "Paris", Country: "France", TwinCity: "PARIS", Line: 4},              // itself
			{City: "Paris", Country: "Texas, United States", TwinCity: "Rome", Line: 5}, // another Paris
		}
		rep, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "f.wiki"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.LinksAdded != 3 || rep.CitiesAdded != 2 {
			t.Errorf("report %+v", rep)
		}
		rejected := map[int]string{}
		for _, r := range rep.Rejected {
			rejected[r.Line] = r.Reason
		}
		if !strings.Contains(rejected[3], "could be any of 2 cities") || !strings.Contains(rejected[4], "cannot be twinned with itself") || len(rejected) != 2 {
			t.Errorf("rejected %+v", rep.Rejected)
		}
		for _, c := range []*wikicities.City{london, londonCA} {
			tw, err := db.Cities().AllTwinLinks(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, l := range tw {
				if (l.A == c.ID && l.B == paris.ID) || (l.B == c.ID && l.A == paris.ID) {
					found = true
				}
			}
			if !found {
				t.Errorf("no link between %s and Paris", wikicities.LabelString(c.Name, c.Country))
			}
		}
	})
}

func TestImportTwinningDryRunAndStrictChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows := []wikicities.TwinningRow{
			{City: "Bologna", TwinCity: "Valencia", Line: 1},
			{City: "Bologna", TwinCity: "Bologna", Line: 2},
		}
		rep, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x", DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.DryRun || rep.CitiesAdded != 2 || rep.LinksAdded != 1 || len(rep.Rejected) != 1 {
			t.Errorf("dry-run report %+v", rep)
		}
		if st := counts(t, db); st.Cities != 0 || st.TwinLinks != 0 {
			t.Errorf("dry run left %d cities, %d links", st.Cities, st.TwinLinks)
		}
		rep, err = importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x", Strict: true})
		if !errors.Is(err, wikicities.ErrInvalid) || rep == nil || !strings.Contains(err.Error(), "x: line 2:") {
			t.Fatalf("strict import: %v", err)
		}
		if st := counts(t, db); st.Cities != 0 || st.TwinLinks != 0 {
			t.Errorf("a refused strict import left %d cities, %d links", st.Cities, st.TwinLinks)
		}
	})
}

// A sink that fails makes the whole import fail: nothing is left behind.
type failingGroups struct{}

func (failingGroups) ImportGroup(context.Context, *store.Tx, wikicities.TwinningGroup) (string, error) {
	return "", fmt.Errorf("directory down")
}

func TestImportTwinningIsAtomic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rows := []wikicities.TwinningRow{
			{City: "Leipzig", TwinCity: "Kraków", Line: 1},
			{City: "Kyoto", Group: "Wikimedians of Japan", TwinCity: "Zürich", Line: 2},
		}
		if _, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "x", Groups: failingGroups{}}); err == nil {
			t.Fatal("import with a failing group sink succeeded")
		}
		if st := counts(t, db); st.Cities != 0 || st.TwinLinks != 0 {
			t.Errorf("a failed import left %d cities, %d links", st.Cities, st.TwinLinks)
		}
	})
}
