package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/importer/affiliates"
	"github.com/wikicities/wikicities/importer/affiliates/affiliatestest"
	"github.com/wikicities/wikicities/importer/citynames"
	"github.com/wikicities/wikicities/importer/sparql"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/mediawiki"
	"github.com/wikicities/wikicities/store"
)

// The affiliates import and the label sync on recorded answers of realistic
// size, generated deterministically from the world dataset's cities: a
// chapter for each of the 120 countries with the most cities, a user group
// in every 25th city, each with its Wikidata item; and labels of every city
// in eight languages. Each city of the world import gets a Wikidata item
// (a made-up id) first, as `sync wikidata` would give it one.

var benchLangs = []string{"en", "de", "ar", "fr", "es", "ru", "zh", "ja"}

// worldStore imports the world dataset into a SQLite file, gives every city
// an item and returns the file and the cities.
func worldStore(b *testing.B) (string, []*wikicities.City) {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "wikicities.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	realdata.Import(b, db)
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		b.Fatal(err)
	}
	err = db.Update(ctx, func(tx *store.Tx) error {
		for _, c := range cities {
			c.QID = "Q" + strconv.FormatInt(90_000_000+c.ID, 10)
			if _, err := tx.Exec(ctx, `UPDATE cities SET qid = ? WHERE id = ?`, c.QID, c.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return dir, cities
}

// copyStore copies the store of dir into a fresh directory.
func copyStore(b *testing.B, dir string) string {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "wikicities.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	out := b.TempDir()
	if err := db.Backup(ctx, filepath.Join(out, "wikicities.db")); err != nil {
		b.Fatal(err)
	}
	return out
}

// affiliateAnswers generates Meta's three lists and the query's answer.
func affiliateAnswers(cities []*wikicities.City) (*affiliatestest.Answers, int) {
	byCountry := map[string][]*wikicities.City{}
	for _, c := range cities {
		if c.Country != "" {
			byCountry[c.Country] = append(byCountry[c.Country], c)
		}
	}
	countries := make([]string, 0, len(byCountry))
	for c := range byCountry {
		countries = append(countries, c)
	}
	slices.SortFunc(countries, func(a, b string) int {
		if d := len(byCountry[b]) - len(byCountry[a]); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	countries = countries[:min(120, len(countries))]
	var chapters, groups strings.Builder
	chapters.WriteString("== Existing chapters ==\n{| class=\"wikitable sortable\"\n! Area !! Title !! URL !! Recognized\n")
	groups.WriteString("== Approved user groups ==\n{| class=\"wikitable sortable\"\n! Name !! Focus !! Status !! Start of recognition !! End of recognition !! Bylaws (optional) !! Website (optional) !! Mailing list !! Contact !! Last update\n")
	type item struct{ qid, label, class, hq, country, website, inception, page string }
	var items []item
	for i, country := range countries {
		name := "Wikimedia " + country
		host := fmt.Sprintf("wm%03d.example.org", i)
		fmt.Fprintf(&chapters, "|-\n| {{flag|%s}} || [[%s]] || [https://%s %s] || %d-03-01\n", country, name, host, host, 2004+i%18)
		capital := byCountry[country][0]
		items = append(items, item{fmt.Sprintf("Q%d", 70_000_000+i), name, "Wikimedia chapter", capital.QID, country, "https://" + host + "/", fmt.Sprintf("%d-03-01T00:00:00Z", 2004+i%18), name})
	}
	chapters.WriteString("|}\n")
	for i, c := range cities {
		if i%25 != 0 || c.Country == "" {
			continue
		}
		name := "Wikimedians of " + c.Name
		status := "Recognized"
		if i%250 == 0 {
			status = "Derecognized"
		}
		fmt.Fprintf(&groups, "|-\n| [[%s]] || %s, {{flag|%s}} || %s || %d-05-01 || || || || || [[User:Coordinator %d]] ||\n", name, c.Name, c.Country, status, 2013+i%12, i)
		items = append(items, item{fmt.Sprintf("Q%d", 71_000_000+i), name, "Wikimedia user group", c.QID, c.Country, "", fmt.Sprintf("%d-05-01T00:00:00Z", 2013+i%12), name})
	}
	groups.WriteString("|}\n")
	a := &affiliatestest.Answers{Pages: map[string][]byte{}}
	for i, p := range []struct{ title, text string }{
		{"Wikimedia chapters", chapters.String()},
		{"Wikimedia thematic organizations", "== Existing thematic organizations ==\n{| class=\"wikitable\"\n! Name !! Focus !! Website !! Recognized\n|-\n| [[Amical Wikimedia]] || Catalan language and culture || [https://www.wikimedia.cat wikimedia.cat] || 2013-04-15\n|}\n"},
		{"Wikimedia user groups", groups.String()},
	} {
		a.Pages[p.title] = apiAnswer(int64(1000+i), p.title, p.text)
	}
	var bindings []map[string]sparql.Binding
	for _, it := range items {
		row := map[string]sparql.Binding{
			"item":         {Type: "uri", Value: "http://www.wikidata.org/entity/" + it.qid},
			"itemLabel":    {Type: "literal", Value: it.label, Lang: "en"},
			"classLabel":   {Type: "literal", Value: it.class, Lang: "en"},
			"hq":           {Type: "uri", Value: "http://www.wikidata.org/entity/" + it.hq},
			"countryLabel": {Type: "literal", Value: it.country, Lang: "en"},
			"inception":    {Type: "literal", Value: it.inception, Datatype: "http://www.w3.org/2001/XMLSchema#dateTime"},
			"metaPage":     {Type: "literal", Value: it.page, Lang: "en"},
		}
		if it.website != "" {
			row["website"] = sparql.Binding{Type: "uri", Value: it.website}
		}
		bindings = append(bindings, row)
	}
	a.SPARQL = sparqlAnswer([]string{"item", "itemLabel", "classLabel", "hq", "hqLabel", "countryLabel", "website", "inception", "dissolved", "metaPage"}, bindings)
	return a, len(items) + 1
}

// apiAnswer is api.php's answer to action=query&prop=revisions&rvslots=main
// &formatversion=2 for one page.
func apiAnswer(rev int64, title, text string) []byte {
	b, _ := json.Marshal(map[string]any{"batchcomplete": true, "curtimestamp": "2026-12-01T09:00:00Z",
		"query": map[string]any{"pages": []any{map[string]any{"pageid": rev, "ns": 0, "title": title,
			"revisions": []any{map[string]any{"revid": rev * 1000, "parentid": rev*1000 - 1, "timestamp": "2026-11-30T12:00:00Z",
				"slots": map[string]any{"main": map[string]any{"contentmodel": "wikitext", "contentformat": "text/x-wiki", "content": text}}}}}}}})
	return b
}

func sparqlAnswer(vars []string, bindings []map[string]sparql.Binding) []byte {
	b, _ := json.Marshal(map[string]any{"head": map[string]any{"vars": vars}, "results": map[string]any{"bindings": bindings}})
	return b
}

// labelsServer answers each labels query with the labels of the items it
// names, in benchLangs: the English label is the city's name, the others
// the name marked with the language, as a recorded answer would have them.
func labelsServer(b *testing.B, cities []*wikicities.City) string {
	byQID := map[string]string{}
	for _, c := range cities {
		byQID[c.QID] = c.Name
	}
	itemRE := regexp.MustCompile(`wd:(Q\d+)`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		var bindings []map[string]sparql.Binding
		for _, m := range itemRE.FindAllStringSubmatch(form.Get("query"), -1) {
			name, ok := byQID[m[1]]
			if !ok {
				continue
			}
			for _, l := range benchLangs {
				v := name
				if l != "en" {
					v = name + " (" + l + ")"
				}
				bindings = append(bindings, map[string]sparql.Binding{
					"item":  {Type: "uri", Value: "http://www.wikidata.org/entity/" + m[1]},
					"label": {Type: "literal", Value: v, Lang: l},
				})
			}
		}
		w.Header().Set("Content-Type", sparql.MediaType)
		w.Write(sparqlAnswer([]string{"item", "label"}, bindings))
	}))
	b.Cleanup(srv.Close)
	return srv.URL
}

// measured is the time and the allocations of fn, in this process.
func measured(fn func()) (time.Duration, uint64, uint64) {
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	d := time.Since(start)
	runtime.ReadMemStats(&after)
	return d, after.Mallocs - before.Mallocs, after.TotalAlloc - before.TotalAlloc
}

// peakRSS runs the binary and returns its wall time and peak resident set
// (VmHWM, read from /proc while it runs: the rusage of a child started with
// vfork counts the parent's memory too).
func peakRSS(b *testing.B, bin string, args ...string) (time.Duration, int64) {
	b.Helper()
	var out strings.Builder
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	var hwm int64
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				b.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out.String())
			}
			return time.Since(start), hwm
		case <-tick.C:
			if s, err := os.ReadFile(status); err == nil {
				if m := hwmRE.FindSubmatch(s); m != nil {
					kb, _ := strconv.ParseInt(string(m[1]), 10, 64)
					hwm = max(hwm, kb*1024)
				}
			}
		}
	}
}

var hwmRE = regexp.MustCompile(`VmHWM:\s+(\d+) kB`)

// BenchmarkAffiliatesAndLabels imports the generated affiliate lists and
// syncs the generated labels into the world dataset (SQLite), first into a
// store without them, then again (nothing changes); in process (time,
// allocations) and as the binary (time, peak RSS).
func BenchmarkAffiliatesAndLabels(b *testing.B) {
	base, cities := worldStore(b)
	answers, groups := affiliateAnswers(cities)
	api, endpoint := affiliatestest.Serve(b, answers)
	labelsURL := labelsServer(b, cities)
	bin := buildBinary(b)
	ctx := wikicities.NewContext(context.Background(), wikicities.System)
	for range b.N {
		dir := copyStore(b, base)
		db, err := store.Open(ctx, filepath.Join(dir, "wikicities.db"))
		if err != nil {
			b.Fatal(err)
		}
		wiki, _ := mediawiki.New(api)
		src := affiliates.Source{Wiki: wiki, SPARQL: &sparql.Client{Endpoint: endpoint}}
		var rep *store.AffiliateReport
		importOnce := func() {
			lists, err := src.Read(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if rep, err = db.ImportAffiliates(ctx, lists.Affiliates, store.AffiliateImport{Provenance: lists.Provenance}); err != nil {
				b.Fatal(err)
			}
		}
		affFirst, affAllocs, affBytes := measured(importOnce)
		added := rep.Added
		affAgain, _, _ := measured(importOnce)
		var names int
		syncOnce := func() {
			all, err := db.Cities().AllCities(ctx)
			if err != nil {
				b.Fatal(err)
			}
			s, err := citynames.Fetch(ctx, &sparql.Client{Endpoint: labelsURL}, all, benchLangs, 2000)
			if err != nil {
				b.Fatal(err)
			}
			if names, _, _, err = db.Cities().SetCityNames(ctx, s.Names); err != nil {
				b.Fatal(err)
			}
		}
		labFirst, labAllocs, labBytes := measured(syncOnce)
		added2 := names
		labAgain, _, _ := measured(syncOnce)
		db.Close()

		binDir := copyStore(b, base)
		affBin, affRSS := peakRSS(b, bin, "import", "affiliates", "--wiki", api, "--endpoint", endpoint, "--data-dir", binDir)
		labBin, labRSS := peakRSS(b, bin, "sync", "labels", "--endpoint", labelsURL, "--languages", strings.Join(benchLangs, ","), "--data-dir", binDir)

		b.ReportMetric(ms(affFirst), "affiliates-ms")
		b.ReportMetric(ms(labFirst), "labels-ms")
		b.ReportMetric(float64(affRSS)/(1<<20), "affiliates-peak-RSS-MiB")
		b.ReportMetric(float64(labRSS)/(1<<20), "labels-peak-RSS-MiB")
		fmt.Printf("\naffiliates import and label sync on the world dataset (%d cities, SQLite):\n", len(cities))
		fmt.Printf("  %-52s %9s %9s %12s %11s\n", "", "ms", "allocs", "alloc MiB", "peak RSS")
		fmt.Printf("  %-52s %9.1f %9d %12.1f %11s\n", fmt.Sprintf("affiliates: %d read, %d added (in process)", groups, added), ms(affFirst), affAllocs, float64(affBytes)/(1<<20), "")
		fmt.Printf("  %-52s %9.1f %9s %12s %11s\n", "affiliates again: all unchanged (in process)", ms(affAgain), "", "", "")
		fmt.Printf("  %-52s %9.1f %9s %12s %10.1fM\n", "affiliates: wikicities import affiliates (binary)", ms(affBin), "", "", float64(affRSS)/(1<<20))
		fmt.Printf("  %-52s %9.1f %9d %12.1f %11s\n", fmt.Sprintf("labels: %d cities × %d languages, %d names added", len(cities), len(benchLangs), added2), ms(labFirst), labAllocs, float64(labBytes)/(1<<20), "")
		fmt.Printf("  %-52s %9.1f %9s %12s %11s\n", "labels again: nothing changes (in process)", ms(labAgain), "", "", "")
		fmt.Printf("  %-52s %9.1f %9s %12s %10.1fM\n", "labels: wikicities sync labels (binary)", ms(labBin), "", "", float64(labRSS)/(1<<20))
	}
}
