// Package bench measures WikiCities against baselines named in the issues
// and prints the ratios. Run with make bench (go test -bench . -benchtime 1x).
package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wikicities/wikicities/importer"
	"github.com/wikicities/wikicities/importer/csvimport"
	"github.com/wikicities/wikicities/internal/realdata"
	"github.com/wikicities/wikicities/store"
)

// rounds is how many times each side of a comparison is measured; the
// median is reported.
const rounds = 5

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// cost is what one run took: wall-clock time, and CPU time (user + system),
// which stays comparable when other work shares the machine.
type cost struct{ wall, cpu time.Duration }

func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func processCost(cmd *exec.Cmd, wall time.Duration) cost {
	return cost{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
}

// importInProcess imports the CSV at path into a fresh, migrated SQLite
// file and returns the cost of reading and importing (migration excluded).
func importInProcess(tb testing.TB, path string) cost {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(tb.TempDir(), "wikicities.db"))
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	start, startCPU := time.Now(), selfCPU()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	batch, err := csvimport.Read(f, "twin_cities.csv", false)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := importer.Import(ctx, db, batch, importer.Options{}); err != nil {
		tb.Fatal(err)
	}
	return cost{wall: time.Since(start), cpu: selfCPU() - startCPU}
}

// sqliteImport runs the sqlite3 shell's .import of the CSV into a bare
// table of a fresh file and returns the cost of the process.
func sqliteImport(tb testing.TB, sqlite3, path string) cost {
	tb.Helper()
	cmd := exec.Command(sqlite3, filepath.Join(tb.TempDir(), "bare.db"))
	cmd.Stdin = strings.NewReader(".mode csv\n.import " + path + " twin_cities\n")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("sqlite3 .import: %v\n%s", err, out)
	}
	return processCost(cmd, time.Since(start))
}

// schemaLoad prepares the sqlite3 shell's load of the very rows our import
// writes (cities, labels, twin links) into our schema, in C: it imports
// path with bin, exports those tables as CSV and writes the script that
// creates the tables, .imports the files and builds the same indexes in one
// transaction. It returns the script; sqliteLoad times it.
func schemaLoad(tb testing.TB, sqlite3, bin, path string) string {
	tb.Helper()
	dir := tb.TempDir()
	if out, err := exec.Command(bin, "import", "csv", path, "--data-dir", dir).CombinedOutput(); err != nil {
		tb.Fatalf("wikicities import: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "wikicities.db")
	tables := []string{"cities", "city_labels", "twin_links"}
	var create, indexes strings.Builder
	script := "BEGIN;\n.mode csv\n"
	for _, t := range tables {
		out, err := exec.Command(sqlite3, "-csv", db, "SELECT * FROM "+t).Output()
		if err != nil {
			tb.Fatalf("sqlite3 export of %s: %v", t, err)
		}
		file := filepath.Join(dir, t+".csv")
		if err := os.WriteFile(file, out, 0o644); err != nil {
			tb.Fatal(err)
		}
		schema, err := exec.Command(sqlite3, db, ".schema "+t).Output()
		if err != nil {
			tb.Fatalf("sqlite3 .schema %s: %v", t, err)
		}
		for _, stmt := range strings.SplitAfter(string(schema), ";\n") {
			if strings.HasPrefix(stmt, "CREATE INDEX") {
				indexes.WriteString(stmt)
			} else {
				// An empty CSV cell is '', not NULL: qid's uniqueness is
				// checked by an index after the NULLs are back.
				create.WriteString(strings.Replace(stmt, "qid         TEXT UNIQUE", "qid         TEXT", 1))
			}
		}
		script += ".import " + file + " " + t + "\n"
	}
	script = create.String() + script + "UPDATE cities SET qid = NULL WHERE qid = '';\nCREATE UNIQUE INDEX cities_qid ON cities (qid);\n" +
		indexes.String() + "COMMIT;\n"
	return script
}

// sqliteLoad runs a schemaLoad script into a fresh file and returns the
// cost of the process.
func sqliteLoad(tb testing.TB, sqlite3, script string) cost {
	tb.Helper()
	cmd := exec.Command(sqlite3, filepath.Join(tb.TempDir(), "schema.db"))
	cmd.Stdin = strings.NewReader(script)
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		tb.Fatalf("sqlite3 load of our rows: %v\n%s", err, out)
	}
	return processCost(cmd, time.Since(start))
}

// binaryImport runs `wikicities import csv` into a fresh data directory
// and returns the cost of the process (open and migration included).
func binaryImport(tb testing.TB, bin, path string) cost {
	tb.Helper()
	cmd := exec.Command(bin, "import", "csv", path, "--data-dir", tb.TempDir())
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("wikicities import: %v\n%s", err, out)
	}
	return processCost(cmd, time.Since(start))
}

// BenchmarkImportCSV compares importing the real world dataset into a
// fresh SQLite store with the sqlite3 shell's .import of the same file into
// a bare table (no resolution, no indexes): ours/sqlite3, target at most 3
// (issue 16: 5). A third row has the sqlite3 shell (C) load the very rows
// our import writes into our schema and build the same indexes: the floor
// of the writes themselves, without our resolution or the pure-Go driver.
func BenchmarkImportCSV(b *testing.B) {
	path := realdata.TwinCitiesCSV(b)
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("sqlite3 is not installed (scripts/test-deps.sh installs it)")
	}
	bin := buildBinary(b)
	script := schemaLoad(b, sqlite3, bin, path)
	var ours, theirs, binary, schema []cost
	for range b.N {
		for range rounds {
			theirs = append(theirs, sqliteImport(b, sqlite3, path))
			schema = append(schema, sqliteLoad(b, sqlite3, script))
			ours = append(ours, importInProcess(b, path))
			binary = append(binary, binaryImport(b, bin, path))
		}
	}
	wall := func(cs []cost) time.Duration {
		return median(mapCost(cs, func(c cost) time.Duration { return c.wall }))
	}
	cpu := func(cs []cost) time.Duration { return median(mapCost(cs, func(c cost) time.Duration { return c.cpu })) }
	o, s, bi := cpu(ours), cpu(theirs), cpu(binary)
	b.ReportMetric(ms(o), "cpu-ms/import")
	b.ReportMetric(ms(s), "sqlite3-cpu-ms/import")
	b.ReportMetric(float64(o)/float64(s), "ours/sqlite3")
	b.ReportMetric(float64(bi)/float64(s), "binary/sqlite3")
	b.ReportMetric(float64(o)/float64(cpu(schema)), "ours/sqlite3-same-rows")
	fmt.Printf("\nimport of %s, median of %d (CPU = user+system; wall depends on the machine's load):\n", filepath.Base(path), rounds)
	fmt.Printf("  %-44s %9s %9s %13s %13s\n", "", "CPU ms", "wall ms", "CPU ratio", "wall ratio")
	row := func(name string, cs []cost) {
		fmt.Printf("  %-44s %9.1f %9.1f %12.2fx %12.2fx\n", name, ms(cpu(cs)), ms(wall(cs)),
			float64(cpu(cs))/float64(cpu(theirs)), float64(wall(cs))/float64(wall(theirs)))
	}
	row("sqlite3 .import into a bare table", theirs)
	row("sqlite3 (C) loading our rows, schema, indexes", schema)
	row("wikicities, in process (read+resolve+write)", ours)
	row("wikicities import csv (process, +migrate)", binary)
}

func mapCost(cs []cost, f func(cost) time.Duration) []time.Duration {
	out := make([]time.Duration, len(cs))
	for i, c := range cs {
		out[i] = f(c)
	}
	return out
}

var builtBinary string

// buildBinary builds cmd/wikicities once per run.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	if builtBinary != "" {
		return builtBinary
	}
	dir, err := os.MkdirTemp("", "wikicities-bench")
	if err != nil {
		tb.Fatal(err)
	}
	bin := filepath.Join(dir, "wikicities")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/wikicities/wikicities/cmd/wikicities")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	builtBinary = bin
	return bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBinary != "" {
		os.RemoveAll(filepath.Dir(builtBinary))
	}
	os.Exit(code)
}
