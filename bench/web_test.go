package bench

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	wchttp "github.com/wikicities/wikicities/http"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
	"github.com/wikicities/wikicities/twins"
)

// Budgets of issue 6: a city page of the world dataset renders server-side
// in under 20 ms at the 99th percentile, and the first load of a page moves
// under 250 KB without map tiles.
const (
	cityPageBudget   = 20 * time.Millisecond
	pageWeightBudget = 250 * 1000
)

// worldServer loads the real world dataset into a fresh SQLite store, builds
// the graph from the store as `serve` does, and returns a server over both,
// with offline maps (the country outlines count in the page weight).
func worldServer(b *testing.B) *wchttp.Server {
	b.Helper()
	path := filepath.Join("..", "..", "shared", "data", "twin-cities", "twin_cities.csv")
	f, err := os.Open(path)
	if err != nil {
		b.Skipf("world dataset absent (%v): web benchmarks skipped", err)
	}
	defer f.Close()
	db := storetest.MustOpen(b, store.SQLite)
	ctx := context.Background()
	r := csv.NewReader(f)
	r.FieldsPerRecord = 8
	if _, err := r.Read(); err != nil {
		b.Fatal(err)
	}
	ids := map[string]int64{}
	err = db.Update(ctx, func(tx *store.Tx) error {
		city := func(rec []string) (int64, error) {
			key := wikicities.LabelKey(rec[0], rec[1])
			if id, ok := ids[key]; ok {
				return id, nil
			}
			lat, errLat := strconv.ParseFloat(rec[2], 64)
			lng, errLng := strconv.ParseFloat(rec[3], 64)
			c := &wikicities.City{Name: rec[0], Country: rec[1], Lat: lat, Lng: lng,
				HasCoords: errLat == nil && errLng == nil && lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180}
			if !c.HasCoords {
				c.Lat, c.Lng = 0, 0
			}
			if err := tx.CreateCity(ctx, c); err != nil {
				return 0, nil // a row the real importer reports; the benchmark skips it
			}
			ids[key] = c.ID
			return c.ID, nil
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				continue
			}
			a, _ := city(rec[:4])
			c, _ := city(rec[4:])
			if a != 0 && c != 0 && a != c {
				if _, err := tx.AddTwinLink(ctx, &wikicities.TwinLink{A: a, B: c, Source: wikicities.SourceCSV}); err != nil {
					return err
				}
			}
		}
	})
	if err != nil {
		b.Fatal(err)
	}
	cities, err := db.Cities().AllCities(ctx)
	if err != nil {
		b.Fatal(err)
	}
	links, err := db.Cities().AllTwinLinks(ctx)
	if err != nil {
		b.Fatal(err)
	}
	s := newServer(db, twins.New(cities, links))
	s.TileURL = ""
	return s
}

func serve(s http.Handler, target string, gzip bool) *httptest.ResponseRecorder {
	r := httptest.NewRequest("GET", target, nil)
	if gzip {
		r.Header.Set("Accept-Encoding", "gzip")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func percentile(d []time.Duration, p float64) time.Duration {
	slices.Sort(d)
	return d[min(len(d)-1, int(float64(len(d))*p))]
}

// BenchmarkWebCityPage renders the city pages of the world dataset's
// twinned cities (the most twinned first, up to 3000 of them) and reports
// the 50th and 99th percentiles against the 20 ms budget and against the
// JSON API's answer for the same city (GET /api/v1/cities/{id}/twins), the
// baseline: what the HTML page costs over the bare data.
func BenchmarkWebCityPage(b *testing.B) {
	s := worldServer(b)
	var ids []int64
	for _, c := range s.Graph.Cities() {
		if len(s.Graph.Twins(c.ID)) > 0 {
			ids = append(ids, c.ID)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return len(s.Graph.Twins(ids[i])) > len(s.Graph.Twins(ids[j])) })
	ids = ids[:min(3000, len(ids))]
	top := s.Graph.City(ids[0])
	// Warm up: templates of the language parsed, summary computed.
	serve(s, "/cities/"+strconv.FormatInt(ids[0], 10), true)
	var html, api []time.Duration
	b.ResetTimer()
	for range b.N {
		html, api = html[:0], api[:0]
		for _, id := range ids {
			p := strconv.FormatInt(id, 10)
			t0 := time.Now()
			w := serve(s, "/cities/"+p, true)
			html = append(html, time.Since(t0))
			if w.Code != 200 {
				b.Fatalf("city %d: status %d", id, w.Code)
			}
			t0 = time.Now()
			serve(s, "/api/v1/cities/"+p+"/twins", true)
			api = append(api, time.Since(t0))
		}
	}
	b.StopTimer()
	h50, h99 := percentile(html, 0.50), percentile(html, 0.99)
	a50, a99 := percentile(api, 0.50), percentile(api, 0.99)
	b.ReportMetric(float64(h99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(h50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(h99)/float64(cityPageBudget), "p99/budget")
	b.ReportMetric(float64(h99)/float64(a99), "p99-html/json")
	nc, nl := s.Graph.Len()
	fmt.Printf("\ncity page, world dataset: %d cities, %d twin links; %d pages, most twinned %s (%d twins)\n",
		nc, nl, len(ids), top.Name, len(s.Graph.Twins(top.ID)))
	fmt.Printf("%-34s %10s %10s %12s\n", "", "p50", "p99", "p99/budget")
	fmt.Printf("%-34s %10s %10s %11.3fx\n", "HTML page GET /cities/{id}", h50.Round(time.Microsecond), h99.Round(time.Microsecond), float64(h99)/float64(cityPageBudget))
	fmt.Printf("%-34s %10s %10s %11.3fx\n", "JSON GET /api/v1/cities/{id}/twins", a50.Round(time.Microsecond), a99.Round(time.Microsecond), float64(a99)/float64(cityPageBudget))
	fmt.Printf("HTML/JSON at p99: %.2fx\n", float64(h99)/float64(a99))
	if h99 > cityPageBudget {
		b.Errorf("city page p99 %s is over the %s budget", h99, cityPageBudget)
	}
}

// assetRefs finds what a page loads by itself: stylesheets, scripts, and
// the map's data (outlines and cities); not the targets of links.
var assetRefs = regexp.MustCompile(`(?:<link rel="stylesheet" href|<script src|data-base|data-cities)="(/[^"]+)"`)

// BenchmarkWebPageWeight measures what the first load of each page moves,
// as served (gzip): the HTML, its CSS and JS, the country outlines and the
// map's cities, without map tiles, against the 250 KB budget. The baseline
// is the same load without compression.
func BenchmarkWebPageWeight(b *testing.B) {
	s := worldServer(b)
	var top int64
	for _, c := range s.Graph.Cities() {
		if top == 0 || len(s.Graph.Twins(c.ID)) > len(s.Graph.Twins(top)) {
			top = c.ID
		}
	}
	comms, _ := worldCommunities(b, s, 200)
	pages := []struct{ name, path string }{
		{"community (en)", "/communities/" + strconv.FormatInt(comms[0], 10) + "?uselang=en"},
		{"community (ar)", "/communities/" + strconv.FormatInt(comms[0], 10) + "?uselang=ar"},
		{"home (en)", "/?uselang=en"},
		{"home (ar)", "/?uselang=ar"},
		{"most twinned city (en)", "/cities/" + strconv.FormatInt(top, 10) + "?uselang=en"},
		{"search (de)", "/search?q=san&uselang=de"},
	}
	type row struct {
		name                string
		gz, plain, requests int
		parts               []string
	}
	var rows []row
	for range b.N {
		rows = rows[:0]
		for _, p := range pages {
			r := row{name: p.name}
			load := func(target string) string {
				w := serve(s, target, true)
				if w.Code != 200 {
					b.Fatalf("%s: %s: status %d", p.name, target, w.Code)
				}
				r.gz += w.Body.Len()
				plain := serve(s, target, false)
				r.plain += plain.Body.Len()
				r.requests++
				r.parts = append(r.parts, fmt.Sprintf("%s %.1f", strings.SplitN(strings.TrimPrefix(target, "/assets/"), "?", 2)[0], float64(w.Body.Len())/1000))
				return plain.Body.String()
			}
			html := load(p.path)
			seen := map[string]bool{}
			for _, m := range assetRefs.FindAllStringSubmatch(html, -1) {
				u := strings.ReplaceAll(m[1], "&amp;", "&")
				if seen[u] {
					continue
				}
				seen[u] = true
				load(u)
			}
			rows = append(rows, r)
		}
	}
	b.StopTimer()
	fmt.Printf("\nfirst page load without map tiles (gzip as served; budget %d KB)\n", pageWeightBudget/1000)
	fmt.Printf("%-26s %9s %9s %9s %11s\n", "page", "requests", "gzip KB", "plain KB", "gzip/budget")
	worst := 0
	for _, r := range rows {
		fmt.Printf("%-26s %9d %9.1f %9.1f %10.3fx   (%s)\n", r.name, r.requests, float64(r.gz)/1000, float64(r.plain)/1000,
			float64(r.gz)/pageWeightBudget, strings.Join(r.parts, ", "))
		worst = max(worst, r.gz)
		if r.gz > pageWeightBudget {
			b.Errorf("%s moves %d bytes, over the %d budget", r.name, r.gz, pageWeightBudget)
		}
	}
	b.ReportMetric(float64(worst)/1000, "max-KB")
	b.ReportMetric(float64(worst)/pageWeightBudget, "max/budget")
}
