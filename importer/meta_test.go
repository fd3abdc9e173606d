package importer_test

import (
	"context"
	"os"
	"testing"

	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/wikitext"
)

// A twin table copied from Meta-Wiki, in the style of its "Wikipedian twin
// towns/Index" page (flags before and after names, interwiki links,
// country templates, line breaks, region qualifiers, footnotes), imported
// into a store that holds the world dataset, creates no city: every place
// it names is one the dataset knows.
func TestMetaTwinTableAddsNoDuplicateCityToTheWorldDataset(t *testing.T) {
	realdata.TwinCitiesCSV(t)
	src, err := os.ReadFile("testdata/meta-twin-towns-index.wiki")
	if err != nil {
		t.Fatal(err)
	}
	tables, err := wikitext.Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	rows, rejected, err := wikitext.TwinningRows(tables)
	if err != nil {
		t.Fatal(err)
	}
	if len(rejected) != 1 || rejected[0].Line != 71 {
		t.Errorf("the reader rejected %+v, want only the placeholder row of line 71", rejected)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := realdata.Import(t, db)
		before, _ := g.Len()
		rep, err := importer.ImportTwinning(ctx, db, rows, importer.TwinningImport[*store.Tx]{Source: "Wikipedian twin towns/Index"})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Rejected {
			t.Errorf("rejected line %d: %s", r.Line, r.Reason)
		}
		if rep.CitiesAdded != 0 {
			t.Errorf("%d cities added, want none: %q", rep.CitiesAdded, rep.NewCities)
		}
		after := counts(t, db).Cities
		if after != before {
			t.Errorf("the store has %d cities, had %d", after, before)
		}
		monterrey, err := db.Cities().LookupCity(ctx, "Monterrey")
		if err != nil {
			t.Fatalf("Monterrey: %v", err)
		}
		houston, err := db.Cities().LookupCity(ctx, "Houston, United States")
		if err != nil {
			t.Fatal(err)
		}
		linked := false
		links, err := db.Cities().AllTwinLinks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			linked = linked || l.A == min(monterrey.ID, houston.ID) && l.B == max(monterrey.ID, houston.ID)
		}
		if !linked {
			t.Error("Monterrey is not twinned with Houston")
		}
	})
}
