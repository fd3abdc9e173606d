package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// cli runs the program with args plus the store flag for dsn and returns
// its output and error.
func cli(t *testing.T, dsn string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	if strings.HasPrefix(dsn, "postgres") {
		args = append(args, "--database-url", dsn)
	} else {
		args = append(args, "--data-dir", filepath.Dir(dsn))
	}
	err := Run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

// storeDSN returns the data source of a fresh store of dialect d, in the
// layout the CLI expects (DIR/wikicities.db for SQLite).
func storeDSN(t *testing.T, d store.Dialect) string {
	t.Helper()
	if d == store.SQLite {
		return filepath.Join(t.TempDir(), "wikicities.db")
	}
	return storetest.MustDSN(t, d)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const smallCSV = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n" +
	"Augsburg,Germany,48.3689,10.8978,Inverness,\"Scotland, United Kingdom\",57.4778,-4.2247\n" +
	"Inverness,Scotland,57.4778,-4.2247,Augsburg,Germany,48.3689,10.8978\n" +
	"Melbourne,Australia,-37.8142,144.9631,Boston,United States,42.3603,-71.0578\n" +
	"Laval,France,48.0707,-0.7734,Boston,\"England, United Kingdom\",42.3603,-71.0578\n" +
	"Bad,Row,95,0,X,Y,0,0\n"

func TestImportCommandSummaryAndReport(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			dsn := storeDSN(t, d)
			csv := writeFile(t, "small.csv", smallCSV)
			report := filepath.Join(t.TempDir(), "report.txt")
			out, errOut, err := cli(t, dsn, "import", "csv", csv, "--report", report)
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			for _, want := range []string{"rows read:          5", "pairs added:        3", "cities created:     6",
				"labels merged:      1", "duplicates dropped: 1", "rows rejected:      1", "warnings:           1"} {
				if !strings.Contains(out, want) {
					t.Errorf("summary lacks %q:\n%s", want, out)
				}
			}
			if errOut != "" {
				t.Errorf("stderr is not a terminal, yet got %q", errOut)
			}
			rep, err := os.ReadFile(report)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{
				"small.csv:3: merged: ", "small.csv:3: duplicate: ",
				"small.csv:5: warning: \"Boston, England, United Kingdom\" has the coordinates of its namesake",
				"small.csv:6: rejected: lat1 \"95\" is out of range",
			} {
				if !strings.Contains(string(rep), want) {
					t.Errorf("report lacks %q:\n%s", want, rep)
				}
			}

			// Idempotent through the CLI too.
			out, _, err = cli(t, dsn, "import", "csv", csv, "--json")
			if err != nil {
				t.Fatal(err)
			}
			var res struct {
				PairsAdded    int `json:"pairs_added"`
				PairsExisting int `json:"pairs_existing"`
				CitiesCreated int `json:"cities_created"`
				Issues        []struct{ Place, Kind, Message string }
			}
			if err := json.Unmarshal([]byte(out), &res); err != nil || res.PairsAdded != 0 || res.CitiesCreated != 0 || res.PairsExisting != 3 {
				t.Errorf("second import: %v %s", err, out)
			}
			// --json says which rows were rejected and why, as the text does
			// (it gave the count only).
			if !slices.ContainsFunc(res.Issues, func(i struct{ Place, Kind, Message string }) bool {
				return i.Place == "small.csv:6" && i.Kind == "rejected" && strings.Contains(i.Message, `lat1 "95" is out of range`)
			}) {
				t.Errorf("--json lacks the rejected row small.csv:6: %s", out)
			}

			_, _, err = cli(t, dsn, "import", "csv", csv, "--strict")
			if err == nil || !strings.Contains(err.Error(), "small.csv:6: lat1 \"95\" is out of range") || exitCode(err) != 1 {
				t.Errorf("strict import: %v", err)
			}
		})
	}
}

func TestTwinsCommand(t *testing.T) {
	dsn := storeDSN(t, store.SQLite)
	if _, _, err := cli(t, dsn, "import", "csv", writeFile(t, "small.csv", smallCSV)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		out  []string
		err  error
	}{
		{"by name", []string{"Augsburg"}, []string{"Augsburg, Germany (id ", "1 twin town(s)", "Inverness, Scotland, United Kingdom"}, nil},
		{"by name and country, unquoted", []string{"Inverness,", "Scotland"}, []string{"Inverness, Scotland, United Kingdom (id ", "Augsburg, Germany"}, nil},
		{"ambiguous name lists the candidates", []string{"Boston"}, []string{`"Boston" names 2 cities; say which one:`, "Boston, England, United Kingdom", "Boston, United States"}, wikicities.ErrAmbiguous},
		{"disambiguated", []string{"Boston, England"}, []string{"Boston, England, United Kingdom (id ", "Laval, France"}, nil},
		{"unknown", []string{"Atlantis"}, nil, wikicities.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := cli(t, dsn, append([]string{"twins"}, tt.args...)...)
			if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("err %v, want %v", err, tt.err)
			}
			if err != nil && exitCode(err) == 0 {
				t.Errorf("exit code 0 for %v", err)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
		})
	}
	out, _, err := cli(t, dsn, "twins", "--json", "Boston")
	var amb wikicities.AmbiguousError
	if !errors.Is(err, wikicities.ErrAmbiguous) || json.Unmarshal([]byte(out), &amb) != nil || len(amb.Candidates) != 2 || amb.Candidates[0].ID == 0 {
		t.Errorf("twins --json Boston: %v %s", err, out)
	}
	out, _, err = cli(t, dsn, "twins", "--json", "Augsburg")
	var res twinsResult
	if err != nil || json.Unmarshal([]byte(out), &res) != nil || res.City.Name != "Augsburg" || len(res.Twins) != 1 {
		t.Errorf("twins --json Augsburg: %v %s", err, out)
	}
}

func TestStatsCommand(t *testing.T) {
	dsn := storeDSN(t, store.SQLite)
	if _, _, err := cli(t, dsn, "import", "csv", writeFile(t, "small.csv", smallCSV)); err != nil {
		t.Fatal(err)
	}
	out, _, err := cli(t, dsn, "stats")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"cities:          6 (0 with a Wikidata item, 0 without any twin)", "twin links:      3", "from csv:"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
	out, _, err = cli(t, dsn, "stats", "--json")
	var st wikicities.GraphStats
	if err != nil || json.Unmarshal([]byte(out), &st) != nil || st.TwinLinks != 3 || st.BySource[wikicities.SourceCSV] != 3 {
		t.Errorf("stats --json: %v %s", err, out)
	}
}

func TestSyncWikidataCommand(t *testing.T) {
	body, err := os.ReadFile("../../importer/sparql/testdata/p190.json")
	if err != nil {
		t.Fatal(err)
	}
	var ua string
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		ua = r.Header.Get("User-Agent")
		if calls == 1 {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/sparql-results+json")
		w.Write(body)
	}))
	defer srv.Close()
	dsn := storeDSN(t, store.SQLite)
	out, _, err := cli(t, dsn, "sync", "wikidata", "--endpoint", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "pairs added:        5") || calls != 2 || !strings.HasPrefix(ua, "WikiCities/"+wikicities.Version+" (") {
		t.Errorf("after %d calls (UA %q):\n%s", calls, ua, out)
	}
	out, _, err = cli(t, dsn, "twins", "Q2749")
	if err != nil || !strings.Contains(out, "Augsburg, Germany (Q2749, id ") || !strings.Contains(out, "3 twin town(s)") {
		t.Errorf("twins Q2749: %v\n%s", err, out)
	}
	out, _, _ = cli(t, dsn, "sync", "wikidata", "--print-query")
	if !strings.Contains(out, "ps:P190") || !strings.Contains(out, "pq:P580") {
		t.Errorf("--print-query: %s", out)
	}
}

// Done-when: the real dataset, imported twice, gives the same counts; with
// the demo data loaded first, Augsburg still lists its seven twin towns and
// the two Bostons stay two cities.
func TestRealDatasetWithDemoData(t *testing.T) {
	path := realdata.TwinCitiesCSV(t)
	for _, d := range storetest.Dialects(t) {
		t.Run(string(d), func(t *testing.T) {
			m := MustRunMain(t, d, true) // demo data loaded into the fresh store
			dsn := m.DB.DSN
			first, _, err := cli(t, dsn, "import", "csv", path, "--json")
			if err != nil {
				t.Fatal(err)
			}
			stats1, _, _ := cli(t, dsn, "stats", "--json")
			if _, _, err := cli(t, dsn, "import", "csv", path); err != nil {
				t.Fatal(err)
			}
			stats2, _, _ := cli(t, dsn, "stats", "--json")
			if stats1 != stats2 {
				t.Errorf("second import changed the counts:\n%s\n%s", stats1, stats2)
			}
			var res struct {
				RowsRead int `json:"rows_read"`
			}
			json.Unmarshal([]byte(first), &res)
			if res.RowsRead != 25917 {
				t.Errorf("first import: %s", first)
			}
			out, _, err := cli(t, dsn, "twins", "Augsburg")
			if err != nil {
				t.Fatal(err)
			}
			for _, twin := range []string{"Amagasaki, Japan", "Bourges, France", "Dayton, United States", "Inverness, Scotland, United Kingdom", "Jinan, China", "Liberec, Czech Republic", "Nagahama, Japan"} {
				if !strings.Contains(out, twin) {
					t.Errorf("twins Augsburg lacks %s:\n%s", twin, out)
				}
			}
			if !strings.Contains(out, "Augsburg, Germany (Q2749, id ") || !strings.Contains(out, ": 7 twin town(s)") {
				t.Errorf("twins Augsburg:\n%s", out)
			}
			out, _, err = cli(t, dsn, "twins", "Boston")
			if !errors.Is(err, wikicities.ErrAmbiguous) || !strings.Contains(out, "Boston, United States") || !strings.Contains(out, "Boston, England, United Kingdom") {
				t.Errorf("twins Boston: %v\n%s", err, out)
			}
			out, _, err = cli(t, dsn, "twins", "Q100")
			if err != nil || !strings.Contains(out, "Pune, India") || !strings.Contains(out, "Barcelona, Spain") {
				t.Errorf("the demo's Boston (Q100) should carry both the demo and the imported twins: %v\n%s", err, out)
			}
		})
	}
}

// Every import shows its first rejected rows with file and line without
// being asked (all of them with --report), so that nobody needs a flag to
// learn why a row was refused.
func TestImportsShowTheFirstRejectedRowsWithoutAFlag(t *testing.T) {
	dsn := storeDSN(t, store.SQLite)
	var csv, wiki strings.Builder
	csv.WriteString("city1,country1,lat1,lng1,city2,country2,lat2,lng2\n")
	wiki.WriteString("{|\n! City !! Twin city\n")
	for i := range 12 {
		fmt.Fprintf(&csv, "Bad %d,Row,95,0,X,Y,0,0\n", i)
		fmt.Fprintf(&wiki, "|-\n| — || Twin %d\n", i)
	}
	wiki.WriteString("|}\n")
	sparqlJSON := `{"head":{"vars":["city","cityLabel","twin","twinLabel"]},"results":{"bindings":[
		{"city":{"type":"literal","value":"Augsburg"},"cityLabel":{"type":"literal","value":"Augsburg"},
		 "twin":{"type":"uri","value":"http://www.wikidata.org/entity/Q34739"},"twinLabel":{"type":"literal","value":"Dayton"}}]}}`
	for _, tt := range []struct {
		args      []string
		shown     []string
		notShown  string
		reportAll string
	}{
		{[]string{"import", "csv", writeFile(t, "bad.csv", csv.String())},
			[]string{"bad.csv:2: rejected: lat1 \"95\" is out of range", "bad.csv:11: rejected: ", "... and 2 more rejected rows"},
			"bad.csv:12: rejected", "bad.csv:13: rejected: lat1"},
		{[]string{"import", "sparql", writeFile(t, "bad.json", sparqlJSON)},
			[]string{"bad.json:1: rejected: city \"Augsburg\" is not a Wikidata item URI"}, "more rejected rows", ""},
		{[]string{"import", "wikitext", writeFile(t, "bad.wiki", wiki.String())},
			[]string{"rejected: ", "bad.wiki: line 4: no city", "bad.wiki: line 22: no city", "... and 2 more rejected rows"},
			"line 24: no city", "bad.wiki: line 26: no city"},
	} {
		out, errOut, err := cli(t, dsn, tt.args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", tt.args, err, errOut)
		}
		for _, want := range tt.shown {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args[:2], want, out)
			}
		}
		if strings.Contains(out, tt.notShown) {
			t.Errorf("%v: output shows more than the first rows (%q):\n%s", tt.args[:2], tt.notShown, out)
		}
		if tt.reportAll == "" {
			continue
		}
		out, _, err = cli(t, dsn, append(tt.args, "--report", "-")...)
		if err != nil || !strings.Contains(out, tt.reportAll) {
			t.Errorf("%v --report -: %v, output lacks %q:\n%s", tt.args[:2], err, tt.reportAll, out)
		}
	}
}

// An import given a directory names it, where it read the directory as a
// file and called it malformed ("twin-cities:1: read twin-cities/: is a
// directory", "malformed SPARQL JSON results").
func TestImportOfADirectoryNamesIt(t *testing.T) {
	dsn := storeDSN(t, store.SQLite)
	dir := t.TempDir()
	for _, kind := range []string{"csv", "sparql", "wikitext"} {
		_, _, err := cli(t, dsn, "import", kind, dir)
		if err == nil || err.Error() != dir+" is a directory: give the file to import" {
			t.Errorf("import %s DIR: %v", kind, err)
		}
	}
}
