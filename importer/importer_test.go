package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

const header = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"

// importCSV parses and imports csv under the file name name.
func importCSV(t *testing.T, db *store.DB, name, csv string, strict bool) (*importer.Result, error) {
	t.Helper()
	b, err := csvimport.Read(strings.NewReader(csv), name, strict)
	if err != nil {
		return nil, err
	}
	return importer.Import(context.Background(), db, b, importer.Options{Strict: strict})
}

func mustImportCSV(t *testing.T, db *store.DB, name, csv string) *importer.Result {
	t.Helper()
	r, err := importCSV(t, db, name, csv, false)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func graph(t *testing.T, db *store.DB) *twins.Graph {
	t.Helper()
	ctx := context.Background()
	cs, err := db.Cities().AllCities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := db.Cities().AllTwinLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Labels make "Inverness, Scotland" resolvable as well.
	for _, c := range cs {
		full, err := db.Cities().City(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		c.Labels = full.Labels
	}
	return twins.New(cs, ls)
}

// snapshot renders every city, label and link, so that two states of the
// store can be compared exactly.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, COALESCE(qid, ''), name, country, lat, lng, has_coords, version FROM cities ORDER BY id`,
		`SELECT label_key, city_id, name, country, '', '', '', '' FROM city_labels ORDER BY label_key`,
		`SELECT a, b, source, year, provenance, '', '', '' FROM twin_links ORDER BY a, b`,
	} {
		rows, err := db.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			v := make([]any, 8)
			p := make([]any, 8)
			for i := range v {
				p[i] = &v[i]
			}
			if err := rows.Scan(p...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, v...)
		}
		rows.Close()
	}
	return b.String()
}

func counts(t *testing.T, db *store.DB) wikicities.GraphStats {
	t.Helper()
	st, err := db.Cities().Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return *st
}

func TestImportResolvesCities(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		csv := header +
			"Augsburg,Germany,48.3689,10.8978,Inverness,\"Scotland, United Kingdom\",57.4778,-4.2247\n" + // 2
			"Inverness,Scotland,57.4778,-4.2247,Augsburg,Germany,48.3689,10.8978\n" + // 3: same pair, other labels
			"Inverness,United Kingdom,57.4778,-4.2247,Kiel,Germany,54.3233,10.1394\n" + // 4
			"Melbourne,Australia,-37.8142,144.9631,Boston,United States,42.3603,-71.0578\n" + // 5
			"Laval,France,48.0707,-0.7734,Boston,\"England, United Kingdom\",42.3603,-71.0578\n" + // 6
			"Rostock,Germany,54.0833,12.1333,\"Varna, Bulgaria\",,43.2167,27.9167\n" + // 7
			"Varna,Bulgaria,43.2167,27.9167,Neukölln (Berlin),Germany,52.4811,13.4353\n" + // 8
			"Kiel,Germany,54.3233,10.1394,Inverness,Scotland,57.4778,-4.2247\n" // 9: repeats line 4
		r := mustImportCSV(t, db, "t.csv", csv)
		want := importer.Result{RowsRead: 8, PairsAdded: 6, CitiesCreated: 10, LabelsMerged: 2, DuplicatesDropped: 2, Warnings: 1}
		got := *r
		got.Issues, got.Source = nil, ""
		if !reflect.DeepEqual(got, want) {
			t.Errorf("summary %+v,\nwant    %+v", got, want)
		}
		var report bytes.Buffer
		r.WriteReport(&report)
		for _, line := range []string{
			`t.csv:3: merged: "Inverness, Scotland" is Inverness, Scotland, United Kingdom`,
			`t.csv:3: duplicate: Inverness, Scotland – Augsburg, Germany repeats t.csv:2`,
			`t.csv:4: merged: "Inverness, United Kingdom" is Inverness`,
			`t.csv:6: warning: "Boston, England, United Kingdom" has the coordinates of its namesake Boston, United States`,
			`t.csv:8: merged: "Varna, Bulgaria"`, // no: Varna was split at line 7 already
		} {
			if strings.HasPrefix(line, "t.csv:8") {
				if strings.Contains(report.String(), line) {
					t.Errorf("report has %q: the split label of line 7 should be the same label", line)
				}
				continue
			}
			if !strings.Contains(report.String(), line) {
				t.Errorf("report lacks %q:\n%s", line, report.String())
			}
		}

		g := graph(t, db)
		tests := []struct {
			query string
			want  []string // "name, country" of the resolved cities
		}{
			{"Inverness", []string{"Inverness, Scotland, United Kingdom"}},
			{"Inverness, Scotland", []string{"Inverness, Scotland, United Kingdom"}},
			{"Inverness, United Kingdom", []string{"Inverness, Scotland, United Kingdom"}},
			{"Boston", []string{"Boston, England, United Kingdom", "Boston, United States"}},
			{"Boston, England", []string{"Boston, England, United Kingdom"}},
			{"Varna", []string{"Varna, Bulgaria"}},
			{"Neukölln (Berlin)", []string{"Neukölln (Berlin), Germany"}},
		}
		for _, tt := range tests {
			var got []string
			for _, c := range lookupAll(t, g, tt.query) {
				got = append(got, wikicities.LabelString(c.Name, c.Country))
			}
			if strings.Join(got, "; ") != strings.Join(tt.want, "; ") {
				t.Errorf("Resolve(%q) = %q, want %q", tt.query, got, tt.want)
			}
		}
		inv := lookupAll(t, g, "Inverness")[0]
		var twinsOf []string
		for _, c := range g.TwinCities(inv.ID) {
			twinsOf = append(twinsOf, c.Name)
		}
		if strings.Join(twinsOf, ",") != "Augsburg,Kiel" {
			t.Errorf("Inverness twins %v, want Augsburg and Kiel once each", twinsOf)
		}
	})
}

func TestImportRemembersLabelsAcrossImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImportCSV(t, db, "a.csv", header+
			"Augsburg,Germany,48.3689,10.8978,Inverness,\"Scotland, United Kingdom\",57.4778,-4.2247\n"+
			"Inverness,Scotland,57.4778,-4.2247,Kiel,Germany,54.3233,10.1394\n")
		before := counts(t, db)
		r := mustImportCSV(t, db, "b.csv", header+
			"Inverness,Scotland,57.4778,-4.2247,Dayton,United States,39.7589,-84.1916\n")
		if r.CitiesCreated != 1 || r.LabelsMerged != 0 || r.PairsAdded != 1 {
			t.Errorf("second import %+v: want only Dayton created and the known label reused", r)
		}
		after := counts(t, db)
		if after.Cities != before.Cities+1 {
			t.Errorf("cities %d -> %d, want one more", before.Cities, after.Cities)
		}
	})
}

func TestImportIsIdempotent(t *testing.T) {
	csv := header +
		"Augsburg,Germany,48.3689,10.8978,Inverness,\"Scotland, United Kingdom\",57.4778,-4.2247\n" +
		"Inverness,Scotland,57.4778,-4.2247,Kiel,Germany,54.3233,10.1394\n" +
		"Laval,France,48.0707,-0.7734,Boston,\"England, United Kingdom\",42.3603,-71.0578\n" +
		"Rostock,Germany,54.0833,12.1333,\"Varna, Bulgaria\",,43.2167,27.9167\n" +
		"Bad,Row,north,0,X,Y,0,0\n"
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		first := mustImportCSV(t, db, "t.csv", csv)
		snap := snapshot(t, db)
		second := mustImportCSV(t, db, "t.csv", csv)
		if got := snapshot(t, db); got != snap {
			t.Errorf("second import changed the store:\nbefore:\n%s\nafter:\n%s", snap, got)
		}
		if second.PairsAdded != 0 || second.CitiesCreated != 0 || second.LabelsMerged != 0 ||
			second.PairsExisting != first.PairsAdded || second.RowsRejected != first.RowsRejected {
			t.Errorf("second import %+v after first %+v: want nothing new", second, first)
		}
	})
}

// Every kind of bad row, in strict mode, aborts the import and leaves the
// store exactly as it was; without strict, the row is reported and the rest
// imported.
func TestImportStrictLeavesStoreUnchanged(t *testing.T) {
	bad := []struct{ name, row string }{
		{"wrong column count", "Augsburg,Germany,48.3689,10.8978,Dayton\n"},
		{"unparsable coordinate", "Augsburg,Germany,48.3689,east,Dayton,United States,39.7589,-84.1916\n"},
		{"out-of-range coordinate", "Augsburg,Germany,48.3689,10.8978,Dayton,United States,39.7589,-284.1916\n"},
		{"empty name", ",Germany,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n"},
		{"invalid UTF-8", "Augsburg,Germ\xe4ny,48.3689,10.8978,Dayton,United States,39.7589,-84.1916\n"},
		{"absurdly long field", "Augsburg,Germany,48.3689,10.8978,Dayton," + strings.Repeat("United States", 50) + ",39.7589,-84.1916\n"},
		{"self-twin by label", "Augsburg,Germany,48.3689,10.8978,AUGSBURG,Germany,48.3689,10.8978\n"},
		{"self-twin by resolution", "Inverness,Scotland,57.4778,-4.2247,Inverness,\"Scotland, United Kingdom\",57.4778,-4.2247\n"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImportCSV(t, db, "base.csv", header+"Munich,Germany,48.1372,11.5755,Edinburgh,Scotland,55.9533,-3.1883\n")
		snap := snapshot(t, db)
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				csv := header + "Augsburg,Germany,48.3689,10.8978,Jinan,China,36.6702,117.0207\n" + tt.row +
					"Augsburg,Germany,48.3689,10.8978,Bourges,France,47.0844,2.3964\n"
				_, err := importCSV(t, db, "bad.csv", csv, true)
				var re *importer.RowError
				if !errors.As(err, &re) || re.Place != "bad.csv:3" {
					t.Fatalf("strict import: err %v, want a RowError at bad.csv:3", err)
				}
				if got := snapshot(t, db); got != snap {
					t.Fatalf("strict import that failed changed the store")
				}
			})
		}
		for _, tt := range bad {
			t.Run(tt.name+" without strict", func(t *testing.T) {
				csv := header + tt.row + "Augsburg,Germany,48.3689,10.8978,Jinan,China,36.6702,117.0207\n"
				r, err := importCSV(t, db, "lax.csv", csv, false)
				if err != nil {
					t.Fatal(err)
				}
				if r.RowsRejected != 1 || len(r.Issues) == 0 || r.Issues[0].Place != "lax.csv:2" || r.Issues[0].Kind != importer.Rejected {
					t.Errorf("result %+v: want line 2 rejected", r)
				}
			})
		}
	})
}

func TestImportCancelledLeavesStoreUnchanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		mustImportCSV(t, db, "base.csv", header+"Munich,Germany,48.1372,11.5755,Edinburgh,Scotland,55.9533,-3.1883\n")
		snap := snapshot(t, db)
		b, err := csvimport.Read(strings.NewReader(header+"Augsburg,Germany,48.3689,10.8978,Jinan,China,36.6702,117.0207\n"), "c.csv", false)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		_, err = importer.Import(ctx, db, b, importer.Options{Progress: func(done, total int) {
			if done > total/2 {
				cancel() // after cities and labels are written, inside the transaction
			}
		}})
		if err == nil {
			t.Fatal("import went on after cancellation")
		}
		if got := snapshot(t, db); got != snap {
			t.Fatalf("cancelled import changed the store")
		}
	})
}

// The real dataset: importing it twice gives the same counts; Augsburg has
// its seven twin towns; Boston (United States) and Boston (England) stay two
// cities.
func TestImportRealDataset(t *testing.T) {
	path := realdata.TwinCitiesCSV(t)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		imp := func() *importer.Result {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, err := csvimport.Read(f, "twin_cities.csv", false)
			if err != nil {
				t.Fatal(err)
			}
			r, err := importer.Import(context.Background(), db, b, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := imp()
		c1 := counts(t, db)
		second := imp()
		c2 := counts(t, db)
		if !reflect.DeepEqual(c1, c2) || second.PairsAdded != 0 || second.CitiesCreated != 0 {
			t.Errorf("second import changed counts %+v -> %+v (%+v)", c1, c2, second)
		}
		if first.RowsRead != 25917 || first.PairsAdded+first.DuplicatesDropped+first.RowsRejected != first.RowsRead {
			t.Errorf("first import %+v: every row must be added, dropped as duplicate or rejected", first)
		}
		if c1.TwinLinks != first.PairsAdded {
			t.Errorf("store has %d links, import added %d", c1.TwinLinks, first.PairsAdded)
		}

		g := graph(t, db)
		aug := lookupAll(t, g, "Augsburg, Germany")
		if len(aug) != 1 {
			t.Fatalf("Augsburg resolves to %v", aug)
		}
		var names []string
		for _, c := range g.TwinCities(aug[0].ID) {
			names = append(names, c.Name)
		}
		if got := strings.Join(names, ", "); got != "Amagasaki, Bourges, Dayton, Inverness, Jinan, Liberec, Nagahama" {
			t.Errorf("Augsburg's twins: %s", got)
		}
		boston := lookupAll(t, g, "Boston")
		if len(boston) != 2 || twins.CountriesCompatible(boston[0].Country, boston[1].Country) {
			t.Errorf("Boston resolves to %v, want the English and the American one", boston)
		}
		paris := lookupAll(t, g, "Paris, United States")
		if len(paris) != 1 || paris[0].Country != "United States" {
			t.Errorf("Paris, United States resolves to %v", paris)
		}
	})
}

// A label that could be any of several cities is no city that can honestly
// be read: the row is rejected, naming the candidates, and nothing of it is
// kept (not even its other side).
func TestImportRejectsAnAmbiguousLabel(t *testing.T) {
	db := storetest.MustOpen(t, store.SQLite)
	r := mustImportCSV(t, db, "w.csv", header+
		"Paris,France,48.85,2.35,Rome,Italy,41.9,12.5\n"+
		"Paris,United States,33.66,-95.55,Lyon,France,45.76,4.83\n"+
		"Nancy,France,48.69,6.18,\"Paris\",,48.85,2.35\n")
	if r.RowsRejected != 1 || r.PairsAdded != 2 || r.CitiesCreated != 4 || r.Warnings != 0 {
		t.Errorf("result %+v", r)
	}
	want := `w.csv:4: rejected: "Paris" could be any of 2 cities (Paris, France (new, first at w.csv:2); Paris, United States (new, first at w.csv:3)): give its country`
	found := false
	for _, i := range r.Issues {
		found = found || i.String() == want
	}
	if !found {
		t.Errorf("issues %v, want %q", r.Issues, want)
	}
}

// Doubtful merges are imported, and reported.
func TestImportWarnsAboutDoubtfulResolutions(t *testing.T) {
	tests := []struct {
		name, csv string
		warning   string // expected in the warning of line 3
		cities    int
	}{
		{"merged by name although far apart",
			"Newtown,Wales,52.51,-3.31,Kiel,Germany,54.32,10.13\n" +
				"Newtown,\"Wales, United Kingdom\",-33.9,151.17,Lyon,France,45.76,4.83\n",
			`"Newtown, Wales, United Kingdom" was merged with Newtown, Wales`, 3},
		{"namesakes of two countries at one point",
			"Paris,France,48.85,2.35,Rome,Italy,41.9,12.5\n" +
				"Paris,United States,48.85,2.35,Lamotte-Beuvron,France,47.6,2.02\n",
			`"Paris, United States" has the coordinates of its namesake Paris, France`, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.MustOpen(t, store.SQLite)
			r := mustImportCSV(t, db, "w.csv", header+tt.csv)
			found := false
			for _, i := range r.Issues {
				if i.Kind == importer.Warning && i.Place == "w.csv:3" && strings.Contains(i.Message, tt.warning) {
					found = true
				}
			}
			if !found || r.Warnings != 1 {
				t.Errorf("issues %v: want one warning at w.csv:3 containing %q", r.Issues, tt.warning)
			}
			if r.CitiesCreated != tt.cities {
				t.Errorf("%d cities created, want %d", r.CitiesCreated, tt.cities)
			}
		})
	}
}

// lookupAll is what a query names in g, by the one resolver: its city, or
// the candidates when it is ambiguous.
func lookupAll(tb testing.TB, g *twins.Graph, q string) []*wikicities.City {
	tb.Helper()
	cs, err := resolve.Matches(context.Background(), resolve.InGraph(g), q)
	if err != nil {
		tb.Fatal(err)
	}
	return cs
}
