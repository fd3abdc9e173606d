package bench

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/geo/admin1"
	"github.com/wikicities/wikicities/regions"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/store/storetest"
)

// regionPageBudget is the issue's budget for a region page at p99.
const regionPageBudget = 20 * time.Millisecond

// bruteForce is the baseline of the placement: every region's outline
// tried in turn for every city, with no spatial index; it returns how many
// cities lie in some region.
func bruteForce(set *admin1.Set, cities []*wikicities.City) int {
	n := 0
	for _, c := range cities {
		if !c.HasCoords {
			continue
		}
		for _, r := range set.Regions() {
			if r.Contains(c.Lat, c.Lng) {
				n++
				break
			}
		}
	}
	return n
}

func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

// BenchmarkRegions: reading the embedded regions, placing every city of the
// world dataset in its region, and building every region's figures and
// potential partners (regions.Load: bulk queries + in-memory build) with
// 10,000 synthetic communities, 2,000 institutions and 3,000 partnerships,
// on each store; time and memory.
// Run: go test -run '^$' -bench 'Regions$' -benchtime 1x ./bench/
func BenchmarkRegions(b *testing.B) {
	for _, d := range storetest.Dialects(b) {
		b.Run(string(d), func(b *testing.B) {
			db := storetest.MustOpen(b, d)
			g := loadMatchWorld(b, db)
			seedReportPartnerships(b, db, g)
			ctx := context.Background()
			h0 := heapMB()
			t0 := time.Now()
			set, err := admin1.Load()
			if err != nil {
				b.Fatal(err)
			}
			read := time.Since(t0)
			hSet := heapMB() - h0
			cities := g.Cities()
			a := regions.NewAssigner(set)
			var place, load time.Duration
			var p *regions.Placement
			var rep *regions.Report
			for b.Loop() {
				t0 = time.Now()
				p = a.Place(cities)
				place += time.Since(t0)
				t0 = time.Now()
				if rep, err = regions.Load(ctx, db.Services(), g, p); err != nil {
					b.Fatal(err)
				}
				load += time.Since(t0)
			}
			place /= time.Duration(b.N)
			load /= time.Duration(b.N)
			hAll := heapMB() - h0
			parties, err := db.ReportParties(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var build time.Duration
			for range 3 {
				t0 = time.Now()
				regions.Build(regions.Input{Graph: g, Placement: p, Parties: parties})
				if el := time.Since(t0); build == 0 || el < build {
					build = el
				}
			}
			t0 = time.Now()
			inSome := bruteForce(set, cities)
			brute := time.Since(t0)
			cv := p.Coverage()
			withParties := 0
			for _, r := range set.Regions() {
				if f := rep.Region(r.Key).Figures; f.Communities+f.Institutions > 0 {
					withParties++
				}
			}
			b.ReportMetric(float64(place.Microseconds())/1000, "ms-place-all")
			b.ReportMetric(float64(load.Microseconds())/1000, "ms-figures-all")
			b.ReportMetric(hAll, "MB-heap")
			b.ReportMetric(float64(brute)/float64(place), "speedup-vs-brute-force")
			msg := fmt.Sprintf("\nregions on %s: %d cities, %d regions in the data set\n"+
				"  reading the embedded regions (admin1.Read): %v, %.1f MB of heap\n"+
				"  placing every city (Assigner.Place):       %v; %d of %d with coordinates placed (%.2f%%), %d regions hold cities\n"+
				"  baseline, every outline tried for every city (no index): %v (%d cities inside some outline); brute force / ours: %.1fx\n"+
				"  every region's figures (regions.Load):     %v (of which regions.Build %v); %d regions with groups or institutions\n"+
				"  heap held by the regions, the placement and the figures: %.1f MB\n",
				d, cv.Cities, len(set.Regions()), read.Round(time.Millisecond), hSet, place.Round(time.Millisecond),
				cv.AssignedWithCoords, cv.WithCoords, 100*cv.Share(), cv.Regions, brute.Round(time.Millisecond), inSome, float64(brute)/float64(place), load.Round(time.Millisecond), build.Round(time.Millisecond),
				withParties, hAll)
			b.Log(msg)
			fmt.Print(msg)
		})
	}
}

// BenchmarkRegionPage renders the page of every region that holds a city
// of the world dataset, with 10,000 communities, 2,000 institutions and
// 3,000 partnerships, and reports the 50th and 99th percentiles against
// the 20 ms budget; the region with the most groups is named.
// Run: go test -run '^$' -bench RegionPage -benchtime 1x ./bench/
func BenchmarkRegionPage(b *testing.B) {
	db := storetest.MustOpen(b, store.SQLite)
	g := loadMatchWorld(b, db)
	seedReportPartnerships(b, db, g)
	s := newServer(db, g)
	s.TileURL = ""
	set, err := admin1.Default()
	if err != nil {
		b.Fatal(err)
	}
	p := regions.NewAssigner(set).Place(g.Cities())
	var keys []string
	for _, r := range set.Regions() {
		if len(p.Cities(r.Key)) > 0 {
			keys = append(keys, r.Key)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return len(p.Cities(keys[i])) > len(p.Cities(keys[j])) })
	if w := serve(s, "/regions/"+keys[0], true); w.Code != 200 { // warm up: templates, placement, figures
		b.Fatalf("%s: status %d", keys[0], w.Code)
	}
	var times []time.Duration
	slowest, slowestKey := time.Duration(0), ""
	for b.Loop() {
		times = times[:0]
		for _, k := range keys {
			t0 := time.Now()
			w := serve(s, "/regions/"+k, true)
			el := time.Since(t0)
			times = append(times, el)
			if el > slowest {
				slowest, slowestKey = el, k
			}
			if w.Code != 200 {
				b.Fatalf("%s: status %d", k, w.Code)
			}
		}
	}
	t50, t99, tMax := percentile(times, 0.50), percentile(times, 0.99), percentile(times, 1)
	b.ReportMetric(float64(t99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(t50.Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(t99)/float64(regionPageBudget), "p99/budget")
	fmt.Printf("\nregion page, world dataset, %d communities, %d institutions, %d partnerships: %d region pages, the largest %s (%d cities)\n"+
		"  p50 %v, p99 %v, max %v (%s); p99/budget %.3fx\n", matchBenchCommunities, matchBenchInstitutions, reportBenchPartnerships,
		len(keys), keys[0], len(p.Cities(keys[0])), t50.Round(time.Microsecond), t99.Round(time.Microsecond), tMax.Round(time.Microsecond), slowestKey,
		float64(t99)/float64(regionPageBudget))
	if t99 > regionPageBudget {
		b.Errorf("region page p99 %s is over the %s budget", t99, regionPageBudget)
	}
}
