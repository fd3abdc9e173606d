package bench

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wikicities/wikicities"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/resolve"
	"github.com/wikicities/wikicities/store"
	"github.com/wikicities/wikicities/twins"
)

// worldGraph imports the real dataset into a fresh SQLite store and builds
// the in-memory graph from it, as serve does at start.
func worldGraph(b *testing.B) *twins.Graph {
	b.Helper()
	realdata.TwinCitiesCSV(b) // skips before the store is made, when absent
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "wikicities.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return realdata.Import(b, db)
}

// BenchmarkTwinsLookup times what `twins <city>` and the API do per query
// over the world graph: resolve.Matches then TwinCities, for every city once by
// "name, country" and once by bare name, and prints median and p99.
func BenchmarkTwinsLookup(b *testing.B) {
	g := worldGraph(b)
	var queries []string
	for _, c := range g.Cities() {
		queries = append(queries, wikicities.LabelString(c.Name, c.Country), c.Name)
	}
	var lat []time.Duration
	ctx, f := context.Background(), resolve.InGraph(g)
	b.ResetTimer()
	for range b.N {
		lat = lat[:0]
		for _, q := range queries {
			start := time.Now()
			cs, err := resolve.Matches(ctx, f, q)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range cs {
				_ = g.TwinCities(c.ID)
			}
			lat = append(lat, time.Since(start))
		}
	}
	b.StopTimer()
	med, p99 := latencyPercentile(lat, 50), latencyPercentile(lat, 99)
	b.ReportMetric(float64(med.Nanoseconds()), "median-ns/lookup")
	b.ReportMetric(float64(p99.Nanoseconds()), "p99-ns/lookup")
	cities, links := g.Len()
	fmt.Printf("\ntwins lookup (resolve.Matches + TwinCities) over the world graph (%d cities, %d links), %d queries:\n", cities, links, len(lat))
	fmt.Printf("  median %v   p99 %v   max %v\n", med, p99, latencyPercentile(lat, 100))
}

func latencyPercentile(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sortDurations(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func sortDurations(s []time.Duration) { slices.Sort(s) }

// BenchmarkServeMemory runs the built server over a store holding the
// world dataset and reads the peak resident memory of the process (VmHWM
// from /proc/PID/status) after start and a round of twin lookups; the
// baseline is the same server over an empty store.
func BenchmarkServeMemory(b *testing.B) {
	path := realdata.TwinCitiesCSV(b)
	bin := buildBinary(b)
	world := b.TempDir()
	if out, err := exec.Command(bin, "import", "csv", path, "--data-dir", world).CombinedOutput(); err != nil {
		b.Fatalf("import: %v\n%s", err, out)
	}
	empty := b.TempDir()
	for range b.N {
		w := serveHWM(b, bin, world)
		e := serveHWM(b, bin, empty)
		b.ReportMetric(float64(w)/1024, "world-MiB")
		b.ReportMetric(float64(e)/1024, "empty-MiB")
		b.ReportMetric(float64(w)/float64(e), "world/empty")
		fmt.Printf("\npeak memory of serve (VmHWM of the process, after start and 1,000 twin lookups over HTTP):\n")
		fmt.Printf("  empty store          %6.1f MiB\n", float64(e)/1024)
		fmt.Printf("  world dataset loaded %6.1f MiB   %.2fx\n", float64(w)/1024, float64(w)/float64(e))
	}
}

// serveHWM starts `wikicities serve` on dataDir, waits until it answers,
// makes lookups, and returns its VmHWM in KiB.
func serveHWM(b *testing.B, bin, dataDir string) int64 {
	b.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir, "--no-demo")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	url := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 {
				url <- strings.Fields(sc.Text()[i:])[0]
				return
			}
		}
		close(url)
	}()
	var base string
	select {
	case base = <-url:
	case <-time.After(60 * time.Second):
		b.Fatal("serve did not start")
	}
	if base == "" {
		b.Fatal("serve exited")
	}
	for id := 1; id <= 1000; id++ {
		resp, err := http.Get(base + "/api/v1/cities/" + strconv.Itoa(id) + "/twins")
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			f := strings.Fields(line)
			kib, _ := strconv.ParseInt(f[1], 10, 64)
			return kib
		}
	}
	b.Fatal("no VmHWM in /proc status")
	return 0
}
